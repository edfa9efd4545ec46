//! The deliverables through the `sredesk` binary: the Customer Service
//! Ticket List and Requirement List exported as CSV, Markdown and JSON
//! (compared with golden files under tests/golden/), hostile text in every
//! format, acceptance of a list, and the desk's project owner with its
//! notice rule. Each test runs the real executable on a store in its own
//! temporary directory with the clock set per command (`SREDESK_NOW`); the
//! desk's zone is the default, Asia/Shanghai (UTC+8, no daylight saving).
//!
//! Golden files: `UPDATE_GOLDEN=1 cargo test --test it deliverables::` rewrites
//! them; review the diff by eye before keeping it.

use std::process::Output;

use serde_json::{Value, json};

use crate::common::*;

mod acceptance;
mod bad_input;
mod exports;
mod hostile;
mod out_targets;
mod owners;
mod trends;

/// 1 December 2026, 10:00 in Shanghai: November is over.
const DEC_1: &str = "2026-12-01T02:00:00Z";

impl Desk {
    /// Adds a general escalation reported at `reported` (also the clock).
    fn ticket(&self, customer: &str, no: &str, sev: &str, title: &str, reported: &str) -> i64 {
        let v = self.json_at(
            reported,
            &[
                "ticket",
                "add",
                "--customer",
                customer,
                "--severity",
                sev,
                "--kind",
                "general",
                "--ticket-no",
                no,
                "--title",
                title,
                "--reported-at",
                reported,
                "--json",
            ],
        );
        v["id"].as_i64().unwrap()
    }

    /// `ticket VERB ID [extra]` at `now`.
    fn triage(&self, now: &str, verb: &str, id: i64, extra: &[&str]) {
        let id = id.to_string();
        let mut args = vec!["ticket", verb, &id];
        args.extend_from_slice(extra);
        self.ok_at(now, &args);
    }

    fn requirement(&self, now: &str, customer: &str, title: &str, description: &str) -> i64 {
        let v = self.json_at(
            now,
            &[
                "requirement",
                "add",
                "--customer",
                customer,
                "--title",
                title,
                "--description",
                description,
                "--json",
            ],
        );
        v["id"].as_i64().unwrap()
    }

    /// `requirement <step> <id>` at `now`; `notify` also sends the
    /// notice, which makes the requirement customer_notified.
    fn req_step(&self, now: &str, id: i64, step: &[&str]) {
        if step == ["notify"] {
            return self.notify_requirement(now, "tester", id);
        }
        let id = id.to_string();
        let mut args = vec!["requirement", step[0], &id];
        args.extend_from_slice(&step[1..]);
        self.ok_at(now, &args);
    }
}

fn read_csv(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// `ch` in `s` not escaped by a backslash (an odd run of them before it).
fn unescaped(s: &str, ch: char) -> usize {
    let chars: Vec<char> = s.chars().collect();
    (0..chars.len())
        .filter(|&i| {
            chars[i] == ch && chars[..i].iter().rev().take_while(|c| **c == '\\').count() % 2 == 0
        })
        .count()
}

const CUSTOMER: &str = "Jade Cloud";

/// One escalation of the fixed data set, with its SLA outcome in the
/// November list worked out by hand (S1 15m, S2 30m, S3 3h, S4 8h, S5 16h;
/// the list is taken on 1 December 10:00 Shanghai = `DEC_1`).
struct Case {
    no: &'static str,
    in_november: bool,
    severity: &'static str,
    outcome: &'static str,
}

const CASES: [Case; 9] = [
    // 31 Oct 23:59:59 Shanghai: October's.
    Case {
        no: "T-099",
        in_november: false,
        severity: "S3",
        outcome: "met",
    },
    // 1 Nov 01:00 Shanghai (31 Oct 17:00Z); answered after 12m30s < 15m.
    Case {
        no: "T-101",
        in_november: true,
        severity: "S1",
        outcome: "met",
    },
    // Answered after 45m > 30m.
    Case {
        no: "T-102",
        in_november: true,
        severity: "S2",
        outcome: "breached",
    },
    // Answered at exactly 3h: on the deadline is within it.
    Case {
        no: "T-103",
        in_november: true,
        severity: "S3",
        outcome: "met",
    },
    // Never answered; deadline 12 Nov 16:00Z long past on 1 Dec.
    Case {
        no: "T-104",
        in_november: true,
        severity: "S4",
        outcome: "breached",
    },
    // Withdrawn after 2h, unanswered, deadline 16h away: not applicable.
    Case {
        no: "T-105",
        in_november: true,
        severity: "S5",
        outcome: "n/a",
    },
    // Answered after 15h59m59s < 16h.
    Case {
        no: "T-108",
        in_november: true,
        severity: "S5",
        outcome: "met",
    },
    // 30 Nov 23:00 Shanghai (15:00Z), unanswered; deadline 16h later is
    // 1 Dec 07:00Z, still ahead at 02:00Z.
    Case {
        no: "T-106",
        in_november: true,
        severity: "S5",
        outcome: "pending",
    },
    // 1 Dec 00:00 Shanghai (30 Nov 16:00Z): December's.
    Case {
        no: "T-107",
        in_november: false,
        severity: "S1",
        outcome: "pending",
    },
];

/// The fixed data set: a customer with tickets of every severity (met,
/// breached, pending, withdrawn before its deadline, both sides of the
/// month's edges in Shanghai), requirements in and around November, and a
/// second customer whose tickets must stay out of the first one's lists.
fn data_set() -> Desk {
    let d = Desk::new();
    d.eligible_customer(CUSTOMER);
    d.eligible_customer("Other Co");
    let t099 = d.ticket(
        CUSTOMER,
        "T-099",
        "S3",
        "Backup job slow",
        "2026-10-31T15:59:59Z",
    );
    d.triage("2026-10-31T16:30:00Z", "ack", t099, &[]);
    let t101 = d.ticket(
        CUSTOMER,
        "T-101",
        "S1",
        "RDS primary unreachable",
        "2026-10-31T17:00:00Z",
    );
    d.triage("2026-10-31T17:12:30Z", "ack", t101, &[]);
    d.triage("2026-10-31T17:20:00Z", "start", t101, &[]);
    d.triage(
        "2026-11-01T01:00:00Z",
        "resolve",
        t101,
        &["--note", "Restarted the RDS primary; failover verified"],
    );
    d.triage("2026-11-01T02:00:00Z", "close", t101, &[]);
    let t102 = d.ticket(
        CUSTOMER,
        "T-102",
        "S2",
        "ELB 502s, \"intermittent\" | cn-east-3",
        "2026-11-03T06:00:00Z",
    );
    d.triage("2026-11-03T06:45:00Z", "ack", t102, &[]);
    // A note for the customer's list, and one for the desk only.
    d.triage(
        "2026-11-03T06:50:00Z",
        "note",
        t102,
        &[
            "--text",
            "Listener config in cn-east-3 is being rolled back",
            "--for-customer",
        ],
    );
    d.triage(
        "2026-11-03T06:55:00Z",
        "note",
        t102,
        &["--text", "DESK ONLY: their change window was not announced"],
    );
    d.triage("2026-11-03T07:00:00Z", "start", t102, &[]);
    d.triage(
        "2026-11-03T10:00:00Z",
        "resolve",
        t102,
        &[
            "--note",
            "Rolled back listener config \"v2.3\", see KB|1024\nand *retested*",
        ],
    );
    let t103 = d.ticket(
        CUSTOMER,
        "T-103",
        "S3",
        "CCE node NotReady",
        "2026-11-10T02:00:00Z",
    );
    d.triage("2026-11-10T05:00:00Z", "ack", t103, &[]);
    d.ticket(
        CUSTOMER,
        "T-104",
        "S4",
        "Test VPC peering flaps",
        "2026-11-12T08:00:00Z",
    );
    let t105 = d.ticket(
        CUSTOMER,
        "T-105",
        "S5",
        "How to rotate IAM keys?",
        "2026-11-20T01:00:00Z",
    );
    d.triage("2026-11-20T03:00:00Z", "withdraw", t105, &[]);
    let t108 = d.ticket(
        CUSTOMER,
        "T-108",
        "S5",
        "OBS lifecycle rules",
        "2026-11-25T02:00:00Z",
    );
    d.triage("2026-11-25T17:59:59Z", "ack", t108, &[]);
    d.triage("2026-11-25T18:00:00Z", "start", t108, &[]);
    d.triage(
        "2026-11-26T01:00:00Z",
        "resolve",
        t108,
        &["--note", "Sent the lifecycle rule example"],
    );
    d.triage("2026-11-26T02:00:00Z", "close", t108, &[]);
    d.ticket(
        CUSTOMER,
        "T-106",
        "S5",
        "ECS quota question",
        "2026-11-30T15:00:00Z",
    );
    d.ticket(
        CUSTOMER,
        "T-107",
        "S1",
        "WAF blocking checkout",
        "2026-11-30T16:00:00Z",
    );
    d.ticket(
        "Other Co",
        "O-1",
        "S1",
        "Not Jade's",
        "2026-11-15T02:00:00Z",
    );

    // Notified before November: not in November's list.
    let r1 = d.requirement("2026-10-20T02:00:00Z", CUSTOMER, "Tag-based billing", "");
    for day in ["21", "22", "23", "26"] {
        d.req_step(&format!("2026-10-{day}T02:00:00Z"), r1, &["advance"]);
    }
    d.req_step("2026-10-28T02:00:00Z", r1, &["notify"]);
    // Accepted in November, notified (and re-planned) in December: as at
    // the end of November it is accepted with the March plan.
    let r2 = d.requirement(
        "2026-10-25T02:00:00Z",
        CUSTOMER,
        "Cross-region OBS replication",
        "Replicate buckets from cn-north-4 to cn-east-3.",
    );
    d.req_step("2026-10-26T02:00:00Z", r2, &["advance"]);
    d.req_step("2026-11-02T02:00:00Z", r2, &["advance"]);
    d.req_step("2026-11-04T02:00:00Z", r2, &["advance"]);
    d.req_step("2026-11-18T02:00:00Z", r2, &["advance"]);
    d.req_step(
        "2026-11-20T02:00:00Z",
        r2,
        &[
            "plan",
            "--date",
            "2027-03-01",
            "--note",
            "March release, cn-north-4 first",
        ],
    );
    d.req_step("2026-12-01T01:00:00Z", r2, &["notify"]);
    d.req_step(
        "2026-12-01T01:30:00Z",
        r2,
        &["plan", "--date", "2027-04-01", "--note", "Slipped to April"],
    );
    // Submitted, rejected and notified within November.
    let r3 = d.requirement(
        "2026-11-05T03:00:00Z",
        CUSTOMER,
        "Export audit logs as *CSV* | JSON",
        "Needed for the \"SOC 2\" audit,\nby Q1.",
    );
    for day in ["06", "09", "10"] {
        d.req_step(&format!("2026-11-{day}T03:00:00Z"), r3, &["advance"]);
    }
    d.req_step(
        "2026-11-20T03:00:00Z",
        r3,
        &["reject", "--reason", "Covered by CTS: use its trace export"],
    );
    d.req_step("2026-11-21T03:00:00Z", r3, &["notify"]);
    // Still being analysed at the end of November.
    let r4 = d.requirement(
        "2026-11-25T06:00:00Z",
        CUSTOMER,
        "Dark mode for the console",
        "",
    );
    d.req_step("2026-11-26T06:00:00Z", r4, &["advance"]);
    // 1 December in Shanghai: December's.
    d.requirement("2026-11-30T16:30:00Z", CUSTOMER, "Bulk ECS tagging", "");
    d
}

fn export(d: &Desk, kind: &str, period: &[&str], format: &str) -> String {
    export_for(d, CUSTOMER, kind, period, format)
}

fn export_for(d: &Desk, customer: &str, kind: &str, period: &[&str], format: &str) -> String {
    let mut args = vec!["export", kind, "--customer", customer];
    args.extend_from_slice(period);
    args.extend(["--format", format]);
    d.ok_at(DEC_1, &args)
}

/// Acme with two November tickets and one November requirement.
fn small_desk() -> (Desk, i64, i64) {
    let d = Desk::new();
    d.eligible_customer("Acme");
    let t1 = d.ticket("Acme", "T-1", "S3", "Slow RDS", "2026-11-10T02:00:00Z");
    d.triage("2026-11-10T02:30:00Z", "ack", t1, &[]);
    let t2 = d.ticket("Acme", "T-2", "S5", "Question", "2026-11-20T02:00:00Z");
    let r = d.requirement("2026-11-15T02:00:00Z", "Acme", "Dark mode", "");
    (d, t2, r)
}

/// Acme's November tickets as CSV, `--out` to `out`, on 1 December.
fn export_to(d: &Desk, out: &std::path::Path) -> Output {
    csv_out_for(d, "Acme", out)
}

/// As `export_to`, for `customer`.
fn csv_out_for(d: &Desk, customer: &str, out: &std::path::Path) -> Output {
    d.run_at(
        DEC_1,
        &[
            "export",
            "tickets",
            "--customer",
            customer,
            "--period",
            "2026-11",
            "--format",
            "csv",
            "--out",
            out.to_str().unwrap(),
        ],
    )
}
