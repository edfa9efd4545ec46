//! The store's own thread. rusqlite's `Connection` is not `Sync`, and a
//! query must never block the async loop, so one thread owns the store and
//! answers requests with messages for `update`.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::mpsc;

use tokio::sync::mpsc::Sender;

use super::notice_work;
use crate::app::{Effect, Msg};
use crate::clock::Clock;
use crate::domain::requirement::{Requirement, RequirementOp};
use crate::notify::templates::Templates;
use crate::notify::{NoticeContext, Rendering};
use crate::store::{Actor, Store};

/// Turns a notice's context into its text for every channel. The worker
/// renders with the desk's templates; tests hand it their own.
pub type Render = Arc<dyn Fn(&NoticeContext) -> Result<Rendering, String> + Send + Sync>;

/// Renders with `templates`.
pub fn render_with(templates: Arc<Templates>) -> Render {
    Arc::new(move |c: &NoticeContext| templates.render(c).map_err(|e| e.to_string()))
}

/// What the worker acts with and remembers between requests.
pub struct Env {
    pub engineer: String,
    pub clock: Arc<dyn Clock>,
    pub render: Render,
    /// The store's data_version at the last poll.
    pub seen_version: Option<i64>,
    /// Composer draft keys and the ids the store gave them.
    pub drafts: HashMap<u64, i64>,
}

impl Env {
    pub fn new(engineer: &str, clock: Arc<dyn Clock>, render: Render) -> Env {
        Env {
            engineer: engineer.to_string(),
            clock,
            render,
            seen_version: None,
            drafts: HashMap::new(),
        }
    }
}

/// Carries out one store effect and says what came of it. Shared by the
/// worker thread and by tests that drive `update` against a real store.
pub fn execute(store: &mut Store, effect: &Effect, env: &mut Env) -> Option<Msg> {
    let text = |e: crate::store::StoreError| e.to_string();
    let now = env.clock.now();
    let engineer = env.engineer.as_str();
    let actor = Actor { engineer, now };
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
            let result = store
                .triage(*id, op, actor)
                .map(|t| t.summary)
                .map_err(text);
            Some(Msg::Triaged { id: *id, result })
        }
        Effect::LoadQuotas => {
            let refill = store.rules().calendar.next_month_start(now);
            let result = store.quota_board(now).map(|rows| (rows, refill));
            Some(Msg::QuotasLoaded(result.map_err(text)))
        }
        Effect::LoadCustomer(name) => Some(Msg::CustomerLoaded {
            name: name.clone(),
            result: store.customer_detail(name, now).map(Box::new).map_err(text),
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
            let result = store
                .step_requirement_seen(*id, *seen, op, actor)
                .map(|r| step_summary(&r, op))
                .map_err(text);
            Some(Msg::RequirementStepped { id: *id, result })
        }
        Effect::LoadNotices => Some(Msg::NoticesLoaded(
            notice_work::notices_page(store, engineer).map(Box::new),
        )),
        Effect::LoadUpdatesDue { limit } => Some(Msg::UpdatesDueLoaded(
            store.incident_updates_due(*limit).map_err(text),
        )),
        Effect::LoadLedger(id) => Some(Msg::LedgerLoaded {
            id: *id,
            result: store.notice(*id).map(Box::new).map_err(text),
        }),
        Effect::AdvanceRecord(step) => Some(Msg::RecordAdvanced(notice_work::advance(
            store, step, actor,
        ))),
        Effect::Resend(id) => Some(Msg::Resent {
            id: *id,
            result: store.resend_failed(*id, actor).map_err(text),
        }),
        Effect::LoadAudience {
            seq,
            services,
            regions,
        } => Some(Msg::AudienceLoaded {
            seq: *seq,
            result: store.audience(services, regions).map_err(text),
        }),
        Effect::LoadAudienceMember {
            name,
            services,
            regions,
        } => Some(Msg::AudienceMemberLoaded {
            name: name.clone(),
            result: store.audience_member(name, services, regions).map_err(text),
        }),
        Effect::RenderPreview { seq, context } => Some(Msg::PreviewRendered {
            seq: *seq,
            result: (env.render)(context),
        }),
        Effect::SaveDraft {
            key,
            id,
            kind,
            fields,
        } => Some(Msg::DraftSaved {
            key: *key,
            result: notice_work::save_draft(
                store,
                &mut env.drafts,
                *key,
                *id,
                *kind,
                fields,
                actor,
            ),
        }),
        Effect::DeleteDraft { key, id } => {
            // Nothing to tell: the composer is already closed. A draft that
            // cannot be deleted is offered again, which says enough.
            let _ = notice_work::delete_draft(store, &mut env.drafts, *key, *id);
            None
        }
        Effect::SendNotice(out) => {
            let render = env.render.clone();
            Some(Msg::NoticeSent(notice_work::send(
                store,
                out,
                &mut env.drafts,
                engineer,
                now,
                &render,
            )))
        }
        Effect::PollStore => {
            // data_version moves only for other connections' commits.
            let now = store.data_version().ok();
            // The first sighting is a baseline, not news.
            let seen = &mut env.seen_version;
            let changed = seen.is_some() && now.is_some() && *seen != now;
            *seen = now;
            changed.then_some(Msg::StoreChanged)
        }
        Effect::Quit => None,
    }
}

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
            | Effect::SendNotice(_)
    )
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
        mut env: Env,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use crate::domain::{EscalationState, TriageOp};
    use crate::store::test_support::{actor, new_esc, t0};
    use crate::store::{Anchor, BoardQuery};

    fn env(clock: Arc<ManualClock>) -> Env {
        Env::new("alice", clock, super::super::test_support::plain_render())
    }

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
        let worker = StoreWorker::spawn(store, env(clock), tx).unwrap();
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
        let worker = StoreWorker::spawn(store, env(clock), tx).unwrap();
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
        let mut env = env(Arc::new(ManualClock::new(t0())));
        env.seen_version = mine.data_version().ok();
        let poll = |s: &mut Store, env: &mut Env| execute(s, &Effect::PollStore, env);
        assert!(poll(&mut mine, &mut env).is_none());
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
        execute(&mut mine, &Effect::LoadBoard { seq: 0, query }, &mut env);
        assert!(matches!(poll(&mut mine, &mut env), Some(Msg::StoreChanged)));
        assert!(poll(&mut mine, &mut env).is_none());
        // Our own writes are not news.
        mine.triage(1, &TriageOp::Acknowledge, actor(t0())).unwrap();
        assert!(poll(&mut mine, &mut env).is_none());
    }

    /// Acme holds ECS in cn-north-4 and has two email addresses and a
    /// WeCom group; incident #1 there is guidance_ready.
    fn notice_store(dir: &tempfile::TempDir) -> Store {
        use crate::domain::contact::Contact;
        use crate::domain::incident::{IncidentEdit, NewIncident};
        use crate::domain::incident::{IncidentKind, IncidentLevel};
        use crate::domain::inventory::Holding;
        use crate::domain::notice::{Channel, ChatPlatform};
        let mut s = file_store(dir);
        let a = actor(t0());
        let ecs = Holding {
            service: "ECS".into(),
            region: "cn-north-4".into(),
        };
        s.add_holdings("Acme", &[ecs], a).unwrap();
        for c in [
            Contact::new(Channel::Email, "ops@acme.example", None),
            Contact::new(Channel::Email, "cto@acme.example", None),
            Contact::new(
                Channel::Chat,
                "https://qyapi.example/send?key=1",
                Some(ChatPlatform::WeCom),
            ),
        ] {
            s.add_contact("Acme", &c.unwrap(), a).unwrap();
        }
        let i = s
            .add_incident(
                &NewIncident {
                    title: "OpenSSH regreSSHion".into(),
                    kind: IncidentKind::OsVulnerability,
                    level: Some(IncidentLevel::new(1).unwrap()),
                    services: vec!["ECS".into()],
                    regions: vec!["cn-north-4".into()],
                    guidance: "patch to 9.8p1".into(),
                    next_update_due: None,
                },
                a,
            )
            .unwrap();
        for _ in 0..2 {
            s.advance_incident(i.id, &IncidentEdit::default(), None, a)
                .unwrap();
        }
        s
    }

    /// The composer's notice about incident #1, as `update` would send it.
    fn outgoing(store: &Store, draft_key: u64) -> crate::app::composer::check::Outgoing {
        use crate::app::composer::check::{check, outgoing};
        use crate::app::composer::state::Composer;

        let record = store
            .record(crate::domain::notice::SubjectKind::Incident, 1)
            .unwrap();
        let mut c = Composer::for_record(record, draft_key, chrono_tz::Asia::Shanghai);
        c.audience.computed = store
            .audience(&["ECS".to_string()], &["cn-north-4".to_string()])
            .unwrap();
        c.message = tui_input::Input::new("Patch tonight.".into());
        let checked = check(&c, t0(), chrono_tz::Asia::Shanghai);
        outgoing(&c, &checked).unwrap()
    }

    #[test]
    fn a_composed_notice_is_queued_with_a_delivery_per_contact() {
        use crate::domain::incident::IncidentState;
        use crate::domain::notice::{DeliveryState, SubjectKind};
        let dir = tempfile::tempdir().unwrap();
        let store = notice_store(&dir);
        let out = outgoing(&store, 7);
        let (tx, mut rx) = tokio::sync::mpsc::channel(8);
        let clock = Arc::new(ManualClock::new(t0()));
        let worker = StoreWorker::spawn(store, env(clock), tx).unwrap();
        // A draft saved twice before the store has answered is one draft.
        for text in ["{\"title\":\"a\"}", "{\"title\":\"ab\"}"] {
            worker.send(Effect::SaveDraft {
                key: 7,
                id: None,
                kind: SubjectKind::Incident,
                fields: text.into(),
            });
        }
        worker.send(Effect::SendNotice(Box::new(out)));
        let queued = loop {
            match rx.blocking_recv().expect("a reply") {
                Msg::NoticeSent(result) => break result.expect("queued"),
                _ => continue,
            }
        };
        drop(rx);
        drop(worker);
        assert_eq!((queued.deliveries, queued.customers), (3, 1));
        assert_eq!(queued.reference, "INC-1");
        assert!(!queued.created);
        let s = Store::open(&dir.path().join("s.db")).unwrap();
        let d = s.notice(queued.notice_id).unwrap();
        assert_eq!(d.notice.message, "Patch tonight.");
        let rows: Vec<_> = d
            .deliveries
            .iter()
            .map(|r| (r.channel.as_str(), r.address.as_str(), r.state))
            .collect();
        assert_eq!(
            rows,
            [
                (
                    "chat",
                    "https://qyapi.example/send?key=1",
                    DeliveryState::Queued
                ),
                ("email", "ops@acme.example", DeliveryState::Queued),
                ("email", "cto@acme.example", DeliveryState::Queued),
            ]
        );
        // The renderer's words, not any template's.
        let email = d
            .deliveries
            .iter()
            .find(|r| r.address == "ops@acme.example");
        assert_eq!(email.unwrap().subject, "INC-1 initial for Acme");
        assert_eq!(s.incident(1).unwrap().state, IncidentState::Notified);
        // Queued: the draft saved under the composer's key is gone.
        assert!(s.drafts().unwrap().is_empty());
    }

    #[test]
    fn a_refused_render_writes_nothing() {
        use crate::notify::NoticeContext;
        let dir = tempfile::tempdir().unwrap();
        let mut store = notice_store(&dir);
        let mut out = outgoing(&store, 1);
        // An edit that would be applied if the send went ahead.
        if let crate::app::composer::check::Target::Incident { edit, .. } = &mut out.target {
            edit.title = Some("renamed".into());
        }
        let mut env = Env::new(
            "alice",
            Arc::new(ManualClock::new(t0())),
            Arc::new(|_: &NoticeContext| Err("no template".to_string())),
        );
        let reply = execute(&mut store, &Effect::SendNotice(Box::new(out)), &mut env);
        match reply {
            Some(Msg::NoticeSent(Err(r))) => {
                assert!(r.error.contains("no template"), "{}", r.error);
                assert!(r.record.is_none());
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(store.incident(1).unwrap().title, "OpenSSH regreSSHion");
        assert!(store.notices(None, 5).unwrap().is_empty());
    }

    #[test]
    fn saves_under_one_key_keep_one_draft_until_it_is_deleted() {
        use crate::domain::notice::SubjectKind;
        let dir = tempfile::tempdir().unwrap();
        let mut store = file_store(&dir);
        let mut env = env(Arc::new(ManualClock::new(t0())));
        let save = |key, fields: &str| Effect::SaveDraft {
            key,
            id: None,
            kind: SubjectKind::Change,
            fields: fields.into(),
        };
        let id = |m: Option<Msg>| match m {
            Some(Msg::DraftSaved { result: Ok(id), .. }) => id,
            other => panic!("{other:?}"),
        };
        let first = id(execute(&mut store, &save(3, "{}"), &mut env));
        let again = id(execute(&mut store, &save(3, "{\"title\":\"x\"}"), &mut env));
        let other = id(execute(&mut store, &save(4, "{}"), &mut env));
        assert_eq!(first, again);
        assert_ne!(first, other);
        assert_eq!(store.drafts().unwrap().len(), 2);
        let gone = execute(
            &mut store,
            &Effect::DeleteDraft { key: 3, id: None },
            &mut env,
        );
        assert!(gone.is_none());
        let left: Vec<i64> = store.drafts().unwrap().iter().map(|d| d.id).collect();
        assert_eq!(left, [other]);
    }
}
