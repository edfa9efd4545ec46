//! Every pane drawn on ratatui's TestBackend from a model filled the way the
//! runtime fills it (effects carried out against a real store), compared
//! with committed insta snapshots. Colours are not in snapshots, so the
//! critical ones are asserted cell by cell.
//!
//! One file per pane or screen; the harness (`Screen`), the board's desk
//! and the helpers they all use are here. Snapshots are kept in
//! tests/snapshots/ (see `assert_screen!`).

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

use sredesk::app::{Effect, Model, Msg, initial_effects, update};
use sredesk::clock::ManualClock;
use sredesk::domain::subscription::NewSubscription;
use sredesk::domain::{
    CustomerKind, EscalationKind, NewCustomer, NewEscalation, Severity, TriageOp,
};
use sredesk::notify::Render;
use sredesk::notify::{NoticeContext, Rendering};
use sredesk::runtime::{Session, execute};
use sredesk::store::{Actor, Store};
use sredesk::ui::{Theme, draw};

mod alarms;
mod ascii;
mod board;
mod clocks;
mod composer;
mod countdown;
mod customer;
mod detail;
mod handover;
mod history;
mod hostile;
mod intake;
mod ledger;
mod new_above;
mod notices;
mod overlays;
mod paused;
mod pipeline;
mod quotas;
mod read_only;
mod requirement;
mod sorted;
mod themes;
mod trends;
mod unreadable;

/// `insta::assert_snapshot!`, with the snapshot kept in tests/snapshots/
/// beside the others rather than in a snapshots/ folder next to this file.
/// Its name is the module path and the test's (or the given) name, e.g.
/// `it__screens__board__board.snap`.
macro_rules! assert_screen {
    ($($snapshot:tt)*) => {
        insta::with_settings!({ snapshot_path => "../../snapshots" }, {
            insta::assert_snapshot!($($snapshot)*)
        })
    };
}
use assert_screen;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, h, m, 0).unwrap()
}

struct Screen {
    m: Model,
    store: Store,
    clock: ManualClock,
    env: Session,
}

/// Renders notices from the context's own words, so these screens do not
/// depend on the templates' text.
fn plain_render() -> Render {
    Arc::new(|c: &NoticeContext| {
        let head = format!("{} {} for {}", c.record.reference, c.stage, c.customer);
        // An update about an escalation is its message; a record's notice
        // is its guidance and next update.
        let body = if c.escalation.is_some() {
            format!("{head}\n{}\n{}", c.record.title, c.message)
        } else {
            format!(
                "{head}\n{}\nGuidance: {}\nNext update: {}",
                c.record.title,
                c.record.guidance,
                c.record.next_update_due.as_deref().unwrap_or("-")
            )
        };
        Ok(Rendering {
            email_subject: format!("[{}] {}", c.record.reference, c.record.title),
            email_body: body.clone(),
            wecom_body: serde_json::json!({"msgtype": "markdown", "markdown": {"content": body}})
                .to_string(),
            welink_body: serde_json::json!({"content": body}).to_string(),
            sms_text: format!("{head}: {}", c.record.title),
        })
    })
}

impl Screen {
    fn new(store: Store, width: u16, height: u16) -> Screen {
        let mut m = Model::new("alice", "desk.db", now());
        m.width = width;
        m.height = height;
        let mut s = Screen::with_model(m, store);
        let fx = initial_effects(&mut s.m);
        s.run(fx);
        // What rang on opening has been seen: each screen's snapshot shows
        // the screen; `alarms.rs` shows the alarms.
        s.m.alarms.lit.clear();
        s.m.alarms.line = None;
        s.m.status = None;
        s
    }

    fn with_model(m: Model, store: Store) -> Screen {
        let clock = ManualClock::new(m.now);
        Screen {
            m,
            store,
            env: Session::new("alice", Arc::new(clock.clone()), plain_render()),
            clock,
        }
    }

    fn run(&mut self, mut effects: Vec<Effect>) {
        while !effects.is_empty() {
            let mut next = Vec::new();
            for e in effects {
                if let Some(msg) = execute(&mut self.store, &e, &mut self.env) {
                    next.extend(update(&mut self.m, msg));
                }
            }
            effects = next;
        }
    }

    fn key(&mut self, code: KeyCode) -> &mut Self {
        let fx = update(
            &mut self.m,
            Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)),
        );
        self.run(fx);
        self
    }

    fn keys(&mut self, s: &str) -> &mut Self {
        for c in s.chars() {
            self.key(KeyCode::Char(c));
        }
        self
    }

    fn render_with(&self, theme: &Theme) -> Buffer {
        let backend = TestBackend::new(self.m.width, self.m.height);
        let mut terminal = Terminal::new(backend).unwrap();
        terminal.draw(|f| draw(f, &self.m, theme)).unwrap();
        terminal.backend().buffer().clone()
    }

    fn render(&self) -> String {
        let buf = self.render_with(&Theme::new(true));
        // TestBackend cannot print an empty buffer; draw it all the same.
        if buf.area.is_empty() {
            return String::new();
        }
        let mut out = String::new();
        for y in 0..buf.area.height {
            out.push('"');
            for x in 0..buf.area.width {
                out.push_str(buf[(x, y)].symbol());
            }
            out.push_str("\"\n");
        }
        out
    }
}

fn actor(t: DateTime<Utc>) -> Actor<'static> {
    Actor {
        engineer: "alice",
        now: t,
    }
}

fn add(
    s: &mut Store,
    customer: &str,
    no: &str,
    sev: Severity,
    reported: DateTime<Utc>,
    title: &str,
) -> i64 {
    s.add_escalation(
        &NewEscalation {
            customer: customer.into(),
            ticket_no: no.into(),
            title: title.into(),
            description: format!("{title}.\nCustomer sent the ticket number to the chat group."),
            kind: EscalationKind::Faster,
            severity: sev,
            reported_at: reported,
        },
        actor(reported),
    )
    .unwrap()
    .id
}

/// One escalation in each urgency band, plus answered ones.
fn desk() -> Store {
    desk_on(Store::open_in_memory().unwrap())
}

/// The same desk, in `s` (a file, when a test writes to it as another tool).
fn desk_on(mut s: Store) -> Store {
    for (name, kind) in [
        ("Northwind Logistics", CustomerKind::Local),
        ("Jade River Bank", CustomerKind::InternationalChinese),
    ] {
        s.add_customer(
            &NewCustomer {
                name: name.into(),
                kind,
                owner: None,
            },
            actor(at(8, 0)),
        )
        .unwrap();
    }
    let nw = "Northwind Logistics";
    let jr = "Jade River Bank";
    for name in [nw, jr] {
        let sub = NewSubscription {
            applied_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            start_on: NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
            months: 3,
        };
        s.add_subscription(name, &sub, None, actor(at(8, 0)))
            .unwrap();
    }
    // Breached by 15 minutes.
    add(
        &mut s,
        nw,
        "ST2611-0001",
        Severity::S1,
        at(9, 30),
        "RDS failover did not complete in cn-north-4",
    );
    // 5 of 30 minutes left: urgent.
    add(
        &mut s,
        jr,
        "ST2611-0002",
        Severity::S2,
        at(9, 35),
        "ELB 5xx error rate rising in ap-southeast-1",
    );
    // Half of 3 hours left: warning.
    add(
        &mut s,
        nw,
        "ST2611-0003",
        Severity::S3,
        at(8, 30),
        "OBS latency above 2 s in cn-east-3",
    );
    // Most of 8 hours left.
    add(
        &mut s,
        jr,
        "ST2611-0004",
        Severity::S4,
        at(9, 0),
        "CCE pods stuck in Pending in tr-west-1",
    );
    add(
        &mut s,
        nw,
        "ST2611-0005",
        Severity::S5,
        at(9, 59),
        "How to size DCS for a flash sale?",
    );
    // Answered in time, and answered late and in progress.
    let ok = add(
        &mut s,
        jr,
        "ST2611-0006",
        Severity::S3,
        at(7, 0),
        "VPC peering route missing",
    );
    s.triage(ok, &TriageOp::Acknowledge, actor(at(7, 20)))
        .unwrap();
    let late = add(
        &mut s,
        nw,
        "ST2611-0007",
        Severity::S2,
        at(6, 0),
        "DMS consumer lag growing",
    );
    s.triage(
        late,
        &TriageOp::Acknowledge,
        Actor {
            engineer: "bob",
            now: at(6, 45),
        },
    )
    .unwrap();
    s.triage(
        late,
        &TriageOp::Start,
        Actor {
            engineer: "bob",
            now: at(6, 50),
        },
    )
    .unwrap();
    // Resolved: not on the board.
    let gone = add(
        &mut s,
        jr,
        "ST2611-0008",
        Severity::S4,
        at(5, 0),
        "Old issue",
    );
    s.triage(gone, &TriageOp::Withdraw { reason: None }, actor(at(5, 1)))
        .unwrap();
    s
}

fn find(buf: &Buffer, text: &str) -> (u16, u16) {
    for y in 0..buf.area.height {
        let line: String = (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect();
        if let Some(byte) = line.find(text) {
            return (line[..byte].chars().count() as u16, y);
        }
    }
    panic!("{text:?} not on screen");
}

fn ctrl(s: &mut Screen, c: char) {
    let fx = update(
        &mut s.m,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
    s.run(fx);
}

fn tabs(s: &mut Screen, n: usize) {
    for _ in 0..n {
        s.key(KeyCode::Tab);
    }
}
