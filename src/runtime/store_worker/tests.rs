//! The worker thread and its jobs against real store files.

use std::sync::Arc;

use super::*;
use crate::clock::ManualClock;
use crate::domain::{EscalationState, TriageOp};
use crate::store::test_support::{actor, new_esc, t0};
use crate::store::{Anchor, BoardQuery};

fn env(clock: Arc<ManualClock>) -> Session {
    Session::new("alice", clock, crate::runtime::test_support::plain_render())
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
    // Since June: long enough to submit requirements too.
    let start = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    s.add_subscription(
        "Acme",
        &crate::domain::subscription::NewSubscription {
            applied_on: start - chrono::Days::new(10),
            start_on: start,
            months: 12,
        },
        None,
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

/// A fatal channel nobody listens to: these workers are not meant to stop.
fn unheard() -> Fatal {
    tokio::sync::mpsc::unbounded_channel().0
}

#[test]
fn a_panic_on_the_worker_is_said_on_the_fatal_channel() {
    use crate::notify::NoticeContext;
    let store = Store::open_in_memory().unwrap();
    let (tx, _rx) = tokio::sync::mpsc::channel(8);
    let (fatal, mut stopped) = tokio::sync::mpsc::unbounded_channel();
    let session = Session::new(
        "alice",
        Arc::new(ManualClock::new(t0())),
        Arc::new(|_: &NoticeContext| panic!("renderer blew up")),
    );
    let worker = StoreWorker::spawn(store, session, tx, fatal).unwrap();
    worker.send(Effect::RenderPreview {
        seq: 1,
        context: Box::new(crate::notify::sample_context()),
    });
    let why = stopped
        .blocking_recv()
        .expect("the worker says why it stopped");
    assert!(
        why.contains("the store thread stopped: renderer blew up"),
        "{why}"
    );
    // It is gone: the dashboard's next request finds it so.
    assert!(!worker.send(Effect::PollStore));
}

#[test]
fn a_triage_sent_just_before_quitting_is_still_written() {
    let dir = tempfile::tempdir().unwrap();
    let store = file_store(&dir);
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    let clock = Arc::new(ManualClock::new(t0()));
    let worker = StoreWorker::spawn(store, env(clock), tx, unheard()).unwrap();
    let query = BoardQuery {
        filter: None,
        sort: Default::default(),
        anchor: Anchor::Top,
        before: 5,
        after: 5,
        now: t0(),
        newer_than: None,
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
    use crate::store::PipelineQuery;
    let dir = tempfile::tempdir().unwrap();
    let mut store = file_store(&dir);
    let new = NewRequirement {
        customer: "Acme".into(),
        title: "dark mode".into(),
        description: String::new(),
    };
    store.add_requirement(&new, actor(t0())).unwrap();
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    let clock = Arc::new(ManualClock::new(t0()));
    let worker = StoreWorker::spawn(store, env(clock), tx, unheard()).unwrap();
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
    let poll = |s: &mut Store, env: &mut Session| execute(s, &Effect::PollStore, env);
    assert!(poll(&mut mine, &mut env).is_none());
    other
        .triage(
            1,
            &TriageOp::Assign {
                to: "bob".into(),
                note: None,
            },
            actor(t0()),
        )
        .unwrap();
    // A board read in between must not swallow the change.
    let query = BoardQuery {
        filter: None,
        sort: Default::default(),
        anchor: Anchor::Top,
        before: 1,
        after: 1,
        now: t0(),
        newer_than: None,
    };
    execute(&mut mine, &Effect::LoadBoard { seq: 0, query }, &mut env);
    assert!(matches!(poll(&mut mine, &mut env), Some(Msg::StoreChanged)));
    assert!(poll(&mut mine, &mut env).is_none());
    // Our own writes are not news.
    mine.triage(1, &TriageOp::Acknowledge, actor(t0())).unwrap();
    assert!(poll(&mut mine, &mut env).is_none());
}

/// Acme (a local enterprise) holds ECS in cn-north-4 and has two email
/// addresses and a WeLink group with its robot; incident #1 there is
/// guidance_ready.
fn notice_store(dir: &tempfile::TempDir) -> Store {
    use crate::domain::contact::Contact;
    use crate::domain::incident::{IncidentEdit, NewIncident};
    use crate::domain::incident::{IncidentKind, IncidentLevel};
    use crate::domain::inventory::Holding;
    use crate::domain::notice::Channel;
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
    ] {
        s.add_contact("Acme", &c.unwrap(), a).unwrap();
    }
    // The robot of the WeLink group Acme's subscription (file_store) made.
    let robot = Contact::new(
        Channel::Chat,
        "https://welink.example/send?token=robot-token-1",
        Some(crate::domain::notice::ChatPlatform::WeLink),
    );
    s.add_contact("Acme", &robot.unwrap(), a).unwrap();
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
fn outgoing(store: &Store, draft_key: u64) -> crate::app::composer::outgoing::Outgoing {
    use crate::app::composer::check::check;
    use crate::app::composer::outgoing::outgoing;
    use crate::app::composer::state::ComposerState;

    let record = store
        .record(crate::domain::notice::SubjectKind::Incident, 1)
        .unwrap();
    let mut c = ComposerState::for_record(record, draft_key, chrono_tz::Asia::Shanghai);
    c.audience.computed = store
        .audience(&["ECS".to_string()], &["cn-north-4".to_string()], t0())
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
    let worker = StoreWorker::spawn(store, env(clock), tx, unheard()).unwrap();
    // A draft saved twice before the store has answered is one draft.
    for text in ["{\"title\":\"a\"}", "{\"title\":\"ab\"}"] {
        worker.send(Effect::SaveDraft {
            key: 7,
            id: None,
            kind: SubjectKind::Incident,
            fields: text.into(),
        });
    }
    worker.send(Effect::QueueNotice(Box::new(out)));
    let queued = loop {
        match rx.blocking_recv().expect("a reply") {
            Msg::NoticeQueued(result) => break result.expect("queued"),
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
                "https://welink.example/send?token=…en-1",
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
    if let crate::app::composer::outgoing::RecordWrite::Incident { edit, .. } = &mut out.target {
        edit.title = Some("renamed".into());
    }
    let mut env = Session::new(
        "alice",
        Arc::new(ManualClock::new(t0())),
        Arc::new(|_: &NoticeContext| Err("no template".to_string())),
    );
    let reply = execute(&mut store, &Effect::QueueNotice(Box::new(out)), &mut env);
    match reply {
        Some(Msg::NoticeQueued(Err(r))) => {
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
