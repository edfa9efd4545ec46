//! The audit trail: who changed what, and when.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, params};
use serde::Serialize;

use super::decode::text_at;
use super::{Actor, Result, Store, from_ts, ts};

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub engineer: String,
    pub action: String,
    pub detail: String,
}

pub(super) fn record(
    conn: &Connection,
    actor: Actor<'_>,
    entity: &str,
    entity_id: i64,
    action: &str,
    detail: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit_log (at, engineer, entity, entity_id, action, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        ts(actor.now),
        actor.engineer,
        entity,
        entity_id,
        action,
        detail
    ])?;
    Ok(())
}

impl Store {
    /// The history of one escalation, oldest first.
    pub fn escalation_history(&self, id: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.lite()?.prepare_cached(
            "SELECT at, engineer, action, detail FROM audit_log
             WHERE entity = 'escalation' AND entity_id = ?1 ORDER BY id",
        )?;
        let rows = stmt.query_map([id], |r| {
            Ok(AuditEntry {
                at: from_ts(r.get(0)?)?,
                engineer: text_at(r, 1)?,
                action: text_at(r, 2)?,
                detail: text_at(r, 3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
