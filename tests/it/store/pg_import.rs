//! `ticket import` on PostgreSQL: a desk made on an SQLite file is
//! copied to the server, then the same files are imported on both and
//! every answer is the same bytes: the rows added with their quota units,
//! a refusal naming its lines that keeps nothing, a dry run, `--json`.
//! A connection killed in the middle of an import keeps none of it.

use std::process::Stdio;

use sredesk::store::pg::cluster;

use super::pg_copy::{count, kill_when_waiting};
use super::pg_pipeline::{on_both_at, table_counts};
use crate::common::{Desk, NOW};

const HEADER: &str = "customer,severity,kind,ticket_no,title,description,reported_at";

/// Three faster rows (Acme's units 1 to 3 of the month), a general one,
/// the ticket kept on the file before the copy, and line 3's again.
const GOOD: &[&str] = &[
    "Acme,S2,faster,G-1,slow RDS,,",
    "Acme,S2,faster,G-2,slow ELB,since 09:00,",
    "acme,S3,faster,G-3,数据库 latency,,2026-11-22 09:30",
    "Acme,S4,general,G-4,a question,,",
    "ACME,S1,general,OLD-1,disk full,,",
    "Acme,S2,faster,G-2,slow ELB again,,",
];

/// Seven faster rows take Acme's units 4 to 10; line 9 finds none left
/// and line 10 names no customer: nothing of the file is kept.
const REFUSED: &[&str] = &[
    "Acme,S3,faster,B-1,b1,,",
    "Acme,S3,faster,B-2,b2,,",
    "Acme,S3,faster,B-3,b3,,",
    "Acme,S3,faster,B-4,b4,,",
    "Acme,S3,faster,B-5,b5,,",
    "Acme,S3,faster,B-6,b6,,",
    "Acme,S3,faster,B-7,b7,,",
    "Acme,S3,faster,B-8,b8,,",
    "Nobody Ltd,S2,general,B-9,b9,,",
];

/// The tables an import writes.
const WRITTEN: &[&str] = &["escalations", "quota_uses", "audit_log", "open_counts"];

/// `rows` under the header, as `name` in the desk's directory; its path.
fn csv(desk: &Desk, name: &str, rows: &[&str]) -> String {
    let path = desk.path(name);
    let mut text = format!("{HEADER}\n");
    for row in rows {
        text.push_str(row);
        text.push('\n');
    }
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Acme subscribed on the file, with ticket OLD-1 kept, copied to the
/// server at `url`.
fn copied_desk(url: &str) -> Desk {
    let desk = Desk::new();
    desk.customer("Acme");
    desk.subscribe("Acme", "2026-10-20", "2026-11-01", 12);
    desk.ok(
        "ticket add --customer Acme --severity S3 --kind general --ticket-no OLD-1 \
         --title 'disk full'",
    );
    desk.ok(&["store", "copy", "--to", url]);
    desk
}

#[test]
fn imports_read_and_refuse_the_same_on_postgresql_as_on_sqlite() {
    let Some(pg) = cluster::for_test("cli_pg_import") else {
        return;
    };
    let url = pg.fresh_database("cli_pg_import");
    let desk = copied_desk(&url);
    let good = csv(&desk, "good.csv", GOOD);
    let refused = csv(&desk, "refused.csv", REFUSED);
    let more = csv(
        &desk,
        "more.csv",
        &["Acme,S2,faster,M-1,m1,,", "Acme,S3,general,M-2,m2,,"],
    );
    let both = |step: String| on_both_at(&desk, &url, NOW, &step);

    let added = both(format!("ticket import {good} --json"));
    crate::common::assert_success(&added, "the first import");
    let added = String::from_utf8_lossy(&added.stdout).into_owned();
    assert!(
        added.contains("unit 3 of 10") && added.contains("\"same_as_line\":3"),
        "{added}"
    );
    let again = both(format!("ticket import {good}"));
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        "imported 0 escalations, 6 already there\n"
    );

    // Refused alike, text and JSON, and nothing of either kept.
    let counts = |on_pg| table_counts(pg, &url, &desk, WRITTEN, on_pg);
    let before = (counts(false), counts(true));
    assert_eq!(before.0, before.1);
    let listed = both("ticket list --json".into()).stdout;
    let out = both(format!("ticket import {refused}"));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("nothing imported: 2 of 9 rows are bad")
            && err.contains("line 9")
            && err.contains("line 10"),
        "{err}"
    );
    let out = both(format!("ticket import {refused} --json"));
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(json.contains("\"written\":false"), "{json}");
    assert_eq!(
        (counts(false), counts(true)),
        before,
        "a refused import keeps nothing on either engine"
    );
    assert_eq!(both("ticket list --json".into()).stdout, listed);

    // A dry run names the units a real run would take and keeps nothing.
    // (It comes last: PostgreSQL's identity sequences do not roll back, so
    // a real import after it would number its tickets past the dry run's.)
    let dry = both(format!("ticket import --dry-run {more}"));
    let dry = String::from_utf8_lossy(&dry.stdout).into_owned();
    assert!(
        dry.contains("line 2: M-1 Acme S2")
            && dry.contains("unit 4 of 10")
            && dry.ends_with(
                "dry run: would import 2 escalations, 0 already there; nothing was written\n"
            ),
        "{dry}"
    );
    assert_eq!((counts(false), counts(true)), before);

    for step in [
        "ticket list",
        "ticket list --open --json",
        "quota show --customer Acme",
    ] {
        crate::common::assert_success(&both(step.into()), step);
    }
}

/// The import waits on the audit log, which another session holds, after
/// writing its first row; its connection is then killed.
#[test]
fn an_import_whose_connection_is_killed_keeps_none_of_its_rows() {
    let Some(pg) = cluster::for_test("cli_pg_import_killed") else {
        return;
    };
    let url = pg.fresh_database("cli_pg_import_killed");
    let db = url.rsplit('/').next().unwrap().to_string();
    let desk = copied_desk(&url);
    let good = csv(&desk, "good.csv", GOOD);
    let mut admin = pg.superuser(&db).unwrap();
    let before: Vec<i64> = WRITTEN.iter().map(|t| count(&mut admin, t)).collect();
    let mut holder = pg.superuser(&db).unwrap();
    holder
        .batch_execute("BEGIN; LOCK TABLE audit_log IN SHARE MODE")
        .unwrap();
    let import = desk
        .cmd(&["ticket", "import", &good])
        .env("SREDESK_DB", &url)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The backend waiting on the audit log while it holds the desk's
    // write lock: inside the import's transaction, its first row written.
    kill_when_waiting(
        &mut admin,
        "a.query LIKE '%audit_log%' AND EXISTS (SELECT 1 FROM pg_locks l
         WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted)",
        "the import never reached the audit log",
    );
    let out = import.wait_with_output().unwrap();
    holder.batch_execute("COMMIT").unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("connection to PostgreSQL was lost"), "{err}");
    let after: Vec<i64> = WRITTEN.iter().map(|t| count(&mut admin, t)).collect();
    assert_eq!(after, before, "nothing of the killed import was kept");
    // The file imported again adds every row: none was left half there.
    let out = desk.run_with(&["ticket", "import", &good], |c| {
        c.env("SREDESK_DB", &url);
    });
    crate::common::assert_success(&out, "the import again");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "imported 4 escalations, 2 already there\n"
    );
}
