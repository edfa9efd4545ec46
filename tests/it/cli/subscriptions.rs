//! Subscriptions and quotas from the command line, and the desk's time
//! zone in their refusals.

use super::*;

#[test]
fn subscription_needs_a_working_day_of_notice_and_names_the_earliest_start() {
    let desk = Desk::new();
    desk.ok("customer add --name Jade --kind international-chinese");
    let before = desk.snapshot();
    // Friday 2026-11-20: the weekend is skipped.
    let err = desk.fails(
        "subscription add --customer Jade --applied-on 2026-11-20 --start 2026-11-22 --months 1",
    );
    assert!(
        err.contains("can start on 2026-11-23 at the earliest"),
        "{err}"
    );
    assert_eq!(desk.snapshot(), before);
    let out = desk.ok(
        "subscription add --customer Jade --applied-on 2026-11-20 --start 2026-11-23 --months 2 \
         --webhook 'https://qyapi.example/send?key=1'",
    );
    assert!(
        out.contains("2026-11-23 to 2026-12-31 (2 months); chat group #1 on WeCom from 2026-11-21"),
        "{out}"
    );
    let out = desk.run("subscription add --customer Jade --start 2026-12-01 --months 0");
    assert_eq!(out.status.code(), Some(2), "a malformed command line");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--months"));
}

#[test]
fn quota_show_and_customer_show_as_text_and_json() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.ok("package add --customer Acme --kind ticket-handling");
    for i in 0..11 {
        desk.ok(&format!(
            "ticket add --customer Acme --severity S3 --kind faster --ticket-no F-{i} \
             --title 'please hurry'"
        ));
    }
    let text = desk.ok("quota show");
    assert!(text.contains("11/20 (+10 pkg, 9 left)"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&desk.ok("quota show --json")).unwrap();
    assert_eq!(json[0]["customer"]["name"], "Acme");
    assert_eq!(json[0]["faster"]["plan_used"], 10);
    assert_eq!(json[0]["faster"]["package_left"], 9);
    assert_eq!(json[0]["platform"], "welink");
    let detail: serde_json::Value =
        serde_json::from_str(&desk.ok("customer show acme --json")).unwrap();
    assert_eq!(detail["uses_this_month"].as_array().unwrap().len(), 11);
    assert_eq!(detail["packages"][0]["used"], 1);
    assert_eq!(detail["chat_groups"][0]["platform"], "welink");
    let text = desk.ok("customer show Acme");
    assert!(text.contains("Service Ticket Handling Package"), "{text}");
    assert!(text.contains("package #1"), "{text}");
}

#[test]
fn quota_refusals_name_the_quota_the_use_and_the_refill() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    for i in 0..5 {
        desk.ok(&format!(
            "ticket add --customer Acme --severity S1 --kind expert --ticket-no E-{i} \
             --title outage"
        ));
    }
    desk.ok(
        "ticket add --customer Acme --severity S1 --kind general --ticket-no G-1 --title question",
    );
    let before = desk.snapshot();
    let err = desk.fails(
        "ticket add --customer Acme --severity S1 --kind expert --ticket-no E-6 --title outage",
    );
    assert!(
        err.contains(
            "Acme's Direct Expert Support quota is used up: 5 used in 2026-11 (the plan gives 5 a \
             month and no package has units left); it refills on 2026-12-01 00:00 (Asia/Shanghai)"
        ),
        "{err}"
    );
    let err = desk.fails("ticket escalate 6");
    assert!(
        err.contains("Direct Expert Support quota is used up"),
        "{err}"
    );
    assert_eq!(desk.snapshot(), before);
    // A customer without a subscription has no quota at all.
    desk.ok("customer add --name Nosub --kind local");
    let err = desk
        .fails("ticket add --customer Nosub --severity S1 --kind faster --ticket-no N-1 --title x");
    assert!(
        err.contains("Nosub has no active subscription on 2026-11-22"),
        "{err}"
    );
    let err = desk.fails("package add --customer Nosub --kind expert-support");
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

#[test]
fn a_customer_without_a_subscription_has_no_quotas_and_no_escalations() {
    let desk = Desk::new();
    desk.customer("Nimbus");
    let text = desk.ok("customer show Nimbus");
    assert!(
        text.contains("quotas: none, no active subscription today"),
        "{text}"
    );
    assert!(
        !text.contains("Faster Service Ticket Handling in"),
        "{text}"
    );
    let before = desk.snapshot();
    for kind in ["general", "faster", "expert"] {
        let err = desk.fails(&format!(
            "ticket add --customer Nimbus --severity S3 --kind {kind} --ticket-no N-1 --title hi"
        ));
        assert!(
            err.contains("Nimbus has no active subscription on 2026-11-22"),
            "{kind}: {err}"
        );
    }
    assert_eq!(desk.snapshot(), before);
}
