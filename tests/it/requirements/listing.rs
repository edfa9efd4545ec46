//! Listing requirements, and the flag for those waiting too long.

use super::*;

#[test]
fn list_filters_by_customer_state_and_open() {
    let desk = Desk::new();
    desk.eligible_customer("Acme");
    desk.eligible_customer("Beta");
    let a1 = desk.add_at(NOW, "Acme", "one");
    let a2 = desk.add_at(NOW, "Acme", "two");
    let b1 = desk.add_at(NOW, "Beta", "three");
    desk.ok(&format!("requirement advance {a2}"));
    for _ in 0..4 {
        desk.ok(&format!("requirement advance {b1}"));
    }
    desk.notify_requirement(NOW, "tester", b1);
    assert_eq!(desk.requirement_state(b1), "customer_notified");
    let all = desk.json("requirement list --json");
    assert_eq!(ids(&all), [a1, a2, b1]);
    let acme = desk.json("requirement list --customer ACME --json");
    assert_eq!(ids(&acme), [a1, a2]);
    let analysing = desk.json("requirement list --state analysing --json");
    assert_eq!(ids(&analysing), [a2]);
    let open = desk.json("requirement list --open --json");
    assert_eq!(ids(&open), [a1, a2]);
    let none = desk.json("requirement list --customer Beta --open --json");
    assert_eq!(none, json!([]));
    let text = desk.ok("requirement list --customer Beta --open");
    assert!(text.contains("(no requirements)"), "{text}");
    let err = desk.fails("requirement list --customer Nobody");
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    let err = usage_failure(
        &desk.run_as(NOW, "tester", "requirement list --state done"),
        "",
    );
    assert!(err.contains("unknown requirement state 'done'"), "{err}");
}

#[test]
fn requirements_waiting_too_long_are_flagged_from_the_configured_threshold() {
    let desk = Desk::new();
    desk.eligible_customer("Acme");
    let config = desk.path("desk.toml");
    std::fs::write(&config, "[requirements.stale_days]\nsubmitted = 1\n").unwrap();
    let config = config.to_str().unwrap();
    let id = desk.add_at(NOW, "Acme", "dark mode");
    let stale = |now: &str| {
        desk.json_at(now, &["--config", config, "requirement", "list", "--json"])[0]["stale"]
            .clone()
    };
    assert_eq!(stale("2026-11-23T09:59:59Z"), false);
    assert_eq!(stale("2026-11-23T10:00:00Z"), true);
    // The default for submitted is two days.
    let v = desk.json_at(
        "2026-11-23T10:00:00Z",
        &format!("requirement show {id} --json"),
    );
    assert_eq!(v["stale"], false);
}
