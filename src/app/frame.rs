//! Whether the clock's tick needs a frame. A frame is drawn when
//! something shown changed: a key, a store reply, a resize (those mark the
//! model dirty themselves), or a text that moves with time turning over.
//! On the board that text is the header's minute, the clocks of the rows
//! on screen, the incident countdowns above them and the quota pane's
//! refill, worded by `board::clocks` exactly as the views word them; an
//! idle board whose clocks all read in minutes draws about once a minute
//! instead of every second. On other screens (a detail's countdown, the
//! pipeline's ages, a ledger's next attempt) every tick counts as moved.
//! Such a tick marks `clock_moved`, not `dirty`: the runtime then rewords
//! only the clocks the last frame recorded and writes the cells of those
//! that changed (none, where none did), or draws whole on a screen whose
//! clocks are not recorded (`ui::clock_cells`).

use std::hash::{DefaultHasher, Hash, Hasher};

use super::board::clocks;
use super::model::{Model, QUOTA_PANE_WIDTH, Screen};

/// A digest of every time-moved text on the screen shown: equal digests
/// mean the frame would come out the same.
pub fn face(m: &Model) -> u64 {
    let mut h = DefaultHasher::new();
    clocks::header_clock(m).hash(&mut h);
    match m.screen {
        // A failed read's banner counts its age every second.
        Screen::Board if m.board.error.is_none() => board_face(m, &mut h),
        _ => m.now.hash(&mut h),
    }
    h.finish()
}

fn board_face(m: &Model, h: &mut DefaultHasher) {
    let b = &m.board;
    let start = b.scroll_top.saturating_sub(b.page.first_position);
    let width = if m.side_by_side() {
        m.width.saturating_sub(QUOTA_PANE_WIDTH)
    } else {
        m.width
    };
    let next = clocks::next_column_shown(width, m);
    for r in b.page.rows.iter().skip(start).take(m.board_rows()) {
        clocks::clock(r, m).hash(h);
        if next {
            clocks::next(r, m).hash(h);
        }
    }
    for i in m.updates_due.shown().take(m.countdown_rows().into()) {
        clocks::update_due(i, m.now).hash(h);
    }
    clocks::refill(m).hash(h);
}

/// The tick moved the clock to `m.now`: a frame is due when what it shows
/// is not what was last drawn. Then the clocks are drawn for this face
/// (`drawn` takes it as it is unless something else changed too).
pub fn tick_needs_frame(m: &mut Model) -> bool {
    let now = Some(face(m));
    let moved = m.drawn_face != now;
    if moved {
        m.drawn_face = now;
    }
    moved
}

/// A frame was drawn from `m`: remember what it showed. After a tick that
/// moved only the clock, that is the face the tick worked out.
pub fn drawn(m: &mut Model) {
    if m.dirty || m.drawn_face.is_none() {
        m.drawn_face = Some(face(m));
    }
    m.dirty = false;
    m.clock_moved = false;
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Duration, Utc};

    use super::*;
    use crate::app::msg::Msg;
    use crate::app::test_harness::Harness;
    use crate::domain::Severity;
    use crate::store::test_support::{actor, new_esc};

    /// Ticks each second from `from` for `secs` seconds, drawing whenever
    /// the model asks; returns the seconds (after `from`) that drew.
    fn frames(h: &mut Harness, from: DateTime<Utc>, secs: i64) -> Vec<i64> {
        let mut drew = Vec::new();
        for s in 1..=secs {
            let now = from + Duration::seconds(s);
            h.clock.set(now);
            let fx = h.send(Msg::Tick(now));
            h.run(fx);
            if h.m.needs_frame() {
                drawn(&mut h.m);
                drew.push(s);
            }
        }
        drew
    }

    /// As another process would: the board learns of it from the store.
    fn add_s1_ten_minutes_from_its_deadline(h: &mut Harness) {
        let at = h.m.now - Duration::minutes(5);
        h.store
            .add_escalation(&new_esc("T900", Severity::S1, at), actor(at))
            .unwrap();
        let fx = h.send(Msg::StoreChanged);
        h.run(fx);
    }

    #[test]
    fn a_board_whose_clocks_read_in_minutes_draws_when_a_minute_turns() {
        // One S3 due at t0 + 3h, seen at t0 + 30m: "2h30m" left.
        let mut h = Harness::new(1);
        let from = h.m.now;
        drawn(&mut h.m);
        assert!(!tick_needs_frame(&mut h.m), "nothing moved yet");
        let drew = frames(&mut h, from, 180);
        // The row's minute turns one second past each header minute
        // (its deadline is on a whole minute), and the header's on it.
        assert_eq!(drew, vec![1, 60, 61, 120, 121, 180], "drew at {drew:?}");
    }

    #[test]
    fn a_countdown_under_an_hour_draws_every_second() {
        let mut h = Harness::new(0);
        add_s1_ten_minutes_from_its_deadline(&mut h);
        let from = h.m.now;
        drawn(&mut h.m);
        assert_eq!(frames(&mut h, from, 30), (1..=30).collect::<Vec<_>>());
    }

    #[test]
    fn a_clock_scrolled_off_the_screen_draws_nothing() {
        // 30 rows in minutes and one S1 under an hour, which sorts first;
        // at the bottom of the board it is off the screen.
        let mut h = Harness::new(30);
        add_s1_ten_minutes_from_its_deadline(&mut h);
        assert_eq!(h.m.board.page.rows[0].ticket_no, "T900");
        h.key(crossterm::event::KeyCode::End);
        assert!(h.m.board.scroll_top > 0);
        let from = h.m.now;
        drawn(&mut h.m);
        let drew = frames(&mut h, from, 59);
        assert!(drew.len() <= 3, "drew at {drew:?}");
    }

    #[test]
    fn other_screens_are_looked_at_every_second() {
        let mut h = Harness::new(1);
        h.m.screen = Screen::Notices;
        let from = h.m.now;
        drawn(&mut h.m);
        assert_eq!(frames(&mut h, from, 5), vec![1, 2, 3, 4, 5]);
    }
}
