//! `sredesk --db postgres://… store copy --to FILE`: a PostgreSQL desk
//! back into a new SQLite file, in one transaction on each side (one
//! snapshot read, one write), verified as the copy the other way is.
//! SQLite's own triggers keep the header's counts and the search index
//! as the rows go in.

use postgres::fallible_iterator::FallibleIterator;
use rusqlite::types::Value as LiteValue;

use super::copy::{Copied, TABLES, columns, invalid, verify_audit, verify_counts};
use super::engine::PgCell;
use super::pg::{self, Target};
use super::{Result, Store};

impl Store {
    /// Fills this store, which must hold no desk yet, from `from`.
    pub fn copy_from_postgres(
        &mut self,
        from: &Target,
        progress: &mut dyn FnMut(&str, u64),
    ) -> Result<Copied> {
        let label = format!("copy from {}", from.shown());
        let mut client = from.connect()?;
        let mut source = client
            .build_transaction()
            .isolation_level(postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()?;
        match pg::version(&mut source)? {
            pg::Found::Ours { version } if version == pg::latest_version() => {}
            pg::Found::Ours { version } => {
                return Err(invalid(
                    &label,
                    format!(
                        "the desk there is at version {version}, this sredesk writes {}; \
                         open it with the sredesk that matches first",
                        pg::latest_version()
                    ),
                ));
            }
            _ => return Err(invalid(&label, "the database holds no sredesk desk".into())),
        }
        self.refuse_if_read_only()?;
        let path = self.path.clone();
        let target = self
            .lite_mut()?
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let held: Vec<String> = TABLES
            .iter()
            .filter_map(|t| {
                let n: rusqlite::Result<i64> =
                    target.query_row(&format!("SELECT count(*) FROM {t}"), [], |r| r.get(0));
                match n {
                    Ok(0) => None,
                    Ok(n) => Some(Ok(format!("{n} in {t}"))),
                    Err(e) => Some(Err(e)),
                }
            })
            .collect::<rusqlite::Result<_>>()?;
        if !held.is_empty() {
            return Err(invalid(
                &label,
                format!(
                    "{} already holds a desk ({}); copy into a new file",
                    path.display(),
                    held.join(", ")
                ),
            ));
        }
        let mut copied = Copied::default();
        for table in TABLES {
            let cols = columns(&mut source, table)?;
            let list: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
            let marks: Vec<String> = (1..=list.len()).map(|i| format!("?{i}")).collect();
            let mut insert = target.prepare(&format!(
                "INSERT INTO {table} ({}) VALUES ({})",
                list.join(", "),
                marks.join(", ")
            ))?;
            let none: [&str; 0] = [];
            let mut rows =
                source.query_raw(&format!("SELECT {} FROM {table}", list.join(", ")), none)?;
            let mut n = 0_u64;
            while let Some(row) = rows.next()? {
                let values: Vec<LiteValue> = (0..list.len())
                    .map(|i| {
                        Ok(match row.try_get::<_, PgCell>(i)? {
                            PgCell::Null => LiteValue::Null,
                            PgCell::Int(x) => LiteValue::Integer(x),
                            PgCell::Real(x) => LiteValue::Real(x),
                            PgCell::Text(t) => LiteValue::Text(t),
                            PgCell::Blob(b) => LiteValue::Blob(b),
                        })
                    })
                    .collect::<Result<_>>()?;
                insert.execute(rusqlite::params_from_iter(values))?;
                n += 1;
            }
            progress(table, n);
            copied.tables.push(((*table).to_string(), n));
        }
        // The same desk, moved: see `copy_to_postgres`.
        let store_id: String = source
            .query_one("SELECT store_id FROM store_identity WHERE id = 1", &[])?
            .get(0);
        target.execute("UPDATE store_identity SET store_id = ?1", [&store_id])?;
        verify_counts(&target, &mut source, &copied, &label)?;
        copied.audit_entries = verify_audit(&target, &mut source, &label)?;
        target.commit()?;
        source.commit()?;
        Ok(copied)
    }
}
