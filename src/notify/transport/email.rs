//! Email over SMTP with lettre: one pooled transport, so a burst of notices
//! shares a connection instead of opening one each.

use std::sync::Mutex;

use lettre::message::Mailbox;
use lettre::message::SinglePart;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};

use super::wire::{certificate_problem, error_chain, read_ca_file, safe_key, seconds, short};
use crate::domain::notice::{Delivery, SendError, Sent};
use crate::notify::config::{EmailConfig, SmtpSecurity};
use crate::notify::sanitize;

type Pool = AsyncSmtpTransport<Tokio1Executor>;

pub(super) struct Smtp {
    /// "host:port", for messages.
    server: String,
    builder: lettre::transport::smtp::AsyncSmtpTransportBuilder,
    /// For the whole send: lettre's own timeout covers the connect only, so
    /// a server that accepts and then says nothing would hold the drain
    /// (and, past its lease, let another drain send the same message).
    timeout: std::time::Duration,
    /// Built on the first send: lettre's pool starts a task on the Tokio
    /// runtime, which the caller of `from_config` may not be inside.
    pool: Mutex<Option<Pool>>,
}

/// lettre's pool closes its connections from a task it spawns when
/// dropped, which panics outside a Tokio runtime (a dispatcher thread
/// ending, a command returning). There the pool is let go without that
/// goodbye: the process is done with it, and the server sees the TCP
/// connection close.
impl Drop for Smtp {
    fn drop(&mut self) {
        if tokio::runtime::Handle::try_current().is_err()
            && let Some(pool) = self.pool.get_mut().ok().and_then(Option::take)
        {
            std::mem::forget(pool);
        }
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
        let builder = match cfg.security {
            SmtpSecurity::Starttls => Pool::starttls_relay(host),
            SmtpSecurity::Tls => Pool::relay(host),
            SmtpSecurity::Plain => Ok(Pool::builder_dangerous(host)),
        }
        .map_err(|e| format!("key `notify.email.host`: '{host}': {e}"))?;
        // The system's roots (lettre's rustls-native-certs), and the CAs of
        // `ca_file` beside them.
        let builder = match (&cfg.ca_file, cfg.security) {
            (Some(_), SmtpSecurity::Plain) => {
                return Err(
                    "key `notify.email.ca_file`: a CA file is for TLS; security = \"plain\" uses none"
                        .into(),
                );
            }
            (Some(path), security) => {
                let pem = read_ca_file(path, "notify.email.ca_file")?;
                let cert = Certificate::from_pem(&pem)
                    .map_err(|e| format!("key `notify.email.ca_file`: {}: {e}", path.display()))?;
                let params = TlsParameters::builder(host.to_string())
                    .add_root_certificate(cert)
                    .build()
                    .map_err(|e| format!("key `notify.email.ca_file`: {e}"))?;
                builder.tls(match security {
                    SmtpSecurity::Tls => Tls::Wrapper(params),
                    _ => Tls::Required(params),
                })
            }
            (None, _) => builder,
        };
        let port = cfg.port.unwrap_or(cfg.security.default_port());
        let mut builder = builder
            .port(port)
            .timeout(Some(seconds(cfg.timeout_seconds)));
        match (&cfg.username, &cfg.password_env) {
            (Some(user), Some(var)) => {
                let password = env(var).filter(|p| !p.is_empty()).ok_or_else(|| {
                    format!("environment variable {var} (notify.email.password_env) is not set")
                })?;
                builder = builder.credentials(Credentials::new(user.clone(), password));
            }
            (None, None) => {}
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
        }
        Ok(Smtp {
            server: format!("{host}:{port}"),
            builder,
            timeout: seconds(cfg.timeout_seconds),
            pool: Mutex::new(None),
        })
    }

    pub(super) async fn send(&self, message: Message) -> Result<Sent, SendError> {
        // A clone shares the pool's connections; the lock is not held
        // across the send.
        let pool = match self.pool.lock() {
            Ok(mut p) => p
                .get_or_insert_with(|| self.builder.clone().build())
                .clone(),
            Err(_) => self.builder.clone().build(),
        };
        let Ok(result) = tokio::time::timeout(self.timeout, pool.send(message)).await else {
            // The connection was left mid-command; lettre would put it back
            // in the pool and the next message would read this one's late
            // replies. A new pool starts clean.
            if let Ok(mut p) = self.pool.lock() {
                p.take();
            }
            return Err(SendError::transient(format!(
                "SMTP {}: timed out: no answer within {}s",
                self.server,
                self.timeout.as_secs()
            )));
        };
        // lettre hands the connection back to its pool in a task of its
        // own; on our single-threaded runtime that task waits for us to
        // yield, and a send straight after would open a second connection.
        tokio::task::yield_now().await;
        // A certificate we do not trust will not be trusted on the next
        // try either: one clear message, given up at once. (Checked before
        // the match: `if let` guards need a newer Rust than we declare.)
        if let Err(e) = &result
            && let Some(why) = certificate_problem(e)
        {
            return Err(SendError::permanent(format!(
                "SMTP {}: the server's TLS certificate is not trusted ({why}); if the relay \
                 uses a private CA, name its certificate in notify.email.ca_file",
                self.server
            )));
        }
        match result {
            Ok(response) => {
                let text: Vec<&str> = response.message().collect();
                Ok(Sent {
                    reply: short(&format!("{} {}", response.code(), text.join(" "))),
                })
            }
            // A 5xx is the server's final word on this message; anything
            // else (a 4xx, no connection, a timeout) may pass later.
            Err(e) if e.is_permanent() => Err(SendError::permanent(format!(
                "SMTP {}: {}",
                self.server,
                short(&error_chain(&e))
            ))),
            Err(e) => Err(SendError::transient(format!(
                "SMTP {}: {}",
                self.server,
                short(&error_chain(&e))
            ))),
        }
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
