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

/// C0, DEL and C1 controls, the bidirectional marks, overrides and
/// isolates that can make text display in an order other than the one
/// stored, and what makes a cell's width uncertain (see [`width_unsure`]).
pub fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
        || width_unsure(c)
}

/// Characters the renderer and the terminal disagree on the width of, so
/// that a row holding one leaves stray glyphs on the next screen: the
/// joiners that glue emoji into one glyph (ZWJ sequences), the variation
/// selectors that turn a one-column symbol into a two-column emoji, the
/// regional indicators that pair into a flag, skin-tone modifiers and tag
/// characters that merge into the emoji before them, the invisible
/// zero-width characters (spaces, joiners, the soft hyphen, the byte order
/// mark, the Hangul fillers), and the line and paragraph separators that
/// some terminals break a line on. Shown as escapes, each is a fixed
/// number of ASCII columns.
pub fn width_unsure(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200d}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{2060}'..='\u{2064}'
            | '\u{3164}'
            | '\u{fe00}'..='\u{fe0f}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{1f1e6}'..='\u{1f1ff}'
            | '\u{1f3fb}'..='\u{1f3ff}'
            | '\u{e0000}'..='\u{e007f}'
            | '\u{e0100}'..='\u{e01ef}'
    )
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
    // serde_json's own conversion gives back the writer's error as it was,
    // so a reader that hung up (`--json | head`) is still a broken pipe.
    value.serialize(&mut ser).map_err(std::io::Error::from)
}

/// "1 delivery", "2 deliveries", "9,998 escalations": a count, grouped
/// by thousands, and its noun agreeing with it.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}

/// "1,234,567": a count grouped by thousands.
pub fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_grouped_and_agree_with_their_noun() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(9_998), "9,998");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(plural(1, "delivery", "deliveries"), "1 delivery");
        assert_eq!(plural(0, "delivery", "deliveries"), "0 deliveries");
        assert_eq!(plural(1_000, "customer", "customers"), "1,000 customers");
    }

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

    /// Text that made the renderer and the terminal disagree on a cell's
    /// width: once inert, each character's width is its own, whatever is
    /// next to it, so the sum of the characters is the width of the text.
    #[test]
    fn every_cell_width_is_certain_once_inert() {
        use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
        let corpus = [
            "family 👨\u{200d}👩\u{200d}👧\u{200d}👦 done",
            "rainbow 🏳\u{fe0f}\u{200d}🌈 flag",
            "flags 🇨🇳🇺🇸 and a lone 🇯",
            "England 🏴\u{e0067}\u{e0062}\u{e0065}\u{e006e}\u{e0067}\u{e007f}",
            "heart ❤\u{fe0f} vs ❤\u{fe0e} text",
            "thumbs 👍\u{1f3fd}",
            "ideograph 葛\u{e0100}",
            "line\u{2028}sep\u{2029}para",
            "arabic \u{061c}mark",
            "zero\u{200b}width\u{200c}non\u{200d}joiner\u{2060}wj\u{feff}bom\u{00ad}shy",
            "hangul \u{115f}\u{1160}\u{3164}\u{ffa0} fillers",
            "mongolian \u{180e} vowel sep",
            "ECS 实例宕机 — cn-north-4",
        ];
        for text in corpus {
            let shown = inert(text);
            let by_char: usize = shown.chars().map(|c| c.width().unwrap_or(0)).sum();
            assert_eq!(shown.width(), by_char, "{text:?} -> {shown:?}");
            assert!(!shown.chars().any(width_unsure), "{shown:?}");
            for line in inert_lines(text) {
                let by_char: usize = line.chars().map(|c| c.width().unwrap_or(0)).sum();
                assert_eq!(line.width(), by_char, "{line:?}");
            }
        }
        // Each shows as an escape, so nothing is lost from view.
        assert_eq!(inert("a\u{200d}b"), "a\\u{200d}b");
        assert_eq!(inert("🇨🇳"), "\\u{1f1e8}\\u{1f1f3}");
        assert_eq!(inert("❤\u{fe0f}"), "❤\\u{fe0f}");
        assert_eq!(inert("a\u{2028}b"), "a\\u{2028}b");
        assert_eq!(inert("\u{061c}"), "\\u{061c}");
        // Emoji without joiners or selectors, and CJK, are shown as they are.
        assert!(matches!(inert("🔥 火 🚀"), Cow::Borrowed(_)));
    }
}
