//! The terminal as the dashboard found it: what taking it changed, undone.
//! Called by the guard's drop and by the panic hook.

use std::io::stdout;

use crossterm::cursor::Show;
use crossterm::event::DisableBracketedPaste;
use crossterm::execute;

/// Pastes as typed text again, the cursor shown, the main screen, cooked
/// mode.
pub fn restore() {
    if let Err(e) = execute!(stdout(), DisableBracketedPaste, Show) {
        tracing::warn!("bracketed paste and the cursor could not be restored: {e}");
    }
    ratatui::restore();
}
