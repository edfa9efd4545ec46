//! The trends screen (`T`) at 160x48 and 80x24: an empty store, a month
//! of data and a year of it, a severity picked, and hostile customer
//! names inert in its labels.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sredesk::domain::subscription::NewSubscription;
use sredesk::domain::{
    CustomerKind, EscalationKind, NewCustomer, NewEscalation, Severity, TriageOp,
};
use sredesk::store::Store;

use super::{Screen, actor, assert_screen, now};

const NW: &str = "Northwind Logistics";
const JR: &str = "Jade River Bank";

/// Minutes to the first response, by day (times the severity's number):
/// a mix of within and outside every severity's target.
const AFTER: [i64; 7] = [5, 10, 20, 40, 90, 200, 600];

/// Two subscribed customers and `days` days of history before `now()`:
/// one escalation a day each, at 10:00 desk time. Northwind uses its ten
/// faster handlings in the first ten days of every month (it always runs
/// out); Jade River three, and one expert.
pub fn history(days: i64) -> Store {
    history_on(Store::open_in_memory().unwrap(), days)
}

pub fn history_on(mut s: Store, days: i64) -> Store {
    let long_ago = now() - Duration::days(420);
    for (name, kind) in [
        (NW, CustomerKind::Local),
        (JR, CustomerKind::InternationalChinese),
    ] {
        s.add_customer(
            &NewCustomer {
                name: name.into(),
                kind,
                owner: None,
            },
            actor(long_ago),
        )
        .unwrap();
        let sub = NewSubscription {
            applied_on: NaiveDate::from_ymd_opt(2025, 10, 20).unwrap(),
            start_on: NaiveDate::from_ymd_opt(2025, 11, 3).unwrap(),
            months: 24,
        };
        s.add_subscription(name, &sub, None, actor(long_ago))
            .unwrap();
    }
    for d in (0..days).rev() {
        // 02:00 UTC is 10:00 in Shanghai.
        let day = (now() - Duration::days(d)).date_naive();
        let at: DateTime<Utc> = day.and_hms_opt(2, 0, 0).unwrap().and_utc();
        let dom = chrono::Datelike::day(&day);
        for (i, name) in [NW, JR].into_iter().enumerate() {
            let kind = match (i, dom) {
                (0, 1..=10) | (1, 1..=3) => EscalationKind::Faster,
                (1, 4) => EscalationKind::Expert,
                _ => EscalationKind::General,
            };
            let sev = Severity::ALL[((d as usize) + i) % 5];
            let e = s
                .add_escalation(
                    &NewEscalation {
                        customer: name.into(),
                        ticket_no: format!("ST{}-{i}", day.format("%y%m%d")),
                        title: format!("{sev} problem on {day}"),
                        description: String::new(),
                        kind,
                        severity: sev,
                        reported_at: at,
                    },
                    actor(at),
                )
                .unwrap();
            let minutes = AFTER[((d as usize) + i * 3) % 7] * i64::from(sev.number());
            let answered = at + Duration::minutes(minutes);
            if answered <= now() {
                s.triage(e.id, &TriageOp::Acknowledge, actor(answered))
                    .unwrap();
            }
        }
    }
    s
}

fn shown(store: Store, width: u16, height: u16, keys: &str) -> String {
    let mut s = Screen::new(store, width, height);
    s.keys(keys);
    s.render()
}

#[test]
fn trends_empty_160x48() {
    let text = shown(Store::open_in_memory().unwrap(), 160, 48, "T");
    assert!(text.contains("Trends: last 30 days by day"), "{text}");
    assert!(text.contains("no trend to draw yet"), "{text}");
    assert_screen!(text);
}

#[test]
fn trends_empty_80x24() {
    assert_screen!(shown(Store::open_in_memory().unwrap(), 80, 24, "T"));
}

#[test]
fn trends_month_160x48() {
    let text = shown(history(30), 160, 48, "T");
    assert!(
        text.contains("Response SLA attainment, all severities"),
        "{text}"
    );
    assert!(text.contains("Breaches per severity"), "{text}");
    assert!(text.contains("Median first response"), "{text}");
    assert!(text.contains("Northwind Logistics"), "{text}");
    assert_screen!(text);
}

#[test]
fn trends_month_80x24() {
    let text = shown(history(30), 80, 24, "T");
    assert!(text.contains("more below (j)"), "{text}");
    assert_screen!(text);
}

#[test]
fn trends_year_160x48() {
    let text = shown(history(365), 160, 48, "Ttt");
    assert!(text.contains("last 12 months by month"), "{text}");
    // Northwind runs out every month it was subscribed.
    assert!(text.contains("12/12"), "{text}");
    assert_screen!(text);
}

#[test]
fn trends_year_80x24() {
    assert_screen!(shown(history(365), 80, 24, "Ttt"));
}

#[test]
fn trends_one_severity_and_the_lower_sections_at_80x24() {
    let text = shown(history(84), 80, 24, "Ttffjj");
    assert!(text.contains("last 12 weeks by week, S2"), "{text}");
    assert!(text.contains("▸S2"), "{text}");
    assert_screen!(text);
}

#[test]
fn hostile_customer_names_are_inert_on_the_trends() {
    // sredesk refuses escapes where names are typed; a store another tool
    // wrote to may still hold them.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    drop(history_on(Store::open(&path).unwrap(), 20));
    let name = "\u{1b}]0;<script>\u{202e}x\u{7}";
    crate::common::raw_connection(&path)
        .unwrap()
        .execute("UPDATE customers SET name = ?1 WHERE name = ?2", [name, NW])
        .unwrap();
    let mut s = Screen::new(Store::open(&path).unwrap(), 160, 48);
    s.keys("T");
    let text = s.render();
    for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
        assert!(!text.contains(raw), "raw {raw:?} reached the screen");
    }
    assert!(text.contains("\\x1b]0;<script>\\u{202e}x\\x07"), "{text}");
}

/// From 180 columns the header ends with the last 14 days' attainment;
/// narrower it is not there (and not read).
#[test]
fn board_header_with_the_fortnights_sparkline() {
    let wide = shown(history(14), 190, 12, "");
    let header = wide.lines().nth(1).unwrap();
    assert!(header.contains("SLA 14d ("), "{header}");
    assert_screen!(wide);
    let narrow = shown(history(14), 170, 12, "");
    assert!(!narrow.contains("SLA 14d"), "{narrow}");
}
