//! The audit trail: who changed what, and when.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::engine::{Row, Sql, Value};
use super::{Actor, Result, Store, ts};
use crate::sql_args;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub engineer: String,
    pub action: String,
    pub detail: String,
}

/// Records a change in the trail, inside the change's own transaction.
pub(super) fn record(
    db: &impl Sql,
    actor: Actor<'_>,
    entity: &str,
    entity_id: i64,
    action: &str,
    detail: &str,
) -> Result<()> {
    db.execute(
        "INSERT INTO audit_log (at, engineer, entity, entity_id, action, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        sql_args![
            ts(actor.now),
            actor.engineer,
            entity,
            entity_id,
            action,
            detail
        ],
    )?;
    Ok(())
}

const AUDIT_COLUMNS: &str =
    "INSERT INTO audit_log (at, engineer, entity, entity_id, action, detail)";

/// One entry's values, for [`record_rows`]: many written at once.
pub(super) fn entry_row<'a>(
    rows: &mut Vec<Value<'a>>,
    actor: Actor<'a>,
    entity: &'a str,
    entity_id: i64,
    action: &'a str,
    detail: &'a str,
) {
    rows.extend([
        Value::Int(ts(actor.now)),
        Value::Text(actor.engineer),
        Value::Text(entity),
        Value::Int(entity_id),
        Value::Text(action),
        Value::Text(detail),
    ]);
}

/// Records the entries [`entry_row`] gathered, in their order.
pub(super) fn record_rows(db: &impl Sql, rows: &[Value<'_>]) -> Result<()> {
    super::engine::insert_rows(db, AUDIT_COLUMNS, 6, rows)
}

/// An entry from its `at, engineer, action, detail` columns.
pub(super) fn entry(r: &Row<'_>) -> Result<AuditEntry> {
    Ok(AuditEntry {
        at: r.get(0)?,
        engineer: r.text(1)?,
        action: r.text(2)?,
        detail: r.text(3)?,
    })
}

impl Store {
    /// The history of one escalation, oldest first.
    pub fn escalation_history(&self, id: i64) -> Result<Vec<AuditEntry>> {
        self.trail("escalation", id)
    }

    /// The history of one customer, oldest first.
    pub fn customer_history(&self, customer_id: i64) -> Result<Vec<AuditEntry>> {
        self.trail("customer", customer_id)
    }

    fn trail(&self, entity: &str, id: i64) -> Result<Vec<AuditEntry>> {
        self.db().query_map(
            "SELECT at, engineer, action, detail FROM audit_log
             WHERE entity = ?1 AND entity_id = ?2 ORDER BY id",
            sql_args![entity, id],
            entry,
        )
    }
}
