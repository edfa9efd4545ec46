//! Fault figures for the store, re-measurable: the real `sredesk` binary
//! against a real store file, (1) killed with SIGKILL at random moments
//! while it writes, and (2) several writers at once. Prints the writes
//! acknowledged (the command exited 0 having printed the id), those lost
//! (acknowledged but not in the store), duplicates, torn writes (an
//! escalation without its audit line) and SQLite's integrity check; exits
//! 1 if any is wrong.
//!
//!     scripts/fault-figures.sh            # or, after a release build:
//!     cargo run --release --example fault_figures -- [KILLS] [WRITERS] [EACH]
//!
//! Defaults: 200 killed runs, 8 writers of 25 each. `SREDESK_BIN` names
//! the binary (default: `sredesk` beside this example's directory).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use anyhow::{Context as _, bail};
use rusqlite::Connection;

const NOW: &str = "2026-11-22T10:00:00Z";

struct Desk {
    bin: PathBuf,
    dir: tempfile::TempDir,
}

impl Desk {
    fn db(&self) -> PathBuf {
        self.dir.path().join("faults.db")
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.bin);
        let d = self.dir.path();
        c.args(args)
            .env("SREDESK_DB", self.db())
            .env("SREDESK_NOW", NOW)
            .env("SREDESK_ENGINEER", "faults")
            .env("XDG_CONFIG_HOME", d.join("config"))
            .env("XDG_DATA_HOME", d.join("data"))
            .env("XDG_STATE_HOME", d.join("state"))
            .env_remove("SREDESK_CONFIG")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        c
    }

    fn ok(&self, args: &[&str]) -> anyhow::Result<()> {
        let out = self.cmd(args).output()?;
        if !out.status.success() {
            bail!("{args:?} failed: {:?}", out.status);
        }
        Ok(())
    }
}

/// One `ticket add` of an S3 numbered `ticket_no` (no blanks in it).
fn add_args(ticket_no: &str) -> Vec<String> {
    format!(
        "ticket add --customer Acme --severity S3 --kind general --ticket-no {ticket_no} \
         --title fault-run --json"
    )
    .split_whitespace()
    .map(String::from)
    .collect()
}

/// Whether a finished `ticket add` acknowledged its write.
fn acknowledged(out: &std::process::Output) -> bool {
    out.status.success() && String::from_utf8_lossy(&out.stdout).contains("\"id\"")
}

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let kills: usize = args.next().map_or(Ok(200), |s| s.parse())?;
    let writers: usize = args.next().map_or(Ok(8), |s| s.parse())?;
    let each: usize = args.next().map_or(Ok(25), |s| s.parse())?;
    let bin = match std::env::var_os("SREDESK_BIN") {
        Some(b) => PathBuf::from(b),
        None => std::env::current_exe()?
            .parent()
            .and_then(Path::parent)
            .context("where is the sredesk binary? set SREDESK_BIN")?
            .join("sredesk"),
    };
    let desk = Desk {
        bin,
        dir: tempfile::tempdir()?,
    };
    desk.ok(&["customer", "add", "--name", "Acme", "--kind", "local"])?;
    desk.ok(&[
        "subscription",
        "add",
        "--customer",
        "Acme",
        "--applied-on",
        "2026-10-20",
        "--start",
        "2026-11-01",
        "--months",
        "12",
    ])?;

    // 1. SIGKILL at a random moment of each run (std's kill is SIGKILL).
    let mut acked = BTreeSet::new();
    for i in 0..kills {
        let no = format!("K-{i}");
        let mut child = desk.cmd(&[]).args(add_args(&no)).spawn()?;
        std::thread::sleep(Duration::from_micros(fastrand::u64(0..20_000)));
        if let Err(e) = child.kill() {
            // It ended first: nothing to kill.
            eprintln!("run {i}: {e}");
        }
        if acknowledged(&child.wait_with_output()?) {
            acked.insert(no);
        }
    }
    let killed = report(&desk.db(), "K-", &acked, kills, "kill -9 at writes")?;

    // 2. Writers at once, each adding its own escalations one by one.
    let acked: BTreeSet<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..writers)
            .map(|w| {
                let desk = &desk;
                s.spawn(move || {
                    (0..each)
                        .filter_map(|i| {
                            let no = format!("C-{w}-{i}");
                            let out = desk.cmd(&[]).args(add_args(&no)).output().ok()?;
                            acknowledged(&out).then_some(no)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let label = format!("{writers} concurrent writers");
    let concurrent = report(&desk.db(), "C-", &acked, writers * each, &label)?;

    let conn = Connection::open(desk.db())?;
    let integrity: String = conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
    println!("integrity_check: {integrity}");
    if killed + concurrent > 0 || integrity != "ok" {
        std::process::exit(1);
    }
    Ok(())
}

/// Prints one phase's figures; returns how many were wrong.
fn report(
    db: &Path,
    prefix: &str,
    acked: &BTreeSet<String>,
    tried: usize,
    label: &str,
) -> anyhow::Result<usize> {
    let conn = Connection::open(db)?;
    let mut stmt = conn.prepare(
        "SELECT e.ticket_no,
                (SELECT COUNT(*) FROM audit_log a
                 WHERE a.entity = 'escalation' AND a.entity_id = e.id AND a.action = 'reported')
         FROM escalations e WHERE e.ticket_no LIKE ?1 || '%'",
    )?;
    let mut stored: BTreeMap<String, usize> = BTreeMap::new();
    let mut torn = 0;
    let rows = stmt.query_map([prefix], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    for row in rows {
        let (no, audited) = row?;
        *stored.entry(no).or_default() += 1;
        if audited != 1 {
            torn += 1;
        }
    }
    let lost = acked.iter().filter(|no| !stored.contains_key(*no)).count();
    let duplicates: usize = stored.values().map(|n| n - 1).sum();
    let unsaid = stored.keys().filter(|no| !acked.contains(*no)).count();
    println!(
        "{label}: {tried} runs, {} acknowledged, {} in the store ({unsaid} written but not \
         acknowledged); lost {lost}, duplicates {duplicates}, torn {torn}",
        acked.len(),
        stored.len()
    );
    Ok(lost + duplicates + torn)
}
