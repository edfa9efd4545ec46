//! The status line's message in full: what the footer shows on its left
//! (the last outcome, what rang, a read that fails), which at 80 columns
//! is often cut. `!` puts it whole in a dialog, wrapped and inert.

use super::dialog::Overlay;
use super::model::{Model, Screen, Status};

/// What the status line says now, as one text; none when it shows hints.
pub fn said(m: &Model) -> Option<Status> {
    let alarm = m.alarms.line.as_deref();
    let read_error = match m.screen {
        Screen::Pipeline => m.pipeline.error.as_ref().map(|e| ("pipeline", e)),
        Screen::Notices => m.notices.error.as_ref().map(|e| ("notices", e)),
        Screen::Ledger(_) | Screen::Composer(_) => None,
        _ => m.board.error.as_ref().map(|e| ("board", e)),
    };
    match (&m.status, alarm, read_error) {
        (Some(s), Some(a), _) => Some(Status {
            text: format!("{}  │ {a}", s.text),
            error: true,
        }),
        (Some(s), None, _) => Some(s.clone()),
        (None, Some(a), _) => Some(Status::error(a)),
        (None, None, Some((what, e))) => Some(Status::error(format!(
            "cannot read the {what} (retrying): {e}"
        ))),
        (None, None, None) => None,
    }
}

/// Opens the whole message; the status line keeps it meanwhile.
pub fn show_whole(m: &mut Model) {
    match said(m) {
        Some(Status { text, error }) => m.overlay = Some(Overlay::Message { text, error }),
        None => {
            m.status = Some(Status::info(m.keys.prose(
                m.scope(),
                "the status line is empty: {full_status} shows its message whole when one is cut",
            )))
        }
    }
}

/// Said, so a key pressed by habit from another tool, or on the wrong
/// view, is not a silent mystery.
pub(crate) fn say_no_key(m: &mut Model, key: &crossterm::event::KeyEvent) {
    say_no_key_in(m, m.scope(), key);
}

/// As [`say_no_key`], for a screen whose state is out of the model while
/// its key is handled (the form takes its state out to change it).
pub(crate) fn say_no_key_in(
    m: &mut Model,
    scope: crate::app::keymap::Scope,
    key: &crossterm::event::KeyEvent,
) {
    if let Some(name) = super::keys::chord::unbound_name(key) {
        let help = m.keys.prose(scope, "{help} for help");
        m.status = Some(Status::error(format!("no key {name} here · {help}")));
    }
}
