//! Which escalations the board shows: every open one, or those the
//! filter's terms all match, as SQL on the board's own rows. Values from
//! the engineer are parameters; words from the filter's enums (states,
//! kinds, severities) are the store's own spellings.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;

use super::engine::{Dialect, Engine};
use crate::domain::board_filter::{BoardFilter, Condition};

/// `LIKE` with the user's text taken literally.
fn like_pattern(text: &str) -> String {
    let mut p = String::with_capacity(text.len() + 2);
    p.push('%');
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// The escalation's customer is one whose name matches `pattern`: the
/// names are matched once, in a list SQLite builds before the walk, and
/// each row is tested on the `customer_id` its index entry carries, so a
/// filter by customer never visits a customer row per escalation.
fn customer_named(engine: Engine, pattern: &str) -> String {
    format!(
        "e.customer_id IN (SELECT id FROM customers WHERE {})",
        engine.like_nocase("name", pattern)
    )
}

/// The WHERE clause shared by every board query, with its parameters.
pub(super) struct Matching {
    pub sql: String,
    /// The filter's terms alone ("TRUE" without a filter), on the same
    /// parameters: what a bounded count tests on each row it reads.
    pub terms: String,
    /// The terms that bound the default order's index (`breached`,
    /// `due:`), "TRUE" when none: a bounded count reads only the rows within
    /// them.
    pub bounds: String,
    pub args: Vec<Value>,
    /// Some terms apply: the total is counted, not read from the
    /// trigger-kept counts.
    pub filtered: bool,
    /// The board is ordered by the customer's name, so every read joins
    /// the customers (a filter alone never does).
    customer: bool,
    engine: Engine,
}

/// A filter tests a customer's name on a list of ids, so counts and key
/// lookups stay on the escalations index and never visit a customer row.
pub(super) const FROM_ESCALATIONS: &str = "FROM escalations e";

pub(super) const FROM: &str = "FROM escalations e JOIN customers c ON c.id = e.customer_id";

impl Matching {
    pub fn from(&self) -> &'static str {
        if self.customer {
            FROM
        } else {
            FROM_ESCALATIONS
        }
    }

    /// The board is ordered by the customer's name: every read joins it.
    pub fn join_customers(&mut self) {
        self.customer = true;
    }

    pub fn joins_customers(&self) -> bool {
        self.customer
    }

    /// The engine the clause was written for.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    pub fn new(filter: Option<&BoardFilter>, now: DateTime<Utc>, engine: Engine) -> Matching {
        let mut m = Matching {
            sql: "e.open_rank IS NOT NULL".to_string(),
            terms: "TRUE".to_string(),
            bounds: "TRUE".to_string(),
            args: Vec::new(),
            filtered: filter.is_some(),
            customer: false,
            engine,
        };
        for t in filter.iter().flat_map(|f| &f.terms) {
            let cond = m.condition(&t.condition, now);
            // A NULL (no assignee) is "not matched", so its negation
            // holds.
            let term = if t.negated {
                format!(" AND NOT COALESCE({cond}, FALSE)")
            } else {
                format!(" AND {cond}")
            };
            m.sql.push_str(&term);
            m.terms.push_str(&term);
            let bounds = matches!(t.condition, Condition::Breached | Condition::Due { .. });
            if bounds && !t.negated {
                m.bounds.push_str(&term);
            }
        }
        m
    }

    /// Adds a parameter; its placeholder.
    fn arg(&mut self, v: Value) -> String {
        self.args.push(v);
        format!("?{}", self.args.len())
    }

    fn condition(&mut self, c: &Condition, now: DateTime<Utc>) -> String {
        let words = |v: Vec<String>| v.join(", ");
        let now = now.timestamp();
        match c {
            Condition::Text(t) => {
                let p = self.arg(Value::Text(like_pattern(t)));
                let like = |column| self.engine.like_nocase(column, &p);
                format!(
                    "({} OR {} OR {} OR {})",
                    like("e.title"),
                    like("e.ticket_no"),
                    like("e.assignee"),
                    customer_named(self.engine, &p)
                )
            }
            Condition::Customer(name) => {
                let p = self.arg(Value::Text(like_pattern(name)));
                format!("({})", customer_named(self.engine, &p))
            }
            Condition::Severity(v) => format!(
                "(e.severity IN ({}))",
                words(v.iter().map(|s| s.number().to_string()).collect())
            ),
            Condition::State(v) => format!(
                "(e.state IN ({}))",
                words(v.iter().map(|s| format!("'{}'", s.as_str())).collect())
            ),
            Condition::Kind(v) => format!(
                "(e.kind IN ({}))",
                words(v.iter().map(|k| format!("'{}'", k.as_str())).collect())
            ),
            Condition::Assignee { name, .. } => {
                let p = self.arg(Value::Text(name.clone()));
                format!("(e.assignee = {p} COLLATE {})", self.engine.nocase())
            }
            Condition::Unassigned => "(COALESCE(e.assignee, '') = '')".to_string(),
            // An unanswered row's `board_wait` is its deadline (the
            // generated column says so): tested on it alone, the default
            // order's index reads only the rows due before (or after) the
            // moment and never visits a table row to test the deadline.
            Condition::Breached => {
                let p = self.arg(Value::Integer(now));
                format!("(e.open_rank = 0 AND e.board_wait < {p})")
            }
            Condition::Due { within, span } => {
                let p = self.arg(Value::Integer(now + span.num_seconds()));
                let op = if *within { "<" } else { ">=" };
                format!("(e.open_rank = 0 AND e.board_wait {op} {p})")
            }
            Condition::Paused => "(e.open_rank = 2)".to_string(),
        }
    }
}
