//! Which escalations the board shows: every open one, or those the
//! filter's text matches.

use rusqlite::types::Value;

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

/// The WHERE clause shared by every board query, with its parameters.
pub(super) struct Matching {
    pub sql: String,
    pub args: Vec<Value>,
}

/// Only a filter needs the customer's name; without one, counts and key
/// lookups stay on the escalations index and never visit a table row.
pub(super) const FROM_ESCALATIONS: &str = "FROM escalations e";

impl Matching {
    pub fn from(&self) -> &'static str {
        if self.args.is_empty() {
            FROM_ESCALATIONS
        } else {
            FROM
        }
    }

    pub fn new(filter: Option<&str>) -> Matching {
        let mut m = Matching {
            sql: "e.open_rank IS NOT NULL".to_string(),
            args: Vec::new(),
        };
        if let Some(text) = filter.map(str::trim).filter(|t| !t.is_empty()) {
            m.args.push(Value::Text(like_pattern(text)));
            m.sql.push_str(
                " AND (e.title LIKE ?1 ESCAPE '\\' OR e.ticket_no LIKE ?1 ESCAPE '\\' \
                 OR c.name LIKE ?1 ESCAPE '\\' OR e.assignee LIKE ?1 ESCAPE '\\')",
            );
        }
        m
    }
}

pub(super) const FROM: &str = "FROM escalations e JOIN customers c ON c.id = e.customer_id";
