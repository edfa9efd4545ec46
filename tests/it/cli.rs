//! The `sredesk` binary driven as a script would drive it: every test runs
//! the real executable against a store in its own temporary directory, with
//! a controlled clock (`SREDESK_NOW`) and no access to the user's files.

use crate::common::*;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

impl Desk {
    /// A customer subscribed from 3 November 2026 for three months: faster
    /// and expert escalations have quota in the test clock's month.
    fn subscribed_customer(&self, name: &str) {
        self.customer(name);
        self.subscribe(name, "2026-11-02", "2026-11-03", 3);
    }

    /// Adds an escalation for `customer` and returns its id.
    fn add_ticket(&self, customer: &str, ticket_no: &str, severity: &str, reported: &str) -> i64 {
        let v = self.json(&[
            "ticket",
            "add",
            "--customer",
            customer,
            "--severity",
            severity,
            "--kind",
            "general",
            "--ticket-no",
            ticket_no,
            "--title",
            &format!("problem {ticket_no}"),
            "--reported-at",
            reported,
            "--json",
        ]);
        v["id"].as_i64().expect("id")
    }

    fn show_ticket(&self, id: i64) -> Value {
        self.json(&["ticket", "show", &id.to_string(), "--json"])
    }

    /// Everything the CLI can say about the store, plus the raw row counts
    /// of every table: two equal snapshots mean nothing was written.
    fn snapshot(&self) -> Snapshot {
        let mut cli = vec![
            self.ok(&["customer", "list", "--json"]),
            self.ok(&["ticket", "list", "--json"]),
        ];
        let tickets: Value = serde_json::from_str(&cli[1]).unwrap();
        for t in tickets.as_array().unwrap() {
            let id = t["id"].as_i64().unwrap().to_string();
            cli.push(self.ok(&["ticket", "show", &id, "--json"]));
        }
        let counts = ["customers", "escalations", "audit_log"]
            .iter()
            .map(|t| self.count(t))
            .collect();
        Snapshot { cli, counts }
    }
}

#[derive(Debug, PartialEq, Eq)]
struct Snapshot {
    cli: Vec<String>,
    counts: Vec<i64>,
}

fn time(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{s:?} is not RFC 3339: {e}"))
        .to_utc()
}

// ---------------------------------------------------------------- customers

#[test]
fn customer_add_then_list_as_text_and_json() {
    let desk = Desk::new();
    let out = desk.ok(&[
        "customer", "add", "--name", "Acme", "--kind", "local", "--owner", "Wang Li",
    ]);
    assert!(out.contains("added customer #1 Acme (local)"), "{out}");
    desk.ok(&[
        "customer",
        "add",
        "--name",
        "Blue Sky",
        "--kind",
        "international-chinese",
    ]);

    let text = desk.ok(&["customer", "list"]);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].contains("NAME") && lines[0].contains("KIND"),
        "{text}"
    );
    assert!(
        lines[1].contains("Acme") && lines[1].contains("Wang Li"),
        "{text}"
    );
    assert!(
        lines[2].contains("Blue Sky") && lines[2].contains("international-chinese"),
        "{text}"
    );

    let list = desk.json(&["customer", "list", "--json"]);
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 2);
    let acme = &list[0];
    assert_eq!(acme["id"], 1);
    assert_eq!(acme["name"], "Acme");
    assert_eq!(acme["kind"], "local");
    assert_eq!(acme["owner"], "Wang Li");
    assert_eq!(time(acme["created_at"].as_str().unwrap()), time(NOW));
    let blue = &list[1];
    assert_eq!(blue["name"], "Blue Sky");
    assert_eq!(blue["kind"], "international-chinese");
    assert_eq!(blue["owner"], Value::Null);
    for c in list {
        for key in ["id", "name", "kind", "owner", "created_at"] {
            assert!(c.get(key).is_some(), "{key} missing in {c}");
        }
    }
}

#[test]
fn customer_list_on_a_new_store_is_empty() {
    let desk = Desk::new();
    assert_eq!(
        desk.json(&["customer", "list", "--json"]),
        Value::Array(vec![])
    );
    assert_eq!(
        desk.json(&["ticket", "list", "--json"]),
        Value::Array(vec![])
    );
}

#[test]
fn duplicate_or_control_character_customer_names_are_refused() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let before = desk.snapshot();
    let err = desk.fails(&["customer", "add", "--name", "ACME", "--kind", "local"]);
    assert!(err.contains("already exists"), "{err}");
    let err = desk.fails(&[
        "customer",
        "add",
        "--name",
        "Ev\u{1b}[2Jil",
        "--kind",
        "local",
    ]);
    assert!(err.contains("control characters"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    let err = desk.fails(&["customer", "add", "--name", "  ", "--kind", "local"]);
    assert!(err.contains("customer name is empty"), "{err}");
    let err = usage_failure(
        &desk.run(&["customer", "add", "--name", "X", "--kind", "martian"]),
        &["customer", "add"],
    );
    assert!(err.contains("martian"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

// ------------------------------------------------------------------ tickets

#[test]
fn ticket_add_computes_deadline_and_seconds_left_per_severity() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    // (severity, reported at, deadline, seconds left at 10:00)
    let cases = [
        ("S1", "2026-11-22T09:50:00Z", "2026-11-22T10:05:00Z", 300),
        ("S1", "2026-11-22T09:30:00Z", "2026-11-22T09:45:00Z", -900),
        ("S2", "2026-11-22T09:40:00Z", "2026-11-22T10:10:00Z", 600),
        ("S3", "2026-11-22T08:00:00Z", "2026-11-22T11:00:00Z", 3600),
        ("S4", "2026-11-22T06:00:00Z", "2026-11-22T14:00:00Z", 14400),
        ("S5", "2026-11-22T00:00:00Z", "2026-11-22T16:00:00Z", 21600),
    ];
    for (i, (sev, reported, _, _)) in cases.iter().enumerate() {
        let kind = ["faster", "expert", "general"][i % 3];
        let no = format!("T-{i}");
        let out = desk.ok(&[
            "ticket",
            "add",
            "--customer",
            "acme", // names match without regard to case
            "--severity",
            sev,
            "--kind",
            kind,
            "--ticket-no",
            &no,
            "--title",
            &format!("title {i}"),
            "--description",
            "line one\nline two",
            "--reported-at",
            reported,
        ]);
        assert!(
            out.starts_with(&format!("added escalation #{} ({sev} {kind}", i + 1)),
            "{out}"
        );
    }

    let list = desk.json(&["ticket", "list", "--open", "--json"]);
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), cases.len());
    for (i, (sev, reported, deadline, left)) in cases.iter().enumerate() {
        let t = list
            .iter()
            .find(|t| t["id"] == (i as i64 + 1))
            .unwrap_or_else(|| panic!("ticket {} missing", i + 1));
        assert_eq!(t["customer"], "Acme");
        assert_eq!(t["severity"], *sev);
        assert_eq!(t["state"], "new");
        assert_eq!(t["ticket_no"], format!("T-{i}"));
        assert_eq!(t["title"], format!("title {i}"));
        assert_eq!(t["description"], "line one\nline two");
        assert_eq!(t["kind"], ["faster", "expert", "general"][i % 3]);
        assert_eq!(time(t["reported_at"].as_str().unwrap()), time(reported));
        assert_eq!(time(t["deadline"].as_str().unwrap()), time(deadline));
        assert_eq!(t["seconds_left"], *left, "{t}");
        assert_eq!(t["breached"], *left < 0, "{t}");
        assert_eq!(t["assignee"], Value::Null);
        assert_eq!(t["responded_at"], Value::Null);
    }
    // The deadline is the report time plus the severity's target.
    for t in list {
        let target = match t["severity"].as_str().unwrap() {
            "S1" => 15 * 60,
            "S2" => 30 * 60,
            "S3" => 3 * 3600,
            "S4" => 8 * 3600,
            "S5" => 16 * 3600,
            other => panic!("severity {other}"),
        };
        let reported = time(t["reported_at"].as_str().unwrap());
        let deadline = time(t["deadline"].as_str().unwrap());
        assert_eq!((deadline - reported).num_seconds(), target, "{t}");
        assert_eq!(
            (deadline - time(NOW)).num_seconds(),
            t["seconds_left"].as_i64().unwrap()
        );
    }
}

#[test]
fn ticket_add_json_and_default_report_time_is_now() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let t = desk.json(&[
        "ticket",
        "add",
        "--customer",
        "Acme",
        "--severity",
        "S3",
        "--kind",
        "expert",
        "--ticket-no",
        "INC-1",
        "--title",
        "  disk full  ",
        "--json",
    ]);
    assert_eq!(t["id"], 1);
    assert_eq!(t["title"], "disk full", "titles are trimmed");
    assert_eq!(t["description"], "");
    assert_eq!(time(t["reported_at"].as_str().unwrap()), time(NOW));
    assert_eq!(
        time(t["deadline"].as_str().unwrap()),
        time("2026-11-22T13:00:00Z")
    );
    assert_eq!(t["seconds_left"], 3 * 3600);
    assert_eq!(t["breached"], false);
    // The same result is what the store kept.
    let shown = desk.show_ticket(1);
    for key in [
        "id",
        "title",
        "severity",
        "state",
        "reported_at",
        "deadline",
    ] {
        assert_eq!(shown[key], t[key], "{key}");
    }
    // A report a few minutes "ahead" of our clock is clock drift, accepted.
    desk.add_ticket("Acme", "INC-2", "S5", "2026-11-22T10:04:00Z");
}

#[test]
fn open_list_puts_most_overdue_first_and_answered_last() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let a = desk.add_ticket("Acme", "A", "S1", "2026-11-22T09:30:00Z"); // -900
    let c = desk.add_ticket("Acme", "C", "S1", "2026-11-22T09:50:00Z"); // +300
    let b = desk.add_ticket("Acme", "B", "S2", "2026-11-22T09:20:00Z"); // -600
    let d = desk.add_ticket("Acme", "D", "S3", "2026-11-22T09:00:00Z"); // +7200
    let e = desk.add_ticket("Acme", "E", "S1", "2026-11-22T09:55:00Z"); // +600
    let f = desk.add_ticket("Acme", "F", "S1", "2026-11-22T09:00:00Z"); // -2700
    let g = desk.add_ticket("Acme", "G", "S5", "2026-11-22T09:00:00Z"); // off the board
    let h = desk.add_ticket("Acme", "H", "S4", "2026-11-22T09:59:00Z"); // +28740

    let list = desk.json(&["ticket", "list", "--open", "--json"]);
    assert_eq!(ids(&list), [f, a, b, c, e, d, h, g]);

    // Answering takes a ticket below every unanswered one, however late;
    // leaving the open states takes it off the open list.
    desk.ok(&["ticket", "ack", &f.to_string()]);
    desk.ok(&["ticket", "ack", &e.to_string()]);
    desk.ok(&["ticket", "start", &e.to_string()]);
    desk.ok(&["ticket", "withdraw", &g.to_string()]);
    let list = desk.json(&["ticket", "list", "--open", "--json"]);
    assert_eq!(ids(&list), [a, b, c, d, h, f, e]);
    let rows = list.as_array().unwrap();
    let lefts: Vec<Value> = rows.iter().map(|t| t["seconds_left"].clone()).collect();
    assert_eq!(
        lefts,
        [
            Value::from(-900),
            Value::from(-600),
            Value::from(300),
            Value::from(7200),
            Value::from(28740),
            Value::Null,
            Value::Null
        ]
    );
    // F was answered late: still breached. E was answered in time.
    assert_eq!(rows[5]["breached"], true);
    assert_eq!(rows[5]["response_met"], false);
    assert_eq!(rows[6]["breached"], false);
    assert_eq!(rows[6]["state"], "in_progress");

    // The text listing has the same order.
    let text = desk.ok(&["ticket", "list", "--open"]);
    let text_ids: Vec<i64> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(text_ids, [a, b, c, d, h, f, e]);

    // Without --open: everything, by id; filters narrow it.
    let all = desk.json(&["ticket", "list", "--json"]);
    assert_eq!(ids(&all), [a, c, b, d, e, f, g, h]);
    let withdrawn = desk.json(&["ticket", "list", "--state", "withdrawn", "--json"]);
    assert_eq!(ids(&withdrawn), [g]);
    let limited = desk.json(&["ticket", "list", "--open", "--limit", "2", "--json"]);
    assert_eq!(ids(&limited), [a, b]);
}

#[test]
fn list_filters_by_customer() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.subscribed_customer("Blue Sky");
    let a = desk.add_ticket("Acme", "T-1", "S3", "2026-11-22T09:00:00Z");
    // The same ticket number under another customer is a different ticket.
    let b = desk.add_ticket("Blue Sky", "T-1", "S3", "2026-11-22T09:00:00Z");
    let acme = desk.json(&["ticket", "list", "--customer", "ACME", "--json"]);
    assert_eq!(ids(&acme), [a]);
    let blue = desk.json(&["ticket", "list", "--customer", "blue sky", "--json"]);
    assert_eq!(ids(&blue), [b]);
    // (Only stderr is checked here: see
    // `a_failed_listing_writes_nothing_to_stdout` for what reaches stdout.)
    let out = desk.run(&["ticket", "list", "--customer", "Nobody"]);
    assert_eq!(out.status.code(), Some(1));
    assert_no_panic(&out);
    let err = stderr_of(&out);
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
}

#[test]
fn a_failed_listing_writes_nothing_to_stdout() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    for args in [
        &["ticket", "list", "--customer", "Nobody"][..],
        &["ticket", "list", "--customer", "Nobody", "--json"][..],
    ] {
        let err = desk.fails(args);
        assert!(err.contains("no customer named 'Nobody'"), "{err}");
    }
}

// ------------------------------------------------------------------- triage

#[test]
fn triage_end_to_end() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let on_time = desk.add_ticket("Acme", "T-1", "S2", "2026-11-22T09:50:00Z");
    let late = desk.add_ticket("Acme", "T-2", "S1", "2026-11-22T09:30:00Z");

    // With no name, the engineer takes it.
    let out = desk.ok(&["ticket", "assign", &on_time.to_string()]);
    assert_eq!(out, format!("escalation #{on_time}: assigned to tester\n"));
    assert_eq!(desk.show_ticket(on_time)["assignee"], "tester");
    assert_eq!(desk.show_ticket(on_time)["state"], "new");

    let out = desk.ok(&["ticket", "ack", &on_time.to_string()]);
    assert!(out.contains("acknowledged after 10m00s"), "{out}");
    assert!(out.contains("within the S2 SLA"), "{out}");
    assert!(!out.contains("assigned to"), "already assigned: {out}");
    // The first responder owns an unassigned escalation.
    let out = desk.ok(&["ticket", "ack", &late.to_string()]);
    assert!(out.contains("outside the S1 SLA"), "{out}");
    assert!(out.contains("assigned to tester"), "{out}");
    let t = desk.show_ticket(late);
    assert_eq!(t["state"], "acknowledged");
    assert_eq!(t["response_met"], false);
    assert_eq!(t["breached"], true);
    assert_eq!(time(t["responded_at"].as_str().unwrap()), time(NOW));

    let id = on_time.to_string();
    let t = desk.show_ticket(on_time);
    assert_eq!(t["state"], "acknowledged");
    assert_eq!(t["response_met"], true);
    assert_eq!(t["breached"], false);
    assert_eq!(t["seconds_left"], Value::Null);
    assert_eq!(t["assignee"], "tester");

    let out = desk.ok(&["ticket", "start", &id]);
    assert!(out.contains("work started"), "{out}");
    assert_eq!(desk.show_ticket(on_time)["state"], "in_progress");

    // Re-grading recomputes the deadline from the report time, not now.
    let out = desk.ok(&["ticket", "severity", &id, "S4"]);
    assert!(out.contains("severity S2 -> S4"), "{out}");
    let t = desk.show_ticket(on_time);
    assert_eq!(t["severity"], "S4");
    assert_eq!(
        time(t["deadline"].as_str().unwrap()),
        time("2026-11-22T17:50:00Z")
    );
    assert_eq!(t["state"], "in_progress");

    let out = desk.ok(&["ticket", "resolve", &id, "--note", "rebooted the node"]);
    assert!(out.contains("resolved: rebooted the node"), "{out}");
    let t = desk.show_ticket(on_time);
    assert_eq!(t["state"], "resolved");
    assert_eq!(t["resolution"], "rebooted the node");
    assert_eq!(time(t["ended_at"].as_str().unwrap()), time(NOW));
    let open = desk.json(&["ticket", "list", "--open", "--json"]);
    assert_eq!(ids(&open), [late]);

    let out = desk.ok(&["ticket", "close", &id]);
    assert!(out.contains("closed"), "{out}");
    let t = desk.show_ticket(on_time);
    assert_eq!(t["state"], "closed");

    let history = t["history"].as_array().expect("history array");
    let actions: Vec<&str> = history
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "reported",
            "assign",
            "acknowledge",
            "start work on",
            "re-grade",
            "resolve",
            "close"
        ]
    );
    for h in history {
        assert_eq!(h["engineer"], "tester", "{h}");
        assert_eq!(time(h["at"].as_str().unwrap()), time(NOW));
        assert!(!h["detail"].as_str().unwrap().is_empty(), "{h}");
    }

    // The text view tells the same story.
    let text = desk.ok(&["ticket", "show", &id]);
    assert!(text.starts_with(&format!("#{id} problem T-1\n")), "{text}");
    assert!(text.contains("state        closed"), "{text}");
    assert!(text.contains("resolution   rebooted the node"), "{text}");
    assert!(text.contains("history"), "{text}");
    assert!(text.matches("tester").count() >= history.len(), "{text}");

    // Withdrawing.
    let out = desk.ok(&["ticket", "withdraw", &late.to_string()]);
    assert!(out.contains("withdrawn"), "{out}");
    let t = desk.show_ticket(late);
    assert_eq!(t["state"], "withdrawn");
    assert_eq!(time(t["ended_at"].as_str().unwrap()), time(NOW));
    assert!(
        desk.json(&["ticket", "list", "--open", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn out_of_scope_takes_each_reason() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let reasons = [
        "code-development",
        "third-party-software",
        "idc-hardware",
        "beyond-service",
    ];
    for (i, reason) in reasons.iter().enumerate() {
        let id = desk.add_ticket("Acme", &format!("T-{i}"), "S3", "2026-11-22T09:00:00Z");
        if i % 2 == 1 {
            // From acknowledged as well as from new.
            desk.ok(&["ticket", "ack", &id.to_string()]);
        }
        let out = desk.ok(&[
            "ticket",
            "out-of-scope",
            &id.to_string(),
            "--reason",
            reason,
        ]);
        assert!(out.contains("out of scope"), "{out}");
        let t = desk.show_ticket(id);
        assert_eq!(t["state"], "out_of_scope");
        assert_eq!(t["out_of_scope_reason"], *reason);
        assert_eq!(time(t["ended_at"].as_str().unwrap()), time(NOW));
        let history = t["history"].as_array().unwrap();
        let last = history.last().unwrap();
        assert_eq!(last["action"], "mark out of scope");
        assert_eq!(last["engineer"], "tester");
        let text = desk.ok(&["ticket", "show", &id.to_string()]);
        assert!(text.contains("state        out_of_scope"), "{text}");
        assert!(text.contains("  reason       "), "{text}");
    }
    assert!(
        desk.json(&["ticket", "list", "--open", "--json"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    let oos = desk.json(&["ticket", "list", "--state", "out_of_scope", "--json"]);
    assert_eq!(ids(&oos), [1, 2, 3, 4]);
}

#[test]
fn engineer_flag_is_recorded_in_history() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let id = desk.add_ticket("Acme", "T-1", "S3", "2026-11-22T09:00:00Z");
    desk.ok(&["--engineer", "li.na", "ticket", "ack", &id.to_string()]);
    let t = desk.show_ticket(id);
    assert_eq!(t["assignee"], "li.na");
    let engineers: Vec<&str> = t["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["engineer"].as_str().unwrap())
        .collect();
    assert_eq!(engineers, ["tester", "li.na"]);
}

#[test]
fn assigning_to_someone_else_is_audited_as_the_engineer_doing_it() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let id = desk.add_ticket("Acme", "T-1", "S3", "2026-11-22T09:00:00Z");
    let out = desk.ok(&["ticket", "assign", &id.to_string(), "alice"]);
    assert!(out.contains("assigned to alice"), "{out}");
    let t = desk.show_ticket(id);
    assert_eq!(t["assignee"], "alice");
    let last = t["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "assign");
    assert_eq!(last["engineer"], "tester", "the actor, not the assignee");

    // The assignee is validated as an assignee, not as the engineer.
    let err = desk.fails(&["ticket", "assign", &id.to_string(), "  "]);
    assert!(err.contains("assignee is empty"), "{err}");
    // Free text, shown inert like every other.
    desk.ok(&["ticket", "assign", &id.to_string(), "mallory\u{1b}[8m"]);
    let show = desk.ok(&["ticket", "show", &id.to_string()]);
    assert!(show.contains("mallory\\x1b[8m"), "{show}");
    assert!(!show.contains('\u{1b}'), "{show:?}");
}

// ------------------------------------------------------------------- errors

/// A store with one customer and two tickets, one of them acknowledged.
fn desk_with_tickets() -> Desk {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.add_ticket("Acme", "T-1", "S2", "2026-11-22T09:50:00Z");
    let id = desk.add_ticket("Acme", "T-2", "S3", "2026-11-22T09:00:00Z");
    desk.ok(&["ticket", "ack", &id.to_string()]);
    desk
}

fn add_args<'a>(customer: &'a str, ticket_no: &'a str, title: &'a str) -> Vec<&'a str> {
    vec![
        "ticket",
        "add",
        "--customer",
        customer,
        "--severity",
        "S2",
        "--kind",
        "faster",
        "--ticket-no",
        ticket_no,
        "--title",
        title,
    ]
}

#[test]
fn add_for_an_unknown_customer_is_refused_and_writes_nothing() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let err = desk.fails(&add_args("Nobody", "T-9", "x"));
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    assert!(err.contains("sredesk customer list"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn duplicate_ticket_number_is_refused_and_writes_nothing() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let err = desk.fails(&add_args("Acme", "T-1", "again"));
    assert!(
        err.contains("customer 'Acme' already has escalation #1 for ticket T-1"),
        "{err}"
    );
    // Surrounding blanks do not make it a different ticket number.
    let err = desk.fails(&add_args("acme", " T-1 ", "again"));
    assert!(err.contains("already has escalation #1"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn empty_title_or_ticket_number_is_refused_and_writes_nothing() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let err = desk.fails(&add_args("Acme", "T-9", ""));
    assert!(err.contains("title is empty"), "{err}");
    let err = desk.fails(&add_args("Acme", "T-9", "   "));
    assert!(err.contains("title is empty"), "{err}");
    let err = desk.fails(&add_args("Acme", " ", "x"));
    assert!(err.contains("ticket number is empty"), "{err}");
    let long = "x".repeat(201);
    let err = desk.fails(&add_args("Acme", "T-9", &long));
    assert!(err.contains("title is 201 characters long"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn unknown_severity_is_a_usage_error() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let mut args = add_args("Acme", "T-9", "x");
    args[5] = "S9";
    let err = usage_failure(&desk.run(&args), &args);
    assert!(err.contains("'S9'"), "{err}");
    assert!(err.contains("--severity"), "{err}");
    assert!(err.contains("expected S1, S2, S3, S4 or S5"), "{err}");
    let err = usage_failure(
        &desk.run(&["ticket", "severity", "1", "S0"]),
        &["ticket", "severity"],
    );
    assert!(err.contains("'S0'"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn bad_or_future_report_time_is_refused() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    for bad in ["yesterday", "2026-11-22 09:00", "2026-13-01T00:00:00Z", ""] {
        let mut args = add_args("Acme", "T-9", "x");
        args.extend(["--reported-at", bad]);
        let err = usage_failure(&desk.run(&args), &args);
        assert!(err.contains("--reported-at"), "{bad:?}: {err}");
        if !bad.is_empty() {
            assert!(err.contains("is not an RFC 3339 time"), "{bad:?}: {err}");
        }
    }
    // More than a few minutes ahead of the clock.
    let mut args = add_args("Acme", "T-9", "x");
    args.extend(["--reported-at", "2026-11-22T11:00:00Z"]);
    let err = desk.fails(&args);
    assert!(err.contains("is in the future"), "{err}");
    assert!(err.contains("2026-11-22T11:00:00"), "{err}");
    // An offset is understood: 10:30+01:00 is 09:30Z, in the past.
    let mut args = add_args("Acme", "T-10", "x");
    args.extend(["--reported-at", "2026-11-22T10:30:00+01:00", "--json"]);
    assert_eq!(desk.snapshot(), before);
    let t: Value = serde_json::from_str(&desk.ok(&args)).unwrap();
    assert_eq!(
        time(t["reported_at"].as_str().unwrap()),
        time("2026-11-22T09:30:00Z")
    );
}

#[test]
fn illegal_transitions_are_refused_and_write_nothing() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    // #1 is new, #2 acknowledged.
    let err = desk.fails(&["ticket", "resolve", "1", "--note", "done"]);
    assert!(
        err.contains("cannot resolve escalation #1: it is new"),
        "{err}"
    );
    let err = desk.fails(&["ticket", "start", "1"]);
    assert!(err.contains("cannot start work on escalation #1"), "{err}");
    let err = desk.fails(&["ticket", "close", "2"]);
    assert!(
        err.contains("cannot close escalation #2: it is acknowledged"),
        "{err}"
    );
    let err = desk.fails(&["ticket", "ack", "2"]);
    assert!(err.contains("cannot acknowledge escalation #2"), "{err}");
    let err = desk.fails(&["ticket", "severity", "1", "S2"]);
    assert!(err.contains("already S2"), "{err}");
    let err = desk.fails(&["ticket", "assign", "2"]);
    assert!(err.contains("already assigned to tester"), "{err}");
    assert_eq!(desk.snapshot(), before);

    // Nothing can be done to a ticket that has left the open states.
    desk.ok(&["ticket", "withdraw", "1"]);
    let before = desk.snapshot();
    for args in [
        vec!["ticket", "withdraw", "1"],
        vec!["ticket", "ack", "1"],
        vec!["ticket", "severity", "1", "S1"],
        vec!["ticket", "assign", "1", "bob"],
        vec!["ticket", "out-of-scope", "1", "--reason", "idc-hardware"],
    ] {
        let err = desk.fails(&args);
        assert!(
            err.contains("escalation #1: it is withdrawn"),
            "{args:?}: {err}"
        );
    }
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn unknown_ticket_id_is_refused() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    for args in [
        vec!["ticket", "show", "999"],
        vec!["ticket", "show", "999", "--json"],
        vec!["ticket", "ack", "999"],
        vec!["ticket", "assign", "999"],
        vec!["ticket", "resolve", "999"],
        vec![
            "ticket",
            "out-of-scope",
            "999",
            "--reason",
            "beyond-service",
        ],
    ] {
        let err = desk.fails(&args);
        assert!(err.contains("no escalation #999"), "{args:?}: {err}");
    }
    let err = usage_failure(&desk.run(&["ticket", "ack", "one"]), &["ticket", "ack"]);
    assert!(err.contains("'one'"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn out_of_scope_with_a_bad_reason_is_a_usage_error() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let args = ["ticket", "out-of-scope", "1", "--reason", "too-hard"];
    let err = usage_failure(&desk.run(&args), &args);
    assert!(err.contains("'too-hard'"), "{err}");
    assert!(err.contains("--reason"), "{err}");
    assert!(err.contains("code-development"), "lists the reasons: {err}");
    let args = ["ticket", "out-of-scope", "1"];
    let err = usage_failure(&desk.run(&args), &args);
    assert!(err.contains("--reason"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn a_write_without_an_engineer_identity_fails_and_says_how_to_set_one() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let anonymous = |c: &mut Command| {
        c.env_remove("SREDESK_ENGINEER")
            .env_remove("USER")
            .env_remove("LOGNAME");
    };
    let writes: [&[&str]; 5] = [
        &["customer", "add", "--name", "Blue Sky", "--kind", "local"],
        &add_args("Acme", "T-9", "x"),
        &["ticket", "ack", "1"],
        &["ticket", "withdraw", "1"],
        &["ticket", "assign", "2"],
    ];
    for args in writes {
        let out = desk.run_with(args, anonymous);
        let err = runtime_failure(&out, args);
        assert!(err.contains("SREDESK_ENGINEER"), "{args:?}: {err}");
        assert!(err.contains("--engineer"), "{args:?}: {err}");
        assert!(err.contains("engineer = "), "{args:?}: {err}");
    }
    // A blank name is no name.
    let out = desk.run_with(&["ticket", "ack", "1"], |c| {
        anonymous(c);
        c.env("SREDESK_ENGINEER", "   ");
    });
    runtime_failure(&out, &["ticket", "ack"]);
    // Nor is one that could drive a terminal.
    let out = desk.run_with(&["ticket", "ack", "1"], |c| {
        c.env("SREDESK_ENGINEER", "evil\u{1b}[2J");
    });
    let err = runtime_failure(&out, &["ticket", "ack"]);
    assert!(err.contains("control characters"), "{err}");
    assert_eq!(desk.snapshot(), before);

    // Reading needs no identity.
    let out = desk.run_with(&["ticket", "list", "--json"], anonymous);
    assert_success(&out, &["ticket", "list"]);
    // $USER is the fallback.
    let out = desk.run_with(&["ticket", "ack", "1"], |c| {
        anonymous(c);
        c.env("USER", "unix-user");
    });
    assert_success(&out, &["ticket", "ack"]);
    assert_eq!(desk.show_ticket(1)["assignee"], "unix-user");
}

#[test]
fn a_bad_clock_override_is_refused() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let out = desk.run_with(&["ticket", "list"], |c| {
        c.env("SREDESK_NOW", "soon");
    });
    let err = runtime_failure(&out, &["ticket", "list"]);
    assert!(err.contains("SREDESK_NOW"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn a_file_that_is_not_a_store_is_refused_and_left_alone() {
    let desk = Desk::new();
    let junk = b"these are my notes, not a database\n".repeat(200);
    std::fs::write(desk.db(), &junk).unwrap();
    let err = desk.fails(&["ticket", "list"]);
    assert!(err.contains("is not a sredesk store"), "{err}");
    assert!(err.contains("s.db"), "{err}");
    let err = desk.fails(&["customer", "add", "--name", "Acme", "--kind", "local"]);
    assert!(err.contains("is not a sredesk store"), "{err}");
    assert_eq!(std::fs::read(desk.db()).unwrap(), junk);
}

// ------------------------------------------------------------ hostile text

#[test]
fn control_characters_in_ticket_text_are_shown_inert() {
    const TITLE: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}";
    const DESCRIPTION: &str = "first line\n\u{9b}31mred\u{1b}[0m\ttab";
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.ok(&[
        "ticket",
        "add",
        "--customer",
        "Acme",
        "--severity",
        "S1",
        "--kind",
        "faster",
        "--ticket-no",
        "T-\u{7}1",
        "--title",
        TITLE,
        "--description",
        DESCRIPTION,
        "--reported-at",
        "2026-11-22T09:55:00Z",
    ]);
    desk.ok(&["ticket", "ack", "1"]);

    let no_raw_controls = |what: &str, s: &str| {
        assert!(!s.contains('\u{1b}'), "{what}: raw ESC in {s:?}");
        assert!(!s.contains('\u{7}'), "{what}: raw BEL in {s:?}");
        assert!(!s.contains('\u{9b}'), "{what}: raw CSI in {s:?}");
    };

    let list = desk.ok(&["ticket", "list"]);
    no_raw_controls("ticket list", &list);
    assert!(list.contains("\\x1b[2J\\x1b]0;pwned\\x07"), "{list}");
    assert!(list.contains("T-\\x071"), "{list}");
    let open = desk.ok(&["ticket", "list", "--open"]);
    no_raw_controls("ticket list --open", &open);

    let show = desk.ok(&["ticket", "show", "1"]);
    no_raw_controls("ticket show", &show);
    assert!(show.contains("#1 \\x1b[2J\\x1b]0;pwned\\x07"), "{show}");
    assert!(show.contains("\\x9b31mred\\x1b[0m"), "{show}");
    // Line breaks in a description stay line breaks.
    assert!(show.contains("    first line\n"), "{show}");

    // Triage messages quote text too.
    let out = desk.ok(&["ticket", "start", "1"]);
    no_raw_controls("start", &out);
    let out = desk.ok(&[
        "ticket",
        "resolve",
        "1",
        "--note",
        "fixed\u{1b}[31m\u{9b}0m",
    ]);
    no_raw_controls("resolve", &out);
    assert!(out.contains("fixed\\x1b[31m\\x9b0m"), "{out}");

    for args in [
        &["ticket", "list", "--json"][..],
        &["ticket", "show", "1", "--json"][..],
    ] {
        let json = desk.ok(args);
        no_raw_controls(&format!("{args:?}"), &json);
        let v: Value = serde_json::from_str(&json).unwrap();
        let t = if v.is_array() { &v[0] } else { &v };
        assert_eq!(t["title"].as_str().unwrap(), TITLE, "{args:?}");
        assert_eq!(t["description"].as_str().unwrap(), DESCRIPTION, "{args:?}");
        assert_eq!(t["ticket_no"].as_str().unwrap(), "T-\u{7}1", "{args:?}");
        assert_eq!(t["resolution"].as_str().unwrap(), "fixed\u{1b}[31m\u{9b}0m");
    }
}

// --------------------------------------------------------------------- demo

#[test]
fn demo_fills_a_new_store_once_and_refuses_to_refill_it() {
    let desk = Desk::new();
    let demo = desk.path("nested/demo.db");
    let demo_arg = demo.to_str().unwrap();
    let args = [
        "demo",
        "--no-open",
        "--tickets",
        "500",
        "--customers",
        "5",
        "--db",
        demo_arg,
    ];
    let out = desk.ok(&args);
    assert!(out.contains("demo store ready"), "{out}");
    assert!(out.contains("demo.db"), "{out}");

    let on_demo = |extra: &[&str]| {
        let mut a = vec!["--db", demo_arg];
        a.extend_from_slice(extra);
        desk.json(&a)
    };
    let open = on_demo(&["ticket", "list", "--open", "--json"]);
    let open = open.as_array().unwrap();
    assert!(!open.is_empty());
    assert!(open.len() < 500);
    let all = on_demo(&["ticket", "list", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 500);
    let customers = on_demo(&["customer", "list", "--json"]);
    assert_eq!(customers.as_array().unwrap().len(), 5);
    // Board order holds on generated data too: rank, then deadline.
    let keys: Vec<(bool, String)> = open
        .iter()
        .map(|t| {
            (
                t["state"] != "new",
                t["deadline"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);

    let again = desk.run(&args);
    let err = runtime_failure(&again, &args);
    assert!(err.contains("already holds 500 escalations"), "{err}");
    let all = on_demo(&["ticket", "list", "--json"]);
    assert_eq!(all.as_array().unwrap().len(), 500);
    // The user's own store was never touched.
    assert!(!desk.db().exists());
}

#[test]
fn demo_refuses_a_store_with_real_escalations() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let args = ["demo", "--no-open", "--tickets", "50", "--customers", "2"];
    let err = desk.fails(&args); // --db comes from SREDESK_DB
    assert!(err.contains("already holds 2 escalations"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn demo_refuses_a_store_with_real_customers_only() {
    let desk = Desk::new();
    desk.ok(&["customer", "add", "--name", "Real Bank", "--kind", "local"]);
    let before = desk.snapshot();
    let err = desk.fails(&["demo", "--no-open", "--tickets", "50"]);
    assert!(
        err.contains("already holds 0 escalations and 1 customers"),
        "{err}"
    );
    assert_eq!(desk.snapshot(), before);
}

// ------------------------------------------------------------------- config

#[test]
fn an_unknown_config_key_is_reported_with_file_and_line() {
    let desk = Desk::new();
    let config = desk.path("bad.toml");
    std::fs::write(&config, "[ui]\ncolour = true\n").unwrap();
    let config_arg = config.to_str().unwrap();
    for args in [
        vec!["--config", config_arg, "customer", "list"],
        vec!["--config", config_arg, "ticket", "list", "--json"],
        vec!["customer", "list", "--config", config_arg],
        vec!["--config", config_arg],
    ] {
        let err = desk.fails(&args);
        assert!(err.contains(config_arg), "{args:?}: {err}");
        assert!(err.contains("colour"), "{args:?}: {err}");
        assert!(err.contains("line 2"), "{args:?}: {err}");
    }
    let out = desk.run_with(&["customer", "list"], |c| {
        c.env("SREDESK_CONFIG", &config);
    });
    let err = runtime_failure(&out, &["customer", "list"]);
    assert!(err.contains(config_arg) && err.contains("colour") && err.contains("line 2"));
    // Nothing was created on the way to the error.
    assert!(!desk.db().exists());
}

#[test]
fn a_missing_config_file_named_explicitly_is_an_error() {
    let desk = Desk::new();
    let missing = desk.path("nope.toml");
    let err = desk.fails(&["--config", missing.to_str().unwrap(), "customer", "list"]);
    assert!(err.contains("cannot read config"), "{err}");
    assert!(err.contains("nope.toml"), "{err}");
}

#[test]
fn the_config_names_the_engineer() {
    let desk = Desk::new();
    let config = desk.path("good.toml");
    std::fs::write(&config, "engineer = \"cfg-name\"\n[ui]\ncolor = false\n").unwrap();
    let from_config = |c: &mut Command| {
        c.env_remove("SREDESK_ENGINEER")
            .env_remove("USER")
            .env_remove("LOGNAME")
            .env("SREDESK_CONFIG", &config);
    };
    let run = |args: &[&str]| {
        let out = desk.run_with(args, from_config);
        assert_success(&out, args);
    };
    run(&["customer", "add", "--name", "Acme", "--kind", "local"]);
    run(&[
        "subscription",
        "add",
        "--customer",
        "Acme",
        "--applied-on",
        "2026-11-02",
        "--start",
        "2026-11-03",
        "--months",
        "1",
    ]);
    run(&add_args("Acme", "T-1", "x"));
    run(&["ticket", "ack", "1"]);
    let t = desk.show_ticket(1);
    assert_eq!(t["assignee"], "cfg-name");
    for h in t["history"].as_array().unwrap() {
        assert_eq!(h["engineer"], "cfg-name", "{h}");
    }
    // The config wins over $USER: assigning to "me" changes nothing.
    let out = desk.run_with(&["ticket", "assign", "1"], |c| {
        from_config(c);
        c.env("USER", "unix-user");
    });
    let err = runtime_failure(&out, &["ticket", "assign"]);
    assert!(err.contains("already assigned to cfg-name"), "{err}");
    // SREDESK_ENGINEER wins over the config.
    let out = desk.run_with(&["ticket", "assign", "1"], |c| {
        from_config(c);
        c.env("SREDESK_ENGINEER", "env-name");
    });
    assert_success(&out, &["ticket", "assign"]);
    assert_eq!(desk.show_ticket(1)["assignee"], "env-name");
}

#[test]
fn the_default_config_and_store_live_in_the_xdg_directories() {
    let desk = Desk::new();
    let config_dir = desk.path("config/sredesk");
    std::fs::create_dir_all(&config_dir).unwrap();
    std::fs::write(config_dir.join("config.toml"), "engineer = \"xdg-name\"\n").unwrap();
    let default_paths = |c: &mut Command| {
        c.env_remove("SREDESK_DB").env_remove("SREDESK_ENGINEER");
    };
    let args = ["customer", "add", "--name", "Acme", "--kind", "local"];
    let out = desk.run_with(&args, default_paths);
    assert_success(&out, &args);
    assert!(desk.path("data/sredesk/sredesk.db").exists());
    assert!(!desk.db().exists());
    let conn = rusqlite::Connection::open(desk.path("data/sredesk/sredesk.db")).unwrap();
    let engineer: String = conn
        .query_row("SELECT engineer FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(engineer, "xdg-name");

    // A broken default config is reported like an explicit one.
    std::fs::write(config_dir.join("config.toml"), "[ui]\ncolour = true\n").unwrap();
    let out = desk.run_with(&["customer", "list"], default_paths);
    let err = runtime_failure(&out, &["customer", "list"]);
    assert!(err.contains("config.toml"), "{err}");
    assert!(err.contains("colour") && err.contains("line 2"), "{err}");
}

// ---------------------------------------------------------------- dashboard

#[test]
fn the_dashboard_needs_a_terminal() {
    let desk = Desk::new();
    for args in [&[][..], &["board"][..]] {
        let out = desk.run(args);
        let err = runtime_failure(&out, args);
        assert!(err.contains("terminal"), "{args:?}: {err}");
        assert!(err.contains("ticket list --json"), "{args:?}: {err}");
    }
    // Identity is checked first, on a plain screen too.
    let out = desk.run_with(&[], |c| {
        c.env_remove("SREDESK_ENGINEER")
            .env_remove("USER")
            .env_remove("LOGNAME");
    });
    let err = runtime_failure(&out, &[]);
    assert!(err.contains("SREDESK_ENGINEER"), "{err}");
}

// -------------------------------------------------------------- broken pipe

/// Runs `args` on `db` and closes stdout after the first few bytes, as
/// `sredesk ticket list | head -1` does. The listings used are far larger
/// than a pipe buffer, so the write after the close is certain to fail.
fn read_a_little_then_hang_up(desk: &Desk, db: &Path, args: &[&str]) -> Output {
    let mut cmd = desk.cmd(args);
    cmd.env("SREDESK_DB", db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn sredesk");
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout
        .read_exact(&mut first)
        .expect("first bytes of output");
    drop(stdout);
    let status = child.wait().expect("wait for sredesk");
    let mut stderr = Vec::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_end(&mut stderr)
        .unwrap();
    assert!(
        first.starts_with(b"     ID") || first.starts_with(b"["),
        "{:?}",
        String::from_utf8_lossy(&first)
    );
    Output {
        status,
        stdout: first.to_vec(),
        stderr,
    }
}

fn demo_store(desk: &Desk, tickets: &str) -> PathBuf {
    let db = desk.path("demo.db");
    desk.ok(&[
        "demo",
        "--no-open",
        "--tickets",
        tickets,
        "--customers",
        "5",
        "--db",
        db.to_str().unwrap(),
    ]);
    db
}

#[test]
fn closing_stdout_early_does_not_panic() {
    let desk = Desk::new();
    // ~300 open tickets; the full text listing of 3000 is ~370 kB and the
    // JSON listing several MB, well past a 64 kB pipe buffer.
    let db = demo_store(&desk, "3000");
    for args in [
        &["ticket", "list"][..],
        &["ticket", "list", "--json"][..],
        &["ticket", "list", "--open", "--json"][..],
    ] {
        let out = read_a_little_then_hang_up(&desk, &db, args);
        assert_no_panic(&out);
        assert!(out.status.code().is_some(), "{args:?}: killed by a signal");
    }
}

#[test]
fn closing_stdout_early_is_not_reported_as_a_corrupt_store() {
    let desk = Desk::new();
    let db = demo_store(&desk, "3000");
    let out = read_a_little_then_hang_up(&desk, &db, &["ticket", "list"]);
    let err = stderr_of(&out);
    assert!(!err.contains("cannot read"), "{err}");
}

// ------------------------------------------------------ subscriptions, quotas

#[test]
fn subscription_needs_a_working_day_of_notice_and_names_the_earliest_start() {
    let desk = Desk::new();
    desk.ok(&[
        "customer",
        "add",
        "--name",
        "Jade",
        "--kind",
        "international-chinese",
    ]);
    let before = desk.snapshot();
    // Friday 2026-11-20: the weekend is skipped.
    let err = desk.fails(&[
        "subscription",
        "add",
        "--customer",
        "Jade",
        "--applied-on",
        "2026-11-20",
        "--start",
        "2026-11-22",
        "--months",
        "1",
    ]);
    assert!(
        err.contains("can start on 2026-11-23 at the earliest"),
        "{err}"
    );
    assert_eq!(desk.snapshot(), before);
    let out = desk.ok(&[
        "subscription",
        "add",
        "--customer",
        "Jade",
        "--applied-on",
        "2026-11-20",
        "--start",
        "2026-11-23",
        "--months",
        "2",
        "--webhook",
        "https://qyapi.example/send?key=1",
    ]);
    assert!(
        out.contains(
            "2026-11-23 to 2026-12-31 (2 month(s)); chat group #1 on WeCom from 2026-11-21"
        ),
        "{out}"
    );
    let out = desk.run(&[
        "subscription",
        "add",
        "--customer",
        "Jade",
        "--start",
        "2026-12-01",
        "--months",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2), "a malformed command line");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--months"));
}

#[test]
fn quota_show_and_customer_show_as_text_and_json() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.ok(&[
        "package",
        "add",
        "--customer",
        "Acme",
        "--kind",
        "ticket-handling",
    ]);
    for i in 0..11 {
        desk.ok(&[
            "ticket",
            "add",
            "--customer",
            "Acme",
            "--severity",
            "S3",
            "--kind",
            "faster",
            "--ticket-no",
            &format!("F-{i}"),
            "--title",
            "please hurry",
        ]);
    }
    let text = desk.ok(&["quota", "show"]);
    assert!(text.contains("11/20 (+10 pkg, 9 left)"), "{text}");
    let json: serde_json::Value =
        serde_json::from_str(&desk.ok(&["quota", "show", "--json"])).unwrap();
    assert_eq!(json[0]["customer"]["name"], "Acme");
    assert_eq!(json[0]["faster"]["plan_used"], 10);
    assert_eq!(json[0]["faster"]["package_left"], 9);
    assert_eq!(json[0]["platform"], "welink");
    let detail: serde_json::Value =
        serde_json::from_str(&desk.ok(&["customer", "show", "acme", "--json"])).unwrap();
    assert_eq!(detail["uses_this_month"].as_array().unwrap().len(), 11);
    assert_eq!(detail["packages"][0]["used"], 1);
    assert_eq!(detail["chat_groups"][0]["platform"], "welink");
    let text = desk.ok(&["customer", "show", "Acme"]);
    assert!(text.contains("Service Ticket Handling Package"), "{text}");
    assert!(text.contains("package #1"), "{text}");
}

#[test]
fn quota_refusals_name_the_quota_the_use_and_the_refill() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    for i in 0..5 {
        desk.ok(&[
            "ticket",
            "add",
            "--customer",
            "Acme",
            "--severity",
            "S1",
            "--kind",
            "expert",
            "--ticket-no",
            &format!("E-{i}"),
            "--title",
            "outage",
        ]);
    }
    desk.ok(&[
        "ticket",
        "add",
        "--customer",
        "Acme",
        "--severity",
        "S1",
        "--kind",
        "general",
        "--ticket-no",
        "G-1",
        "--title",
        "question",
    ]);
    let before = desk.snapshot();
    let err = desk.fails(&[
        "ticket",
        "add",
        "--customer",
        "Acme",
        "--severity",
        "S1",
        "--kind",
        "expert",
        "--ticket-no",
        "E-6",
        "--title",
        "outage",
    ]);
    assert!(
        err.contains(
            "Acme's Direct Expert Support quota is used up: 5 used in 2026-11 (the plan gives 5 a \
             month and no package has units left); it refills on 2026-12-01 00:00 (Asia/Shanghai)"
        ),
        "{err}"
    );
    let err = desk.fails(&["ticket", "escalate", "6"]);
    assert!(
        err.contains("Direct Expert Support quota is used up"),
        "{err}"
    );
    assert_eq!(desk.snapshot(), before);
    // A customer without a subscription has no quota at all.
    desk.ok(&["customer", "add", "--name", "Nosub", "--kind", "local"]);
    let err = desk.fails(&[
        "ticket",
        "add",
        "--customer",
        "Nosub",
        "--severity",
        "S1",
        "--kind",
        "faster",
        "--ticket-no",
        "N-1",
        "--title",
        "x",
    ]);
    assert!(
        err.contains("Nosub has no active subscription on 2026-11-22"),
        "{err}"
    );
    let err = desk.fails(&[
        "package",
        "add",
        "--customer",
        "Nosub",
        "--kind",
        "expert-support",
    ]);
    assert!(err.contains("no subscription on 2026-11-22"), "{err}");
}

#[test]
fn desk_time_zone_comes_from_the_config() {
    let desk = Desk::new();
    let config = desk.path("desk.toml");
    // 2026-11-22T10:00Z is still the 22nd in Los Angeles, the 22nd in
    // Shanghai too; the zone shows in the refill time.
    std::fs::write(&config, "[desk]\ntime_zone = \"America/Los_Angeles\"\n").unwrap();
    let config = config.to_str().unwrap();
    desk.ok(&[
        "--config", config, "customer", "add", "--name", "LA", "--kind", "local",
    ]);
    desk.ok(&[
        "--config",
        config,
        "subscription",
        "add",
        "--customer",
        "LA",
        "--applied-on",
        "2026-11-02",
        "--start",
        "2026-11-03",
        "--months",
        "2",
    ]);
    for i in 0..5 {
        desk.ok(&[
            "--config",
            config,
            "ticket",
            "add",
            "--customer",
            "LA",
            "--severity",
            "S1",
            "--kind",
            "expert",
            "--ticket-no",
            &format!("E-{i}"),
            "--title",
            "outage",
        ]);
    }
    let err = desk.fails(&[
        "--config",
        config,
        "ticket",
        "add",
        "--customer",
        "LA",
        "--severity",
        "S1",
        "--kind",
        "expert",
        "--ticket-no",
        "E-9",
        "--title",
        "outage",
    ]);
    assert!(
        err.contains("refills on 2026-12-01 00:00 (America/Los_Angeles)"),
        "{err}"
    );
}
