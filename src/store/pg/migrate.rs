//! The schema on PostgreSQL, versioned as SQLite's is: one number for
//! both engines, the same step at the same number. A new database starts
//! from the baseline (SQLite's steps 1 to 18 at once); every later SQLite
//! step has its PostgreSQL twin in [`STEPS`], and a test holds the two
//! lists to the same length.

use crate::store::engine::WRITE_LOCK;
use crate::store::schema::Migrated;
use crate::store::{Result, StoreError};

/// SQLite's application id, kept in `sredesk_schema`.
pub const APPLICATION: i64 = crate::store::schema::APPLICATION_ID as i64;

pub(super) const BASELINE: &str = include_str!("schema_v18.sql");
pub(super) const BASELINE_VERSION: usize = 18;

/// The steps after the baseline, in order: `STEPS[0]` is version 19.
const STEPS: &[&str] = &[
    include_str!("schema_v19_sort_columns.sql"),
    include_str!("schema_v20_board_filter.sql"),
    include_str!("schema_v21_quota_summary.sql"),
    include_str!("schema_v22_board_text.sql"),
    include_str!("schema_v23_search_words.sql"),
    include_str!("schema_v24_search_fold.sql"),
];

pub fn latest_version() -> usize {
    BASELINE_VERSION + STEPS.len()
}

/// What the database holds: ours at a version, nothing, or someone else's.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    Empty,
    Ours { version: usize },
    Foreign { why: String },
}

/// Reads what the connected database is, writing nothing.
pub fn version(client: &mut impl postgres::GenericClient) -> Result<Found> {
    let marked: bool = client
        .query_one("SELECT to_regclass('sredesk_schema') IS NOT NULL", &[])?
        .get(0);
    if marked {
        let row = client.query_opt("SELECT application, version FROM sredesk_schema", &[])?;
        return Ok(match row {
            Some(r) if r.get::<_, i64>(0) == APPLICATION => Found::Ours {
                version: usize::try_from(r.get::<_, i64>(1)).unwrap_or(0),
            },
            Some(r) => Found::Foreign {
                why: format!(
                    "its sredesk_schema names application {}",
                    r.get::<_, i64>(0)
                ),
            },
            None => Found::Foreign {
                why: "its sredesk_schema table is empty".into(),
            },
        });
    }
    let tables: Vec<String> = client
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()
             ORDER BY tablename LIMIT 4",
            &[],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(if tables.is_empty() {
        Found::Empty
    } else {
        Found::Foreign {
            why: format!(
                "it has other tables ({}) and no sredesk_schema",
                tables.join(", ")
            ),
        }
    })
}

/// Brings the database to the latest version inside one transaction,
/// holding the desk's write lock: a second process starting at once waits,
/// then finds the work done. A database from a newer sredesk is left as
/// it is.
pub fn migrate(client: &mut postgres::Client, shown: &str) -> Result<Migrated> {
    let mut tx = client.transaction()?;
    let migrated = migrate_in(&mut tx, shown)?;
    tx.commit()?;
    Ok(migrated)
}

/// The same inside a transaction the caller commits (a copy makes the
/// schema and fills it in one).
pub fn migrate_in(tx: &mut postgres::Transaction<'_>, shown: &str) -> Result<Migrated> {
    let failed = |e: postgres::Error| StoreError::Migration {
        path: shown.into(),
        reason: crate::store::fault::describe_pg(&e),
    };
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
        .map_err(failed)?;
    let from = match version(tx)? {
        Found::Foreign { why } => {
            return Err(StoreError::Foreign {
                path: shown.into(),
                why,
            });
        }
        Found::Ours { version } if version > latest_version() => {
            return Ok(Migrated::TooNew { found: version });
        }
        Found::Ours { version } if version < BASELINE_VERSION => {
            return Err(StoreError::Migration {
                path: shown.into(),
                reason: format!("version {version} is older than any PostgreSQL desk"),
            });
        }
        Found::Ours { version } if version == latest_version() => {
            return Ok(Migrated::UpTo { from: version });
        }
        Found::Ours { version } => version,
        Found::Empty => {
            tx.batch_execute(BASELINE).map_err(failed)?;
            tx.execute(
                "INSERT INTO sredesk_schema (id, application, version) VALUES (1, $1, $2)",
                &[&APPLICATION, &(BASELINE_VERSION as i64)],
            )
            .map_err(failed)?;
            0
        }
    };
    for step in &STEPS[from.max(BASELINE_VERSION) - BASELINE_VERSION..] {
        tx.batch_execute(step).map_err(failed)?;
    }
    tx.execute(
        "UPDATE sredesk_schema SET version = $1",
        &[&(latest_version() as i64)],
    )
    .map_err(failed)?;
    Ok(Migrated::UpTo { from })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sqlite_step_has_its_postgresql_twin() {
        assert_eq!(
            latest_version(),
            crate::store::schema::latest_version(),
            "a schema step was added for SQLite: add its PostgreSQL twin to pg::migrate::STEPS"
        );
    }
}
