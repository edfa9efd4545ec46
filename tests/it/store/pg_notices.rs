//! Incidents, platform changes with each customer's impact, and the
//! notices about them from the command line on PostgreSQL: a desk made on
//! an SQLite file is copied to the server, then every command runs on both
//! at the same clock and prints the same bytes; a refusal says the same
//! words on both and changes nothing on either.

use sredesk::store::pg::cluster;

use super::pg_pipeline::on_both_at as on_both;
use crate::common::{Desk, NOW};

/// A week before the change's window (01:00-03:00 on 28 November in
/// Shanghai), in it, and after it.
const IN_WINDOW: &str = "2026-11-27T17:30:00Z";
const DURING: &str = "2026-11-27T18:00:00Z";
const AFTER: &str = "2026-11-27T19:10:00Z";

/// Commands that work on PostgreSQL, at their clock, run in order on both.
const PORTED: &[(&str, &str)] = &[
    (
        NOW,
        "incident add --title 'Packet loss' --kind backbone-network-fault --region cn-north-4 \
         --next-update '2026-11-22 19:00' --json",
    ),
    (NOW, "incident edit 1 --guidance 'Fail over to cn-east-3.'"),
    (NOW, "incident advance 1 --level 2 --json"),
    (NOW, "incident advance 1 --from evaluated"),
    (NOW, "incident list"),
    (NOW, "incident show 1"),
    (
        NOW,
        "notice compose --incident 1 --stage initial --dry-run --json",
    ),
    (
        NOW,
        "notice compose --incident 1 --stage initial --next-update +1h --json",
    ),
    (NOW, "incident show 1 --json"),
    (NOW, "notice list"),
    (NOW, "notice list --json"),
    (NOW, "notice show 1"),
    (NOW, "notice send-pending"),
    (NOW, "notice show 1 --json"),
    (NOW, "notice resend 1"),
    (NOW, "notice resend 1 --json"),
    (NOW, "incident advance 1 --from notified"),
    (
        NOW,
        "notice compose --incident 1 --stage update --message 'Traffic is back.' --channels email",
    ),
    (NOW, "incident list --all --json"),
    (
        NOW,
        "notice compose --incident 1 --stage update --customer cirrus --customer Borealis \
         --channels email --dry-run",
    ),
    (
        NOW,
        "notice compose --incident 1 --stage update --exclude Acme --channels email \
         --message 'Still watching.' --json",
    ),
    (NOW, "notice list --incident 1 --limit 2"),
    (NOW, "notice show 3 --bodies"),
    (
        NOW,
        "change add --title 'RDS minor version upgrade' --kind upgrade \
         --start '2026-11-28 01:00' --end '2026-11-28 03:00' --service RDS --region cn-east-3 \
         --impact availability --within-sla \
         --guidance 'Make sure your applications reconnect on their own.' --json",
    ),
    (NOW, "change show 1"),
    (
        NOW,
        "change impact 1 --customer borealis --impact availability,performance --outside-sla",
    ),
    (
        NOW,
        "change impact 1 --customer Cirrus --holding OBS@cn-north-4 --impact performance \
         --within-sla --json",
    ),
    (NOW, "change edit 1 --title 'RDS 8.0 minor version upgrade'"),
    (NOW, "notice compose --change 1 --stage notice"),
    (NOW, "change list"),
    (NOW, "change show 1 --json"),
    (IN_WINDOW, "change advance 1"),
    (
        DURING,
        "incident add --title 'RDS connections dropped' --kind other --service RDS \
         --region cn-east-3",
    ),
    (AFTER, "change advance 1 --json"),
    (AFTER, "change confirm 1 --customer Acme --by 'Chen Jie'"),
    (
        AFTER,
        "change confirm 1 --customer BOREALIS --by 'Ana Souza' --note 'Two retries.' --json",
    ),
    (AFTER, "change confirm 1 --customer Cirrus --by 'Li Lei'"),
    (AFTER, "change report 1"),
    (AFTER, "change report 1 --json"),
    (
        AFTER,
        "change advance 1 --follow-up 'Report delivered.' --json",
    ),
    (AFTER, "change list --all"),
    (AFTER, "notice list"),
    (
        AFTER,
        "ticket update 1 --text 'The disk is replaced.' --channels email --dry-run",
    ),
    (
        AFTER,
        "ticket update 1 --text 'The disk is replaced.' --channels email",
    ),
    (AFTER, "notice list --change 1 --json"),
    (AFTER, "ticket show 1"),
    (AFTER, "ticket show 1 --json"),
    (AFTER, "notice send-pending --json"),
    (AFTER, "notice show 5 --json"),
];

/// Refused on both engines, with the same words.
const REFUSED: &[(&str, &str)] = &[
    (AFTER, "incident show 9"),
    (AFTER, "incident advance 9"),
    (AFTER, "incident advance 1 --from monitoring"),
    (AFTER, "incident edit 1 --title ''"),
    (AFTER, "change advance 1"),
    (AFTER, "change show 9"),
    (AFTER, "change report 9"),
    (
        AFTER,
        "change impact 1 --customer Acme --impact none --within-sla",
    ),
    (AFTER, "change confirm 1 --customer Nobody --by X"),
    (
        NOW,
        "change add --title x --kind upgrade --start '2026-11-28 03:00' --end '2026-11-28 01:00'",
    ),
    (AFTER, "notice compose --incident 9 --stage initial"),
    (AFTER, "notice compose --change 1 --stage notice"),
    (AFTER, "notice show 99"),
    (AFTER, "notice resend 99"),
    (AFTER, "ticket update 9 --text hi --channels email"),
    (AFTER, "ticket update 1 --text '  ' --channels email"),
];

/// The tables these commands write, counted after the refusals.
const WRITTEN: &[&str] = &[
    "incidents",
    "changes",
    "change_impacts",
    "record_events",
    "notices",
    "deliveries",
    "delivery_attempts",
    "audit_log",
];

#[test]
fn incidents_changes_and_notices_read_the_same_on_postgresql_as_on_sqlite() {
    let Some(pg) = cluster::for_test("cli_pg_notices") else {
        return;
    };
    let url = pg.fresh_database("cli_pg_notices");
    let desk = Desk::new();
    for name in ["Acme", "Borealis", "Cirrus"] {
        desk.customer(name);
        desk.subscribe(name, "2026-05-20", "2026-06-01", 12);
        desk.ok(&["contact", "add", name, "--email", "ops@customer.example"]);
    }
    desk.ok("inventory add Acme RDS@cn-east-3 ECS@cn-north-4");
    desk.ok("inventory add Borealis RDS@cn-east-3");
    desk.ok("inventory add Cirrus OBS@cn-north-4");
    desk.ok_at(
        "2026-11-22T09:00:00Z",
        "ticket add --customer Acme --severity S2 --kind general --ticket-no T-1 \
         --title 'disk full' --reported-at 2026-11-22T08:00:00Z",
    );
    desk.ok(&["store", "copy", "--to", &url]);

    for (now, step) in PORTED {
        let lite = on_both(&desk, &url, now, step);
        crate::common::assert_success(&lite, *step);
    }
    // The change's report reads its incidents and each customer's word.
    let report = on_both(&desk, &url, AFTER, "change report 1 --json");
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(report["incidents"][0]["related"], true);
    assert_eq!(report["customers"][1]["confirmation"]["by"], "Ana Souza");
    let shown = on_both(&desk, &url, AFTER, "notice show 1 --json");
    let shown: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(shown["notice"]["deliveries"]["sent"], 2, "{shown}");

    let counts = |on_pg: bool| super::pg_pipeline::table_counts(pg, &url, &desk, WRITTEN, on_pg);
    let before = counts(true);
    assert_eq!(before, counts(false));
    assert_eq!(
        &before[..3],
        [2, 1, 3],
        "two incidents, one change, three impacts"
    );
    for (now, step) in REFUSED {
        let lite = on_both(&desk, &url, now, step);
        crate::common::runtime_failure(&lite, *step);
    }
    assert_eq!(counts(true), before, "a refusal wrote on PostgreSQL");
    assert_eq!(counts(false), before, "a refusal wrote on SQLite");
}

/// Three `notice send-pending` processes draining one desk on the server
/// at once, live, to an SMTP server and a robot on 127.0.0.1: every
/// delivery reaches its server exactly once and is recorded sent once.
#[test]
fn several_senders_on_postgresql_send_each_delivery_once() {
    use crate::common::http::HttpReceiver;
    use crate::common::smtp::SmtpReceiver;
    let Some(pg) = cluster::for_test("cli_pg_senders") else {
        return;
    };
    let url = pg.fresh_database("cli_pg_senders");
    let smtp = SmtpReceiver::start(&[]);
    let robot = HttpReceiver::start(200, r#"{"code":"0","data":null,"message":"ok"}"#);
    let desk = Desk::new();
    let names: Vec<String> = (1..=8).map(|n| format!("Customer {n}")).collect();
    for name in &names {
        desk.customer(name);
        desk.subscribe(name, "2026-05-20", "2026-06-01", 12);
        desk.ok(&["contact", "add", name, "--email", "ops@customer.example"]);
        desk.ok(&["inventory", "add", name, "RDS@cn-east-3"]);
    }
    desk.ok(&[
        "contact",
        "add",
        "Customer 1",
        "--welink",
        &robot.url("/welink?token=one"),
    ]);
    desk.ok(&["store", "copy", "--to", &url]);
    let on_pg = |args: &str| {
        let out = desk.run_with(args, |c| {
            c.env("SREDESK_DB", &url);
        });
        crate::common::assert_success(&out, args);
    };
    on_pg(
        "incident add --title 'RDS failover' --kind other --service RDS --region cn-east-3 \
         --level 2 --guidance 'Reconnect.'",
    );
    on_pg("notice compose --incident 1 --stage initial --channels email,chat");
    let total = super::pg_desk::server_count(pg, &url, "SELECT count(*) FROM deliveries");
    assert_eq!(total, 9, "eight emails and one robot");

    let config = desk.live_config(smtp.port(), "");
    let senders: Vec<_> = (0..3)
        .map(|_| {
            desk.cmd(&["--config", &config, "notice", "send-pending"])
                .env("SREDESK_DB", &url)
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for sender in senders {
        let out = sender.wait_with_output().unwrap();
        crate::common::assert_success(&out, "notice send-pending");
    }
    let mut ids: Vec<String> = smtp
        .messages()
        .iter()
        .map(|m| m.header("Message-ID").unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(
        smtp.messages().len(),
        8,
        "an email sent twice or not at all"
    );
    assert_eq!(ids.len(), 8);
    assert_eq!(robot.requests().len(), 1, "the robot posted to twice");
    let count = |sql: &str| super::pg_desk::server_count(pg, &url, sql);
    assert_eq!(
        count("SELECT count(*) FROM deliveries WHERE state = 'sent'"),
        total
    );
    assert_eq!(count("SELECT count(*) FROM delivery_attempts"), total);
}
