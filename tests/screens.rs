//! Every pane drawn on ratatui's TestBackend from a model filled the way the
//! runtime fills it (effects carried out against a real store), compared
//! with committed insta snapshots. Colours are not in snapshots, so the
//! critical ones are asserted cell by cell.

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

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
        let body = format!(
            "{head}\n{}\nGuidance: {}\nNext update: {}",
            c.record.title,
            c.record.guidance,
            c.record.next_update_due.as_deref().unwrap_or("-")
        );
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
    let mut s = Store::open_in_memory().unwrap();
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
    s.triage(gone, &TriageOp::Withdraw, actor(at(5, 1)))
        .unwrap();
    s
}

#[test]
fn board() {
    let s = Screen::new(desk(), 160, 24);
    insta::assert_snapshot!(s.render());
}

#[test]
fn board_narrow_terminal_drops_columns() {
    let s = Screen::new(desk(), 80, 16);
    insta::assert_snapshot!(s.render());
}

#[test]
fn board_empty() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .add_customer(
            &NewCustomer {
                name: "Quiet Co".into(),
                kind: CustomerKind::Local,
                owner: None,
            },
            actor(at(8, 0)),
        )
        .unwrap();
    let s = Screen::new(store, 100, 12);
    insta::assert_snapshot!(s.render());
}

#[test]
fn detail_with_history() {
    let mut s = Screen::new(desk(), 120, 30);
    s.keys("G").key(KeyCode::Enter);
    insta::assert_snapshot!(s.render());
}

#[test]
fn help() {
    let mut s = Screen::new(desk(), 120, 40);
    s.keys("?");
    insta::assert_snapshot!(s.render());
}

#[test]
fn filter_while_typing() {
    let mut s = Screen::new(desk(), 120, 16);
    s.keys("/jade");
    insta::assert_snapshot!(s.render());
}

#[test]
fn filter_with_no_match() {
    let mut s = Screen::new(desk(), 100, 12);
    s.keys("/zzz").key(KeyCode::Enter);
    insta::assert_snapshot!(s.render());
}

#[test]
fn severity_picker() {
    let mut s = Screen::new(desk(), 120, 24);
    s.keys("s");
    insta::assert_snapshot!(s.render());
}

#[test]
fn out_of_scope_picker() {
    let mut s = Screen::new(desk(), 120, 24);
    s.keys("oj");
    insta::assert_snapshot!(s.render());
}

#[test]
fn confirm_withdraw() {
    let mut s = Screen::new(desk(), 120, 24);
    s.keys("jw");
    insta::assert_snapshot!(s.render());
}

#[test]
fn outcome_and_refusal_in_the_footer() {
    let mut s = Screen::new(desk(), 120, 14);
    s.keys("a");
    let acknowledged = s.render();
    assert!(acknowledged.contains("#1 acknowledged after 30m00s (outside the S1 SLA of 15m00s)"));
    s.keys("gr");
    insta::assert_snapshot!(s.render());
}

#[test]
fn tiny_terminal() {
    for (w, h) in [(30, 6), (0, 0), (1, 1), (49, 40), (160, 7)] {
        let s = Screen::new(desk(), w, h);
        let text = s.render();
        if w >= 20 {
            assert!(
                text.contains("Terminal too small") || text.contains("Terminal"),
                "{w}x{h}"
            );
        }
    }
    let s = Screen::new(desk(), 40, 6);
    insta::assert_snapshot!(s.render());
}

#[test]
fn hostile_text_is_inert() {
    let mut store = desk();
    let id = add(
        &mut store,
        "Jade River Bank",
        "X\u{1b}[31mRED",
        Severity::S1,
        at(9, 58),
        "\u{1b}[2J\u{1b}]0;pwned\u{7} wipe \u{9b}1m \u{202e}txet",
    );
    store
        .triage(
            id,
            &TriageOp::Assign("eve\u{1b}[5m".into()),
            actor(at(9, 58)),
        )
        .unwrap();
    // Narrower than side by side: the whole width goes to the board.
    let mut s = Screen::new(store, 140, 24);
    let board = s.render();
    for raw in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!board.contains(raw), "raw {raw:?} reached the screen");
    }
    assert!(board.contains("\\x1b[2J\\x1b]0;pwned\\x07 wipe \\x9b1m \\u{202e}txet"));
    insta::assert_snapshot!("hostile_board", board);
    // The detail view shows the description line by line, also inert.
    s.keys("g").key(KeyCode::Enter);
    let detail = s.render();
    assert!(!detail.contains('\u{1b}'));
    insta::assert_snapshot!("hostile_detail", detail);
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

#[test]
fn urgency_colours_and_their_non_colour_cues() {
    let s = Screen::new(desk(), 160, 24);
    let buf = s.render_with(&Theme::new(true));
    let (x, y) = find(&buf, "✖ -15m00s");
    assert_eq!(buf[(x, y)].bg, Color::Red, "breached is loud");
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = find(&buf, "‼ 5m00s");
    assert_eq!(buf[(x, y)].fg, Color::LightRed);
    let (x, y) = find(&buf, "! 1h30m");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);

    // NO_COLOR: no colour anywhere, but the symbols and emphasis remain.
    let plain = s.render_with(&Theme::new(false));
    for cell in plain.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    let (x, y) = find(&plain, "✖ -15m00s");
    assert!(plain[(x, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = find(&plain, "ST2611-0001");
    assert!(
        plain[(x, y)].modifier.contains(Modifier::REVERSED),
        "selection is reversed"
    );
}

#[test]
fn countdown_moves_with_the_clock() {
    let mut s = Screen::new(desk(), 160, 24);
    assert!(s.render().contains("‼ 5m00s"));
    let fx = update(&mut s.m, Msg::Tick(now() + Duration::seconds(301)));
    s.run(fx);
    let text = s.render();
    assert!(text.contains("✖ -0m01s"), "{text}");
    assert!(text.contains("✖ 2 breached"));
}

#[test]
fn header_keeps_engineer_and_clock_and_shortens_the_path() {
    let mut s = Screen::new(desk(), 80, 12);
    s.m.store_label = "/home/alice/.local/share/sredesk/archive/2026/november/sredesk.db".into();
    let text = s.render();
    let first = text.lines().next().unwrap();
    assert!(first.contains("alice · …"), "{first}");
    assert!(
        first.contains("/sredesk.db · 2026-11-22 10:00:00 UTC"),
        "{first}"
    );
    assert!(first.contains(" sredesk escalations"), "{first}");
}

#[test]
fn a_failed_read_is_shown_not_hidden() {
    let mut m = Model::new("alice", "desk.db", now());
    m.width = 100;
    m.height = 10;
    let seq = m.board.next_seq;
    update(
        &mut m,
        Msg::BoardLoaded {
            seq,
            result: Err("database disk image is malformed".into()),
        },
    );
    let s = Screen::with_model(m, Store::open_in_memory().unwrap());
    let text = s.render();
    assert!(
        text.contains("Cannot read the board: database disk image is malformed"),
        "{text}"
    );
    assert!(text.contains("cannot read the board (retrying)"), "{text}");
}

/// Four subscribed customers: one calm, one nearly out of faster handling,
/// one out of both quotas, one carried by a package.
fn quota_desk() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let sub = NewSubscription {
        applied_on: NaiveDate::from_ymd_opt(2026, 10, 20).unwrap(),
        start_on: NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
        months: 3,
    };
    let mut n = 0;
    for (name, kind, faster, expert) in [
        ("Calm Co", CustomerKind::Local, 2, 1),
        ("Nearly Ltd", CustomerKind::Local, 9, 2),
        ("Spent Inc", CustomerKind::InternationalChinese, 10, 5),
        ("Packed Group", CustomerKind::InternationalChinese, 12, 0),
    ] {
        s.add_customer(
            &NewCustomer {
                name: name.into(),
                kind,
                owner: Some("Li Na".into()),
            },
            actor(at(1, 0)),
        )
        .unwrap();
        s.add_subscription(
            name,
            &sub,
            Some("https://chat.example/hook"),
            actor(at(1, 0)),
        )
        .unwrap();
        if name == "Packed Group" {
            s.add_package(
                name,
                sredesk::domain::quota::PackageKind::TicketHandling,
                NaiveDate::from_ymd_opt(2026, 11, 10).unwrap(),
                actor(at(1, 0)),
            )
            .unwrap();
        }
        for (kind, count) in [
            (EscalationKind::Faster, faster),
            (EscalationKind::Expert, expert),
        ] {
            for _ in 0..count {
                n += 1;
                let t = at(2, 0) + Duration::minutes(n);
                s.add_escalation(
                    &NewEscalation {
                        customer: name.into(),
                        ticket_no: format!("Q-{n}"),
                        title: format!("{kind} request {n}"),
                        description: String::new(),
                        kind,
                        severity: Severity::S4,
                        reported_at: t,
                    },
                    actor(t),
                )
                .unwrap();
            }
        }
    }
    s
}

#[test]
fn quota_pane_beside_the_board_least_left_first() {
    let s = Screen::new(quota_desk(), 170, 16);
    let text = s.render();
    let order: Vec<usize> = ["Spent Inc", "Nearly Ltd", "Packed Group", "Calm Co"]
        .iter()
        .map(|n| {
            text.find(&format!("│ {n}"))
                .unwrap_or_else(|| panic!("{n} missing:\n{text}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn quota_pane_as_a_tab_with_the_cues_for_nearly_and_fully_used() {
    let mut s = Screen::new(quota_desk(), 100, 12);
    s.key(KeyCode::Tab);
    let buf = s.render_with(&Theme::new(true));
    let text = s.render();
    assert!(text.contains("✖██████ 10/10"), "used up:\n{text}");
    assert!(text.contains("‼█████░ 9/10"), "nearly:\n{text}");
    assert!(text.contains("12/10+10"), "package shown:\n{text}");
    let (x, y) = find(&buf, "✖██████ 10/10");
    assert_eq!(buf[(x, y)].bg, Color::Red, "used up is loud");
    let plain = s.render_with(&Theme::new(false));
    let (x, y) = find(&plain, "✖██████ 10/10");
    assert!(plain[(x, y)].modifier.contains(Modifier::BOLD));
    insta::assert_snapshot!(text);
}

#[test]
fn quota_pane_rolls_over_at_the_desks_midnight() {
    let mut s = Screen::new(quota_desk(), 100, 12);
    s.key(KeyCode::Tab);
    // 2026-12-01 00:00 in Shanghai is 2026-11-30 16:00 UTC.
    let december = Utc.with_ymd_and_hms(2026, 11, 30, 16, 0, 0).unwrap();
    s.clock.set(december - Duration::seconds(1));
    let fx = update(&mut s.m, Msg::Tick(december - Duration::seconds(1)));
    s.run(fx);
    assert!(s.render().contains("10/10"), "still November");
    s.clock.set(december);
    let fx = update(&mut s.m, Msg::Tick(december));
    assert!(fx.contains(&Effect::LoadQuotas), "{fx:?}");
    s.run(fx);
    let text = s.render();
    assert!(!text.contains("10/10") && text.contains("0/10"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn customer_view_from_the_quota_pane() {
    let mut store = quota_desk();
    let first = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
    store
        .set_project_owner("Packed Group", "Omar Haddad", first, None, actor(at(1, 0)))
        .unwrap();
    // Sunday 22 November: Monday, Tuesday, Wednesday are the notice.
    let change = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    store
        .set_project_owner("Packed Group", "Li Na", change, None, actor(at(1, 0)))
        .unwrap();
    let mut s = Screen::new(store, 120, 40);
    s.key(KeyCode::Tab).keys("jj").key(KeyCode::Enter);
    let text = s.render();
    assert!(text.contains("Customer Packed Group"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn customer_view_shows_deliverables_accepted_and_changed_since() {
    use sredesk::domain::deliverable::{DeliverableKind, Period};
    let mut store = Store::open_in_memory().unwrap();
    let long_ago = Utc.with_ymd_and_hms(2026, 8, 1, 2, 0, 0).unwrap();
    store
        .add_customer(
            &NewCustomer {
                name: "Harbour Ltd".into(),
                kind: CustomerKind::Local,
                owner: Some("Wang Li".into()),
            },
            actor(long_ago),
        )
        .unwrap();
    store
        .add_subscription(
            "Harbour Ltd",
            &NewSubscription {
                applied_on: NaiveDate::from_ymd_opt(2026, 8, 20).unwrap(),
                start_on: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
                months: 6,
            },
            None,
            actor(long_ago),
        )
        .unwrap();
    let reported = Utc.with_ymd_and_hms(2026, 10, 12, 3, 0, 0).unwrap();
    for n in 1..=2 {
        store
            .add_escalation(
                &NewEscalation {
                    customer: "Harbour Ltd".into(),
                    ticket_no: format!("H-{n}"),
                    title: "disk latency".into(),
                    description: String::new(),
                    kind: EscalationKind::General,
                    severity: Severity::S3,
                    reported_at: reported,
                },
                actor(reported),
            )
            .unwrap();
    }
    let october = Period::parse("2026-10").unwrap();
    for kind in [DeliverableKind::Tickets, DeliverableKind::Requirements] {
        store
            .accept_deliverable("Harbour Ltd", october, kind, "Wang Li", actor(at(1, 0)))
            .unwrap();
    }
    // Answered after the customer accepted the list: it no longer matches.
    store
        .triage(1, &TriageOp::Acknowledge, actor(at(2, 0)))
        .unwrap();
    let mut s = Screen::new(store, 110, 30);
    s.key(KeyCode::Char('c'));
    let text = s.render();
    assert!(text.contains("changed since"), "{text}");
    assert!(text.contains("accepted by Wang Li on 2026-11-22"), "{text}");
    insta::assert_snapshot!(text);
}

// ---- The requirement pipeline -------------------------------------------

use sredesk::domain::requirement::{NewRequirement, RequirementOp, RolloutPlan};

fn day(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
}

/// Submits a requirement at `steps[0]` and advances it at each later time.
fn requirement(s: &mut Store, customer: &str, title: &str, steps: &[DateTime<Utc>]) -> i64 {
    let engineers = ["alice", "bob", "chen.jie"];
    let r = s
        .add_requirement(
            &NewRequirement {
                customer: customer.into(),
                title: title.into(),
                description: format!(
                    "{title}.\nRaised by the customer's project owner in the chat group."
                ),
            },
            actor(steps[0]),
        )
        .unwrap();
    for (i, &t) in steps.iter().enumerate().skip(1) {
        let who = Actor {
            engineer: engineers[i % engineers.len()],
            now: t,
        };
        s.step_requirement(r.id, &RequirementOp::Advance, who)
            .unwrap();
    }
    r.id
}

/// Four customers subscribed since the summer, with requirements in every
/// lane: some waiting longer than their lane allows.
fn pipeline_desk() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    let sub = NewSubscription {
        applied_on: NaiveDate::from_ymd_opt(2026, 5, 20).unwrap(),
        start_on: NaiveDate::from_ymd_opt(2026, 6, 1).unwrap(),
        months: 12,
    };
    let (nw, jr, pr, kg) = (
        "Northwind Logistics",
        "Jade River Bank",
        "Pampas Retail",
        "Kestrel Games",
    );
    for (name, kind) in [
        (nw, CustomerKind::Local),
        (jr, CustomerKind::InternationalChinese),
        (pr, CustomerKind::Local),
        (kg, CustomerKind::Local),
    ] {
        s.add_customer(
            &NewCustomer {
                name: name.into(),
                kind,
                owner: None,
            },
            actor(day(1, 1) - Duration::days(200)),
        )
        .unwrap();
        s.add_subscription(name, &sub, None, actor(day(1, 1) - Duration::days(190)))
            .unwrap();
    }
    // Submitted: two past the 2-day limit.
    requirement(
        &mut s,
        jr,
        "Export RDS slow-query logs to OBS daily",
        &[day(18, 9)],
    );
    requirement(
        &mut s,
        nw,
        "Per-region SLA figures in the monthly ticket list",
        &[day(19, 8)],
    );
    requirement(
        &mut s,
        pr,
        "WeLink alert when DCS memory passes 90%",
        &[day(21, 15)],
    );
    requirement(
        &mut s,
        kg,
        "CCE node pool autoscaling on a schedule",
        &[day(22, 9) + Duration::minutes(15)],
    );
    // Analysing: one past the 5-day limit.
    requirement(
        &mut s,
        nw,
        "ELB access logs as CSV as well as JSON",
        &[day(12, 9), day(14, 10)],
    );
    requirement(
        &mut s,
        jr,
        "Self-service VPC peering requests",
        &[day(19, 9), day(20, 11)],
    );
    // Confirmed.
    requirement(
        &mut s,
        pr,
        "Chinese-language invoices for cn-south-1",
        &[day(17, 9), day(18, 9), day(21, 16)],
    );
    // Reported to R&D: one past the 30-day limit.
    requirement(
        &mut s,
        jr,
        "Cross-region OBS replication within 15 minutes",
        &[
            day(2, 9) - Duration::days(30),
            day(4, 9) - Duration::days(30),
            day(6, 9) - Duration::days(30),
            day(10, 9) - Duration::days(31),
        ],
    );
    requirement(
        &mut s,
        kg,
        "DMS Kafka 3.x on dedicated clusters",
        &[day(1, 9), day(1, 12), day(2, 9), day(2, 15)],
    );
    requirement(
        &mut s,
        nw,
        "IAM sign-in alerts to the chat group",
        &[day(10, 9), day(11, 9), day(13, 9), day(16, 9)],
    );
    // Accepted five days ago with no plan yet: past the 3-day limit.
    requirement(
        &mut s,
        kg,
        "WAF rules exported as Terraform",
        &[day(3, 9), day(4, 9), day(5, 9), day(6, 9), day(17, 9)],
    );
    // Rejected yesterday.
    let gpu = requirement(
        &mut s,
        pr,
        "Bare-metal GPU instances in af-south-1",
        &[day(3, 9), day(4, 9), day(5, 9), day(6, 9)],
    );
    s.step_requirement(
        gpu,
        &RequirementOp::Reject {
            reason: "No GPU capacity is planned for af-south-1 before 2028.".into(),
        },
        Actor {
            engineer: "bob",
            now: day(21, 10),
        },
    )
    .unwrap();
    // Notified: one accepted with a plan, one rejected.
    let nat = requirement(
        &mut s,
        nw,
        "NAT Gateway price alerts",
        &[day(1, 9), day(2, 9), day(3, 9), day(4, 9), day(6, 9)],
    );
    s.step_requirement(
        nat,
        &RequirementOp::Plan(RolloutPlan {
            date: NaiveDate::from_ymd_opt(2027, 2, 15).unwrap(),
            note: "In the February release, all regions.".into(),
        }),
        actor(day(8, 9)),
    )
    .unwrap();
    s.step_requirement(nat, &RequirementOp::Advance, actor(day(10, 9)))
        .unwrap();
    let cdn = requirement(
        &mut s,
        jr,
        "CDN logs kept for 180 days",
        &[day(1, 9), day(1, 10), day(2, 9), day(2, 10)],
    );
    s.step_requirement(
        cdn,
        &RequirementOp::Reject {
            reason: "Log retention beyond 90 days is a separate product.".into(),
        },
        actor(day(4, 9)),
    )
    .unwrap();
    s.step_requirement(cdn, &RequirementOp::Advance, actor(day(5, 9)))
        .unwrap();
    s
}

fn pipeline(width: u16, height: u16) -> Screen {
    let mut s = Screen::new(pipeline_desk(), width, height);
    s.keys("p");
    s
}

#[test]
fn pipeline_wide_every_lane_in_full() {
    let s = pipeline(160, 40);
    let text = s.render();
    for lane in [
        "Submitted",
        "Analysing",
        "Confirmed",
        "Reported to R&D",
        "Accepted",
        "Rejected",
        "Customer notified",
    ] {
        assert!(text.contains(lane), "{lane} missing:\n{text}");
    }
    assert!(text.contains("12 open · ⚑ 5 waiting too long · 2 notified"));
    insta::assert_snapshot!(text);
}

#[test]
fn pipeline_at_100x30_the_last_lanes_are_strips() {
    let s = pipeline(100, 30);
    let text = s.render();
    assert!(text.contains("│ Acc │ Rej │ Ntf "), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn pipeline_at_80x24_follows_the_selected_lane() {
    let mut s = pipeline(80, 24);
    s.keys("llll");
    let text = s.render();
    // Accepted is drawn in full with its neighbour; the rest keep counts.
    assert!(text.contains("▸Accepted"), "{text}");
    assert!(text.contains("▶WAF rules exported as …"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn pipeline_scrolled_lane_says_what_is_above_and_below() {
    let mut s = pipeline(100, 14);
    // Two cards fit: the third scrolls the lane by one.
    s.keys("jj");
    let text = s.render();
    assert!(text.contains("▶WeLink alert when D…"), "{text}");
    assert!(text.contains("▲ 1 · ▼ 1 more"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn pipeline_empty() {
    let mut s = Screen::new(Store::open_in_memory().unwrap(), 80, 24);
    s.keys("p");
    let text = s.render();
    assert!(text.contains("No requirements yet."), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn requirement_detail_rejected() {
    let mut s = pipeline(120, 30);
    s.keys("lllll").key(KeyCode::Enter);
    let text = s.render();
    assert!(text.contains("Requirement #12"), "{text}");
    assert!(text.contains("rejected    No GPU capacity is planned for af-south-1 before 2028."));
    insta::assert_snapshot!(text);
}

#[test]
fn requirement_detail_waiting_too_long_at_rnd() {
    let mut s = pipeline(120, 30);
    s.keys("lll").key(KeyCode::Enter);
    let text = s.render();
    assert!(
        text.contains("Reported to R&D for 43d01h, since 2026-10-10 17:00  ⚑ waiting too long (flagged after 30d)"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn requirement_detail_notified_with_its_rollout_plan() {
    let mut s = pipeline(120, 30);
    s.keys("llllll").key(KeyCode::Enter);
    let text = s.render();
    assert!(text.contains("rollout     2027-02-15  In the February release, all regions."));
    assert!(text.contains("rollout plan for 2027-02-15: In the February release, all regions."));
    insta::assert_snapshot!(text);
}

#[test]
fn advance_names_the_next_state() {
    let mut s = pipeline(100, 24);
    s.keys("la");
    insta::assert_snapshot!(s.render());
}

#[test]
fn reject_refuses_an_empty_reason_beside_the_field() {
    let mut s = pipeline(100, 24);
    s.keys("lllx").key(KeyCode::Enter);
    let text = s.render();
    assert!(text.contains("a rejection needs a reason"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn rollout_plan_form_with_a_bad_date() {
    let mut s = pipeline(100, 24);
    s.keys("llllR2027-1").key(KeyCode::Enter);
    insta::assert_snapshot!(s.render());
}

#[test]
fn a_refused_step_is_said_in_the_footer_without_a_dialog() {
    let mut s = pipeline(100, 24);
    s.keys("x");
    let text = s.render();
    assert!(!text.contains("┌ Reject"), "{text}");
    assert!(
        text.contains("cannot reject requirement #1: it is submitted; R&D accepts or rejects"),
        "{text}"
    );
}

#[test]
fn pipeline_help_lists_its_own_keys_and_the_limits() {
    let mut s = pipeline(120, 40);
    s.keys("?");
    let text = s.render();
    assert!(text.contains("advance to the next state"), "{text}");
    assert!(!text.contains("acknowledge"), "{text}");
    assert!(
        text.contains("Submitted 2d · Analysing 5d · Confirmed 3d"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn stale_cards_are_flagged_by_symbol_and_colour() {
    let s = pipeline(160, 40);
    let buf = s.render_with(&Theme::new(true));
    // A card past its lane's limit: ⚑ and its age in bold yellow.
    let (x, y) = find(&buf, "⚑ 4d01h #1");
    for dx in 0..7 {
        let cell = &buf[(x + dx, y)];
        assert_eq!(cell.fg, Color::Yellow, "{dx}");
        assert!(cell.modifier.contains(Modifier::BOLD));
    }
    // A card within it: no flag, no alarm colour.
    let (x, y) = find(&buf, "19h00m #3");
    assert_ne!(buf[(x, y)].fg, Color::Yellow);
    assert!(!buf[(x, y)].modifier.contains(Modifier::BOLD));
    // The lane says how many, in the same colour; a lane with none is quiet.
    let (x, y) = find(&buf, "⚑ 2 over 2d");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);
    let (x, y) = find(&buf, "⚑ after 3d");
    assert_eq!(buf[(x, y)].fg, Color::DarkGray);
    // The title's total too.
    let (x, y) = find(&buf, "⚑ 5 waiting too long");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);

    // NO_COLOR: no colour anywhere; the flag stays a symbol in bold and
    // the selected card is reversed.
    let plain = s.render_with(&Theme::new(false));
    for cell in plain.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    let (x, y) = find(&plain, "⚑ 3d02h #2");
    assert!(plain[(x, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = find(&plain, "▶Export RDS");
    assert!(plain[(x + 1, y)].modifier.contains(Modifier::REVERSED));
    let (x, y) = find(&plain, "19h00m #3");
    assert!(!plain[(x, y)].modifier.contains(Modifier::BOLD));
}

#[test]
fn a_card_is_flagged_when_the_clock_crosses_its_limit() {
    let mut s = pipeline(160, 40);
    // #3 came in at 15:00 yesterday; submitted flags after 2 days.
    let due = day(23, 15);
    let before = due - Duration::seconds(1);
    s.clock.set(before);
    let fx = update(&mut s.m, Msg::Tick(before));
    s.run(fx);
    let text = s.render();
    assert!(text.contains("  1d23h #3"), "{text}");
    s.clock.set(due);
    let fx = update(&mut s.m, Msg::Tick(due));
    assert!(
        fx.iter().any(|e| matches!(e, Effect::LoadPipeline { .. })),
        "{fx:?}"
    );
    s.run(fx);
    let text = s.render();
    assert!(text.contains("⚑ 2d00h #3"), "{text}");
    assert!(text.contains("⚑ 3 over 2d"), "{text}");
}

#[test]
fn hostile_requirement_text_is_inert() {
    let mut store = pipeline_desk();
    let id = requirement(
        &mut store,
        "Kestrel Games",
        "\u{1b}[2J\u{1b}]0;pwned\u{7} wipe \u{202e}txet",
        &[day(22, 8)],
    );
    let mut s = Screen::new(store, 160, 40);
    s.keys("p");
    let board = s.render();
    s.keys("jjj").key(KeyCode::Enter);
    let detail = s.render();
    for text in [&board, &detail] {
        for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
            assert!(!text.contains(raw), "raw {raw:?} reached the screen");
        }
    }
    assert!(board.contains("\\x1b[2J\\x1b]0;pwned\\x…"), "{board}");
    assert!(
        detail.contains(&format!("#{id}"))
            && detail.contains("\\x1b[2J\\x1b]0;pwned\\x07 wipe \\u{202e}txet"),
        "{detail}"
    );
}

#[test]
fn on_a_short_terminal_the_more_mark_keeps_off_the_card() {
    // Nine rows leave two for cards: one card, and no room for the mark.
    let s = pipeline(60, 9);
    let text = s.render();
    assert!(text.contains("⚑ 4d01h #1 Jade River …│"), "{text}");
    assert!(!text.contains("more"), "{text}");
    let s = pipeline(60, 10);
    assert!(s.render().contains("▼ 3 more"), "{}", s.render());
}

#[test]
fn pipeline_at_any_size_does_not_panic() {
    for (w, h) in [
        (0, 0),
        (1, 1),
        (50, 8),
        (50, 9),
        (60, 10),
        (79, 12),
        (300, 80),
    ] {
        let mut s = pipeline(w, h);
        s.render();
        s.keys("lljjGR");
        s.render();
        s.key(KeyCode::Esc).key(KeyCode::Enter);
        s.render();
    }
}

// ---- Notices: the board's update countdown, the notices screen, the
// ---- composer and a notice's delivery ledger.

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

/// The escalation desk, plus inventories and contacts, two open incidents
/// (one update due in 12 minutes, one overdue), a planned change, and a
/// notice whose deliveries went every way: sent, failed, dead, queued.
fn notices_desk() -> Store {
    use sredesk::domain::change::NewChange;
    use sredesk::domain::contact::Contact;
    use sredesk::domain::incident::{IncidentEdit, IncidentKind, IncidentLevel, NewIncident};
    use sredesk::domain::inventory::Holding;
    use sredesk::domain::notice::{Channel, ChatPlatform, RetryPolicy, Stage, SubjectKind};
    use sredesk::notify::compose::{self, Request};

    let mut s = desk();
    let a = actor(at(8, 0));
    s.add_customer(
        &NewCustomer {
            name: "Cape Health".into(),
            kind: CustomerKind::Local,
            owner: None,
        },
        a,
    )
    .unwrap();
    let h = |x: &str| {
        let (service, region) = x.split_once('@').unwrap();
        Holding {
            service: service.into(),
            region: region.into(),
        }
    };
    for (who, holdings) in [
        (
            "Northwind Logistics",
            vec!["ECS@cn-north-4", "RDS@cn-north-4"],
        ),
        (
            "Jade River Bank",
            vec!["ECS@cn-north-4", "ECS@ap-southeast-1"],
        ),
        ("Cape Health", vec!["RDS@cn-east-3"]),
    ] {
        let list: Vec<Holding> = holdings.into_iter().map(h).collect();
        s.add_holdings(who, &list, a).unwrap();
    }
    for (who, channel, address, platform) in [
        (
            "Northwind Logistics",
            Channel::Email,
            "ops@northwind.example",
            None,
        ),
        (
            "Northwind Logistics",
            Channel::Chat,
            "https://open.welink.example/hook/nw",
            Some(ChatPlatform::WeLink),
        ),
        (
            "Jade River Bank",
            Channel::Email,
            "noc@jaderiver.example",
            None,
        ),
        (
            "Jade River Bank",
            Channel::Chat,
            "https://qyapi.example/send?key=jr",
            Some(ChatPlatform::WeCom),
        ),
        ("Jade River Bank", Channel::Sms, "+85291234567", None),
        ("Cape Health", Channel::Sms, "+27820000000", None),
    ] {
        let c = Contact::new(channel, address, platform).unwrap();
        s.add_contact(who, &c, a).unwrap();
    }
    let openssh = s
        .add_incident(
            &NewIncident {
                title: "OpenSSH regreSSHion (CVE-2024-6387)".into(),
                kind: IncidentKind::OsVulnerability,
                level: Some(IncidentLevel::new(1).unwrap()),
                services: vec!["ECS".into()],
                regions: vec!["cn-north-4".into()],
                guidance: "Upgrade openssh-server to 9.8p1 and restart sshd.".into(),
                next_update_due: None,
            },
            actor(at(8, 30)),
        )
        .unwrap();
    for _ in 0..2 {
        s.advance_incident(openssh.id, &IncidentEdit::default(), None, actor(at(9, 0)))
            .unwrap();
    }
    s.add_incident(
        &NewIncident {
            title: "Backbone fault between cn-east-3 and cn-south-1".into(),
            kind: IncidentKind::BackboneFault,
            level: None,
            services: vec![],
            regions: vec!["cn-east-3".into()],
            guidance: String::new(),
            next_update_due: Some(at(9, 55)),
        },
        actor(at(9, 25)),
    )
    .unwrap();
    s.add_change(
        &NewChange {
            title: "RDS minor version upgrade".into(),
            kind: sredesk::domain::change::ChangeKind::Upgrade,
            window_start: at(18, 0),
            window_end: at(20, 0),
            services: vec!["RDS".into()],
            regions: vec!["cn-north-4".into(), "cn-east-3".into()],
            impact: None,
            guidance: String::new(),
        },
        actor(at(9, 30)),
    )
    .unwrap();
    // The first notice about the OpenSSH incident, on every channel.
    let record = s.record(SubjectKind::Incident, openssh.id).unwrap();
    let audience = s.audience(record.services(), record.regions()).unwrap();
    let req = Request {
        stage: Stage::Initial,
        channels: vec![Channel::Email, Channel::Chat, Channel::Sms],
        message: "Patch tonight; we will confirm each host.".into(),
        next_update_due: Some(at(10, 12)),
    };
    let render = plain_render();
    let plan = compose::plan(
        &record,
        &req,
        &audience,
        "alice",
        at(9, 5),
        chrono_tz::Asia::Shanghai,
        &*render,
    )
    .unwrap();
    s.queue_notice(&plan.notice, actor(at(9, 5))).unwrap();
    // Deliveries in audience order (Jade River: email, chat, sms; then
    // Northwind: email, chat); the last is still waiting.
    let t = at(9, 59) + Duration::seconds(50);
    let claimed = s.claim_due(t, 4, Duration::minutes(5)).unwrap();
    let policy = RetryPolicy::default();
    s.delivery_failed(&claimed[0], "421 4.7.0 Try again later", false, &policy, t)
        .unwrap();
    s.delivery_failed(
        &claimed[1],
        "HTTP 404: robot key revoked (errcode 93000)",
        true,
        &policy,
        t,
    )
    .unwrap();
    s.delivery_sent(&claimed[2], "gateway accepted: id 88213", t)
        .unwrap();
    s.delivery_sent(&claimed[3], "250 2.0.0 OK: queued as 7F3A21", t)
        .unwrap();
    s
}

fn open_notices(width: u16, height: u16) -> Screen {
    let mut s = Screen::new(notices_desk(), width, height);
    s.keys("n");
    s
}

#[test]
fn board_counts_down_to_each_open_incidents_next_update() {
    for (w, h) in [(160, 40), (80, 24)] {
        let s = Screen::new(notices_desk(), w, h);
        let text = s.render();
        assert!(text.contains("INC-2"), "{text}");
        assert!(text.contains("update overdue 5m00s"), "{text}");
        assert!(text.contains("update due in 12m00s"), "{text}");
        insta::assert_snapshot!(format!("board_countdown_{w}x{h}"), text);
    }
}

#[test]
fn an_overdue_update_is_in_the_alert_style() {
    let s = Screen::new(notices_desk(), 160, 40);
    let buf = s.render_with(&Theme::new(true));
    let (x, y) = find(&buf, "update overdue");
    assert_eq!(buf[(x, y)].bg, Color::Red);
    let (x, y) = find(&buf, "update due in 12m");
    assert_eq!(buf[(x, y)].fg, Color::LightRed);
    // Without colour the overdue one is still marked.
    let plain = s.render_with(&Theme::new(false));
    let (x, y) = find(&plain, "update overdue");
    assert!(plain[(x, y)].modifier.contains(Modifier::UNDERLINED));
}

#[test]
fn the_countdown_moves_with_the_clock() {
    let mut s = Screen::new(notices_desk(), 120, 30);
    let fx = update(&mut s.m, Msg::Tick(now() + Duration::minutes(13)));
    s.run(fx);
    let text = s.render();
    assert!(text.contains("update overdue 1m00s"), "{text}");
    assert!(text.contains("update overdue 18m00s"), "{text}");
}

#[test]
fn notices_screen() {
    for (w, h) in [(160, 40), (80, 24)] {
        let s = open_notices(w, h);
        let text = s.render();
        assert!(
            text.contains("Notices · 2 open incidents · 1 change"),
            "{text}"
        );
        insta::assert_snapshot!(format!("notices_{w}x{h}"), text);
    }
}

#[test]
fn delivery_ledger() {
    for (w, h) in [(160, 40), (80, 24)] {
        let mut s = open_notices(w, h);
        s.keys("G").key(KeyCode::Enter);
        let text = s.render();
        assert!(text.contains("Notice #1"), "{text}");
        assert!(text.contains("2/5 sent"), "{text}");
        insta::assert_snapshot!(format!("ledger_{w}x{h}"), text);
    }
}

#[test]
fn composer_empty() {
    for (w, h) in [(160, 40), (80, 24)] {
        let mut s = open_notices(w, h);
        s.keys("N");
        let text = s.render();
        assert!(text.contains("Compose · new incident"), "{text}");
        insta::assert_snapshot!(format!("composer_empty_{w}x{h}"), text);
    }
}

/// A new incident written in full: Level-1, ECS in cn-north-4, guidance,
/// the next update in two hours, and SMS as well.
fn filled(w: u16, h: u16) -> Screen {
    let mut s = open_notices(w, h);
    s.keys("N");
    s.keys("OpenSSH agent forwarding flaw");
    tabs(&mut s, 2);
    s.keys("1");
    tabs(&mut s, 1);
    s.keys("ECS");
    tabs(&mut s, 1);
    s.keys("cn-north-4");
    tabs(&mut s, 1);
    s.keys("Disable agent forwarding in sshd_config.");
    tabs(&mut s, 1);
    s.keys("+2h");
    tabs(&mut s, 2);
    s.keys("s");
    tabs(&mut s, 1);
    s.keys("Call the desk for help.");
    s
}

#[test]
fn composer_filled() {
    for (w, h) in [(160, 40), (80, 24)] {
        let s = filled(w, h);
        let text = s.render();
        assert!(text.contains("→ 2026-11-22 20:00 CST, in 2h00m"), "{text}");
        insta::assert_snapshot!(format!("composer_filled_{w}x{h}"), text);
    }
}

#[test]
fn composer_with_validation_errors() {
    for (w, h) in [(160, 40), (80, 24)] {
        let mut s = open_notices(w, h);
        s.keys("N");
        tabs(&mut s, 3);
        s.keys("ECX");
        tabs(&mut s, 3);
        s.keys("tomorrow");
        ctrl(&mut s, 's');
        let text = s.render();
        assert!(text.contains("a title is needed"), "{text}");
        assert!(text.contains("unknown service 'ECX'"), "{text}");
        assert!(text.contains("not sent:"), "{text}");
        insta::assert_snapshot!(format!("composer_errors_{w}x{h}"), text);
    }
}

#[test]
fn composer_preview() {
    for (w, h) in [(160, 40), (80, 24)] {
        let mut s = filled(w, h);
        // To the audience, down to Northwind, then the preview.
        tabs(&mut s, 1);
        s.key(KeyCode::Down);
        tabs(&mut s, 1);
        let text = s.render();
        assert!(text.contains("Preview for Northwind Logistics"), "{text}");
        assert!(text.contains("WeLink"), "{text}");
        insta::assert_snapshot!(format!("composer_preview_{w}x{h}"), text);
    }
}

#[test]
fn composer_confirm_shows_the_counts() {
    let mut s = filled(120, 30);
    ctrl(&mut s, 's');
    let text = s.render();
    assert!(
        text.contains("to 2 customers: 2 emails, 2 chat messages, 1 SMS (5 deliveries)"),
        "{text}"
    );
    assert!(
        text.contains("not reachable: Northwind Logistics (sms)"),
        "{text}"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn notices_help_lists_their_keys_and_the_delivery_states() {
    let mut s = open_notices(100, 40);
    s.keys("?");
    let text = s.render();
    for k in ["N ", "C ", "c ", "a ", "r ", "dead"] {
        assert!(text.contains(k), "{k} missing:\n{text}");
    }
    insta::assert_snapshot!(text);
    let mut s = open_notices(100, 40);
    s.keys("N");
    s.key(KeyCode::F(1));
    let text = s.render();
    assert!(text.contains("Ctrl-S"), "{text}");
    insta::assert_snapshot!("composer_help", text);
}

#[test]
fn hostile_notice_text_is_inert() {
    // The store refuses control characters in titles; one written by
    // another tool (or an older build) must still reach the screen inert.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = Store::open(&path).unwrap();
    store
        .add_incident(
            &sredesk::domain::incident::NewIncident {
                title: "placeholder".into(),
                kind: sredesk::domain::incident::IncidentKind::HackerAttack,
                level: None,
                services: vec![],
                regions: vec![],
                guidance: String::new(),
                next_update_due: Some(at(11, 0)),
            },
            actor(at(9, 0)),
        )
        .unwrap();
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE incidents SET title = ?1",
            ["evil\u{1b}[2J \u{202e}title"],
        )
        .unwrap();
    let mut s = Screen::new(store, 160, 40);
    let inert = "evil\\x1b[2J \\u{202e}title";
    assert!(s.render().contains(inert), "{}", s.render());
    s.keys("n");
    assert!(s.render().contains(inert), "{}", s.render());
    s.keys("c");
    assert!(s.render().contains(inert), "{}", s.render());
}

#[test]
fn notice_screens_at_any_size_do_not_panic() {
    for (w, h) in [(0, 0), (1, 1), (50, 8), (60, 12), (119, 27), (200, 60)] {
        let mut s = open_notices(w, h);
        s.render();
        s.keys("G").key(KeyCode::Enter);
        s.render();
        s.key(KeyCode::Esc);
        s.keys("N");
        s.render();
        tabs(&mut s, 12);
        s.render();
    }
}

#[test]
fn composer_for_a_planned_change_with_its_impact() {
    let mut s = open_notices(120, 34);
    // The records: INC-2, INC-1, then the change.
    s.keys("jjc");
    // To the impact: availability, within the SLA.
    tabs(&mut s, 5);
    s.keys("as");
    let text = s.render();
    assert!(text.contains("notice about CHG-1"), "{text}");
    assert!(text.contains("‹within SLA›"), "{text}");
    assert!(text.contains("→ 2026-11-23 02:00 CST, in 8h00m"), "{text}");
    insta::assert_snapshot!(text);
}
