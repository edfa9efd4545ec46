//! The desk on PostgreSQL from the command line (`--db postgres://…`,
//! `SREDESK_DB`, `[store] url`): what is ported prints what it prints on
//! an SQLite file, byte for byte; what is not yet ported says so and
//! changes nothing.

use sredesk::store::pg::cluster;

use crate::common::Desk;

/// One number the server answers `sql` with, on the desk's database.
pub(super) fn server_count(pg: &cluster::Cluster, url: &str, sql: &str) -> i64 {
    let mut c = pg.superuser(url.rsplit('/').next().unwrap()).unwrap();
    c.query_one(sql, &[]).unwrap().get(0)
}

/// Commands that work on PostgreSQL, run in order on both engines.
const PORTED: &[&str] = &[
    "customer add --name Acme --kind local --owner 'Wang Li'",
    "customer add --name 'Blue Sky' --kind international-chinese --language en --json",
    "subscription add --customer acme --applied-on 2026-10-20 --start 2026-11-01 --months 12 \
     --webhook https://hook.example/acme",
    "subscription add --customer 'BLUE SKY' --applied-on 2026-11-02 --start 2026-11-04 --months 3",
    "contact add Acme --email ops@acme.example",
    "contact add acme --sms '+86 138 0000 0000' --json",
    "contact add Acme --email ops@acme.example",
    "contact add 'Blue Sky' --wecom https://hook.example/blue",
    "package add --customer Acme --kind ticket-handling",
    "customer language 'blue sky' default --json",
    "inventory add Acme ECS@cn-north-4 RDS@cn-east-3 OBS@cn-north-4",
    "inventory remove Acme OBS@cn-north-4",
    "inventory show acme",
    "contact add Acme --email old@acme.example",
    "contact remove Acme --email old@acme.example --json",
    "contact list Acme",
    "contact list 'Blue Sky' --json",
    "customer list",
    "customer list --json",
    "quota show",
    "quota show --json",
    "quota show --customer acme --json",
    "quota show --customer 'Blue Sky'",
];

#[test]
fn customers_subscriptions_and_contacts_read_the_same_on_postgresql_as_on_sqlite() {
    let Some(pg) = cluster::for_test("cli_pg_desk") else {
        return;
    };
    let url = pg.fresh_database("cli_pg_desk");
    let desk = Desk::new();
    for step in PORTED {
        let lite = desk.ok(*step);
        let out = desk.run_with(*step, |c| {
            c.env("SREDESK_DB", &url);
        });
        crate::common::assert_success(&out, *step);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            lite,
            "{step}: PostgreSQL's output differs from SQLite's"
        );
    }
    // The rows are the server's, not a file's.
    let n = server_count(pg, &url, "SELECT count(*) FROM contacts");
    assert_eq!(n, 2, "the email once and the phone");
    assert!(!desk.path("postgres:").exists());
}

#[test]
fn the_config_names_a_server_desk_and_read_only_there_writes_nothing() {
    let Some(pg) = cluster::for_test("cli_pg_refused") else {
        return;
    };
    let url = pg.fresh_database("cli_pg_refused");
    let desk = Desk::new();
    let on_pg = |c: &mut std::process::Command| {
        c.arg("--db").arg(&url);
    };
    let out = desk.run_with("customer add --name Acme --kind local", on_pg);
    crate::common::assert_success(&out, "customer add");
    // `[store] url` names the desk when neither --db nor SREDESK_DB does;
    // read-only reads it and writes nothing.
    let config = desk.path("desk.toml");
    std::fs::write(&config, format!("[store]\nurl = \"{url}\"\n")).unwrap();
    let by_config = |c: &mut std::process::Command| {
        c.env_remove("SREDESK_DB").env("SREDESK_CONFIG", &config);
    };
    let out = desk.run_with("--read-only customer list", by_config);
    crate::common::assert_success(&out, "customer list");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Acme"));
    let step = "--read-only customer add --name Zed --kind local";
    let err = crate::common::runtime_failure(&desk.run_with(step, by_config), step);
    assert!(err.contains("read-only"), "{err}");
    let zed = server_count(
        pg,
        &url,
        "SELECT count(*) FROM customers WHERE name = 'Zed'",
    );
    assert_eq!(zed, 0);
    let n = server_count(pg, &url, "SELECT count(*) FROM notices");
    assert_eq!(n, 0);
}

#[test]
fn a_database_with_no_desk_is_not_made_one_by_a_command_that_only_reads() {
    let Some(pg) = cluster::for_test("cli_pg_missing") else {
        return;
    };
    let url = pg.fresh_database("cli_pg_missing");
    let desk = Desk::new();
    let out = desk.run_with("customer list", |c| {
        c.env("SREDESK_DB", &url);
    });
    let err = crate::common::runtime_failure(&out, "customer list");
    assert!(err.contains("no store at postgres://"), "{err}");
    let n = server_count(
        pg,
        &url,
        "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
    );
    assert_eq!(n, 0, "nothing was made");
}
