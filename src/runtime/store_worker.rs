//! The store's own thread. rusqlite's `Connection` is not `Sync`, and a
//! query must never block the async loop, so one thread owns the store and
//! answers requests with messages for `update`.

use std::sync::Arc;
use std::sync::mpsc;

use tokio::sync::mpsc::Sender;

use crate::app::{Effect, Msg};
use crate::clock::Clock;
use crate::store::{Actor, Store};

/// Carries out one store effect and says what came of it. Shared by the
/// worker thread and by tests that drive `update` against a real store.
pub fn execute(
    store: &mut Store,
    effect: &Effect,
    engineer: &str,
    clock: &dyn Clock,
    seen_version: &mut Option<i64>,
) -> Option<Msg> {
    let text = |e: crate::store::StoreError| e.to_string();
    match effect {
        Effect::LoadBoard(q) => {
            // Remember what we have seen, so a poll only reports others' writes.
            *seen_version = store.data_version().ok();
            Some(Msg::BoardLoaded(store.board(q).map_err(text)))
        }
        Effect::LoadDetail(id) => {
            let result = store
                .escalation(*id)
                .and_then(|e| Ok((e, store.escalation_history(*id)?)))
                .map_err(text);
            Some(Msg::DetailLoaded { id: *id, result })
        }
        Effect::Triage { id, op } => {
            let actor = Actor {
                engineer,
                now: clock.now(),
            };
            let result = store
                .triage(*id, op, actor)
                .map(|t| t.summary)
                .map_err(text);
            Some(Msg::Triaged { id: *id, result })
        }
        Effect::PollStore => {
            let now = store.data_version().ok();
            let changed = now.is_some() && *seen_version != now;
            changed.then_some(Msg::StoreChanged)
        }
        Effect::Quit => None,
    }
}

pub struct StoreWorker {
    requests: mpsc::Sender<Effect>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl StoreWorker {
    pub fn spawn(
        mut store: Store,
        engineer: String,
        clock: Arc<dyn Clock>,
        replies: Sender<Msg>,
    ) -> std::io::Result<StoreWorker> {
        let (requests, inbox) = mpsc::channel::<Effect>();
        let thread = std::thread::Builder::new()
            .name("store".into())
            .spawn(move || {
                let mut seen = store.data_version().ok();
                while let Ok(first) = inbox.recv() {
                    let mut batch = vec![first];
                    batch.extend(inbox.try_iter());
                    // Latest wins: of several board reads or polls queued
                    // while busy, only the last is worth doing.
                    let last_load = batch
                        .iter()
                        .rposition(|e| matches!(e, Effect::LoadBoard(_)));
                    let last_poll = batch.iter().rposition(|e| *e == Effect::PollStore);
                    for (i, effect) in batch.iter().enumerate() {
                        let superseded = match effect {
                            Effect::LoadBoard(_) => Some(i) != last_load,
                            Effect::PollStore => Some(i) != last_poll || last_load.is_some(),
                            _ => false,
                        };
                        if superseded {
                            continue;
                        }
                        if let Some(msg) =
                            execute(&mut store, effect, &engineer, &*clock, &mut seen)
                            && replies.blocking_send(msg).is_err()
                        {
                            return;
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
