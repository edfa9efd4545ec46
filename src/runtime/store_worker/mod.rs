//! The store's own thread. rusqlite's `Connection` is not `Sync`, and a
//! query must never block the async loop, so one thread owns the store and
//! answers requests with messages for `update`.

mod execute;
mod notices;
#[cfg(test)]
mod tests;
mod updates;
mod watch;

use std::collections::HashMap;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use tokio::sync::mpsc::Sender;

use super::threads::{self, panic_text};
use crate::app::msg::{Effect, Msg};
use crate::store::Store;

pub use execute::{Session, execute};

/// Where a worker says why it stopped: the dashboard ends on it.
pub type Fatal = tokio::sync::mpsc::UnboundedSender<String>;

/// Where the store's files cannot be watched (see `watch`), how often
/// the store is asked whether another connection committed (a script,
/// another engineer, this dashboard's outbox sender): one cached `PRAGMA
/// data_version`. Often enough that their writes reach the board within
/// a quarter second.
pub const POLL: Duration = Duration::from_millis(150);
/// Between polls an unchanged file stamp (see `Store::file_stamp`) skips
/// the version read; this often it is read anyway, for a file system
/// whose times are too coarse to tell two commits of one size apart.
const ASK_ANYWAY: Duration = Duration::from_secs(1);
/// Watched, the store is still asked this often: a write the watch cannot
/// see (another host's, over a network file system) shows within it.
const ASK_WATCHED: Duration = Duration::from_secs(5);
/// After a watched write, looks again at these delays: a commit's log is
/// written before the commit is published in the shared memory (which
/// no watch sees), so the first look may come too early.
const LOOK_AGAIN: [Duration; 2] = [Duration::from_millis(40), Duration::from_millis(150)];

/// Effects of which only the last of a batch is worth carrying out: a
/// newer read (or draft save) makes an older one pointless.
fn latest_wins(e: &Effect) -> Option<(u8, u64)> {
    Some(match e {
        Effect::LoadBoard { .. } => (0, 0),
        Effect::LoadPipeline { .. } => (1, 0),
        Effect::PollStore => (2, 0),
        Effect::LoadNotices => (3, 0),
        Effect::LoadUpdatesDue { .. } => (4, 0),
        Effect::LoadAudience { .. } => (5, 0),
        Effect::RenderPreview { .. } => (6, 0),
        Effect::LoadLedger(id) => (7, *id as u64),
        Effect::SaveDraft { key, .. } => (8, *key),
        Effect::FindCustomers { .. } => (9, 0),
        Effect::PreviewIntake { .. } => (10, 0),
        Effect::PreviewUpdate { .. } => (11, 0),
        Effect::CheckAlarms => (12, 0),
        Effect::LoadHistory { .. } => (13, 0),
        _ => return None,
    })
}

/// Writes: carried out even once the UI is gone, so a step typed just
/// before quitting is kept.
fn is_write(e: &Effect) -> bool {
    matches!(
        e,
        Effect::Triage { .. }
            | Effect::BulkTriage { .. }
            | Effect::StepRequirement { .. }
            | Effect::AdvanceRecord(_)
            | Effect::Resend(_)
            | Effect::SaveDraft { .. }
            | Effect::DeleteDraft { .. }
            | Effect::QueueNotice(_)
            | Effect::AddNote { .. }
            | Effect::CustomerUpdate { .. }
            | Effect::AddEscalation(_)
    )
}

pub struct StoreWorker {
    requests: mpsc::Sender<Effect>,
    thread: Option<std::thread::JoinHandle<()>>,
    /// Holds a sender of `requests`: stopped before the worker is waited
    /// for, so the worker's inbox closes.
    watch: Option<watch::Watch>,
}

impl StoreWorker {
    pub fn spawn(
        store: Store,
        env: Session,
        replies: Sender<Msg>,
        fatal: Fatal,
    ) -> std::io::Result<StoreWorker> {
        let (requests, inbox) = mpsc::channel::<Effect>();
        let watch = match (store.change_source(), store.path()) {
            (Ok(Some(source)), _) => watch::Watch::listen(source, requests.clone()),
            (Err(e), _) => {
                tracing::warn!("cannot listen for the desk's commits ({e}); polling every 150 ms");
                None
            }
            (Ok(None), p) if p == std::path::Path::new(":memory:") => None,
            (Ok(None), p) => watch::Watch::start(p, requests.clone()),
        };
        let watching = watch.as_ref().map(watch::Watch::alive_flag);
        let thread = std::thread::Builder::new()
            .name(threads::STORE.into())
            .spawn(move || {
                let (mut store, mut env) = (store, env);
                // Moved in, so an unwind drops the inbox and the dashboard's
                // next request finds the worker gone.
                let work = std::panic::AssertUnwindSafe(move || {
                    serve(&mut store, &mut env, &inbox, &replies, watching)
                });
                if let Err(panic) = std::panic::catch_unwind(work) {
                    // The hook logged it; the dashboard ends on this.
                    let why = format!("the store thread stopped: {}", panic_text(&*panic));
                    if fatal.send(why).is_err() {
                        tracing::error!("the store thread stopped after the dashboard");
                    }
                }
            })?;
        Ok(StoreWorker {
            requests,
            thread: Some(thread),
            watch,
        })
    }

    /// False once the worker has stopped (it panicked or the UI is gone).
    pub fn send(&self, effect: Effect) -> bool {
        self.requests.send(effect).is_ok()
    }
}

/// Answers requests until the dashboard hangs up; after the screen is
/// gone only writes are still carried out. `watching` is true while the
/// store's files are watched: their writes come in as `PollStore`, and
/// the worker need not poll.
fn serve(
    store: &mut Store,
    env: &mut Session,
    inbox: &mpsc::Receiver<Effect>,
    replies: &Sender<Msg>,
    watching: Option<watch::Alive>,
) {
    env.seen_version = match store.data_version() {
        Ok(v) => Some(v),
        Err(e) => {
            tracing::warn!("the store's version cannot be read: {e}");
            None
        }
    };
    let mut ui_gone = false;
    let mut looks = Looks::new(store, watching);
    loop {
        let wait = looks.next.saturating_duration_since(Instant::now());
        let first = match inbox.recv_timeout(wait) {
            Ok(first) => Some(first),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let mut batch: Vec<Effect> = first.into_iter().chain(inbox.try_iter()).collect();
        // The watch saw a write: look now, and again shortly.
        let written = batch.iter().any(|e| matches!(e, Effect::PollStore));
        batch.retain(|e| !matches!(e, Effect::PollStore));
        let look = written || Instant::now() >= looks.next;
        if look
            && looks.due(store, written)
            && let Some(msg) = execute(store, &Effect::PollStore, env)
        {
            // Another connection committed: the outbox sender looks too.
            env.wake_outbox();
            if !ui_gone {
                ui_gone = replies.blocking_send(msg).is_err();
            }
        }
        // Latest wins: of several reads of the same thing queued
        // while busy, only the last is worth doing.
        let mut last = HashMap::new();
        for (i, e) in batch.iter().enumerate() {
            if let Some(k) = latest_wins(e) {
                last.insert(k, i);
            }
        }
        let mut wrote = false;
        for (i, effect) in batch.iter().enumerate() {
            let wanted = match latest_wins(effect) {
                // With the UI gone only writes still matter.
                _ if ui_gone => is_write(effect),
                Some(k) => last.get(&k) == Some(&i),
                None => true,
            };
            if !wanted {
                continue;
            }
            wrote |= is_write(effect);
            let reply = execute(store, effect, env);
            if let Some(msg) = reply
                && !ui_gone
            {
                ui_gone = replies.blocking_send(msg).is_err();
            }
        }
        // A notice queued or resent here goes out now, not at the next
        // look (this connection's commits never move its own version).
        if wrote {
            env.wake_outbox();
        }
    }
}

/// When the worker next asks the store for its version, and whether a
/// look at the files' stamps lets it skip asking.
struct Looks {
    next: Instant,
    watching: Option<watch::Alive>,
    /// Looks still due after the last watched write.
    again: std::vec::IntoIter<Duration>,
    /// The last two polls' stamps: a commit's log is written before it is
    /// published, so a version read just after a change of stamp may not
    /// see it yet; the poll after is asked as well.
    stamps: [Option<[(u64, std::time::SystemTime); 2]>; 2],
    asked_at: Instant,
}

impl Looks {
    fn new(store: &Store, watching: Option<watch::Alive>) -> Looks {
        let mut looks = Looks {
            next: Instant::now(),
            watching,
            again: Vec::new().into_iter(),
            stamps: [store.file_stamp(), None],
            asked_at: Instant::now(),
        };
        looks.next = Instant::now() + looks.interval();
        looks
    }

    fn watched(&self) -> bool {
        self.watching.as_ref().is_some_and(watch::Alive::get)
    }

    fn interval(&self) -> Duration {
        if self.watched() { ASK_WATCHED } else { POLL }
    }

    /// Whether to ask the store now (a look is due, or the watch saw a
    /// write), and when to look next.
    fn due(&mut self, store: &Store, written: bool) -> bool {
        let now = Instant::now();
        if written {
            self.again = LOOK_AGAIN.to_vec().into_iter();
        }
        if self.watched() {
            self.next = now + self.again.next().unwrap_or(self.interval());
            return true;
        }
        self.next = now + POLL;
        let now_stamp = store.file_stamp();
        let settled = now_stamp.is_some() && self.stamps.iter().all(|s| *s == now_stamp);
        let ask = !settled || self.asked_at.elapsed() >= ASK_ANYWAY;
        self.stamps = [now_stamp, self.stamps[0]];
        if ask {
            self.asked_at = now;
        }
        ask
    }
}

impl Drop for StoreWorker {
    fn drop(&mut self) {
        // Closing the channel ends the thread's loop; wait so the store is
        // closed cleanly before the process exits.
        let (closed, _) = mpsc::channel();
        self.requests = closed;
        drop(self.watch.take());
        // A panic was reported already (the hook and the fatal channel).
        if let Some(t) = self.thread.take()
            && t.join().is_err()
        {
            tracing::error!("the store thread ended in a panic");
        }
    }
}
