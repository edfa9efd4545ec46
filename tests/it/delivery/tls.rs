//! SMTP with STARTTLS, and with TLS from the first byte (port 465), to a
//! relay whose certificate a private CA signed:
//! trusted when `notify.email.ca_file` names that CA, refused without,
//! with one clear message and no retry (a certificate that is not trusted
//! will not be trusted on the next try either).

use std::sync::Arc;

use super::*;

/// A CA of our own and a certificate for 127.0.0.1 signed by it; the
/// CA's PEM is written to `dir`.
fn private_ca(dir: &Path) -> (std::path::PathBuf, Arc<rustls::ServerConfig>) {
    let ca_key = rcgen::KeyPair::generate().unwrap();
    let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "sredesk test private CA");
    let ca = ca_params.self_signed(&ca_key).unwrap();
    let key = rcgen::KeyPair::generate().unwrap();
    let server = rcgen::CertificateParams::new(vec!["127.0.0.1".to_string()])
        .unwrap()
        .signed_by(&key, &ca, &ca_key)
        .unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![server.der().clone(), ca.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .unwrap();
    let path = dir.join("private-ca.pem");
    std::fs::write(&path, ca.pem()).unwrap();
    (path, Arc::new(config))
}

fn starttls(port: u16, ca_file: Option<std::path::PathBuf>) -> NotifyConfig {
    secured(SmtpSecurity::Starttls, port, ca_file)
}

fn secured(security: SmtpSecurity, port: u16, ca_file: Option<std::path::PathBuf>) -> NotifyConfig {
    NotifyConfig {
        email: EmailConfig {
            security,
            username: Some("desk".into()),
            password_env: Some("SMTP_PASS".into()),
            ca_file,
            ..live(port).email
        },
        ..live(port)
    }
}

#[tokio::test]
async fn starttls_to_a_relay_with_a_private_ca_trusted_through_ca_file() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, tls) = private_ca(dir.path());
    let server = SmtpReceiver::with_starttls(tls);
    let env = |name: &str| (name == "SMTP_PASS").then(|| "s3cret".to_string());

    let t = transports(&starttls(server.port(), Some(ca)), &env);
    let d = email("n7-d30", "ops@northwind.example");
    let sent = t.send(&d).await.unwrap();
    assert!(sent.reply.starts_with("250"), "{}", sent.reply);
    let got = server.messages();
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].header("MIME-Version").as_deref(), Some("1.0"));
    // The password went only inside TLS (the server offers AUTH there only).
    assert_eq!(
        server.credentials(),
        [("desk".to_string(), "s3cret".to_string())]
    );
}

#[tokio::test]
async fn a_relay_whose_ca_is_not_trusted_is_refused_once_and_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let (_, tls) = private_ca(dir.path());
    let server = SmtpReceiver::with_starttls(tls);
    let env = |name: &str| (name == "SMTP_PASS").then(|| "s3cret".to_string());

    let t = transports(&starttls(server.port(), None), &env);
    let e = failed(t.send(&email("n7-d31", "ops@northwind.example")).await);
    assert!(e.permanent, "not worth retrying: {e:?}");
    assert!(e.reason.contains("not trusted"), "{e}");
    assert!(e.reason.contains("UnknownIssuer"), "{e}");
    assert!(e.reason.contains("notify.email.ca_file"), "{e}");
    assert_eq!(e.reason.matches("Connection error").count(), 0, "{e}");
    assert!(server.messages().is_empty());
    assert!(server.credentials().is_empty(), "no password before trust");
}

#[test]
fn a_ca_file_that_cannot_be_read_is_refused_at_start() {
    let cfg = starttls(25, Some("/nonexistent/ca.pem".into()));
    let env = |_: &str| Some("x".to_string());
    let e = Transports::from_config(&cfg, templates(), Path::new("."), &env)
        .err()
        .unwrap();
    assert!(
        e.contains("notify.email.ca_file") && e.contains("/nonexistent/ca.pem"),
        "{e}"
    );
}

/// Port 465's TLS from the first byte, over the desk's own socket (with
/// TCP_NODELAY, as STARTTLS has): greeting, AUTH and two messages on one
/// kept connection, all inside TLS.
#[tokio::test]
async fn implicit_tls_to_a_relay_with_a_private_ca_delivers_on_one_connection() {
    let dir = tempfile::tempdir().unwrap();
    let (ca, tls) = private_ca(dir.path());
    let server = SmtpReceiver::with_implicit_tls(tls);
    let env = |name: &str| (name == "SMTP_PASS").then(|| "s3cret".to_string());

    let t = transports(&secured(SmtpSecurity::Tls, server.port(), Some(ca)), &env);
    for key in ["n7-d40", "n7-d41"] {
        let sent = t.send(&email(key, "ops@northwind.example")).await.unwrap();
        assert!(sent.reply.starts_with("250"), "{}", sent.reply);
    }
    assert_eq!(server.messages().len(), 2);
    assert_eq!(server.connections(), 1, "the connection is kept");
    assert_eq!(
        server.credentials(),
        [("desk".to_string(), "s3cret".to_string())]
    );
}

#[tokio::test]
async fn implicit_tls_to_a_relay_whose_ca_is_not_trusted_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let (_, tls) = private_ca(dir.path());
    let server = SmtpReceiver::with_implicit_tls(tls);
    let env = |name: &str| (name == "SMTP_PASS").then(|| "s3cret".to_string());

    let t = transports(&secured(SmtpSecurity::Tls, server.port(), None), &env);
    let e = failed(t.send(&email("n7-d42", "ops@northwind.example")).await);
    assert!(e.permanent, "not worth retrying: {e:?}");
    assert!(e.reason.contains("not trusted"), "{e}");
    assert!(e.reason.contains("notify.email.ca_file"), "{e}");
    assert!(server.messages().is_empty());
    assert!(server.credentials().is_empty(), "no password before trust");
}
