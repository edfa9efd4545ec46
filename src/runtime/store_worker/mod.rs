//! The store's own thread. rusqlite's `Connection` is not `Sync`, and a
//! query must never block the async loop, so one thread owns the store and
//! answers requests with messages for `update`.

mod execute;
mod notices;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::sync::mpsc;

use tokio::sync::mpsc::Sender;

use crate::app::msg::{Effect, Msg};
use crate::store::Store;

pub use execute::{Session, execute};

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
        _ => return None,
    })
}

/// Writes: carried out even once the UI is gone, so a step typed just
/// before quitting is kept.
fn is_write(e: &Effect) -> bool {
    matches!(
        e,
        Effect::Triage { .. }
            | Effect::StepRequirement { .. }
            | Effect::AdvanceRecord(_)
            | Effect::Resend(_)
            | Effect::SaveDraft { .. }
            | Effect::DeleteDraft { .. }
            | Effect::QueueNotice(_)
    )
}

pub struct StoreWorker {
    requests: mpsc::Sender<Effect>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StoreWorker {
    pub fn spawn(
        mut store: Store,
        mut env: Session,
        replies: Sender<Msg>,
    ) -> std::io::Result<StoreWorker> {
        let (requests, inbox) = mpsc::channel::<Effect>();
        let thread = std::thread::Builder::new()
            .name("store".into())
            .spawn(move || {
                env.seen_version = store.data_version().ok();
                let mut ui_gone = false;
                while let Ok(first) = inbox.recv() {
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
                        let reply = execute(&mut store, effect, &mut env);
                        if let Some(msg) = reply
                            && !ui_gone
                        {
                            ui_gone = replies.blocking_send(msg).is_err();
                        }
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

impl Drop for StoreWorker {
    fn drop(&mut self) {
        // Closing the channel ends the thread's loop; wait so the store is
        // closed cleanly before the process exits.
        let (closed, _) = mpsc::channel();
        self.requests = closed;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
