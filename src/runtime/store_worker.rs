//! The store's own thread. rusqlite's `Connection` is not `Sync`, and a
//! query must never block the async loop, so one thread owns the store and
//! answers requests with messages for `update`.

use std::sync::Arc;
use std::sync::mpsc;

use tokio::sync::mpsc::Sender;

use crate::app::{Effect, Msg};
use crate::clock::Clock;
use crate::domain::requirement::{Requirement, RequirementOp};
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
        Effect::LoadBoard { seq, query } => Some(Msg::BoardLoaded {
            seq: *seq,
            result: store.board(query).map_err(text),
        }),
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
        Effect::LoadQuotas => {
            let now = clock.now();
            let refill = store.rules().calendar.next_month_start(now);
            let result = store.quota_board(now).map(|rows| (rows, refill));
            Some(Msg::QuotasLoaded(result.map_err(text)))
        }
        Effect::LoadCustomer(name) => Some(Msg::CustomerLoaded {
            name: name.clone(),
            result: store
                .customer_detail(name, clock.now())
                .map(Box::new)
                .map_err(text),
        }),
        Effect::LoadPipeline { seq, query } => Some(Msg::PipelineLoaded {
            seq: *seq,
            result: store.pipeline(query).map_err(text),
        }),
        Effect::LoadRequirement(id) => {
            let result = store
                .requirement(*id)
                .and_then(|r| Ok((r, store.requirement_history(*id)?)))
                .map_err(text);
            Some(Msg::RequirementLoaded { id: *id, result })
        }
        Effect::StepRequirement { id, seen, op } => {
            let actor = Actor {
                engineer,
                now: clock.now(),
            };
            let result = store
                .step_requirement_seen(*id, *seen, op, actor)
                .map(|r| step_summary(&r, op))
                .map_err(text);
            Some(Msg::RequirementStepped { id: *id, result })
        }
        Effect::PollStore => {
            // data_version moves only for other connections' commits.
            let now = store.data_version().ok();
            // The first sighting is a baseline, not news.
            let changed = seen_version.is_some() && now.is_some() && *seen_version != now;
            *seen_version = now;
            changed.then_some(Msg::StoreChanged)
        }
        Effect::Quit => None,
    }
}

/// What a pipeline step did, for the status line.
fn step_summary(r: &Requirement, op: &RequirementOp) -> String {
    match op {
        RequirementOp::Advance => format!("is now {}", r.state.label()),
        RequirementOp::Reject { .. } => "rejected; the reason is recorded".to_string(),
        RequirementOp::Plan(p) => format!("rollout plan recorded: {}", p.date),
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
                let mut ui_gone = false;
                while let Ok(first) = inbox.recv() {
                    let mut batch = vec![first];
                    batch.extend(inbox.try_iter());
                    // Latest wins: of several board or pipeline reads or
                    // polls queued while busy, only the last is worth doing.
                    let last_load = batch
                        .iter()
                        .rposition(|e| matches!(e, Effect::LoadBoard { .. }));
                    let last_pipeline = batch
                        .iter()
                        .rposition(|e| matches!(e, Effect::LoadPipeline { .. }));
                    let last_poll = batch.iter().rposition(|e| *e == Effect::PollStore);
                    for (i, effect) in batch.iter().enumerate() {
                        let wanted = match effect {
                            // With the UI gone only writes still matter: a
                            // triage typed just before quitting is kept.
                            _ if ui_gone => matches!(
                                effect,
                                Effect::Triage { .. } | Effect::StepRequirement { .. }
                            ),
                            Effect::LoadBoard { .. } => Some(i) == last_load,
                            Effect::LoadPipeline { .. } => Some(i) == last_pipeline,
                            Effect::PollStore => Some(i) == last_poll,
                            _ => true,
                        };
                        if !wanted {
                            continue;
                        }
                        let reply = execute(&mut store, effect, &engineer, &*clock, &mut seen);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use crate::domain::{EscalationState, TriageOp};
    use crate::store::test_support::{actor, new_esc, t0};
    use crate::store::{Anchor, BoardQuery};

    fn file_store(dir: &tempfile::TempDir) -> Store {
        let mut s = Store::open(&dir.path().join("s.db")).unwrap();
        s.add_customer(
            &crate::domain::NewCustomer {
                name: "Acme".into(),
                kind: crate::domain::CustomerKind::Local,
                owner: None,
            },
            actor(t0()),
        )
        .unwrap();
        s.add_escalation(
            &new_esc("T-1", crate::domain::Severity::S2, t0()),
            actor(t0()),
        )
        .unwrap();
        s
    }

    #[test]
    fn a_triage_sent_just_before_quitting_is_still_written() {
        let dir = tempfile::tempdir().unwrap();
        let store = file_store(&dir);
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        let clock = Arc::new(ManualClock::new(t0()));
        let worker = StoreWorker::spawn(store, "alice".into(), clock, tx).unwrap();
        let query = BoardQuery {
            filter: None,
            anchor: Anchor::Top,
            before: 5,
            after: 5,
            now: t0(),
        };
        worker.send(Effect::LoadBoard {
            seq: 0,
            query: query.clone(),
        });
        worker.send(Effect::LoadBoard { seq: 1, query });
        worker.send(Effect::Triage {
            id: 1,
            op: TriageOp::Acknowledge,
        });
        // The UI goes away without reading a single reply.
        drop(rx);
        drop(worker);
        let s = Store::open(&dir.path().join("s.db")).unwrap();
        assert_eq!(
            s.escalation(1).unwrap().state,
            EscalationState::Acknowledged
        );
    }

    #[test]
    fn a_requirement_step_sent_just_before_quitting_is_still_written() {
        use crate::domain::requirement::{NewRequirement, RequirementOp, RequirementState};
        use crate::domain::subscription::NewSubscription;
        use crate::store::PipelineQuery;
        let dir = tempfile::tempdir().unwrap();
        let mut store = file_store(&dir);
        let start = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
        let sub = NewSubscription {
            applied_on: start - chrono::Days::new(10),
            start_on: start,
            months: 12,
        };
        store
            .add_subscription("Acme", &sub, None, actor(t0()))
            .unwrap();
        let new = NewRequirement {
            customer: "Acme".into(),
            title: "dark mode".into(),
            description: String::new(),
        };
        store.add_requirement(&new, actor(t0())).unwrap();
        let (tx, rx) = tokio::sync::mpsc::channel(1);
        let clock = Arc::new(ManualClock::new(t0()));
        let worker = StoreWorker::spawn(store, "alice".into(), clock, tx).unwrap();
        let query = PipelineQuery {
            now: t0(),
            rows: 5,
            offsets: vec![],
        };
        for seq in 0..3 {
            worker.send(Effect::LoadPipeline {
                seq,
                query: query.clone(),
            });
        }
        worker.send(Effect::StepRequirement {
            id: 1,
            seen: None,
            op: RequirementOp::Advance,
        });
        drop(rx);
        drop(worker);
        let s = Store::open(&dir.path().join("s.db")).unwrap();
        assert_eq!(s.requirement(1).unwrap().state, RequirementState::Analysing);
        assert_eq!(s.requirement_history(1).unwrap()[1].engineer, "alice");
    }

    #[test]
    fn polls_report_other_writers_even_after_a_board_read() {
        let dir = tempfile::tempdir().unwrap();
        let mut mine = file_store(&dir);
        let mut other = Store::open(&dir.path().join("s.db")).unwrap();
        let clock = ManualClock::new(t0());
        let mut seen = mine.data_version().ok();
        let poll = |s: &mut Store, seen: &mut Option<i64>| {
            execute(s, &Effect::PollStore, "alice", &clock, seen)
        };
        assert!(poll(&mut mine, &mut seen).is_none());
        other
            .triage(1, &TriageOp::Assign("bob".into()), actor(t0()))
            .unwrap();
        // A board read in between must not swallow the change.
        let query = BoardQuery {
            filter: None,
            anchor: Anchor::Top,
            before: 1,
            after: 1,
            now: t0(),
        };
        execute(
            &mut mine,
            &Effect::LoadBoard { seq: 0, query },
            "alice",
            &clock,
            &mut seen,
        );
        assert!(matches!(
            poll(&mut mine, &mut seen),
            Some(Msg::StoreChanged)
        ));
        assert!(poll(&mut mine, &mut seen).is_none());
        // Our own writes are not news.
        mine.triage(1, &TriageOp::Acknowledge, actor(t0())).unwrap();
        assert!(poll(&mut mine, &mut seen).is_none());
    }
}
