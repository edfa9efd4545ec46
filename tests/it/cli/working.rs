//! Working an escalation from the command line: notes, hand-offs with a
//! note, the resolution and the reason for a withdrawal, as `ticket show`
//! and its JSON tell them.

use super::*;

#[test]
fn notes_hand_offs_and_resolutions_are_kept_and_shown() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let id = desk.add_ticket("Acme", "T-1", "S2", "2026-11-22T09:50:00Z");
    let n = id.to_string();

    let out = desk.ok(&[
        "ticket",
        "note",
        &n,
        "--text",
        "asked for the ELB logs\nwaiting",
    ]);
    assert_eq!(out, "T-1 (#1): note added\n");
    let out = desk.ok(&[
        "ticket",
        "note",
        &n,
        "--text",
        "We are checking the load balancer.",
        "--for-customer",
    ]);
    assert!(out.contains("shown on the customer's Ticket List"), "{out}");
    let note = desk.json(&["ticket", "note", &n, "--text", "third", "--json"]);
    assert_eq!(note["engineer"], "tester");
    assert_eq!(note["kind"], "note");
    assert_eq!(note["for_customer"], false);

    let out = desk.ok(&[
        "ticket",
        "assign",
        &n,
        "bob",
        "--note",
        "RDS logs attached; call them at 14:00",
    ]);
    assert_eq!(
        out,
        "T-1 (#1): assigned to bob; note: RDS logs attached; call them at 14:00\n"
    );
    let t = desk.show_ticket(id);
    assert_eq!(t["assignee"], "bob");
    let notes = t["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 4);
    assert_eq!(notes[0]["text"], "asked for the ELB logs\nwaiting");
    assert_eq!(notes[1]["for_customer"], true);
    assert_eq!(notes[3]["kind"], "handoff");
    assert_eq!(notes[3]["handed_to"], "bob");
    // Every note is in the audit history too.
    let actions: Vec<&str> = t["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "reported",
            "note",
            "note for the customer",
            "note",
            "assign"
        ]
    );

    desk.ok(&format!("ticket ack {id}"));
    desk.ok(&format!("ticket start {id}"));
    let out = desk.ok(&[
        "ticket",
        "resolve",
        &n,
        "--resolution",
        "raised the ELB idle timeout",
    ]);
    assert!(
        out.contains("resolved: raised the ELB idle timeout"),
        "{out}"
    );
    assert_eq!(
        desk.show_ticket(id)["resolution"],
        "raised the ELB idle timeout"
    );

    let text = desk.ok(&format!("ticket show {id}"));
    assert!(
        text.contains("resolution   raised the ELB idle timeout"),
        "{text}"
    );
    assert!(text.contains("notes (Asia/Shanghai time)"), "{text}");
    assert!(
        text.contains("      asked for the ELB logs\n      waiting\n"),
        "{text}"
    );
    assert!(text.contains("handed off to bob"), "{text}");
    assert!(text.contains("for the customer's Ticket List"), "{text}");
    // Times people read are in the desk's zone, and say so.
    assert!(text.contains("reported     2026-11-22 17:50 CST"), "{text}");
}

#[test]
fn a_withdrawal_keeps_its_reason_and_a_note_may_follow_the_end() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let id = desk.add_ticket("Acme", "T-1", "S3", "2026-11-22T09:50:00Z");
    let n = id.to_string();
    let out = desk.ok(&[
        "ticket",
        "withdraw",
        &n,
        "--reason",
        "opened twice; see T-2",
    ]);
    assert!(out.contains("withdrawn: opened twice; see T-2"), "{out}");
    let t = desk.show_ticket(id);
    assert_eq!(t["state"], "withdrawn");
    assert_eq!(t["resolution"], "opened twice; see T-2");
    let text = desk.ok(&format!("ticket show {id}"));
    assert!(
        text.contains("withdrawn    opened twice; see T-2"),
        "{text}"
    );
    // The desk may still write on one that ended.
    desk.ok(&["ticket", "note", &n, "--text", "customer confirmed"]);
    assert_eq!(desk.show_ticket(id)["notes"].as_array().unwrap().len(), 1);
}

#[test]
fn a_bad_note_is_refused_and_writes_nothing() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let id = desk.add_ticket("Acme", "T-1", "S3", "2026-11-22T09:50:00Z");
    let before = desk.snapshot();
    let err = desk.fails(&["ticket", "note", &id.to_string(), "--text", "   "]);
    assert!(err.contains("the note is empty"), "{err}");
    let long = "x".repeat(4001);
    let err = desk.fails(&["ticket", "note", &id.to_string(), "--text", &long]);
    assert!(err.contains("4001 characters long; at most 4000"), "{err}");
    let err = desk.fails(&["ticket", "note", "99", "--text", "hello"]);
    assert!(err.contains("no escalation #99"), "{err}");
    let err = desk.fails(&["ticket", "assign", &id.to_string(), "bob", "--note", &long]);
    assert!(err.contains("at most 4000"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn escape_sequences_are_refused_in_every_field_an_engineer_types() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let id = desk.add_ticket("Acme", "T-1", "S2", "2026-11-22T09:50:00Z");
    let n = id.to_string();
    let esc = "red\x1b[31m alert";
    for (args, says) in [
        (
            vec![
                "ticket",
                "add",
                "--customer",
                "Acme",
                "--severity",
                "S3",
                "--kind",
                "general",
                "--ticket-no",
                "T-2",
                "--title",
                esc,
            ],
            "title contains line breaks or control characters",
        ),
        (
            vec![
                "ticket",
                "add",
                "--customer",
                "Acme",
                "--severity",
                "S3",
                "--kind",
                "general",
                "--ticket-no",
                "T-\x072",
                "--title",
                "t",
            ],
            "ticket number contains line breaks or control characters",
        ),
        (
            vec![
                "ticket",
                "add",
                "--customer",
                "Acme",
                "--severity",
                "S3",
                "--kind",
                "general",
                "--ticket-no",
                "T-3",
                "--title",
                "t",
                "--description",
                "two\nlines\x1b]0;pwn\x07",
            ],
            "description contains control characters other than line breaks",
        ),
        (
            vec!["ticket", "note", &n, "--text", esc],
            "the note contains",
        ),
        (vec!["ticket", "assign", &n, esc], "the assignee contains"),
        (
            vec!["ticket", "update", &n, "--text", esc],
            "the update contains",
        ),
    ] {
        let e = desk.fails(&args[..]);
        assert!(e.contains(says), "{args:?}: {e}");
    }
    let v = desk.json(&["ticket", "show", &n, "--json"]);
    assert_eq!(v["notes"].as_array().unwrap().len(), 0);
    assert!(v["assignee"].is_null(), "{v}");
    assert_eq!(desk.count("escalations"), 1);
    // Several lines stay welcome where the field has lines.
    desk.ok(&["ticket", "note", &n, "--text", "one\ntwo\tcolumns"]);
}
