//! The SMS gateway: a POST of the rendered `sms-gateway.json.j2`, as JSON
//! or as a form, with the gateway's bearer, basic or custom-header
//! secret, and its reply judged by the configured success rule (a 200
//! that says `"Code": "isv.BUSINESS_LIMIT_CONTROL"` is not sent).
//!
//! Providers that sign each request (Huawei Cloud MSGSMS with its WSSE
//! header, Alibaba Cloud with a signed query) need a relay that signs:
//! sredesk sends the relay the rendered body and its secret, the relay
//! signs and forwards, and answers with the provider's reply.

use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderName, HeaderValue};
use serde_json::Value;

use super::webhook::{self, Http, Reply};
use super::wire::{seconds, short};
use crate::domain::notice::{SendError, Sent};
use crate::notify::config::{SmsAuth, SmsConfig, SmsFormat, SmsSuccess};

/// How the gateway is told who is asking.
enum Auth {
    None,
    Bearer(String),
    Basic {
        user: String,
        password: String,
    },
    Header {
        name: HeaderName,
        value: HeaderValue,
    },
}

pub(super) struct Gateway {
    /// None: the desk sends no SMS, and each one fails saying so.
    url: Option<Url>,
    format: SmsFormat,
    auth: Auth,
    success: SmsSuccess,
    timeout: Duration,
    http: Http,
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
        let secret = || -> Result<String, String> {
            let var = cfg.token_env.as_deref().unwrap_or_default();
            env(var).filter(|t| !t.is_empty()).ok_or_else(|| {
                format!("environment variable {var} (notify.sms.token_env) is not set")
            })
        };
        // Checked here: a secret a header cannot carry would fail every
        // SMS, and each failure would print it.
        let unfit = || {
            format!(
                "environment variable {} (notify.sms.token_env) holds characters an HTTP header \
                 cannot carry",
                cfg.token_env.as_deref().unwrap_or_default()
            )
        };
        let auth = match cfg.auth() {
            SmsAuth::None => Auth::None,
            SmsAuth::Bearer => {
                let token = secret()?;
                HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| unfit())?;
                Auth::Bearer(token)
            }
            SmsAuth::Basic => Auth::Basic {
                user: cfg.username.clone().unwrap_or_default(),
                password: secret()?,
            },
            SmsAuth::Header => {
                let name = cfg.header.as_deref().unwrap_or_default().trim();
                Auth::Header {
                    name: HeaderName::from_bytes(name.as_bytes()).map_err(|_| {
                        format!("key `notify.sms.header`: '{name}' is not a header name")
                    })?,
                    value: HeaderValue::from_str(&secret()?).map_err(|_| unfit())?,
                }
            }
        };
        Ok(Gateway {
            url,
            format: cfg.format,
            auth,
            success: cfg.success.clone(),
            timeout: seconds(cfg.timeout_seconds),
            http: Http::new(cfg.ca_file.as_deref().map(|p| (p, "notify.sms.ca_file")))?,
        })
    }

    pub(super) async fn send(&self, body: String, key: &str) -> Result<Sent, SendError> {
        let url = self
            .url
            .clone()
            .ok_or_else(|| SendError::permanent("no SMS gateway configured (notify.sms.url)"))?;
        let url_text = url.to_string();
        let (content_type, body) = match self.format {
            SmsFormat::Json => ("application/json", body),
            SmsFormat::Form => ("application/x-www-form-urlencoded", form_body(&body)?),
        };
        let reply = self
            .http
            .send(
                url,
                content_type,
                body,
                key,
                self.timeout,
                |r| match &self.auth {
                    Auth::None => r,
                    Auth::Bearer(t) => r.bearer_auth(t),
                    Auth::Basic { user, password } => r.basic_auth(user, Some(password)),
                    Auth::Header { name, value } => r.header(name.clone(), value.clone()),
                },
            )
            .await;
        // What the gateway says is kept and shown: never with the secret
        // it was sent (some quote a token they refuse).
        let mut secrets = crate::domain::masking::url_secrets(url_text.as_str());
        match &self.auth {
            Auth::None => {}
            Auth::Bearer(t) => secrets.push(t.clone()),
            Auth::Basic { password, .. } => secrets.push(password.clone()),
            Auth::Header { value, .. } => {
                secrets.extend(value.to_str().ok().map(str::to_string));
            }
        }
        let scrub = |t: &str| crate::domain::masking::scrub(t, &secrets);
        match reply.and_then(|r| judge(&r, &self.success)) {
            Ok(sent) => Ok(Sent {
                reply: scrub(&sent.reply),
            }),
            Err(e) => Err(SendError {
                reason: scrub(&e.reason),
                ..e
            }),
        }
    }
}

/// The rendered object as form fields: strings as they are, other
/// scalars as written, objects and lists as their JSON (Alibaba Cloud's
/// `TemplateParam` is such a string).
pub(crate) fn form_fields(body: &str) -> Result<Vec<(String, String)>, String> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body) else {
        return Err("a form body must render as a JSON object of fields".into());
    };
    Ok(map
        .into_iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| {
            let text = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            (k, text)
        })
        .collect())
}

fn form_body(body: &str) -> Result<String, SendError> {
    let fields = form_fields(body)
        .map_err(|e| SendError::permanent(format!("the SMS gateway body: {e}")))?;
    let mut url =
        Url::parse("http://form.invalid/").map_err(|e| SendError::permanent(e.to_string()))?;
    url.query_pairs_mut().extend_pairs(fields);
    Ok(url.query().unwrap_or_default().to_string())
}

/// A scalar in the reply at a dotted path (`Code`, `result.0.status`), as
/// text.
fn field<'a>(reply: &'a Value, path: &str) -> Option<String> {
    let mut at: &'a Value = reply;
    for part in path.split('.') {
        at = match at {
            Value::Array(items) => items.get(part.parse::<usize>().ok()?)?,
            other => other.get(part)?,
        };
    }
    match at {
        Value::String(s) => Some(s.clone()),
        Value::Number(_) | Value::Bool(_) => Some(at.to_string()),
        _ => None,
    }
}

/// The status first (listed ones, else any 2xx; a 5xx or 429 is worth
/// another try, other failures are not), then the reply's field.
pub(super) fn judge(reply: &Reply, rule: &SmsSuccess) -> Result<Sent, SendError> {
    let sent = webhook::judge(reply)?;
    let status = reply.status.as_u16();
    if !rule.status.is_empty() && !rule.status.contains(&status) {
        return Err(SendError::permanent(format!(
            "the gateway answered {} (not a success status here): {}",
            status, sent.reply
        )));
    }
    let (Some(path), Some(wanted)) = (&rule.field, &rule.value) else {
        return Ok(sent);
    };
    let Ok(json) = serde_json::from_str::<Value>(&reply.body) else {
        return Err(SendError::permanent(format!(
            "the gateway's reply is not JSON, so {path} cannot say it was sent: {}",
            sent.reply
        )));
    };
    match field(&json, path) {
        Some(v) if &v == wanted => Ok(sent),
        Some(v) if rule.retry_values.contains(&v) => Err(SendError::transient(format!(
            "the gateway did not take it yet ({path} = {}): {}",
            short(&v),
            sent.reply
        ))),
        Some(v) => Err(SendError::permanent(format!(
            "the gateway refused it ({path} = {}, not {}): {}",
            short(&v),
            short(wanted),
            sent.reply
        ))),
        None => Err(SendError::permanent(format!(
            "the gateway's reply has no {path}: {}",
            sent.reply
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::StatusCode;

    fn reply(status: u16, body: &str) -> Reply {
        Reply {
            status: StatusCode::from_u16(status).unwrap(),
            body: body.into(),
        }
    }

    fn rule(field: &str, value: &str, retry: &[&str]) -> SmsSuccess {
        SmsSuccess {
            status: vec![200],
            field: Some(field.into()),
            value: Some(value.into()),
            retry_values: retry.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Reply shapes as the providers document them.
    #[test]
    fn replies_are_judged_by_the_configured_field() {
        // Alibaba Cloud SendSms.
        let ali = rule("Code", "OK", &["isv.BUSINESS_LIMIT_CONTROL"]);
        assert!(
            judge(
                &reply(200, r#"{"Code":"OK","Message":"OK","BizId":"9"}"#),
                &ali
            )
            .is_ok()
        );
        let e = judge(
            &reply(
                200,
                r#"{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"limit"}"#,
            ),
            &ali,
        )
        .unwrap_err();
        assert!(
            !e.permanent && e.reason.contains("BUSINESS_LIMIT_CONTROL"),
            "{e}"
        );
        let e = judge(&reply(200, r#"{"Code":"isv.MOBILE_NUMBER_ILLEGAL"}"#), &ali).unwrap_err();
        assert!(e.permanent, "{e}");
        // Huawei Cloud MSGSMS (behind a signing relay).
        let hw = rule("code", "000000", &[]);
        assert!(
            judge(
                &reply(200, r#"{"code":"000000","description":"Success"}"#),
                &hw
            )
            .is_ok()
        );
        // Tencent Cloud: the verdict sits in a list.
        let tc = rule("Response.SendStatusSet.0.Code", "Ok", &[]);
        let ok = r#"{"Response":{"SendStatusSet":[{"Code":"Ok"}],"RequestId":"r"}}"#;
        assert!(judge(&reply(200, ok), &tc).is_ok());
        assert!(judge(&reply(200, r#"{"Response":{"Error":{"Code":"x"}}}"#), &tc).is_err());
        // Numbers compare as written; a status not listed is no success.
        assert!(judge(&reply(200, r#"{"code":0}"#), &rule("code", "0", &[])).is_ok());
        assert!(judge(&reply(202, r#"{"code":0}"#), &rule("code", "0", &[])).is_err());
        // The status still speaks first: a 503 is worth another try.
        assert!(!judge(&reply(503, ""), &ali).unwrap_err().permanent);
        assert!(judge(&reply(200, "<html>"), &ali).unwrap_err().permanent);
    }

    #[test]
    fn a_form_body_takes_each_key_as_a_field() {
        let mut f =
            form_fields(r#"{"To":"+86138","TemplateParam":{"ref":"INC-1"},"n":2,"x":null}"#)
                .unwrap();
        f.sort();
        let want = [
            ("TemplateParam", r#"{"ref":"INC-1"}"#),
            ("To", "+86138"),
            ("n", "2"),
        ];
        let want: Vec<_> = want
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(f, want);
        assert!(form_fields("[1]").is_err());
    }
}
