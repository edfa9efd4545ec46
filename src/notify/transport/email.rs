//! Email over SMTP with lettre's connection, driven phase by phase so each
//! phase has its own deadline: connecting, the greeting, STARTTLS, AUTH and
//! each command get `notify.email.timeout_seconds`; the reply after the
//! message's final dot gets `notify.email.data_timeout_seconds` (10 minutes
//! by default, as RFC 5321 §4.5.3.2.6 asks of a client). lettre's own
//! timeout covers the TCP connect only, and one deadline over the whole
//! send gave up on a relay that was slow to answer after DATA though it
//! had taken the message, so every retry was delivered in full.
//!
//! Connections are kept between sends (a burst of notices shares one) and
//! used again without a NOOP first: a kept connection the relay has closed
//! meanwhile fails at MAIL FROM, before anything of the message went, and
//! the message goes over a new one. The socket is ours, with
//! `TCP_NODELAY`: lettre writes the message and its final dot in two
//! writes, and with Nagle's algorithm on the dot waited for the relay's
//! delayed ACK (~40 ms a message; lettre PR #1159). Implicit TLS (port
//! 465) runs over the same socket (see `implicit_tls`).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use lettre::Message;
use lettre::message::Mailbox;
use lettre::message::SinglePart;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{
    AsyncSmtpConnection, AsyncTokioStream, Certificate, TlsParameters, TlsParametersBuilder,
};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

use super::implicit_tls::Encrypted;
use super::wire::{certificate_problem, error_chain, read_ca_file, safe_key, seconds, short};
use crate::domain::notice::{Delivery, SendError, Sent};
use crate::notify::config::{EmailConfig, SmtpSecurity};
use crate::notify::sanitize;

/// Idle connections kept for the next send: as many as the dispatcher
/// sends at once.
const KEEP_IDLE: usize = 4;
/// How long an idle connection is kept: well inside the 5 minutes RFC 5321
/// §4.5.3.2.7 lets a server wait before it closes one.
const KEEP_FOR: Duration = Duration::from_secs(60);

pub(super) struct Smtp {
    /// "host:port", for messages.
    server: String,
    host: String,
    port: u16,
    security: SmtpSecurity,
    /// For TLS and STARTTLS.
    tls: Option<TlsParameters>,
    credentials: Option<Credentials>,
    hello: ClientId,
    /// Each phase but the reply after the message.
    command_timeout: Duration,
    /// The reply after the message's final dot.
    data_timeout: Duration,
    idle: Mutex<Vec<(Instant, AsyncSmtpConnection)>>,
}

/// A phase's failure: what it was, and lettre's error or our deadline.
enum Failed {
    Smtp(&'static str, lettre::transport::smtp::Error),
    TimedOut(&'static str, Duration),
    Refused(String),
    /// The TCP connection itself, before lettre has it.
    Connect(std::io::Error),
    ConnectTimedOut(Duration),
}

/// `step`, given `limit` to finish.
async fn phase<T>(
    what: &'static str,
    limit: Duration,
    step: impl std::future::Future<Output = Result<T, lettre::transport::smtp::Error>>,
) -> Result<T, Failed> {
    match tokio::time::timeout(limit, step).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(Failed::Smtp(what, e)),
        Err(_) => Err(Failed::TimedOut(what, limit)),
    }
}

impl Smtp {
    pub(super) fn from_config(
        cfg: &EmailConfig,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Smtp, String> {
        let host = cfg
            .host
            .as_deref()
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .ok_or("key `notify.email.host`: live delivery needs an SMTP host")?;
        // The system's roots (lettre's rustls-native-certs), and the CAs of
        // `ca_file` beside them.
        let tls = match (&cfg.ca_file, cfg.security) {
            (Some(_), SmtpSecurity::Plain) => {
                return Err(
                    "key `notify.email.ca_file`: a CA file is for TLS; security = \"plain\" uses none"
                        .into(),
                );
            }
            (None, SmtpSecurity::Plain) => None,
            (ca, _) => {
                let mut builder = TlsParametersBuilder::new(host.to_string());
                if let Some(path) = ca {
                    let pem = read_ca_file(path, "notify.email.ca_file")?;
                    let cert = Certificate::from_pem(&pem).map_err(|e| {
                        format!("key `notify.email.ca_file`: {}: {e}", path.display())
                    })?;
                    builder = builder.add_root_certificate(cert);
                }
                Some(builder.build().map_err(|e| {
                    let key = if ca.is_some() { "ca_file" } else { "host" };
                    format!("key `notify.email.{key}`: {e}")
                })?)
            }
        };
        let port = cfg.port.unwrap_or(cfg.security.default_port());
        let credentials = match (&cfg.username, &cfg.password_env) {
            (Some(user), Some(var)) => {
                let password = env(var).filter(|p| !p.is_empty()).ok_or_else(|| {
                    format!("environment variable {var} (notify.email.password_env) is not set")
                })?;
                Some(Credentials::new(user.clone(), password))
            }
            (None, None) => None,
            (Some(_), None) => {
                return Err(
                    "key `notify.email.username` is set but `notify.email.password_env` is not: \
                     name the environment variable holding the password"
                        .into(),
                );
            }
            (None, Some(_)) => {
                return Err(
                    "key `notify.email.password_env` is set but `notify.email.username` is not"
                        .into(),
                );
            }
        };
        Ok(Smtp {
            server: format!("{host}:{port}"),
            host: host.to_string(),
            port,
            security: cfg.security,
            tls,
            credentials,
            hello: ClientId::default(),
            command_timeout: seconds(cfg.timeout_seconds),
            data_timeout: seconds(cfg.data_timeout_seconds),
            idle: Mutex::new(Vec::new()),
        })
    }

    pub(super) async fn send(&self, message: Message) -> Result<Sent, SendError> {
        let result = self.transaction(&message).await;
        // A certificate we do not trust will not be trusted on the next
        // try either: one clear message, given up at once.
        let e = match result {
            Ok(reply) => return Ok(Sent { reply }),
            Err(e) => e,
        };
        Err(match e {
            Failed::Smtp(_, e) if certificate_problem(&e).is_some() => {
                SendError::permanent(format!(
                    "SMTP {}: the server's TLS certificate is not trusted ({}); if the relay \
                     uses a private CA, name its certificate in notify.email.ca_file",
                    self.server,
                    certificate_problem(&e).unwrap_or_default()
                ))
            }
            // A 5xx is the server's final word on this message; anything
            // else (a 4xx, no connection, a timeout) may pass later.
            Failed::Smtp(what, e) => {
                let text = format!("SMTP {} ({what}): {}", self.server, short(&error_chain(&e)));
                if e.is_permanent() {
                    SendError::permanent(text)
                } else {
                    SendError::transient(text)
                }
            }
            Failed::TimedOut(what, limit) => SendError::transient(format!(
                "SMTP {}: timed out: no answer to {what} within {}s",
                self.server,
                limit.as_secs()
            )),
            Failed::Refused(why) => SendError::permanent(format!("SMTP {}: {why}", self.server)),
            Failed::Connect(e) => {
                SendError::transient(format!("SMTP {}: cannot connect: {e}", self.server))
            }
            Failed::ConnectTimedOut(limit) => SendError::transient(format!(
                "SMTP {}: timed out: no connection within {}s",
                self.server,
                limit.as_secs()
            )),
        })
    }

    /// One message over a kept connection or a new one; a connection that
    /// failed in any way is dropped, never reused mid-command. A kept one
    /// that fails at MAIL FROM with anything but the relay's final word (a
    /// 5xx) had gone stale: the message goes over a new connection.
    async fn transaction(&self, message: &Message) -> Result<String, Failed> {
        if let Some(conn) = self.kept() {
            match self.over(conn, message).await {
                Err(Failed::Smtp("MAIL FROM", e)) if !e.is_permanent() => {
                    tracing::debug!("a kept SMTP connection went stale: {e}");
                }
                done => return done,
            }
        }
        let conn = self.connect().await?;
        self.over(conn, message).await
    }

    async fn over(
        &self,
        mut conn: AsyncSmtpConnection,
        message: &Message,
    ) -> Result<String, Failed> {
        let envelope = message.envelope();
        let body = message.formatted();
        let mut options = Vec::new();
        let addresses = envelope.from().into_iter().chain(envelope.to());
        if !addresses
            .into_iter()
            .all(|a| AsRef::<str>::as_ref(a).is_ascii())
        {
            if !conn.server_info().supports_feature(Extension::SmtpUtfEight) {
                return Err(Failed::Refused(
                    "an address is not ASCII and the server does not take SMTPUTF8".into(),
                ));
            }
            options.push(MailParameter::SmtpUtfEight);
        }
        if !body.is_ascii() {
            if !conn.server_info().supports_feature(Extension::EightBitMime) {
                return Err(Failed::Refused(
                    "the message is not ASCII and the server does not take 8BITMIME".into(),
                ));
            }
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        let t = self.command_timeout;
        let mail = Mail::new(envelope.from().cloned(), options);
        phase("MAIL FROM", t, conn.command(mail)).await?;
        for to in envelope.to() {
            phase("RCPT TO", t, conn.command(Rcpt::new(to.clone(), vec![]))).await?;
        }
        phase("DATA", t, conn.command(Data)).await?;
        let response = phase(
            "the message (the reply after its final dot)",
            self.data_timeout,
            conn.message(&body),
        )
        .await?;
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < KEEP_IDLE
        {
            idle.push((Instant::now(), conn));
        }
        let text: Vec<&str> = response.message().collect();
        Ok(short(&format!("{} {}", response.code(), text.join(" "))))
    }

    /// The connection used last, unless it has been idle too long.
    fn kept(&self) -> Option<AsyncSmtpConnection> {
        let mut idle = self.idle.lock().ok()?;
        idle.retain(|(since, _)| since.elapsed() < KEEP_FOR);
        idle.pop().map(|(_, conn)| conn)
    }

    /// A new connection: connected, greeted, encrypted as configured and
    /// logged in.
    async fn connect(&self) -> Result<AsyncSmtpConnection, Failed> {
        let t = self.command_timeout;
        let tcp = match tokio::time::timeout(
            t,
            tokio::net::TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        {
            Ok(Ok(tcp)) => tcp,
            Ok(Err(e)) => return Err(Failed::Connect(e)),
            Err(_) => return Err(Failed::ConnectTimedOut(t)),
        };
        tcp.set_nodelay(true).map_err(Failed::Connect)?;
        let transport: Box<dyn AsyncTokioStream> = match (self.security, &self.tls) {
            // Implicit TLS: encrypted before the greeting.
            (SmtpSecurity::Tls, Some(tls)) => {
                Box::new(phase("the TLS handshake", t, Encrypted::over(tcp, tls.clone())).await?)
            }
            _ => Box::new(tcp),
        };
        let mut conn = phase(
            "the greeting",
            t,
            AsyncSmtpConnection::connect_with_transport(transport, &self.hello),
        )
        .await?;
        if let (SmtpSecurity::Starttls, Some(tls)) = (self.security, &self.tls) {
            phase("STARTTLS", t, conn.starttls(tls.clone(), &self.hello)).await?;
        }
        if let Some(credentials) = &self.credentials {
            phase("AUTH", t, conn.auth(DEFAULT_MECHANISMS, credentials)).await?;
        }
        Ok(conn)
    }
}

/// The message for one delivery, the same in live and demo mode.
pub(super) fn message(from: &Mailbox, d: &Delivery) -> Result<Message, SendError> {
    let to: Mailbox = d.address.trim().parse().map_err(|e| {
        SendError::permanent(format!(
            "'{}' is not an email address ({e})",
            crate::text::inert(&d.address)
        ))
    })?;
    // Mail clients drop a second message with the same Message-ID, so a
    // retry after a lost reply does not show twice. The key holds the
    // store's random id: another desk's message never shares it.
    let message_id = format!("<{}@{}>", safe_key(&d.key), from.email.domain());
    Message::builder()
        .from(from.clone())
        .to(to)
        // The subject was rendered as one line; this is the last gate
        // before a header, so a line break cannot start another one.
        .subject(sanitize::one_line(&sanitize::clean(&d.subject)))
        .message_id(Some(message_id))
        .raw_header(HeaderValue::new(
            HeaderName::new_from_ascii_str("X-Sredesk-Key"),
            d.key.clone(),
        ))
        // A single part adds `MIME-Version: 1.0`, which RFC 2045 asks of
        // every message with a Content-Type.
        .singlepart(SinglePart::plain(d.body.clone()))
        .map_err(|e| SendError::permanent(format!("the message cannot be built: {e}")))
}
