//! Triage from the command line: assign, acknowledge, start, re-grade,
//! resolve, close, withdraw, out of scope; and who is recorded doing it.

use super::*;

#[test]
fn triage_end_to_end() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let on_time = desk.add_ticket("Acme", "T-1", "S2", "2026-11-22T09:50:00Z");
    let late = desk.add_ticket("Acme", "T-2", "S1", "2026-11-22T09:30:00Z");

    // With no name, the engineer takes it.
    let out = desk.ok(&format!("ticket assign {on_time}"));
    assert_eq!(out, format!("T-1 (#{on_time}): assigned to tester\n"));
    assert_eq!(desk.show_ticket(on_time)["assignee"], "tester");
    assert_eq!(desk.show_ticket(on_time)["state"], "new");

    let out = desk.ok(&format!("ticket ack {on_time}"));
    assert!(out.contains("acknowledged after 10m00s"), "{out}");
    assert!(out.contains("within the S2 SLA"), "{out}");
    assert!(!out.contains("assigned to"), "already assigned: {out}");
    // The first responder owns an unassigned escalation.
    let out = desk.ok(&format!("ticket ack {late}"));
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

    let out = desk.ok(&format!("ticket start {id}"));
    assert!(out.contains("work started"), "{out}");
    assert_eq!(desk.show_ticket(on_time)["state"], "in_progress");

    // Re-grading recomputes the deadline from the report time, not now.
    let out = desk.ok(&format!("ticket severity {id} S4"));
    assert!(out.contains("severity S2 -> S4"), "{out}");
    let t = desk.show_ticket(on_time);
    assert_eq!(t["severity"], "S4");
    assert_eq!(
        time(t["deadline"].as_str().unwrap()),
        time("2026-11-22T17:50:00Z")
    );
    assert_eq!(t["state"], "in_progress");

    let out = desk.ok(&format!("ticket resolve {id} --note 'rebooted the node'"));
    assert!(out.contains("resolved: rebooted the node"), "{out}");
    let t = desk.show_ticket(on_time);
    assert_eq!(t["state"], "resolved");
    assert_eq!(t["resolution"], "rebooted the node");
    assert_eq!(time(t["ended_at"].as_str().unwrap()), time(NOW));
    let open = desk.json("ticket list --open --json");
    assert_eq!(ids(&open), [late]);

    let out = desk.ok(&format!("ticket close {id}"));
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
    let text = desk.ok(&format!("ticket show {id}"));
    assert!(text.starts_with(&format!("#{id} problem T-1\n")), "{text}");
    assert!(text.contains("state        closed"), "{text}");
    assert!(text.contains("resolution   rebooted the node"), "{text}");
    assert!(text.contains("history"), "{text}");
    assert!(text.matches("tester").count() >= history.len(), "{text}");

    // Withdrawing.
    let out = desk.ok(&format!("ticket withdraw {late}"));
    assert!(out.contains("withdrawn"), "{out}");
    let t = desk.show_ticket(late);
    assert_eq!(t["state"], "withdrawn");
    assert_eq!(time(t["ended_at"].as_str().unwrap()), time(NOW));
    assert!(
        desk.json("ticket list --open --json")
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
            desk.ok(&format!("ticket ack {id}"));
        }
        let out = desk.ok(&format!("ticket out-of-scope {id} --reason {reason}"));
        assert!(out.contains("out of scope"), "{out}");
        let t = desk.show_ticket(id);
        assert_eq!(t["state"], "out_of_scope");
        assert_eq!(t["out_of_scope_reason"], *reason);
        assert_eq!(time(t["ended_at"].as_str().unwrap()), time(NOW));
        let history = t["history"].as_array().unwrap();
        let last = history.last().unwrap();
        assert_eq!(last["action"], "mark out of scope");
        assert_eq!(last["engineer"], "tester");
        let text = desk.ok(&format!("ticket show {id}"));
        assert!(text.contains("state        out_of_scope"), "{text}");
        assert!(text.contains("  reason       "), "{text}");
    }
    assert!(
        desk.json("ticket list --open --json")
            .as_array()
            .unwrap()
            .is_empty()
    );
    let oos = desk.json("ticket list --state out_of_scope --json");
    assert_eq!(ids(&oos), [1, 2, 3, 4]);
}

#[test]
fn engineer_flag_is_recorded_in_history() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let id = desk.add_ticket("Acme", "T-1", "S3", "2026-11-22T09:00:00Z");
    desk.ok(&format!("--engineer li.na ticket ack {id}"));
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
    let out = desk.ok(&format!("ticket assign {id} alice"));
    assert!(out.contains("assigned to alice"), "{out}");
    let t = desk.show_ticket(id);
    assert_eq!(t["assignee"], "alice");
    let last = t["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "assign");
    assert_eq!(last["engineer"], "tester", "the actor, not the assignee");

    // The assignee is validated as an assignee, not as the engineer.
    let err = desk.fails(&format!("ticket assign {id} '  '"));
    assert!(err.contains("assignee is empty"), "{err}");
    // Free text, but one line without escapes; one another tool wrote is
    // shown inert like every other.
    let err = desk.fails(&["ticket", "assign", &id.to_string(), "mallory\u{1b}[8m"]);
    assert!(err.contains("the assignee contains line breaks"), "{err}");
    desk.write_raw("escalations", id, "assignee", "mallory\u{1b}[8m");
    let show = desk.ok(&format!("ticket show {id}"));
    assert!(show.contains("mallory\\x1b[8m"), "{show}");
    assert!(!show.contains('\u{1b}'), "{show:?}");
}
