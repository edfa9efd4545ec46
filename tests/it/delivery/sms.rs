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

fn gateway_cfg(url: String, adjust: impl FnOnce(&mut SmsConfig)) -> NotifyConfig {
    let mut sms = SmsConfig {
        url: Some(url),
        sender: "CloudDesk".into(),
        ..SmsConfig::default()
    };
    adjust(&mut sms);
    NotifyConfig { sms, ..live(25) }
}

/// Alibaba Cloud's SendSms answers HTTP 200 whether or not it took the
/// message; its `Code` says which (`OK`, or e.g. the rate limit
/// `isv.BUSINESS_LIMIT_CONTROL`). With the success rule configured, such a
/// 200 is not sent: the rate limit is tried again, any other code is not.
#[tokio::test]
async fn a_200_that_says_no_is_not_sent() {
    use sredesk::notify::config::SmsSuccess;
    let rule = |s: &mut SmsConfig| {
        s.success = SmsSuccess {
            status: vec![200],
            field: Some("Code".into()),
            value: Some("OK".into()),
            retry_values: vec!["isv.BUSINESS_LIMIT_CONTROL".into()],
        }
    };
    let limited = HttpReceiver::start(
        200,
        r#"{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控Permits:1","RequestId":"r1"}"#,
    );
    let t = transports(&gateway_cfg(limited.url("/sms"), rule), &no_env);
    let e = failed(t.send(&sms("n7-d40")).await);
    assert!(!e.permanent, "{e:?}");
    assert!(e.reason.contains("isv.BUSINESS_LIMIT_CONTROL"), "{e}");

    let refused = HttpReceiver::start(
        200,
        r#"{"Code":"isv.MOBILE_NUMBER_ILLEGAL","Message":"bad"}"#,
    );
    let t = transports(&gateway_cfg(refused.url("/sms"), rule), &no_env);
    let e = failed(t.send(&sms("n7-d41")).await);
    assert!(e.permanent, "{e:?}");

    let ok = HttpReceiver::start(200, r#"{"Code":"OK","Message":"OK","BizId":"9001"}"#);
    let t = transports(&gateway_cfg(ok.url("/sms"), rule), &no_env);
    assert!(t.send(&sms("n7-d42")).await.is_ok());
}

/// A gateway that wants a form, basic auth and a registered template:
/// the body's keys become fields, the notice's values go as the
/// template's parameters.
#[tokio::test]
async fn a_form_gateway_with_basic_auth_and_a_template() {
    use sredesk::notify::config::{SmsAuth, SmsFormat};
    let gateway = HttpReceiver::start(200, r#"{"code":"000000","description":"Success"}"#);
    let cfg = gateway_cfg(gateway.url("/relay/sms"), |s| {
        s.format = SmsFormat::Form;
        s.auth = Some(SmsAuth::Basic);
        s.username = Some("desk".into());
        s.token_env = Some("SMS_SECRET".into());
        s.template_id = Some("8ff55eac1d0b478ab3c06c3c6a492300".into());
    });
    let env = |name: &str| (name == "SMS_SECRET").then(|| "pa55".to_string());
    let t = transports(&cfg, &env);
    let mut d = sms("n7-d43");
    d.params =
        Some(r#"{"reference":"INC-12","stage":"Incident notice","title":"ECS down"}"#.into());
    t.send(&d).await.unwrap();
    let r = &gateway.requests()[0];
    assert_eq!(
        r.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    // "desk:pa55" in base64.
    assert_eq!(r.header("Authorization"), Some("Basic ZGVzazpwYTU1"));
    let fields: std::collections::HashMap<String, String> =
        reqwest::Url::parse(&format!("http://x/?{}", r.body))
            .unwrap()
            .query_pairs()
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
    assert_eq!(fields["to"], "+8613800000000");
    assert_eq!(fields["template_id"], "8ff55eac1d0b478ab3c06c3c6a492300");
    assert_eq!(json_of(&fields["params"])["reference"], "INC-12");
    assert_eq!(fields["reference"], "n7-d43");
}

#[tokio::test]
async fn a_gateway_key_in_a_header_of_its_own() {
    use sredesk::notify::config::SmsAuth;
    let gateway = HttpReceiver::start(202, "");
    let cfg = gateway_cfg(gateway.url("/sms"), |s| {
        s.auth = Some(SmsAuth::Header);
        s.header = Some("X-Api-Key".into());
        s.token_env = Some("SMS_KEY".into());
    });
    let env = |name: &str| (name == "SMS_KEY").then(|| "k-123".to_string());
    transports(&cfg, &env).send(&sms("n7-d44")).await.unwrap();
    let r = &gateway.requests()[0];
    assert_eq!(r.header("X-Api-Key"), Some("k-123"));
    assert_eq!(r.header("Authorization"), None);
}

/// A gateway template that does not render stops the desk at start-up,
/// instead of killing every SMS when it is sent.
#[test]
fn a_broken_gateway_template_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("sms-gateway.json.j2"),
        "{\"to\": {{ to }}, \"x\": {{ nope }}}",
    )
    .unwrap();
    let t = Arc::new(Templates::load(Some(dir.path())).unwrap());
    let e = Transports::from_config(&live(25), t, Path::new("."), &no_env)
        .err()
        .unwrap();
    assert!(e.contains("sms-gateway.json.j2"), "{e}");
    // As a form, the body must be an object of fields.
    std::fs::write(dir.path().join("sms-gateway.json.j2"), "[{{ to }}]").unwrap();
    let t = Arc::new(Templates::load(Some(dir.path())).unwrap());
    let cfg = gateway_cfg("http://127.0.0.1:9/sms".into(), |s| {
        s.format = sredesk::notify::config::SmsFormat::Form
    });
    let e = Transports::from_config(&cfg, t, Path::new("."), &no_env)
        .err()
        .unwrap();
    assert!(e.contains("form"), "{e}");
}
