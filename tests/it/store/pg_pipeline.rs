//! The requirement pipeline, the deliverables and the project owners from
//! the command line on PostgreSQL: a desk made on an SQLite file (tickets
//! are not on PostgreSQL yet) is copied to the server, then every command
//! runs on both and prints the same bytes; a refusal says the same words
//! on both and changes nothing on either.

use std::process::Output;

use sredesk::store::pg::cluster;

use crate::common::Desk;

/// The desk the steps start from, made on the file: Acme eligible for
/// requirements with an email contact, an October ticket with a note for
/// the customer and one without, and a requirement submitted in October.
const ON_THE_FILE: &[(&str, &str)] = &[
    (
        "2026-10-12T09:00:00Z",
        "ticket add --customer Acme --severity S2 --kind general --ticket-no T-1 \
         --title 'disk full' --reported-at 2026-10-12T08:00:00Z",
    ),
    (
        "2026-10-12T10:00:00Z",
        "ticket note 1 --text 'replaced the disk' --for-customer",
    ),
    (
        "2026-10-12T10:05:00Z",
        "ticket note 1 --text 'internal only'",
    ),
    (
        "2026-10-13T09:00:00Z",
        "requirement add --customer Acme --title 'Audit export' --description 'CSV, monthly'",
    ),
];

/// Commands that work on PostgreSQL, run in order on both engines.
const PORTED: &[&str] = &[
    "requirement add --customer acme --title 'Dark mode' --description 'for the console'",
    "requirement add --customer ACME --title SSO --json",
    "requirement advance 3 --json",
    "requirement advance 3 --from analysing",
    "requirement advance 3",
    "requirement reject 3 --reason 'not on the roadmap' --json",
    "requirement advance 2",
    "requirement advance 2",
    "requirement advance 2",
    "requirement advance 2 --json",
    "requirement plan 2 --date 2027-03-01 --note 'March release'",
    "requirement plan 2 --date 2027-03-15 --note 'moved to mid-March' --json",
    "requirement notify 2 --json",
    "requirement notify 3",
    "requirement list",
    "requirement list --open --json",
    "requirement list --state accepted --customer Acme",
    "requirement show 2",
    "requirement show 3 --json",
    "owner set --customer Acme --name 'Zhao Lei'",
    "owner set --customer acme --name 'Chen Hui' --json",
    "owner show --customer Acme",
    "owner cancel --customer Acme --json",
    "owner show --customer ACME --json",
    "owner set --customer Acme --name 'Sun Mei' --effective 2026-12-01 \
     --announcement 'Sun Mei looks after your account from December.'",
    "export tickets --customer Acme --period 2026-10 --format json",
    "export tickets --customer Acme --period 2026-10 --format md",
    "export requirements --customer acme --from 2026-10-01 --to 2026-11-21 --format csv",
    "export requirements --customer Acme --period 2026-10 --format json",
    "deliverable accept --customer Acme --period 2026-10 --kind tickets --by 'Li Na'",
    "deliverable accept --customer acme --period 2026-10 --kind requirements --by 'Li Na' --json",
    "deliverable status --customer Acme",
    "deliverable status --customer Acme --json",
];

/// Refused on both engines, with the same words.
const REFUSED: &[&str] = &[
    "requirement add --customer Nobody --title x",
    "requirement add --customer Acme --title ''",
    "requirement advance 2 --from reported_to_rnd",
    "requirement advance 3",
    "requirement reject 1 --reason no",
    "requirement plan 1 --date 2027-01-01 --note early",
    "requirement notify 2",
    "requirement show 99",
    "owner cancel --customer Nobody",
    "owner set --customer Acme --name 'Wu Fei' --effective 2026-11-23",
    "deliverable accept --customer Acme --period 2026-10 --kind tickets --by 'Someone Else'",
    "deliverable accept --customer Acme --period 2026-11 --kind tickets --by 'Li Na'",
    "export tickets --customer Nobody --period 2026-10 --format csv",
];

/// The tables these commands write, counted after the refusals.
const WRITTEN: &[&str] = &[
    "requirements",
    "requirement_events",
    "notices",
    "deliveries",
    "project_owners",
    "acceptances",
    "audit_log",
];

/// Runs `step` on the file, then on the server; the file's output, which
/// the server's equals.
fn on_both(desk: &Desk, url: &str, step: &str) -> Output {
    on_both_at(desk, url, crate::common::NOW, step)
}

/// Runs `step` at `now` on the file, then on the server; the file's
/// output, which the server's equals.
pub(super) fn on_both_at(desk: &Desk, url: &str, now: &str, step: &str) -> Output {
    let lite = desk.run_at(now, step);
    let pg = desk.run_with(step, |c| {
        c.env("SREDESK_DB", url).env("SREDESK_NOW", now);
    });
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    // The error first: a refusal on one engine alone says why.
    assert_eq!(
        text(&pg.stderr),
        text(&lite.stderr),
        "{step}: PostgreSQL's error differs from SQLite's"
    );
    assert_eq!(
        text(&pg.stdout),
        text(&lite.stdout),
        "{step}: PostgreSQL's output differs from SQLite's"
    );
    assert_eq!(pg.status.code(), lite.status.code(), "{step}");
    lite
}

/// Each of `tables`' row count, on the server or on the file.
pub(super) fn table_counts(
    pg: &cluster::Cluster,
    url: &str,
    desk: &Desk,
    tables: &[&str],
    on_pg: bool,
) -> Vec<i64> {
    tables
        .iter()
        .map(|t| {
            if on_pg {
                super::pg_desk::server_count(pg, url, &format!("SELECT count(*) FROM {t}"))
            } else {
                desk.count(t)
            }
        })
        .collect()
}

#[test]
fn requirements_deliverables_and_owners_read_the_same_on_postgresql_as_on_sqlite() {
    let Some(pg) = cluster::for_test("cli_pg_pipeline") else {
        return;
    };
    let url = pg.fresh_database("cli_pg_pipeline");
    let desk = Desk::new();
    desk.eligible_customer("Acme");
    for (now, step) in ON_THE_FILE {
        desk.ok_at(now, *step);
    }
    desk.ok(&["store", "copy", "--to", &url]);

    for step in PORTED {
        let lite = on_both(&desk, &url, step);
        crate::common::assert_success(&lite, *step);
    }
    // What the copy brought over is read on the server: the October
    // ticket with only its note for the customer, the plan as moved.
    let list = on_both(
        &desk,
        &url,
        "export tickets --customer Acme --period 2026-10 --format json",
    );
    let list = String::from_utf8_lossy(&list.stdout).into_owned();
    assert!(
        list.contains("replaced the disk") && !list.contains("internal only"),
        "{list}"
    );
    let file = desk.path("october.csv");
    let step = format!(
        "export tickets --customer Acme --period 2026-10 --format csv --out {}",
        file.display()
    );
    crate::common::assert_success(&on_both(&desk, &url, &step), &step);
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(
        csv.contains("T-1") && csv.contains("replaced the disk"),
        "{csv}"
    );
    let shown = on_both(&desk, &url, "requirement show 2");
    let shown = String::from_utf8_lossy(&shown.stdout).into_owned();
    assert!(
        shown.contains("rollout    2027-03-15: moved to mid-March"),
        "{shown}"
    );
    let counts = |on_pg: bool| table_counts(pg, &url, &desk, WRITTEN, on_pg);
    let before = counts(true);
    assert_eq!(before, counts(false));
    assert_eq!(before[0], 3, "the October requirement and two more");
    for step in REFUSED {
        let lite = on_both(&desk, &url, step);
        crate::common::runtime_failure(&lite, *step);
    }
    assert_eq!(counts(true), before, "a refusal wrote on PostgreSQL");
    assert_eq!(counts(false), before, "a refusal wrote on SQLite");
}
