//! Email through a real SMTP receiver.

use super::*;

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
        Some("<n7-d1@sredesk.test>")
    );
    // RFC 2045: a message with a Content-Type says its MIME version.
    assert_eq!(m.header("MIME-Version").as_deref(), Some("1.0"));
    assert_eq!(m.header("X-Sredesk-Key").as_deref(), Some("n7-d1"));
    // The single text part ends with a line break of its own.
    assert_eq!(m.body(), format!("{}\n", d.body));
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

#[tokio::test]
async fn a_kept_connection_the_server_closed_sends_the_next_message_over_a_new_one_once() {
    let server = SmtpReceiver::hanging_up();
    let t = transports(&live(server.port()), &no_env);
    t.send(&email("n7-d8", "a@northwind.example"))
        .await
        .unwrap();
    // The relay hung up on the connection the client keeps, right after
    // its reply: the next MAIL FROM meets a closed socket.
    t.send(&email("n7-d9", "b@northwind.example"))
        .await
        .unwrap();
    let keys: Vec<_> = server
        .messages()
        .iter()
        .map(|m| m.header("X-Sredesk-Key").unwrap())
        .collect();
    assert_eq!(keys, ["n7-d8", "n7-d9"], "each sent once");
    assert_eq!(server.connections(), 2, "the second over a new connection");
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
