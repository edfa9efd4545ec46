//! The board header's counts: totals kept by triggers, and the counts the
//! clock changes (breached, due within the hour, paused too long), which
//! the board takes only up to a cap so that they cost the same with
//! 100,000 open escalations as with 1,500.

use chrono::{DateTime, Utc};

use super::escalations::severity_at;
use super::{Result, Store, count_at, from_ts, ts};
use crate::domain::tally::Tally;

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
        let mut stmt = self
            .lite()?
            .prepare_cached("SELECT open_rank, severity, n FROM open_counts WHERE n > 0")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let rank: i64 = r.get(0)?;
            let sev = severity_at(r, 1)?;
            let n = count_at(r, 2)?;
            counts.open += n;
            counts.per_severity[sev.number() as usize - 1] += n;
            match rank {
                0 => counts.awaiting += n,
                2 => counts.paused += n,
                _ => {}
            }
        }
        // SQLite reads a negative LIMIT as none.
        let limit = cap.map_or(-1, |c| i64::try_from(c).map_or(i64::MAX, |c| c + 1));
        let tally = |n: usize| cap.map_or(Tally::exact(n), |c| Tally::upto(n, c));
        let range = |rows: &str, at: i64| -> Result<Tally> {
            let sql = format!("SELECT COUNT(*) FROM (SELECT 1 FROM escalations {rows} LIMIT ?2)");
            let n = self
                .lite()?
                .prepare_cached(&sql)?
                .query_row([at, limit], |r| count_at(r, 0))?;
            Ok(tally(n))
        };
        counts.breached = range("WHERE open_rank = 0 AND deadline < ?1", now_s)?;
        counts.due_within_hour = range(
            "WHERE open_rank = 0 AND deadline >= ?1 AND deadline < ?1 + 3600",
            now_s,
        )?;
        let earliest = |sql: &str, at: i64| -> Result<Option<i64>> {
            Ok(self
                .lite()?
                .prepare_cached(sql)?
                .query_row([at], |r| r.get(0))?)
        };
        // A deadline at `now` breaches one second later; one an hour and a
        // second away enters the hour one second later.
        let next_breach = earliest(
            "SELECT MIN(deadline) FROM escalations WHERE open_rank = 0 AND deadline >= ?1",
            now_s,
        )?;
        let next_due = earliest(
            "SELECT MIN(deadline) FROM escalations WHERE open_rank = 0 AND deadline >= ?1 + 3600",
            now_s,
        )?;
        // Waiting longer than the desk allows: flagged one second past the
        // limit, counted on the paused ones' own index.
        let flag = self.rules.pause_flag_after.num_seconds();
        let mut next_flag = None;
        if counts.paused > 0 {
            counts.paused_flagged = range(
                "INDEXED BY escalations_paused WHERE open_rank = 2 AND paused_at < ?1",
                now_s - flag,
            )?;
            next_flag = earliest(
                "SELECT MIN(paused_at) FROM escalations INDEXED BY escalations_paused
                 WHERE open_rank = 2 AND paused_at >= ?1",
                now_s - flag,
            )?;
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
