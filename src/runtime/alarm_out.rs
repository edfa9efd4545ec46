//! Ringing in the terminal: the bell, and a desktop notification by the
//! escape sequence the terminal reads (OSC 9, iTerm2's and Windows
//! Terminal's; OSC 777, urxvt's, foot's, WezTerm's, Ghostty's), wrapped
//! for tmux's passthrough when inside tmux. The terminal title is set by
//! OSC 2. Every text is from the app's sanitized words, and control bytes
//! are dropped once more here, so nothing can end the sequence early.

/// Which desktop-notification sequence the terminal reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notifier {
    Off,
    Osc9,
    Osc777,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlarmOut {
    pub bell: bool,
    pub notifier: Notifier,
    /// Inside tmux: sequences go through its passthrough.
    pub tmux: bool,
}

impl AlarmOut {
    /// From `[alarms]` (`notify = "auto"` detects) and the environment.
    pub fn new(bell: bool, notify: &str, env: impl Fn(&str) -> Option<String>) -> AlarmOut {
        let notifier = match notify {
            "osc9" => Notifier::Osc9,
            "osc777" => Notifier::Osc777,
            "off" => Notifier::Off,
            _ => detect(&env),
        };
        AlarmOut {
            bell,
            notifier,
            tmux: env("TMUX").is_some_and(|v| !v.is_empty()),
        }
    }

    /// The bytes that ring for `text`.
    pub fn ring(&self, text: &str) -> Vec<u8> {
        let mut out = Vec::new();
        if self.bell {
            out.push(0x07);
        }
        let text = format!("sredesk: {}", plain(text));
        let seq = match self.notifier {
            Notifier::Off => return out,
            Notifier::Osc9 => format!("\x1b]9;{text}\x07"),
            // Fields are split on ';': the body keeps none of its own.
            Notifier::Osc777 => format!("\x1b]777;notify;sredesk;{}\x07", text.replace(';', ",")),
        };
        if self.tmux {
            out.extend_from_slice(b"\x1bPtmux;");
            out.extend_from_slice(seq.replace('\x1b', "\x1b\x1b").as_bytes());
            out.extend_from_slice(b"\x1b\\");
        } else {
            out.extend_from_slice(seq.as_bytes());
        }
        out
    }
}

/// OSC 2: the window (and tmux pane) title.
pub fn title(text: &str) -> Vec<u8> {
    format!("\x1b]2;{}\x07", plain(text)).into_bytes()
}

fn plain(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// Terminals known to show one sequence or the other; any other gets the
/// bell alone, since an unknown OSC can be printed as garbage. Under tmux
/// `TERM_PROGRAM` names tmux, so the names the outer terminal leaves
/// (`LC_TERMINAL` from iTerm2, `WT_SESSION` from Windows Terminal) count.
fn detect(env: &impl Fn(&str) -> Option<String>) -> Notifier {
    let names = ["TERM_PROGRAM", "LC_TERMINAL", "TERM"]
        .iter()
        .filter_map(|k| env(k))
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    if ["wezterm", "ghostty", "foot", "rxvt", "konsole"]
        .iter()
        .any(|t| names.contains(t))
    {
        Notifier::Osc777
    } else if names.contains("iterm") || env("WT_SESSION").is_some() {
        Notifier::Osc9
    } else {
        Notifier::Off
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn detects_the_terminal_or_rings_the_bell_alone() {
        let n = |vars: &[(&str, &str)]| AlarmOut::new(true, "auto", env(vars)).notifier;
        assert_eq!(n(&[("TERM_PROGRAM", "iTerm.app")]), Notifier::Osc9);
        assert_eq!(n(&[("TERM_PROGRAM", "WezTerm")]), Notifier::Osc777);
        assert_eq!(n(&[("TERM_PROGRAM", "ghostty")]), Notifier::Osc777);
        assert_eq!(n(&[("TERM", "foot")]), Notifier::Osc777);
        assert_eq!(n(&[("TERM", "rxvt-unicode-256color")]), Notifier::Osc777);
        assert_eq!(
            n(&[("WT_SESSION", "x"), ("TERM", "xterm-256color")]),
            Notifier::Osc9
        );
        assert_eq!(
            n(&[("TERM_PROGRAM", "tmux"), ("LC_TERMINAL", "iTerm2")]),
            Notifier::Osc9
        );
        assert_eq!(n(&[("TERM", "xterm-256color")]), Notifier::Off);
        assert_eq!(n(&[("TERM", "linux")]), Notifier::Off);
        let chosen = AlarmOut::new(true, "osc777", env(&[("TERM_PROGRAM", "iTerm.app")]));
        assert_eq!(chosen.notifier, Notifier::Osc777, "config wins");
    }

    #[test]
    fn the_exact_bytes() {
        let text = "✖ ST-1 breached (Acme; S1)";
        let out = |bell, notifier, tmux| {
            AlarmOut {
                bell,
                notifier,
                tmux,
            }
            .ring(text)
        };
        assert_eq!(out(true, Notifier::Off, false), b"\x07");
        assert_eq!(out(false, Notifier::Off, false), b"");
        assert_eq!(
            String::from_utf8(out(true, Notifier::Osc9, false)).unwrap(),
            "\x07\x1b]9;sredesk: ✖ ST-1 breached (Acme; S1)\x07"
        );
        assert_eq!(
            String::from_utf8(out(false, Notifier::Osc777, false)).unwrap(),
            "\x1b]777;notify;sredesk;sredesk: ✖ ST-1 breached (Acme, S1)\x07"
        );
        assert_eq!(
            String::from_utf8(out(true, Notifier::Osc9, true)).unwrap(),
            "\x07\x1bPtmux;\x1b\x1b]9;sredesk: ✖ ST-1 breached (Acme; S1)\x07\x1b\\"
        );
    }

    #[test]
    fn control_bytes_cannot_end_a_sequence_early() {
        let o = AlarmOut {
            bell: false,
            notifier: Notifier::Osc9,
            tmux: false,
        };
        let bytes = String::from_utf8(o.ring("a\x07\x1b]0;evil\x1b\\b")).unwrap();
        assert_eq!(bytes, "\x1b]9;sredesk: a]0;evil\\b\x07");
        assert_eq!(
            title("sredesk ✖3\x1b[2J"),
            b"\x1b]2;sredesk \xe2\x9c\x963[2J\x07"
        );
    }
}
