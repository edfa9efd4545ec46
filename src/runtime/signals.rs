//! The signals the dashboard answers from outside: the terminating ones
//! (SIGTERM, SIGHUP, SIGINT, SIGQUIT) end it as a quit does, the terminal
//! given back, with the shell's conventional exit code (128 + the signal:
//! 130 for SIGINT, 143 for SIGTERM); SIGTSTP suspends it properly (the
//! terminal given back, the process stopped, and on SIGCONT raw mode, the
//! alternate screen and a full redraw again). Ctrl-C and Ctrl-Z at the
//! keyboard are keys in raw mode, not signals.

use tokio::signal::unix::{Signal, SignalKind, signal};

/// The dashboard ended by a signal: the process exits `128 + signal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("stopped by {name}")]
pub struct Signalled {
    pub signal: i32,
    pub name: &'static str,
}

impl Signalled {
    pub fn exit_code(self) -> u8 {
        u8::try_from(128 + self.signal).unwrap_or(u8::MAX)
    }
}

/// What arrived.
pub enum Arrived {
    Ends(Signalled),
    Suspend,
}

pub struct Signals {
    ending: Vec<(Signal, Signalled)>,
    suspend: Signal,
}

impl Signals {
    pub fn listen() -> std::io::Result<Signals> {
        let mut ending = Vec::new();
        for (kind, signal_no, name) in [
            (SignalKind::terminate(), libc::SIGTERM, "SIGTERM"),
            (SignalKind::hangup(), libc::SIGHUP, "SIGHUP"),
            (SignalKind::interrupt(), libc::SIGINT, "SIGINT"),
            (SignalKind::quit(), libc::SIGQUIT, "SIGQUIT"),
        ] {
            let end = Signalled {
                signal: signal_no,
                name,
            };
            ending.push((signal(kind)?, end));
        }
        Ok(Signals {
            ending,
            suspend: signal(SignalKind::from_raw(libc::SIGTSTP))?,
        })
    }

    /// The next signal to act on.
    pub async fn next(&mut self) -> Arrived {
        let ending = futures_util::future::select_all(
            self.ending
                .iter_mut()
                .map(|(s, end)| Box::pin(async move { s.recv().await.map(|_| *end) })),
        );
        tokio::select! {
            (got, _, _) = ending => match got {
                Some(end) => Arrived::Ends(end),
                // A stream that closed cannot deliver again; treat it as
                // the signal it was for rather than spin on it.
                None => Arrived::Ends(Signalled { signal: libc::SIGTERM, name: "SIGTERM" }),
            },
            _ = self.suspend.recv() => Arrived::Suspend,
        }
    }
}

/// Stops the process until SIGCONT (the caller has given the terminal
/// back). SIGSTOP cannot be caught, so the stop is certain.
pub fn stop_until_continued() {
    // SAFETY: raise only sends a signal to this process.
    let sent = unsafe { libc::raise(libc::SIGSTOP) };
    if sent != 0 {
        tracing::warn!(
            "could not stop on SIGTSTP: {}",
            std::io::Error::last_os_error()
        );
    }
}
