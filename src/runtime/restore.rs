//! The terminal as the dashboard found it: what taking it changed, undone.
//! Called by the guard's drop and by the panic hook.

use std::io::{Write, stdout};

use crossterm::cursor::Show;
use crossterm::event::{DisableBracketedPaste, DisableMouseCapture};
use crossterm::execute;

/// Pastes as typed text again, no mouse reports (whether or not they were
/// asked for), the cursor shown, the main screen, cooked mode.
pub fn restore() {
    if let Err(e) = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture, Show) {
        tracing::warn!("bracketed paste, the mouse and the cursor could not be restored: {e}");
    }
    // Not `ratatui::restore`, which says its failure with `eprintln!`: on a
    // terminal that hung up, stderr is that terminal, and the print panics.
    if let Err(e) = ratatui::try_restore() {
        tracing::warn!("raw mode and the main screen could not be restored: {e}");
    }
    // The terminal's own title back (xterm's title stack; ignored where
    // there is none).
    let mut out = stdout();
    if let Err(e) = out.write_all(b"\x1b[23;0t").and_then(|()| out.flush()) {
        tracing::warn!("the title could not be given back: {e}");
    }
}
