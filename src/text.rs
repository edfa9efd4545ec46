//! Untrusted text (ticket titles, descriptions, names) made safe to show.
//!
//! A terminal acts on control characters and escape sequences, so a ticket
//! titled "\x1b[2J" could clear the engineer's screen or retitle the window.
//! Everything that reaches the terminal from the store goes through here and
//! comes out as visible, inert text.

use std::borrow::Cow;

/// One line of text: every control character is shown as an escape.
pub fn inert(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_inert(&mut out, c);
    }
    Cow::Owned(out)
}

/// Several lines: line breaks are kept as lines, tabs become spaces, every
/// other control character is shown as an escape.
pub fn inert_lines(s: &str) -> Vec<String> {
    s.split('\n')
        .map(|line| {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let mut out = String::with_capacity(line.len());
            for c in line.chars() {
                if c == '\t' {
                    out.push_str("    ");
                } else {
                    push_inert(&mut out, c);
                }
            }
            out
        })
        .collect()
}

fn push_inert(out: &mut String, c: char) {
    if !needs_escape(c) {
        out.push(c);
    } else if (c as u32) < 0x100 {
        out.push_str(&format!("\\x{:02x}", c as u32));
    } else {
        out.push_str(&format!("\\u{{{:04x}}}", c as u32));
    }
}

/// C0, DEL and C1 controls, plus the bidirectional overrides and isolates
/// that can make text display in an order other than the one stored.
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// serde_json leaves DEL, C1 controls and bidi overrides raw; a terminal
/// showing the JSON could act on them, so they are written as \u escapes.
struct InertJson;

impl serde_json::ser::Formatter for InertJson {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        s: &str,
    ) -> std::io::Result<()> {
        for c in s.chars() {
            if needs_escape(c) {
                write!(w, "\\u{:04x}", c as u32)?;
            } else {
                let mut buf = [0; 4];
                w.write_all(c.encode_utf8(&mut buf).as_bytes())?;
            }
        }
        Ok(())
    }
}

/// JSON whose strings are safe to show on a terminal, and still exact.
pub fn write_json<T: serde::Serialize + ?Sized>(
    out: &mut dyn std::io::Write,
    value: &T,
) -> std::io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut *out, InertJson);
    value.serialize(&mut ser).map_err(std::io::Error::other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_untouched() {
        assert!(matches!(
            inert("ECS 实例宕机 — cn-north-4"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn escapes_become_visible() {
        assert_eq!(inert("a\u{1b}[2Jb"), "a\\x1b[2Jb");
        assert_eq!(inert("bell\u{7}"), "bell\\x07");
        assert_eq!(inert("del\u{7f}"), "del\\x7f");
        // C1 CSI: some terminals treat U+009B like ESC [.
        assert_eq!(inert("\u{9b}31m"), "\\x9b31m");
        assert_eq!(inert("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(inert("two\nlines"), "two\\x0alines");
    }

    #[test]
    fn multi_line_keeps_breaks_and_neutralises_the_rest() {
        assert_eq!(
            inert_lines("one\r\n\ttwo\u{1b}]0;pwned\u{7}"),
            vec!["one".to_string(), "    two\\x1b]0;pwned\\x07".to_string()]
        );
    }
}
