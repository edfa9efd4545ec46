//! The requirement pipeline: its lanes at every width, scrolling, the
//! step dialogs, help, and the cards flagged for waiting too long.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

use sredesk::app::{Effect, Msg, update};
use sredesk::domain::contact::Contact;
use sredesk::domain::notice::Channel;
use sredesk::domain::requirement::{NewRequirement, RequirementOp, RolloutPlan};
use sredesk::domain::subscription::NewSubscription;
use sredesk::domain::{CustomerKind, NewCustomer};
use sredesk::store::{Actor, Store};
use sredesk::ui::Theme;

use super::{Screen, actor, assert_screen, find};

pub(super) fn day(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, d, h, 0, 0).unwrap()
}

/// Submits a requirement at `steps[0]` and advances it at each later time.
pub(super) fn requirement(
    s: &mut Store,
    customer: &str,
    title: &str,
    steps: &[DateTime<Utc>],
) -> i64 {
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

/// R&D's decision on `id` told to its customer at `at` as the desk does:
/// the notice queued to the customer's email, then the outbox drained
/// through the demo transport (a file per delivery), which settles the
/// requirement as customer_notified.
fn notified(s: &mut Store, id: i64, at: DateTime<Utc>) {
    use sredesk::clock::ManualClock;
    use sredesk::domain::notice::RetryPolicy;
    use sredesk::notify::config::{DeliveryMode, NotifyConfig};
    use sredesk::notify::dispatch::{DrainSettings, drain_once};
    use sredesk::notify::templates::Templates;
    use sredesk::notify::transport::Transports;
    let templates = std::sync::Arc::new(Templates::load(None).unwrap());
    let render =
        |c: &sredesk::notify::NoticeContext| templates.render(c).map_err(|e| e.to_string());
    sredesk::notify::announce::requirement_result(
        s,
        id,
        None,
        &sredesk::notify::announce::ResultRequest::default(),
        actor(at),
        &render,
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let cfg = NotifyConfig {
        mode: DeliveryMode::Demo,
        ..NotifyConfig::default()
    };
    let t = Transports::from_config(&cfg, templates.clone(), out.path(), &|_| None).unwrap();
    let settings = DrainSettings::new(RetryPolicy::default(), 30);
    let report = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(drain_once(s, &t, &ManualClock::new(at), &settings));
    assert_eq!(report.outcomes.len(), 1, "{report:?}");
}

/// Four customers subscribed since the summer, with requirements in every
/// lane: some waiting longer than their lane allows.
pub(super) fn pipeline_desk() -> Store {
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
        let email = Contact::new(Channel::Email, "ops@customer.example", None).unwrap();
        s.add_contact(name, &email, actor(day(1, 1) - Duration::days(190)))
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
    notified(&mut s, nat, day(10, 9));
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
    notified(&mut s, cdn, day(5, 9));
    s
}

pub(super) fn pipeline(width: u16, height: u16) -> Screen {
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
    assert_screen!(text);
}

#[test]
fn pipeline_at_100x30_the_last_lanes_are_strips() {
    let s = pipeline(100, 30);
    let text = s.render();
    assert!(text.contains("│ Acc │ Rej │ Ntf "), "{text}");
    assert_screen!(text);
}

#[test]
fn pipeline_at_80x24_follows_the_selected_lane() {
    let mut s = pipeline(80, 24);
    s.keys("llll");
    let text = s.render();
    // Accepted is drawn in full with its neighbour; the rest keep counts.
    assert!(text.contains("▸Accepted"), "{text}");
    assert!(text.contains("▶WAF rules exported as …"), "{text}");
    assert_screen!(text);
}

#[test]
fn pipeline_scrolled_lane_says_what_is_above_and_below() {
    let mut s = pipeline(100, 14);
    // Two cards fit: the third scrolls the lane by one.
    s.keys("jj");
    let text = s.render();
    assert!(text.contains("▶WeLink alert when D…"), "{text}");
    assert!(text.contains("▲ 1 · ▼ 1 more"), "{text}");
    assert_screen!(text);
}

#[test]
fn pipeline_empty() {
    let mut s = Screen::new(Store::open_in_memory().unwrap(), 80, 24);
    s.keys("p");
    let text = s.render();
    assert!(text.contains("No requirements yet."), "{text}");
    assert_screen!(text);
}

#[test]
fn advance_names_the_next_state() {
    let mut s = pipeline(100, 24);
    s.keys("la");
    assert_screen!(s.render());
}

#[test]
fn reject_refuses_an_empty_reason_beside_the_field() {
    let mut s = pipeline(100, 24);
    s.keys("lllx").key(KeyCode::Enter);
    let text = s.render();
    assert!(text.contains("a rejection needs a reason"), "{text}");
    assert_screen!(text);
}

#[test]
fn rollout_plan_form_with_a_bad_date() {
    let mut s = pipeline(100, 24);
    s.keys("llllR2027-1").key(KeyCode::Enter);
    assert_screen!(s.render());
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
    assert_screen!(text);
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
