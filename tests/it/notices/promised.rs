//! What the service promises to tell a customer besides incidents and
//! changes, sent through the outbox to a real SMTP server and a robot
//! receiver on 127.0.0.1: a change of project owner when it is recorded,
//! and R&D's decision on a requirement, which makes the requirement
//! customer_notified only once a delivery has gone. The notice is in the
//! customer's language.

use super::*;
use crate::common::http::HttpReceiver;
use crate::common::smtp::SmtpReceiver;

/// Friday 20 November 2026, 10:00 in Shanghai.
pub(super) const FRIDAY: &str = "2026-11-20T02:00:00Z";

/// Live delivery through `smtp`; robots are reached at their own URLs.
pub(super) fn live_config(d: &Desk, smtp: &SmtpReceiver) -> String {
    d.live_config(smtp.port(), "")
}

/// `notice send-pending --json`: its exit code and report.
fn send_pending(d: &Desk, now: &str, config: &str) -> (Option<i32>, Value) {
    let out = d.run_at(
        now,
        &["--config", config, "notice", "send-pending", "--json"],
    );
    common::assert_no_panic(&out);
    let report = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", common::stderr_of(&out)));
    (out.status.code(), report)
}

/// A subscribed customer of `kind` with an email contact and its group's
/// robot on the platform its kind requires, both on 127.0.0.1.
fn customer(d: &Desk, name: &str, kind: &str, robot: &str) {
    d.ok(&["customer", "add", "--name", name, "--kind", kind]);
    d.subscribe(name, "2026-05-20", "2026-06-01", 12);
    d.ok(&["contact", "add", name, "--email", "ops@customer.example"]);
    let platform = if kind == "local" {
        "--welink"
    } else {
        "--wecom"
    };
    d.ok(&["contact", "add", name, platform, robot]);
}

#[test]
fn an_owner_change_is_announced_by_email_and_to_the_group_when_recorded() {
    let smtp = SmtpReceiver::start(&[]);
    let robot = HttpReceiver::start(200, r#"{"code":"0","data":null,"message":"ok"}"#);
    let d = Desk::new();
    customer(
        &d,
        "Andes Mining",
        "local",
        &robot.url("/welink?token=andes"),
    );
    let config = live_config(&d, &smtp);
    // The first owner is named without a notice.
    d.ok_at(
        FRIDAY,
        "owner set --customer 'Andes Mining' --name 'Zhao Lei'",
    );
    assert_eq!(d.count("notices"), 0);
    let out = d.ok_at(
        FRIDAY,
        "owner set --customer 'Andes Mining' --name 'Chen Hui' --effective 2026-11-25",
    );
    assert!(out.contains("the announcement is queued"), "{out}");
    let (code, report) = send_pending(&d, FRIDAY, &config);
    assert_eq!(code, Some(0), "{report}");
    let outcomes = report["outcomes"].as_array().unwrap();
    assert_eq!(outcomes.len(), 2, "{report}");
    assert!(outcomes.iter().all(|o| o["state"] == "sent"), "{report}");

    let mail = &smtp.messages()[0];
    assert_eq!(mail.to, ["ops@customer.example"]);
    let subject = mail.header("Subject").unwrap();
    assert!(
        subject.contains("2026-11-25") && subject.contains("Chen Hui"),
        "{subject}"
    );
    let body = mail.text();
    assert!(body.starts_with("Dear Andes Mining,"), "{body}");
    assert!(body.contains("Chen Hui takes over from Zhao Lei"), "{body}");
    let reqs = robot.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].path, "/welink?token=andes");
    let sent: Value = serde_json::from_str(&reqs[0].body).unwrap();
    let text = sent["content"]["text"].as_str().unwrap();
    assert!(
        text.contains("Chen Hui") && text.contains("2026-11-25"),
        "{text}"
    );
    assert!(!sent["uuid"].as_str().unwrap().is_empty(), "{sent}");
}

#[test]
fn rnd_s_decision_is_sent_in_chinese_and_the_requirement_is_notified_once_it_went() {
    // The relay takes the mail for one address and refuses the other.
    let smtp = SmtpReceiver::start(&["cto@customer.example"]);
    let robot = HttpReceiver::start(200, r#"{"errcode":0,"errmsg":"ok"}"#);
    let d = Desk::new();
    customer(
        &d,
        "Jade River Bank",
        "international-chinese",
        &robot.url("/cgi-bin/webhook/send?key=jade"),
    );
    d.ok("contact add 'Jade River Bank' --email cto@customer.example");
    let config = live_config(&d, &smtp);
    let add =
        d.json("requirement add --customer 'Jade River Bank' --title 'Redis 7 for DCS' --json");
    let id = add["id"].as_i64().unwrap().to_string();
    for _ in 0..3 {
        d.ok(&["requirement", "advance", &id]);
    }
    d.ok(&[
        "requirement",
        "reject",
        &id,
        "--reason",
        "Not on the 2027 roadmap.",
    ]);
    // Not decided yet is refused; decided, the notice waits in the outbox.
    let queued = d.json(&["requirement", "notify", &id, "--json"]);
    assert_eq!(queued["deliveries"], 3, "{queued}");
    let state = || d.json(&["requirement", "show", &id, "--json"])["state"].clone();
    assert_eq!(state(), "rejected", "queued is not told");
    // Sent twice is refused while the first is on its way.
    let err = d.fails(&["requirement", "notify", &id]);
    assert!(err.contains("is on its way already as notice #1"), "{err}");

    // One mail refused, one taken, the group told: one that went is
    // enough, and cron hears of the one that died.
    let (code, report) = send_pending(&d, NOW, &config);
    assert_eq!(code, Some(4), "{report}");
    let states: Vec<_> = report["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["state"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(states, ["sent", "dead", "sent"], "{report}");
    assert_eq!(state(), "customer_notified");
    let r = d.json(&["requirement", "show", &id, "--json"]);
    let last = r["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["from"], "rejected");
    assert_eq!(last["at"], NOW);
    assert_eq!(last["note"], "notice #1 delivered");

    // In Chinese: an international Chinese enterprise reads Chinese.
    let mail = &smtp.messages()[0];
    let body = mail.text();
    assert!(body.starts_with("尊敬的 Jade River Bank："), "{body}");
    assert!(body.contains("Not on the 2027 roadmap."), "{body}");
    let subject = mail.header("Subject").unwrap();
    assert!(
        subject.starts_with("=?utf-8?"),
        "encoded for the header: {subject}"
    );
    let sent: Value = serde_json::from_str(&robot.requests()[0].body).unwrap();
    let content = sent["markdown"]["content"].as_str().unwrap();
    assert!(content.contains("需求未被采纳"), "{content}");
}

#[test]
fn a_decision_not_yet_sent_leaves_the_requirement_waiting_and_the_language_can_change() {
    let smtp = SmtpReceiver::start(&["ops@customer.example"]);
    let d = Desk::new();
    d.ok("customer add --name 'Kestrel Games' --kind local");
    d.subscribe("Kestrel Games", "2026-05-20", "2026-06-01", 12);
    d.ok("contact add 'Kestrel Games' --email ops@customer.example");
    let config = live_config(&d, &smtp);
    // Local customers read English by default; this one asked for Chinese.
    assert!(
        d.ok("customer show 'Kestrel Games'")
            .contains("notices in         en")
    );
    let out = d.ok("customer language 'Kestrel Games' zh-CN");
    assert_eq!(out, "Kestrel Games: notices in zh-CN\n");
    let err = d.fails("customer language 'Kestrel Games' fr");
    assert!(err.contains("notice language"), "{err}");
    let add = d.json("requirement add --customer 'Kestrel Games' --title 'GPU' --json");
    let id = add["id"].as_i64().unwrap().to_string();
    let err = d.fails(&["requirement", "notify", &id]);
    assert!(err.contains("once R&D has made one"), "{err}");
    for _ in 0..4 {
        d.ok(&["requirement", "advance", &id]);
    }
    d.ok(&["requirement", "notify", &id, "--channels", "email"]);
    // The relay refuses the only recipient: nothing went, nothing told.
    let (code, report) = send_pending(&d, NOW, &config);
    assert_eq!(code, Some(4), "{report}");
    assert_eq!(report["outcomes"][0]["state"], "dead", "{report}");
    let r = d.json(&["requirement", "show", &id, "--json"]);
    assert_eq!(r["state"], "accepted");
    // Given up, it may be sent again.
    d.ok(&["requirement", "notify", &id, "--channels", "email"]);
    assert_eq!(
        d.ok("customer language 'Kestrel Games' default"),
        "Kestrel Games: notices in en (its kind's default)\n"
    );
}
