//! Every pane drawn on ratatui's TestBackend from a model filled the way the
//! runtime fills it (effects carried out against a real store), compared
//! with committed insta snapshots. Colours are not in snapshots, so the
//! critical ones are asserted cell by cell.

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
use sredesk::runtime::execute;
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
    seen: Option<i64>,
}

impl Screen {
    fn new(store: Store, width: u16, height: u16) -> Screen {
        let mut m = Model::new("alice", "desk.db", now());
        m.width = width;
        m.height = height;
        let mut s = Screen {
            m,
            store,
            clock: ManualClock::new(now()),
            seen: None,
        };
        let fx = initial_effects(&mut s.m);
        s.run(fx);
        s
    }

    fn run(&mut self, mut effects: Vec<Effect>) {
        while !effects.is_empty() {
            let mut next = Vec::new();
            for e in effects {
                if let Some(msg) =
                    execute(&mut self.store, &e, "alice", &self.clock, &mut self.seen)
                {
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
    let s = Screen {
        m,
        store: Store::open_in_memory().unwrap(),
        clock: ManualClock::new(now()),
        seen: None,
    };
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
