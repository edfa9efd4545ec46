//! Chat notices go to the customer's own dedicated chat group, through
//! its robot, on the platform the customer's kind requires (WeCom for
//! international Chinese enterprises, WeLink for local ones); robot keys
//! never show whole; `send-pending` tells cron what did not go; delivery
//! keys are unique across stores.

use super::*;
use crate::common::http::HttpReceiver;

const WECOM: &str = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=";
const WELINK: &str = "https://open.welink.huaweicloud.com/api/werobot/v1/webhook/send?token=";

/// Andes (local, WeLink) and Jade (international Chinese, WeCom), both
/// subscribed, on ECS in cn-north-4, with an incident ready to announce.
fn two_groups() -> Desk {
    let d = Desk::new();
    d.customer("Andes");
    d.ok("customer add --name Jade --kind international-chinese");
    for name in ["Andes", "Jade"] {
        d.subscribe(name, "2026-05-20", "2026-06-01", 12);
        d.ok(&["inventory", "add", name, "ECS@cn-north-4"]);
    }
    d.ok(
        "incident add --title 'OpenSSH regreSSHion' --kind os-vulnerability --service ECS \
         --region cn-north-4 --level 1 --guidance 'Upgrade openssh-server.'",
    );
    d
}

#[test]
fn chat_goes_to_the_customers_own_group_robot_on_its_platform() {
    let d = two_groups();
    let tables = ["chat_groups", "contacts", "audit_log"];
    let before = d.dump(&tables);
    // A robot of the other platform is refused, and nothing is written.
    let err = d.fails(&[
        "contact",
        "add",
        "Andes",
        "--wecom",
        &format!("{WECOM}andes-wecom-key"),
    ]);
    assert!(err.contains("WeLink, not WeCom"), "{err}");
    let err = d.fails(&[
        "contact",
        "add",
        "Jade",
        "--welink",
        &format!("{WELINK}jade-welink-token"),
    ]);
    assert!(err.contains("WeCom, not WeLink"), "{err}");
    // An address on WeCom's host is WeCom's, whatever it is called.
    let err = d.fails(&[
        "contact",
        "add",
        "Andes",
        "--welink",
        &format!("{WECOM}andes-wecom-key"),
    ]);
    assert!(err.contains("WeCom robot"), "{err}");
    assert_eq!(before, d.dump(&tables));

    d.ok(&[
        "contact",
        "add",
        "Andes",
        "--welink",
        &format!("{WELINK}andes-token-1234"),
    ]);
    d.ok(&[
        "contact",
        "add",
        "Jade",
        "--wecom",
        &format!("{WECOM}jade-key-5678"),
    ]);
    let groups = d.json("customer show Andes --json");
    assert_eq!(groups["chat_groups"][0]["platform"], "welink", "{groups}");

    d.ok("notice compose --incident 1 --stage initial --channels chat");
    let n = notice_json(&d, 1);
    let rows = n["deliveries"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{n}");
    for r in rows {
        let body: Value = serde_json::from_str(r["body"].as_str().unwrap()).unwrap();
        match r["customer"].as_str().unwrap() {
            "Andes" => {
                assert_eq!(r["platform"], "welink");
                assert_eq!(body["messageType"], "text");
            }
            _ => {
                assert_eq!(r["platform"], "wecom");
                assert_eq!(body["msgtype"], "markdown");
            }
        }
    }
    // The dry run shows each customer its own group's message only.
    let dry = d.ok("notice compose --incident 1 --stage update --channels chat --dry-run");
    let andes = dry.split("== ").find(|p| p.starts_with("Andes")).unwrap();
    assert!(
        andes.contains("\nwelink: ") && !andes.contains("\nwecom: "),
        "{andes}"
    );
    let jade = dry.split("== ").find(|p| p.starts_with("Jade")).unwrap();
    assert!(
        jade.contains("\nwecom: ") && !jade.contains("\nwelink: "),
        "{jade}"
    );
}

/// The seed: on expiry the chat group is dismissed. A dismissed group
/// receives nothing; the customer is unreachable on chat, and says why.
#[test]
fn a_dismissed_group_receives_nothing() {
    let d = Desk::new();
    d.customer("Andes");
    d.ok(&[
        "subscription",
        "add",
        "--customer",
        "Andes",
        "--applied-on",
        "2026-05-20",
        "--start",
        "2026-06-01",
        "--months",
        "3",
        "--webhook",
        &format!("{WELINK}andes-token-1234"),
    ]);
    d.ok("inventory add Andes ECS@cn-north-4");
    d.ok("contact add Andes --email ops@andes.example");
    d.ok(
        "incident add --title 'Packet loss' --kind backbone-network-fault --region cn-north-4 \
         --level 2 --guidance 'Fail over.'",
    );
    let q = d.json("notice compose --incident 1 --stage initial --channels email,chat --json");
    assert_eq!(q["deliveries"], 1, "{q}");
    let u = &q["unreachable"][0];
    assert_eq!(u["channel"], "chat");
    assert!(
        u["reason"]
            .as_str()
            .unwrap()
            .contains("dismissed on 2026-09-01"),
        "{u}"
    );
    let n = notice_json(&d, 1);
    assert!(
        n["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["channel"] == "email")
    );
    let list = d.ok("contact list Andes");
    assert!(
        list.contains("chat   unreachable:") && list.contains("dismissed"),
        "{list}"
    );
    // Chat alone reaches nobody: refused, nothing queued.
    let err = d.fails("notice compose --incident 1 --stage update --channels chat");
    assert!(err.contains("no recipient"), "{err}");
    let err = d.fails(&[
        "contact",
        "add",
        "Andes",
        "--welink",
        &format!("{WELINK}another-token-99"),
    ]);
    assert!(err.contains("dismissed"), "{err}");
}

/// A robot's webhook carries its key: whoever has it can post to the
/// customer's group. No output shows more than its last characters.
#[test]
fn robot_keys_are_masked_in_every_output() {
    let secret = "SECRETROBOTKEY-0123456789-wxyz";
    let d = two_groups();
    // A robot nothing listens on, so send-pending reports an error too.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let robot = format!("http://127.0.0.1:{port}/cgi-bin/webhook/send?key={secret}");
    d.ok(&["contact", "add", "Jade", "--wecom", &robot]);
    d.ok("notice compose --incident 1 --stage initial --channels chat --customer Jade");
    let config = d.path("live.toml");
    std::fs::write(
        &config,
        "[notify]\nmode = \"live\"\n[notify.email]\nhost = \"127.0.0.1\"\nport = 9\n\
         security = \"plain\"\n",
    )
    .unwrap();
    let cfg = config.to_str().unwrap();
    let mut outputs = vec![
        d.ok("contact list Jade"),
        d.ok("contact list Jade --json"),
        d.ok("customer show Jade"),
        d.ok("customer show Jade --json"),
        d.ok("notice show 1"),
        d.ok("notice show 1 --json"),
        d.ok("incident show 1 --json"),
        d.ok("notice compose --incident 1 --stage update --channels chat --dry-run --json"),
    ];
    for json in [false, true] {
        let mut args = vec!["--config", cfg, "notice", "send-pending"];
        if json {
            args.push("--json");
        }
        let out = d.run(&args);
        outputs.push(String::from_utf8_lossy(&out.stdout).into_owned());
        outputs.push(common::stderr_of(&out));
        d.ok("notice resend 1");
    }
    outputs.push(d.ok("notice show 1 --json"));
    let log = std::fs::read_to_string(d.path("state/sredesk/sredesk.log")).unwrap_or_default();
    outputs.push(log);
    for text in &outputs {
        assert!(!text.contains(secret), "the key shows:\n{text}");
        assert!(
            !text.contains("0123456789"),
            "part of the key shows:\n{text}"
        );
    }
    assert!(outputs[0].contains("key=…wxyz"), "{}", outputs[0]);
    assert!(outputs[5].contains("key=…wxyz"), "{}", outputs[5]);
}

/// `notice send-pending` for cron: 0 when everything due went, 3 when some
/// failed and will be tried again, 4 when some are dead.
#[test]
fn send_pending_exit_codes_say_what_did_not_go() {
    let d = two_groups();
    let busy = HttpReceiver::start(500, r#"{"errcode":-1,"errmsg":"system busy"}"#);
    d.ok(&[
        "contact",
        "add",
        "Jade",
        "--wecom",
        &busy.url("/send?key=jade-robot-key"),
    ]);
    d.ok("notice compose --incident 1 --stage initial --channels chat --customer Jade");
    let config = d.path("live.toml");
    std::fs::write(
        &config,
        "[notify]\nmode = \"live\"\n[notify.email]\nhost = \"127.0.0.1\"\nport = 9\n\
         security = \"plain\"\n[notify.retry]\nmax_attempts = 2\nbase_seconds = 30\n",
    )
    .unwrap();
    let cfg = config.to_str().unwrap();
    let run = |now: &str| d.run_at(now, &["--config", cfg, "notice", "send-pending"]);
    let out = run(NOW);
    assert_eq!(out.status.code(), Some(3), "{}", common::stderr_of(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("0 sent, 1 to retry, 0 dead"));
    assert!(common::stderr_of(&out).contains("will be retried"));
    let out = run("2026-11-22T10:01:00Z");
    assert_eq!(out.status.code(), Some(4), "{}", common::stderr_of(&out));
    assert!(common::stderr_of(&out).contains("dead"));
    let out = run("2026-11-22T10:05:00Z");
    assert_eq!(out.status.code(), Some(0), "nothing due is not a failure");
    assert_eq!(busy.requests().len(), 2);
}

/// Mail clients drop a second message with a Message-ID they have seen:
/// two stores' first deliveries must not share one.
#[test]
fn two_stores_never_share_a_message_id() {
    let ids: Vec<String> = (0..2)
        .map(|_| {
            let d = desk_with_incident();
            d.ok("notice compose --incident 1 --stage initial --channels email --customer Acme");
            d.ok("notice send-pending");
            let dir = d.path("data/sredesk/outbox/email");
            let file = std::fs::read_dir(&dir)
                .unwrap()
                .next()
                .unwrap()
                .unwrap()
                .path();
            let eml = std::fs::read_to_string(file).unwrap();
            assert!(eml.contains("MIME-Version: 1.0"), "{eml}");
            eml.lines()
                .find(|l| l.starts_with("Message-ID: "))
                .unwrap()
                .to_string()
        })
        .collect();
    assert_ne!(ids[0], ids[1]);
    assert!(ids[0].starts_with("Message-ID: <sredesk-"), "{}", ids[0]);
}
