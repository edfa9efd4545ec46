//! The store's own thread. rusqlite's `Connection` is not `Sync`, and a
//! query must never block the async loop, so one thread owns the store and
//! answers requests with messages for `update`.

mod execute;
mod notices;
#[cfg(test)]
mod tests;
mod updates;

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

/// How often the store is asked whether another connection committed (a
/// script, another engineer, this dashboard's outbox sender): one cached
/// `PRAGMA data_version`. Often enough that their writes reach the board
/// within a quarter second, rare enough to cost next to nothing idle.
pub const POLL: Duration = Duration::from_millis(150);
/// Between polls an unchanged file stamp (see `Store::file_stamp`) skips
/// the version read; this often it is read anyway, for a file system
/// whose times are too coarse to tell two commits of one size apart.
const ASK_ANYWAY: Duration = Duration::from_secs(1);

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
}

impl StoreWorker {
    pub fn spawn(
        store: Store,
        env: Session,
        replies: Sender<Msg>,
        fatal: Fatal,
    ) -> std::io::Result<StoreWorker> {
        let (requests, inbox) = mpsc::channel::<Effect>();
        let thread = std::thread::Builder::new()
            .name(threads::STORE.into())
            .spawn(move || {
                let (mut store, mut env) = (store, env);
                // Moved in, so an unwind drops the inbox and the dashboard's
                // next request finds the worker gone.
                let work = std::panic::AssertUnwindSafe(move || {
                    serve(&mut store, &mut env, &inbox, &replies)
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
        })
    }

    /// False once the worker has stopped (it panicked or the UI is gone).
    pub fn send(&self, effect: Effect) -> bool {
        self.requests.send(effect).is_ok()
    }
}

/// Answers requests until the dashboard hangs up; after the screen is
/// gone only writes are still carried out.
fn serve(
    store: &mut Store,
    env: &mut Session,
    inbox: &mpsc::Receiver<Effect>,
    replies: &Sender<Msg>,
) {
    env.seen_version = match store.data_version() {
        Ok(v) => Some(v),
        Err(e) => {
            tracing::warn!("the store's version cannot be read: {e}");
            None
        }
    };
    let mut ui_gone = false;
    let mut next_poll = Instant::now() + POLL;
    // The last two polls' stamps: a commit's log is written before it is
    // published, so a version read just after a change of stamp may not
    // see it yet; the poll after is asked as well.
    let mut stamps = [store.file_stamp(), None];
    let mut asked_at = Instant::now();
    loop {
        let first = match inbox.recv_timeout(next_poll.saturating_duration_since(Instant::now())) {
            Ok(first) => Some(first),
            Err(RecvTimeoutError::Timeout) => None,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        if Instant::now() >= next_poll {
            next_poll = Instant::now() + POLL;
            let now_stamp = store.file_stamp();
            let settled = now_stamp.is_some() && stamps.iter().all(|s| *s == now_stamp);
            let ask = !settled || asked_at.elapsed() >= ASK_ANYWAY;
            stamps = [now_stamp, stamps[0]];
            if ask {
                asked_at = Instant::now();
            }
            if let Some(msg) = ask
                .then(|| execute(store, &Effect::PollStore, env))
                .flatten()
            {
                // Another connection committed: the outbox sender looks too.
                env.wake_outbox();
                if !ui_gone {
                    ui_gone = replies.blocking_send(msg).is_err();
                }
            }
        }
        let Some(first) = first else { continue };
        let mut batch = vec![first];
        batch.extend(inbox.try_iter());
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

impl Drop for StoreWorker {
    fn drop(&mut self) {
        // Closing the channel ends the thread's loop; wait so the store is
        // closed cleanly before the process exits.
        let (closed, _) = mpsc::channel();
        self.requests = closed;
        // A panic was reported already (the hook and the fatal channel).
        if let Some(t) = self.thread.take()
            && t.join().is_err()
        {
            tracing::error!("the store thread ended in a panic");
        }
    }
}
