//! Transports against real servers on 127.0.0.1: an SMTP receiver (mailin's
//! protocol over a TCP accept loop) and an HTTP receiver (tiny_http) that
//! stand in for the mail relay, the group robots and the SMS gateway; and
//! demo mode writing into a temporary folder. Secrets come from an
//! injected lookup, never from the real environment.

use crate::common::http::HttpReceiver;
use crate::common::smtp::SmtpReceiver;

use std::path::Path;
use std::sync::Arc;

use serde_json::{Value, json};

use sredesk::domain::notice::{Channel, ChatPlatform, Stage};
use sredesk::domain::notice::{Delivery, SendError, Sent};
use sredesk::notify::config::{DeliveryMode, EmailConfig, NotifyConfig, SmsConfig, SmtpSecurity};
use sredesk::notify::templates::Templates;
use sredesk::notify::transport::Transports;
use sredesk::notify::{NoticeContext, RecordView};

fn templates() -> Arc<Templates> {
    Arc::new(Templates::load(None).unwrap())
}

/// Live delivery to an SMTP server on 127.0.0.1:`port` without TLS.
fn live(port: u16) -> NotifyConfig {
    NotifyConfig {
        mode: DeliveryMode::Live,
        email: EmailConfig {
            host: Some("127.0.0.1".into()),
            port: Some(port),
            security: SmtpSecurity::Plain,
            from: "Cloud Support Desk <desk@sredesk.test>".into(),
            ..EmailConfig::default()
        },
        ..NotifyConfig::default()
    }
}

fn no_env(_: &str) -> Option<String> {
    None
}

fn transports(cfg: &NotifyConfig, env: &dyn Fn(&str) -> Option<String>) -> Transports {
    let scratch = std::env::temp_dir();
    Transports::from_config(cfg, templates(), &scratch, env).unwrap()
}

fn email(key: &str, to: &str) -> Delivery {
    Delivery {
        id: 1,
        notice_id: 7,
        key: key.into(),
        channel: Channel::Email,
        platform: None,
        address: to.into(),
        subject: "[INC-12] Incident notice: ECS instances unreachable".into(),
        body: "Dear Northwind Logistics,\n\nWe are investigating.\n.\n..leading dots survive\n"
            .into(),
        attempts: 0,
        lease_until: chrono::Utc::now(),
    }
}

fn context() -> NoticeContext {
    NoticeContext {
        subject: Stage::Initial.subject(),
        stage: Stage::Initial,
        stage_label: Stage::Initial.label().into(),
        customer: "Northwind Logistics".into(),
        record: RecordView {
            reference: "INC-12".into(),
            title: "ECS \"unreachable\" <b>in</b> cn-north-4".into(),
            services: vec!["ECS".into()],
            regions: vec!["cn-north-4".into()],
            guidance: "Fail over to cn-east-3.".into(),
            level: Some(2),
            ..RecordView::default()
        },
        message: "Working on it.".into(),
        engineer: "Li Wei".into(),
        composed_at: "2026-11-23 09:30 CST".into(),
    }
}

fn chat(key: &str, platform: ChatPlatform, url: &str) -> Delivery {
    let r = templates().render(&context()).unwrap();
    Delivery {
        id: 2,
        notice_id: 7,
        key: key.into(),
        channel: Channel::Chat,
        platform: Some(platform),
        address: url.into(),
        subject: String::new(),
        body: match platform {
            ChatPlatform::WeCom => r.wecom_body,
            ChatPlatform::WeLink => r.welink_body,
        },
        attempts: 0,
        lease_until: chrono::Utc::now(),
    }
}

fn sms(key: &str) -> Delivery {
    Delivery {
        id: 3,
        notice_id: 7,
        key: key.into(),
        channel: Channel::Sms,
        platform: None,
        address: "+8613800000000".into(),
        subject: String::new(),
        body: templates().render(&context()).unwrap().sms_text,
        attempts: 0,
        lease_until: chrono::Utc::now(),
    }
}

fn json_of(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn failed(r: Result<Sent, SendError>) -> SendError {
    r.expect_err("the send should fail")
}

// ---- email -------------------------------------------------------------

#[tokio::test]
async fn email_arrives_with_its_envelope_headers_and_body() {
    let server = SmtpReceiver::with_auth(&[]);
    let cfg = NotifyConfig {
        email: EmailConfig {
            username: Some("desk".into()),
            password_env: Some("SMTP_PASS".into()),
            ..live(server.port()).email
        },
        ..live(server.port())
    };
    let env = |name: &str| (name == "SMTP_PASS").then(|| "s3cret".to_string());
    let t = transports(&cfg, &env);
    let d = email("n7-d1", "Ops Team <ops@northwind.example>");

    let sent = t.send(&d).await.unwrap();
    assert_eq!(sent.reply, "250 2.0.0 Ok: queued as 1");

    let got = server.messages();
    assert_eq!(got.len(), 1);
    let m = &got[0];
    assert_eq!(m.from, "desk@sredesk.test");
    assert_eq!(m.to, vec!["ops@northwind.example".to_string()]);
    assert_eq!(m.header("Subject").as_deref(), Some(d.subject.as_str()));
    assert!(
        m.header("From").unwrap().contains("desk@sredesk.test"),
        "{m:?}"
    );
    assert!(
        m.header("To").unwrap().contains("ops@northwind.example"),
        "{m:?}"
    );
    assert_eq!(
        m.header("Message-ID").as_deref(),
        Some("<n7-d1.sredesk@sredesk.test>")
    );
    assert_eq!(m.header("X-Sredesk-Key").as_deref(), Some("n7-d1"));
    assert_eq!(m.body(), d.body);
    assert_eq!(
        server.credentials(),
        vec![("desk".to_string(), "s3cret".to_string())]
    );
}

#[tokio::test]
async fn a_refused_recipient_or_a_bad_address_is_permanent() {
    let server = SmtpReceiver::start(&["gone@northwind.example"]);
    let t = transports(&live(server.port()), &no_env);

    let e = failed(t.send(&email("n7-d2", "gone@northwind.example")).await);
    assert!(e.permanent, "{e:?}");
    assert!(e.reason.contains("550"), "{e}");
    assert!(server.messages().is_empty());

    let connections = server.connections();
    let e = failed(t.send(&email("n7-d3", "not an address")).await);
    assert!(e.permanent, "{e:?}");
    assert!(
        e.reason
            .contains("'not an address' is not an email address"),
        "{e}"
    );
    assert_eq!(server.connections(), connections, "nothing to send it to");
}

#[tokio::test]
async fn a_closed_port_is_worth_another_try() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let t = transports(&live(port), &no_env);
    let e = failed(t.send(&email("n7-d4", "ops@northwind.example")).await);
    assert!(!e.permanent, "{e:?}");
    assert!(e.reason.contains(&format!("127.0.0.1:{port}")), "{e}");
}

/// A server that takes the connection and then says nothing (a tarpit, a
/// relay stuck on its queue): the send gives up after the configured
/// timeout instead of holding the drain, and its claim, for ever.
#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = std::thread::spawn(move || listener.accept().map(|(stream, _)| stream));
    let cfg = NotifyConfig {
        email: EmailConfig {
            timeout_seconds: 1,
            ..live(port).email
        },
        ..live(port)
    };
    let t = transports(&cfg, &no_env);
    let d = email("n7-d7", "ops@northwind.example");
    let send = t.send(&d);
    let result = tokio::time::timeout(std::time::Duration::from_secs(10), send)
        .await
        .expect("the send should give up by itself after its timeout");
    let e = failed(result);
    assert!(!e.permanent, "{e:?}");
    assert!(e.reason.contains(&format!("127.0.0.1:{port}")), "{e}");
    assert!(e.reason.contains("timed out"), "{e}");
    drop(held);
}

#[tokio::test]
async fn messages_in_a_row_share_one_connection() {
    let server = SmtpReceiver::start(&[]);
    let t = transports(&live(server.port()), &no_env);
    t.send(&email("n7-d5", "a@northwind.example"))
        .await
        .unwrap();
    t.send(&email("n7-d6", "b@northwind.example"))
        .await
        .unwrap();
    assert_eq!(server.messages().len(), 2);
    assert_eq!(server.connections(), 1);
}

#[test]
fn a_missing_smtp_password_is_named() {
    let cfg = NotifyConfig {
        email: EmailConfig {
            username: Some("desk".into()),
            password_env: Some("SMTP_PASS".into()),
            ..live(25).email
        },
        ..live(25)
    };
    let e = Transports::from_config(&cfg, templates(), Path::new("."), &no_env)
        .err()
        .unwrap();
    assert_eq!(
        e,
        "environment variable SMTP_PASS (notify.email.password_env) is not set"
    );
    // Demo mode sends nothing, so it needs no secret.
    let demo = NotifyConfig {
        mode: DeliveryMode::Demo,
        ..cfg
    };
    assert!(Transports::from_config(&demo, templates(), Path::new("."), &no_env).is_ok());
}

// ---- chat --------------------------------------------------------------

#[tokio::test]
async fn the_wecom_robot_gets_the_rendered_json_and_the_key() {
    let robot = HttpReceiver::start(200, r#"{"errcode":0,"errmsg":"ok"}"#);
    let t = transports(&live(25), &no_env);
    let d = chat(
        "n7-d7",
        ChatPlatform::WeCom,
        &robot.url("/cgi-bin/webhook/send?key=abc"),
    );

    let sent = t.send(&d).await.unwrap();
    assert_eq!(sent.reply, r#"HTTP 200 OK: {"errcode":0,"errmsg":"ok"}"#);

    let got = robot.requests();
    assert_eq!(got.len(), 1);
    let r = &got[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/cgi-bin/webhook/send?key=abc");
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    assert_eq!(r.header("Idempotency-Key"), Some("n7-d7"));
    assert_eq!(r.body, d.body);
    let body = json_of(&r.body);
    assert_eq!(body["msgtype"], "markdown");
    let content = body["markdown"]["content"].as_str().unwrap();
    assert!(
        content.contains("ECS \"unreachable\" &lt;b&gt;in&lt;/b&gt; cn-north-4"),
        "{content}"
    );
}

#[tokio::test]
async fn a_wecom_refusal_inside_a_200_is_a_failure() {
    let robot = HttpReceiver::start(
        200,
        r#"{"errcode":93000,"errmsg":"invalid webhook url, hint: [1700000000]"}"#,
    );
    let t = transports(&live(25), &no_env);
    let e = failed(
        t.send(&chat("n7-d8", ChatPlatform::WeCom, &robot.url("/hook")))
            .await,
    );
    assert!(e.permanent, "{e:?}");
    assert!(e.reason.contains("refused"), "{e}");
    assert!(
        e.reason.contains("93000") && e.reason.contains("invalid webhook url"),
        "{e}"
    );
}

#[tokio::test]
async fn server_errors_are_retried_and_client_errors_are_not() {
    let t = transports(&live(25), &no_env);
    for (status, permanent) in [
        (500, false),
        (503, false),
        (429, false),
        (400, true),
        (404, true),
    ] {
        let robot = HttpReceiver::start(status, r#"{"error":"no"}"#);
        let e = failed(
            t.send(&chat("n7-d9", ChatPlatform::WeCom, &robot.url("/hook")))
                .await,
        );
        assert_eq!(e.permanent, permanent, "{status}: {e}");
        assert!(e.reason.starts_with(&format!("HTTP {status}")), "{e}");
        assert_eq!(robot.requests().len(), 1);
    }
}

#[tokio::test]
async fn a_welink_body_carries_the_key_as_its_uuid() {
    let robot = HttpReceiver::start(200, r#"{"code":"0","data":null,"message":"ok"}"#);
    let t = transports(&live(25), &no_env);
    let d = chat(
        "n7-d10",
        ChatPlatform::WeLink,
        &robot.url("/api/welinkim/v1/im-service/chat/group-chat"),
    );
    t.send(&d).await.unwrap();

    let got = json_of(&robot.requests()[0].body);
    let rendered = json_of(&d.body);
    assert_eq!(got["uuid"], "n7-d10");
    assert!(got["timeStamp"].as_i64().unwrap() > 0, "{got}");
    assert_eq!(got["content"], rendered["content"]);
    assert_eq!(got["messageType"], "text");

    let refusing = HttpReceiver::start(200, r#"{"code":"58404","message":"robot not found"}"#);
    let e = failed(
        t.send(&chat("n7-d11", ChatPlatform::WeLink, &refusing.url("/x")))
            .await,
    );
    assert!(e.reason.contains("robot not found"), "{e}");
}

#[tokio::test]
async fn a_webhook_address_that_is_not_http_is_permanent() {
    let t = transports(&live(25), &no_env);
    for address in ["ftp://chat.example.net/hook", "not a url", ""] {
        let e = failed(t.send(&chat("n7-d12", ChatPlatform::WeCom, address)).await);
        assert!(e.permanent, "{address}: {e:?}");
        assert!(e.reason.contains("webhook address"), "{e}");
    }
}

#[tokio::test]
async fn an_unreachable_robot_is_worth_another_try() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let t = transports(&live(25), &no_env);
    let url = format!("http://127.0.0.1:{port}/hook");
    let e = failed(t.send(&chat("n7-d13", ChatPlatform::WeCom, &url)).await);
    assert!(!e.permanent, "{e:?}");
}

// ---- SMS ---------------------------------------------------------------

fn with_gateway(url: Option<String>, token_env: Option<&str>) -> NotifyConfig {
    NotifyConfig {
        sms: SmsConfig {
            url,
            token_env: token_env.map(String::from),
            sender: "CloudDesk".into(),
            ..SmsConfig::default()
        },
        ..live(25)
    }
}

#[tokio::test]
async fn the_sms_gateway_gets_the_body_and_the_bearer_token() {
    let gateway = HttpReceiver::start(202, r#"{"id":"msg-1","status":"queued"}"#);
    let cfg = with_gateway(Some(gateway.url("/v1/sms")), Some("SMS_TOKEN"));
    let env = |name: &str| (name == "SMS_TOKEN").then(|| "tok-123".to_string());
    let t = transports(&cfg, &env);
    let d = sms("n7-d14");

    let sent = t.send(&d).await.unwrap();
    assert!(
        sent.reply.starts_with("HTTP 202 Accepted"),
        "{}",
        sent.reply
    );

    let got = gateway.requests();
    assert_eq!(got.len(), 1);
    let r = &got[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/v1/sms"));
    assert_eq!(r.header("Authorization"), Some("Bearer tok-123"));
    assert_eq!(r.header("Idempotency-Key"), Some("n7-d14"));
    assert_eq!(r.header("Content-Type"), Some("application/json"));
    assert_eq!(
        json_of(&r.body),
        json!({"to": "+8613800000000", "sender": "CloudDesk", "text": d.body, "reference": "n7-d14"})
    );

    let failing = HttpReceiver::start(500, "");
    let t = transports(&with_gateway(Some(failing.url("/v1/sms")), None), &no_env);
    let e = failed(t.send(&d).await);
    assert!(!e.permanent, "{e:?}");
    assert_eq!(failing.requests()[0].header("Authorization"), None);
}

#[tokio::test]
async fn sms_without_a_gateway_or_its_token_is_refused_clearly() {
    let cfg = with_gateway(
        Some("https://sms.example.net/send".into()),
        Some("SMS_TOKEN"),
    );
    let e = Transports::from_config(&cfg, templates(), Path::new("."), &no_env)
        .err()
        .unwrap();
    assert_eq!(
        e,
        "environment variable SMS_TOKEN (notify.sms.token_env) is not set"
    );

    let t = transports(&with_gateway(None, None), &no_env);
    let e = failed(t.send(&sms("n7-d15")).await);
    assert!(e.permanent, "{e:?}");
    assert_eq!(e.reason, "no SMS gateway configured (notify.sms.url)");
}

// ---- demo --------------------------------------------------------------

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn demo_mode_writes_a_file_per_delivery_and_a_repeat_replaces_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("outbox");
    let cfg = NotifyConfig {
        mode: DeliveryMode::Demo,
        ..with_gateway(None, Some("SMS_TOKEN"))
    };
    let t = Transports::from_config(&cfg, templates(), &out, &no_env).unwrap();
    assert_eq!(t.mode(), DeliveryMode::Demo);

    let mut mail = email("n7-d16", "ops@northwind.example");
    let mut robot = chat(
        "n7-d17",
        ChatPlatform::WeCom,
        "https://chat.example.net/robot/send?key=demo-1",
    );
    let mut text = sms("n7-d18");
    for d in [&mail, &robot, &text] {
        let sent = t.send(d).await.unwrap();
        assert!(sent.reply.starts_with("written to "), "{}", sent.reply);
        assert!(sent.reply.contains(&d.key), "{}", sent.reply);
    }

    let eml = std::fs::read_to_string(out.join("email/n7-d16.eml")).unwrap();
    assert!(eml.contains(&format!("Subject: {}", mail.subject)), "{eml}");
    assert!(eml.contains("X-Sredesk-Key: n7-d16"), "{eml}");
    assert!(
        eml.contains("Message-ID: <n7-d16.sredesk@sredesk.test>"),
        "{eml}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("chat/n7-d17.json")).unwrap(),
        robot.body
    );
    let gateway = json_of(&std::fs::read_to_string(out.join("sms/n7-d18.json")).unwrap());
    assert_eq!(gateway["reference"], "n7-d18");
    assert_eq!(gateway["text"], text.body.as_str());

    // The same deliveries again, reworded: each file is replaced, none added.
    mail.body = "Second attempt.\n".into();
    robot.body = r#"{"msgtype":"markdown","markdown":{"content":"again"}}"#.into();
    text.body = "Again.".into();
    for d in [&mail, &robot, &text] {
        t.send(d).await.unwrap();
    }
    assert_eq!(files_in(&out.join("email")), vec!["n7-d16.eml"]);
    assert_eq!(files_in(&out.join("chat")), vec!["n7-d17.json"]);
    assert_eq!(files_in(&out.join("sms")), vec!["n7-d18.json"]);
    assert!(
        std::fs::read_to_string(out.join("email/n7-d16.eml"))
            .unwrap()
            .contains("Second attempt.")
    );
    assert_eq!(
        std::fs::read_to_string(out.join("chat/n7-d17.json")).unwrap(),
        robot.body
    );

    // A key is a name inside its folder, whatever it holds.
    let odd = chat(
        "../../escape",
        ChatPlatform::WeCom,
        "https://chat.example.net/x",
    );
    let sent = t.send(&odd).await.unwrap();
    assert!(
        out.join("chat/%2E%2E%2F%2E%2E%2Fescape.json").is_file(),
        "{}",
        sent.reply
    );
    // Demo refuses what live delivery would.
    let e = failed(t.send(&email("n7-d19", "nobody")).await);
    assert!(e.permanent, "{e:?}");
}
