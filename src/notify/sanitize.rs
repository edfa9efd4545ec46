//! Untrusted text made fit for a notice before any template sees it.
//!
//! Unlike `crate::text::inert`, which shows control characters as visible
//! escapes for the engineer, a customer should read neither the sequence nor
//! its escape: a title pasted with "\x1b[31m" reaches them as plain words.

use crate::text::needs_escape;

/// Escape sequences and control characters removed; CR LF and lone CR
/// become LF (a multi-line field keeps its lines), a tab a space.
pub fn clean(s: &str) -> String {
    if !s.chars().any(needs_escape) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\t' => out.push(' '),
            '\u{1b}' => match chars.peek() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']' | 'P' | '_' | '^') => {
                    chars.next();
                    skip_string(&mut chars);
                }
                _ => {}
            },
            // The one-character forms of CSI and of OSC, DCS, APC, PM.
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9f}' | '\u{9e}' => skip_string(&mut chars),
            c if needs_escape(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Parameters and intermediates up to and including the final byte, so
/// "\x1b[2J" leaves nothing behind.
fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while chars
        .next_if(|c| ('\u{20}'..='\u{3f}').contains(c))
        .is_some()
    {}
    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
}

/// A control string runs to BEL or the string terminator (ESC \ or U+009C);
/// unterminated, it runs to the end, as a terminal would take it.
fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return,
            '\u{1b}' => {
                chars.next_if_eq(&'\\');
                return;
            }
            _ => {}
        }
    }
}

/// One line with single spaces: every run of whitespace, line breaks
/// included, becomes one space, and the ends are trimmed.
pub fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// At most `max` characters; a cut is marked with "..." (plain ASCII, so an
/// SMS stays in the GSM alphabet) and made between words when one ends in
/// the last third of what is kept.
pub fn clip(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let keep = max.saturating_sub(3);
    let mut out: String = s.chars().take(keep).collect();
    let next_is_space = s.chars().nth(keep).is_some_and(char::is_whitespace);
    if !next_is_space
        && let Some(space) = out.rfind(char::is_whitespace)
        && out[..space].chars().count() >= keep * 2 / 3
    {
        out.truncate(space);
    }
    out.truncate(out.trim_end().len());
    out.push_str("...");
    out
}

/// Text made inert for WeCom's group-robot markdown. WeCom reads a small
/// markdown (headings, `**bold**`, `[links](url)`, `` `code` ``, `>`
/// quotes, `<font color>` tags) and has no escape syntax: a backslash is
/// shown as it is (`\(CVE-2024-6387\)` reaches the group literally). So
/// the characters it acts on become their full-width look-alikes, which
/// read the same to a person and mean nothing to the renderer: `*` `[`
/// `]` `<` `>` always, `#` at the start of a line; a backtick becomes an
/// apostrophe.
pub fn markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut line_start = true;
    for c in s.chars() {
        match c {
            '*' => out.push('\u{ff0a}'),
            '[' => out.push('\u{ff3b}'),
            ']' => out.push('\u{ff3d}'),
            '<' => out.push('\u{ff1c}'),
            '>' => out.push('\u{ff1e}'),
            '`' => out.push('\''),
            '#' if line_start => out.push('\u{ff03}'),
            c => out.push(c),
        }
        line_start = match c {
            '\n' => true,
            ' ' => line_start,
            _ => false,
        };
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_vanish_whole() {
        assert_eq!(clean("a\u{1b}[2Jb"), "ab");
        assert_eq!(clean("red \u{1b}[1;31mALERT\u{1b}[0m"), "red ALERT");
        assert_eq!(clean("t\u{1b}]0;pwned\u{7}itle"), "title");
        assert_eq!(clean("t\u{1b}]8;;http://x\u{1b}\\itle"), "title");
        assert_eq!(clean("\u{9b}31mx"), "x");
        assert_eq!(clean("abc\u{202e}fed\u{7f}\u{85}"), "abcfed");
        assert_eq!(clean("lone\u{1b}"), "lone");
    }

    #[test]
    fn lines_are_kept_and_normalised() {
        assert_eq!(clean("one\r\ntwo\rthree\tfour"), "one\ntwo\nthree four");
        assert_eq!(clean("ECS 实例宕机"), "ECS 实例宕机");
    }

    #[test]
    fn one_line_has_single_spaces() {
        assert_eq!(one_line("  a\n\n b \u{2028} c  "), "a b c");
    }

    #[test]
    fn clip_marks_the_cut() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("exactly 10", 10), "exactly 10");
        assert_eq!(clip("a long title here", 10), "a long...");
        // The last space is too far back to be worth it.
        assert_eq!(clip("moving traffic away", 15), "moving traff...");
        assert_eq!(clip("moving traffic away", 18), "moving traffic...");
        assert_eq!(clip("云服务器实例宕机", 5), "云服...");
    }

    #[test]
    fn markdown_is_inert_without_backslashes() {
        assert_eq!(
            markdown("**bold** [x](http://e) <font color=\"info\">&"),
            "＊＊bold＊＊ ［x］(http://e) ＜font color=\"info\"＞&"
        );
        assert_eq!(markdown("# h\n> q\n`code`"), "＃ h\n＞ q\n'code'");
        // WeCom shows a backslash as it is: none is added, and what needs
        // no change is left alone.
        assert_eq!(
            markdown("OpenSSH (CVE-2024-6387) cn-north-4 v1.2 a_b"),
            "OpenSSH (CVE-2024-6387) cn-north-4 v1.2 a_b"
        );
        assert!(!markdown("\\(x\\) *y* [z]").contains("\\\\"));
    }
}
