//! Opening reads before it writes: a current store is opened without a
//! write (a writer elsewhere is not waited on, other connections see no
//! change), a read-only store is read, and another program's database is
//! refused untouched.

use super::*;
use crate::common::Desk;

/// A desk whose store holds Acme and one S2 escalation, closed again.
fn desk_with_one_escalation() -> Desk {
    let mut desk = Desk::new();
    let store = desk.store();
    store
        .add_customer(&customer("Acme"), actor("alice"))
        .unwrap();
    subscribe(store, "Acme");
    store
        .add_escalation(&escalation("Acme", "T-1", Severity::S2), actor("alice"))
        .unwrap();
    desk
}

/// The file and its `-wal`, byte for byte.
fn bytes(path: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    (std::fs::read(path).unwrap(), std::fs::read(wal).ok())
}

#[test]
fn a_store_opens_and_reads_while_another_process_holds_the_write_lock() {
    let desk = desk_with_one_escalation();
    let writer = crate::common::raw_connection(desk.db()).unwrap();
    writer
        .execute_batch(
            "BEGIN IMMEDIATE; \
             UPDATE escalations SET title = 'being written' WHERE id = 1;",
        )
        .unwrap();

    let store = Store::open_existing(&desk.db()).unwrap();
    assert_eq!(store.escalation(1).unwrap().title, "problem T-1");
    let list = desk.json("ticket list --json");
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    desk.ok("customer list");

    writer.execute_batch("COMMIT").unwrap();
    assert_eq!(store.escalation(1).unwrap().title, "being written");
}

#[test]
fn a_write_that_waits_out_the_lock_names_the_store_and_the_wait() {
    let desk = desk_with_one_escalation();
    let writer = crate::common::raw_connection(desk.db()).unwrap();
    writer.execute_batch("BEGIN IMMEDIATE").unwrap();
    let err = desk.fails("customer add --name Zed --kind local");
    assert!(
        err.contains(&format!(
            "the store {} is locked by another process (waited 5 s)",
            desk.db().display()
        )),
        "{err}"
    );
    writer.execute_batch("ROLLBACK").unwrap();
}

#[test]
fn read_only_commands_leave_other_connections_data_version_alone() {
    let mut desk = desk_with_one_escalation();
    let before = desk.store().data_version().unwrap();
    for args in [
        "ticket list",
        "ticket list --json",
        "ticket show 1",
        "customer list",
        "quota show",
        "notice list",
    ] {
        desk.ok(args);
        assert_eq!(
            desk.store().data_version().unwrap(),
            before,
            "`{args}` wrote to the store"
        );
    }
    // The test can see a change: a write does move it.
    desk.ok("ticket ack 1");
    assert_ne!(desk.store().data_version().unwrap(), before);
}

#[test]
fn a_read_only_open_reads_refuses_every_write_and_leaves_the_file_alone() {
    let desk = desk_with_one_escalation();
    let before = bytes(&desk.db());
    let how = sredesk::store::Opening {
        read_only: true,
        ..Default::default()
    };
    let mut store = Store::open_with(&desk.db(), how).unwrap();
    assert!(store.is_read_only());
    assert_eq!(store.escalation(1).unwrap().ticket_no, "T-1");
    assert_eq!(store.customers().unwrap().len(), 1);

    let err = store
        .triage(1, &TriageOp::Acknowledge, actor("alice"))
        .unwrap_err();
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    assert!(err.to_string().starts_with("read-only: "), "{err}");
    let err = store
        .add_customer(&customer("Zed"), actor("alice"))
        .unwrap_err();
    assert!(err.to_string().starts_with("read-only: "), "{err}");
    drop(store);
    assert_eq!(bytes(&desk.db()), before);
}

#[test]
fn a_read_only_open_of_a_missing_file_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere/s.db");
    let how = sredesk::store::Opening {
        create: true,
        read_only: true,
        ..Default::default()
    };
    let err = Store::open_with(&path, how).err().expect("refused");
    assert!(matches!(err, StoreError::Missing { .. }), "{err:?}");
    assert!(!path.parent().unwrap().exists());
}

/// Another program's database: tables of its own and no id, or an id of
/// its own and no tables. Neither is touched: no WAL, no tables, no id.
#[test]
fn another_programs_database_is_refused_byte_for_byte_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "theirs.db",
            "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT); \
                       INSERT INTO photos (name) VALUES ('cat.png');",
        ),
        ("fossil.db", "PRAGMA application_id = 252006673;"),
        (
            "versioned.db",
            "CREATE TABLE things (x); PRAGMA user_version = 3;",
        ),
        (
            "future.db",
            "CREATE TABLE things (x); PRAGMA user_version = 99;",
        ),
    ];
    for (name, sql) in cases {
        let path = dir.path().join(name);
        crate::common::raw_connection(&path)
            .unwrap()
            .execute_batch(sql)
            .unwrap();
        let before = bytes(&path);
        assert_eq!(before.1, None);

        let err = Store::open(&path).err().expect("refused");
        assert!(matches!(err, StoreError::Foreign { .. }), "{name}: {err:?}");
        let msg = err.to_string();
        assert!(msg.contains("is not a sredesk store"), "{msg}");
        assert!(msg.contains(name), "{msg}");

        let out = crate::common::Desk::new().run_with(&["ticket", "list"], |c| {
            c.env("SREDESK_DB", &path);
        });
        let cli = crate::common::runtime_failure(&out, &["ticket", "list"]);
        assert!(cli.contains("is not a sredesk store"), "{cli}");
        assert_eq!(bytes(&path), before, "{name} was changed");
    }
}

#[test]
fn a_store_is_marked_as_sredesks_when_created_and_when_migrated() {
    let app_id = |path: &Path| -> i32 {
        crate::common::raw_connection(path)
            .unwrap()
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let new = dir.path().join("new.db");
    drop(Store::open(&new).unwrap());
    assert_eq!(app_id(&new), schema::APPLICATION_ID);

    // A store from before the id: version 4, its tables, id 0.
    let old = dir.path().join("old.db");
    {
        let conn = old_file(&old, 4);
        conn.pragma_update(None, "application_id", 0).unwrap();
    }
    drop(Store::open(&old).unwrap());
    assert_eq!(app_id(&old), schema::APPLICATION_ID);
    assert_eq!(user_version(&old), schema::latest_version() as i64);
}

#[test]
fn an_old_store_opened_read_only_is_refused_for_its_upgrade_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    drop(old_file(&path, 4));
    let before = bytes(&path);
    let how = sredesk::store::Opening {
        read_only: true,
        ..Default::default()
    };
    let err = Store::open_with(&path, how).err().expect("refused");
    assert!(matches!(err, StoreError::ReadOnlyUpgrade { .. }), "{err:?}");
    assert_eq!(bytes(&path), before);
}
