//! What every transport needs to speak: timeouts in seconds, delivery
//! keys safe for file names and Message-IDs, and far ends' answers kept
//! short and inert, with the cause an engineer can act on.

pub(super) fn seconds(s: u32) -> std::time::Duration {
    std::time::Duration::from_secs(u64::from(s))
}

/// A delivery key made safe for a file name and a Message-ID: letters,
/// digits, `-` and `_` stay, anything else becomes `%XX`, so two keys never
/// share a name and none can climb out of its folder.
pub(super) fn safe_key(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for b in key.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    // `%` alone: no other key encodes to it.
    if out.is_empty() {
        out.push('%');
    }
    out
}

/// What a far end said, fit for the delivery log: control characters
/// shown, one line, not a page of HTML.
pub(super) fn short(text: &str) -> String {
    let line = crate::notify::sanitize::one_line(text);
    crate::notify::sanitize::clip(&crate::text::inert(&line), 200)
}

/// A CA file named in the config, read once at start-up.
pub(super) fn read_ca_file(path: &std::path::Path, key: &str) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("key `{key}`: cannot read {}: {e}", path.display()))
}

/// What is wrong with the far end's certificate, when that is why a
/// connection failed: rustls' verdict, found anywhere in the chain (I/O
/// errors carry it inside).
pub(super) fn certificate_problem(e: &(dyn std::error::Error + 'static)) -> Option<String> {
    let mut next: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = next {
        if let Some(rustls::Error::InvalidCertificate(c)) = err.downcast_ref::<rustls::Error>() {
            return Some(format!("{c:?}"));
        }
        if let Some(inner) = err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
            && let rustls::Error::InvalidCertificate(c) = inner
        {
            return Some(format!("{c:?}"));
        }
        next = err.source();
    }
    None
}

/// Client libraries say "error sending request" or "Connection error"; the
/// cause an engineer can act on ("connection refused") is in the sources.
pub(super) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_safe_names_without_collisions() {
        assert_eq!(safe_key("n12-d3_email"), "n12-d3_email");
        assert_eq!(safe_key("../etc/passwd"), "%2E%2E%2Fetc%2Fpasswd");
        assert_eq!(safe_key("a%2F"), "a%252F");
        assert_ne!(safe_key("a/"), safe_key("a%2F"));
        assert_eq!(safe_key(""), "%");
    }

    #[test]
    fn replies_are_short_and_inert() {
        assert_eq!(short("ok\r\n\x1b[2J  done"), "ok \\x1b[2J done");
        assert!(short(&"x".repeat(1000)).len() <= 200);
    }
}
