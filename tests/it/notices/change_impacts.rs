//! A platform change as each affected customer lives it: the window kept
//! (or a step forced with its reason), each customer's impact and
//! confirmation, and the change impact report (golden files under
//! tests/golden/; `UPDATE_GOLDEN=1` rewrites them, review the diff).

use super::*;

/// Friday 27 November 2026, 01:30 on the 28th in Shanghai: in the window.
const IN_WINDOW: &str = "2026-11-27T17:30:00Z";
const DURING: &str = "2026-11-27T18:00:00Z";
const AFTER: &str = "2026-11-27T19:10:00Z";

/// Acme and Borealis run RDS in cn-east-3, Cirrus OBS elsewhere; an RDS
/// upgrade planned for 01:00-03:00 on 28 November, impact and guidance
/// written, so it opens guidance_ready.
fn desk_with_change() -> Desk {
    let d = Desk::new();
    for name in ["Acme", "Borealis", "Cirrus"] {
        d.customer(name);
        d.ok(&["contact", "add", name, "--email", "ops@customer.example"]);
    }
    d.ok("inventory add Acme RDS@cn-east-3 ECS@cn-north-4");
    d.ok("inventory add Borealis RDS@cn-east-3");
    d.ok("inventory add Cirrus OBS@cn-north-4");
    let c = d.json(
        "change add --title 'RDS minor version upgrade' --kind upgrade \
         --start '2026-11-28 01:00' --end '2026-11-28 03:00' --service RDS --region cn-east-3 \
         --impact availability --within-sla \
         --guidance 'Make sure your applications reconnect on their own.' --json",
    );
    assert_eq!(c["state"], "guidance_ready");
    d
}

#[test]
fn impact_per_customer_the_window_kept_confirmations_and_the_report() {
    let d = desk_with_change();
    // Evaluated: each customer found from the inventories has the change's
    // impact on the holdings it touches.
    let show = d.ok("change show 1");
    assert!(
        show.contains(
            "customers affected:\n  CHG-1 Acme: availability (within SLA) on RDS@cn-east-3; \
             not confirmed\n  CHG-1 Borealis: availability (within SLA) on RDS@cn-east-3; \
             not confirmed\n"
        ),
        "{show}"
    );
    // One customer's own evaluation; one added by hand with its holding.
    d.ok("change impact 1 --customer Borealis --impact availability,performance --outside-sla");
    let err = d.fails("change impact 1 --customer Cirrus --impact none --within-sla");
    assert!(
        err.contains("Cirrus holds none of change #1's services in its regions"),
        "{err}"
    );
    let err = d.fails(
        "change impact 1 --customer Cirrus --holding OBS-cn-north-4 --impact none --within-sla",
    );
    assert!(
        err.contains("--holding") && err.contains("SERVICE@REGION"),
        "{err}"
    );
    let err = d.fails("change impact 1 --customer Cirrus --holding OBS@cn-north-4");
    assert!(err.contains("--impact"), "{err}");
    d.ok("change impact 1 --customer Cirrus --holding OBS@cn-north-4 --impact performance --within-sla");
    d.ok("notice compose --change 1 --stage notice");
    assert_eq!(d.json("change show 1 --json")["state"], "notified");

    // A week before its window it cannot begin, and nothing is written.
    let before = d.dump(&["changes", "record_events", "change_impacts"]);
    let err = d.fails("change advance 1");
    assert_eq!(
        err,
        "sredesk: change #1 cannot be in_progress before its window opens at 2026-11-28 01:00 \
         CST (now 2026-11-22 18:00 CST); customers were told that window. If it really began \
         early, say why with --force REASON\n"
    );
    let err = d.fails(&["change", "advance", "1", "--force", "  "]);
    assert!(err.contains("--force needs the reason"), "{err}");
    assert_eq!(
        d.dump(&["changes", "record_events", "change_impacts"]),
        before
    );
    // Customers confirm at follow-up, not before.
    let err = d.fails("change confirm 1 --customer Acme --by 'Chen Jie'");
    assert!(err.contains("once it is completed"), "{err}");

    d.ok_at(IN_WINDOW, "change advance 1");
    // Incidents opened while it runs: one on what it touches, one not.
    d.ok_at(
        DURING,
        "incident add --title 'RDS connections dropped' --kind other --service RDS \
         --region cn-east-3",
    );
    d.ok_at(
        DURING,
        "incident add --title 'OBS uploads slow' --kind other --service OBS --region cn-north-4",
    );
    d.ok_at(AFTER, "change advance 1");
    let c = d.json_at(AFTER, "change show 1 --json");
    assert_eq!(c["started_at"], IN_WINDOW);
    assert_eq!(c["completed_at"], AFTER);

    // Followed up once every affected customer has confirmed.
    let err = d.fails_at(AFTER, "change advance 1 --follow-up 'Report delivered.'");
    assert!(err.contains("waiting for Acme, Borealis, Cirrus"), "{err}");
    d.ok_at(AFTER, "change confirm 1 --customer Acme --by 'Chen Jie'");
    d.ok_at(
        AFTER,
        &[
            "change",
            "confirm",
            "1",
            "--customer",
            "Borealis",
            "--by",
            "Ana Souza",
            "--note",
            "Two retries in our app | no data lost *at all*.",
        ],
    );
    let err = d.fails_at(AFTER, "change confirm 1 --customer Nobody --by X");
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    let err = d.fails_at(AFTER, "change confirm 1 --customer Cirrus --by ''");
    assert!(err.contains("--by"), "{err}");
    let err = d.fails_at(AFTER, "change advance 1 --follow-up 'Report delivered.'");
    assert!(err.contains("waiting for Cirrus"), "{err}");
    d.ok_at(AFTER, "change confirm 1 --customer Cirrus --by 'Li Lei'");

    let md = d.ok_at(AFTER, "change report 1");
    common::golden("change-impact-report.md", &md);
    let json = d.ok_at(AFTER, "change report 1 --json");
    common::golden("change-impact-report.json", &json);
    let r: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(r["change"]["window_start"], "2026-11-27T17:00:00Z");
    assert_eq!(r["incidents"][0]["related"], true);
    assert_eq!(r["incidents"][1]["related"], false);
    assert_eq!(r["customers"][1]["confirmation"]["by"], "Ana Souza");

    d.ok_at(AFTER, "change advance 1 --follow-up 'Report delivered.'");
    let err = d.fails_at(
        AFTER,
        "change impact 1 --customer Acme --impact none --within-sla",
    );
    assert!(err.contains("its impact report is final"), "{err}");
}

#[test]
fn a_step_forced_before_the_window_keeps_its_reason() {
    let d = desk_with_change();
    d.ok("notice compose --change 1 --stage notice");
    let args = "change edit 1 --title x --force y";
    let err = common::usage_failure(&d.run(args), args);
    assert!(err.contains("unexpected argument '--force'"), "{err}");
    d.ok(&[
        "change",
        "advance",
        "1",
        "--force",
        "Security fix brought forward by R&D",
    ]);
    let history = d.ok("change show 1");
    assert!(
        history.contains("in_progress before the window: Security fix brought forward by R&D"),
        "{history}"
    );
    let r = d.json("change report 1 --json");
    assert_eq!(
        r["forced"],
        serde_json::json!(["in_progress before the window: Security fix brought forward by R&D"])
    );
    assert_eq!(r["change"]["started_at"], NOW);
    // Once the window is open, forcing is refused: nothing to force.
    let err = d.fails_at(AFTER, &["change", "advance", "1", "--force", "why"]);
    assert!(err.contains("leave out --force"), "{err}");
}
