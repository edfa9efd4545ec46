//! The board's window onto the open escalations.
//!
//! The board never reads the whole list: it asks for a few screens of rows
//! around one escalation (keyset paging on the `escalations_board` index)
//! plus the header counts, so a refresh costs the same on a store of ten
//! thousand tickets as on one of a million.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;

use super::board_counts::{BoardCounts, CLOCK_COUNTED};
use super::board_filter::Matching;
pub use super::board_scan::POSITION_COUNTED;
use super::board_scan::{Scan, scan_sql};
pub use super::board_sort::BoardKey;
use super::board_sort::{KeyValue, Side, compare, from_in_order, order, order_by};
use super::engine::{Row, Sql, params_of};
use super::{Result, Store, StoreError};
use crate::domain::board_sort::BoardSort;
use crate::domain::escalation::Pause;
use crate::domain::tally::Tally;
use crate::domain::{EscalationKind, EscalationState, Severity};

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
    /// Waiting on the customer, with why, while paused.
    pub pause: Option<Pause>,
    /// What the follow-up clocks read (see `domain::follow_up`).
    pub resolve_by: Option<DateTime<Utc>>,
    pub last_update_at: Option<DateTime<Utc>>,
    pub resumed_at: Option<DateTime<Utc>>,
    pub key: BoardKey,
}

/// The most new escalations above the window a page lists: the board
/// counts them, and "▲ 999 new above" says as much as any more would.
pub const NEW_ABOVE_LIMIT: i64 = 999;

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
    /// Which escalations: every open one when none.
    pub filter: Option<crate::domain::board_filter::BoardFilter>,
    pub sort: BoardSort,
    pub anchor: Anchor,
    /// Rows wanted above and from the anchor.
    pub before: usize,
    pub after: usize,
    pub now: DateTime<Utc>,
    /// The highest id the board has seen: escalations above the window
    /// with a higher one are listed in `BoardPage::new_above`.
    pub newer_than: Option<i64>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BoardPage {
    pub rows: Vec<BoardRow>,
    /// Index in `rows` of the anchor row (the one to select).
    pub anchor_index: usize,
    /// Position of `rows[0]` in the whole (filtered) board, from 0; only
    /// relative while `position_exact` is false.
    pub first_position: usize,
    /// The anchor's position was counted; false in the middle of a long
    /// board (more than [`POSITION_COUNTED`] rows on each side).
    pub position_exact: bool,
    /// How many escalations match the filter; only a floor while
    /// `total_exact` is false (a filter's matches are counted among the
    /// first [`POSITION_COUNTED`] rows), never below what the page shows.
    pub total: usize,
    pub total_exact: bool,
    /// Escalations newer than `BoardQuery::newer_than` that sort above
    /// `rows` (at most [`NEW_ABOVE_LIMIT`]).
    pub new_above: Vec<i64>,
    /// The highest escalation id in the store when read: the next query's
    /// `newer_than`.
    pub max_id: Option<i64>,
    pub counts: BoardCounts,
}

const ROW_COLUMNS: &str = "e.id, c.name, e.ticket_no, e.title, e.kind, e.severity, e.state, \
    e.assignee, e.reported_at, e.deadline, e.responded_at, e.response_met, e.open_rank, \
    e.paused_at, e.pause_reason, e.resolve_by, e.last_update_at, e.resumed_at";

fn row_from_sql(r: &Row<'_>, sort: BoardSort) -> Result<BoardRow> {
    let id = r.get(0)?;
    let severity: i64 = r.get(5)?;
    Ok(BoardRow {
        id,
        customer: r.text(1)?,
        ticket_no: r.text(2)?,
        title: r.text(3)?,
        kind: r.word(4)?,
        severity: Severity::from_number(severity)
            .ok_or_else(|| StoreError::Corrupt(format!("column 5: severity {severity}")))?,
        state: r.word(6)?,
        assignee: r.text_lossy(7)?,
        reported_at: r.get(8)?,
        deadline: r.get(9)?,
        responded_at: r.get(10)?,
        response_met: r.get(11)?,
        pause: match (r.get(13)?, r.text_lossy(14)?) {
            (Some(since), Some(reason)) => Some(Pause { since, reason }),
            _ => None,
        },
        resolve_by: r.get(15)?,
        last_update_at: r.get(16)?,
        resumed_at: r.get(17)?,
        key: BoardKey {
            sort,
            lead: r.get::<KeyValue>(18)?,
            then: r.get(19)?,
            id,
        },
    })
}

/// The clause plus a keyset comparison against `key`.
fn with_key(m: &Matching, side: Side, key: &BoardKey) -> (String, Vec<Value>) {
    let sql = format!(
        "{} AND {}",
        m.sql,
        compare(key.sort, side, m.args.len() + 1)
    );
    let mut args = m.args.clone();
    args.extend([
        key.lead.to_sql(),
        Value::Integer(key.then),
        Value::Integer(key.id),
    ]);
    (sql, args)
}

/// The window's read in `sort` from a key (or the top), forwards or
/// backwards; its LIMIT is the last parameter, still to be pushed.
fn window_sql(
    m: &Matching,
    sort: BoardSort,
    from: Option<(Side, &BoardKey)>,
    backwards: bool,
) -> (String, Vec<Value>) {
    let (clause, args) = match from {
        Some((side, key)) => with_key(m, side, key),
        None => (m.sql.clone(), m.args.clone()),
    };
    let o = order(sort.column);
    let sql = format!(
        "SELECT {ROW_COLUMNS}, {}, {} {} WHERE {clause} ORDER BY {} LIMIT ?{}",
        o.lead,
        o.then,
        from_in_order(m.engine(), sort, true),
        order_by(sort, backwards),
        args.len() + 1
    );
    (sql, args)
}

impl Store {
    pub fn board(&self, q: &BoardQuery) -> Result<BoardPage> {
        // One read transaction: counts, rows and positions all come from
        // the same snapshot, whatever other processes commit meanwhile.
        let snapshot = self.db().read()?;
        let page = self.board_in_snapshot(q)?;
        snapshot.commit()?;
        Ok(page)
    }

    fn board_in_snapshot(&self, q: &BoardQuery) -> Result<BoardPage> {
        let mut m = Matching::new(q.filter.as_ref(), q.now, self.engine());
        if order(q.sort.column).customer {
            m.join_customers();
        }
        let counts = self.board_counts_upto(q.now, Some(CLOCK_COUNTED))?;
        let max_id: Option<i64> =
            self.db()
                .query_row("SELECT MAX(id) FROM escalations", crate::sql_args![], |r| {
                    r.get(0)
                })?;
        let sort = q.sort;
        // A key from another order (the sort changed under a jump) says
        // nothing of where its row is now.
        let ours = |k: &BoardKey| (k.sort == sort).then(|| k.clone());
        let key = match &q.anchor {
            Anchor::Top | Anchor::Bottom => None,
            Anchor::Ticket { id, key } => match self.current_key(&m, sort, *id)? {
                Some(k) => Some(k),
                None => ours(key),
            },
            Anchor::Place(key) => ours(key),
        };
        // A filter's matches are counted among the first rows only, the
        // anchor's place in the same read, so a filter on 100,000 open
        // escalations costs what one on 2,000 does.
        let top = if m.filtered {
            Some(self.scan(scan_sql(&m, sort, None, key.as_ref()))?)
        } else {
            None
        };
        let total = top
            .as_ref()
            .map_or(Tally::exact(counts.open), Scan::matched);
        if q.anchor == Anchor::Bottom {
            // A whole window above the last row, so PgUp from the
            // bottom moves a full screen before the next read.
            let wanted = (q.before + q.after).max(1);
            let above = self.rows(&m, sort, None, wanted, true)?;
            // Past an uncounted total the last row's place is not known
            // either: only that the window is not all there is when it
            // came back full.
            let first_position = if total.more {
                usize::from(above.len() == wanted)
            } else {
                total.n.saturating_sub(above.len())
            };
            let rows: Vec<_> = above.into_iter().rev().collect();
            let new_above = self.new_above(&m, &rows, q.newer_than)?;
            return Ok(BoardPage {
                anchor_index: rows.len().saturating_sub(1),
                total: total.n.max(first_position + rows.len()),
                total_exact: !total.more,
                rows,
                first_position,
                position_exact: !total.more,
                counts,
                new_above,
                max_id,
            });
        }
        let (above, position, position_exact) = match &key {
            Some(k) => {
                let above = self.rows(&m, sort, Some((Side::Before, k)), q.before, true)?;
                let (position, exact) = match &top {
                    Some(scan) => (scan.mark().n, !scan.mark().more),
                    None => self.position(&m, k, total)?,
                };
                (above, position, exact)
            }
            None => (Vec::new(), 0, true),
        };
        // A floor is never below the rows read above the anchor, and a
        // full read above says more may lie beyond it.
        let position = if position_exact {
            position
        } else {
            position.max(above.len() + usize::from(above.len() == q.before))
        };
        let from = key.as_ref().map(|k| (Side::From, k));
        let mut below = self.rows(&m, sort, from, q.after.max(1), false)?;
        let below_full = below.len() == q.after.max(1);
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
        let new_above = self.new_above(&m, &above, q.newer_than)?;
        // An uncounted total is at least what the window shows, and one
        // more when the read below came back full.
        let seen = first_position + above.len() + usize::from(below_full);
        Ok(BoardPage {
            total: if total.more {
                total.n.max(seen)
            } else {
                total.n
            },
            total_exact: !total.more,
            rows: above,
            anchor_index,
            first_position,
            position_exact,
            counts,
            new_above,
            max_id,
        })
    }

    /// Where `key` stands on the whole board: counted from the top or,
    /// failing that, from the bottom, each reading no further than
    /// [`POSITION_COUNTED`] rows; in between only that it is past them.
    fn position(&self, m: &Matching, key: &BoardKey, total: Tally) -> Result<(usize, bool)> {
        let above = self.scan(scan_sql(m, key.sort, Some((Side::Before, key)), None))?;
        if above.to_the_end() {
            return Ok((above.matched, true));
        }
        let from = self.scan(scan_sql(m, key.sort, Some((Side::From, key)), None))?;
        if from.to_the_end() && !total.more {
            return Ok((total.n.saturating_sub(from.matched), true));
        }
        Ok((above.matched, false))
    }

    /// Ids over `newer_than` among the escalations before `rows[0]`.
    fn new_above(
        &self,
        m: &Matching,
        rows: &[BoardRow],
        newer_than: Option<i64>,
    ) -> Result<Vec<i64>> {
        let (Some(seen), Some(first)) = (newer_than, rows.first()) else {
            return Ok(Vec::new());
        };
        let (clause, mut args) = with_key(m, Side::Before, &first.key);
        args.extend([Value::Integer(seen), Value::Integer(NEW_ABOVE_LIMIT)]);
        let sql = format!(
            "SELECT e.id {} WHERE {clause} AND e.id > ?{} LIMIT ?{}",
            m.from(),
            args.len() - 1,
            args.len()
        );
        self.db().query_map(&sql, &params_of(&args), |r| r.get(0))
    }

    /// The key of an escalation if it is on the board and matches.
    fn current_key(&self, m: &Matching, sort: BoardSort, id: i64) -> Result<Option<BoardKey>> {
        let n = m.args.len() + 1;
        let o = order(sort.column);
        let sql = format!(
            "SELECT {}, {} {} WHERE {} AND e.id = ?{n}",
            o.lead,
            o.then,
            m.from(),
            m.sql
        );
        let mut args = m.args.clone();
        args.push(Value::Integer(id));
        self.db().query_opt(&sql, &params_of(&args), |r| {
            Ok(BoardKey {
                sort,
                lead: r.get::<KeyValue>(0)?,
                then: r.get(1)?,
                id,
            })
        })
    }

    fn rows(
        &self,
        m: &Matching,
        sort: BoardSort,
        from: Option<(Side, &BoardKey)>,
        limit: usize,
        backwards: bool,
    ) -> Result<Vec<BoardRow>> {
        if limit == 0 {
            return Ok(Vec::new());
        }
        let (sql, mut args) = window_sql(m, sort, from, backwards);
        args.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        self.db()
            .query_map(&sql, &params_of(&args), |r| row_from_sql(r, sort))
    }
}

#[cfg(test)]
#[path = "board/filter_tests.rs"]
mod filter_tests;
#[cfg(test)]
#[path = "board/sort_tests.rs"]
mod sort_tests;
#[cfg(test)]
mod tests;
