//! Escalations worked on PostgreSQL from the command line: what is
//! ported prints what it prints on an SQLite file, byte for byte, a
//! refusal says the same and changes nothing, and processes racing for a
//! customer's last quota unit take exactly the units there are.

use std::process::{Command, Output};

use sredesk::store::pg::cluster;

use super::pg_desk::server_count;
use crate::common::Desk;

const SETUP: &[&str] = &[
    "customer add --name Acme --kind local",
    "subscription add --customer Acme --applied-on 2026-10-20 --start 2026-11-01 --months 12",
];

/// Worked in order on both engines; each prints the same on both.
const WORKED: &[&str] = &[
    "ticket add --customer Acme --severity S2 --kind general --ticket-no T-1 --title 'disk full'",
    "ticket add --customer acme --severity S1 --kind faster --ticket-no T-2 \
     --title 'slow RDS' --json",
    "ticket add --customer Acme --severity S3 --kind general --ticket-no T-3 \
     --title '数据库 latency' --description 'since 09:00'",
    "ticket ack 1",
    "ticket start 1 --json",
    "ticket assign 2 bob --note 'RDS logs attached'",
    "ticket note 1 --text 'customer sent the ELB logs' --for-customer",
    "ticket severity 3 S4 --json",
    "ticket escalate 3",
    "ticket withdraw 3 --reason 'customer fixed it'",
    "ticket pause 1 --reason 'waiting on the logs'",
    "ticket resume 1 --json",
    "ticket snooze 2 --for 30m",
    "ticket resolve 1 --resolution 'disk grown to 2 TB'",
    "ticket close 1",
    "ticket add --customer Acme --severity S4 --kind general --ticket-no T-4 --title 'a question'",
    "ticket out-of-scope 4 --reason code-development",
    "ticket list",
    "ticket list --open --json",
    "ticket list --customer acme --state withdrawn",
    "quota show --customer Acme",
    "handover",
    "handover --format json",
    "report trends",
    "report trends --format json",
    "customer show acme",
    "customer show Acme --json",
    // Search: the title, the ticket number split at its dash, a note's
    // words, a Chinese run as a phrase, several words, and pages.
    "ticket search disk",
    "ticket search 'disk full' --json",
    "ticket search t-2",
    "ticket search ELB logs",
    "ticket search 数据库",
    "ticket search 据库 --json",
    "ticket search since 09:00",
    "ticket search --limit 1 logs",
    "ticket search nothing-like-this",
];

/// Refused alike on both engines, each changing nothing.
const REFUSED: &[&str] = &[
    "ticket add --customer Acme --severity S2 --kind general --ticket-no T-1 --title again",
    "ticket add --customer Nobody --severity S2 --kind general --ticket-no T-9 --title x",
    "ticket close 2",
    "ticket ack 99",
    "ticket search x",
    "ticket search -- '--'",
];

fn on(url: &str) -> impl Fn(&mut Command) + '_ {
    move |c| {
        c.env("SREDESK_DB", url);
    }
}

#[test]
fn escalations_are_worked_the_same_on_postgresql_as_on_sqlite() {
    let Some(pg) = cluster::for_test("cli_pg_tickets") else {
        return;
    };
    let url = pg.fresh_database("cli_pg_tickets");
    let desk = Desk::new();
    for step in SETUP.iter().chain(WORKED) {
        let lite = desk.ok(*step);
        let out = desk.run_with(*step, on(&url));
        crate::common::assert_success(&out, *step);
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            lite,
            "{step}: PostgreSQL's output differs from SQLite's"
        );
    }
    let audit = || server_count(pg, &url, "SELECT count(*) FROM audit_log");
    let before = audit();
    for step in REFUSED {
        let lite = desk.fails(*step);
        let err = crate::common::runtime_failure(&desk.run_with(*step, on(&url)), *step);
        assert_eq!(
            err, lite,
            "{step}: PostgreSQL's refusal differs from SQLite's"
        );
    }
    assert_eq!(audit(), before, "a refusal writes nothing");
    let notes = server_count(pg, &url, "SELECT count(*) FROM escalation_notes");
    assert_eq!(notes, 2, "the hand-off's note and the engineer's");
    let uses = server_count(
        pg,
        &url,
        "SELECT count(*) FROM quota_uses WHERE returned_at IS NULL",
    );
    assert_eq!(
        uses, 1,
        "T-2's unit kept, T-3's given back in the grace period"
    );
}

/// `n` processes started together, each adding a faster-handling ticket
/// of its own for Acme; their outputs.
fn race(desk: &Desk, n: usize, adjust: impl Fn(&mut Command)) -> Vec<Output> {
    let children: Vec<_> = (0..n)
        .map(|i| {
            let step = format!(
                "ticket add --customer Acme --severity S3 --kind faster --ticket-no R-{i} \
                 --title 'race {i}'"
            );
            let mut c = desk.cmd(step.as_str());
            adjust(&mut c);
            c.stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("start sredesk")
        })
        .collect();
    children
        .into_iter()
        .map(|c| c.wait_with_output().expect("wait for sredesk"))
        .collect()
}

/// 8 processes race for Acme's last two faster-handling units of the
/// month: exactly two are taken, the other six are refused with the
/// reason, on PostgreSQL as on SQLite. Every writer takes the desk's write
/// lock before it reads what it will change, so the count each one reads
/// is the count it writes after.
#[test]
fn racing_processes_take_exactly_the_quota_units_there_are() {
    let Some(pg) = cluster::for_test("cli_pg_quota_race") else {
        return;
    };
    let url = pg.fresh_database("cli_pg_quota_race");
    let desk = Desk::new();
    for step in SETUP {
        desk.ok(*step);
        crate::common::assert_success(&desk.run_with(*step, on(&url)), *step);
    }
    for i in 0..8 {
        let step = format!(
            "ticket add --customer Acme --severity S3 --kind faster --ticket-no U-{i} \
             --title 'used {i}'"
        );
        desk.ok(step.as_str());
        crate::common::assert_success(&desk.run_with(step.as_str(), on(&url)), &step);
    }
    let lite = race(&desk, 8, |_| {});
    let server = race(&desk, 8, on(&url));
    for (engine, outs) in [("SQLite", &lite), ("PostgreSQL", &server)] {
        let (taken, refused): (Vec<_>, Vec<_>) = outs.iter().partition(|o| o.status.success());
        assert_eq!((taken.len(), refused.len()), (2, 6), "{engine}");
        for o in refused {
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains("used"), "{engine}: {err}");
        }
    }
    let uses = server_count(pg, &url, "SELECT count(*) FROM quota_uses");
    let tickets = server_count(pg, &url, "SELECT count(*) FROM escalations");
    assert_eq!((uses, tickets), (10, 10), "a refused ticket is not kept");
    let out = desk.run_with("quota show --customer Acme --json", on(&url));
    crate::common::assert_success(&out, "quota show");
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        desk.ok("quota show --customer Acme --json")
    );
}
