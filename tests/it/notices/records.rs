//! Incidents and changes through their lifecycles, and the inventories
//! and contacts a notice is addressed from.

use super::*;

#[test]
fn an_incident_walks_its_lifecycle_with_its_preconditions() {
    let d = Desk::new();
    d.customer("Acme");
    let i = d.json(
        "incident add --title 'Backbone loss' --kind backbone-network-fault --region cn-south-1 \
         --next-update +2h --json",
    );
    assert_eq!(i["reference"], "INC-1");
    assert_eq!(i["state"], "monitoring");
    assert_eq!(i["next_update_due"], "2026-11-22T12:00:00Z");
    let err = d.fails("incident advance 1");
    assert!(err.contains("set the level (1-3)"), "{err}");
    let args = ["incident", "advance", "1", "--level", "4"];
    let err = common::usage_failure(&d.run_at(NOW, &args), &args);
    assert!(err.contains("1, 2 or 3"), "{err}");
    d.ok("incident advance 1 --level L2 --from monitoring");
    let err = d.fails("incident advance 1 --from monitoring");
    assert!(err.contains("someone moved it"), "{err}");
    let err = d.fails("incident advance 1");
    assert!(err.contains("guidance"), "{err}");
    d.ok("incident advance 1 --guidance 'Fail over to cn-east-3.'");
    let list = d.json("incident list --json");
    assert_eq!(list[0]["state"], "guidance_ready");
    assert_eq!(list[0]["level"], 2);
    let show = d.ok("incident show 1");
    assert!(show.contains("Level-2 (medium risk)"), "{show}");
    assert!(
        show.contains("next customer update due: 2026-11-22 20:00 CST"),
        "{show}"
    );
    assert!(show.contains("evaluated -> guidance_ready"), "{show}");
}

#[test]
fn a_change_needs_a_window_then_its_impact_then_guidance() {
    let d = Desk::new();
    d.customer("Acme");
    let add = |start: &str, end: &str| {
        d.run_at(
            NOW,
            &[
                "change",
                "add",
                "--title",
                "RDS upgrade",
                "--kind",
                "upgrade",
                "--start",
                start,
                "--end",
                end,
                "--service",
                "RDS",
            ],
        )
    };
    let err = common::runtime_failure(&add("2026-11-24 02:00", "2026-11-24 01:00"), "");
    assert!(err.contains("window"), "{err}");
    let err = common::runtime_failure(&add("tomorrow", "+3h"), "");
    assert!(err.contains("--start") && err.contains("+90m"), "{err}");
    common::assert_success(&add("2026-11-24 02:00", "2026-11-24 04:00"), "");
    let err = d.fails("change advance 1");
    assert!(err.contains("evaluate the impact"), "{err}");
    let err = d.fails("change advance 1 --impact availability");
    assert!(err.contains("--within-sla or --outside-sla"), "{err}");
    let err = d.fails("change advance 1 --impact latency --within-sla");
    assert!(err.contains("unknown impact 'latency'"), "{err}");
    let c = d.json("change advance 1 --impact availability,data-access --outside-sla --json");
    assert_eq!(c["state"], "impact_evaluated");
    assert_eq!(c["impact"]["data_access"], true);
    assert_eq!(c["window_start"], "2026-11-23T18:00:00Z");
    let show = d.ok("change show 1");
    assert!(
        show.contains("availability, data access (outside SLA)"),
        "{show}"
    );
}

#[test]
fn inventories_and_contacts_are_checked_at_the_edge() {
    let d = Desk::new();
    d.customer("Acme");
    let err = d.fails("inventory add Acme ECS-cn-north-4");
    assert!(err.contains("SERVICE@REGION"), "{err}");
    let err = d.fails("inventory add Acme ECS@cn-north-4 Mainframe@cn-north-4");
    assert!(err.contains("unknown service 'Mainframe'"), "{err}");
    // Nothing of a refused command is kept.
    assert_eq!(
        d.json("inventory show Acme --json")["holdings"],
        serde_json::json!([])
    );
    d.ok("inventory add Acme 'nat gateway@AP-SOUTHEAST-1'");
    let inv = d.json("inventory show Acme --json");
    assert_eq!(inv["holdings"][0]["service"], "NAT");
    assert_eq!(inv["holdings"][0]["region"], "ap-southeast-1");
    let err = d.fails("contact add Acme --email 'ops at acme'");
    assert!(err.contains("not an email address"), "{err}");
    let err = d.fails("contact add Acme --sms 13800000000");
    assert!(err.contains("international form"), "{err}");
    let err = d.fails("contact add Acme --wecom 'not a url'");
    assert!(err.contains("webhook URL"), "{err}");
    let err = d.fails("contact add Nobody --email a@b.example");
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    // A robot goes on the customer's chat group, which comes with a
    // subscription.
    let err = d.fails("contact add Acme --welink 'https://welink.example/hook?token=t'");
    assert!(err.contains("no chat group"), "{err}");
    d.subscribe("Acme", "2026-05-20", "2026-06-01", 12);
    d.ok("contact add Acme --welink 'https://welink.example/hook?token=t'");
    let c = d.json("contact list Acme --json");
    assert_eq!(c["chat"]["Ok"]["platform"], "welink");
    assert_eq!(
        c["chat"]["Ok"]["address"],
        "https://welink.example/hook?token=…"
    );
    let err = d.fails("contact remove Acme --email ghost@acme.example");
    assert!(err.contains("has no email contact"), "{err}");
}
