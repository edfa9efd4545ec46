//! `sredesk keys`: every action of every screen by the word the config
//! names it with, and its keys as this desk has them (the config's
//! `[keys.SCREEN]` over the shipped table).

use std::io::Write;

use crate::app::keys::names;
use crate::desk::Desk;

pub fn run(desk: &Desk, out: &mut dyn Write) -> anyhow::Result<()> {
    let map = desk.config.keymap();
    writeln!(
        out,
        "Rebind in the config file: [keys.SCREEN] ACTION = \"KEY\" or [\"KEY\", \"KEY\"]"
    )?;
    writeln!(
        out,
        "Keys: a character (a, A, ?), ctrl-LETTER, space enter esc tab shift-tab backspace \
         up down left right home end pgup pgdn f1-f12."
    )?;
    for (word, scope, what) in names::SCREENS {
        writeln!(out, "\n[keys.{word}]  # {what}")?;
        let rows: Vec<_> = map.bindings(scope).collect();
        let w = rows
            .iter()
            .map(|(b, _)| names::word(b.action).len())
            .max()
            .unwrap_or(0);
        let kw = rows
            .iter()
            .map(|(_, l)| l.chars().count())
            .max()
            .unwrap_or(0);
        for (b, label) in rows {
            let action = names::word(b.action);
            let pad = kw - label.chars().count();
            let help = map.prose(scope, b.help);
            writeln!(out, "  {action:<w$}  {label}{:pad$}  {help}", "")?;
        }
    }
    Ok(())
}
