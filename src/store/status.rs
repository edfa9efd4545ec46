//! What a status bar and the alarms read: the board's counts plus how
//! many unanswered escalations are within their severity's alarm mark.
//! Only the trigger-kept totals and ranges of the board index are read,
//! so the cost does not grow with the store.

use chrono::{DateTime, Duration, Utc};

use super::engine::Sql;
use super::{Result, Store, ts};

impl Store {
    /// Unanswered escalations not yet breached with no more than `marks`
    /// (S1 first) left to respond.
    pub fn due_within_marks(&self, now: DateTime<Utc>, marks: [Duration; 5]) -> Result<usize> {
        let secs = marks.map(|m| m.num_seconds().max(0));
        let widest = secs.iter().copied().max().unwrap_or(0);
        // The range on the board index bounds the rows read; the CASE then
        // keeps each severity to its own mark.
        self.db().query_row(
            "SELECT COUNT(*) FROM escalations
             WHERE open_rank = 0 AND deadline >= ?1 AND deadline <= ?1 + ?2
               AND deadline <= ?1 + CASE severity
                   WHEN 1 THEN ?3 WHEN 2 THEN ?4 WHEN 3 THEN ?5 WHEN 4 THEN ?6
                   ELSE ?7 END",
            crate::sql_args![ts(now), widest, secs[0], secs[1], secs[2], secs[3], secs[4]],
            |r| r.get(0),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::domain::Severity;

    #[test]
    fn each_severity_is_held_to_its_own_mark() {
        each_engine("each_severity_is_held_to_its_own_mark", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            // S1 due at +15m, S3 at +3h, reported at t0.
            s.add_escalation(&new_esc("T-1", Severity::S1, t0()), actor(t0()))
                .unwrap();
            s.add_escalation(&new_esc("T-3", Severity::S3, t0()), actor(t0()))
                .unwrap();
            let marks = Severity::ALL.map(|sev| sev.response_target() / 5);
            let at = |mins| t0() + chrono::Duration::minutes(mins);
            let due = |mins| s.due_within_marks(at(mins), marks).unwrap();
            assert_eq!(due(0), 0);
            assert_eq!(due(12), 1, "S1 with its fifth (3m) left");
            assert_eq!(due(15), 1, "at the deadline it is due, not yet breached");
            assert_eq!(due(16), 0, "breached is counted apart");
            assert_eq!(due(143), 0);
            assert_eq!(due(144), 1, "S3 with 36m left");
        });
    }
}
