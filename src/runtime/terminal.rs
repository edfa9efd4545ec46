//! Taking the terminal, and always giving it back: on quit, on error (the
//! guard's drop), on a signal (the event loop ends, then the guard drops)
//! and on a panic of the screen's own thread (the panic hook). A panic on
//! a worker thread leaves the terminal to the event loop, which sees the
//! worker stop, ends, and restores it through the guard; the panic itself
//! goes to the log.

use std::io::{self, IsTerminal, Write, stdout};

use crossterm::event::{EnableBracketedPaste, EnableMouseCapture};
use crossterm::execute;
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, enable_raw_mode,
};
use ratatui::DefaultTerminal;
use ratatui::backend::CrosstermBackend;

use super::restore::restore;
use super::threads;

pub struct TerminalGuard {
    /// Never dropped (see the guard's drop).
    pub terminal: std::mem::ManuallyDrop<DefaultTerminal>,
    /// Clicks and the wheel reach the dashboard (`[ui] mouse`); taken
    /// again on resume.
    mouse: bool,
}

/// Raw mode, the alternate screen, bracketed paste (a paste arrives as
/// one event, not as keys that would act), and the terminal's own title
/// pushed on xterm's title stack so restoring can pop it back. With the
/// mouse on, the terminal reports clicks and the wheel instead of
/// selecting text (most terminals still select with Shift held).
fn enter(mouse: bool) -> io::Result<()> {
    enable_raw_mode()
        .and_then(|()| execute!(stdout(), EnterAlternateScreen))
        .and_then(|()| execute!(stdout(), EnableBracketedPaste))
        .and_then(|()| {
            if mouse {
                execute!(stdout(), EnableMouseCapture)
            } else {
                Ok(())
            }
        })
        .and_then(|()| stdout().write_all(b"\x1b[22;0t"))
        .and_then(|()| stdout().flush())
}

impl TerminalGuard {
    pub fn take(mouse: bool) -> anyhow::Result<TerminalGuard> {
        if !io::stdout().is_terminal() || !io::stdin().is_terminal() {
            anyhow::bail!(
                "the dashboard needs a terminal; for scripts use the CLI commands \
                 (sredesk ticket list --json, ...)"
            );
        }
        threads::install_panic_hook();
        // A fixed viewport, resized on the terminal's resize events: a
        // full-screen one asks the terminal for its size on every frame.
        let taken = enter(mouse).and_then(|()| {
            let (width, height) = crossterm::terminal::size()?;
            ratatui::Terminal::with_options(
                CrosstermBackend::new(stdout()),
                ratatui::TerminalOptions {
                    viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(
                        0, 0, width, height,
                    )),
                },
            )
        });
        match taken {
            Ok(terminal) => Ok(TerminalGuard {
                terminal: std::mem::ManuallyDrop::new(terminal),
                mouse,
            }),
            Err(e) => {
                // Raw mode may already be on when entering the alternate
                // screen failed.
                restore();
                Err(anyhow::Error::from(e).context("cannot take over the terminal"))
            }
        }
    }

    /// Gives the terminal back before the process stops (SIGTSTP), as on
    /// quit.
    pub fn suspend(&mut self) {
        restore();
    }

    /// Takes it again after SIGCONT: raw mode, the alternate screen,
    /// bracketed paste; the next draw repaints every cell, since the
    /// screen held the shell's output meanwhile.
    pub fn resume(&mut self) -> anyhow::Result<()> {
        enter(self.mouse)
            // Not `clear`, which reads the cursor's position: the event
            // stream owns the terminal's input and the answer never comes.
            // A resize to the current size clears and redraws it all.
            .and_then(|()| self.terminal.size())
            .and_then(|size| {
                let area = ratatui::layout::Rect::new(0, 0, size.width, size.height);
                self.terminal.resize(area)
            })
            .map_err(|e| anyhow::Error::from(e).context("cannot take the terminal back"))
    }

    /// Whether clicks and the wheel are the dashboard's.
    pub fn mouse(&self) -> bool {
        self.mouse
    }

    /// The terminal's new size, from its resize event.
    pub fn resize(&mut self, width: u16, height: u16) -> io::Result<()> {
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, width, height))
    }

    /// Paints inside synchronized output so the screen never shows half a
    /// frame (terminals without support ignore the sequences).
    pub fn synced<T>(
        &mut self,
        paint: impl FnOnce(&mut DefaultTerminal) -> io::Result<T>,
    ) -> io::Result<T> {
        let mut out = io::stdout();
        crossterm::queue!(out, BeginSynchronizedUpdate)?;
        let painted = paint(&mut self.terminal)?;
        crossterm::queue!(out, EndSynchronizedUpdate)?;
        out.flush()?;
        Ok(painted)
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        // ratatui's terminal shows a hidden cursor as it drops and says a
        // failure with `eprintln!`, which panics on a terminal that hung
        // up (SIGHUP, a closed SSH session). So the cursor is shown here
        // and the terminal is never dropped: its buffers go with the
        // process, which is ending.
        if let Err(e) = self.terminal.show_cursor() {
            tracing::warn!("the cursor could not be shown: {e}");
        }
        restore();
    }
}
