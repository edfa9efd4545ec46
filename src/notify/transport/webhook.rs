//! JSON over HTTP: the chat group robots and the SMS gateway. One client
//! for both, so connections to a host are kept between notices.

use std::time::Duration;

use reqwest::{StatusCode, Url, header};
use serde_json::Value;

use super::wire::{error_chain, short};
use crate::domain::notice::{ChatPlatform, Delivery, SendError, Sent};

pub(super) struct Http {
    client: reqwest::Client,
}

/// What the far end answered, before it is judged.
pub(super) struct Reply {
    pub status: StatusCode,
    pub body: String,
}

impl Http {
    /// A client trusting the system's roots, and the CAs in `ca_file` (the
    /// config key it came from names it in errors).
    pub(super) fn new(ca_file: Option<(&std::path::Path, &str)>) -> Result<Http, String> {
        let mut builder = reqwest::Client::builder()
            // A POST redirected turns into a GET of somewhere else: a moved
            // webhook is an address to fix, not to follow.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("sredesk/", env!("CARGO_PKG_VERSION")));
        if let Some((path, key)) = ca_file {
            let pem = super::wire::read_ca_file(path, key)?;
            let certs = reqwest::Certificate::from_pem_bundle(&pem)
                .map_err(|e| format!("key `{key}`: {}: {e}", path.display()))?;
            if certs.is_empty() {
                return Err(format!(
                    "key `{key}`: {} holds no PEM certificate",
                    path.display()
                ));
            }
            for c in certs {
                builder = builder.add_root_certificate(c);
            }
        }
        let client = builder
            .build()
            .map_err(|e| format!("cannot set up the HTTP client: {e}"))?;
        Ok(Http { client })
    }

    /// A JSON POST (the group robots).
    pub(super) async fn post(
        &self,
        url: Url,
        body: String,
        key: &str,
        timeout: Duration,
    ) -> Result<Reply, SendError> {
        self.send(url, "application/json", body, key, timeout, |r| r)
            .await
    }

    /// A POST of `body` as `content_type`, `auth` adding what proves who
    /// asks.
    pub(super) async fn send(
        &self,
        url: Url,
        content_type: &str,
        body: String,
        key: &str,
        timeout: Duration,
        auth: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Result<Reply, SendError> {
        let host = url.host_str().unwrap_or_default().to_string();
        let request = self
            .client
            .post(url)
            .timeout(timeout)
            .header(header::CONTENT_TYPE, content_type)
            // Receivers that know the header drop a repeat after a retry.
            .header("Idempotency-Key", key)
            .body(body);
        let response = auth(request).send().await.map_err(|e| {
            // The URL holds the robot's key: the error is kept, logged and
            // shown, so it is told without it.
            let e = e.without_url();
            if let Some(why) = super::wire::certificate_problem(&e) {
                return SendError::permanent(format!(
                    "{host}: its TLS certificate is not trusted ({why}); if it is signed by a \
                     private CA, name that CA's certificate in the channel's ca_file"
                ));
            }
            let text = format!("{host}: {}", short(&error_chain(&e)));
            if e.is_builder() {
                SendError::permanent(text)
            } else {
                SendError::transient(text)
            }
        })?;
        let status = response.status();
        // A body that does not arrive whole still leaves the status to judge.
        let body = response.text().await.unwrap_or_default();
        Ok(Reply { status, body })
    }
}

/// Only http and https: anything else is a mistyped address, and trying
/// again will not fix it.
pub(super) fn http_url(address: &str, what: &str) -> Result<Url, SendError> {
    let url = Url::parse(address.trim()).map_err(|e| {
        SendError::permanent(format!(
            "{what} '{}' is not a URL ({e})",
            crate::text::inert(address)
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(SendError::permanent(format!(
            "{what} '{}' is not an http or https URL",
            crate::text::inert(address)
        )));
    }
    Ok(url)
}

/// The status decides: 2xx sent; 408, 429 and 5xx worth another try; any
/// other answer will be the same next time.
pub(super) fn judge(reply: &Reply) -> Result<Sent, SendError> {
    let s = reply.status;
    let text = if reply.body.trim().is_empty() {
        format!("HTTP {s}")
    } else {
        format!("HTTP {s}: {}", short(&reply.body))
    };
    if s.is_success() {
        Ok(Sent { reply: text })
    } else if s == StatusCode::REQUEST_TIMEOUT
        || s == StatusCode::TOO_MANY_REQUESTS
        || s.is_server_error()
    {
        Err(SendError::transient(text))
    } else {
        Err(SendError::permanent(text))
    }
}

/// A group robot answers 200 even when it refuses: WeCom with
/// `{"errcode": N, "errmsg": ...}`, WeLink with `{"code": "N", ...}`;
/// anything but 0 is a refusal. Some pass with time: WeCom's "system busy"
/// (-1) and "api freq out of limit" (45009), WeLink's 58500 (its service
/// failed: the robot was not told no). The others (a dead webhook key,
/// WeLink's 58601 for a bad message, a body too long) will be refused
/// again.
pub(super) fn judge_robot(reply: Reply) -> Result<Sent, SendError> {
    let sent = judge(&reply)?;
    let Ok(Value::Object(answer)) = serde_json::from_str::<Value>(&reply.body) else {
        return Ok(sent);
    };
    let code = match (answer.get("errcode"), answer.get("code")) {
        (Some(Value::Number(n)), _) => n.as_i64().filter(|&n| n != 0),
        (None, Some(Value::String(c))) if c != "0" => Some(c.parse().unwrap_or(i64::MIN)),
        (None, Some(Value::Number(n))) => n.as_i64().filter(|&n| n != 0),
        _ => None,
    };
    match code {
        None => Ok(sent),
        Some(code) => {
            let reason = format!("the robot refused the message: {}", sent.reply);
            if matches!(code, -1 | 45009 | 58500) {
                Err(SendError::transient(reason))
            } else {
                Err(SendError::permanent(reason))
            }
        }
    }
}

/// The body to post for a chat delivery. It must be JSON (the robot would
/// refuse it later, less clearly). A WeLink body carries the time of the
/// attempt and a uuid; WeLink asks for a new uuid on every call, so each
/// attempt gets a fresh random one (repeats are told apart by the
/// Idempotency-Key header instead).
pub(super) fn chat_body(d: &Delivery) -> Result<String, SendError> {
    let mut value: Value = serde_json::from_str(&d.body)
        .map_err(|e| SendError::permanent(format!("the chat body is not JSON: {e}")))?;
    if d.platform != Some(ChatPlatform::WeLink) {
        return Ok(d.body.clone());
    }
    if let Value::Object(map) = &mut value {
        if map.contains_key("timeStamp") {
            // The robot checks it against real time: the system clock, not
            // the desk's (which tests and replays set).
            let now = chrono::Utc::now().timestamp_millis();
            map.insert("timeStamp".into(), now.into());
        }
        if map.contains_key("uuid") {
            map.insert("uuid".into(), random_uuid().into());
        }
    }
    Ok(value.to_string())
}

/// A version 4 UUID ("8-4-4-4-12" hex digits), random per call.
pub(super) fn random_uuid() -> String {
    let mut b: [u8; 16] = std::array::from_fn(|_| fastrand::u8(..));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Reply {
        Reply {
            status: StatusCode::from_u16(status).unwrap(),
            body: body.into(),
        }
    }

    #[test]
    fn statuses_sort_into_sent_retry_and_give_up() {
        assert_eq!(judge(&reply(204, "")).unwrap().reply, "HTTP 204 No Content");
        for s in [408, 429, 500, 502, 503] {
            assert!(!judge(&reply(s, "")).unwrap_err().permanent, "{s}");
        }
        for s in [301, 400, 401, 403, 404, 410] {
            assert!(judge(&reply(s, "")).unwrap_err().permanent, "{s}");
        }
    }

    #[test]
    fn robots_refuse_with_a_code_in_a_200() {
        let ok = judge_robot(reply(200, r#"{"errcode":0,"errmsg":"ok"}"#)).unwrap();
        assert_eq!(ok.reply, r#"HTTP 200 OK: {"errcode":0,"errmsg":"ok"}"#);
        let e = judge_robot(reply(
            200,
            r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#,
        ))
        .unwrap_err();
        assert!(
            e.permanent && e.reason.contains("invalid webhook url"),
            "{e}"
        );
        let e = judge_robot(reply(
            200,
            r#"{"errcode":45009,"errmsg":"api freq out of limit"}"#,
        ))
        .unwrap_err();
        assert!(!e.permanent, "{e}");
        assert!(judge_robot(reply(200, r#"{"code":"0","message":"ok"}"#)).is_ok());
        // WeLink: 58500 is its service failing (try again), 58601 a refusal.
        assert!(
            !judge_robot(reply(200, r#"{"code":"58500","message":"service error"}"#))
                .unwrap_err()
                .permanent
        );
        assert!(
            judge_robot(reply(200, r#"{"code":"58601","message":"bad"}"#))
                .unwrap_err()
                .permanent
        );
        assert!(judge_robot(reply(200, "not json")).is_ok());
    }
}
