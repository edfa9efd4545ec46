//! The key table as this desk has it: the shipped table (`keymap.rs`)
//! with the config's `[keys.SCREEN]` rebindings laid over it at start.
//! Dispatch, help and the footer read keys through here, so a rebound key
//! is the one that acts and the one that is shown.

pub mod acts;
pub mod chord;
pub mod names;

use std::borrow::Cow;

use crossterm::event::KeyEvent;

pub use chord::Chord;

use super::keymap::{self, Action, BINDINGS, Binding, COMPOSER, Hint, INTAKE, Scope};

/// One screen's binding given other keys by the config.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Rebound {
    scope: Scope,
    /// Its place in `BINDINGS`.
    index: usize,
    chords: Vec<Chord>,
}

/// The shipped keys and what the config changed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Keymap {
    rebound: Vec<Rebound>,
}

/// What the config asks: on `screen`, `action` is pressed with `keys`;
/// `line` is where it is written, to name in a refusal.
pub struct Rebinding<'a> {
    pub screen: &'a str,
    pub action: &'a str,
    pub keys: Vec<&'a str>,
    pub line: usize,
}

#[derive(Debug, PartialEq, Eq)]
pub struct KeyError {
    pub line: usize,
    pub message: String,
}

impl Keymap {
    /// The shipped table with `asked` laid over it; refused whole at the
    /// first entry that names no screen, no action of it or no key, or
    /// that leaves one key with two actions on one screen.
    pub fn build<'a>(asked: impl IntoIterator<Item = Rebinding<'a>>) -> Result<Keymap, KeyError> {
        let mut map = Keymap::default();
        let mut lines = Vec::new();
        for r in asked {
            let err = |message: String| KeyError {
                line: r.line,
                message: format!("key `keys.{}.{}`: {message}", r.screen, r.action),
            };
            let scope = names::screen(r.screen).ok_or_else(|| {
                let words: Vec<&str> = names::SCREENS.iter().map(|s| s.0).collect();
                err(format!(
                    "'{}' is not a screen: one of {}",
                    r.screen,
                    words.join(", ")
                ))
            })?;
            let index = BINDINGS
                .iter()
                .position(|b| b.scope & scope != 0 && names::word(b.action) == r.action)
                .ok_or_else(|| {
                    err(format!(
                        "'{}' is not an action on the {} (`sredesk keys` lists them)",
                        r.action, r.screen
                    ))
                })?;
            if r.keys.is_empty() {
                return Err(err("give at least one key".into()));
            }
            let mut chords = Vec::new();
            for text in &r.keys {
                let chord = Chord::parse(text).map_err(&err)?;
                if chord.is_text() && scope & (COMPOSER | INTAKE) != 0 {
                    return Err(err(format!(
                        "'{text}' would be typed as text in the {}'s fields: use ctrl-LETTER, \
                         an F key or Tab and the arrows",
                        r.screen
                    )));
                }
                if chords.contains(&chord) {
                    return Err(err(format!("'{text}' is given twice")));
                }
                chords.push(chord);
            }
            map.rebound
                .retain(|o| !(o.scope == scope && o.index == index));
            map.rebound.push(Rebound {
                scope,
                index,
                chords,
            });
            lines.push((scope, index, r.line, r.screen, r.action));
        }
        // Clashes are found once every rebinding is in, so two actions
        // may trade their keys.
        for &(scope, index, line, screen, action) in &lines {
            for chord in map.chords(scope, index).iter() {
                let other = BINDINGS.iter().enumerate().find(|(i, b)| {
                    *i != index && b.scope & scope != 0 && map.chords(scope, *i).contains(chord)
                });
                if let Some((i, b)) = other {
                    let whose = if map.is_rebound(scope, i) {
                        "as the config has it"
                    } else {
                        "by default"
                    };
                    return Err(KeyError {
                        line,
                        message: format!(
                            "key `keys.{screen}.{action}`: {} is already {} on the {screen} \
                             ({whose}); give that action another key too",
                            chord.name(),
                            names::word(b.action),
                        ),
                    });
                }
            }
        }
        Ok(map)
    }

    fn is_rebound(&self, scope: Scope, index: usize) -> bool {
        self.rebound
            .iter()
            .any(|o| o.scope & scope != 0 && o.index == index)
    }

    /// The keys of `BINDINGS[index]` on `scope`.
    fn chords(&self, scope: Scope, index: usize) -> Cow<'_, [Chord]> {
        if let Some(o) = self
            .rebound
            .iter()
            .find(|o| o.scope & scope != 0 && o.index == index)
        {
            return Cow::Borrowed(&o.chords);
        }
        let b = &BINDINGS[index];
        Cow::Owned(
            b.keys
                .iter()
                .map(|&code| Chord { code, ctrl: b.ctrl })
                .collect(),
        )
    }

    /// The bindings of `scope` in help order, each with how its keys are
    /// written here.
    pub fn bindings(
        &self,
        scope: Scope,
    ) -> impl Iterator<Item = (&'static Binding, Cow<'static, str>)> + '_ {
        BINDINGS
            .iter()
            .enumerate()
            .filter(move |(_, b)| b.scope & scope != 0)
            .map(move |(i, b)| (b, self.label_of(scope, i)))
    }

    fn label_of(&self, scope: Scope, index: usize) -> Cow<'static, str> {
        if !self.is_rebound(scope, index) {
            return Cow::Borrowed(BINDINGS[index].label);
        }
        let names: Vec<String> = self.chords(scope, index).iter().map(Chord::name).collect();
        Cow::Owned(names.join(" "))
    }

    /// What `key` means in `scope`.
    pub fn action_for(&self, key: &KeyEvent, scope: Scope) -> Option<Action> {
        BINDINGS
            .iter()
            .enumerate()
            .filter(|(_, b)| b.scope & scope != 0)
            .find(|(i, _)| self.chords(scope, *i).iter().any(|c| c.matches(key)))
            .map(|(_, b)| b.action)
    }

    /// How the keys of `action` in `scope` are written, for a refusal or
    /// a dialog's line of keys.
    pub fn label(&self, scope: Scope, action: Action) -> Cow<'static, str> {
        BINDINGS
            .iter()
            .position(|b| b.scope & scope != 0 && b.action == action)
            .map_or(Cow::Borrowed(""), |i| self.label_of(scope, i))
    }

    /// `text` with each `{word}` (an action's config word) replaced by
    /// that action's keys on `scope` as this desk has them, so help prose
    /// that names other keys names the rebound ones. A word that names no
    /// action there is left as written (a test makes sure none is).
    pub fn prose(&self, scope: Scope, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                return out;
            };
            let word = &after[..close];
            match self.key_named(scope, word) {
                Some(label) => out.push_str(&label),
                None => out.push_str(&rest[open..open + close + 2]),
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The first key of the action the config calls `word` on `scope`.
    fn key_named(&self, scope: Scope, word: &str) -> Option<String> {
        let index = BINDINGS
            .iter()
            .position(|b| b.scope & scope != 0 && names::word(b.action) == word)?;
        let label = self.label_of(scope, index);
        Some(label.split(' ').next().unwrap_or_default().to_string())
    }

    /// What `action` does in `scope`, as help says it, to name a refusal.
    pub fn help(&self, scope: Scope, action: Action) -> String {
        BINDINGS
            .iter()
            .find(|b| b.scope & scope != 0 && b.action == action)
            .map_or_else(|| "that".into(), |b| self.prose(scope, b.help))
    }

    /// The footer's hints on view `at` (whose keys are `scope`'s), in
    /// their order, each with its keys as this desk has them: "j/k" with
    /// k rebound to K reads "j/K".
    pub fn hints(
        &self,
        at: keymap::Views,
        scope: Scope,
    ) -> Vec<(Cow<'static, str>, &'static Hint)> {
        keymap::hints(at)
            .into_iter()
            .map(|h| (self.hint_keys(h.keys, scope), h))
            .collect()
    }

    fn hint_keys(&self, keys: &'static str, scope: Scope) -> Cow<'static, str> {
        if self.rebound.iter().all(|o| o.scope & scope == 0) {
            return Cow::Borrowed(keys);
        }
        let tokens: Vec<&str> = match keys {
            "/" => vec!["/"],
            keys => keys.split('/').collect(),
        };
        let shown: Vec<String> = tokens
            .iter()
            .map(|t| {
                let Ok(chord) = Chord::parse(t) else {
                    return t.to_string();
                };
                let owner = BINDINGS.iter().enumerate().find(|(_, b)| {
                    b.scope & scope != 0 && b.keys.contains(&chord.code) && b.ctrl == chord.ctrl
                });
                match owner {
                    Some((i, _)) if self.is_rebound(scope, i) => self.chords(scope, i)[0].name(),
                    _ => t.to_string(),
                }
            })
            .collect();
        Cow::Owned(shown.join("/"))
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod acts_tests;
