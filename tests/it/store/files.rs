//! The store file: created at the latest version, migrated keeping its
//! data, and files it must not touch refused and left alone.

use super::*;

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

    let conn = crate::common::raw_connection(&path).unwrap();
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
        let mut conn = crate::common::raw_connection(&path).unwrap();
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

    super::subscribe(&mut store, "Acme");
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
        let mut conn = crate::common::raw_connection(&path).unwrap();
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
        let conn = crate::common::raw_connection(&path).unwrap();
        // A later sredesk marks its files as this one does.
        conn.execute_batch(&format!(
            "CREATE TABLE future_things (x); PRAGMA user_version = 99; \
             PRAGMA application_id = {};",
            schema::APPLICATION_ID
        ))
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
    let conn = crate::common::raw_connection(&path).unwrap();
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

/// A file from before notice delivery (chat robots kept as contacts,
/// notices with deliveries) keeps every notice and delivery, gains a store
/// id, and its robot of the right platform moves onto the customer's chat
/// group; one of the wrong platform stays, unused.
#[test]
fn a_file_from_before_notice_delivery_keeps_its_notices_and_moves_its_robots() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let t = t0().timestamp();
    {
        let conn = old_file(&path, schema::notice_delivery_version() - 1);
        conn.execute_batch(&format!(
            "INSERT INTO customers (name, kind, created_at) VALUES ('Andes', 'local', {t});
             INSERT INTO subscriptions (customer_id, applied_on, start_on, end_on, months, created_at)
                 VALUES (1, '2026-05-20', '2026-06-01', '2027-05-31', 12, {t});
             INSERT INTO chat_groups (customer_id, subscription_id, platform, webhook, created_on)
                 VALUES (1, 1, 'welink', NULL, '2026-05-21');
             INSERT INTO contacts (customer_id, channel, address, platform) VALUES
                 (1, 'chat', 'https://welink.example/send?token=right', 'welink'),
                 (1, 'chat', 'https://qyapi.weixin.qq.com/x?key=wrong', 'wecom'),
                 (1, 'email', 'ops@andes.example', NULL);
             INSERT INTO incidents (title, kind, state, state_since, opened_at, opened_by)
                 VALUES ('Old', 'other', 'notified', {t}, {t}, 'alice');
             INSERT INTO notices (subject, subject_id, stage, channels, composed_at, composed_by)
                 VALUES ('incident', 1, 'initial', 'email', {t}, 'alice');
             INSERT INTO deliveries (notice_id, customer_id, channel, address, body, state,
                 attempts, reply, sent_at, updated_at)
                 VALUES (1, 1, 'email', 'ops@andes.example', 'b', 'sent', 1, '250 ok', {t}, {t});"
        ))
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
    let n = store.notice(1).unwrap();
    assert_eq!(n.deliveries.len(), 1);
    assert_eq!(
        n.deliveries[0].attempt_log.len(),
        1,
        "the old outcome is one attempt"
    );
    assert_eq!(n.deliveries[0].attempt_log[0].detail, "250 ok");
    assert_eq!(store.store_id().unwrap().len(), 24);
    let list = store.contacts("Andes", t0()).unwrap();
    assert_eq!(
        list.chat.unwrap().address,
        "https://welink.example/send?token=right"
    );
    assert_eq!(list.unused_chat.len(), 1);
    assert_eq!(list.contacts.len(), 1);
    assert_foreign_keys_hold(&path);
}
