//! Every escalation, open and closed, newest first: the history screen's
//! pages and `ticket search`. Words go through the FTS5 index (see the
//! schema's search step), whose rowid is the order itself; no words read
//! the `escalations_reported` index. Either way a page seeks to its key
//! and reads a page of rows: the same cost on ten thousand escalations as
//! on a million (`benches/history.rs`).

use chrono::{DateTime, Utc};
use rusqlite::Row;
use rusqlite::types::Value;

use super::decode::text_at;
use super::escalations::severity_at;
use super::{Result, Store, from_ts, parse_word, ts};
use crate::domain::search::{SearchText, index_words};
use crate::domain::{EscalationState, Severity};

/// The search index's rowid of escalation `id`: see the schema step.
const KEY_SHIFT: i64 = 1 << 30;

/// A row's place in history order: newest reported first, then higher id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct HistoryKey {
    pub reported_at: i64,
    pub id: i64,
}

impl HistoryKey {
    fn rowid(self) -> i64 {
        self.reported_at * KEY_SHIFT + self.id
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

fn row(r: &Row<'_>) -> rusqlite::Result<HistoryRow> {
    Ok(HistoryRow {
        id: r.get(0)?,
        ticket_no: text_at(r, 1)?,
        customer: text_at(r, 2)?,
        severity: severity_at(r, 3)?,
        state: parse_word(r, 4)?,
        reported_at: from_ts(r.get(5)?)?,
        title: text_at(r, 6)?,
    })
}

/// The MATCH expression for `text`: each word a quoted string (a quote in
/// it doubled), so nothing typed is FTS5 syntax, found by its start (the
/// `*` after it); all words must match. A word's Chinese characters are
/// set apart as the index's are, so the word is their phrase.
fn match_expression(text: &SearchText) -> String {
    text.words()
        .iter()
        .map(|w| format!("\"{}\"*", index_words(w).replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The statement for a page: its SQL, its arguments, and whether it reads
/// newest first.
fn statement(q: &HistoryQuery) -> (String, Vec<Value>, bool) {
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
            "SELECT {ROW} FROM escalations e INDEXED BY escalations_reported
             JOIN customers c ON c.id = e.customer_id {bound}
             ORDER BY e.reported_at {dir}, e.id {dir} LIMIT ?1"
        );
        return (sql, args, newest_first);
    }
    let mut args = vec![limit, Value::Text(match_expression(&q.text))];
    let bound = match key {
        Some(k) => {
            args.push(Value::Integer(k.rowid()));
            format!("AND s.rowid {cmp} ?3")
        }
        None => String::new(),
    };
    let sql = format!(
        "SELECT {ROW} FROM escalation_search s
         JOIN escalations e ON e.id = (s.rowid & {mask})
         JOIN customers c ON c.id = e.customer_id
         WHERE escalation_search MATCH ?2 {bound}
         ORDER BY s.rowid {dir} LIMIT ?1",
        mask = KEY_SHIFT - 1
    );
    (sql, args, newest_first)
}

impl Store {
    /// One page of every escalation, or of those whose ticket number,
    /// title, description or notes hold every word of `q.text`.
    pub fn history(&self, q: &HistoryQuery) -> Result<HistoryPage> {
        let (sql, args, newest_first) = statement(q);
        let mut stmt = self.lite()?.prepare_cached(&sql)?;
        let mut rows = stmt
            .query_map(rusqlite::params_from_iter(args), row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
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
