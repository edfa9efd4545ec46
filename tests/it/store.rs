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
    (dir, path, store)
}

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

/// Every row of a table, every column, read through a separate connection.
fn dump(path: &Path, table: &str) -> Vec<Vec<Value>> {
    let conn = Connection::open(path).unwrap();
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
    Connection::open(path)
        .unwrap()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn open_creates_missing_directories_at_the_latest_version_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/c/s.db");
    assert!(!path.parent().unwrap().exists());
    let store = Store::open(&path).unwrap();
    assert!(path.exists());
    assert_eq!(store.path(), path);
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
    assert!(schema::latest_version() >= 2);
    assert_eq!(store.escalation_count().unwrap(), 0);
    assert!(store.customers().unwrap().is_empty());

    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    assert_eq!(user_version(&path), schema::latest_version() as i64);
    drop(store);

    // Opening again is a no-op for the schema.
    let again = Store::open(&path).unwrap();
    assert_eq!(again.schema_version().unwrap(), schema::latest_version());
}

#[test]
fn an_old_version_file_is_brought_up_to_date_keeping_its_data() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        schema::migrate_to(&mut conn, 1).unwrap();
        assert_eq!(user_version(&path), 1);
        conn.execute(
            "INSERT INTO customers (name, kind, owner, created_at) \
             VALUES ('Acme', 'local', 'Wang Li', ?1)",
            [t0().timestamp()],
        )
        .unwrap();
        // An escalation from the old version too: the new indexes must
        // cover rows that predate them.
        conn.execute(
            "INSERT INTO escalations (customer_id, ticket_no, title, kind, severity, state, \
             open_rank, reported_at, deadline, updated_at) \
             VALUES (1, 'OLD-1', 'from v1', 'expert', 2, 'new', 0, ?1, ?2, ?1)",
            [t0().timestamp(), (t0() + Duration::minutes(30)).timestamp()],
        )
        .unwrap();
        // Version 1 had no audit log.
        let audit: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM sqlite_master WHERE name = 'audit_log'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(audit, 0);
    }

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
    let customers = store.customers().unwrap();
    assert_eq!(customers.len(), 1);
    assert_eq!(customers[0].name, "Acme");
    assert_eq!(customers[0].owner.as_deref(), Some("Wang Li"));
    assert_eq!(customers[0].created_at, t0());

    let old = store.escalation(1).unwrap();
    assert_eq!(old.ticket_no, "OLD-1");
    assert_eq!(old.severity, Severity::S2);
    assert_eq!(old.state, EscalationState::New);
    assert!(store.escalation_history(1).unwrap().is_empty());
    // The header's counts include the escalation that predates them.
    let counts = store.board_counts(t0()).unwrap();
    assert_eq!((counts.open, counts.awaiting), (1, 1));
    assert_eq!(counts.per_severity, [0, 1, 0, 0, 0]);

    let e = store
        .add_escalation(&escalation("Acme", "NEW-1", Severity::S1), actor("alice"))
        .unwrap();
    assert_eq!(e.id, 2);
    assert_eq!(e.deadline, t0() + Duration::minutes(15));
    assert_eq!(store.escalation_history(e.id).unwrap().len(), 1);
    store
        .triage(1, &TriageOp::Acknowledge, actor("alice"))
        .unwrap();
    assert_eq!(store.escalation_count().unwrap(), 2);

    let mut open = Vec::new();
    store
        .for_each_escalation(
            &ListFilter {
                open_only: true,
                ..Default::default()
            },
            |e| {
                open.push(e.ticket_no);
                Ok(())
            },
        )
        .unwrap();
    assert_eq!(open, ["NEW-1", "OLD-1"]);
}

#[test]
fn a_response_judged_under_an_old_grade_is_judged_again_on_upgrade() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v5.db");
    {
        let mut conn = Connection::open(&path).unwrap();
        schema::migrate_to(&mut conn, 5).unwrap();
        conn.execute(
            "INSERT INTO customers (name, kind, owner, created_at) \
             VALUES ('Acme', 'local', NULL, ?1)",
            [t0().timestamp()],
        )
        .unwrap();
        // Answered after 20 minutes as an S2, then re-graded to S1 by a
        // build that kept the old verdict; and one answered in time.
        let t = t0().timestamp();
        for (no, sev, deadline, responded, met) in [
            ("LATE", 1, t + 15 * 60, t + 20 * 60, 1),
            ("FINE", 2, t + 30 * 60, t + 20 * 60, 1),
        ] {
            conn.execute(
                "INSERT INTO escalations (customer_id, ticket_no, title, kind, severity, state, \
                 open_rank, reported_at, deadline, responded_at, response_met, updated_at) \
                 VALUES (1, ?1, 't', 'general', ?2, 'acknowledged', 1, ?3, ?4, ?5, ?6, ?3)",
                rusqlite::params![no, sev, t, deadline, responded, met],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.escalation(1).unwrap().response_met, Some(false));
    assert_eq!(store.escalation(2).unwrap().response_met, Some(true));
}

#[test]
fn a_file_from_a_newer_sredesk_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("future.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future_things (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let bytes = std::fs::read(&path).unwrap();

    let err = match Store::open(&path) {
        Err(e) => e,
        Ok(_) => panic!("a version 99 file was opened"),
    };
    match &err {
        StoreError::TooNew {
            path: p,
            found,
            known,
        } => {
            assert_eq!(p, &path);
            assert_eq!(*found, 99);
            assert_eq!(*known, schema::latest_version());
        }
        other => panic!("wrong error: {other:?}"),
    }
    let msg = err.to_string();
    assert!(msg.contains("newer than this sredesk understands"), "{msg}");
    assert!(msg.contains("future.db"), "{msg}");
    assert!(msg.contains("99"), "{msg}");

    assert_eq!(user_version(&path), 99);
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    let conn = Connection::open(&path).unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "delete", "the journal mode was not switched");
}

#[test]
fn a_file_that_is_not_sqlite_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        (
            "notes.txt",
            b"my shift notes\nnot a database at all\n".repeat(100),
        ),
        ("short.txt", b"hello\n".to_vec()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, &text).unwrap();
        let err = match Store::open(&path) {
            Err(e) => e,
            Ok(_) => panic!("{name} was opened as a store"),
        };
        assert!(
            matches!(err, StoreError::NotADatabase { .. }),
            "{name}: {err:?}"
        );
        let msg = err.to_string();
        assert!(msg.contains("is not a sredesk store"), "{msg}");
        assert!(msg.contains(name), "{msg}");
        assert_eq!(std::fs::read(&path).unwrap(), text, "{name} was modified");
        let mut wal = path.clone().into_os_string();
        wal.push("-wal");
        assert!(!Path::new(&wal).exists(), "{name}: a WAL file appeared");
    }
}

#[test]
fn two_connections_write_at_once_without_failing() {
    const EACH: usize = 200;
    let (_dir, path, store) = store_with_customer();
    drop(store);
    let barrier = Barrier::new(2);
    let results: Vec<Result<(), String>> = std::thread::scope(|s| {
        let workers: Vec<_> = ["A", "B"]
            .into_iter()
            .map(|prefix| {
                let (path, barrier) = (&path, &barrier);
                s.spawn(move || -> Result<(), String> {
                    let mut store = Store::open(path).map_err(|e| format!("open: {e}"))?;
                    let engineer = format!("engineer-{prefix}");
                    barrier.wait();
                    for i in 0..EACH {
                        let sev = Severity::ALL[i % 5];
                        let new = escalation("Acme", &format!("{prefix}-{i}"), sev);
                        let e = store
                            .add_escalation(&new, actor(&engineer))
                            .map_err(|e| format!("{prefix} add {i}: {e}"))?;
                        if i % 4 == 0 {
                            store
                                .triage(e.id, &TriageOp::Acknowledge, actor(&engineer))
                                .map_err(|err| format!("{prefix} ack {i}: {err}"))?;
                        }
                        if i % 8 == 0 {
                            store
                                .triage(e.id, &TriageOp::Start, actor(&engineer))
                                .map_err(|err| format!("{prefix} start {i}: {err}"))?;
                        }
                        if i % 10 == 3 {
                            let op = TriageOp::OutOfScope(OutOfScopeReason::BeyondService);
                            store
                                .triage(e.id, &op, actor(&engineer))
                                .map_err(|err| format!("{prefix} oos {i}: {err}"))?;
                        }
                    }
                    Ok(())
                })
            })
            .collect();
        workers.into_iter().map(|w| w.join().unwrap()).collect()
    });
    for r in results {
        r.unwrap();
    }

    let store = Store::open(&path).unwrap();
    assert_eq!(store.escalation_count().unwrap(), 2 * EACH);
    let mut seen = std::collections::BTreeSet::new();
    let mut states = std::collections::BTreeMap::<&str, usize>::new();
    store
        .for_each_escalation(&ListFilter::default(), |e| {
            assert!(seen.insert(e.ticket_no.clone()), "twice: {}", e.ticket_no);
            *states.entry(e.state.as_str()).or_default() += 1;
            Ok(())
        })
        .unwrap();
    for prefix in ["A", "B"] {
        for i in 0..EACH {
            assert!(seen.contains(&format!("{prefix}-{i}")), "{prefix}-{i} lost");
        }
    }
    // Per writer: 200 added; i%8==0 started (25), other i%4==0 only
    // acknowledged (25), i%10==3 out of scope (20), the rest new (130).
    assert_eq!(states.get("in_progress"), Some(&50));
    assert_eq!(states.get("acknowledged"), Some(&50));
    assert_eq!(states.get("out_of_scope"), Some(&40));
    assert_eq!(states.get("new"), Some(&260));
    // Every change has its audit line, by the engineer who made it.
    let per_writer = EACH + 50 + 25 + 20;
    assert_eq!(count(&path, "audit_log"), 1 + 2 * per_writer as i64);
    let by_a: i64 = Connection::open(&path)
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE engineer = 'engineer-A'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by_a, per_writer as i64);
}

#[test]
fn data_version_moves_for_other_connections_commits_only() {
    let (_dir, path, mut a) = store_with_customer();
    let mut b = Store::open(&path).unwrap();

    let v0 = a.data_version().unwrap();
    assert_eq!(
        a.data_version().unwrap(),
        v0,
        "stable while nothing happens"
    );
    b.add_escalation(&escalation("Acme", "B-1", Severity::S3), actor("bob"))
        .unwrap();
    let v1 = a.data_version().unwrap();
    assert_ne!(v1, v0, "B's commit is visible to A");
    // And A reads B's row.
    assert_eq!(a.escalation_count().unwrap(), 1);

    a.add_escalation(&escalation("Acme", "A-1", Severity::S3), actor("alice"))
        .unwrap();
    a.triage(1, &TriageOp::Acknowledge, actor("alice")).unwrap();
    assert_eq!(
        a.data_version().unwrap(),
        v1,
        "A's own commits do not count"
    );

    // ...but they do for B.
    let w0 = b.data_version().unwrap();
    a.triage(2, &TriageOp::Withdraw, actor("alice")).unwrap();
    assert_ne!(b.data_version().unwrap(), w0);

    // A refused write commits nothing, so nobody sees a change.
    let w1 = b.data_version().unwrap();
    let refused = a.triage(2, &TriageOp::Withdraw, actor("alice"));
    assert!(refused.is_err());
    assert_eq!(b.data_version().unwrap(), w1);
}

#[test]
fn refused_triage_and_refused_add_leave_rows_and_audit_log_as_they_were() {
    let (_dir, path, mut store) = store_with_customer();
    let e = store
        .add_escalation(&escalation("Acme", "T-1", Severity::S2), actor("alice"))
        .unwrap();
    store
        .triage(e.id, &TriageOp::Acknowledge, actor("alice"))
        .unwrap();
    let closed = store
        .add_escalation(&escalation("Acme", "T-2", Severity::S4), actor("alice"))
        .unwrap();
    store
        .triage(closed.id, &TriageOp::Withdraw, actor("alice"))
        .unwrap();

    let before = (
        store.escalation(e.id).unwrap(),
        store.escalation_history(e.id).unwrap(),
        dump(&path, "escalations"),
        dump(&path, "audit_log"),
        dump(&path, "customers"),
    );
    let later = Actor {
        engineer: "bob",
        now: t0() + Duration::hours(2),
    };
    let refusals = [
        (
            e.id,
            TriageOp::Resolve {
                note: Some("done".into()),
            },
        ),
        (e.id, TriageOp::Close),
        (e.id, TriageOp::Acknowledge),
        (e.id, TriageOp::SetSeverity(Severity::S2)),
        (e.id, TriageOp::Assign("alice".into())),
        (e.id, TriageOp::Assign("   ".into())),
        (closed.id, TriageOp::Withdraw),
        (closed.id, TriageOp::Start),
        (
            closed.id,
            TriageOp::OutOfScope(OutOfScopeReason::IdcHardware),
        ),
    ];
    for (id, op) in &refusals {
        let err = store.triage(*id, op, later).unwrap_err();
        assert!(matches!(err, StoreError::Triage(_)), "{op:?}: {err:?}");
    }
    let err = store.triage(999, &TriageOp::Close, later).unwrap_err();
    assert!(matches!(err, StoreError::NoEscalation(999)), "{err:?}");
    let err = store
        .triage(e.id, &TriageOp::Resolve { note: None }, later)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "cannot resolve escalation #{}: it is acknowledged (start work on it first)",
            e.id
        )
    );

    let err = store
        .add_escalation(&escalation("ACME", " T-1 ", Severity::S1), later)
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::DuplicateTicket { id, .. } if *id == e.id),
        "{err:?}"
    );
    let err = store
        .add_escalation(&escalation("Nobody", "T-9", Severity::S1), later)
        .unwrap_err();
    assert!(matches!(err, StoreError::NoCustomer(_)), "{err:?}");
    let mut untitled = escalation("Acme", "T-9", Severity::S1);
    untitled.title = " ".into();
    let err = store.add_escalation(&untitled, later).unwrap_err();
    assert!(matches!(err, StoreError::InvalidEscalation(_)), "{err:?}");
    let err = store.add_customer(&customer("acme"), later).unwrap_err();
    assert!(matches!(err, StoreError::DuplicateCustomer(_)), "{err:?}");

    let after = (
        store.escalation(e.id).unwrap(),
        store.escalation_history(e.id).unwrap(),
        dump(&path, "escalations"),
        dump(&path, "audit_log"),
        dump(&path, "customers"),
    );
    assert_eq!(after, before);
}

#[test]
fn open_rank_is_held_to_the_state_by_the_schema() {
    let (_dir, path, mut store) = store_with_customer();
    let e = store
        .add_escalation(&escalation("Acme", "T-1", Severity::S3), actor("alice"))
        .unwrap();
    let before = dump(&path, "escalations");

    let conn = Connection::open(&path).unwrap();
    conn.busy_timeout(std::time::Duration::from_secs(5))
        .unwrap();
    for sql in [
        "UPDATE escalations SET state = 'closed' WHERE id = ?1",
        "UPDATE escalations SET state = 'acknowledged' WHERE id = ?1",
        "UPDATE escalations SET open_rank = NULL WHERE id = ?1",
        "UPDATE escalations SET open_rank = 1 WHERE id = ?1",
        "UPDATE escalations SET state = 'resolved', open_rank = 1 WHERE id = ?1",
    ] {
        let err = conn.execute(sql, [e.id]).unwrap_err();
        assert!(
            err.to_string().contains("CHECK constraint failed"),
            "{sql}: {err}"
        );
    }
    assert_eq!(dump(&path, "escalations"), before);
    assert_eq!(store.escalation(e.id).unwrap(), e);

    // The consistent pairs are accepted.
    conn.execute(
        "UPDATE escalations SET state = 'acknowledged', open_rank = 1 WHERE id = ?1",
        [e.id],
    )
    .unwrap();
    conn.execute(
        "UPDATE escalations SET state = 'closed', open_rank = NULL WHERE id = ?1",
        [e.id],
    )
    .unwrap();
    assert_eq!(
        store.escalation(e.id).unwrap().state,
        EscalationState::Closed
    );
    // Other vocabularies are closed too.
    let err = conn
        .execute("UPDATE escalations SET severity = 6 WHERE id = ?1", [e.id])
        .unwrap_err();
    assert!(err.to_string().contains("CHECK constraint failed"), "{err}");
}

/// Opens `path` from two threads released at the same instant, `rounds`
/// times over (each round on a file made by `prepare`); returns the errors.
fn open_twice_at_once(rounds: usize, prepare: impl Fn(&Path)) -> Vec<String> {
    let mut failures = Vec::new();
    for round in 0..rounds {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        prepare(&path);
        let barrier = Barrier::new(2);
        let errors: Vec<Option<String>> = std::thread::scope(|s| {
            let openers: Vec<_> = (0..2)
                .map(|_| {
                    let (path, barrier) = (&path, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        Store::open(path).err().map(|e| e.to_string())
                    })
                })
                .collect();
            openers.into_iter().map(|o| o.join().unwrap()).collect()
        });
        failures.extend(
            errors
                .into_iter()
                .flatten()
                .map(|e| format!("round {round}: {e}")),
        );
    }
    failures
}

#[test]
fn two_connections_opening_a_new_or_old_file_at_once_both_succeed() {
    let new_file = open_twice_at_once(50, |_| {});
    let old_file = open_twice_at_once(50, |path| {
        let mut conn = Connection::open(path).unwrap();
        schema::migrate_to(&mut conn, 1).unwrap();
        conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    });
    assert!(
        new_file.is_empty() && old_file.is_empty(),
        "new file: {} failures, e.g. {:?}\nold file: {} failures, e.g. {:?}",
        new_file.len(),
        new_file.first(),
        old_file.len(),
        old_file.first()
    );
}
