//! A key as the config file and the screen write it: `a`, `A`, `ctrl-r`,
//! `Enter`, `PgDn`, `F2`, `↓`. One reader for both, so a label help shows
//! can be typed back into the config.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// One key, with or without Ctrl (Shift is part of the character).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chord {
    pub code: KeyCode,
    pub ctrl: bool,
}

/// How a key that does nothing is named to the engineer, as help writes
/// keys; none for keys not pressed on purpose (control characters, media
/// and modifier keys). A character is shown inert.
pub fn unbound_name(key: &KeyEvent) -> Option<String> {
    use KeyCode::*;
    match key.code {
        Char(c) if c.is_control() => return None,
        Char(_) | F(_) | Enter | Tab | BackTab | Left | Right | Up | Down | Home | End | PageUp
        | PageDown => {}
        _ => return None,
    }
    let chord = Chord {
        code: key.code,
        ctrl: key.modifiers.contains(KeyModifiers::CONTROL),
    };
    let name = crate::text::inert(&chord.name()).into_owned();
    Some(
        if !chord.ctrl && key.modifiers.contains(KeyModifiers::ALT) {
            format!("Alt-{name}")
        } else {
            name
        },
    )
}

impl Chord {
    pub fn plain(code: KeyCode) -> Chord {
        Chord { code, ctrl: false }
    }

    /// Whether `key` is this chord; Alt chords are never ours.
    pub fn matches(&self, key: &KeyEvent) -> bool {
        !key.modifiers.contains(KeyModifiers::ALT)
            && key.modifiers.contains(KeyModifiers::CONTROL) == self.ctrl
            && key.code == self.code
    }

    /// A character typed as text in a form (no Ctrl, printable).
    pub fn is_text(&self) -> bool {
        !self.ctrl && matches!(self.code, KeyCode::Char(_))
    }

    /// How help and the footer write it; `parse` reads it back.
    pub fn name(&self) -> String {
        use KeyCode::*;
        let base = match self.code {
            Char(' ') => "Space".to_string(),
            Char(c) if self.ctrl => c.to_ascii_uppercase().to_string(),
            Char(c) => c.to_string(),
            F(n) => format!("F{n}"),
            Enter => "Enter".into(),
            Esc => "Esc".into(),
            Tab => "Tab".into(),
            BackTab => "S-Tab".into(),
            Backspace => "Backspace".into(),
            Left => "←".into(),
            Right => "→".into(),
            Up => "↑".into(),
            Down => "↓".into(),
            Home => "Home".into(),
            End => "End".into(),
            PageUp => "PgUp".into(),
            PageDown => "PgDn".into(),
            Delete => "Del".into(),
            Insert => "Ins".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }

    /// Reads `a`, `A`, `?`, `space`, `ctrl-r`, `enter`, `esc`, `tab`,
    /// `shift-tab`, `backspace`, `up` / `↑`, `pgdn`, `home`, `f1`-`f12`.
    pub fn parse(text: &str) -> Result<Chord, String> {
        let lower = text.to_ascii_lowercase();
        let (ctrl, rest) = match lower.strip_prefix("ctrl-").or(lower.strip_prefix("ctrl+")) {
            // Keep the case of a plain letter ("A" is Shift-a), not of a
            // chord, which the terminal sends the same either way.
            Some(rest) => (true, rest.to_string()),
            None => (false, text.to_string()),
        };
        if lower.starts_with("alt-") || lower.starts_with("alt+") {
            return Err(format!(
                "'{text}': Alt chords are the terminal's, not sredesk's"
            ));
        }
        let code = code(&rest).ok_or_else(|| {
            format!(
                "'{text}' is not a key: write a character (a, A, ?), ctrl-LETTER, or one of \
                 space enter esc tab shift-tab backspace up down left right home end pgup pgdn f1-f12"
            )
        })?;
        let chord = Chord { code, ctrl };
        if ctrl && matches!(code, KeyCode::Char('c' | 'z')) {
            return Err(format!(
                "'{text}' is kept: Ctrl-C quits and Ctrl-Z suspends from anywhere"
            ));
        }
        if ctrl && !matches!(code, KeyCode::Char(c) if c.is_ascii_alphabetic()) {
            return Err(format!("'{text}': Ctrl goes with a letter (ctrl-r)"));
        }
        Ok(chord)
    }
}

fn code(text: &str) -> Option<KeyCode> {
    use KeyCode::*;
    let mut chars = text.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return match c {
            '↑' => Some(Up),
            '↓' => Some(Down),
            '←' => Some(Left),
            '→' => Some(Right),
            c if c.is_control() || c.is_whitespace() => None,
            c => Some(Char(c)),
        };
    }
    let lower = text.to_ascii_lowercase();
    Some(match lower.as_str() {
        "space" => Char(' '),
        "enter" | "return" => Enter,
        "esc" | "escape" => Esc,
        "tab" => Tab,
        "shift-tab" | "s-tab" | "backtab" => BackTab,
        "backspace" => Backspace,
        "up" => Up,
        "down" => Down,
        "left" => Left,
        "right" => Right,
        "home" => Home,
        "end" => End,
        "pgup" | "pageup" => PageUp,
        "pgdn" | "pagedown" => PageDown,
        "del" | "delete" => Delete,
        "ins" | "insert" => Insert,
        f if f.starts_with('f') => match f[1..].parse::<u8>() {
            Ok(n @ 1..=12) => F(n),
            _ => return None,
        },
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use KeyCode::*;

    #[test]
    fn reads_what_the_config_and_help_write() {
        let p = |t: &str| Chord::parse(t).unwrap();
        assert_eq!(p("a"), Chord::plain(Char('a')));
        assert_eq!(p("A"), Chord::plain(Char('A')));
        assert_eq!(
            p("ctrl-R"),
            Chord {
                code: Char('r'),
                ctrl: true
            }
        );
        assert_eq!(p("Ctrl-S"), p("ctrl-s"));
        assert_eq!(p("PgDn"), Chord::plain(PageDown));
        assert_eq!(p("↓"), Chord::plain(Down));
        assert_eq!(p("F12"), Chord::plain(F(12)));
        assert_eq!(p("Space"), Chord::plain(Char(' ')));
        for c in [p("a"), p("ctrl-r"), p("S-Tab"), p("F2"), p("Space"), p("?")] {
            assert_eq!(p(&c.name()), c, "{}", c.name());
        }
    }

    #[test]
    fn refuses_what_is_no_key_or_is_kept() {
        for bad in [
            "", "ab", "ctrl-c", "ctrl-z", "alt-x", "f13", "ctrl-1", "hyper-a",
        ] {
            assert!(Chord::parse(bad).is_err(), "{bad}");
        }
        assert!(Chord::parse("ctrl-c").unwrap_err().contains("Ctrl-C quits"));
    }
}
