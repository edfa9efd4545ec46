//! What `synchronous = FULL` costs per write against NORMAL, in WAL mode
//! as the store runs, on the disk the store lives on:
//!
//!     cargo run --release --example sync_cost -- [DIR] [WRITES]
//!
//! Each write is what a store write is: one IMMEDIATE transaction with a
//! row and its audit line. DIR defaults to the current directory (not
//! /tmp, which may be memory, where a sync costs nothing).

use std::time::Instant;

use rusqlite::Connection;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| ".".into());
    let writes: usize = args.next().map_or(Ok(500), |n| n.parse())?;
    let scratch = tempfile::tempdir_in(&dir)?;
    for mode in ["NORMAL", "FULL"] {
        let path = scratch.path().join(format!("{mode}.db"));
        let conn = Connection::open(&path)?;
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        conn.pragma_update(None, "synchronous", mode)?;
        conn.execute_batch(
            "CREATE TABLE things (id INTEGER PRIMARY KEY, title TEXT NOT NULL, at INTEGER);
             CREATE TABLE audit (id INTEGER PRIMARY KEY, thing INTEGER, detail TEXT);",
        )?;
        let mut each = Vec::with_capacity(writes);
        for i in 0..writes {
            let start = Instant::now();
            conn.execute_batch(&format!(
                "BEGIN IMMEDIATE;
                 INSERT INTO things (title, at) VALUES ('escalation {i}', {i});
                 INSERT INTO audit (thing, detail) VALUES (last_insert_rowid(), 'added');
                 COMMIT;"
            ))?;
            each.push(start.elapsed().as_secs_f64() * 1000.0);
        }
        each.sort_by(f64::total_cmp);
        let median = each[writes / 2];
        let p99 = each[(writes * 99 / 100).min(writes - 1)];
        let mean = each.iter().sum::<f64>() / writes as f64;
        println!(
            "synchronous = {mode:<6}  {writes} writes: mean {mean:.3} ms, median {median:.3} ms, \
             p99 {p99:.3} ms"
        );
    }
    Ok(())
}
