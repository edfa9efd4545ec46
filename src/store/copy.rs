//! `sredesk store copy`: a whole SQLite desk into an empty PostgreSQL
//! database in one transaction, verified before it commits (every table's
//! row count, and the audit trail entry by entry). What triggers keep on
//! each engine (the header's counts, the search index) is rebuilt from
//! the copied rows in one statement each rather than row by row.

use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::Type;
use rusqlite::types::ValueRef;

use super::engine::Value;
use super::pg::{self, Target};
use super::{Result, Store, StoreError};

/// The desk's tables in an order where every row's references are
/// copied before it. A test holds this list to the schema.
pub const TABLES: &[&str] = &[
    "customers",
    "subscriptions",
    "chat_groups",
    "packages",
    "escalations",
    "quota_uses",
    "requirements",
    "requirement_events",
    "acceptances",
    "project_owners",
    "inventories",
    "contacts",
    "incidents",
    "changes",
    "change_impacts",
    "drafts",
    "escalation_notes",
    "alarms_rung",
    "alarm_watch",
    "notices",
    "deliveries",
    "delivery_attempts",
    "record_events",
    "audit_log",
];

/// Kept by each engine itself, so made anew on the target: the header's
/// counts, the quota pane's change number and the desk's identity (set to
/// the source's); the search index's tables are FTS5's own. The quota
/// pane's summaries start empty there, with no day settled, so a desk
/// copied back into SQLite computes every one on its first read.
#[cfg(test)]
const DERIVED: &[&str] = &[
    "open_counts",
    "quota_version",
    "store_identity",
    "quota_summary",
    "quota_stale",
    "quota_settled",
];

/// The tables whose triggers keep what is rebuilt after the copy.
const TRIGGERED: &[&str] = &[
    "customers",
    "subscriptions",
    "packages",
    "escalations",
    "quota_uses",
    "escalation_notes",
];

#[derive(Debug, Default, serde::Serialize)]
pub struct Copied {
    /// Each table and the rows it holds on both sides.
    pub tables: Vec<(String, u64)>,
    /// Audit entries compared one by one.
    pub audit_entries: u64,
}

pub(super) fn invalid(label: &str, why: String) -> StoreError {
    StoreError::Invalid(format!("{label}: {why}"))
}

impl Store {
    /// Copies this desk into `to`, which must be empty; `progress` hears
    /// each table as it is done.
    pub fn copy_to_postgres(
        &self,
        to: &Target,
        progress: &mut dyn FnMut(&str, u64),
    ) -> Result<Copied> {
        let mut client = to.connect()?;
        let mut tx = client.transaction()?;
        // Takes the desk's write lock first: no other writer while it fills.
        pg::migrate_in(&mut tx, to.shown())?;
        let label = format!("copy to {}", to.shown());
        let to = label.as_str();
        refuse_unless_empty(&mut tx, to)?;
        // One snapshot of the source for the whole copy.
        let source = self.lite()?.unchecked_transaction()?;
        for table in TRIGGERED {
            tx.batch_execute(&format!("ALTER TABLE {table} DISABLE TRIGGER USER"))?;
        }
        let mut copied = Copied::default();
        for table in TABLES {
            let n = copy_table(&source, &mut tx, table, to)?;
            progress(table, n);
            copied.tables.push(((*table).to_string(), n));
        }
        for table in TRIGGERED {
            tx.batch_execute(&format!("ALTER TABLE {table} ENABLE TRIGGER USER"))?;
        }
        rebuild_derived(&source, &mut tx)?;
        verify_counts(&source, &mut tx, &copied, to)?;
        copied.audit_entries = verify_audit(&source, &mut tx, to)?;
        tx.batch_execute(&format!("NOTIFY {}", super::engine::CHANGED))?;
        tx.commit()?;
        source.finish()?;
        // The planner's statistics and the visibility map for the tables
        // just filled, before the autovacuum daemon gets round to them:
        // without statistics a check such as `ticket import`'s "already
        // kept" picked a poor index (re-importing 10,000 kept rows took
        // 17.5 s before ANALYZE and 1.3 s after); without the map every
        // index-only read, such as the board's position count, visits
        // the table's pages too. Outside the transaction, which a
        // VACUUM cannot run in.
        client.batch_execute("VACUUM (ANALYZE)")?;
        Ok(copied)
    }
}

fn refuse_unless_empty(tx: &mut postgres::Transaction<'_>, to: &str) -> Result<()> {
    let mut held = Vec::new();
    for table in TABLES {
        let n: i64 = tx
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])?
            .get(0);
        if n > 0 {
            held.push(format!("{n} in {table}"));
        }
    }
    if held.is_empty() {
        return Ok(());
    }
    Err(invalid(
        to,
        format!(
            "the database already holds a desk ({}); copy into an empty database \
             (`createdb`), so nothing there is mixed or lost",
            held.join(", ")
        ),
    ))
}

/// The target's columns of `table` that take values (not generated), in
/// order, with their types.
pub(super) fn columns(
    tx: &mut postgres::Transaction<'_>,
    table: &str,
) -> Result<Vec<(String, Type)>> {
    tx.query(
        "SELECT column_name::text, data_type::text FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
         ORDER BY ordinal_position",
        &[&table],
    )?
    .iter()
    .map(|r| {
        let name: String = r.get(0);
        let ty = match r.get::<_, String>(1).as_str() {
            "bigint" => Type::INT8,
            "double precision" => Type::FLOAT8,
            "bytea" => Type::BYTEA,
            "text" => Type::TEXT,
            other => {
                return Err(StoreError::Corrupt(format!(
                    "{table}.{name} is of type {other}"
                )));
            }
        };
        Ok((name, ty))
    })
    .collect()
}

fn copy_table(
    source: &rusqlite::Connection,
    tx: &mut postgres::Transaction<'_>,
    table: &str,
    to: &str,
) -> Result<u64> {
    let cols = columns(tx, table)?;
    let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
    let types: Vec<Type> = cols.iter().map(|(_, t)| t.clone()).collect();
    let list = names.join(", ");
    let sink = tx.copy_in(&format!("COPY {table} ({list}) FROM STDIN (FORMAT binary)"))?;
    let mut writer = BinaryCopyInWriter::new(sink, &types);
    let mut stmt = source.prepare(&format!("SELECT {list} FROM {table}"))?;
    let mut rows = stmt.query([])?;
    let id_at = names.iter().position(|n| *n == "id");
    let mut n = 0_u64;
    while let Some(row) = rows.next()? {
        // A row is named by its id where it has one, else by its place.
        let which = match id_at.map(|i| row.get_ref(i)) {
            Some(Ok(ValueRef::Integer(id))) => format!("id {id}"),
            _ => format!("row {}", n + 1),
        };
        let mut values = Vec::with_capacity(cols.len());
        for (i, (name, ty)) in cols.iter().enumerate() {
            let v =
                match row.get_ref(i)? {
                    ValueRef::Null => Value::Null(super::engine::Kind::Int),
                    ValueRef::Integer(x) => Value::Int(x),
                    ValueRef::Real(x) => Value::Real(x),
                    ValueRef::Text(t) => Value::Text(std::str::from_utf8(t).map_err(|_| {
                        invalid(to, format!("{table} {which}: {name} is not UTF-8"))
                    })?),
                    ValueRef::Blob(b) => Value::Blob(b),
                };
            if !fits(&v, ty) {
                return Err(invalid(
                    to,
                    format!(
                        "{table} {which}: {name} holds {}, which PostgreSQL's {ty} column \
                         cannot take",
                        format!("{:?}", v.kind()).to_lowercase()
                    ),
                ));
            }
            values.push(v);
        }
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> = values
            .iter()
            .map(|v| v as &(dyn postgres::types::ToSql + Sync))
            .collect();
        writer.write(&refs)?;
        n += 1;
    }
    writer.finish()?;
    if names.contains(&"id") && table != "store_identity" {
        // Identity columns go on from the highest copied id.
        tx.execute(
            &format!(
                "SELECT setval(pg_get_serial_sequence($1, 'id'), max(id)) FROM {table} \
                 HAVING max(id) IS NOT NULL"
            ),
            &[&table],
        )?;
    }
    Ok(n)
}

/// Whether a value goes into a column of that type as it is.
fn fits(v: &Value<'_>, ty: &Type) -> bool {
    matches!(v, Value::Null(_)) || v.pg_type() == *ty
}

fn rebuild_derived(
    source: &rusqlite::Connection,
    tx: &mut postgres::Transaction<'_>,
) -> Result<()> {
    tx.batch_execute(
        "DELETE FROM open_counts;
         INSERT INTO open_counts (open_rank, severity, n)
             SELECT open_rank, severity, count(*) FROM escalations
             WHERE open_rank IS NOT NULL GROUP BY open_rank, severity;
         INSERT INTO escalation_search (key, id, words)
             SELECT e.reported_at * 1073741824 + e.id, e.id,
                 sredesk_search_doc(e.ticket_no, e.title, e.description, n.notes)
             FROM escalations e LEFT JOIN (
                 SELECT escalation_id, string_agg(text, E'\\n' ORDER BY id) AS notes
                 FROM escalation_notes GROUP BY escalation_id) n ON n.escalation_id = e.id;",
    )?;
    // The same desk, moved: its deliveries keep their idempotency keys,
    // so one retried after the move is not sent twice.
    let store_id: String = source.query_row(
        "SELECT store_id FROM store_identity WHERE id = 1",
        [],
        |r| r.get(0),
    )?;
    tx.execute("UPDATE store_identity SET store_id = $1", &[&store_id])?;
    Ok(())
}

pub(super) fn verify_counts(
    source: &rusqlite::Connection,
    tx: &mut postgres::Transaction<'_>,
    copied: &Copied,
    to: &str,
) -> Result<()> {
    for (table, n) in &copied.tables {
        let there: i64 = tx
            .query_one(&format!("SELECT count(*) FROM {table}"), &[])?
            .get(0);
        let here: i64 =
            source.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        if u64::try_from(there).ok() != Some(*n) || u64::try_from(here).ok() != Some(*n) {
            return Err(invalid(
                to,
                format!(
                    "{table}: {here} rows here, {there} there after copying {n}; nothing was kept"
                ),
            ));
        }
    }
    Ok(())
}

/// Reads both audit trails in order, side by side, and compares them
/// entry by entry (streamed: a long trail is not held in memory).
pub(super) fn verify_audit(
    source: &rusqlite::Connection,
    tx: &mut postgres::Transaction<'_>,
    to: &str,
) -> Result<u64> {
    use postgres::fallible_iterator::FallibleIterator;
    const ROW: &str = "SELECT id, at, engineer, entity, entity_id, action, detail FROM audit_log \
                       ORDER BY id";
    type Entry = (i64, i64, String, String, i64, String, String);
    let mut here = source.prepare(ROW)?;
    let mut here = here.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    })?;
    let none: [&str; 0] = [];
    let mut there = tx.query_raw(ROW, none)?;
    let mut n = 0_u64;
    loop {
        let a: Option<Entry> = here.next().transpose()?;
        let b: Option<Entry> = there.next()?.map(|r| {
            (
                r.get(0),
                r.get(1),
                r.get(2),
                r.get(3),
                r.get(4),
                r.get(5),
                r.get(6),
            )
        });
        match (a, b) {
            (None, None) => return Ok(n),
            (a, b) if a == b => n += 1,
            _ => {
                return Err(invalid(
                    to,
                    format!(
                        "the audit trail differs at entry {}; nothing was kept",
                        n + 1
                    ),
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_of_the_schema_is_copied_or_rebuilt() {
        let store = Store::open_in_memory().unwrap();
        let mut tables: Vec<String> = store
            .lite()
            .unwrap()
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table'
                 AND name NOT LIKE 'escalation_search%' ORDER BY name",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut listed: Vec<String> = TABLES
            .iter()
            .chain(DERIVED)
            .map(|t| (*t).to_string())
            .collect();
        tables.sort();
        listed.sort();
        assert_eq!(
            listed, tables,
            "a new table: add it to copy::TABLES in reference order"
        );
    }
}
