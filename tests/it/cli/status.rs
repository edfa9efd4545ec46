//! `sredesk status`: the counts a status bar shows, in text, tmux and
//! JSON, exit 2 while anything is breached, and an error (never an
//! all-clear) when the store cannot be read.

use super::*;

/// NOW is 10:00Z: an S1 reported 09:40 is breached, one reported 09:47
/// has 2 of its 15 minutes left (within the fifth), an S3 reported 09:00
/// has 2 h left, and one S4 waits on the customer.
fn busy_desk() -> Desk {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.add_ticket("Acme", "T-1", "S1", "2026-11-22T09:40:00Z");
    desk.add_ticket("Acme", "T-2", "S1", "2026-11-22T09:47:00Z");
    desk.add_ticket("Acme", "T-3", "S3", "2026-11-22T09:00:00Z");
    let id = desk.add_ticket("Acme", "T-4", "S4", "2026-11-22T09:00:00Z");
    desk.ok(&format!("ticket pause {id} --reason 'logs'"));
    desk
}

#[test]
fn counts_in_every_format_and_exit_2_while_breached() {
    let desk = busy_desk();
    let out = desk.run(&"status");
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "✖ 1 breached · ‼ 1 due · 3 awaiting · ‖ 1 paused\n"
    );
    assert!(stderr_of(&out).contains("1 escalation breached"));

    let tmux = desk.run(&"status --format tmux");
    assert_eq!(tmux.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&tmux.stdout),
        "#[fg=red,bold]✖1#[default] #[fg=yellow,bold]‼1#[default] 3 awaiting\n"
    );

    let json = desk.run(&"status --format json");
    assert_eq!(json.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(
        (
            v["breached"].as_u64(),
            v["due"].as_u64(),
            v["awaiting"].as_u64()
        ),
        (Some(1), Some(1), Some(3))
    );
    assert_eq!(
        (v["paused"].as_u64(), v["open"].as_u64()),
        (Some(1), Some(4))
    );
    assert_eq!(
        (v["class"].as_str(), v["text"].as_str()),
        (Some("breached"), Some("✖1 ‼1 3 awaiting"))
    );
    assert_eq!(v["at"], "2026-11-22T10:00:00Z", "JSON is UTC");
    assert!(
        v["tooltip"]
            .as_str()
            .unwrap()
            .contains("1 due within the alarm mark")
    );
}

#[test]
fn an_answered_desk_exits_0_and_colours_nothing() {
    let desk = busy_desk();
    desk.ok("ticket ack 1");
    desk.ok("ticket ack 2");
    let out = desk.run(&"status --format tmux");
    assert_eq!(out.status.code(), Some(0), "{}", stderr_of(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "✖0 ‼0 1 awaiting\n");
    let v = desk.json("status --format json");
    assert_eq!(v["class"], "ok");
    // The first answer came late, but nothing waits past its deadline
    // now: the bar counts what still needs someone.
    assert_eq!(v["breached"], 0);
}

#[test]
fn a_desk_due_soon_says_so_in_its_class() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.add_ticket("Acme", "T-2", "S1", "2026-11-22T09:47:00Z");
    let v = desk.json("status --format json");
    assert_eq!(
        (v["class"].as_str(), v["due"].as_u64()),
        (Some("due"), Some(1))
    );
}

#[test]
fn a_missing_store_is_an_error_not_an_all_clear() {
    let desk = Desk::new();
    for format in ["text", "tmux", "json"] {
        let out = desk.run(&format!("status --format {format}"));
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(
            out.stdout.is_empty(),
            "{format}: nothing a bar would show as clear"
        );
        assert!(stderr_of(&out).contains("s.db"), "{}", stderr_of(&out));
    }
    assert!(!desk.db().exists());
}

#[test]
fn ticket_snooze_holds_the_alarm_and_says_what_is_wrong() {
    let desk = busy_desk();
    let out = desk.ok("ticket snooze 1 --for 30m");
    assert!(
        out.contains("T-1 (#1): alarms snoozed for 30m00s, until 2026-11-22 18:30 CST"),
        "{out}"
    );
    assert_eq!(desk.show_ticket(1)["snoozed_until"], "2026-11-22T10:30:00Z");
    assert!(
        desk.fails("ticket snooze 1 --for soon")
            .contains("--for: 'soon' is not a span")
    );
    assert!(desk.fails("ticket snooze 3 --off").contains("not snoozed"));
    desk.ok("ticket snooze 1 --off");
    assert_eq!(desk.show_ticket(1)["snoozed_until"], Value::Null);
    desk.ok("ticket ack 2");
    let err = desk.fails("ticket snooze 2 --for 1h");
    assert!(
        err.contains("only unanswered escalations ring alarms"),
        "{err}"
    );
}
