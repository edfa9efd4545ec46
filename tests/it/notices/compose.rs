//! `notice compose`: one delivery per contact and channel, refusals that
//! write nothing, and what a notice may say.

use super::*;

#[test]
fn compose_queues_one_delivery_per_contact_and_channel_in_one_go() {
    let d = desk_with_incident();
    let dry = d.json("notice compose --incident 1 --stage initial --dry-run --json");
    // Acme: email, sms, chat; Borealis: email only. Cirrus has no ECS.
    assert_eq!(dry["deliveries"], 4);
    assert_eq!(d.json("notice list --json"), serde_json::json!([]));
    assert_eq!(d.json("incident list --json")[0]["state"], "guidance_ready");

    let q = d.json("notice compose --incident 1 --stage initial --next-update +1h --json");
    assert_eq!(q["notice"], 1);
    assert_eq!(q["deliveries"], 4);
    assert_eq!(q["customers"], 2);
    let unreachable = q["unreachable"].as_array().unwrap();
    assert_eq!(unreachable.len(), 2, "{q}");
    assert!(unreachable.iter().all(|u| u["customer"] == "Borealis"));

    let i = d.json("incident list --json");
    assert_eq!(
        i[0]["state"], "notified",
        "the first notice marks it notified"
    );
    assert_eq!(i[0]["next_update_due"], "2026-11-22T11:00:00Z");
    let n = notice_json(&d, 1);
    assert_eq!(n["notice"]["deliveries"]["queued"], 4);
    let channels: Vec<_> = n["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            format!(
                "{}:{}",
                r["customer"].as_str().unwrap(),
                r["channel"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        channels,
        ["Acme:chat", "Acme:email", "Acme:sms", "Borealis:email"]
    );
    // Acme is a local enterprise: its chat goes to its WeLink group's
    // robot, in WeLink's text shape, and the robot's token never shows.
    let chat = &n["deliveries"][0];
    assert_eq!(chat["platform"], "welink");
    assert_eq!(
        chat["address"],
        "https://open.welink.huaweicloud.com/api/werobot/v1/webhook/send?token=…oken"
    );
    let body: Value =
        serde_json::from_str(chat["body"].as_str().unwrap()).expect("chat body is JSON");
    assert_eq!(body["messageType"], "text");

    // Only named customers, and one left out.
    let q = d.json(
        "notice compose --incident 1 --stage update --channels email --customer Cirrus \
         --customer acme --exclude Acme --json",
    );
    assert_eq!(q["deliveries"], 1);
    let n = notice_json(&d, 2);
    assert_eq!(n["deliveries"][0]["address"], "it@cirrus.example");
}

#[test]
fn a_refused_compose_writes_nothing() {
    let d = desk_with_incident();
    // Each case adds to `notice compose --incident 1`.
    let cases: &[(&[&str], &str)] = &[
        (
            &["--stage", "resolved"],
            "needs the incident to be resolved",
        ),
        (&["--stage", "notice"], "is for changes"),
        (
            &["--stage", "initial", "--channels", "fax"],
            "unknown channel 'fax'",
        ),
        (
            &["--stage", "initial", "--customer", "Nobody"],
            "no customer named 'Nobody'",
        ),
        (
            &[
                "--stage",
                "initial",
                "--channels",
                "sms",
                "--customer",
                "Borealis",
            ],
            "no recipient",
        ),
        (
            &["--stage", "initial", "--message", "a\u{1b}[2Jb"],
            "control characters",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["notice", "compose", "--incident", "1"];
        args.extend_from_slice(extra);
        let err = d.fails(&args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    let err = d.fails("notice compose --incident 9 --stage initial");
    assert!(err.contains("no incident #9"), "{err}");
    assert_eq!(d.json("notice list --json"), serde_json::json!([]));
    assert_eq!(d.json("incident list --json")[0]["state"], "guidance_ready");
}

/// A WeCom robot refuses markdown content over 4096 bytes. Guidance of
/// 1500 Chinese characters (4500 bytes, well inside the record's limit)
/// must be refused when the notice is composed, not turn into a dead
/// delivery after the email and SMS have gone.
#[test]
fn a_chat_message_too_long_for_wecom_is_refused_at_compose() {
    let d = desk_with_incident();
    // An international Chinese enterprise: its group is on WeCom.
    d.ok("customer add --name Dragon --kind international-chinese");
    d.subscribe("Dragon", "2026-05-20", "2026-06-01", 12);
    d.ok("contact add Dragon --wecom 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=dragon-key'");
    d.ok("contact add Dragon --email ops@dragon.example");
    d.ok("inventory add Dragon ECS@cn-north-4");
    let long = "请升级".repeat(500);
    d.ok(&["incident", "edit", "1", "--guidance", &long]);
    let compose = |customer: &str, channels: &str| {
        d.run_at(
            common::NOW,
            &[
                "notice",
                "compose",
                "--incident",
                "1",
                "--stage",
                "initial",
                "--customer",
                customer,
                "--channels",
                channels,
            ],
        )
    };
    let args = ["notice", "compose"];
    let err = common::runtime_failure(&compose("Dragon", "email,chat"), &args);
    assert!(err.contains("4096"), "{err}");
    assert!(err.contains("Dragon"), "{err}");
    // WeLink's robot takes 1 to 500 characters of text: refused as early.
    let err = common::runtime_failure(&compose("Acme", "email,chat"), &args);
    assert!(err.contains("500 characters"), "{err}");
    assert!(err.contains("Acme"), "{err}");
    assert_eq!(d.json("notice list --json"), serde_json::json!([]));
    // Without chat it goes: the email has no such limit.
    common::assert_success(&compose("Dragon", "email"), &args);
}

/// A notice promises customers the next update: a time already past (a
/// typo in the day, or the record's promise from hours ago) must not go
/// out, and a notice after resolution promises none.
#[test]
fn a_notice_never_promises_an_update_in_the_past() {
    let d = desk_with_incident();
    let compose = |extra: &[&str]| {
        let mut args = vec!["notice", "compose", "--incident", "1", "--stage", "initial"];
        args.extend_from_slice(extra);
        d.run_at(common::NOW, &args)
    };
    let args = ["notice", "compose"];
    // NOW is 18:00 desk time.
    let err = common::runtime_failure(&compose(&["--next-update", "2026-11-22 09:00"]), &args);
    assert!(err.contains("already past"), "{err}");
    d.ok("incident edit 1 --next-update '2026-11-22 17:00'");
    let err = common::runtime_failure(&compose(&[]), &args);
    assert!(err.contains("--next-update"), "{err}");
    assert_eq!(d.json("notice list --json"), serde_json::json!([]));
    common::assert_success(&compose(&["--next-update", "+2h"]), &args);
    let due = d.json("incident list --json")[0]["next_update_due"].clone();
    assert_eq!(due, "2026-11-22T12:00:00Z");
}

#[test]
fn a_notice_message_shows_as_lines() {
    let d = desk_with_incident();
    d.ok(&[
        "notice",
        "compose",
        "--incident",
        "1",
        "--stage",
        "initial",
        "--channels",
        "email",
        "--message",
        "First line.\r\nSecond line.",
    ]);
    let show = d.ok("notice show 1");
    assert!(
        show.contains("message:\n  First line.\n  Second line.\n"),
        "{show}"
    );
}

#[test]
fn hostile_record_text_never_reaches_the_terminal_raw() {
    let d = desk_with_incident();
    // A WeCom customer too: its group reads markdown.
    d.ok("customer add --name Dragon --kind international-chinese");
    d.subscribe("Dragon", "2026-05-20", "2026-06-01", 12);
    d.ok("contact add Dragon --wecom 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=dragon-key'");
    d.ok("inventory add Dragon ECS@cn-north-4");
    let err = d.fails(&["incident", "edit", "1", "--title", "x\u{1b}]0;pwned\u{7}"]);
    assert!(err.contains("control characters"), "{err}");
    d.ok(&[
        "incident",
        "edit",
        "1",
        "--guidance",
        "**bold** <script>alert(1)</script> [x](http://evil)\n# heading",
    ]);
    d.ok("notice compose --incident 1 --stage initial");
    let n = notice_json(&d, 1);
    for r in n["deliveries"].as_array().unwrap() {
        let body = r["body"].as_str().unwrap();
        assert!(!body.contains('\u{1b}'));
        if r["channel"] == "chat" && r["platform"] == "wecom" {
            // WeCom's markdown has no escapes: the marks are neutralised
            // without backslashes, which it would show as they are.
            let v: Value = serde_json::from_str(body).unwrap();
            let content = v["markdown"]["content"].as_str().unwrap();
            assert!(!content.contains("<script>"), "{content}");
            assert!(!content.contains("**bold**"), "{content}");
            assert!(!content.contains("[x](http"), "{content}");
            assert!(!content.contains('\\'), "{content}");
            assert!(content.contains("＊＊bold＊＊"), "{content}");
        }
        if r["channel"] == "chat" && r["platform"] == "welink" {
            let v: Value = serde_json::from_str(body).unwrap();
            assert!(v["content"]["text"].as_str().unwrap().contains("**bold**"));
        }
    }
    assert!(
        n["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["platform"] == "wecom")
    );
}

#[test]
fn notified_means_a_notice_was_queued() {
    let d = desk_with_incident();
    let err = d.fails("incident advance 1");
    assert!(
        err.contains("INC-1 becomes notified when its first notice is queued")
            && err.contains("notice compose --incident 1 --stage initial"),
        "{err}"
    );
    d.ok("notice compose --incident 1 --stage initial");
    assert_eq!(d.json("incident list --json")[0]["state"], "notified");
    d.ok("incident advance 1 --from notified");
    assert_eq!(d.json("incident list --json")[0]["state"], "coordinating");
}
