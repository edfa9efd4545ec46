//! `notice send-pending`: demo delivery to files, and live delivery
//! through real SMTP and HTTP receivers.

use super::*;

#[test]
fn demo_delivery_writes_each_channel_to_files_once() {
    let d = desk_with_incident();
    d.ok("notice compose --incident 1 --stage initial");
    let report = d.json("notice send-pending --json");
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
    assert_eq!(d.ok("notice send-pending").trim(), "nothing due");
    assert_eq!((count("email"), count("chat"), count("sms")), (2, 1, 1));
    let err = d.fails("notice resend 7");
    assert!(err.contains("no notice #7"), "{err}");
    assert!(d.ok("notice resend 1").contains("0 failed deliveries"));
}

#[test]
fn send_pending_delivers_live_through_the_configured_servers() {
    use crate::common::http::HttpReceiver;
    use crate::common::smtp::SmtpReceiver;
    let smtp = SmtpReceiver::with_auth(&[]);
    let http = HttpReceiver::start(200, r#"{"errcode":0,"errmsg":"ok"}"#);
    let d = Desk::new();
    d.customer("Acme");
    d.subscribe("Acme", "2026-05-20", "2026-06-01", 12);
    d.ok("inventory add Acme ECS@cn-north-4");
    d.ok("contact add Acme --email ops@acme.example");
    d.ok("contact add Acme --sms +8613800000001");
    d.ok(&[
        "contact",
        "add",
        "Acme",
        "--welink",
        &http.url("/robot?token=acme"),
    ]);
    d.ok(
        "incident add --title 'Packet loss' --kind backbone-network-fault --region cn-north-4 \
         --level 2 --guidance 'Fail over.'",
    );
    // Its level and guidance take it to guidance_ready as it opens.
    assert_eq!(d.json("incident show 1 --json")["state"], "guidance_ready");
    d.ok("notice compose --incident 1 --stage initial");
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
    assert!(reqs.iter().any(|r| r.path == "/robot?token=acme"));
    assert_eq!(notice_json(&d, 1)["notice"]["deliveries"]["sent"], 3);
}
