//! `ticket import`'s store path: 10,000 rows for 20 subscribed customers
//! tried in one transaction, each under its savepoint, through the same
//! insert as `ticket add` (subscription check, quota unit, audit). Each
//! customer's month of faster and expert units is used by the file, the
//! rest are general. Measured for a real import (into a fresh copy of the
//! same store each time) and a dry run (rolled back).
//!
//! The base store is generated once into Cargo's target tmp dir and
//! reused. `scripts/import-figure.sh` times the whole command, file
//! reading included, for the README's figure.

// A test or a benchmark that cannot set up fails: unwrapping says where.
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use criterion::{BatchSize, Criterion, Throughput};

use sredesk::domain::subscription::NewSubscription;
use sredesk::domain::{CustomerKind, EscalationKind, NewCustomer, NewEscalation, Severity};
use sredesk::store::{Actor, Imported, Store};

const ROWS: usize = 10_000;
const CUSTOMERS: usize = 20;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

fn actor() -> Actor<'static> {
    Actor {
        engineer: "bench",
        now: now(),
    }
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-stores")
}

/// 20 customers, each subscribed for a year from 1 November 2026.
fn base_store() -> PathBuf {
    let path = dir().join(format!(
        "import-base-{:016x}.db",
        sredesk::store::schema::fingerprint()
    ));
    if path.exists() {
        return path;
    }
    let partial = path.with_extension("partial");
    // A store left half written by an interrupted run.
    if partial.exists() {
        std::fs::remove_file(&partial).unwrap();
    }
    std::fs::create_dir_all(dir()).unwrap();
    let mut s = Store::open(&partial).unwrap();
    let day = |d| NaiveDate::from_ymd_opt(2026, 10, d).unwrap();
    for c in 1..=CUSTOMERS {
        let name = format!("Customer {c}");
        s.add_customer(
            &NewCustomer {
                name: name.clone(),
                kind: CustomerKind::Local,
                owner: None,
            },
            actor(),
        )
        .unwrap();
        let year = NewSubscription {
            applied_on: day(20),
            start_on: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            months: 12,
        };
        s.add_subscription(&name, &year, None, actor()).unwrap();
    }
    // Closed, so the file holds everything without its write-ahead log.
    drop(s);
    std::fs::rename(&partial, &path).unwrap();
    path
}

/// The rows of the README's figure, oldest first over the 20 days before
/// now: the first 10 of each customer's rows faster, the next 5 expert.
fn rows() -> Vec<(usize, NewEscalation)> {
    let span = Duration::days(20).num_seconds();
    (0..ROWS)
        .map(|i| {
            let c = i % CUSTOMERS + 1;
            let n = i / CUSTOMERS;
            let kind = match n {
                0..10 => EscalationKind::Faster,
                10..15 => EscalationKind::Expert,
                _ => EscalationKind::General,
            };
            let back = (ROWS - i) as i64 * span / ROWS as i64;
            let row = NewEscalation {
                customer: format!("Customer {c}"),
                ticket_no: format!("IMP-{i:06}"),
                title: format!("ECS instance {i} unreachable, cn-north-4"),
                description: format!("seen by the customer at {i}\nafter a restart"),
                kind,
                severity: Severity::ALL[i % 5],
                reported_at: now() - Duration::seconds(back),
            };
            (i + 2, row)
        })
        .collect()
}

/// A store of its own for one run: a copy of the base.
fn fresh(base: &Path, run: &Path) -> Store {
    remove_store(run);
    std::fs::copy(base, run).unwrap();
    Store::open(run).unwrap()
}

fn check(outcome: &sredesk::store::ImportOutcome) {
    let added = outcome
        .rows
        .iter()
        .filter(|r| matches!(r.result, Imported::Added { .. }))
        .count();
    assert_eq!(added, ROWS, "every row is added");
}

fn bench(c: &mut Criterion) {
    let base = base_store();
    let rows = rows();
    let run = dir().join("import-run.db");
    let mut group = c.benchmark_group("import");
    // A run takes a good fraction of a second: ten samples are plenty,
    // given the time to take them.
    group.sample_size(10);
    group.measurement_time(std::time::Duration::from_secs(10));
    group.throughput(Throughput::Elements(ROWS as u64));
    group.bench_function("10k_rows", |b| {
        b.iter_batched(
            || fresh(&base, &run),
            |mut s| {
                let outcome = s.import_escalations(&rows, actor(), false).unwrap();
                assert!(outcome.written);
                check(&outcome);
                s
            },
            BatchSize::PerIteration,
        )
    });
    let mut s = fresh(&base, &run);
    group.bench_function("10k_rows_dry_run", |b| {
        b.iter(|| {
            let outcome = s.import_escalations(&rows, actor(), true).unwrap();
            check(&outcome);
        })
    });
    group.finish();
    drop(s);
    remove_store(&run);
}

/// The file and its write-ahead log, so no run inherits another's.
fn remove_store(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        if Path::new(&p).exists() {
            std::fs::remove_file(&p).unwrap();
        }
    }
}

criterion::criterion_group!(benches, bench);
criterion::criterion_main!(benches);
