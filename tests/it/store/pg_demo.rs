//! `sredesk demo` made directly on a PostgreSQL server: the same desk as
//! in a file from the same seed at the same clock, and never over a desk
//! already there.

use sredesk::store::pg::cluster;

use super::pg_desk::server_count;
use crate::common::Desk;

#[test]
fn the_demo_on_a_server_is_the_files_desk_and_a_second_one_is_refused() {
    let Some(pg) = cluster::for_test("cli_pg_demo") else {
        return;
    };
    let url = pg.fresh_database("cli_pg_demo");
    let desk = Desk::new();
    let demo = "demo --no-open --tickets 2000 --seed 7";
    let on_pg = |c: &mut std::process::Command| {
        c.env("SREDESK_DB", &url);
    };
    desk.ok(demo);
    let out = desk.run_with(demo, on_pg);
    crate::common::assert_success(&out, demo);
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("demo store ready: postgres://"), "{said}");
    assert_eq!(
        server_count(pg, &url, "SELECT count(*) FROM escalations"),
        2000
    );
    // New escalations go on after the generated ones.
    let next = server_count(
        pg,
        &url,
        "SELECT nextval(pg_get_serial_sequence('escalations', 'id'))",
    );
    assert_eq!(next, 2001);

    let reads = [
        "ticket list --json",
        "ticket list --open --json",
        "customer list --json",
        "quota show --json",
        "notice list --json",
        "handover --format json",
        "report trends --format json",
    ];
    for read in reads {
        let out = desk.run_with(read, on_pg);
        crate::common::assert_success(&out, read);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            desk.ok(read),
            "{read}: the server's demo differs from the file's"
        );
    }
    // Every row of every table, the audit trail's included, brought back
    // to a file: the same ids in the same order as the file's.
    let back = desk.path("back.db");
    let back_arg = back.to_str().unwrap();
    desk.ok(&["--db", &url, "store", "copy", "--to", back_arg]);
    let dump = |path| crate::common::dump_file(path, sredesk::store::TABLES);
    let (file, server) = (dump(&desk.db()), dump(&back));
    assert!(file.len() > 4000, "{}", file.len());
    assert_eq!(file, server);

    // A second demo on the same server is refused and writes nothing.
    let audit = server_count(pg, &url, "SELECT count(*) FROM audit_log");
    let out = desk.run_with(demo, on_pg);
    let err = crate::common::runtime_failure(&out, demo);
    assert!(
        err.contains("already holds 2000 escalations and 12 customers"),
        "{err}"
    );
    assert!(err.contains("an empty database"), "{err}");
    assert!(!err.contains("a new file"), "{err}");
    assert_eq!(
        server_count(pg, &url, "SELECT count(*) FROM audit_log"),
        audit
    );
    assert_eq!(
        server_count(pg, &url, "SELECT count(*) FROM escalations"),
        2000
    );
    let out = desk.run_with("ticket list --json", on_pg);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        desk.ok("ticket list --json")
    );
}
