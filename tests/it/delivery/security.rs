//! Transport security: no password or token crosses a network in the
//! clear unless the config says so, webhooks are https (http only to this
//! machine), link-local and metadata addresses are refused, and what a far
//! end answers is kept without the robot's key or the gateway's token.

use super::*;
use sredesk::domain::contact::Contact;

fn with_auth(host: &str) -> NotifyConfig {
    let mut cfg = live(25);
    cfg.email.host = Some(host.into());
    cfg.email.username = Some("desk".into());
    cfg.email.password_env = Some("SMTP_PASSWORD".into());
    cfg
}

#[test]
fn a_password_goes_unencrypted_only_to_this_machine_or_when_allowed() {
    let e = with_auth("relay.corp.example").check().unwrap_err();
    assert!(
        e.contains("notify.email.security") && e.contains("allow_plaintext_auth"),
        "{e}"
    );
    // Transports built without a config load refuse it too.
    let env = |_: &str| Some("pw".to_string());
    let built = Transports::from_config(
        &with_auth("relay.corp.example"),
        templates(),
        Path::new("."),
        &env,
    );
    assert!(built.is_err());
    assert!(with_auth("127.0.0.1").check().is_ok());
    assert!(with_auth("localhost").check().is_ok());
    let mut allowed = with_auth("relay.corp.example");
    allowed.email.allow_plaintext_auth = true;
    assert!(allowed.check().is_ok());
    let mut tls = with_auth("relay.corp.example");
    tls.email.security = SmtpSecurity::Starttls;
    assert!(tls.check().is_ok());
}

#[test]
fn a_gateway_token_goes_over_http_only_to_this_machine_or_when_allowed() {
    let token = |url: &str| with_gateway(Some(url.into()), Some("SMS_TOKEN"));
    let e = token("http://sms.example/send?key=abcdef123456")
        .check()
        .unwrap_err();
    assert!(
        e.contains("notify.sms.url") && e.contains("allow_plaintext_token"),
        "{e}"
    );
    assert!(!e.contains("abcdef123456"), "the URL's key is masked: {e}");
    assert!(token("https://sms.example/send").check().is_ok());
    assert!(token("http://127.0.0.1:8080/send").check().is_ok());
    // No secret, nothing to protect.
    assert!(
        with_gateway(Some("http://sms.example/send".into()), None)
            .check()
            .is_ok()
    );
    let mut allowed = token("http://sms.example/send");
    allowed.sms.allow_plaintext_token = true;
    assert!(allowed.check().is_ok());
}

#[test]
fn link_local_and_metadata_addresses_are_refused() {
    let e = with_gateway(Some("https://169.254.169.254/latest".into()), None)
        .check()
        .unwrap_err();
    assert!(
        e.contains("notify.sms.url") && e.contains("link-local"),
        "{e}"
    );
    for url in [
        "https://169.254.169.254/x?key=k",
        "https://[fe80::1]/x?key=k",
        "http://robots.example/x?key=k",
    ] {
        assert!(
            Contact::new(Channel::Chat, url, Some(ChatPlatform::WeCom)).is_err(),
            "{url}"
        );
    }
    assert!(
        Contact::new(
            Channel::Chat,
            "http://127.0.0.1:9/x",
            Some(ChatPlatform::WeCom)
        )
        .is_ok()
    );
}

#[tokio::test]
async fn a_webhook_kept_from_before_is_refused_at_send_time() {
    let t = transports(&live(25), &no_env);
    let d = chat(
        "n7-d30",
        ChatPlatform::WeCom,
        "http://robots.example/send?key=k1k2k3k4k5",
    );
    let e = failed(t.send(&d).await);
    assert!(e.permanent && e.reason.contains("https"), "{e}");
    assert!(!e.reason.contains("k1k2k3k4k5"), "{e}");
}

#[tokio::test]
async fn a_robot_echoing_its_key_is_kept_without_it() {
    let key = "693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa";
    let robot = HttpReceiver::start(
        200,
        &format!(r#"{{"errcode":93000,"errmsg":"invalid webhook url, key={key}"}}"#),
    );
    let t = transports(&live(25), &no_env);
    let d = chat(
        "n7-d31",
        ChatPlatform::WeCom,
        &robot.url(&format!("/send?key={key}")),
    );
    let e = failed(t.send(&d).await);
    assert!(e.reason.contains("invalid webhook url"), "{e}");
    assert!(!e.reason.contains(key) && e.reason.contains("…5aaa"), "{e}");
    // A robot that is down: the client's error is told without the URL.
    let down = format!("http://127.0.0.1:{}/send?key={key}", {
        std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port()
    });
    let e = failed(t.send(&chat("n7-d32", ChatPlatform::WeCom, &down)).await);
    assert!(!e.reason.contains(key), "{e}");
}

#[tokio::test]
async fn a_gateway_quoting_the_token_is_kept_without_it() {
    let gateway = HttpReceiver::start(401, r#"{"error":"bad token tok-9f8e7d6c5b4a"}"#);
    let cfg = with_gateway(Some(gateway.url("/v1/sms")), Some("SMS_TOKEN"));
    let env = |name: &str| (name == "SMS_TOKEN").then(|| "tok-9f8e7d6c5b4a".to_string());
    let t = transports(&cfg, &env);
    let e = failed(t.send(&sms("n7-d33")).await);
    assert!(
        e.reason.contains("401") && e.reason.contains("bad token"),
        "{e}"
    );
    assert!(!e.reason.contains("tok-9f8e7d6c5b4a"), "{e}");
}
