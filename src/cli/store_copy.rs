//! `sredesk store copy --to postgres://…`: the desk's SQLite file into an
//! empty PostgreSQL database, in one transaction, verified before it
//! commits. On a terminal, stderr says which table it is on.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use anyhow::bail;
use clap::{Args, Subcommand};

use super::print::json_line;
use crate::desk::Desk;
use crate::store::pg::{Target, is_url};

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Copy the whole desk (--db) into an empty PostgreSQL database, in
    /// one transaction: every table's rows counted on both sides and the
    /// audit trail compared entry by entry before it commits
    Copy(CopyArgs),
}

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The database to fill: postgres://USER@HOST[:PORT]/DB[?sslmode=require].
    /// The password comes from PGPASSWORD or ~/.pgpass, never the URL
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// One JSON object: each table's rows and the audit entries compared
    #[arg(long)]
    pub json: bool,
}

pub fn run(desk: &Desk, c: &StoreCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let StoreCommand::Copy(a) = c;
    if !is_url(&a.to) {
        bail!(
            "--to {}: name a PostgreSQL database (postgres://USER@HOST/DB); a copy into \
             an SQLite file is not built yet",
            a.to
        );
    }
    let to = Target::parse(&a.to)?;
    let store = desk.open_existing_store()?;
    let mut err = std::io::stderr();
    let tty = err.is_terminal();
    let began = Instant::now();
    let mut progress = |table: &str, rows: u64| {
        if tty
            && let Err(e) =
                write!(err, "\r\x1b[2Kcopy: {table} ({rows} rows)").and_then(|()| err.flush())
        {
            tracing::debug!("copy progress not shown: {e}");
        }
    };
    let copied = store.copy_to_postgres(&to, &mut progress);
    if tty && let Err(e) = write!(err, "\r\x1b[2K") {
        tracing::debug!("copy progress not cleared: {e}");
    }
    let copied = copied?;
    if a.json {
        json_line(out, &copied)?;
        return Ok(());
    }
    let width = copied
        .tables
        .iter()
        .map(|(t, _)| t.len())
        .max()
        .unwrap_or(0);
    for (table, rows) in &copied.tables {
        writeln!(out, "{table:<width$}  {rows:>9}")?;
    }
    writeln!(
        out,
        "audit trail: {} entries, the same on both sides",
        copied.audit_entries
    )?;
    writeln!(
        out,
        "copied {} to {} in {:.1} s",
        store.path().display(),
        to.shown(),
        began.elapsed().as_secs_f64()
    )?;
    Ok(())
}
