//! `ticket pause` and `ticket resume`: the clock stops while waiting on
//! the customer and the deadline moves by the wait on resume; list and
//! show say so (desk time in text, UTC in JSON); every refusal is said
//! and leaves the store as it was.

use super::*;

const LATER: &str = "2026-11-22T11:00:00Z";

#[test]
fn pause_and_resume_end_to_end() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    // S2 reported 09:50: due 10:20, 20 minutes left at NOW (10:00).
    let id = desk.add_ticket("Acme", "T-1", "S2", "2026-11-22T09:50:00Z");
    let t = desk.json(&format!(
        "ticket pause {id} --reason 'the customer sends the ELB access logs' --json"
    ));
    assert_eq!(time(t["pause"]["since"].as_str().unwrap()), time(NOW));
    assert!(
        t["pause"]["since"].as_str().unwrap().ends_with('Z'),
        "JSON is UTC"
    );
    assert_eq!(
        t["pause"]["reason"],
        "the customer sends the ELB access logs"
    );
    assert_eq!(
        (t["seconds_left"].as_i64(), t["breached"].as_bool()),
        (Some(1200), Some(false))
    );

    // An hour later, past the old deadline: still not breached, the clock
    // where it stopped, the wait counted.
    let list = desk.json_at(LATER, "ticket list --open --json");
    let t = &list[0];
    assert_eq!(t["breached"], false);
    assert_eq!(t["seconds_left"], 1200);
    assert_eq!(t["paused_seconds"], 3600);
    let text = desk.ok_at(LATER, "ticket list --open");
    assert!(text.contains("‖ 1h00m"), "{text}");
    assert!(
        text.contains(
            "‖ paused since 2026-11-22 18:00 CST: the customer sends the ELB access logs"
        ),
        "{text}"
    );
    let show = desk.ok_at(LATER, &format!("ticket show {id}"));
    assert!(
        show.contains("  paused       since 2026-11-22 18:00 CST, waiting on the customer 1h00m\n"),
        "{show}"
    );
    assert!(
        show.contains("  waiting for  the customer sends the ELB access logs"),
        "{show}"
    );

    let t = desk.json_at(LATER, &format!("ticket resume {id} --json"));
    assert_eq!(t["pause"], Value::Null);
    assert_eq!(
        time(t["deadline"].as_str().unwrap()),
        time("2026-11-22T11:20:00Z")
    );
    assert_eq!(t["seconds_left"], 1200);
    assert_eq!(t["paused_secs"], 3600);

    let history = desk.show_ticket(id)["history"].clone();
    let last: Vec<(&str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .take(2)
        .map(|h| (h["action"].as_str().unwrap(), h["detail"].as_str().unwrap()))
        .collect();
    assert_eq!(
        last,
        [
            (
                "resume",
                "resumed after waiting on the customer 1h00m; the response deadline moves 1h00m later"
            ),
            (
                "pause",
                "paused, waiting on the customer: the customer sends the ELB access logs; \
                 the response clock stops with 20m00s left"
            ),
        ]
    );
    // Text answers say the same to a person.
    let out = desk.ok_at(LATER, &format!("ticket pause {id} --reason 'a screenshot'"));
    assert_eq!(
        out,
        format!(
            "T-1 (#{id}): paused, waiting on the customer: a screenshot; \
             the response clock stops with 20m00s left\n"
        )
    );
}

#[test]
fn every_refusal_is_said_and_changes_nothing() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let fresh = desk.add_ticket("Acme", "T-1", "S2", "2026-11-22T09:50:00Z");
    let overdue = desk.add_ticket("Acme", "T-2", "S1", "2026-11-22T09:30:00Z");
    let done = desk.add_ticket("Acme", "T-3", "S3", "2026-11-22T09:00:00Z");
    desk.ok(&format!("ticket withdraw {done}"));
    let tables = ["escalations", "audit_log"];
    let before = desk.dump(&tables);
    for (args, said) in [
        (
            format!("ticket resume {fresh}"),
            format!("cannot resume T-1 (#{fresh}): it is not paused"),
        ),
        (
            format!("ticket pause {fresh} --reason ' '"),
            "the reason for the pause is empty".to_string(),
        ),
        (
            format!("ticket pause {overdue} --reason logs"),
            format!("cannot pause T-2 (#{overdue}): its response is 15m00s overdue"),
        ),
        (
            format!("ticket pause {done} --reason logs"),
            format!(
                "cannot pause T-3 (#{done}): it is withdrawn (only open escalations are paused)"
            ),
        ),
        (
            "ticket pause 99 --reason logs".to_string(),
            "99".to_string(),
        ),
    ] {
        let err = desk.fails(&args);
        assert!(err.contains(&said), "{args}: {err}");
    }
    assert_eq!(desk.dump(&tables), before);
    desk.ok(&format!("ticket pause {fresh} --reason logs"));
    let paused = desk.dump(&tables);
    let err = desk.fails(&format!("ticket pause {fresh} --reason again"));
    assert!(
        err.contains(&format!("T-1 (#{fresh}) is already paused")),
        "{err}"
    );
    let err = desk.fails(&format!("ticket ack {fresh}"));
    assert!(
        err.contains("it is paused, waiting on the customer (resume it first)"),
        "{err}"
    );
    assert_eq!(desk.dump(&tables), paused);
}

#[test]
fn the_desk_sets_when_a_pause_is_flagged_and_a_bad_value_is_named() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let id = desk.add_ticket("Acme", "T-1", "S4", "2026-11-22T09:50:00Z");
    desk.ok(&format!("ticket pause {id} --reason logs"));
    let config = desk.path("desk.toml");
    std::fs::write(&config, "[sla]\npause_flag_after = \"30m\"\n").unwrap();
    let cfg = config.to_str().unwrap();
    let list = |now: &str| desk.ok_at(now, &["--config", cfg, "ticket", "list", "--open"]);
    assert!(list("2026-11-22T10:30:00Z").contains("‖ paused since"));
    let flagged = list("2026-11-22T10:30:01Z");
    assert!(flagged.contains("⚑ paused since"), "{flagged}");
    assert!(
        flagged.contains("⚑ 30m01s"),
        "the clock column too: {flagged}"
    );
    let show = desk.ok_at(LATER, &["--config", cfg, "ticket", "show", &id.to_string()]);
    assert!(
        show.contains("waiting on the customer 1h00m  ⚑ longer than 30m00s"),
        "{show}"
    );

    std::fs::write(&config, "[sla]\npause_flag_after = \"soon\"\n").unwrap();
    let err = desk.fails(&["--config", cfg, "ticket", "list"]);
    assert!(
        err.contains("key `sla.pause_flag_after`: 'soon' is not a span"),
        "{err}"
    );
}
