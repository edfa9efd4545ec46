//! `sredesk store copy --to postgres://…`: the desk's SQLite file into an
//! empty PostgreSQL database, in one transaction, verified before it
//! commits. On a terminal, stderr says which table it is on.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use anyhow::bail;
use clap::{Args, Subcommand};

use super::print::json_line;
use crate::desk::Desk;
use crate::store::Copied;
use crate::store::pg::{Target, is_url};

#[derive(Debug, Subcommand)]
pub enum StoreCommand {
    /// Copy the whole desk (--db) into an empty PostgreSQL database, or a
    /// PostgreSQL desk (--db postgres://…) into a new SQLite file, in one
    /// transaction: every table's rows counted on both sides and the audit
    /// trail compared entry by entry before it commits
    Copy(CopyArgs),
}

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// Where to: postgres://USER@HOST[:PORT]/DB[?sslmode=require] (the
    /// password from PGPASSWORD or ~/.pgpass, never the URL), or a new
    /// SQLite file when --db is a PostgreSQL desk
    #[arg(long, value_name = "URL")]
    pub to: String,
    /// One JSON object: each table's rows and the audit entries compared
    #[arg(long)]
    pub json: bool,
}

pub fn run(desk: &Desk, c: &StoreCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let StoreCommand::Copy(a) = c;
    let from = desk.store_path()?;
    let from_url = from.to_str().filter(|p| is_url(p));
    let began = Instant::now();
    let (copied, from_shown, to_shown) = match (from_url, is_url(&a.to)) {
        (None, true) => {
            let to = Target::parse(&a.to)?;
            let store = desk.open_existing_store()?;
            let copied = with_progress(|p| store.copy_to_postgres(&to, p))?;
            (
                copied,
                store.path().display().to_string(),
                to.shown().to_string(),
            )
        }
        (Some(url), false) => {
            let source = Target::parse(url)?;
            let path = std::path::PathBuf::from(&a.to);
            let made = !path.exists();
            let copied = desk
                .open_at(&path)
                .and_then(|mut store| Ok(with_progress(|p| store.copy_from_postgres(&source, p))?));
            // A file this command made and could not fill is not left behind.
            if copied.is_err()
                && made
                && let Err(e) = crate::desk::remove_store_files(&path)
            {
                tracing::warn!("removing the unfilled {}: {e}", path.display());
            }
            (
                copied?,
                source.shown().to_string(),
                path.display().to_string(),
            )
        }
        (None, false) => bail!(
            "--to {}: a copy goes between SQLite and PostgreSQL; name a database \
             (postgres://USER@HOST/DB), or give the PostgreSQL desk as --db",
            a.to
        ),
        (Some(url), true) => bail!(
            "--db {} and --to {} are both PostgreSQL: copy a database with pg_dump",
            crate::store::pg::mask(url),
            crate::store::pg::mask(&a.to)
        ),
    };
    print_copied(out, a.json, &copied, &from_shown, &to_shown, began)
}

/// Runs `copy`, saying on a terminal's stderr which table it is on.
fn with_progress<T>(
    copy: impl FnOnce(&mut dyn FnMut(&str, u64)) -> crate::store::Result<T>,
) -> crate::store::Result<T> {
    let mut err = std::io::stderr();
    let tty = err.is_terminal();
    let mut progress = |table: &str, rows: u64| {
        if tty
            && let Err(e) =
                write!(err, "\r\x1b[2Kcopy: {table} ({rows} rows)").and_then(|()| err.flush())
        {
            tracing::debug!("copy progress not shown: {e}");
        }
    };
    let copied = copy(&mut progress);
    if tty && let Err(e) = write!(err, "\r\x1b[2K") {
        tracing::debug!("copy progress not cleared: {e}");
    }
    copied
}

fn print_copied(
    out: &mut dyn Write,
    json: bool,
    copied: &Copied,
    from: &str,
    to: &str,
    began: Instant,
) -> anyhow::Result<()> {
    if json {
        json_line(out, copied)?;
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
        "copied {from} to {to} in {:.1} s",
        began.elapsed().as_secs_f64()
    )?;
    Ok(())
}
