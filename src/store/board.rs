//! The board's window onto the open escalations.
//!
//! The board never reads the whole list: it asks for a few screens of rows
//! around one escalation (keyset paging on the `escalations_board` index)
//! plus the header counts, so a refresh costs the same on a store of ten
//! thousand tickets as on one of a million.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params_from_iter};

use super::board_filter::{FROM, Matching};
use super::escalations::severity_at;
use super::{Result, Store, count_at, from_ts, parse_word, ts};
use crate::domain::{EscalationKind, EscalationState, Severity};

/// A row's place in board order: unanswered first, then by deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct BoardKey {
    pub rank: i64,
    pub deadline: i64,
    pub id: i64,
}

/// What the board shows of one escalation: no description, which may be
/// long and is only needed in the detail view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardRow {
    pub id: i64,
    pub customer: String,
    pub ticket_no: String,
    pub title: String,
    pub kind: EscalationKind,
    pub severity: Severity,
    pub state: EscalationState,
    pub assignee: Option<String>,
    pub reported_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub responded_at: Option<DateTime<Utc>>,
    pub response_met: Option<bool>,
    pub key: BoardKey,
}

/// Where the window should sit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Anchor {
    Top,
    Bottom,
    /// On this escalation if it is still on the board (and matches the
    /// filter); otherwise where it used to be, which lands on its neighbour.
    Ticket {
        id: i64,
        key: BoardKey,
    },
    /// At this place in the board order, whatever is there now: after an
    /// acknowledgement moves its escalation down, the next unanswered one.
    Place(BoardKey),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardQuery {
    /// Matched against title, ticket number, customer and assignee.
    pub filter: Option<String>,
    pub anchor: Anchor,
    /// Rows wanted above and from the anchor.
    pub before: usize,
    pub after: usize,
    pub now: DateTime<Utc>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardCounts {
    pub open: usize,
    pub awaiting: usize,
    pub breached: usize,
    pub due_within_hour: usize,
    /// Open escalations per severity, S1 first.
    pub per_severity: [usize; 5],
    /// The next moment a count changes by the clock alone (a deadline
    /// passing, or coming within the hour): the board re-reads then.
    pub next_change: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardPage {
    pub rows: Vec<BoardRow>,
    /// Index in `rows` of the anchor row (the one to select).
    pub anchor_index: usize,
    /// Position of `rows[0]` in the whole (filtered) board, from 0.
    pub first_position: usize,
    /// How many escalations match the filter.
    pub total: usize,
    pub counts: BoardCounts,
}

const ROW_COLUMNS: &str = "e.id, c.name, e.ticket_no, e.title, e.kind, e.severity, e.state, \
    e.assignee, e.reported_at, e.deadline, e.responded_at, e.response_met, e.open_rank";

fn row_from_sql(r: &Row<'_>) -> rusqlite::Result<BoardRow> {
    let id = r.get(0)?;
    let deadline: i64 = r.get(9)?;
    Ok(BoardRow {
        id,
        customer: r.get(1)?,
        ticket_no: r.get(2)?,
        title: r.get(3)?,
        kind: parse_word(r, 4)?,
        severity: severity_at(r, 5)?,
        state: parse_word(r, 6)?,
        assignee: r.get(7)?,
        reported_at: from_ts(r.get(8)?)?,
        deadline: from_ts(deadline)?,
        responded_at: r.get::<_, Option<i64>>(10)?.map(from_ts).transpose()?,
        response_met: r.get(11)?,
        key: BoardKey {
            rank: r.get(12)?,
            deadline,
            id,
        },
    })
}

/// The clause plus a keyset comparison against `key`.
fn with_key(m: &Matching, op: &str, key: BoardKey) -> (String, Vec<Value>) {
    let n = m.args.len();
    let sql = format!(
        "{} AND (e.open_rank, e.deadline, e.id) {op} (?{}, ?{}, ?{})",
        m.sql,
        n + 1,
        n + 2,
        n + 3
    );
    let mut args = m.args.clone();
    args.extend([key.rank, key.deadline, key.id].map(Value::Integer));
    (sql, args)
}

impl Store {
    pub fn board(&self, q: &BoardQuery) -> Result<BoardPage> {
        // One read transaction: counts, rows and positions all come from
        // the same snapshot, whatever other processes commit meanwhile.
        let snapshot = self.conn.unchecked_transaction()?;
        let page = self.board_in_snapshot(q);
        snapshot.finish()?;
        page
    }

    fn board_in_snapshot(&self, q: &BoardQuery) -> Result<BoardPage> {
        let m = Matching::new(q.filter.as_deref());
        let counts = self.board_counts(q.now)?;
        let total = if m.args.is_empty() {
            counts.open
        } else {
            self.count(&m, &m.sql, m.args.clone())?
        };
        let key = match &q.anchor {
            Anchor::Top => None,
            Anchor::Bottom => {
                // A whole window above the last row, so PgUp from the
                // bottom moves a full screen before the next read.
                let above = self.rows(&m, None, (q.before + q.after).max(1), true)?;
                let first_position = total.saturating_sub(above.len());
                let rows: Vec<_> = above.into_iter().rev().collect();
                return Ok(BoardPage {
                    anchor_index: rows.len().saturating_sub(1),
                    rows,
                    first_position,
                    total,
                    counts,
                });
            }
            Anchor::Ticket { id, key } => Some(self.current_key(&m, *id)?.unwrap_or(*key)),
            Anchor::Place(key) => Some(*key),
        };
        let (above, position) = match key {
            Some(k) => {
                let above = self.rows(&m, Some(("<", k)), q.before, true)?;
                let (sql, args) = with_key(&m, "<", k);
                (above, self.count(&m, &sql, args)?)
            }
            None => (Vec::new(), 0),
        };
        let mut below = self.rows(&m, key.map(|k| (">=", k)), q.after.max(1), false)?;
        let mut above: Vec<_> = above.into_iter().rev().collect();
        // Anchored past the last row (its ticket left the bottom): show the
        // end of the board with the last row selected.
        let anchor_index = if below.is_empty() {
            above.len().saturating_sub(1)
        } else {
            above.len()
        };
        let first_position = position.saturating_sub(above.len());
        above.append(&mut below);
        Ok(BoardPage {
            rows: above,
            anchor_index,
            first_position,
            total,
            counts,
        })
    }

    /// The key of an escalation if it is on the board and matches.
    fn current_key(&self, m: &Matching, id: i64) -> Result<Option<BoardKey>> {
        let n = m.args.len() + 1;
        let sql = format!(
            "SELECT e.open_rank, e.deadline {} WHERE {} AND e.id = ?{n}",
            m.from(),
            m.sql
        );
        let mut args = m.args.clone();
        args.push(Value::Integer(id));
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(args), |r| {
                Ok(BoardKey {
                    rank: r.get(0)?,
                    deadline: r.get(1)?,
                    id,
                })
            })
            .optional()?)
    }

    fn rows(
        &self,
        m: &Matching,
        from: Option<(&str, BoardKey)>,
        limit: usize,
        descending: bool,
    ) -> Result<Vec<BoardRow>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let (clause, mut args) = match from {
            Some((op, key)) => with_key(m, op, key),
            None => (m.sql.clone(), m.args.clone()),
        };
        let dir = if descending { "DESC" } else { "ASC" };
        args.push(Value::Integer(limit as i64));
        let sql = format!(
            "SELECT {ROW_COLUMNS} {FROM} WHERE {clause}
             ORDER BY e.open_rank {dir}, e.deadline {dir}, e.id {dir} LIMIT ?{}",
            args.len()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), row_from_sql)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn count(&self, m: &Matching, clause: &str, args: Vec<Value>) -> Result<usize> {
        let sql = format!("SELECT COUNT(*) {} WHERE {clause}", m.from());
        Ok(self
            .conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(args), |r| count_at(r, 0))?)
    }

    /// Totals from `open_counts` (kept by triggers), then two range counts
    /// on the board index that touch only breached and due-soon rows.
    pub fn board_counts(&self, now: DateTime<Utc>) -> Result<BoardCounts> {
        let now_s = ts(now);
        let mut counts = BoardCounts::default();
        let mut stmt = self
            .conn
            .prepare_cached("SELECT open_rank, severity, n FROM open_counts WHERE n > 0")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let rank: i64 = r.get(0)?;
            let sev = severity_at(r, 1)?;
            let n = count_at(r, 2)?;
            counts.open += n;
            counts.per_severity[sev.number() as usize - 1] += n;
            if rank == 0 {
                counts.awaiting += n;
            }
        }
        let range = |sql: &str| -> Result<usize> {
            Ok(self
                .conn
                .prepare_cached(sql)?
                .query_row([now_s], |r| count_at(r, 0))?)
        };
        counts.breached =
            range("SELECT COUNT(*) FROM escalations WHERE open_rank = 0 AND deadline < ?1")?;
        counts.due_within_hour = range(
            "SELECT COUNT(*) FROM escalations
             WHERE open_rank = 0 AND deadline >= ?1 AND deadline < ?1 + 3600",
        )?;
        // A deadline at `now` breaches one second later; one an hour and a
        // second away enters the hour one second later.
        let next_breach: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT MIN(deadline) FROM escalations WHERE open_rank = 0 AND deadline >= ?1",
            )?
            .query_row([now_s], |r| r.get(0))?;
        let next_due: Option<i64> = self.conn.prepare_cached(
            "SELECT MIN(deadline) FROM escalations WHERE open_rank = 0 AND deadline >= ?1 + 3600",
        )?
        .query_row([now_s], |r| r.get(0))?;
        let candidates = [next_breach.map(|d| d + 1), next_due.map(|d| d - 3599)];
        counts.next_change = candidates
            .into_iter()
            .flatten()
            .min()
            .map(from_ts)
            .transpose()?;
        Ok(counts)
    }
}

#[cfg(test)]
mod tests {
    use super::super::board_filter::FROM_ESCALATIONS;
    use super::super::test_support::*;
    use super::*;
    use crate::domain::TriageOp;
    use chrono::Duration;

    fn query(anchor: Anchor, before: usize, after: usize) -> BoardQuery {
        BoardQuery {
            filter: None,
            anchor,
            before,
            after,
            now: t0() + Duration::minutes(20),
        }
    }

    fn ticket_nos(p: &BoardPage) -> Vec<&str> {
        p.rows.iter().map(|r| r.ticket_no.as_str()).collect()
    }

    /// Reported at t0: S1 (deadline +15m), S2 (+30m), S3 (+3h); one more
    /// S1 reported 10 minutes later (deadline +25m); S4 acknowledged.
    fn sample() -> Store {
        let mut s = store_with_customer();
        for (no, sev, mins) in [
            ("s3", Severity::S3, 0),
            ("s1", Severity::S1, 0),
            ("s2", Severity::S2, 0),
            ("s1-late", Severity::S1, 10),
            ("s4-ack", Severity::S4, 0),
        ] {
            let at = t0() + Duration::minutes(mins);
            s.add_escalation(&new_esc(no, sev, at), actor(at)).unwrap();
        }
        s.triage(5, &TriageOp::Acknowledge, actor(t0())).unwrap();
        s
    }

    #[test]
    fn breached_first_then_by_time_left_then_answered() {
        let s = sample();
        let p = s.board(&query(Anchor::Top, 10, 10)).unwrap();
        assert_eq!(ticket_nos(&p), ["s1", "s1-late", "s2", "s3", "s4-ack"]);
        assert_eq!(p.total, 5);
        assert_eq!(p.anchor_index, 0);
        let c = &p.counts;
        assert_eq!((c.open, c.awaiting, c.breached), (5, 4, 1));
        // s1-late (25m) and s2 (30m) are within the hour; s3 is not.
        assert_eq!(c.due_within_hour, 2);
        assert_eq!(c.per_severity, [2, 1, 1, 1, 0]);
        // Next change: s1-late breaches at 25m + 1s.
        assert_eq!(
            c.next_change,
            Some(t0() + Duration::minutes(25) + Duration::seconds(1))
        );
    }

    #[test]
    fn window_around_a_ticket_and_at_the_bottom() {
        let s = sample();
        let key = s.board(&query(Anchor::Top, 0, 10)).unwrap().rows[2].key;
        let p = s
            .board(&query(Anchor::Ticket { id: key.id, key }, 1, 2))
            .unwrap();
        assert_eq!(ticket_nos(&p), ["s1-late", "s2", "s3"]);
        assert_eq!((p.anchor_index, p.first_position), (1, 1));

        // At the bottom the whole window lies above the last row.
        let p = s.board(&query(Anchor::Bottom, 1, 1)).unwrap();
        assert_eq!(ticket_nos(&p), ["s3", "s4-ack"]);
        assert_eq!((p.anchor_index, p.first_position), (1, 3));
    }

    #[test]
    fn anchor_follows_a_ticket_that_moved_and_falls_to_a_neighbour_when_gone() {
        let mut s = sample();
        let rows = s.board(&query(Anchor::Top, 0, 10)).unwrap().rows;
        let s2 = rows[2].key;
        // Acknowledging moves s2 below the unanswered ones.
        s.triage(s2.id, &TriageOp::Acknowledge, actor(t0()))
            .unwrap();
        let p = s
            .board(&query(Anchor::Ticket { id: s2.id, key: s2 }, 5, 5))
            .unwrap();
        assert_eq!(p.rows[p.anchor_index].ticket_no, "s2");
        assert_eq!(p.first_position + p.anchor_index, 3);
        // Withdrawn: it leaves the board; the selection lands on the row
        // that followed it.
        let s3 = rows[3].key;
        s.triage(s3.id, &TriageOp::Withdraw { reason: None }, actor(t0()))
            .unwrap();
        let p = s
            .board(&query(Anchor::Ticket { id: s3.id, key: s3 }, 5, 5))
            .unwrap();
        assert_eq!(p.rows[p.anchor_index].ticket_no, "s2");
    }

    #[test]
    fn filter_matches_title_ticket_customer_assignee_literally() {
        let s = sample();
        let with = |text: &str| {
            let mut q = query(Anchor::Top, 0, 10);
            q.filter = Some(text.to_string());
            s.board(&q).unwrap()
        };
        assert_eq!(ticket_nos(&with("S1")), ["s1", "s1-late"]);
        assert_eq!(with("acme").total, 5);
        assert_eq!(ticket_nos(&with("alice")), ["s4-ack"]);
        assert_eq!(with("%").total, 0);
        assert_eq!(with("s_").total, 0);
        let p = with("s1-late");
        assert_eq!((p.total, p.counts.open), (1, 5));
    }

    /// The trigger-kept totals agree with counting the rows, through
    /// inserts, every kind of state change, re-grades and deletes.
    #[test]
    fn open_counts_match_the_rows() {
        let mut s = sample();
        s.triage(1, &TriageOp::SetSeverity(Severity::S5), actor(t0()))
            .unwrap();
        s.triage(2, &TriageOp::Withdraw { reason: None }, actor(t0()))
            .unwrap();
        s.triage(5, &TriageOp::Start, actor(t0())).unwrap();
        s.triage(5, &TriageOp::SetSeverity(Severity::S1), actor(t0()))
            .unwrap();
        s.triage(5, &TriageOp::Resolve { resolution: None }, actor(t0()))
            .unwrap();
        s.conn
            .execute("DELETE FROM audit_log WHERE entity_id = 3", [])
            .unwrap();
        s.conn
            .execute("DELETE FROM escalations WHERE id = 3", [])
            .unwrap();
        let mut brute = [0usize; 5];
        let mut stmt = s
            .conn
            .prepare("SELECT severity, COUNT(*) FROM escalations WHERE open_rank IS NOT NULL GROUP BY severity")
            .unwrap();
        let mut rows = stmt.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            brute[count_at(r, 0).unwrap() - 1] = count_at(r, 1).unwrap();
        }
        let c = s.board_counts(t0()).unwrap();
        assert_eq!(c.per_severity, brute);
        assert_eq!(c.open, brute.iter().sum::<usize>());
        assert_eq!((c.open, c.awaiting), (2, 2));
    }

    #[test]
    fn empty_board() {
        let s = store_with_customer();
        let p = s.board(&query(Anchor::Bottom, 5, 5)).unwrap();
        assert!(p.rows.is_empty());
        assert_eq!((p.total, p.anchor_index, p.first_position), (0, 0, 0));
        assert_eq!(p.counts, BoardCounts::default());
    }

    #[test]
    fn board_queries_walk_the_index_without_sorting() {
        let s = sample();
        let plan = |sql: &str| -> String {
            let mut stmt = s
                .conn
                .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
                .unwrap();
            let rows = stmt
                .query_map([], |r| r.get::<_, String>(3))
                .unwrap()
                .collect::<rusqlite::Result<Vec<_>>>()
                .unwrap();
            rows.join("\n")
        };
        let window = plan(&format!(
            "SELECT {ROW_COLUMNS} {FROM} WHERE e.open_rank IS NOT NULL
             AND (e.open_rank, e.deadline, e.id) >= (0, 0, 0)
             ORDER BY e.open_rank, e.deadline, e.id LIMIT 50"
        ));
        assert!(window.contains("escalations_board"), "{window}");
        assert!(!window.contains("TEMP B-TREE"), "{window}");
        let position = plan(&format!(
            "SELECT COUNT(*) {FROM_ESCALATIONS} WHERE e.open_rank IS NOT NULL
             AND (e.open_rank, e.deadline, e.id) < (1, 0, 0)"
        ));
        assert!(
            position.contains("USING COVERING INDEX escalations_board"),
            "{position}"
        );
        let breached =
            plan("SELECT COUNT(*) FROM escalations WHERE open_rank = 0 AND deadline < 100");
        assert!(
            breached.contains("COVERING INDEX escalations_board"),
            "{breached}"
        );
    }
}
