//! `[notify]` in the config: how notices leave the desk. Secrets are never
//! in the file, only the names of the environment variables holding them.

use std::path::PathBuf;

use serde::Deserialize;

use crate::domain::notice::RetryPolicy;

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryMode {
    /// Every channel writes what it would send into a folder: a newcomer
    /// sees real output without a server.
    #[default]
    Demo,
    /// SMTP, webhooks and the SMS gateway for real.
    Live,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct NotifyConfig {
    pub mode: DeliveryMode,
    /// Where demo mode writes: `email/`, `chat/` and `sms/` below it.
    /// Default: `outbox/` in the data directory.
    pub demo_dir: Option<PathBuf>,
    /// A folder of templates overriding the shipped ones, file by file.
    /// Default: `templates/` in the config directory, when it exists.
    pub templates_dir: Option<PathBuf>,
    pub email: EmailConfig,
    pub chat: ChatConfig,
    pub sms: SmsConfig,
    pub retry: RetryConfig,
}

#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection upgraded with STARTTLS (port 587).
    #[default]
    Starttls,
    /// TLS from the first byte (port 465).
    Tls,
    /// No encryption: only for a relay on the same host or in tests.
    Plain,
}

impl SmtpSecurity {
    pub fn default_port(self) -> u16 {
        match self {
            SmtpSecurity::Starttls => 587,
            SmtpSecurity::Tls => 465,
            SmtpSecurity::Plain => 25,
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct EmailConfig {
    pub host: Option<String>,
    pub port: Option<u16>,
    pub security: SmtpSecurity,
    pub username: Option<String>,
    /// Name of the environment variable with the SMTP password.
    pub password_env: Option<String>,
    /// The From header, e.g. `Cloud Support Desk <desk@example.com>`.
    pub from: String,
    /// For connecting, the greeting, STARTTLS, AUTH and each command.
    pub timeout_seconds: u32,
    /// For the server's reply after the message itself: RFC 5321 asks a
    /// client to wait 10 minutes, as a relay may check the message first.
    pub data_timeout_seconds: u32,
    /// Send the password to a relay on another host over a connection
    /// without TLS (`security = "plain"`). Off: anyone on the path reads it.
    pub allow_plaintext_auth: bool,
    /// A PEM file of CA certificates trusted besides the system's: an
    /// enterprise relay signed by a private CA.
    pub ca_file: Option<PathBuf>,
}

impl Default for EmailConfig {
    fn default() -> Self {
        EmailConfig {
            host: None,
            port: None,
            security: SmtpSecurity::default(),
            username: None,
            password_env: None,
            from: "Cloud Support Desk <desk@sredesk.invalid>".into(),
            timeout_seconds: 20,
            data_timeout_seconds: 600,
            allow_plaintext_auth: false,
            ca_file: None,
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct ChatConfig {
    pub timeout_seconds: u32,
    /// Messages a minute each WeCom group robot takes (WeCom documents 20).
    pub wecom_per_minute: u32,
    /// Messages a minute each WeLink group robot takes.
    pub welink_per_minute: u32,
    /// A PEM file of CA certificates trusted besides the system's, for
    /// robots behind a proxy with a private CA.
    pub ca_file: Option<PathBuf>,
}

impl Default for ChatConfig {
    fn default() -> Self {
        let p = crate::domain::pacing::Pacing::default();
        ChatConfig {
            timeout_seconds: 10,
            wecom_per_minute: p.wecom_per_minute,
            welink_per_minute: p.welink_per_minute,
            ca_file: None,
        }
    }
}

impl ChatConfig {
    pub fn pacing(&self) -> crate::domain::pacing::Pacing {
        crate::domain::pacing::Pacing {
            wecom_per_minute: self.wecom_per_minute,
            welink_per_minute: self.welink_per_minute,
        }
    }
}

/// How the SMS gateway's request body is sent.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmsFormat {
    /// `application/json`: the rendered `sms-gateway.json.j2` as it is.
    #[default]
    Json,
    /// `application/x-www-form-urlencoded`: each key of the rendered
    /// object a field (a value that is an object or list goes as its JSON).
    Form,
}

/// How the desk proves itself to the gateway. The secret is always the
/// environment variable `token_env` names.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SmsAuth {
    /// `Authorization: Bearer <secret>`.
    Bearer,
    /// `Authorization: Basic` with `username` and the secret as password.
    Basic,
    /// The secret as the value of the header named `header`.
    Header,
    /// Nothing (a relay on the same host, or the key is in the body).
    None,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct SmsConfig {
    /// The gateway's URL; it receives a POST of `sms-gateway.json.j2`.
    pub url: Option<String>,
    pub format: SmsFormat,
    /// Default: bearer when `token_env` is set, else none.
    pub auth: Option<SmsAuth>,
    /// Name of the environment variable with the gateway's secret.
    pub token_env: Option<String>,
    /// For basic auth.
    pub username: Option<String>,
    /// For header auth: the header's name, e.g. `X-Api-Key`.
    pub header: Option<String>,
    /// Sender name or number passed to the gateway template.
    pub sender: String,
    /// The provider's template id (`template_id` in the gateway template),
    /// for providers that send a registered template with parameters.
    pub template_id: Option<String>,
    pub timeout_seconds: u32,
    /// A PEM file of CA certificates trusted besides the system's.
    pub ca_file: Option<PathBuf>,
    /// When a reply means sent.
    pub success: SmsSuccess,
    /// Send the gateway's secret to an `http://` URL on another host. Off:
    /// anyone on the path reads it.
    pub allow_plaintext_token: bool,
}

impl Default for SmsConfig {
    fn default() -> Self {
        SmsConfig {
            url: None,
            format: SmsFormat::default(),
            auth: None,
            token_env: None,
            username: None,
            header: None,
            sender: "CloudDesk".into(),
            template_id: None,
            timeout_seconds: 10,
            ca_file: None,
            success: SmsSuccess::default(),
            allow_plaintext_token: false,
        }
    }
}

impl SmsConfig {
    pub fn auth(&self) -> SmsAuth {
        self.auth.unwrap_or(if self.token_env.is_some() {
            SmsAuth::Bearer
        } else {
            SmsAuth::None
        })
    }
}

/// A gateway often answers 200 whatever happened and says in its JSON
/// whether the message was taken (Alibaba Cloud: `{"Code": "OK"}`, else
/// e.g. `"isv.BUSINESS_LIMIT_CONTROL"`; Huawei Cloud MSGSMS:
/// `{"code": "000000"}`; Tencent Cloud:
/// `Response.SendStatusSet.0.Code = "Ok"`). Without a field, any 2xx is
/// sent.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct SmsSuccess {
    /// Statuses that may mean sent; empty: any 2xx.
    pub status: Vec<u16>,
    /// A dotted path into the JSON reply (`Code`, `result.0.status`).
    pub field: Option<String>,
    /// The field's value when the message was taken.
    pub value: Option<String>,
    /// Other values of the field that are worth another try (a rate
    /// limit); any other value is a refusal, not retried.
    pub retry_values: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct RetryConfig {
    /// Attempts in all, the first included, before a delivery is dead.
    pub max_attempts: u32,
    /// Wait after the first failure; it doubles after each one.
    pub base_seconds: u32,
    /// The longest wait between two attempts.
    pub cap_seconds: u32,
}

impl Default for RetryConfig {
    fn default() -> Self {
        let p = RetryPolicy::default();
        RetryConfig {
            max_attempts: p.max_attempts,
            base_seconds: u32::try_from(p.base.num_seconds()).unwrap_or(u32::MAX),
            cap_seconds: u32::try_from(p.cap.num_seconds()).unwrap_or(u32::MAX),
        }
    }
}

impl RetryConfig {
    pub fn policy(&self) -> RetryPolicy {
        RetryPolicy {
            max_attempts: self.max_attempts,
            base: chrono::Duration::seconds(i64::from(self.base_seconds)),
            cap: chrono::Duration::seconds(i64::from(self.cap_seconds)),
        }
    }
}

impl NotifyConfig {
    /// Checks what TOML's types cannot; the error names the key.
    pub fn check(&self) -> Result<(), String> {
        let r = &self.retry;
        if !(1..=50).contains(&r.max_attempts) {
            return Err("key `notify.retry.max_attempts`: from 1 to 50".into());
        }
        if r.base_seconds == 0 || r.cap_seconds < r.base_seconds {
            return Err(
                "keys `notify.retry.base_seconds` / `cap_seconds`: the base must be above 0 and the cap at least the base"
                    .into(),
            );
        }
        for (key, secs) in [
            ("notify.email.timeout_seconds", self.email.timeout_seconds),
            ("notify.chat.timeout_seconds", self.chat.timeout_seconds),
            ("notify.sms.timeout_seconds", self.sms.timeout_seconds),
        ] {
            if !(1..=300).contains(&secs) {
                return Err(format!("key `{key}`: from 1 to 300 seconds"));
            }
        }
        if !(1..=1800).contains(&self.email.data_timeout_seconds) {
            return Err("key `notify.email.data_timeout_seconds`: from 1 to 1800 seconds".into());
        }
        for (key, n) in [
            ("notify.chat.wecom_per_minute", self.chat.wecom_per_minute),
            ("notify.chat.welink_per_minute", self.chat.welink_per_minute),
        ] {
            if !(1..=600).contains(&n) {
                return Err(format!("key `{key}`: from 1 to 600 messages a minute"));
            }
        }
        if self.email.from.parse::<lettre::message::Mailbox>().is_err() {
            return Err(format!(
                "key `notify.email.from`: '{}' is not an address such as `Desk <desk@example.com>`",
                self.email.from
            ));
        }
        if let Some(host) = &self.email.host
            && host.trim().is_empty()
        {
            return Err("key `notify.email.host` is empty; give a host or remove the line".into());
        }
        self.check_transport_security()?;
        let sms = &self.sms;
        if sms.success.field.is_some() != sms.success.value.is_some() {
            return Err(
                "keys `notify.sms.success.field` / `value`: give both (the reply's field and its value when sent) or neither"
                    .into(),
            );
        }
        if let Some(s) = sms
            .success
            .status
            .iter()
            .find(|s| !(100..=599).contains(*s))
        {
            return Err(format!(
                "key `notify.sms.success.status`: {s} is not an HTTP status"
            ));
        }
        match sms.auth() {
            SmsAuth::Basic if sms.username.is_none() => {
                return Err("key `notify.sms.username`: basic auth needs the user name".into());
            }
            SmsAuth::Header if sms.header.as_deref().is_none_or(|h| h.trim().is_empty()) => {
                return Err(
                    "key `notify.sms.header`: header auth needs the header's name, e.g. \"X-Api-Key\""
                        .into(),
                );
            }
            SmsAuth::Bearer | SmsAuth::Basic | SmsAuth::Header if sms.token_env.is_none() => {
                return Err(
                    "key `notify.sms.token_env`: name the environment variable holding the gateway's secret"
                        .into(),
                );
            }
            _ => {}
        }
        for (key, var) in [
            ("notify.email.password_env", &self.email.password_env),
            ("notify.sms.token_env", &self.sms.token_env),
        ] {
            if let Some(v) = var
                && (v.is_empty() || !v.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
            {
                return Err(format!(
                    "key `{key}`: '{v}' is not an environment variable name (letters, digits, _)"
                ));
            }
        }
        if self.mode == DeliveryMode::Live && self.email.host.is_none() {
            return Err(
                "key `notify.email.host`: live delivery needs an SMTP host (or set notify.mode = \"demo\")"
                    .into(),
            );
        }
        Ok(())
    }

    /// No secret crosses a network unencrypted unless the config says so,
    /// and nothing is sent to a link-local or metadata address. Checked at
    /// config load and again when the transports are built.
    pub fn check_transport_security(&self) -> Result<(), String> {
        let sms = &self.sms;
        if let Some(url) = &sms.url {
            let url = reqwest::Url::parse(url)
                .map_err(|_| format!("key `notify.sms.url`: '{url}' is not a URL"))?;
            crate::domain::endpoint::check_reachable(&url)
                .map_err(|e| format!("key `notify.sms.url`: {e}"))?;
            let secret = sms.auth() != SmsAuth::None;
            if secret
                && url.scheme() == "http"
                && !crate::domain::endpoint::is_loopback_url(&url)
                && !sms.allow_plaintext_token
            {
                return Err(format!(
                    "key `notify.sms.url`: '{}' is plain http to another host, and the gateway's \
                     secret would cross the network readable; use https, or set \
                     notify.sms.allow_plaintext_token = true",
                    crate::domain::masking::masked_url(url.as_str())
                ));
            }
        }
        let email = &self.email;
        if email.security == SmtpSecurity::Plain
            && email.username.is_some()
            && !email.allow_plaintext_auth
            && let Some(host) = &email.host
            && !crate::domain::endpoint::is_loopback_host(host)
        {
            return Err(format!(
                "key `notify.email.security`: \"plain\" to {host} would send the password \
                 unencrypted; use \"starttls\" or \"tls\", or set \
                 notify.email.allow_plaintext_auth = true"
            ));
        }
        Ok(())
    }
}
