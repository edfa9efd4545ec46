//! Incidents, changes, inventories, contacts and notices, driven through
//! the real binary on a scratch store. Demo delivery writes real files.

use crate::common::{self, Desk, NOW};
use serde_json::Value;

/// Two customers on ECS in cn-north-4 (one reachable on every channel,
/// one by email only) and one elsewhere, and a Level-1 incident with its
/// guidance written.
fn desk_with_incident() -> Desk {
    let d = Desk::new();
    for name in ["Acme", "Borealis", "Cirrus"] {
        d.customer(name);
    }
    d.ok(&[
        "inventory",
        "add",
        "Acme",
        "ECS@cn-north-4",
        "RDS@cn-east-3",
    ]);
    d.ok(&["inventory", "add", "Borealis", "ecs@CN-North-4"]);
    d.ok(&["inventory", "add", "Cirrus", "OBS@cn-north-4"]);
    d.ok(&["contact", "add", "Acme", "--email", "ops@acme.example"]);
    d.ok(&["contact", "add", "Acme", "--sms", "+86 138 0000 0001"]);
    d.ok(&[
        "contact",
        "add",
        "Acme",
        "--wecom",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=acme",
    ]);
    d.ok(&[
        "contact",
        "add",
        "Borealis",
        "--email",
        "noc@borealis.example",
    ]);
    d.ok(&["contact", "add", "Cirrus", "--email", "it@cirrus.example"]);
    d.ok(&[
        "incident",
        "add",
        "--title",
        "OpenSSH regreSSHion",
        "--kind",
        "os-vulnerability",
        "--service",
        "ECS",
        "--region",
        "cn-north-4",
    ]);
    d.ok(&["incident", "advance", "1", "--level", "1"]);
    d.ok(&[
        "incident",
        "advance",
        "1",
        "--guidance",
        "Upgrade openssh-server to 9.8p1.",
    ]);
    d
}

fn notice_json(d: &Desk, id: i64) -> Value {
    d.json(&["notice", "show", &id.to_string(), "--json"])
}

#[test]
fn an_incident_walks_its_lifecycle_with_its_preconditions() {
    let d = Desk::new();
    let i = d.json(&[
        "incident",
        "add",
        "--title",
        "Backbone loss",
        "--kind",
        "backbone-network-fault",
        "--region",
        "cn-south-1",
        "--next-update",
        "+2h",
        "--json",
    ]);
    assert_eq!(i["reference"], "INC-1");
    assert_eq!(i["state"], "monitoring");
    assert_eq!(i["next_update_due"], "2026-11-22T12:00:00Z");
    let err = d.fails(&["incident", "advance", "1"]);
    assert!(err.contains("set the level (1-3)"), "{err}");
    let args = ["incident", "advance", "1", "--level", "4"];
    let err = common::usage_failure(&d.run_at(NOW, &args), &args);
    assert!(err.contains("1, 2 or 3"), "{err}");
    d.ok(&[
        "incident",
        "advance",
        "1",
        "--level",
        "L2",
        "--from",
        "monitoring",
    ]);
    let err = d.fails(&["incident", "advance", "1", "--from", "monitoring"]);
    assert!(err.contains("someone moved it"), "{err}");
    let err = d.fails(&["incident", "advance", "1"]);
    assert!(err.contains("guidance"), "{err}");
    d.ok(&[
        "incident",
        "advance",
        "1",
        "--guidance",
        "Fail over to cn-east-3.",
    ]);
    let list = d.json(&["incident", "list", "--json"]);
    assert_eq!(list[0]["state"], "guidance_ready");
    assert_eq!(list[0]["level"], 2);
    let show = d.ok(&["incident", "show", "1"]);
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
    let err = common::runtime_failure(&add("2026-11-24 02:00", "2026-11-24 01:00"), &[]);
    assert!(err.contains("window"), "{err}");
    let err = common::runtime_failure(&add("tomorrow", "+3h"), &[]);
    assert!(err.contains("--start") && err.contains("+90m"), "{err}");
    common::assert_success(&add("2026-11-24 02:00", "2026-11-24 04:00"), &[]);
    let err = d.fails(&["change", "advance", "1"]);
    assert!(err.contains("evaluate the impact"), "{err}");
    let err = d.fails(&["change", "advance", "1", "--impact", "availability"]);
    assert!(err.contains("--within-sla or --outside-sla"), "{err}");
    let err = d.fails(&[
        "change",
        "advance",
        "1",
        "--impact",
        "latency",
        "--within-sla",
    ]);
    assert!(err.contains("unknown impact 'latency'"), "{err}");
    let c = d.json(&[
        "change",
        "advance",
        "1",
        "--impact",
        "availability,data-access",
        "--outside-sla",
        "--json",
    ]);
    assert_eq!(c["state"], "impact_evaluated");
    assert_eq!(c["impact"]["data_access"], true);
    assert_eq!(c["window_start"], "2026-11-23T18:00:00Z");
    let show = d.ok(&["change", "show", "1"]);
    assert!(
        show.contains("availability, data access (outside SLA)"),
        "{show}"
    );
}

#[test]
fn inventories_and_contacts_are_checked_at_the_edge() {
    let d = Desk::new();
    d.customer("Acme");
    let err = d.fails(&["inventory", "add", "Acme", "ECS-cn-north-4"]);
    assert!(err.contains("SERVICE@REGION"), "{err}");
    let err = d.fails(&[
        "inventory",
        "add",
        "Acme",
        "ECS@cn-north-4",
        "Mainframe@cn-north-4",
    ]);
    assert!(err.contains("unknown service 'Mainframe'"), "{err}");
    // Nothing of a refused command is kept.
    assert_eq!(
        d.json(&["inventory", "show", "Acme", "--json"])["holdings"],
        serde_json::json!([])
    );
    d.ok(&["inventory", "add", "Acme", "nat gateway@AP-SOUTHEAST-1"]);
    let inv = d.json(&["inventory", "show", "Acme", "--json"]);
    assert_eq!(inv["holdings"][0]["service"], "NAT");
    assert_eq!(inv["holdings"][0]["region"], "ap-southeast-1");
    let err = d.fails(&["contact", "add", "Acme", "--email", "ops at acme"]);
    assert!(err.contains("not an email address"), "{err}");
    let err = d.fails(&["contact", "add", "Acme", "--sms", "13800000000"]);
    assert!(err.contains("international form"), "{err}");
    let err = d.fails(&["contact", "add", "Acme", "--wecom", "not a url"]);
    assert!(err.contains("webhook URL"), "{err}");
    let err = d.fails(&["contact", "add", "Nobody", "--email", "a@b.example"]);
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    d.ok(&[
        "contact",
        "add",
        "Acme",
        "--welink",
        "https://welink.example/hook?token=t",
    ]);
    let c = d.json(&["contact", "list", "Acme", "--json"]);
    assert_eq!(c["contacts"][0]["platform"], "welink");
    let err = d.fails(&["contact", "remove", "Acme", "--email", "ghost@acme.example"]);
    assert!(err.contains("has no email contact"), "{err}");
}

#[test]
fn compose_queues_one_delivery_per_contact_and_channel_in_one_go() {
    let d = desk_with_incident();
    let dry = d.json(&[
        "notice",
        "compose",
        "--incident",
        "1",
        "--stage",
        "initial",
        "--dry-run",
        "--json",
    ]);
    // Acme: email, sms, chat; Borealis: email only. Cirrus has no ECS.
    assert_eq!(dry["deliveries"], 4);
    assert_eq!(d.json(&["notice", "list", "--json"]), serde_json::json!([]));
    assert_eq!(
        d.json(&["incident", "list", "--json"])[0]["state"],
        "guidance_ready"
    );

    let q = d.json(&[
        "notice",
        "compose",
        "--incident",
        "1",
        "--stage",
        "initial",
        "--next-update",
        "+1h",
        "--json",
    ]);
    assert_eq!(q["notice"], 1);
    assert_eq!(q["deliveries"], 4);
    assert_eq!(q["customers"], 2);
    let unreachable = q["unreachable"].as_array().unwrap();
    assert_eq!(unreachable.len(), 2, "{q}");
    assert!(unreachable.iter().all(|u| u["customer"] == "Borealis"));

    let i = d.json(&["incident", "list", "--json"]);
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
    let chat = &n["deliveries"][0];
    assert_eq!(chat["platform"], "wecom");
    let body: Value =
        serde_json::from_str(chat["body"].as_str().unwrap()).expect("chat body is JSON");
    assert_eq!(body["msgtype"], "markdown");

    // Only named customers, and one left out.
    let q = d.json(&[
        "notice",
        "compose",
        "--incident",
        "1",
        "--stage",
        "update",
        "--channels",
        "email",
        "--customer",
        "Cirrus",
        "--customer",
        "acme",
        "--exclude",
        "Acme",
        "--json",
    ]);
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
    let err = d.fails(&["notice", "compose", "--incident", "9", "--stage", "initial"]);
    assert!(err.contains("no incident #9"), "{err}");
    assert_eq!(d.json(&["notice", "list", "--json"]), serde_json::json!([]));
    assert_eq!(
        d.json(&["incident", "list", "--json"])[0]["state"],
        "guidance_ready"
    );
}

/// A WeCom robot refuses markdown content over 4096 bytes. Guidance of
/// 1500 Chinese characters (4500 bytes, well inside the record's limit)
/// must be refused when the notice is composed, not turn into a dead
/// delivery after the email and SMS have gone.
#[test]
fn a_chat_message_too_long_for_wecom_is_refused_at_compose() {
    let d = desk_with_incident();
    let long = "请升级".repeat(500);
    d.ok(&["incident", "edit", "1", "--guidance", &long]);
    let compose = |channels: &str| {
        d.run_at(
            common::NOW,
            &[
                "notice",
                "compose",
                "--incident",
                "1",
                "--stage",
                "initial",
                "--channels",
                channels,
            ],
        )
    };
    let args = ["notice", "compose"];
    let err = common::runtime_failure(&compose("email,chat"), &args);
    assert!(err.contains("4096"), "{err}");
    assert!(err.contains("Acme"), "{err}");
    assert_eq!(d.json(&["notice", "list", "--json"]), serde_json::json!([]));
    // Without chat it goes: the email has no such limit.
    common::assert_success(&compose("email"), &args);
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
    d.ok(&["incident", "edit", "1", "--next-update", "2026-11-22 17:00"]);
    let err = common::runtime_failure(&compose(&[]), &args);
    assert!(err.contains("--next-update"), "{err}");
    assert_eq!(d.json(&["notice", "list", "--json"]), serde_json::json!([]));
    common::assert_success(&compose(&["--next-update", "+2h"]), &args);
    let due = d.json(&["incident", "list", "--json"])[0]["next_update_due"].clone();
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
    let show = d.ok(&["notice", "show", "1"]);
    assert!(
        show.contains("message:\n  First line.\n  Second line.\n"),
        "{show}"
    );
}

#[test]
fn demo_delivery_writes_each_channel_to_files_once() {
    let d = desk_with_incident();
    d.ok(&["notice", "compose", "--incident", "1", "--stage", "initial"]);
    let report = d.json(&["notice", "send-pending", "--json"]);
    let outcomes = report["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 4, "{report}");
    assert!(outcomes.iter().all(|o| o["state"] == "sent"), "{report}");
    let outbox = d.path("data/sredesk/outbox");
    let count = |sub: &str| {
        std::fs::read_dir(outbox.join(sub))
            .map(|r| r.count())
            .unwrap_or(0)
    };
    assert_eq!((count("email"), count("chat"), count("sms")), (2, 1, 1));
    let n = notice_json(&d, 1);
    assert_eq!(n["notice"]["deliveries"]["sent"], 4);
    // Sent stays sent: nothing is due, nothing is written again.
    assert_eq!(d.ok(&["notice", "send-pending"]).trim(), "nothing due");
    assert_eq!((count("email"), count("chat"), count("sms")), (2, 1, 1));
    let err = d.fails(&["notice", "resend", "7"]);
    assert!(err.contains("no notice #7"), "{err}");
    assert!(
        d.ok(&["notice", "resend", "1"])
            .contains("0 failed deliveries")
    );
}

#[test]
fn hostile_record_text_never_reaches_the_terminal_raw() {
    let d = desk_with_incident();
    let err = d.fails(&["incident", "edit", "1", "--title", "x\u{1b}]0;pwned\u{7}"]);
    assert!(err.contains("control characters"), "{err}");
    d.ok(&[
        "incident",
        "edit",
        "1",
        "--guidance",
        "**bold** <script>alert(1)</script> [x](http://evil)\n# heading",
    ]);
    d.ok(&["notice", "compose", "--incident", "1", "--stage", "initial"]);
    let n = notice_json(&d, 1);
    for r in n["deliveries"].as_array().unwrap() {
        let body = r["body"].as_str().unwrap();
        assert!(!body.contains('\u{1b}'));
        if r["channel"] == "chat" {
            let v: Value = serde_json::from_str(body).unwrap();
            let content = v["markdown"]["content"].as_str().unwrap();
            assert!(!content.contains("<script>"), "{content}");
            assert!(!content.contains("**bold**"), "{content}");
        }
    }
}

#[test]
fn send_pending_delivers_live_through_the_configured_servers() {
    use crate::common::http::HttpReceiver;
    use crate::common::smtp::SmtpReceiver;
    let smtp = SmtpReceiver::with_auth(&[]);
    let http = HttpReceiver::start(200, r#"{"errcode":0,"errmsg":"ok"}"#);
    let d = Desk::new();
    d.customer("Acme");
    d.ok(&["inventory", "add", "Acme", "ECS@cn-north-4"]);
    d.ok(&["contact", "add", "Acme", "--email", "ops@acme.example"]);
    d.ok(&["contact", "add", "Acme", "--sms", "+8613800000001"]);
    d.ok(&[
        "contact",
        "add",
        "Acme",
        "--wecom",
        &http.url("/robot?key=acme"),
    ]);
    d.ok(&[
        "incident",
        "add",
        "--title",
        "Packet loss",
        "--kind",
        "backbone-network-fault",
        "--region",
        "cn-north-4",
        "--level",
        "2",
        "--guidance",
        "Fail over.",
    ]);
    d.ok(&["incident", "advance", "1"]);
    d.ok(&["incident", "advance", "1"]);
    d.ok(&["notice", "compose", "--incident", "1", "--stage", "initial"]);
    let config = d.path("live.toml");
    std::fs::write(
        &config,
        format!(
            "[notify]\nmode = \"live\"\n[notify.email]\nhost = \"127.0.0.1\"\nport = {}\n\
             security = \"plain\"\nusername = \"desk\"\npassword_env = \"TEST_SMTP_PASS\"\n\
             from = \"Desk <desk@sredesk.test>\"\n[notify.sms]\nurl = \"{}\"\n\
             token_env = \"TEST_SMS_TOKEN\"\n",
            smtp.port(),
            http.url("/sms")
        ),
    )
    .unwrap();
    let args = [
        "--config",
        config.to_str().unwrap(),
        "notice",
        "send-pending",
        "--json",
    ];
    // A secret named in the config but missing is a clear error, before
    // anything is claimed.
    let err = common::runtime_failure(&d.run_at(NOW, &args), &args);
    assert!(err.contains("TEST_SMTP_PASS"), "{err}");
    assert_eq!(notice_json(&d, 1)["notice"]["deliveries"]["queued"], 3);
    let out = d
        .cmd(&args)
        .env("TEST_SMTP_PASS", "s3cret")
        .env("TEST_SMS_TOKEN", "tok")
        .output()
        .unwrap();
    common::assert_success(&out, &args);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let sent = report["outcomes"].as_array().unwrap();
    assert!(sent.iter().all(|o| o["state"] == "sent"), "{report}");
    assert_eq!(smtp.messages().len(), 1);
    assert_eq!(
        smtp.credentials(),
        [("desk".to_string(), "s3cret".to_string())]
    );
    let reqs = http.requests();
    let sms = reqs
        .iter()
        .find(|r| r.path == "/sms")
        .expect("the gateway was called");
    assert_eq!(sms.header("authorization"), Some("Bearer tok"));
    assert!(reqs.iter().any(|r| r.path == "/robot?key=acme"));
    assert_eq!(notice_json(&d, 1)["notice"]["deliveries"]["sent"], 3);
}

#[test]
fn notified_means_a_notice_was_queued() {
    let d = desk_with_incident();
    let err = d.fails(&["incident", "advance", "1"]);
    assert!(
        err.contains("INC-1 becomes notified when its first notice is queued")
            && err.contains("notice compose --incident 1 --stage initial"),
        "{err}"
    );
    d.ok(&["notice", "compose", "--incident", "1", "--stage", "initial"]);
    assert_eq!(
        d.json(&["incident", "list", "--json"])[0]["state"],
        "notified"
    );
    d.ok(&["incident", "advance", "1", "--from", "notified"]);
    assert_eq!(
        d.json(&["incident", "list", "--json"])[0]["state"],
        "coordinating"
    );
}
