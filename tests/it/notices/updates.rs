//! Updates to the customer about an escalation, sent through the outbox to
//! a real SMTP server and robot receiver on 127.0.0.1: to the customer's
//! own chat group (in the language it reads) and, when asked, by email;
//! kept in the escalation's history and shown with its delivery state.

use super::promised::{FRIDAY, live_config};
use super::*;
use crate::common::http::HttpReceiver;
use crate::common::smtp::SmtpReceiver;

/// A subscribed customer with an email contact and its group's robot;
/// escalation #1 for it, reported at 09:30 Shanghai time.
fn desk(kind: &str, robot: &str) -> Desk {
    let d = Desk::new();
    d.ok(&[
        "customer",
        "add",
        "--name",
        "Jade River Bank",
        "--kind",
        kind,
    ]);
    d.subscribe("Jade River Bank", "2026-05-20", "2026-06-01", 12);
    d.ok("contact add 'Jade River Bank' --email ops@jade.example");
    let platform = if kind == "local" {
        "--welink"
    } else {
        "--wecom"
    };
    d.ok(&["contact", "add", "Jade River Bank", platform, robot]);
    d.ok_at(
        FRIDAY,
        "ticket add --customer 'Jade River Bank' --severity S1 --kind general \
         --ticket-no ST2611-0042 --title 'RDS failover did not complete' \
         --reported-at 2026-11-20T01:30:00Z",
    );
    d
}

#[test]
fn an_update_reaches_the_group_and_the_mail_and_is_in_the_history() {
    let smtp = SmtpReceiver::start(&[]);
    let robot = HttpReceiver::start(200, r#"{"code":"0","data":null,"message":"ok"}"#);
    let d = desk("local", &robot.url("/welink?token=jade"));
    let config = live_config(&d, &smtp);
    let out = d.ok_at(
        FRIDAY,
        &[
            "ticket",
            "update",
            "1",
            "--channels",
            "chat,email",
            "--text",
            "The standby has taken over.\nWe keep watching replication.",
        ],
    );
    assert!(
        out.contains("notice #1 queued: update to Jade River Bank about ST2611-0042 (#1) by WeLink group, email"),
        "{out}"
    );
    let sent = d.run_at(FRIDAY, &["--config", &config, "notice", "send-pending"]);
    assert_eq!(sent.status.code(), Some(0), "{}", common::stderr_of(&sent));

    let mail = &smtp.messages()[0];
    assert_eq!(mail.to, ["ops@jade.example"]);
    assert_eq!(
        mail.header("Subject").unwrap(),
        "[ST2611-0042] Update: RDS failover did not complete"
    );
    let body = mail.text();
    assert!(body.starts_with("Dear Jade River Bank,"), "{body}");
    assert!(
        body.contains("The standby has taken over.\nWe keep watching replication."),
        "{body}"
    );
    assert!(
        body.contains("reported\n2026-11-20 09:30 UTC+08:00"),
        "{body}"
    );
    assert!(
        body.contains("Severity: S1 (core production system unavailable)"),
        "{body}"
    );
    let reqs = robot.requests();
    assert_eq!(reqs.len(), 1);
    assert_eq!(reqs[0].path, "/welink?token=jade");
    let chat: Value = serde_json::from_str(&reqs[0].body).unwrap();
    let text = chat["content"]["text"].as_str().unwrap();
    assert!(
        text.starts_with("[Update on your service ticket] ST2611-0042"),
        "{text}"
    );
    assert!(text.contains("The standby has taken over."), "{text}");

    // The detail: the last update with how its deliveries went, and the
    // history line.
    let shown = d.ok_at(FRIDAY, "ticket show 1");
    assert!(
        shown.contains("last customer update  notice #1 at 2026-11-20 10:00 CST"),
        "{shown}"
    );
    assert!(shown.contains("(chat, email): 2 sent"), "{shown}");
    assert!(
        shown.contains("customer update, notice #1 by chat, email: The standby"),
        "{shown}"
    );
    let v = d.json_at(FRIDAY, "ticket show 1 --json");
    assert_eq!(v["last_customer_update"]["id"], 1);
    assert_eq!(v["last_customer_update"]["deliveries"]["sent"], 2);
}

#[test]
fn an_international_customer_s_group_reads_it_in_chinese_without_markup_escapes() {
    let smtp = SmtpReceiver::start(&[]);
    let robot = HttpReceiver::start(200, r#"{"errcode":0,"errmsg":"ok"}"#);
    let d = desk(
        "international-chinese",
        &robot.url("/cgi-bin/webhook/send?key=jade"),
    );
    let config = live_config(&d, &smtp);
    d.ok_at(
        FRIDAY,
        &[
            "ticket",
            "update",
            "1",
            "--text",
            "**Patched** <font color=\"warning\">x</font> [link](http://evil.example)",
        ],
    );
    let sent = d.run_at(FRIDAY, &["--config", &config, "notice", "send-pending"]);
    assert_eq!(sent.status.code(), Some(0), "{}", common::stderr_of(&sent));
    assert!(
        smtp.messages().is_empty(),
        "chat only unless email is asked"
    );
    let reqs = robot.requests();
    let chat: Value = serde_json::from_str(&reqs[0].body).unwrap();
    assert_eq!(chat["msgtype"], "markdown");
    let content = chat["markdown"]["content"].as_str().unwrap();
    assert!(content.contains("工单进展"), "{content}");
    assert!(
        content.contains("处理中") || content.contains("已受理"),
        "{content}"
    );
    // The customer's text cannot make markup of its own.
    assert!(!content.contains("**Patched**"), "{content}");
    assert!(!content.contains("<font color=\"warning\">"), "{content}");
    assert!(!content.contains("](http"), "{content}");
}

#[test]
fn bad_updates_are_refused_and_write_nothing() {
    let robot = HttpReceiver::start(200, r#"{"code":"0"}"#);
    let d = desk("local", &robot.url("/welink?token=jade"));
    let e = d.fails_at(FRIDAY, &["ticket", "update", "1", "--text", "  "]);
    assert!(e.contains("the update is empty"), "{e}");
    let e = d.fails_at(FRIDAY, "ticket update 1 --text hi --channels sms");
    assert!(e.contains("not by sms"), "{e}");
    let e = d.fails_at(FRIDAY, "ticket update 1 --text hi --channels fax");
    assert!(e.contains("--channels"), "{e}");
    let e = d.fails_at(FRIDAY, "ticket update 9 --text hi");
    assert!(e.contains("#9"), "{e}");
    // A dry run shows what would go and queues nothing.
    let out = d.ok_at(
        FRIDAY,
        "ticket update 1 --text hi --channels chat,email --dry-run",
    );
    assert!(out.starts_with("dry run, nothing queued"), "{out}");
    assert!(out.contains("[ST2611-0042] Update:"), "{out}");
    assert_eq!(d.count("notices"), 0);
    // One that is done with is not written about.
    d.ok_at(FRIDAY, "ticket withdraw 1 --reason 'sent twice'");
    let e = d.fails_at(FRIDAY, "ticket update 1 --text hi");
    assert!(
        e.contains("is withdrawn: the customer has heard its end"),
        "{e}"
    );
    // A dry run (and the dashboard's preview) says so too.
    let e = d.fails_at(FRIDAY, "ticket update 1 --text hi --dry-run");
    assert!(e.contains("is withdrawn"), "{e}");
    assert_eq!(d.count("notices"), 0);
}

#[test]
fn a_customer_with_no_chat_robot_is_told_so_and_nothing_is_queued() {
    let d = Desk::new();
    d.ok("customer add --name Cirrus --kind local");
    d.subscribe("Cirrus", "2026-05-20", "2026-06-01", 12);
    d.ok_at(
        FRIDAY,
        "ticket add --customer Cirrus --severity S3 --kind general --ticket-no C-1 --title t",
    );
    let e = d.fails_at(FRIDAY, "ticket update 1 --text hi");
    assert!(e.contains("the update cannot reach Cirrus"), "{e}");
    assert_eq!(d.count("notices"), 0);
}

#[test]
fn a_dead_update_is_shown_as_such_and_can_be_sent_again() {
    let smtp = SmtpReceiver::start(&[]);
    let robot = HttpReceiver::start(200, r#"{"code":"58601","message":"param invalid"}"#);
    let d = desk("local", &robot.url("/welink?token=jade"));
    let config = live_config(&d, &smtp);
    d.ok_at(FRIDAY, "ticket update 1 --text 'Failover done'");
    let sent = d.run_at(FRIDAY, &["--config", &config, "notice", "send-pending"]);
    assert_eq!(sent.status.code(), Some(4), "{}", common::stderr_of(&sent));
    let shown = d.ok_at(FRIDAY, "ticket show 1");
    assert!(shown.contains("(chat): 0 sent, 1 dead"), "{shown}");
    let out = d.ok_at(FRIDAY, "notice resend 1");
    assert!(out.contains('1'), "{out}");
    let shown = d.ok_at(FRIDAY, "ticket show 1");
    assert!(shown.contains("(chat): 0 sent, 1 queued"), "{shown}");
    assert!(
        shown.contains("notice #1: 1 failed deliveries queued again"),
        "the resend is in the escalation's history: {shown}"
    );
}
