//! The SMS gateway through a real HTTP receiver.

use super::*;

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
