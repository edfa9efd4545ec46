//! `[keys.SCREEN]`: the desk's own keys, one action a line
//! (`acknowledge = "a"`, `resend = ["r", "ctrl-r"]`), checked at start
//! with the line of the first that cannot stand.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::app::keys::{Keymap, Rebinding};

/// Screen word -> action word -> its keys, each with where it is written.
pub type KeysConfig = BTreeMap<Spanned<String>, BTreeMap<Spanned<String>, Spanned<KeyList>>>;

/// One key or several.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(untagged)]
pub enum KeyList {
    One(String),
    Many(Vec<String>),
}

impl KeyList {
    fn keys(&self) -> Vec<&str> {
        match self {
            KeyList::One(k) => vec![k.as_str()],
            KeyList::Many(ks) => ks.iter().map(String::as_str).collect(),
        }
    }
}

/// The table with the config's keys laid over it, or the first refusal
/// as "line N: ..." of `text` (the config the spans point into).
pub fn keymap(keys: &KeysConfig, text: &str) -> Result<Keymap, String> {
    let line = |at: usize| text[..at.min(text.len())].matches('\n').count() + 1;
    let asked = keys.iter().flat_map(|(screen, actions)| {
        actions.iter().map(move |(action, list)| Rebinding {
            screen: screen.get_ref(),
            action: action.get_ref(),
            keys: list.get_ref().keys(),
            // A screen that is no screen is named where the screen is.
            line: line(
                if crate::app::keys::names::screen(screen.get_ref()).is_some() {
                    action.span().start
                } else {
                    screen.span().start
                },
            ),
        })
    });
    Keymap::build(asked).map_err(|e| format!("line {}: {}", e.line, e.message))
}

#[cfg(test)]
mod tests {
    use crate::app::keymap::{Action, BOARD};
    use crate::config::Config;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    const VALID: &str = "engineer = \"li.na\"\n\n[keys.board]\nacknowledge = \"y\"\n\n[keys.notices]\nresend = [\"r\", \"ctrl-r\"]\n";

    #[test]
    fn a_valid_file_rebinds() {
        let c = Config::parse(VALID).unwrap();
        let y = KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE);
        assert_eq!(c.keymap().action_for(&y, BOARD), Some(Action::Acknowledge));
        assert_eq!(Config::parse("").unwrap().keymap(), Default::default());
    }

    #[test]
    fn each_refusal_names_its_line() {
        let cases = [
            // A clash with a default left as it is.
            (
                "[keys.board]\n\nacknowledge = \"i\"\n",
                3,
                "i is already start",
            ),
            (
                "[keys.board]\nack = \"y\"\n",
                2,
                "'ack' is not an action on the board",
            ),
            (
                "[keys.board]\n\n\nacknowledge = \"ctrl-alt-y\"\n",
                4,
                "'ctrl-alt-y' is not a key",
            ),
            (
                "x = 1\n[keys.bored]\nacknowledge = \"y\"\n",
                2,
                "'bored' is not a screen",
            ),
            (
                "[keys.notices]\nresend = [\"r\", \"r\"]\n",
                2,
                "given twice",
            ),
        ];
        for (text, line, what) in cases {
            // `x = 1` is no key of the config: that case is read apart.
            let text = text.replace("x = 1\n", "engineer = \"a\"\n");
            let err = Config::parse(&text).unwrap_err();
            assert!(
                err.starts_with(&format!("line {line}: key `keys.")),
                "{text}: {err}"
            );
            assert!(err.contains(what), "{text}: {err}");
        }
        // A key of the wrong type is toml's to name, with its line too.
        let err = Config::parse("[keys.board]\nacknowledge = 1\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn the_file_and_line_are_named() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "[keys.board]\nacknowledge = \"y\"\nstart = \"y\"\n").unwrap();
        let err = Config::load(Some(&path)).unwrap_err().to_string();
        assert!(err.contains(&path.display().to_string()), "{err}");
        assert!(
            err.contains("line 2: key `keys.board.acknowledge`"),
            "{err}"
        );
        assert!(err.contains("y is already start on the board"), "{err}");
    }
}
