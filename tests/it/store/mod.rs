//! The store as a file on disk: creation, migration, refusal of files it
//! must not touch, several connections at once, and the integrity rules
//! the schema itself enforces.

use std::path::Path;
use std::sync::Barrier;

use chrono::{DateTime, Duration, TimeZone, Utc};
use rusqlite::Connection;
use rusqlite::types::Value;

use sredesk::domain::{
    CustomerKind, EscalationKind, EscalationState, NewCustomer, NewEscalation, OutOfScopeReason,
    Severity, TriageOp,
};
use sredesk::store::{Actor, ListFilter, Store, StoreError, schema};

mod connections;
mod desk_notices_migration;
mod files;
mod integrity;
mod modes;
mod opening;
mod pause_migration;
mod pg_copy;
mod pg_demo;
mod pg_desk;
mod pg_import;
mod pg_notices;
mod pg_pipeline;
mod pg_tickets;
mod pg_tls;
mod search_migration;
mod sort_migration;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
}

fn actor(engineer: &str) -> Actor<'_> {
    Actor {
        engineer,
        now: t0() + Duration::minutes(10),
    }
}

fn customer(name: &str) -> NewCustomer {
    NewCustomer {
        name: name.into(),
        kind: CustomerKind::Local,
        owner: Some("Wang Li".into()),
    }
}

fn escalation(customer: &str, ticket_no: &str, severity: Severity) -> NewEscalation {
    NewEscalation {
        customer: customer.into(),
        ticket_no: ticket_no.into(),
        title: format!("problem {ticket_no}"),
        description: "details".into(),
        kind: EscalationKind::General,
        severity,
        reported_at: t0(),
    }
}

/// A store file in a fresh temporary directory, with customer "Acme".
fn store_with_customer() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let mut store = Store::open(&path).unwrap();
    store
        .add_customer(&customer("Acme"), actor("alice"))
        .unwrap();
    subscribe(&mut store, "Acme");
    (dir, path, store)
}

/// A year's subscription from the start of t0's month: escalations are
/// for subscribers only.
fn subscribe(store: &mut Store, name: &str) {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let sub = sredesk::domain::subscription::NewSubscription {
        applied_on: start - chrono::Days::new(7),
        start_on: start,
        months: 12,
    };
    store
        .add_subscription(name, &sub, None, actor("alice"))
        .unwrap();
}

fn user_version(path: &Path) -> i64 {
    crate::common::raw_connection(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// Every row of a table, every column, read through a separate connection.
fn dump(path: &Path, table: &str) -> Vec<Vec<Value>> {
    let conn = crate::common::raw_connection(path).unwrap();
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY id"))
        .unwrap();
    let n = stmt.column_count();
    stmt.query_map([], |r| (0..n).map(|i| r.get::<_, Value>(i)).collect())
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn count(path: &Path, table: &str) -> i64 {
    crate::common::raw_connection(path)
        .unwrap()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

/// A file at schema `version` with foreign keys on, as an older sredesk
/// left it.
fn old_file(path: &Path, version: usize) -> Connection {
    let mut conn = crate::common::raw_connection(path).unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    schema::migrate_to(&mut conn, version).unwrap();
    conn
}

/// No row points at one that is not there.
fn assert_foreign_keys_hold(path: &Path) {
    let conn = crate::common::raw_connection(path).unwrap();
    let broken: Vec<String> = conn
        .prepare("PRAGMA foreign_key_check")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(broken.is_empty(), "{broken:?}");
}
