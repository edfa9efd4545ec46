//! The deliverables through the `sredesk` binary: the Customer Service
//! Ticket List and Requirement List exported as CSV, Markdown and JSON
//! (compared with golden files under tests/golden/), hostile text in every
//! format, acceptance of a list, and the desk's project owner with its
//! notice rule. Each test runs the real executable on a store in its own
//! temporary directory with the clock set per command (`SREDESK_NOW`); the
//! desk's zone is the default, Asia/Shanghai (UTC+8, no daylight saving).
//!
//! Golden files: `UPDATE_GOLDEN=1 cargo test --test deliverables` rewrites
//! them; review the diff by eye before keeping it.

use crate::common::*;

use std::process::Output;

use serde_json::{Value, json};

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

    fn req_step(&self, now: &str, id: i64, step: &[&str]) {
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

// ----------------------------------------------------------- the data set

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
    for day in ["21", "22", "23", "26", "28"] {
        d.req_step(&format!("2026-10-{day}T02:00:00Z"), r1, &["advance"]);
    }
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
    d.req_step("2026-12-01T01:00:00Z", r2, &["advance"]);
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
    d.req_step("2026-11-21T03:00:00Z", r3, &["advance"]);
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

// -------------------------------------------------------------- exports

#[test]
fn ticket_list_golden_files_and_hand_computed_sla_figures() {
    let d = data_set();
    let month = ["--period", "2026-11"];
    let csv = export(&d, "tickets", &month, "csv");
    let md = export(&d, "tickets", &month, "md");
    let js = export(&d, "tickets", &month, "json");
    golden("tickets-2026-11.csv", &csv);
    golden("tickets-2026-11.md", &md);
    golden("tickets-2026-11.json", &js);

    // The same period given three ways gives the same bytes.
    for other in [
        &["--period", "2026-11-01..2026-11-30"][..],
        &["--from", "2026-11-01", "--to", "2026-11-30"][..],
    ] {
        assert_eq!(export(&d, "tickets", other, "csv"), csv, "{other:?}");
        assert_eq!(export(&d, "tickets", other, "json"), js, "{other:?}");
    }
    // --out writes the same bytes and says so.
    let file = d.path("tickets.md");
    let said = export(
        &d,
        "tickets",
        &["--period", "2026-11", "--out", file.to_str().unwrap()],
        "md",
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), md);
    assert_eq!(
        said,
        format!(
            "wrote the Customer Service Ticket List of Jade Cloud for 2026-11 (7 rows) to {}\n",
            file.display()
        )
    );

    // By hand, from the cases above: which tickets, and their outcomes.
    let november: Vec<&Case> = CASES.iter().filter(|c| c.in_november).collect();
    let count = |o: &str| november.iter().filter(|c| c.outcome == o).count();
    assert_eq!(
        (
            november.len(),
            count("met"),
            count("breached"),
            count("pending"),
            count("n/a")
        ),
        (7, 3, 2, 1, 1)
    );
    // Attainment: met / (met + breached) = 3 / 5 = 60.0%.
    let attainment = "60.0%";

    // CSV: one row per ticket in report order, then the totals.
    let rows = read_csv(&csv);
    assert_eq!(rows[0][0], "record");
    let tickets: Vec<_> = rows.iter().filter(|r| r[0] == "ticket").collect();
    let order: Vec<&str> = tickets.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        order,
        [
            "T-101", "T-102", "T-103", "T-104", "T-105", "T-108", "T-106"
        ],
        "November's tickets in report order; T-099 and T-107 fall in other months \
         in Shanghai; Other Co's ticket is not Jade's"
    );
    for r in &tickets {
        let case = CASES.iter().find(|c| c.no == r[1]).unwrap();
        assert_eq!(r[5], case.severity, "{}", case.no);
        assert_eq!(r[11], case.outcome, "{}", case.no);
    }
    let t101 = tickets[0];
    assert_eq!(t101[6], "2026-11-01T01:00:00+08:00", "reported, desk time");
    assert_eq!(t101[7], "2026-11-01T01:12:30+08:00");
    assert_eq!((t101[8].as_str(), t101[9].as_str()), ("750", "12m 30s"));
    assert_eq!(t101[10], "15m");
    let totals: Vec<_> = rows.iter().filter(|r| r[0] == "total").collect();
    assert_eq!(totals[0][5], "all");
    assert_eq!(
        totals[0][3],
        "7 tickets: 3 met, 2 breached, 1 pending, 1 n/a"
    );
    assert_eq!(totals[0][11], attainment);
    let per_sev: Vec<(&str, &str, &str)> = totals[1..]
        .iter()
        .map(|r| (r[5].as_str(), r[3].as_str(), r[11].as_str()))
        .collect();
    assert_eq!(
        per_sev,
        [
            ("S1", "1 ticket: 1 met, 0 breached", "100.0%"),
            ("S2", "1 ticket: 0 met, 1 breached", "0.0%"),
            ("S3", "1 ticket: 1 met, 0 breached", "100.0%"),
            ("S4", "1 ticket: 0 met, 1 breached", "0.0%"),
            // T-105 n/a, T-108 met, T-106 pending: 1 of 1 decided.
            ("S5", "3 tickets: 1 met, 0 breached", "100.0%"),
        ]
    );

    // Markdown: the same figures in the report's words.
    assert!(md.contains("- Escalations: 7\n"), "{md}");
    assert!(
        md.contains("- Response SLA met: 3, breached: 2, still pending: 1, not applicable: 1\n"),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "- SLA attainment: {attainment} (met out of 5 with a decided response)\n"
        )),
        "{md}"
    );
    assert!(md.contains("| S5 | 16h | 3 | 1 | 0 | 100.0% |"), "{md}");

    // JSON: the same figures, attainment included.
    let v: Value = serde_json::from_str(&js).unwrap();
    assert_eq!(v["customer"], CUSTOMER);
    assert_eq!(v["period"], "2026-11");
    assert_eq!(v["time_zone"], "Asia/Shanghai");
    let outcomes: Vec<(&str, &str)> = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["ticket_no"].as_str().unwrap(), l["sla"].as_str().unwrap()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("T-101", "met"),
            ("T-102", "breached"),
            ("T-103", "met"),
            ("T-104", "breached"),
            ("T-105", "not_applicable"),
            ("T-108", "met"),
            ("T-106", "pending"),
        ]
    );
    let t = &v["totals"];
    assert_eq!(
        (
            &t["tickets"],
            &t["met"],
            &t["breached"],
            &t["pending"],
            &t["not_applicable"]
        ),
        (&json!(7), &json!(3), &json!(2), &json!(1), &json!(1))
    );
    assert_eq!(t["attainment"], attainment, "{t}");
    assert_eq!(t["attainment_permille"], 600, "{t}");
    assert_eq!(
        t["by_severity"][3],
        json!({"severity": "S4", "tickets": 1, "met": 0, "breached": 1, "attainment": "0.0%"})
    );
    assert_eq!(
        t["by_severity"][4],
        json!({"severity": "S5", "tickets": 3, "met": 1, "breached": 0, "attainment": "100.0%"})
    );
}

#[test]
fn an_empty_period_has_no_attainment() {
    let d = data_set();
    let js = export(&d, "tickets", &["--period", "2026-09"], "json");
    let v: Value = serde_json::from_str(&js).unwrap();
    assert_eq!(v["lines"], json!([]));
    assert_eq!(v["totals"]["attainment"], Value::Null);
    let md = export(&d, "tickets", &["--period", "2026-09"], "md");
    assert!(
        md.contains("No escalations were reported in this period."),
        "{md}"
    );
    assert!(md.contains("- SLA attainment: n/a"), "{md}");
    let csv = read_csv(&export(&d, "tickets", &["--period", "2026-09"], "csv"));
    assert_eq!(csv.len(), 2, "header and the one total row: {csv:?}");
    assert_eq!(csv[1][3], "0 tickets: 0 met, 0 breached, 0 pending, 0 n/a");
    assert_eq!(csv[1][11], "n/a");
}

#[test]
fn period_edges_follow_the_desk_time_zone() {
    let d = data_set();
    let nos = |period: &[&str]| -> Vec<String> {
        let v: Value = serde_json::from_str(&export(&d, "tickets", period, "json")).unwrap();
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["ticket_no"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(nos(&["--period", "2026-10"]), ["T-099"]);
    assert_eq!(nos(&["--period", "2026-12"]), ["T-107"]);
    // One desk day each: 1 November and 30 November in Shanghai.
    assert_eq!(nos(&["--period", "2026-11-01..2026-11-01"]), ["T-101"]);
    assert_eq!(
        nos(&["--from", "2026-11-30", "--to", "2026-11-30"]),
        ["T-106"]
    );
    // In Los Angeles, 31 Oct 17:00Z is still October, and 30 Nov 16:00Z
    // is still November.
    let config = d.path("la.toml");
    std::fs::write(&config, "[desk]\ntime_zone = \"America/Los_Angeles\"\n").unwrap();
    let la = |period: &str| -> Vec<String> {
        let v = d.json_at(
            DEC_1,
            &[
                "--config",
                config.to_str().unwrap(),
                "export",
                "tickets",
                "--customer",
                CUSTOMER,
                "--period",
                period,
                "--format",
                "json",
            ],
        );
        assert_eq!(v["time_zone"], "America/Los_Angeles");
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["ticket_no"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(la("2026-10"), ["T-099", "T-101"]);
    assert!(la("2026-11").contains(&"T-107".to_string()));
}

#[test]
fn requirement_list_golden_files_show_each_requirement_as_at_the_period_end() {
    let d = data_set();
    let month = ["--period", "2026-11"];
    let csv = export(&d, "requirements", &month, "csv");
    let md = export(&d, "requirements", &month, "md");
    let js = export(&d, "requirements", &month, "json");
    golden("requirements-2026-11.csv", &csv);
    golden("requirements-2026-11.md", &md);
    golden("requirements-2026-11.json", &js);
    assert_eq!(
        export(
            &d,
            "requirements",
            &["--from", "2026-11-01", "--to", "2026-11-30"],
            "json"
        ),
        js
    );

    let v: Value = serde_json::from_str(&js).unwrap();
    let lines = v["lines"].as_array().unwrap();
    let seen: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| (l["title"].as_str().unwrap(), l["state"].as_str().unwrap()))
        .collect();
    // Tag-based billing was notified in October; Bulk ECS tagging is
    // December's (1 Dec 00:30 in Shanghai).
    assert_eq!(
        seen,
        [
            ("Cross-region OBS replication", "accepted"),
            ("Export audit logs as *CSV* | JSON", "customer_notified"),
            ("Dark mode for the console", "analysing"),
        ]
    );
    // Replication: accepted on 18 Nov with the March plan, though since
    // then notified and re-planned for April (in December).
    let r2 = &lines[0];
    assert_eq!(r2["state_since"], "2026-11-18T02:00:00Z");
    assert_eq!(r2["accepted"], true);
    assert_eq!(
        r2["rollout"],
        json!({"date": "2027-03-01", "note": "March release, cn-north-4 first"})
    );
    let last = r2["transitions"].as_array().unwrap().last().unwrap();
    assert_eq!(last["at"], "2026-11-20T02:00:00Z", "no December step");
    let r2_now = d.json_at(
        DEC_1,
        &["requirement", "show", &r2["id"].to_string(), "--json"],
    );
    assert_eq!(r2_now["state"], "customer_notified");
    assert_eq!(r2_now["rollout"]["date"], "2027-04-01");
    // The rejection is kept with its reason.
    assert_eq!(
        lines[1]["rejection_reason"],
        "Covered by CTS: use its trace export"
    );

    let rows = read_csv(&csv);
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1][col("state")], "accepted");
    assert_eq!(rows[1][col("accepted_at")], "2026-11-18T10:00:00+08:00");
    assert_eq!(
        rows[1][col("customer_notified_at")],
        "",
        "December's step left out"
    );
    assert_eq!(rows[1][col("rollout_on")], "2027-03-01");
    assert_eq!(
        rows[2][col("description")],
        "Needed for the \"SOC 2\" audit,\nby Q1."
    );
    assert_eq!(rows[2][col("rejected_at")], "2026-11-20T11:00:00+08:00");

    assert!(md.contains("states as at the end of 2026-11-30"), "{md}");
    assert!(
        md.contains("| Accepted | 2026-11-18 10:00 | 2026-10-25 10:00 | Rollout 2027-03-01: March release, cn-north-4 first |"),
        "{md}"
    );
    assert!(!md.contains("April"), "{md}");

    // October: the billing requirement (notified on 28 Oct) and the
    // replication one (analysing since 26 Oct).
    let oct: Value = serde_json::from_str(&export(
        &d,
        "requirements",
        &["--period", "2026-10"],
        "json",
    ))
    .unwrap();
    let seen: Vec<(&str, &str)> = oct["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["title"].as_str().unwrap(), l["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [
            ("Tag-based billing", "customer_notified"),
            ("Cross-region OBS replication", "analysing"),
        ]
    );
}

// -------------------------------------------------------- hostile text

/// Everything a spreadsheet, a Markdown renderer or a terminal might act on.
const HOSTILE: &str = "a,b \"q\" 'x' |pipe| <script>alert(1)</script> *b* _i_ [l](http://x) \
    `tick` ~~s~~ #h & &amp; \\ \x1b[2J\x1b]0;pwned\x07 \u{9b}31m \u{202e}rev\r\nline2\rcr\nline3";

#[test]
fn hostile_text_survives_csv_and_json_and_is_neutralised_in_markdown() {
    let d = Desk::new();
    d.eligible_customer("Acme");
    let t = d.ticket("Acme", "H-1", "S3", HOSTILE, "2026-11-10T02:00:00Z");
    d.triage("2026-11-10T02:10:00Z", "ack", t, &[]);
    d.triage("2026-11-10T02:20:00Z", "start", t, &[]);
    d.triage("2026-11-10T03:00:00Z", "resolve", t, &["--note", HOSTILE]);
    let r = d.requirement("2026-11-11T02:00:00Z", "Acme", HOSTILE, HOSTILE);
    for at in ["12", "13", "14"] {
        d.req_step(&format!("2026-11-{at}T02:00:00Z"), r, &["advance"]);
    }
    d.req_step("2026-11-15T02:00:00Z", r, &["reject", "--reason", HOSTILE]);
    let p = d.requirement("2026-11-16T02:00:00Z", "Acme", "plain", "");
    for at in ["17", "18", "19", "20"] {
        d.req_step(&format!("2026-11-{at}T02:00:00Z"), p, &["advance"]);
    }
    d.req_step(
        "2026-11-21T02:00:00Z",
        p,
        &["plan", "--date", "2027-01-01", "--note", HOSTILE],
    );
    // What the store kept (titles and notes are trimmed at the edges).
    let ticket = d.json_at(DEC_1, &["ticket", "show", &t.to_string(), "--json"]);
    let req = d.json_at(DEC_1, &["requirement", "show", &r.to_string(), "--json"]);
    let plan = d.json_at(DEC_1, &["requirement", "show", &p.to_string(), "--json"]);
    let s = |v: &Value| v.as_str().unwrap().to_string();
    let (title, resolution) = (s(&ticket["title"]), s(&ticket["resolution"]));
    let (rtitle, rdesc, reason) = (
        s(&req["title"]),
        s(&req["description"]),
        s(&req["rejection_reason"]),
    );
    let note = s(&plan["rollout"]["note"]);
    for kept in [&title, &resolution, &rtitle, &rdesc, &reason, &note] {
        assert!(kept.contains('\x1b') && kept.contains("\r\n"), "{kept:?}");
    }

    let out = |kind: &str, format: &str| -> (String, Vec<u8>) {
        let file = d.path(&format!("{kind}.{format}"));
        d.ok_at(
            DEC_1,
            &[
                "export",
                kind,
                "--customer",
                "Acme",
                "--period",
                "2026-11",
                "--format",
                format,
                "--out",
                file.to_str().unwrap(),
            ],
        );
        let bytes = std::fs::read(&file).unwrap();
        (String::from_utf8(bytes.clone()).unwrap(), bytes)
    };

    // CSV: every character back exactly.
    let (csv, _) = out("tickets", "csv");
    let rows = read_csv(&csv);
    assert_eq!(rows[1][3], title);
    assert_eq!(rows[1][13], resolution);
    let (csv, _) = out("requirements", "csv");
    let rows = read_csv(&csv);
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    assert_eq!(rows[1][col("title")], rtitle);
    assert_eq!(rows[1][col("description")], rdesc);
    assert_eq!(rows[1][col("rejection_reason")], reason);
    assert_eq!(rows[2][col("rollout_note")], note);

    // JSON: no raw control byte, and the same strings back.
    for kind in ["tickets", "requirements"] {
        let (js, bytes) = out(kind, "json");
        assert!(
            !bytes.iter().any(|b| *b < 0x20 && *b != b'\n'),
            "{kind}: raw control byte in JSON"
        );
        assert_eq!(js.matches('\n').count(), 1, "one line of JSON");
        assert!(!js.contains('\u{7f}') && !js.contains('\u{9b}') && !js.contains('\u{202e}'));
        let v: Value = serde_json::from_str(&js).unwrap();
        let l = &v["lines"];
        if kind == "tickets" {
            assert_eq!(s(&l[0]["title"]), title);
            assert_eq!(s(&l[0]["resolution"]), resolution);
        } else {
            assert_eq!(s(&l[0]["title"]), rtitle);
            assert_eq!(s(&l[0]["description"]), rdesc);
            assert_eq!(s(&l[0]["rejection_reason"]), reason);
            assert_eq!(s(&l[1]["rollout"]["note"]), note);
        }
    }

    // Markdown: nothing a renderer or terminal would act on.
    for kind in ["tickets", "requirements"] {
        let (md, bytes) = out(kind, "md");
        assert!(!bytes.contains(&0x1b), "{kind}: raw ESC");
        assert!(!bytes.contains(&b'\r'), "{kind}: raw CR");
        assert!(!bytes.contains(&0x07), "{kind}: raw BEL");
        assert!(!md.contains('\u{9b}') && !md.contains('\u{202e}'), "{kind}");
        assert!(!md.contains("<script"), "{kind}");
        assert_eq!(
            md.matches('<').count(),
            md.matches("<br>").count(),
            "{kind}: a raw < other than the line breaks:\n{md}"
        );
        assert!(md.contains("&lt;script&gt;"), "{kind}");
        assert!(
            md.contains("&amp;amp;"),
            "{kind}: entities are shown, not decoded"
        );
        for line in md.lines().filter(|l| l.contains("\\x1b")) {
            for ch in ['*', '_', '[', ']', '`', '~'] {
                assert_eq!(unescaped(line, ch), 0, "{kind}: unescaped {ch} in {line:?}");
            }
        }
        // Every table row keeps its column count: no stray | in a cell.
        let mut columns = None;
        for line in md.lines() {
            if line.starts_with('|') {
                if line.starts_with("|---") {
                    continue;
                }
                let n = unescaped(line, '|');
                if line.starts_with("| Severity") {
                    columns = None;
                }
                match columns {
                    None => columns = Some(n),
                    Some(c) => assert_eq!(n, c, "{kind}: {line}"),
                }
            }
        }
        assert!(
            md.contains("\\x1b\\[2J"),
            "{kind}: the escape shown as text"
        );
        assert!(
            md.contains("rev<br>line2\\\\x0dcr<br>line3"),
            "{kind}:\n{md}"
        );
    }
}

#[test]
fn markdown_gives_no_block_structure_to_text_at_the_start_of_a_line() {
    // A description is the one text printed at the start of a line (the
    // requirement's history); whatever it starts with, it stays a plain
    // paragraph of the report.
    let d = Desk::new();
    d.eligible_customer("Acme");
    let starts = [
        "# Heading",
        "   # Indented heading",
        "  - indented item",
        "1. numbered item",
        "2026) also numbered",
        "    four spaces make code",
        "> quoted",
        "+ plus item",
        "=== rule",
    ];
    for text in starts {
        d.requirement("2026-11-10T02:00:00Z", "Acme", "t", text);
    }
    let md = export_for(&d, "Acme", "requirements", &["--period", "2026-11"], "md");
    let report_headings = ["# Customer Service Requirement List", "## History", "### #"];
    for line in md.lines() {
        assert!(
            !line.starts_with(' ') && !line.starts_with('\t'),
            "an indented line is code or a nested block: {line:?}\n{md}"
        );
        if line.starts_with('#') {
            assert!(
                report_headings.iter().any(|h| line.starts_with(h)),
                "a heading from the text: {line:?}"
            );
        }
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        assert!(
            !(digits > 0 && line[digits..].starts_with(['.', ')'])),
            "an ordered list from the text: {line:?}"
        );
        assert!(
            !line.starts_with("+ ") && !line.starts_with("> ") && !line.starts_with("==="),
            "block structure from the text: {line:?}"
        );
    }
    for shown in [
        "\\# Heading",
        "\\# Indented heading",
        "\\- indented item",
        "1\\. numbered item",
        "2026\\) also numbered",
        "four spaces make code",
        "&gt; quoted",
        "\\+ plus item",
        "\\=== rule",
    ] {
        assert!(md.contains(&format!("\n{shown}\n")), "{shown:?} in\n{md}");
    }
}

// ------------------------------------------------------------ acceptance

fn accept<'a>(period: &'a str, kind: &'a str, by: &'a str) -> Vec<&'a str> {
    vec![
        "deliverable",
        "accept",
        "--customer",
        "Acme",
        "--period",
        period,
        "--kind",
        kind,
        "--by",
        by,
    ]
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

#[test]
fn a_list_is_accepted_once_after_its_period_and_a_second_accept_says_by_whom_and_when() {
    let (d, _, _) = small_desk();
    // 23:59:59 on 30 November in Shanghai: the period is not over.
    let err = d.fails_at(
        "2026-11-30T15:59:59Z",
        &accept("2026-11", "tickets", "Li Lei"),
    );
    assert_eq!(
        err,
        "sredesk: period 2026-11 is not over yet (it ends on 2026-11-30); a list is accepted \
         once its period has ended\n"
    );
    assert!(d.dump(&["acceptances"]).is_empty());

    let mut args = accept("2026-11", "tickets", "Li Lei");
    args.push("--json");
    let a = d.ok_as("2026-11-30T16:00:00Z", "alice", &args);
    let a: Value = serde_json::from_str(&a).unwrap();
    assert_eq!(a["customer"], "Acme");
    assert_eq!(a["period"], "2026-11");
    assert_eq!(a["kind"], "tickets");
    assert_eq!(a["accepted_by"], "Li Lei");
    assert_eq!(a["accepted_at"], "2026-11-30T16:00:00Z");
    assert_eq!(a["recorded_by"], "alice");
    assert_eq!(a["items"], 2);
    let recorded = d.dump(&["acceptances"]);
    assert_eq!(recorded.len(), 1);

    // Again, by someone else, the month spelt as a span too: refused.
    for period in ["2026-11", "2026-11-01..2026-11-30"] {
        let out = d.run_as(DEC_1, "bob", &accept(period, "tickets", "Wang Fang"));
        let err = runtime_failure(&out, &[]);
        assert!(
            err.contains(
                "the Customer Service Ticket List of Acme for 2026-11 was already accepted by \
                 Li Lei on 2026-12-01 00:00 Asia/Shanghai (recorded by alice)"
            ),
            "{err}"
        );
    }
    assert_eq!(
        d.dump(&["acceptances"]),
        recorded,
        "the refusals changed nothing"
    );

    // The status shows it, in the desk's time.
    let text = d.ok_at(DEC_1, &["deliverable", "status", "--customer", "Acme"]);
    assert!(
        text.contains("2026-11  tickets          2 rows  accepted by Li Lei on 2026-12-01\n"),
        "{text}"
    );
    assert!(
        text.contains("2026-11  requirements     1 rows  not accepted\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "acceptances recorded: 1\n  2026-11                tickets      by Li Lei on \
             2026-12-01 00:00 (recorded by alice, 2 rows)"
        ),
        "{text}"
    );
    let v = d.json_at(
        DEC_1,
        &["deliverable", "status", "--customer", "Acme", "--json"],
    );
    let recent = v["recent"].as_array().unwrap();
    assert_eq!(recent.len(), 6, "three months, two lists each");
    assert_eq!(recent[0]["period"], "2026-11");
    assert_eq!(recent[0]["kind"], "tickets");
    assert_eq!(recent[0]["acceptance"]["accepted_by"], "Li Lei");
    assert_eq!(recent[0]["changed_since_acceptance"], false);
    assert_eq!(recent[1]["kind"], "requirements");
    assert_eq!(recent[1]["acceptance"], Value::Null);
    assert_eq!(recent[2]["period"], "2026-10");
    assert_eq!(v["acceptances"].as_array().unwrap().len(), 1);
    let show = d.ok_at(DEC_1, &["customer", "show", "Acme"]);
    assert!(
        show.contains("2026-11  tickets          2 rows  accepted by Li Lei on 2026-12-01"),
        "{show}"
    );
}

#[test]
fn a_ticket_changed_after_acceptance_marks_the_list_changed_since() {
    let (d, t2, r) = small_desk();
    d.ok_at(DEC_1, &accept("2026-11", "tickets", "Li Lei"));
    d.ok_at(DEC_1, &accept("2026-11", "requirements", "Li Lei"));
    let recorded = d.dump(&["acceptances"]);
    let changed = |now: &str| -> (Value, Value) {
        let v = d.json_at(
            now,
            &["deliverable", "status", "--customer", "Acme", "--json"],
        );
        (
            v["recent"][0]["changed_since_acceptance"].clone(),
            v["recent"][1]["changed_since_acceptance"].clone(),
        )
    };
    assert_eq!(changed(DEC_1), (json!(false), json!(false)));
    // The requirement moves in December: November's list, as at its end,
    // is what was accepted.
    d.req_step("2026-12-01T03:00:00Z", r, &["advance"]);
    assert_eq!(
        changed("2026-12-01T03:00:00Z"),
        (json!(false), json!(false))
    );
    // A November ticket answered in December: the list differs.
    d.triage("2026-12-01T03:00:00Z", "ack", t2, &[]);
    assert_eq!(changed("2026-12-01T03:00:00Z"), (json!(true), json!(false)));
    let text = d.ok_at(
        "2026-12-01T03:00:00Z",
        &["deliverable", "status", "--customer", "Acme"],
    );
    assert!(
        text.contains(
            "2026-11  tickets          2 rows  accepted by Li Lei on 2026-12-01; changed since\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("2026-11  requirements     1 rows  accepted by Li Lei on 2026-12-01\n"),
        "{text}"
    );
    assert_eq!(
        d.dump(&["acceptances"]),
        recorded,
        "the acceptance itself stays"
    );
}

#[test]
fn a_span_is_its_own_deliverable() {
    let (d, _, _) = small_desk();
    // The first half of November is over at midnight on the 16th.
    let err = d.fails_at(
        "2026-11-15T15:59:59Z",
        &accept("2026-11-01..2026-11-15", "tickets", "Li Lei"),
    );
    assert!(
        err.contains("period 2026-11-01..2026-11-15 is not over yet"),
        "{err}"
    );
    let out = d.ok_at(
        "2026-11-15T16:00:00Z",
        &accept("2026-11-01..2026-11-15", "tickets", "Li Lei"),
    );
    assert_eq!(
        out,
        "recorded: Li Lei accepted the Customer Service Ticket List of Acme for \
         2026-11-01..2026-11-15 (1 row)\n"
    );
    d.ok_at(DEC_1, &accept("2026-11", "tickets", "Li Lei"));
    let v = d.json_at(
        DEC_1,
        &["deliverable", "status", "--customer", "Acme", "--json"],
    );
    let periods: Vec<&str> = v["acceptances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2026-11", "2026-11-01..2026-11-15"]);
}

#[test]
fn acceptance_refuses_bad_input_and_writes_nothing() {
    let (d, _, _) = small_desk();
    for (by, says) in [
        ("", "who accepted is not named"),
        ("   ", "who accepted is not named"),
        ("Li\x1b[2JLei", "who accepted contains control characters"),
    ] {
        let err = d.fails_at(DEC_1, &accept("2026-11", "tickets", by));
        assert!(err.contains(says), "{by:?}: {err}");
    }
    let long = "x".repeat(201);
    let err = d.fails_at(DEC_1, &accept("2026-11", "tickets", &long));
    assert!(
        err.contains("who accepted is longer than 200 characters"),
        "{err}"
    );
    let err = d.fails_at(
        DEC_1,
        &[
            "deliverable",
            "accept",
            "--customer",
            "Nobody",
            "--period",
            "2026-11",
            "--kind",
            "tickets",
            "--by",
            "x",
        ],
    );
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    let err = d.fails_at(DEC_1, &accept("2026-12", "tickets", "Li Lei"));
    assert!(
        err.contains("period 2026-12 is not over yet (it ends on 2026-12-31)"),
        "{err}"
    );
    let err = d.fails_at(
        DEC_1,
        &accept("2026-11-20..2026-12-01", "tickets", "Li Lei"),
    );
    assert!(err.contains("not over yet"), "{err}");
    for (args, says) in [
        (
            accept("2026-11", "invoices", "x"),
            "unknown deliverable kind 'invoices'",
        ),
        (
            accept("2026-13", "tickets", "x"),
            "'2026-13' is not a period",
        ),
        (accept("Nov", "tickets", "x"), "'Nov' is not a period"),
    ] {
        let err = usage_failure(&d.run_at(DEC_1, &args), &args);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let err = usage_failure(
        &d.run_at(
            DEC_1,
            &[
                "deliverable",
                "accept",
                "--customer",
                "Acme",
                "--period",
                "2026-11",
                "--kind",
                "tickets",
            ],
        ),
        &[],
    );
    assert!(err.contains("--by"), "{err}");
    let err = d.fails_at(DEC_1, &["deliverable", "status", "--customer", "Nobody"]);
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    assert!(d.dump(&["acceptances"]).is_empty());
}

// ------------------------------------------------------ bad export input

#[test]
fn export_refuses_bad_input_clearly() {
    let (d, _, _) = small_desk();
    let base = |extra: &[&'static str]| -> Vec<&'static str> {
        let mut a = vec!["export", "tickets", "--customer", "Acme", "--format", "csv"];
        a.extend_from_slice(extra);
        a
    };
    let err = d.fails_at(
        DEC_1,
        &[
            "export",
            "tickets",
            "--customer",
            "Nobody",
            "--period",
            "2026-11",
            "--format",
            "csv",
        ],
    );
    assert_eq!(
        err,
        "sredesk: no customer named 'Nobody' (see `sredesk customer list`)\n"
    );
    let err = d.fails_at(
        DEC_1,
        &[
            "export",
            "requirements",
            "--customer",
            "Nobody",
            "--period",
            "2026-11",
            "--format",
            "md",
        ],
    );
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    for (period, says) in [
        (
            "2026-13",
            "'2026-13' is not a period like 2026-11 or 2026-11-01..2026-11-15",
        ),
        ("2026-11-31", "'2026-11-31' is not a period"),
        ("November", "'November' is not a period"),
        ("", "'' is not a period"),
        (
            "2026-11-15..2026-11-01",
            "the period ends (2026-11-01) before it starts (2026-11-15)",
        ),
        ("2026-11-01..", "'' is not a date"),
        ("2026-11-01..2026-11-31", "'2026-11-31' is not a date"),
    ] {
        let args = base(&[]);
        let mut args: Vec<&str> = args;
        args.extend(["--period", period]);
        let err = usage_failure(&d.run_at(DEC_1, &args), &args);
        assert!(err.contains(says), "{period:?}: {err}");
        assert!(err.contains("--period"), "{period:?}: {err}");
    }
    for (extra, says) in [
        (&["--from", "2026-11-01"][..], "--to"),
        (&["--to", "2026-11-30"][..], "--from"),
        (
            &[
                "--period",
                "2026-11",
                "--from",
                "2026-11-01",
                "--to",
                "2026-11-30",
            ][..],
            "cannot be used with",
        ),
        (&[][..], "--period"),
        (
            &["--from", "2026-11-01", "--to", "2026-11-3x"][..],
            "'2026-11-3x' is not a date",
        ),
    ] {
        let args = base(extra);
        let err = usage_failure(&d.run_at(DEC_1, &args), &args);
        assert!(err.contains(says), "{extra:?}: {err}");
    }
    let err = d.fails_at(
        DEC_1,
        &base(&["--from", "2026-11-30", "--to", "2026-11-01"]),
    );
    assert_eq!(
        err,
        "sredesk: the period ends (2026-11-01) before it starts (2026-11-30)\n"
    );
    for args in [
        vec![
            "export",
            "tickets",
            "--customer",
            "Acme",
            "--period",
            "2026-11",
            "--format",
            "xlsx",
        ],
        vec![
            "export",
            "invoices",
            "--customer",
            "Acme",
            "--period",
            "2026-11",
            "--format",
            "csv",
        ],
        vec![
            "export", "tickets", "--period", "2026-11", "--format", "csv",
        ],
    ] {
        usage_failure(&d.run_at(DEC_1, &args), &args);
    }
}

#[test]
fn export_out_never_leaves_a_half_written_file() {
    let (d, _, _) = small_desk();
    let args = |out: &str| -> Vec<String> {
        [
            "export",
            "tickets",
            "--customer",
            "Acme",
            "--period",
            "2026-11",
            "--format",
            "csv",
            "--out",
            out,
        ]
        .map(String::from)
        .to_vec()
    };
    let run = |customer: &str, out: &str| -> Output {
        let mut a = args(out);
        a[3] = customer.to_string();
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        d.run_at(DEC_1, &a)
    };
    let listing = || -> Vec<String> {
        let mut names: Vec<_> = std::fs::read_dir(d.dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    // Into a directory that does not exist: a clear error, nothing made.
    let missing = d.path("no-such-dir");
    let target = missing.join("tickets.csv");
    let before = listing();
    let err = runtime_failure(&run("Acme", target.to_str().unwrap()), &[]);
    assert!(
        err.contains(&format!("{} does not exist", missing.display())),
        "{err}"
    );
    let root = d.dir.path().display().to_string();
    assert!(
        !err.replace(&root, "").contains(".tmp"),
        "no temporary file names in the message: {err}"
    );
    assert!(!missing.exists());
    assert_eq!(listing(), before);
    // Onto a directory: refused, and no temporary file left beside it.
    let err = runtime_failure(&run("Acme", d.dir.path().to_str().unwrap()), &[]);
    assert!(err.contains("cannot write"), "{err}");
    assert_eq!(listing(), before);
    // A good report is not replaced by a failed one.
    let good = d.path("tickets.csv");
    assert_success(&run("Acme", good.to_str().unwrap()), &[]);
    let kept = std::fs::read(&good).unwrap();
    assert!(kept.starts_with(b"record,ticket_no"));
    let err = runtime_failure(&run("Nobody", good.to_str().unwrap()), &[]);
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    assert_eq!(std::fs::read(&good).unwrap(), kept);
    let mut after = before.clone();
    after.push("tickets.csv".into());
    after.sort();
    assert_eq!(listing(), after);
}

#[test]
fn export_out_refuses_to_replace_the_store() {
    let (d, _, _) = small_desk();
    let db = d.db();
    let via_dots = d.dir.path().join("sub/../s.db");
    std::fs::create_dir(d.path("sub")).unwrap();
    for target in [&db, &via_dots] {
        let args = [
            "export",
            "tickets",
            "--customer",
            "Acme",
            "--period",
            "2026-11",
            "--format",
            "csv",
            "--out",
            target.to_str().unwrap(),
        ];
        let err = d.fails_at(DEC_1, &args);
        assert!(err.contains("it is the store itself"), "{target:?}: {err}");
    }
    // The store is intact.
    let v = d.json_at(DEC_1, &["ticket", "list", "--json"]);
    assert_eq!(v.as_array().unwrap().len(), 2);
}

// ---------------------------------------------------------- project owner

/// Friday 20 November 2026, 10:00 in Shanghai.
const FRIDAY: &str = "2026-11-20T02:00:00Z";

fn owner_set<'a>(customer: &'a str, name: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["owner", "set", "--customer", customer, "--name", name];
    a.extend_from_slice(extra);
    a
}

#[test]
fn the_first_owner_needs_no_notice_and_a_change_needs_three_working_days() {
    let d = Desk::new();
    d.customer("Acme");
    let v = d.json_at(FRIDAY, &owner_set("Acme", "Zhao Lei", &["--json"]));
    assert_eq!(v["owner"], "Zhao Lei");
    assert_eq!(v["effective_on"], "2026-11-20", "today: no notice needed");
    assert_eq!(v["announced_on"], "2026-11-20");
    assert_eq!(v["announcement"], Value::Null);
    assert_eq!(v["recorded_by"], "tester");
    let show = || d.json_at(FRIDAY, &["owner", "show", "--customer", "Acme", "--json"]);
    let before = show();

    // Announced on Friday: Monday, Tuesday, Wednesday. Tuesday is too soon.
    for day in ["2026-11-20", "2026-11-23", "2026-11-24"] {
        let err = d.fails_at(
            FRIDAY,
            &owner_set("Acme", "Chen Hui", &["--effective", day]),
        );
        assert_eq!(
            err,
            format!(
                "sredesk: project owner change refused: a change of project owner is announced \
                 at least 3 working days ahead: announced on 2026-11-20, it can take effect on \
                 2026-11-25 at the earliest, not {day}\n"
            )
        );
    }
    assert_eq!(show(), before, "refusals write nothing");

    let text = "Dear Acme,\nfrom Wednesday Chen Hui | 陈辉 is your desk's project owner.";
    let out = d.ok_at(
        FRIDAY,
        &owner_set(
            "Acme",
            "Chen Hui",
            &["--effective", "2026-11-25", "--announcement", text],
        ),
    );
    assert_eq!(
        out,
        "Chen Hui is the project owner for Acme from 2026-11-25\nannounced on 2026-11-20:\n  \
         Dear Acme,\n  from Wednesday Chen Hui | 陈辉 is your desk's project owner.\n"
    );
    let terms = show();
    assert_eq!(terms.as_array().unwrap().len(), 2);
    assert_eq!(
        terms[1]["announcement"], text,
        "the announcement is kept exactly"
    );
    assert_eq!(terms[1]["announced_on"], "2026-11-20");

    let text_view = d.ok_at(FRIDAY, &["owner", "show", "--customer", "Acme"]);
    assert!(
        text_view.starts_with(
            "project owner: Zhao Lei (since 2026-11-20)\nannounced change: Chen Hui from \
             2026-11-25 (announced on 2026-11-20)\n"
        ),
        "{text_view}"
    );
    assert!(
        text_view.contains("      Dear Acme,\n      from Wednesday"),
        "{text_view}"
    );
    let customer = d.ok_at(FRIDAY, &["customer", "show", "Acme"]);
    assert!(
        customer.contains(
            "desk owner         Zhao Lei  (changes to Chen Hui on 2026-11-25, announced 2026-11-20)"
        ),
        "{customer}"
    );

    // A second change while one is pending.
    let err = d.fails_at(
        "2026-11-23T02:00:00Z",
        &owner_set("Acme", "Sun Mei", &["--effective", "2026-12-10"]),
    );
    assert!(
        err.contains("a change to Chen Hui taking effect on 2026-11-25 is already announced"),
        "{err}"
    );
    assert_eq!(show(), terms);

    // Once it has taken effect, the next change may be announced; with no
    // --effective it takes the earliest day (Wednesday + 3 = Monday).
    let wed = "2026-11-25T02:00:00Z";
    let now = d.ok_at(wed, &["owner", "show", "--customer", "Acme"]);
    assert!(
        now.starts_with("project owner: Chen Hui (since 2026-11-25)\n"),
        "{now}"
    );
    let v = d.json_at(wed, &owner_set("Acme", "Sun Mei", &["--json"]));
    assert_eq!(v["effective_on"], "2026-11-30");
    let default = v["announcement"].as_str().unwrap();
    assert!(
        default.contains("from 2026-11-30 Sun Mei takes over from Chen Hui"),
        "{default}"
    );
}

#[test]
fn holidays_from_the_config_push_the_earliest_change_further() {
    let d = Desk::new();
    d.customer("Acme");
    let config = d.path("desk.toml");
    std::fs::write(
        &config,
        "[desk]\nholidays = [\"2026-11-24\", \"2026-11-25\"]\n",
    )
    .unwrap();
    let c = config.to_str().unwrap();
    let with = |args: Vec<&str>| -> Vec<String> {
        ["--config", c]
            .into_iter()
            .chain(args)
            .map(String::from)
            .collect()
    };
    let run = |now: &str, args: Vec<&str>| -> Output {
        let a = with(args);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        d.run_at(now, &a)
    };
    assert_success(&run(FRIDAY, owner_set("Acme", "Zhao Lei", &[])), &[]);
    // Monday, (holidays), Thursday, Friday.
    for day in ["2026-11-25", "2026-11-26"] {
        let err = runtime_failure(
            &run(FRIDAY, owner_set("Acme", "Chen Hui", &["--effective", day])),
            &[],
        );
        assert!(
            err.contains(&format!(
                "it can take effect on 2026-11-27 at the earliest, not {day}"
            )),
            "{err}"
        );
    }
    let out = run(FRIDAY, owner_set("Acme", "Chen Hui", &["--json"]));
    assert_success(&out, &[]);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["effective_on"], "2026-11-27");
    // The same store without the holidays: Wednesday would have done.
    d.customer("Beta");
    d.ok_at(FRIDAY, &owner_set("Beta", "Zhao Lei", &[]));
    let v = d.json_at(FRIDAY, &owner_set("Beta", "Chen Hui", &["--json"]));
    assert_eq!(v["effective_on"], "2026-11-25");
}

#[test]
fn owner_set_refuses_bad_input_and_writes_nothing() {
    let d = Desk::new();
    d.customer("Acme");
    d.ok_at(FRIDAY, &owner_set("Acme", "Zhao Lei", &[]));
    let before = d.dump(&["project_owners"]);
    for (args, says) in [
        (owner_set("Nobody", "X", &[]), "no customer named 'Nobody'"),
        (
            owner_set("Acme", "  ", &["--effective", "2026-12-01"]),
            "project owner name is empty",
        ),
        (
            owner_set("Acme", "Chen\x1b[2J", &["--effective", "2026-12-01"]),
            "project owner name contains control characters",
        ),
        (
            owner_set("Acme", "Zhao Lei", &["--effective", "2026-12-01"]),
            "Zhao Lei is already the project owner",
        ),
        (
            owner_set("Acme", "Chen Hui", &["--effective", "2026-11-19"]),
            "the change cannot take effect in the past (2026-11-19; today is 2026-11-20)",
        ),
    ] {
        let err = d.fails_at(FRIDAY, &args);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let long = "x".repeat(4_001);
    let err = d.fails_at(
        FRIDAY,
        &owner_set(
            "Acme",
            "Chen Hui",
            &["--effective", "2026-12-01", "--announcement", &long],
        ),
    );
    assert!(
        err.contains("announcement is 4001 characters long"),
        "{err}"
    );
    let args = owner_set("Acme", "Chen Hui", &["--effective", "2026-11-31"]);
    let err = usage_failure(&d.run_at(FRIDAY, &args), &args);
    assert!(err.contains("--effective"), "{err}");
    let err = d.fails_at(FRIDAY, &["owner", "show", "--customer", "Nobody"]);
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    assert_eq!(d.dump(&["project_owners"]), before);
    // A customer with none yet says so.
    d.customer("Beta");
    let out = d.ok_at(FRIDAY, &["owner", "show", "--customer", "Beta"]);
    assert!(out.starts_with("project owner: none recorded\n"), "{out}");
    assert_eq!(
        d.json_at(FRIDAY, &["owner", "show", "--customer", "Beta", "--json"]),
        json!([])
    );
}

/// A report is for sharing: written over an existing file it keeps that
/// file's mode, not the 0600 of a temporary file.
#[cfg(unix)]
#[test]
fn export_out_keeps_the_mode_of_the_file_it_replaces() {
    use std::os::unix::fs::PermissionsExt;
    let (d, _, _) = small_desk();
    let file = d.path("report.csv");
    std::fs::write(&file, "old").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o640)).unwrap();
    d.ok_at(
        DEC_1,
        &[
            "export",
            "tickets",
            "--customer",
            "Acme",
            "--period",
            "2026-11",
            "--format",
            "csv",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    let meta = std::fs::metadata(&file).unwrap();
    assert_eq!(meta.permissions().mode() & 0o777, 0o640);
    assert!(
        std::fs::read_to_string(&file)
            .unwrap()
            .starts_with("record,")
    );
}
