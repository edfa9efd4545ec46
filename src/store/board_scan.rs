//! Bounded reads of the board for its counts: a filter's total and an
//! anchor's place, each from at most [`POSITION_COUNTED`] rows read in
//! the board's order, so a count costs the same on 100,000 open
//! escalations as on 2,000 and is exact or a floor, never wrong.

use rusqlite::types::Value;

use super::board_filter::Matching;
use super::board_sort::{BoardKey, Side, compare, from_in_order, order_by};
use super::engine::{Dialect, Sql, params_of};
use super::{Result, Store};
use crate::domain::board_sort::BoardSort;
use crate::domain::tally::Tally;

/// How many rows a count of the board reads at most: the header's
/// "n/total" position from either end, and a filter's total. Past it the
/// figure is a floor, shown as "2001+", so a window in the middle of
/// 100,000 open escalations, or a filter few of them match, never reads
/// them all.
pub const POSITION_COUNTED: usize = 2000;

/// What a read of at most [`POSITION_COUNTED`] rows in the board's order
/// found: the rows read and those the filter matched, in all and before
/// the marked key.
pub(super) struct Scan {
    pub read: usize,
    pub matched: usize,
    pub read_before: usize,
    pub matched_before: usize,
}

impl Scan {
    pub fn to_the_end(&self) -> bool {
        self.read < POSITION_COUNTED
    }

    pub fn matched(&self) -> Tally {
        Tally {
            n: self.matched,
            more: !self.to_the_end(),
        }
    }

    /// The marked key's place: exact once the read went past it.
    pub fn mark(&self) -> Tally {
        Tally {
            n: self.matched_before,
            more: !self.to_the_end() && self.read_before == self.read,
        }
    }
}

/// The read a [`Scan`] counts: from the top, or from or before a key, in
/// the board's order. A filter that few rows match costs what one that
/// all match does; `breached` and `due:` narrow it to their section.
pub(super) fn scan_sql(
    m: &Matching,
    sort: BoardSort,
    from: Option<(Side, &BoardKey)>,
    mark: Option<&BoardKey>,
) -> (String, Vec<Value>) {
    let mut args = m.args.clone();
    let key_args = |key: &BoardKey, args: &mut Vec<Value>| {
        let n = args.len() + 1;
        args.extend([
            key.lead.to_sql(),
            Value::Integer(key.then),
            Value::Integer(key.id),
        ]);
        n
    };
    let mut clause = format!("e.open_rank IS NOT NULL AND {}", m.bounds);
    if let Some((side, key)) = from {
        let n = key_args(key, &mut args);
        clause.push_str(&format!(" AND {}", compare(sort, side, n)));
    }
    let before = match mark {
        Some(key) => compare(sort, Side::Before, key_args(key, &mut args)),
        None => "0".to_string(),
    };
    args.push(Value::Integer(POSITION_COUNTED as i64));
    let engine = m.engine();
    let sql = format!(
        "SELECT COUNT(*), COALESCE(SUM(ok), 0), COALESCE(SUM(b), 0), COALESCE(SUM(ok * b), 0) \
         FROM (SELECT {} AS ok, {} AS b {} WHERE {clause} ORDER BY {} LIMIT ?{}) AS counted",
        engine.flag(&m.terms),
        engine.flag(&before),
        from_in_order(engine, sort, m.joins_customers()),
        order_by(sort, false),
        args.len()
    );
    (sql, args)
}

impl Store {
    pub(super) fn scan(&self, (sql, args): (String, Vec<Value>)) -> Result<Scan> {
        self.db().query_row(&sql, &params_of(&args), |r| {
            Ok(Scan {
                read: r.get(0)?,
                matched: r.get(1)?,
                read_before: r.get(2)?,
                matched_before: r.get(3)?,
            })
        })
    }
}
