//! Another connection's commit, learned from the file system instead of
//! by looking every 150 ms: an inotify watch on the store's directory
//! wakes a small thread when the store file, its write-ahead log or its
//! journal is written, and that thread asks the store worker to look.
//! Idle, nothing wakes at all. Where the directory cannot be watched (no
//! inotify, too many watches) the worker polls as before. A desk on
//! PostgreSQL is heard instead: the thread listens on a connection of its
//! own for the commits the server announces (`LISTEN`/`NOTIFY`).

use std::ffi::OsString;
use std::os::fd::AsFd;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use nix::errno::Errno;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify};

use crate::app::msg::Effect;
use crate::store::ChangeSource;

/// How long a listening thread waits for the server before it looks
/// whether the dashboard is closing: what quitting may wait at most.
const LISTEN_TURN: std::time::Duration = std::time::Duration::from_millis(200);

/// The watching thread; dropping it stops the thread and waits for it.
pub struct Watch {
    stop: Option<std::io::PipeWriter>,
    /// Set when the watch is dropped, for a listening thread, which wakes
    /// to look at it between waits.
    halt: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
    alive: Arc<AtomicBool>,
}

/// Whether the watching thread still runs, for the worker.
pub struct Alive(Arc<AtomicBool>);

impl Alive {
    pub fn get(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

impl Watch {
    /// Watches the directory of `db` and sends `Effect::PollStore` to
    /// `inbox` after each burst of writes to the store's files. `None`
    /// (logged) when it cannot watch: the worker then polls.
    pub fn start(db: &Path, inbox: mpsc::Sender<Effect>) -> Option<Watch> {
        let started = (|| -> Result<Watch, String> {
            let dir = match db.parent() {
                Some(d) if !d.as_os_str().is_empty() => d,
                _ => Path::new("."),
            };
            let file = db
                .file_name()
                .ok_or_else(|| format!("{} names no file", db.display()))?;
            let names = ["", "-wal", "-journal"].map(|tail| {
                let mut n = file.to_os_string();
                n.push(tail);
                n
            });
            let ino = Inotify::init(InitFlags::IN_CLOEXEC).map_err(|e| e.to_string())?;
            ino.add_watch(
                dir,
                AddWatchFlags::IN_MODIFY
                    | AddWatchFlags::IN_CREATE
                    | AddWatchFlags::IN_MOVED_TO
                    | AddWatchFlags::IN_DELETE,
            )
            .map_err(|e| format!("{}: {e}", dir.display()))?;
            let (read_end, stop) = std::io::pipe().map_err(|e| e.to_string())?;
            let alive = Arc::new(AtomicBool::new(true));
            let flag = alive.clone();
            let thread = std::thread::Builder::new()
                .name("store-watch".into())
                .spawn(move || {
                    if let Err(e) = watch(&ino, &read_end, &names, &inbox) {
                        tracing::warn!("the store's files are no longer watched ({e}); polling");
                    }
                    flag.store(false, Ordering::Release);
                })
                .map_err(|e| e.to_string())?;
            Ok(Watch {
                stop: Some(stop),
                halt: Arc::new(AtomicBool::new(false)),
                thread: Some(thread),
                alive,
            })
        })();
        match started {
            Ok(w) => Some(w),
            Err(e) => {
                tracing::warn!("cannot watch the store's files ({e}); polling every 150 ms");
                None
            }
        }
    }

    /// Sends `Effect::PollStore` to `inbox` after each commit the server
    /// announces on a connection the thread makes to `source`. While that
    /// connection is lost the worker polls, and the thread connects again.
    pub fn listen(source: ChangeSource, inbox: mpsc::Sender<Effect>) -> Option<Watch> {
        let alive = Arc::new(AtomicBool::new(true));
        let halt = Arc::new(AtomicBool::new(false));
        let (flag, halted) = (alive.clone(), halt.clone());
        let thread = std::thread::Builder::new()
            .name("store-listen".into())
            .spawn(move || listening(&source, &inbox, &flag, &halted));
        match thread {
            Ok(thread) => Some(Watch {
                stop: None,
                halt,
                thread: Some(thread),
                alive,
            }),
            Err(e) => {
                tracing::warn!("cannot listen for the desk's commits ({e}); polling every 150 ms");
                None
            }
        }
    }

    /// False once the thread has stopped (an error, or the worker gone):
    /// the worker polls again.
    pub fn alive_flag(&self) -> Alive {
        Alive(self.alive.clone())
    }
}

/// How long a listening thread waits before it connects again after the
/// server was lost, so a server that is down is not hammered.
const RELISTEN_AFTER: std::time::Duration = std::time::Duration::from_secs(2);

/// The listening thread's life: listen, and listen again after a loss,
/// until the watch is dropped or the worker is gone. `alive` is false
/// while nothing listens, and the worker polls meanwhile.
fn listening(
    source: &ChangeSource,
    inbox: &mpsc::Sender<Effect>,
    alive: &AtomicBool,
    halted: &AtomicBool,
) {
    let mut said = false;
    while !halted.load(Ordering::Acquire) {
        let mut listener = match source.listen() {
            Ok(l) => l,
            Err(e) => {
                if !std::mem::replace(&mut said, true) {
                    tracing::warn!("cannot listen for the desk's commits ({e}); polling");
                }
                alive.store(false, Ordering::Release);
                wait_out(RELISTEN_AFTER, halted);
                continue;
            }
        };
        if said {
            tracing::info!("listening for the desk's commits again");
            // What was committed while nobody listened is looked for now.
            if inbox.send(Effect::PollStore).is_err() {
                break;
            }
        }
        said = false;
        alive.store(true, Ordering::Release);
        while !halted.load(Ordering::Acquire) {
            match listener.wait(LISTEN_TURN) {
                Ok(false) => {}
                Ok(true) => {
                    if inbox.send(Effect::PollStore).is_err() {
                        alive.store(false, Ordering::Release);
                        return;
                    }
                }
                Err(e) => {
                    tracing::warn!("the desk's commits are no longer heard ({e}); polling");
                    said = true;
                    alive.store(false, Ordering::Release);
                    break;
                }
            }
        }
    }
    alive.store(false, Ordering::Release);
}

/// Sleeps `total` in turns, returning early once `halted` is set.
fn wait_out(total: std::time::Duration, halted: &AtomicBool) {
    let until = std::time::Instant::now() + total;
    while !halted.load(Ordering::Acquire) && std::time::Instant::now() < until {
        std::thread::sleep(LISTEN_TURN);
    }
}

/// Waits for events until `stop` is closed or the worker's inbox is.
fn watch(
    ino: &Inotify,
    stop: &std::io::PipeReader,
    names: &[OsString; 3],
    inbox: &mpsc::Sender<Effect>,
) -> Result<(), Errno> {
    loop {
        let mut fds = [
            PollFd::new(ino.as_fd(), PollFlags::POLLIN),
            PollFd::new(stop.as_fd(), PollFlags::POLLIN),
        ];
        match poll(&mut fds, PollTimeout::NONE) {
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        if fds[1].any().unwrap_or(true) {
            return Ok(());
        }
        if !fds[0].any().unwrap_or(false) {
            continue;
        }
        // A lost event (the queue overflowed) may have been a commit.
        let ours = ino.read_events()?.iter().any(|e| {
            e.mask.contains(AddWatchFlags::IN_Q_OVERFLOW)
                || e.name.as_ref().is_some_and(|n| names.contains(n))
        });
        if ours && inbox.send(Effect::PollStore).is_err() {
            return Ok(());
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        // Closing the pipe's write end wakes the thread's poll; a
        // listening thread sees the flag at its next turn.
        self.halt.store(true, Ordering::Release);
        drop(self.stop.take());
        if let Some(t) = self.thread.take()
            && t.join().is_err()
        {
            tracing::error!("the store's watch ended in a panic");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_to_the_log_asks_for_a_look_and_stopping_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.db");
        let (tx, rx) = mpsc::channel();
        let w = Watch::start(&db, tx).expect("inotify on a temp dir");
        std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
        std::fs::write(dir.path().join("desk.db-wal"), "x").unwrap();
        let got = rx.recv_timeout(std::time::Duration::from_secs(10));
        assert!(matches!(got, Ok(Effect::PollStore)), "{got:?}");
        // Stopping ends the thread (it joins) and lets go of the sender.
        drop(w);
        while rx.try_recv().is_ok() {}
        assert!(matches!(
            rx.try_recv(),
            Err(mpsc::TryRecvError::Disconnected)
        ));
    }
}
