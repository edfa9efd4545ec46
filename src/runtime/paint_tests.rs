//! A frame whose clocks were rewritten over the last one is, cell for
//! cell, the frame drawn whole at the same time: across countdowns that
//! change width (10m00s to 9m59s, 1h00m to 59m59s), a breach, an update
//! countdown turning urgent, the selected row, the quota pane and the
//! follow-up column, and in the ASCII theme.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use super::Painter;
use crate::app::Model;
use crate::app::msg::Msg;
use crate::app::test_harness::{Harness, notice_desk};
use crate::domain::Severity;
use crate::domain::incident::{IncidentKind, NewIncident};
use crate::store::test_support::{actor, new_esc};
use crate::ui::Theme;

/// The model drawn whole on a fresh terminal of its size.
pub(super) fn whole_frame(m: &Model, theme: &Theme) -> Buffer {
    let mut t = Terminal::new(TestBackend::new(m.width, m.height)).unwrap();
    t.draw(|f| crate::ui::draw(f, m, theme))
        .unwrap()
        .buffer
        .clone()
}

/// A desk whose clocks turn over in its next seconds: on the first, an
/// update due in 10m00s and one in 15m00s (which turns urgent); on the
/// second an S1 from 10m00s left and an S3 from 1h00m; on the third an S1
/// reaches its breach. The S1s show follow-up clocks.
pub(super) fn turning_desk(width: u16, height: u16) -> (Harness, DateTime<Utc>) {
    let mut h = Harness::wide(notice_desk());
    let now = h.m.now;
    let at = |secs: i64| now - Duration::seconds(secs);
    for (no, sev, ago) in [
        ("T1", Severity::S1, 5 * 60 - 1),
        ("T2", Severity::S1, 15 * 60 - 2),
        ("T3", Severity::S3, 2 * 3600 - 1),
        ("T4", Severity::S2, 60),
    ] {
        h.store
            .add_escalation(&new_esc(no, sev, at(ago)), actor(at(ago)))
            .unwrap();
    }
    for (title, due) in [("Disk firmware", 10), ("Kernel CVE", 15)] {
        let new = NewIncident {
            title: title.into(),
            kind: IncidentKind::OsVulnerability,
            level: None,
            services: vec!["ECS".into()],
            regions: vec!["cn-north-4".into()],
            guidance: String::new(),
            next_update_due: Some(now + Duration::minutes(due)),
        };
        h.store.add_incident(&new, actor(now)).unwrap();
    }
    h.m.sla.severities[0].update_every = Some(Duration::minutes(30));
    h.m.sla.severities[0].resolve_within = Some(Duration::hours(4));
    h.m.width = width;
    h.m.height = height;
    let fx = h.send(Msg::StoreChanged);
    h.run(fx);
    assert!(h.m.board.page.rows.len() >= 4, "the rows are on the board");
    (h, now)
}

/// A desk on a test terminal, painted as the event loop paints it.
pub(super) struct Screen {
    pub(super) h: Harness,
    pub(super) t: Terminal<TestBackend>,
    pub(super) p: Painter,
    pub(super) theme: Theme,
}

impl Screen {
    /// Drawn whole once.
    pub(super) fn new(h: Harness, theme: &Theme) -> Screen {
        let t = Terminal::new(TestBackend::new(h.m.width, h.m.height)).unwrap();
        let mut s = Screen {
            h,
            t,
            p: Painter::default(),
            theme: theme.clone(),
        };
        s.whole();
        s
    }

    /// Drawn whole; the terminal then holds the whole frame.
    pub(super) fn whole(&mut self) {
        self.p.whole(&mut self.t, &self.h.m, &self.theme).unwrap();
        let whole = whole_frame(&self.h.m, &self.theme);
        assert_eq!(self.t.backend().buffer(), &whole, "at {}", self.h.m.now);
    }

    /// Ticks `secs` seconds on from `from`, painting only the clocks where
    /// the painter can; after each, the terminal holds the whole frame.
    /// Returns how many ticks were painted as clocks only.
    pub(super) fn tick_along(&mut self, from: DateTime<Utc>, secs: i64) -> usize {
        let mut patched = 0;
        for s in 1..=secs {
            let now = from + Duration::seconds(s);
            self.h.m.now = now;
            if self.p.clocks(&mut self.t, &self.h.m, &self.theme).unwrap() {
                patched += 1;
            } else {
                self.p.whole(&mut self.t, &self.h.m, &self.theme).unwrap();
            }
            let whole = whole_frame(&self.h.m, &self.theme);
            assert_eq!(self.t.backend().buffer(), &whole, "at {now}, {s} s on");
        }
        patched
    }
}

pub(super) fn each_size_and_theme(check: impl Fn(u16, u16, &Theme)) {
    for (w, ht) in [(160, 40), (120, 40), (80, 24)] {
        for theme in [Theme::new(true), Theme::new(false).with_ascii(true)] {
            check(w, ht, &theme);
        }
    }
}

#[test]
fn clocks_painted_over_the_last_frame_are_the_whole_frame() {
    each_size_and_theme(|w, ht, theme| {
        let (h, from) = turning_desk(w, ht);
        let patched = Screen::new(h, theme).tick_along(from, 4);
        // The update countdowns change width and colour on the first
        // second (drawn whole); the rows' own changes after it, widths
        // and the breach's colour too, are painted.
        assert_eq!(patched, 3, "{w}x{ht}: {patched} of 4 painted");
    });
}

#[test]
fn a_whole_frame_after_painted_clocks_is_exact() {
    each_size_and_theme(|w, ht, theme| {
        let (h, from) = turning_desk(w, ht);
        let at = |s: i64| from + Duration::seconds(s);
        let mut s = Screen::new(h, theme);
        s.tick_along(at(1), 3);
        // The selection moves: drawn whole, the clocks under it too.
        s.h.key(KeyCode::Down);
        s.whole();
        s.tick_along(at(4), 2);
        // Back to a time whose text ratatui last drew whole: its diff
        // alone would leave the later clocks on screen.
        s.h.m.now = at(4);
        s.whole();
        s.tick_along(at(4), 1);
        s.h.m.now = at(4);
        s.whole();
    });
}

#[test]
fn a_minute_of_the_header_clock_is_painted() {
    // Nothing counts seconds: the header's minute turns, and only it.
    let mut h = Harness::new(3);
    h.m.width = 120;
    h.m.height = 30;
    let from = h.m.now;
    let mut s = Screen::new(h, &Theme::new(true));
    assert_eq!(s.tick_along(from, 61), 61);
}

#[test]
fn screens_without_recorded_clocks_are_drawn_whole() {
    let (h, from) = turning_desk(120, 40);
    let mut s = Screen::new(h, &Theme::new(true));
    // A dialog over the board; the filter being typed (its cursor).
    s.h.key(KeyCode::Char('?'));
    assert!(s.h.m.overlay.is_some());
    s.whole();
    assert_eq!(s.tick_along(from, 2), 0);
    s.h.key(KeyCode::Esc);
    s.h.key(KeyCode::Char('/'));
    assert!(s.h.m.filter.editing);
    s.whole();
    assert_eq!(s.tick_along(from, 2), 0);
}
