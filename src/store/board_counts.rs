//! The board header's counts: totals kept by triggers, and the counts the
//! clock changes (breached, due within the hour, paused too long), which
//! the board takes only up to a cap so that they cost the same with
//! 100,000 open escalations as with 1,500.

use chrono::{DateTime, Utc};

use super::engine::{Dialect, Sql};
use super::{Result, Store, from_ts, ts};
use crate::domain::Severity;
use crate::domain::tally::Tally;
use crate::sql_args;

/// How far the board counts what the clock changes; past it the header
/// says "500+", which asks for the same response as the exact number.
pub const CLOCK_COUNTED: usize = 500;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardCounts {
    pub open: usize,
    pub awaiting: usize,
    /// Waiting on the customer: neither awaiting nor ever breached.
    pub paused: usize,
    /// Paused longer than the desk allows (`[sla] pause_flag_after`).
    pub paused_flagged: Tally,
    pub breached: Tally,
    pub due_within_hour: Tally,
    /// Open escalations per severity, S1 first.
    pub per_severity: [usize; 5],
    /// The next moment a count changes by the clock alone (a deadline
    /// passing, or coming within the hour): the board re-reads then.
    pub next_change: Option<DateTime<Utc>>,
}

impl Store {
    /// Every count exact, for `sredesk status` and scripts.
    pub fn board_counts(&self, now: DateTime<Utc>) -> Result<BoardCounts> {
        self.board_counts_upto(now, None)
    }

    /// Totals from `open_counts` (kept by triggers), then range counts on
    /// the board's indexes that touch only breached, due-soon and
    /// long-paused rows, each stopped one past `cap` when one is given.
    pub fn board_counts_upto(&self, now: DateTime<Utc>, cap: Option<usize>) -> Result<BoardCounts> {
        let now_s = ts(now);
        let mut counts = BoardCounts::default();
        let db = self.db();
        let totals: Vec<(i64, i64, usize)> = db.query_map(
            "SELECT open_rank, severity, n FROM open_counts WHERE n > 0",
            sql_args![],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        for (rank, sev, n) in totals {
            let sev = Severity::from_number(sev).ok_or_else(|| {
                super::StoreError::Corrupt(format!("open_counts: severity {sev}"))
            })?;
            counts.open += n;
            counts.per_severity[sev.number() as usize - 1] += n;
            match rank {
                0 => counts.awaiting += n,
                2 => counts.paused += n,
                _ => {}
            }
        }
        // No cap: a LIMIT no count reaches, which both engines take.
        let limit = cap.map_or(i64::MAX, |c| i64::try_from(c).map_or(i64::MAX, |c| c + 1));
        let tally = |n: usize| cap.map_or(Tally::exact(n), |c| Tally::upto(n, c));
        // A range count stopped one past the cap, as a scalar subquery.
        let within = |rows: &str| {
            format!("(SELECT COUNT(*) FROM (SELECT 1 FROM escalations {rows} LIMIT ?2) AS w)")
        };
        // One statement for what the clock moves, each part on its own
        // index: on PostgreSQL every statement is a round trip to the
        // server, and apart these took 0.8 ms of a 4 ms refresh.
        // A deadline at `now` breaches one second later; one an hour and
        // a second away enters the hour one second later.
        let sql = format!(
            "SELECT {}, {},
                 (SELECT MIN(deadline) FROM escalations WHERE open_rank = 0 AND deadline >= ?1),
                 (SELECT MIN(deadline) FROM escalations
                  WHERE open_rank = 0 AND deadline >= ?1 + 3600)",
            within("WHERE open_rank = 0 AND deadline < ?1"),
            within("WHERE open_rank = 0 AND deadline >= ?1 AND deadline < ?1 + 3600"),
        );
        let (breached, due, next_breach, next_due): (usize, usize, Option<i64>, Option<i64>) =
            db.query_row(&sql, sql_args![now_s, limit], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
        counts.breached = tally(breached);
        counts.due_within_hour = tally(due);
        // Waiting longer than the desk allows: flagged one second past the
        // limit, counted on the paused ones' own index.
        let flag = self.rules.pause_flag_after.num_seconds();
        let mut next_flag = None;
        if counts.paused > 0 {
            let paused = db.engine().indexed_by("escalations_paused");
            let sql = format!(
                "SELECT {},
                     (SELECT MIN(paused_at) FROM escalations {paused}
                      WHERE open_rank = 2 AND paused_at >= ?1)",
                within(&format!("{paused} WHERE open_rank = 2 AND paused_at < ?1")),
            );
            let (flagged, next): (usize, Option<i64>) =
                db.query_row(&sql, sql_args![now_s - flag, limit], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })?;
            counts.paused_flagged = tally(flagged);
            next_flag = next;
        }
        let candidates = [
            next_breach.map(|d| d + 1),
            next_due.map(|d| d - 3599),
            next_flag.map(|p| p + flag + 1),
        ];
        counts.next_change = candidates
            .into_iter()
            .flatten()
            .min()
            .map(from_ts)
            .transpose()?;
        Ok(counts)
    }
}
