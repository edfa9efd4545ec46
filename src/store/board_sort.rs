//! The board's order as SQL: for each sort, the two expressions its rows
//! are ordered by (then the id), matching an index of the board-sort
//! schema step word for word so the window is read straight off it.

use rusqlite::types::Value;

use chrono::{DateTime, Utc};

use super::engine::{Cell, Dialect, Engine, Raw};

use crate::domain::board_sort::{BoardSort, SortColumn};

/// What a row's place is ordered by first: a number, or text for the
/// columns of names and titles.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum KeyValue {
    Int(i64),
    Text(String),
}

impl KeyValue {
    pub(super) fn to_sql(&self) -> Value {
        match self {
            KeyValue::Int(n) => Value::Integer(*n),
            KeyValue::Text(t) => Value::Text(t.clone()),
        }
    }
}

/// A board key's lead as either engine answers it.
impl Cell for KeyValue {
    fn from_raw(raw: Raw<'_>) -> std::result::Result<Self, String> {
        match raw {
            Raw::Int(n) => Ok(KeyValue::Int(n)),
            Raw::Text(t) => Ok(KeyValue::Text(t.to_string())),
            other => Err(format!("a board key holds {}", other.holds())),
        }
    }
}

/// A row's place in one board order: by default unanswered first, then
/// answered, then paused (waiting on the customer), each by its clock;
/// or by the column the engineer sorted by, ties by deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoardKey {
    pub sort: BoardSort,
    pub lead: KeyValue,
    pub then: i64,
    pub id: i64,
}

impl BoardKey {
    /// Where a new, unanswered escalation sorts by default.
    pub fn unanswered(deadline: DateTime<Utc>, id: i64) -> BoardKey {
        BoardKey {
            sort: BoardSort::default(),
            lead: KeyValue::Int(0),
            then: deadline.timestamp(),
            id,
        }
    }
}

pub(super) struct Order {
    /// The first expression: what the column shows.
    pub lead: &'static str,
    /// Ties on the lead go by this, then by id.
    pub then: &'static str,
    /// The lead is the customer's name, so the customers are joined even
    /// where no filter term reads them.
    pub customer: bool,
    /// The index that holds the open escalations in this order. Named,
    /// because SQLite keeps no statistics here and would otherwise sort a
    /// filter's matches when one term is an equality (`sev:S1`), a cost
    /// that grows with the open set instead of the window.
    pub index: Option<&'static str>,
}

/// The default order's second expression: a paused escalation's clock
/// is stopped, so they wait in the order they began waiting.
pub(super) const URGENCY_THEN: &str = "e.board_wait";

pub(super) fn order(column: SortColumn) -> Order {
    let by = |lead, index| Order {
        lead,
        then: "e.deadline",
        customer: false,
        index: Some(index),
    };
    match column {
        SortColumn::Urgency => Order {
            lead: "e.open_rank",
            then: URGENCY_THEN,
            customer: false,
            index: Some("escalations_board_wait"),
        },
        SortColumn::Severity => by("e.severity", "escalations_sort_severity"),
        // The customers' name index leads and each one's open escalations
        // follow by deadline (see `from_in_order`).
        SortColumn::Customer => Order {
            lead: "c.name",
            then: "e.deadline",
            customer: true,
            index: Some("escalations_sort_customer"),
        },
        SortColumn::Ticket => by("e.ticket_no", "escalations_sort_ticket"),
        // Generated columns with their collation (title and assignee
        // NOCASE, no one as ''; new 0, acknowledged 1, in progress 2), so
        // the window seeks on them.
        SortColumn::Title => by("e.board_title", "escalations_sort_title_col"),
        SortColumn::State => by("e.board_state", "escalations_sort_state_col"),
        SortColumn::Assignee => by("e.board_assignee", "escalations_sort_assignee_col"),
        SortColumn::Reported => by("e.reported_at", "escalations_sort_reported"),
    }
}

/// The FROM clause of a read in this order.
pub(super) fn from_in_order(engine: Engine, sort: BoardSort, customers: bool) -> String {
    let o = order(sort.column);
    if o.customer {
        // The customers outside: walked in name order, each one's open
        // escalations read in deadline order within.
        return format!(
            "FROM customers c {} escalations e {} ON e.customer_id = c.id",
            engine.join_in_order(),
            engine.indexed_by("escalations_sort_customer")
        );
    }
    let indexed = o
        .index
        .map(|i| format!(" {}", engine.indexed_by(i)))
        .unwrap_or_default();
    let join = if customers || o.customer {
        " JOIN customers c ON c.id = e.customer_id"
    } else {
        ""
    };
    format!("FROM escalations e{indexed}{join}")
}

/// `ORDER BY` for reading the board forwards (or backwards, to fill the
/// window above a row).
pub(super) fn order_by(sort: BoardSort, backwards: bool) -> String {
    let o = order(sort.column);
    let dir = if sort.descending != backwards {
        "DESC"
    } else {
        "ASC"
    };
    format!("{} {dir}, {} {dir}, e.id {dir}", o.lead, o.then)
}

/// The comparison that keeps rows before (`Before`) or from (`From`) a
/// key in the sort's own direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Side {
    Before,
    From,
}

pub(super) fn compare(sort: BoardSort, side: Side, first: usize) -> String {
    let o = order(sort.column);
    let (op, lead_op) = match (side, sort.descending) {
        (Side::Before, false) => ("<", "<="),
        (Side::Before, true) => (">", ">="),
        (Side::From, false) => (">=", ">="),
        (Side::From, true) => ("<=", "<="),
    };
    let row = format!(
        "({}, {}, e.id) {op} (?{first}, ?{}, ?{})",
        o.lead,
        o.then,
        first + 1,
        first + 2
    );
    // The customers' order also compares the lead alone: SQLite seeks the
    // names' index (outside the join) on it, where the row value spans two
    // tables. Elsewhere the row value is the seek, and the extra term
    // would make the planner seek on the lead only.
    if o.customer {
        format!("{} {lead_op} ?{first} AND {row}", o.lead)
    } else {
        row
    }
}
