//! The other screens' idle ticks: on the detail, the pipeline, the
//! notices, a notice's ledger and the customer view a tick that moved
//! only the clock rewrites just the lines or cells that count (or
//! nothing), and the terminal then holds, cell for cell, the frame drawn
//! whole; a real change still draws whole.

use chrono::{DateTime, Duration, TimeZone, Utc};
use crossterm::event::KeyCode;
use ratatui::buffer::Buffer;

use super::tests::{Screen, each_size_and_theme, turning_desk, whole_frame};
use crate::app::model::Screen as Shown;
use crate::app::test_harness::{Harness, notice_desk, notice_now};
use crate::ui::Theme;

/// A row of a frame as text.
fn row_text(buf: &Buffer, y: u16) -> String {
    (0..buf.area.width).map(|x| buf[(x, y)].symbol()).collect()
}

/// One tick to `now` as the event loop paints it: the rows whose cells
/// it changed on the terminal, or `None` where it drew the frame whole.
/// Either way the terminal then holds the frame drawn whole.
fn tick(s: &mut Screen, now: DateTime<Utc>) -> Option<Vec<u16>> {
    let before = s.t.backend().buffer().clone();
    s.h.m.now = now;
    let patched = s.p.clocks(&mut s.t, &s.h.m, &s.theme).unwrap();
    if !patched {
        s.p.whole(&mut s.t, &s.h.m, &s.theme).unwrap();
    }
    let after = s.t.backend().buffer();
    assert_eq!(after, &whole_frame(&s.h.m, &s.theme), "at {now}");
    let mut rows: Vec<u16> = before
        .content
        .iter()
        .zip(&after.content)
        .enumerate()
        .filter(|(_, (a, b))| a != b)
        .map(|(i, _)| after.pos_of(i).1)
        .collect();
    rows.dedup();
    patched.then_some(rows)
}

/// Ticks a second at a time for `secs` seconds from `from`; each must be
/// painted over the last frame, changing only row 0 (the header's clock)
/// and rows that `moves` accepts (by row and text). Returns how many
/// ticks changed anything below the header.
fn idle(
    s: &mut Screen,
    from: DateTime<Utc>,
    secs: i64,
    moves: impl Fn(u16, &str) -> bool,
) -> usize {
    let mut below = 0;
    for k in 1..=secs {
        let rows = tick(s, from + Duration::seconds(k));
        let rows = rows.unwrap_or_else(|| panic!("{k} s on: drawn whole"));
        let buf = s.t.backend().buffer();
        for &y in rows.iter().filter(|&&y| y > 0) {
            let text = row_text(buf, y);
            assert!(moves(y, &text), "{k} s on, row {y} changed: {text:?}");
        }
        below += usize::from(rows.iter().any(|&y| y > 0));
    }
    below
}

/// The first row of `s`'s frame whose text starts with `start`.
fn row_starting(s: &Screen, start: &str) -> Option<u16> {
    let buf = s.t.backend().buffer();
    (0..buf.area.height).find(|&y| row_text(buf, y).starts_with(start))
}

#[test]
fn the_detail_repaints_only_its_clock_lines() {
    each_size_and_theme(|w, ht, theme| {
        let (mut h, from) = turning_desk(w, ht);
        h.key(KeyCode::Enter);
        assert!(matches!(h.m.screen, Shown::Detail(_)), "{w}x{ht}");
        let mut s = Screen::new(h, theme);
        // The clock's line and the follow-up clocks under it (wrapped,
        // a few rows more).
        let clock = row_starting(&s, " clock").expect("the clock's line");
        let head = |y: u16, _: &str| (clock..clock + 8).contains(&y);
        // Its countdown shows seconds: every tick rewrites it.
        assert_eq!(idle(&mut s, from, 4, head), 4, "{w}x{ht}");
        // Scrolling is a change: drawn whole, and painted over after it.
        s.h.key(KeyCode::Down);
        s.whole();
        tick(&mut s, from + Duration::seconds(5));
    });
}

#[test]
fn a_detail_scrolled_past_its_clocks_paints_only_the_header() {
    let (mut h, from) = turning_desk(80, 24);
    h.key(KeyCode::Enter);
    let Shown::Detail(d) = &mut h.m.screen else {
        panic!("the detail did not open")
    };
    // A long description, scrolled to: the head is out of sight.
    let file = d.loaded.as_mut().expect("the detail is read");
    file.escalation.description = "line\n".repeat(60);
    d.generation += 1;
    d.scroll = 30;
    let mut s = Screen::new(h, &Theme::new(true));
    assert_eq!(row_starting(&s, " clock"), None, "scrolled past");
    assert_eq!(idle(&mut s, from, 3, |_, _| false), 0);
}

#[test]
fn the_pipeline_repaints_only_the_ages_that_turn() {
    for theme in [Theme::new(true), Theme::new(false).with_ascii(true)] {
        let (h, from) = pipeline_desk();
        let mut s = Screen::new(h, &theme);
        let turned = idle(&mut s, from, 4, |_, t| t.contains("Acme"));
        assert_eq!(turned, 1, "only the second the first card's age turns");
    }
}

/// Three requirements on the pipeline at 120x30, two seconds before the
/// first card's age turns from 2d23h to 3d00h (it came in three days
/// before t0).
fn pipeline_desk() -> (Harness, DateTime<Utc>) {
    let mut h = Harness::with_requirements(3);
    (h.m.width, h.m.height) = (120, 30);
    let from = crate::store::test_support::t0() - Duration::seconds(2);
    h.m.now = from;
    h.keys("p");
    assert_eq!(h.m.pipeline.data.lanes[0].cards.len(), 3);
    (h, from)
}

#[test]
fn the_notices_repaint_only_their_countdowns() {
    each_size_and_theme(|w, ht, theme| {
        let (mut h, from) = turning_desk(w, ht);
        h.keys("n");
        assert!(h.m.notices.loaded);
        let mut s = Screen::new(h, theme);
        // Three incidents' update countdowns show seconds.
        let records = |_: u16, t: &str| t.contains("INC-");
        assert_eq!(idle(&mut s, from, 4, records), 4, "{w}x{ht}");
        // The selection moves: drawn whole, painted over after it.
        s.h.key(KeyCode::Down);
        s.whole();
        idle(&mut s, from + Duration::seconds(4), 2, records);
    });
}

#[test]
fn a_ledger_repaints_only_the_next_try() {
    for (w, ht) in [(160, 40), (100, 30)] {
        let mut s = Screen::new(ledger_desk(w, ht), &Theme::new(true));
        let next = |_: u16, t: &str| t.contains("next try");
        assert_eq!(idle(&mut s, notice_now(), 4, next), 4, "{w}x{ht}");
    }
}

/// A notice's ledger at `width`x`height` with the delivery selected that
/// failed at `notice_now()` and is to be tried again.
fn ledger_desk(width: u16, height: u16) -> Harness {
    let mut h = Harness::wide(notice_desk());
    (h.m.width, h.m.height) = (width, height);
    h.notice_with_a_failed_delivery("421 try again later", false);
    h.key(KeyCode::Enter);
    let Shown::Ledger(l) = &h.m.screen else {
        panic!("the ledger did not open")
    };
    let d = l.loaded.as_ref().expect("the ledger is read");
    let failed = d
        .deliveries
        .iter()
        .position(|r| r.next_attempt_at.is_some());
    // Selected, so that the foot shows it in full.
    for _ in 0..failed.expect("a retry is due") {
        h.key(KeyCode::Down);
    }
    h.m.now = notice_now();
    h
}

#[test]
fn the_customer_view_paints_nothing_but_the_header_until_the_day_turns() {
    let mut h = Harness::new(3);
    (h.m.width, h.m.height) = (120, 30);
    h.keys("c");
    assert!(matches!(h.m.screen, Shown::Customer(_)));
    let local = h.m.now.with_timezone(&h.m.tz).date_naive();
    let midnight = local.succ_opt().unwrap().and_hms_opt(0, 0, 0).unwrap();
    let midnight = h.m.tz.from_local_datetime(&midnight).single().unwrap();
    let midnight = midnight.with_timezone(&Utc);
    let mut s = Screen::new(h, &Theme::new(true));
    let from = s.h.m.now;
    assert_eq!(idle(&mut s, from, 61, |_, _| false), 0);
    // The new day is what the view is read against: drawn whole once.
    assert_eq!(s.tick_along(midnight - Duration::seconds(2), 3), 2);
}
