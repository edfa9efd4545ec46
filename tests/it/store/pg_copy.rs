//! `sredesk store copy --to postgres://…` against the tests' own
//! PostgreSQL server, over TCP with the password from a password file.

use sredesk::store::pg::cluster;

use crate::common::Desk;

/// A demo desk in the scratch directory's `s.db`, and the id of an open
/// escalation with a note.
fn demo_desk() -> (Desk, i64) {
    let desk = Desk::new();
    let db = desk.db();
    desk.ok(&[
        "demo",
        "--no-open",
        "--tickets",
        "600",
        "--customers",
        "6",
        "--db",
        db.to_str().unwrap(),
    ]);
    // Some of the desk's own work on top, so the audit trail has entries.
    let open = desk.json(&["ticket", "list", "--open", "--json"]);
    let id = open[0]["id"].as_i64().unwrap();
    desk.ok(&[
        "ticket",
        "note",
        &id.to_string(),
        "--text",
        "rebooted the 网关 gateway",
    ]);
    (desk, id)
}

pub(super) fn count(c: &mut postgres::Client, table: &str) -> i64 {
    c.query_one(&format!("SELECT count(*) FROM {table}"), &[])
        .unwrap()
        .get(0)
}

#[test]
fn a_desk_is_copied_whole_over_tcp_with_the_password_from_a_password_file() {
    let Some(pg) = cluster::for_test("store_copy_whole") else {
        return;
    };
    let url = pg.fresh_database("store_copy_whole");
    let db = url.rsplit('/').next().unwrap().to_string();
    let tcp = pg.tcp_url(&db);
    let (desk, noted) = demo_desk();
    let pgpass = desk.path("pgpass");
    pg.write_pgpass(&pgpass).unwrap();

    let out = desk.run_with(&["store", "copy", "--to", &tcp, "--json"], |c| {
        c.env("PGPASSFILE", &pgpass).env_remove("PGPASSWORD");
    });
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let tables = report["tables"].as_array().unwrap();
    let rows_of = |name: &str| {
        tables
            .iter()
            .find(|t| t[0] == name)
            .unwrap_or_else(|| panic!("{name} in {report}"))[1]
            .as_i64()
            .unwrap()
    };
    assert_eq!(rows_of("escalations"), 600);
    assert!(report["audit_entries"].as_i64().unwrap() >= 2, "{report}");

    let mut c = pg.superuser(&db).unwrap();
    for t in tables {
        let name = t[0].as_str().unwrap();
        assert_eq!(count(&mut c, name), t[1].as_i64().unwrap(), "{name}");
    }
    // What triggers keep on SQLite was rebuilt: the header's counts match
    // the open escalations, and the search finds a note's words.
    let open = desk.json(&["ticket", "list", "--open", "--json"]);
    let counted: i64 = c
        .query_one("SELECT sum(n)::bigint FROM open_counts", &[])
        .unwrap()
        .get(0);
    assert_eq!(counted, open.as_array().unwrap().len() as i64);
    let found: Vec<i64> = c
        .query(
            "SELECT id FROM escalation_search WHERE words @@ to_tsquery('simple', 'gateway & 网')",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(found, vec![noted]);
    // The planner has the copied tables' statistics at once, and their
    // visibility map (vacuumed).
    let analysed: i64 = c
        .query_one(
            "SELECT count(*) FROM pg_stat_user_tables
             WHERE relname = 'escalations' AND last_analyze IS NOT NULL
               AND last_vacuum IS NOT NULL",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(analysed, 1);
    // New rows go on after the copied ids.
    let next: i64 = c
        .query_one(
            "INSERT INTO customers (name, kind, created_at) VALUES ('New One', 'local', 0)
             RETURNING id",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(next, count(&mut c, "customers"));

    // A second copy into the same database is refused, and changes nothing.
    let before = count(&mut c, "escalations");
    let again = desk.run_with(&["store", "copy", "--to", &tcp], |c| {
        c.env("PGPASSFILE", &pgpass).env_remove("PGPASSWORD");
    });
    assert!(!again.status.success());
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("already holds a desk"), "{err}");
    assert_eq!(count(&mut c, "escalations"), before);
}

#[test]
fn a_wrong_or_missing_password_is_said_and_never_shown() {
    let Some(pg) = cluster::for_test("store_copy_password") else {
        return;
    };
    let url = pg.fresh_database("store_copy_password");
    let db = url.rsplit('/').next().unwrap().to_string();
    let (desk, _) = demo_desk();
    let out = desk.run_with(&["store", "copy", "--to", &pg.tcp_url(&db)], |c| {
        c.env("PGPASSWORD", "not-the-password")
            .env("PGPASSFILE", "/nonexistent");
    });
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("password authentication failed"), "{err}");
    assert!(!err.contains("not-the-password"), "{err}");

    let with_secret = pg
        .tcp_url(&db)
        .replace("sredesk@", &format!("sredesk:{}@", pg.password()));
    let err = desk.fails(&["store", "copy", "--to", &with_secret]);
    assert!(err.contains("PGPASSWORD"), "{err}");
    assert!(!err.contains(pg.password()), "{err}");
    assert_eq!(
        pg.superuser(&db)
            .unwrap()
            .query_one(
                "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
                &[]
            )
            .unwrap()
            .get::<_, i64>(0),
        0,
        "nothing was made"
    );
}

#[test]
fn a_postgresql_url_given_as_the_desk_is_said_plainly() {
    let desk = Desk::new();
    let err = desk.fails(&[
        "--db",
        "postgres://alice@db1.invalid/desk",
        "customer",
        "list",
    ]);
    assert!(
        err.contains("cannot connect to postgres://alice@db1.invalid/desk"),
        "{err}"
    );
    assert!(!std::path::Path::new("postgres:").exists());
}

#[test]
fn a_desk_copied_there_and_back_reads_the_same() {
    let Some(pg) = cluster::for_test("store_copy_back") else {
        return;
    };
    let url = pg.fresh_database("store_copy_back");
    let (desk, _) = demo_desk();
    desk.ok(&["store", "copy", "--to", &url]);

    let back = desk.path("back.db");
    let back_arg = back.to_str().unwrap();
    let out = desk.ok(&["--db", &url, "store", "copy", "--to", back_arg]);
    assert!(out.contains("audit trail:"), "{out}");
    for read in [
        "ticket list --json",
        "customer list --json",
        "quota show --json",
        "handover --format json",
        "notice list --json",
        "report trends --format json",
        "ticket search gateway --json",
    ] {
        let mut words = vec!["--db".to_string(), back_arg.to_string()];
        words.extend(read.split(' ').map(str::to_string));
        assert_eq!(
            desk.ok(&words),
            desk.ok(&read.split(' ').collect::<Vec<_>>()),
            "{read}"
        );
    }

    // Into a file that holds a desk: refused, the file as it was.
    let err = desk.fails(&["--db", &url, "store", "copy", "--to", back_arg]);
    assert!(err.contains("already holds a desk"), "{err}");
    // From a database that is no desk: refused, and no file left behind.
    let empty = pg.fresh_database("store_copy_back_empty");
    let none = desk.path("none.db");
    let err = desk.fails(&[
        "--db",
        &empty,
        "store",
        "copy",
        "--to",
        none.to_str().unwrap(),
    ]);
    assert!(err.contains("holds no sredesk desk"), "{err}");
    assert!(!none.exists());
}

/// Waits for a sredesk backend on the database that waits for a lock and
/// meets `condition` (on `pg_stat_activity`'s row as `a`), then ends its
/// connection; fails with `never` after a minute.
pub(super) fn kill_when_waiting(admin: &mut postgres::Client, condition: &str, never: &str) {
    let began = std::time::Instant::now();
    let pid: i32 = loop {
        let waiting = admin
            .query_opt(
                &format!(
                    "SELECT a.pid FROM pg_stat_activity a WHERE a.application_name = 'sredesk'
                     AND a.datname = current_database() AND a.wait_event_type = 'Lock'
                     AND ({condition})"
                ),
                &[],
            )
            .unwrap();
        if let Some(row) = waiting {
            break row.get(0);
        }
        assert!(began.elapsed().as_secs() < 60, "{never}");
        // Polling another process, not waiting for time to pass.
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    admin
        .execute("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap();
}

#[test]
fn a_copy_whose_connection_is_killed_leaves_the_database_as_it_was() {
    let Some(pg) = cluster::for_test("store_copy_killed") else {
        return;
    };
    let url = pg.fresh_database("store_copy_killed");
    let db = url.rsplit('/').next().unwrap().to_string();
    let (desk, _) = demo_desk();
    // An empty desk there already (a copy may fill one), and a session
    // that holds the audit log so the copy waits there, every other
    // table written in its transaction.
    let mut holder = pg.superuser(&db).unwrap();
    sredesk::store::pg::migrate(&mut holder, &url).unwrap();
    holder
        .batch_execute("BEGIN; LOCK TABLE audit_log IN SHARE MODE")
        .unwrap();
    let copy = desk
        .cmd(&["store", "copy", "--to", &url])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut admin = pg.superuser(&db).unwrap();
    kill_when_waiting(&mut admin, "TRUE", "the copy never reached the audit log");
    let out = copy.wait_with_output().unwrap();
    holder.batch_execute("COMMIT").unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("connection to PostgreSQL was lost"), "{err}");
    for table in [
        "customers",
        "escalations",
        "escalation_notes",
        "audit_log",
        "escalation_search",
    ] {
        assert_eq!(
            count(&mut admin, table),
            0,
            "{table}: nothing of the killed copy was kept"
        );
    }
    // The desk can be copied again, whole.
    desk.ok(&["store", "copy", "--to", &url]);
    assert_eq!(count(&mut admin, "escalations"), 600);
}

#[test]
fn a_value_postgresql_cannot_take_is_named_and_nothing_is_made() {
    let Some(pg) = cluster::for_test("store_copy_bad_value") else {
        return;
    };
    let url = pg.fresh_database("store_copy_bad_value");
    let db = url.rsplit('/').next().unwrap().to_string();
    let (desk, _) = demo_desk();
    // SQLite keeps text in an integer column; PostgreSQL's bigint cannot.
    rusqlite::Connection::open(desk.db())
        .unwrap()
        .execute(
            "UPDATE customers SET created_at = 'yesterday' WHERE id = 2",
            [],
        )
        .unwrap();
    let err = desk.fails(&["store", "copy", "--to", &url]);
    assert!(
        err.contains("customers id 2: created_at holds text"),
        "{err}"
    );
    assert!(
        !err.contains("yesterday"),
        "the value itself is not echoed: {err}"
    );
    let tables: i64 = pg
        .superuser(&db)
        .unwrap()
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 0, "the schema went with the copy's transaction");
}
