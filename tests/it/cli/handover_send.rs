//! `sredesk handover --send`: the shift's handover queued to the desk's
//! own chat group and email (`[handover]`), sent by the dispatcher to a
//! real SMTP server and a real HTTP robot on 127.0.0.1, to nobody else;
//! the robot's key never printed; refused, with nothing written, when
//! there is nowhere to send, the robot's variable is unset, or the store
//! is read-only.

use super::handover::shift;
use super::*;
use crate::common::http::HttpReceiver;
use crate::common::smtp::SmtpReceiver;

const ROBOT_VAR: &str = "SREDESK_TEST_DESK_ROBOT";

/// Live notices through `smtp`, and the desk's handover recipients.
fn config(d: &Desk, smtp: &SmtpReceiver, handover: &str) -> String {
    d.live_config(smtp.port(), &format!("[handover]\n{handover}"))
}

fn run(d: &Desk, config: &str, robot: Option<&str>, args: &str) -> Output {
    let mut words = vec!["--config".to_string(), config.to_string()];
    words.extend(args.split_whitespace().map(String::from));
    d.run_with(&words, |c| {
        c.env_remove(ROBOT_VAR);
        if let Some(url) = robot {
            c.env(ROBOT_VAR, url);
        }
    })
}

#[test]
fn the_handover_reaches_the_desk_group_and_mail_and_no_customer() {
    let d = shift();
    let smtp = SmtpReceiver::start(&[]);
    let robot = HttpReceiver::start(200, r#"{"errcode":0,"errmsg":"ok"}"#);
    let url = robot.url("/cgi-bin/webhook/send?key=desk-secret-key");
    let config = config(
        &d,
        &smtp,
        &format!(
            "email = [\"leads@desk.test\"]\nchat_webhook_env = \"{ROBOT_VAR}\"\n\
             chat_platform = \"wecom\"\n"
        ),
    );
    let out = run(&d, &config, Some(&url), "handover --send");
    assert_success(&out, "handover --send");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.starts_with(
            "handover HO-1 queued as notice #1: to leads@desk.test, the desk's WeCom group"
        ),
        "{said}"
    );
    assert!(
        !said.contains("desk-secret-key"),
        "the robot's key is masked: {said}"
    );

    let sent = run(&d, &config, None, "notice send-pending");
    assert_success(&sent, "notice send-pending");

    let mail = smtp.messages();
    assert_eq!(mail.len(), 1, "the desk's address only");
    assert_eq!(mail[0].to, ["leads@desk.test"]);
    let subject = mail[0].decoded_header("Subject").unwrap();
    assert_eq!(
        subject,
        "Handover 11-22 10:00 – 11-22 18:00 (Asia/Shanghai time): 1 breached and open, \
         4 came in, 2 answered (1 late), 1 waiting on customers"
    );
    let body = mail[0].text();
    assert!(
        body.starts_with("Handover 11-22 10:00 – 11-22 18:00"),
        "{body}"
    );
    assert!(body.contains("Came in (4)"), "{body}");
    assert!(!body.contains('\x1b'), "hostile title inert: {body}");
    assert!(body.contains("Sent by tester with sredesk."), "{body}");

    let posts = robot.requests();
    assert_eq!(posts.len(), 1);
    assert_eq!(posts[0].path, "/cgi-bin/webhook/send?key=desk-secret-key");
    let chat: Value = serde_json::from_str(&posts[0].body).unwrap();
    assert_eq!(chat["msgtype"], "markdown");
    let content = chat["markdown"]["content"].as_str().unwrap();
    assert!(
        content.starts_with("**Handover 11-22 10:00 – 11-22 18:00 (Asia/Shanghai time) · tester**"),
        "{content}"
    );
    assert!(content.contains("Breached: T-3 S1 Acme"), "{content}");
    assert!(content.contains("Quotas nearly used up: 1"), "{content}");
    assert!(
        content.ends_with("The full handover went by email."),
        "{content}"
    );

    // Its ledger says the desk, with the key masked; the next handover
    // does not count it among the customers' notices, and is HO-2.
    let shown = d.ok("notice show 1");
    assert!(
        shown.contains("HO-1") && shown.contains("(the desk)"),
        "{shown}"
    );
    assert!(!shown.contains("desk-secret-key"), "{shown}");
    let v = d.json("handover --format json");
    assert_eq!(v["notices"]["notices"], 0, "{v}");
    let again = run(&d, &config, Some(&url), "handover --send --format json");
    let again: Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(
        (again["handover"].as_i64(), again["notice"].as_i64()),
        (Some(2), Some(2))
    );
}

#[test]
fn with_nowhere_to_send_no_robot_or_a_read_only_store_nothing_is_queued() {
    let d = shift();
    let smtp = SmtpReceiver::start(&[]);
    let nowhere = config(&d, &smtp, "");
    let before = d.dump(&["notices", "deliveries", "record_events"]);
    let e = runtime_failure(
        &run(&d, &nowhere, None, "handover --send"),
        "handover --send",
    );
    assert!(e.contains("nowhere to send the handover"), "{e}");

    let robot_only = config(&d, &smtp, &format!("chat_webhook_env = \"{ROBOT_VAR}\"\n"));
    let e = runtime_failure(
        &run(&d, &robot_only, None, "handover --send"),
        "handover --send",
    );
    assert!(e.contains(ROBOT_VAR) && e.contains("is not set"), "{e}");

    let mail = config(&d, &smtp, "email = [\"leads@desk.test\"]\n");
    let e = runtime_failure(
        &run(&d, &mail, None, "--read-only handover --send"),
        "--read-only handover --send",
    );
    assert!(e.contains("read-only"), "{e}");

    let dry = run(&d, &mail, None, "handover --send --dry-run");
    assert_success(&dry, "handover --send --dry-run");
    let said = String::from_utf8_lossy(&dry.stdout);
    assert!(
        said.starts_with("dry run, nothing queued: the handover would go to leads@desk.test"),
        "{said}"
    );
    assert!(
        said.contains("  email subject: Handover 11-22 10:00"),
        "{said}"
    );
    assert_eq!(d.dump(&["notices", "deliveries", "record_events"]), before);
    let e = usage_failure(&d.run("handover --dry-run"), "handover --dry-run");
    assert!(e.contains("--send"), "{e}");
}
