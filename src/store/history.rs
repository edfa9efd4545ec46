//! Every escalation, open and closed, newest first: the history screen's
//! pages and `ticket search`. Words go through the search index (FTS5 on
//! SQLite, a `tsvector` table on PostgreSQL; see the schema's search
//! steps), whose key is the order itself; no words read the
//! `escalations_reported` index. Either way a page seeks to its key
//! and reads a page of rows: the same cost on ten thousand escalations as
//! on a million (`benches/history.rs`).

use chrono::{DateTime, Utc};
use rusqlite::types::Value;

use super::engine::{Dialect, Engine, Row, SEARCH_KEY_SHIFT, Sql, params_of};
use super::{Result, Store, StoreError, ts};
use crate::domain::search::SearchText;
use crate::domain::{EscalationState, Severity};

/// A row's place in history order: newest reported first, then higher id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct HistoryKey {
    pub reported_at: i64,
    pub id: i64,
}

impl HistoryKey {
    fn rowid(self) -> i64 {
        self.reported_at * SEARCH_KEY_SHIFT + self.id
    }
}

/// Where a page starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HistoryFrom {
    Newest,
    /// The oldest page (the end of the list).
    Oldest,
    /// The page just older than this key.
    Older(HistoryKey),
    /// The page just newer than this key.
    Newer(HistoryKey),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryQuery {
    pub text: SearchText,
    pub from: HistoryFrom,
    pub limit: usize,
}

/// What the history shows of one escalation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryRow {
    pub id: i64,
    pub ticket_no: String,
    pub customer: String,
    pub severity: Severity,
    pub state: EscalationState,
    pub reported_at: DateTime<Utc>,
    pub title: String,
}

impl HistoryRow {
    pub fn key(&self) -> HistoryKey {
        HistoryKey {
            reported_at: ts(self.reported_at),
            id: self.id,
        }
    }
}

/// A page, newest first, and whether there is more either side of it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HistoryPage {
    pub rows: Vec<HistoryRow>,
    pub more_newer: bool,
    pub more_older: bool,
}

const ROW: &str = "e.id, e.ticket_no, c.name, e.severity, e.state, e.reported_at, e.title";

fn row(r: &Row<'_>) -> Result<HistoryRow> {
    let severity: i64 = r.get(3)?;
    Ok(HistoryRow {
        id: r.get(0)?,
        ticket_no: r.text(1)?,
        customer: r.text(2)?,
        severity: Severity::from_number(severity)
            .ok_or_else(|| StoreError::Corrupt(format!("column 3: severity {severity}")))?,
        state: r.word(4)?,
        reported_at: r.get(5)?,
        title: r.text(6)?,
    })
}

/// The statement for a page on `engine`: its SQL, its arguments, and
/// whether it reads newest first; `None` when no row can match.
fn statement(engine: Engine, q: &HistoryQuery) -> Option<(String, Vec<Value>, bool)> {
    let newest_first = matches!(q.from, HistoryFrom::Newest | HistoryFrom::Older(_));
    let (dir, cmp) = if newest_first {
        ("DESC", "<")
    } else {
        ("ASC", ">")
    };
    let key = match q.from {
        HistoryFrom::Older(k) | HistoryFrom::Newer(k) => Some(k),
        HistoryFrom::Newest | HistoryFrom::Oldest => None,
    };
    // One more than the page, to know whether there is more.
    let limit = Value::Integer(i64::try_from(q.limit).unwrap_or(i64::MAX - 1) + 1);
    if q.text.is_empty() {
        let (bound, mut args) = match key {
            Some(k) => (
                format!("WHERE (e.reported_at, e.id) {cmp} (?2, ?3)"),
                vec![Value::Integer(k.reported_at), Value::Integer(k.id)],
            ),
            None => (String::new(), Vec::new()),
        };
        args.insert(0, limit);
        let sql = format!(
            "SELECT {ROW} FROM escalations e {}
             JOIN customers c ON c.id = e.customer_id {bound}
             ORDER BY e.reported_at {dir}, e.id {dir} LIMIT ?1",
            engine.indexed_by("escalations_reported")
        );
        return Some((sql, args, newest_first));
    }
    let mut args = vec![limit, Value::Text(engine.search_expression(&q.text)?)];
    let s_key = engine.search_key();
    let bound = match key {
        Some(k) => {
            args.push(Value::Integer(k.rowid()));
            format!("AND {s_key} {cmp} ?3")
        }
        None => String::new(),
    };
    let sql = format!(
        "SELECT {ROW} FROM escalation_search s
         JOIN escalations e ON e.id = {}
         JOIN customers c ON c.id = e.customer_id
         WHERE {} {bound}
         ORDER BY {s_key} {dir} LIMIT ?1",
        engine.search_id(),
        engine.search_matches("?2"),
    );
    Some((sql, args, newest_first))
}

impl Store {
    /// One page of every escalation, or of those whose ticket number,
    /// title, description or notes hold every word of `q.text`.
    pub fn history(&self, q: &HistoryQuery) -> Result<HistoryPage> {
        let Some((sql, args, newest_first)) = statement(self.engine(), q) else {
            return Ok(HistoryPage::default());
        };
        let mut rows = self.db().query_map(&sql, &params_of(&args), row)?;
        let more = rows.len() > q.limit;
        rows.truncate(q.limit);
        let keyed = !matches!(q.from, HistoryFrom::Newest | HistoryFrom::Oldest);
        Ok(if newest_first {
            HistoryPage {
                rows,
                more_newer: keyed,
                more_older: more,
            }
        } else {
            rows.reverse();
            HistoryPage {
                rows,
                more_newer: more,
                more_older: keyed,
            }
        })
    }
}

#[cfg(test)]
#[path = "history_tests.rs"]
mod tests;
