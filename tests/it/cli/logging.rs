//! The log: a file in the state directory, warnings by default, never on
//! stdout or stderr beyond the one message an error always gives.

use super::*;

fn log_of(desk: &Desk) -> String {
    std::fs::read_to_string(desk.path("state/sredesk/sredesk.log")).unwrap_or_default()
}

#[test]
fn a_failed_command_is_logged_and_said_once() {
    let desk = Desk::new();
    desk.customer("Acme");
    let err = desk.fails("ticket show 999");
    assert_eq!(err.matches("no escalation #999").count(), 1, "{err}");
    let log = log_of(&desk);
    assert!(
        log.contains("ERROR") && log.contains("no escalation #999"),
        "{log}"
    );
}

#[test]
fn by_default_the_log_holds_no_chatter() {
    let desk = Desk::new();
    desk.customer("Acme");
    desk.ok("customer list");
    assert_eq!(log_of(&desk), "");
}

#[test]
fn a_log_level_that_is_not_one_is_refused_before_anything_runs() {
    let desk = Desk::new();
    let out = desk.run_with("customer add --name Acme --kind local", |c| {
        c.env("SREDESK_LOG", "loud");
    });
    let err = runtime_failure(&out, "customer add");
    assert!(
        err.contains("SREDESK_LOG='loud'") && err.contains("debug"),
        "{err}"
    );
    // Nothing was written: the store was not even created.
    assert!(!desk.db().exists());
}

#[test]
fn off_means_no_log_at_all() {
    let desk = Desk::new();
    let out = desk.run_with("ticket show 1", |c| {
        c.env("SREDESK_LOG", "off");
    });
    runtime_failure(&out, "ticket show 1");
    assert!(!desk.path("state/sredesk/sredesk.log").exists());
}

#[test]
fn sredesk_log_file_names_another_place() {
    let desk = Desk::new();
    desk.customer("Acme");
    let elsewhere = desk.path("logs/desk.log");
    let out = desk.run_with("ticket show 1", |c| {
        c.env("SREDESK_LOG_FILE", &elsewhere);
    });
    runtime_failure(&out, "ticket show 1");
    let log = std::fs::read_to_string(&elsewhere).unwrap();
    assert!(log.contains("no escalation #1"), "{log}");
}
