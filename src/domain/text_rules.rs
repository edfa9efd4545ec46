//! What text typed into a record or notice may be: its length, and no
//! control characters (line breaks only where the field has lines).

/// Checks a text field typed into a record or notice: within `max`
/// characters, no control characters (line breaks only where `multiline`).
pub fn check_text(field: &str, s: &str, max: usize, multiline: bool) -> Result<(), String> {
    let n = s.chars().count();
    if n > max {
        return Err(format!("{field} is {n} characters long; at most {max}"));
    }
    let allowed = |c: char| multiline && (c == '\n' || c == '\t' || c == '\r');
    if s.chars().any(|c| c.is_control() && !allowed(c)) {
        let what = if multiline {
            "control characters other than line breaks"
        } else {
            "line breaks or control characters"
        };
        return Err(format!("{field} contains {what}"));
    }
    Ok(())
}

pub const MAX_TITLE: usize = 200;

pub const MAX_TEXT: usize = 4000;

/// A record's title: present, one line, at most `MAX_TITLE` characters.
pub fn check_title(t: &str) -> Result<(), String> {
    if t.trim().is_empty() {
        return Err("the title is empty".into());
    }
    check_text("the title", t.trim(), MAX_TITLE, false)
}

/// A record's longer text (guidance, lessons, follow-up): several lines,
/// at most `MAX_TEXT` characters.
pub fn check_long(field: &str, t: &str) -> Result<(), String> {
    check_text(field, t, MAX_TEXT, true)
}

/// Services or regions as the history names them.
pub(super) fn list_text(v: &[String]) -> String {
    v.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_one_short_line() {
        assert!(check_title("  ").is_err());
        assert!(check_title("a\nb").is_err());
        assert!(check_title(&"x".repeat(MAX_TITLE + 1)).is_err());
        assert!(check_title("RDS upgrade").is_ok());
        assert!(check_long("the guidance", "line one\nline two").is_ok());
    }
}
