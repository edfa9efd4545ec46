//! Taking the terminal, and always giving it back: on quit, on error (the
//! guard's drop) and on panic (ratatui's hook, installed by `init`).

use std::io::{self, IsTerminal, Write};

use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::DefaultTerminal;

pub struct TerminalGuard {
    pub terminal: DefaultTerminal,
}

impl TerminalGuard {
    pub fn take() -> anyhow::Result<TerminalGuard> {
        if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
            anyhow::bail!(
                "the dashboard needs a terminal; for scripts use the CLI commands \
                 (sredesk ticket list --json, ...)"
            );
        }
        match ratatui::try_init() {
            Ok(terminal) => Ok(TerminalGuard { terminal }),
            Err(e) => {
                // Raw mode may already be on when entering the alternate
                // screen failed.
                ratatui::restore();
                Err(anyhow::Error::from(e).context("cannot take over the terminal"))
            }
        }
    }

    /// Draws inside synchronized output so the screen never shows half a
    /// frame (terminals without support ignore the sequences).
    pub fn draw(&mut self, render: impl FnOnce(&mut ratatui::Frame)) -> io::Result<()> {
        let mut out = io::stdout();
        crossterm::queue!(out, BeginSynchronizedUpdate)?;
        self.terminal.draw(render)?;
        crossterm::queue!(out, EndSynchronizedUpdate)?;
        out.flush()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        ratatui::restore();
    }
}
