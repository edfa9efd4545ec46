//! The terminal as the dashboard found it: what taking it changed, undone.
//! Called by the guard's drop and by the panic hook.

use std::io::stdout;

use crossterm::event::DisableBracketedPaste;
use crossterm::execute;

/// Pastes as typed text again, the main screen, cooked mode.
pub fn restore() {
    if let Err(e) = execute!(stdout(), DisableBracketedPaste) {
        tracing::warn!("bracketed paste could not be turned off: {e}");
    }
    ratatui::restore();
}
