//! Robot keys and tokens kept out of what people read: a group robot's
//! webhook URL carries its credential in the query (`?key=` on WeCom,
//! `?token=` on WeLink), and anyone holding the URL can post to the
//! customer's group. Outputs show only the last few characters, enough to
//! tell two robots apart.

/// Characters of a secret left showing.
pub const SHOWN: usize = 4;

/// Query parameters that name no secret and are shown whole.
const PLAIN_PARAMS: [&str; 2] = ["channel", "msgtype"];

/// `secret` as `…a1b2`: its last [`SHOWN`] characters, or none of it when
/// it is too short for that to hide anything.
pub fn masked_secret(secret: &str) -> String {
    let n = secret.chars().count();
    if n <= SHOWN * 2 {
        return "…".to_string();
    }
    let tail: String = secret.chars().skip(n - SHOWN).collect();
    format!("…{tail}")
}

/// A webhook URL with every query value (but a few known plain ones) and
/// any password masked. Text that is not a URL is masked whole: it may be
/// a key pasted on its own.
pub fn masked_url(address: &str) -> String {
    let Ok(mut url) = reqwest::Url::parse(address.trim()) else {
        return masked_secret(address.trim());
    };
    if url.password().is_some() {
        // Setting fails only for URLs that cannot have one.
        let _ = url.set_password(Some("…"));
    }
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if pairs.is_empty() {
        return url.to_string();
    }
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| {
            if PLAIN_PARAMS.contains(&k.as_str()) {
                format!("{k}={v}")
            } else {
                format!("{k}={}", masked_secret(v))
            }
        })
        .collect();
    url.set_query(None);
    format!("{url}?{}", query.join("&"))
}

/// The secrets a webhook URL holds: its query values (but the known plain
/// ones) and its password.
pub fn url_secrets(address: &str) -> Vec<String> {
    let Ok(url) = reqwest::Url::parse(address.trim()) else {
        return vec![address.trim().to_string()];
    };
    let mut secrets: Vec<String> = url
        .query_pairs()
        .filter(|(k, _)| !PLAIN_PARAMS.contains(&k.as_ref()))
        .map(|(_, v)| v.into_owned())
        .collect();
    secrets.extend(url.password().map(str::to_string));
    secrets.retain(|s| !s.is_empty());
    secrets
}

/// `text` (a far end's reply, an error) with each of `secrets` masked
/// wherever it appears: a robot that echoes the URL it was called on, a
/// gateway quoting the token it refused.
pub fn scrub(text: &str, secrets: &[String]) -> String {
    let mut out = text.to_string();
    // Longest first, so a secret holding another is masked whole.
    let mut secrets: Vec<&String> = secrets.iter().filter(|s| s.len() >= 3).collect();
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for secret in secrets {
        out = out.replace(secret.as_str(), &masked_secret(secret));
    }
    out
}

/// For serde: a webhook field shown masked in every JSON output.
pub fn serialize_masked_url<S: serde::Serializer>(
    value: &Option<String>,
    s: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => s.serialize_some(&masked_url(v)),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn robot_keys_show_their_last_characters_only() {
        assert_eq!(
            masked_url(
                "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa"
            ),
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…5aaa"
        );
        assert_eq!(
            masked_url(
                "https://open.welink.huaweicloud.com/api/werobot/v1/webhook/send?token=abcdef0123456789&channel=standard"
            ),
            "https://open.welink.huaweicloud.com/api/werobot/v1/webhook/send?token=…6789&channel=standard"
        );
        assert_eq!(
            masked_url("https://h.example/x?key=short"),
            "https://h.example/x?key=…"
        );
        assert_eq!(
            masked_url("https://u:pw@h.example/x"),
            "https://u:%E2%80%A6@h.example/x"
        );
        assert_eq!(masked_url("not a url but a long secret"), "…cret");
        let url = "https://h.example/x?key=0123456789abcdef&channel=standard";
        assert_eq!(url_secrets(url), ["0123456789abcdef"]);
        assert_eq!(
            scrub(
                "invalid key 0123456789abcdef for channel standard",
                &url_secrets(url)
            ),
            "invalid key …cdef for channel standard"
        );
        assert_eq!(
            masked_url("https://h.example/hook"),
            "https://h.example/hook"
        );
    }
}
