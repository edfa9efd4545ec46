//! One harness for the screens' update tests: `update` driven by keys and
//! messages, each effect carried out against a real in-memory store by the
//! store worker's own `execute`, as the runtime would.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::composer::state::ComposerState;
use super::model::{Model, Screen};
use super::msg::{Effect, Msg};
use super::update::{initial_effects, update};
use crate::clock::ManualClock;
use crate::domain::contact::Contact;
use crate::domain::incident::{IncidentKind, NewIncident};
use crate::domain::inventory::Holding;
use crate::domain::notice::{Channel, ChatPlatform};
use crate::domain::{CustomerKind, EscalationState, NewCustomer, Severity};
use crate::runtime::{Session, execute};
use crate::store::Store;
use crate::store::test_support::{actor, new_esc, store_with_customer, t0};

pub(crate) struct Harness {
    pub m: Model,
    pub store: Store,
    pub clock: ManualClock,
    pub env: Session,
    /// Effects `update` asked for that the harness does not carry out.
    pub other: Vec<Effect>,
}

impl Harness {
    /// A board 10 rows high over `n` S3 escalations reported a minute
    /// apart (so board order is report order), at t0 + 30 minutes.
    pub fn new(n: usize) -> Harness {
        let mut store = store_with_customer();
        for i in 0..n {
            let at = t0() + Duration::minutes(i as i64);
            store
                .add_escalation(&new_esc(&format!("T{i:03}"), Severity::S3, at), actor(at))
                .unwrap();
        }
        let mut m = Model::new("alice", "test.db", t0() + Duration::minutes(30));
        m.height = 14; // 10 table rows
        Harness::start(m, store)
    }

    /// As `new(0)`, over `store`.
    pub fn over(store: Store) -> Harness {
        let mut m = Model::new("alice", "test.db", t0() + Duration::minutes(30));
        m.height = 14;
        Harness::start(m, store)
    }

    /// The dashboard at 160x40 over `store`, at `notice_now()`.
    pub fn wide(store: Store) -> Harness {
        let mut m = Model::new("alice", "test.db", notice_now());
        m.width = 160;
        m.height = 40;
        Harness::start(m, store)
    }

    fn start(m: Model, store: Store) -> Harness {
        let clock = ManualClock::new(m.now);
        let mut h = Harness {
            m,
            store,
            // The worker's clock is the harness's: moving one moves both.
            env: Session::new(
                "alice",
                std::sync::Arc::new(clock.clone()),
                crate::runtime::test_support::plain_render(),
            ),
            clock,
            other: Vec::new(),
        };
        let fx = initial_effects(&mut h.m);
        h.run(fx);
        h
    }

    pub fn run(&mut self, mut effects: Vec<Effect>) {
        while !effects.is_empty() {
            let mut next = Vec::new();
            for e in effects {
                match execute(&mut self.store, &e, &mut self.env) {
                    Some(msg) => next.extend(update(&mut self.m, msg)),
                    None => self.other.push(e),
                }
            }
            effects = next;
        }
    }

    pub fn send(&mut self, msg: Msg) -> Vec<Effect> {
        update(&mut self.m, msg)
    }

    /// The effects of one key, not carried out.
    pub fn press(&mut self, code: KeyCode) -> Vec<Effect> {
        self.press_with(code, KeyModifiers::NONE)
    }

    pub fn press_with(&mut self, code: KeyCode, mods: KeyModifiers) -> Vec<Effect> {
        self.send(Msg::Key(KeyEvent::new(code, mods)))
    }

    pub fn key(&mut self, code: KeyCode) {
        let fx = self.press(code);
        self.run(fx);
    }

    pub fn ctrl(&mut self, c: char) {
        let fx = self.press_with(KeyCode::Char(c), KeyModifiers::CONTROL);
        self.run(fx);
    }

    pub fn keys(&mut self, s: &str) {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
    }

    pub fn tab(&mut self, n: usize) {
        for _ in 0..n {
            self.key(KeyCode::Tab);
        }
    }

    pub fn selected(&self) -> String {
        self.m.board.selected_row().unwrap().ticket_no.clone()
    }

    pub fn state_of(&self, id: i64) -> EscalationState {
        self.store.escalation(id).unwrap().state
    }

    pub fn status(&self) -> String {
        self.m
            .status
            .as_ref()
            .map(|s| s.text.clone())
            .unwrap_or_default()
    }

    pub fn composer(&self) -> &ComposerState {
        match &self.m.screen {
            Screen::Composer(c) => c,
            _ => panic!("the composer is not open"),
        }
    }

    /// The harness customer subscribed since June (so eligible), with
    /// `n` requirements submitted an hour apart, the first 3 days ago.
    pub fn with_requirements(n: usize) -> Harness {
        use crate::domain::requirement::NewRequirement;
        use crate::store::test_support::{actor, subscribed, t0};
        let mut h = Harness::over(subscribed("2026-06-01"));
        for i in 0..n {
            let at = t0() - chrono::Duration::days(3) + chrono::Duration::hours(i as i64);
            h.store
                .add_requirement(
                    &NewRequirement {
                        customer: "Acme".into(),
                        title: format!("R{i:02}"),
                        description: String::new(),
                    },
                    actor(at),
                )
                .unwrap();
        }
        h
    }

    /// Opens the notices screen and the composer about the first record.
    pub fn compose_first(&mut self) {
        self.keys("nc");
    }

    /// An incident notice composed and sent from the notices screen, and
    /// the dispatcher failing its first delivery with `reason` (for good
    /// where `permanent`, else to be tried again), at `notice_now()`.
    pub fn notice_with_a_failed_delivery(&mut self, reason: &str, permanent: bool) {
        self.compose_first();
        self.fill_incident();
        self.ctrl('s');
        self.key(KeyCode::Char('y'));
        let claimed = self
            .store
            .claim_due(notice_now(), 10, Duration::minutes(5))
            .unwrap();
        self.store
            .delivery_failed(
                &claimed[0],
                reason,
                permanent,
                &Default::default(),
                notice_now(),
            )
            .unwrap();
    }

    /// Level 1, guidance written: enough for an initial notice.
    pub fn fill_incident(&mut self) {
        // title, level
        self.tab(1);
        self.keys("1");
        // services, regions, guidance
        self.tab(3);
        self.keys("Upgrade openssh-server to 9.8p1");
    }
}

pub(crate) fn holding(s: &str, r: &str) -> Holding {
    Holding {
        service: s.into(),
        region: r.into(),
    }
}

/// Acme (ECS in cn-north-4; two emails, a WeLink group) and Borealis (ECS
/// in cn-north-4 and an SMS number only); one incident in monitoring.
pub(crate) fn notice_desk() -> Store {
    let mut s = store_with_customer();
    let a = actor(t0());
    s.add_customer(
        &NewCustomer {
            name: "Borealis".into(),
            kind: CustomerKind::InternationalChinese,
            owner: None,
        },
        a,
    )
    .unwrap();
    s.add_holdings("Acme", &[holding("ECS", "cn-north-4")], a)
        .unwrap();
    s.add_holdings("Borealis", &[holding("ECS", "cn-north-4")], a)
        .unwrap();
    // Chat goes to the customer's own group robot: Acme's WeLink group
    // came with its subscription (store_with_customer).
    for (who, c) in [
        (
            "Acme",
            Contact::new(Channel::Email, "ops@acme.example", None),
        ),
        (
            "Acme",
            Contact::new(Channel::Email, "cto@acme.example", None),
        ),
        (
            "Acme",
            Contact::new(
                Channel::Chat,
                "https://welink.example/hook",
                Some(ChatPlatform::WeLink),
            ),
        ),
        (
            "Borealis",
            Contact::new(Channel::Sms, "+8613800000000", None),
        ),
    ] {
        s.add_contact(who, &c.unwrap(), a).unwrap();
    }
    s.add_incident(
        &NewIncident {
            title: "OpenSSH regreSSHion".into(),
            kind: IncidentKind::OsVulnerability,
            level: None,
            services: vec!["ECS".into()],
            regions: vec!["cn-north-4".into()],
            guidance: String::new(),
            next_update_due: Some(t0() + Duration::minutes(40)),
        },
        a,
    )
    .unwrap();
    s
}

pub(crate) fn notice_now() -> DateTime<Utc> {
    t0() + Duration::minutes(10)
}
