//! What `sredesk store copy` costs on a big desk, both ways, against a
//! throwaway PostgreSQL server on this machine (the tests' own):
//!
//!     cargo run --release --example pg_copy_figures -- [TICKETS] [CUSTOMERS]
//!
//! Fills a demo store of TICKETS escalations (default 1,000,000) in a
//! scratch directory, copies it into an empty database and back into a new
//! file, and prints each phase's time, the rows copied and the sizes.

use std::time::Instant;

use chrono::Utc;
use sredesk::store::Store;
use sredesk::store::pg::{Target, cluster};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let tickets: usize = args
        .next()
        .map_or(Ok(1_000_000), |n| n.replace('_', "").parse())?;
    let customers: usize = args.next().map_or(Ok(1_000), |n| n.parse())?;
    let pg = cluster::shared().map_err(|e| anyhow::anyhow!("no PostgreSQL server: {e}"))?;
    let scratch = tempfile::tempdir()?;

    let began = Instant::now();
    let path = scratch.path().join("desk.db");
    let mut store = Store::open(&path)?;
    sredesk::demo::fill(&mut store, customers, tickets, 1, Utc::now())?;
    let file_mb = std::fs::metadata(&path)?.len() as f64 / 1e6;
    println!(
        "demo store: {tickets} escalations, {customers} customers, {file_mb:.0} MB, made in {:.1} s",
        began.elapsed().as_secs_f64()
    );

    let url = pg.fresh_database("copy_figures");
    let to = Target::parse(&url)?;
    let began = Instant::now();
    let mut last = began;
    let mut slowest: Vec<(f64, String)> = Vec::new();
    let copied = store.copy_to_postgres(&to, &mut |table, _| {
        slowest.push((last.elapsed().as_secs_f64(), table.to_string()));
        last = Instant::now();
    })?;
    let there = began.elapsed().as_secs_f64();
    let tables_took: f64 = slowest.iter().map(|(t, _)| t).sum();
    slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
    let top: Vec<String> = slowest
        .iter()
        .take(3)
        .map(|(t, name)| format!("{name} {t:.1} s"))
        .collect();
    let rows: u64 = copied.tables.iter().map(|(_, n)| n).sum();
    let name = url.rsplit('/').next().unwrap_or_default();
    let db_mb = pg
        .superuser(name)?
        .query_one("SELECT pg_database_size(current_database())", &[])?
        .get::<_, i64>(0) as f64
        / 1e6;
    println!(
        "  rows copied in {tables_took:.1} s (slowest: {}); schema, rebuilt index and \
         verification {:.1} s",
        top.join(", "),
        there - tables_took
    );
    println!(
        "to PostgreSQL: {rows} rows in {} tables, {} audit entries compared, {there:.1} s \
         ({:.0} rows/s), database {db_mb:.0} MB",
        copied.tables.len(),
        copied.audit_entries,
        rows as f64 / there
    );

    let back = scratch.path().join("back.db");
    let mut fresh = Store::open(&back)?;
    let began = Instant::now();
    let copied = fresh.copy_from_postgres(&to, &mut |_, _| {})?;
    let again = began.elapsed().as_secs_f64();
    let back_rows: u64 = copied.tables.iter().map(|(_, n)| n).sum();
    println!(
        "back to SQLite: {back_rows} rows, {} audit entries compared, {again:.1} s ({:.0} rows/s)",
        copied.audit_entries,
        back_rows as f64 / again
    );
    Ok(())
}
