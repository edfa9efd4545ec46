//! The SMS gateway: a POST of the rendered `sms-gateway.json.j2` body with
//! the gateway's bearer token.

use std::time::Duration;

use reqwest::Url;
use reqwest::header::HeaderValue;

use super::webhook::{self, Http};
use super::wire::seconds;
use crate::domain::notice::{SendError, Sent};
use crate::notify::config::SmsConfig;

pub(super) struct Gateway {
    /// None: the desk sends no SMS, and each one fails saying so.
    url: Option<Url>,
    token: Option<String>,
    timeout: Duration,
}

impl Gateway {
    pub(super) fn from_config(
        cfg: &SmsConfig,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Gateway, String> {
        let url = match &cfg.url {
            Some(u) => Some(webhook::http_url(u, "key `notify.sms.url`:").map_err(|e| e.reason)?),
            None => None,
        };
        let token = match &cfg.token_env {
            Some(var) => {
                let token = env(var).filter(|t| !t.is_empty()).ok_or_else(|| {
                    format!("environment variable {var} (notify.sms.token_env) is not set")
                })?;
                // Checked here: a token a header cannot carry would fail
                // every SMS, and each failure would print it.
                HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                    format!(
                        "environment variable {var} (notify.sms.token_env) holds characters \
                         an HTTP header cannot carry"
                    )
                })?;
                Some(token)
            }
            None => None,
        };
        Ok(Gateway {
            url,
            token,
            timeout: seconds(cfg.timeout_seconds),
        })
    }

    pub(super) async fn send(
        &self,
        http: &Http,
        body: String,
        key: &str,
    ) -> Result<Sent, SendError> {
        let url = self
            .url
            .clone()
            .ok_or_else(|| SendError::permanent("no SMS gateway configured (notify.sms.url)"))?;
        let reply = http
            .post(url, body, key, self.token.as_deref(), self.timeout)
            .await?;
        webhook::judge(&reply)
    }
}
