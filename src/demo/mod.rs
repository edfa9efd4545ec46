//! Realistic generated data: the demo board, and large stores for
//! benchmarks. Deterministic for a given seed and `now`.
//!
//! Like a real desk, a large store is mostly history: the number of open
//! escalations stays in the low thousands however many closed ones there
//! are, which is what the board's cost must not depend on.

mod notices;
mod tickets;

use tickets::ENGINEERS;
pub use tickets::{MAX_OPEN, Step, generate};

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::domain::quota::PackageKind;
use crate::domain::subscription::NewSubscription;
use crate::domain::{Customer, CustomerKind, NewCustomer};
use crate::store::{Actor, Result, Store};

pub const DEFAULT_TICKETS: usize = 300;

const CUSTOMERS: &[(&str, CustomerKind, &str)] = &[
    ("Northwind Logistics", CustomerKind::Local, "Zhao Min"),
    (
        "Jade River Bank",
        CustomerKind::InternationalChinese,
        "Chen Jie",
    ),
    ("Pampas Retail", CustomerKind::Local, "Lucia Fernandez"),
    ("Kestrel Games", CustomerKind::Local, "Tom Okafor"),
    (
        "Golden Lotus Media",
        CustomerKind::InternationalChinese,
        "Lin Wei",
    ),
    ("Sahara Telecom", CustomerKind::Local, "Amina Diallo"),
    ("Bosphorus Freight", CustomerKind::Local, "Emre Yilmaz"),
    (
        "Red Peony Insurance",
        CustomerKind::InternationalChinese,
        "Wang Fang",
    ),
    ("Andes Mining", CustomerKind::Local, "Diego Rojas"),
    ("Cape Health", CustomerKind::Local, "Thandi Nkosi"),
    (
        "Silk Road Travel",
        CustomerKind::InternationalChinese,
        "Liu Yang",
    ),
    ("Lagoon Energy", CustomerKind::Local, "Marco Silva"),
];

/// Fills a new store with `customers` customers and `tickets` escalations
/// as of `now`, using the fast bulk-load settings while it writes.
pub fn fill(
    store: &mut Store,
    customers: usize,
    tickets: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<()> {
    let size = Size {
        customers,
        tickets,
        open: None,
        notices: true,
    };
    fill_telling(store, size, seed, now, &mut |_| {})
}

/// How big a demo desk is.
#[derive(Clone, Copy, Debug)]
pub struct Size {
    pub customers: usize,
    pub tickets: usize,
    /// How many of the tickets are open; by default 6 in 10, at most
    /// `MAX_OPEN` (a desk's usual load), more for measuring a large one.
    pub open: Option<usize>,
    /// Queue the demo's notices, as a newcomer should see the outbox work;
    /// false: an empty outbox, to measure a big desk at rest.
    pub notices: bool,
}

/// [`fill`] at `size`, telling `progress` how far it has got.
pub fn fill_telling(
    store: &mut Store,
    size: Size,
    seed: u64,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(Step),
) -> Result<()> {
    let actor = Actor {
        engineer: "demo",
        now,
    };
    store.bulk_load_mode()?;
    let customers = ensure_customers(store, size.customers, actor)?;
    subscribe(store, &customers, actor)?;
    let tickets = (size.tickets, size.open);
    generate(store, &customers, tickets, seed, now, progress)?;
    progress(Step::TheRest);
    store.backfill_quota_uses(now)?;
    owners(store, &customers, now)?;
    let decided = requirements(store, &customers, seed, now)?;
    accept_last_month(store, &customers, now)?;
    notices::fill(store, &customers, now, size.notices)?;
    // Once the customers have contacts: what the service promises to tell
    // them goes through the outbox, as it would on a real desk.
    if size.notices {
        notices::promised(store, &customers, next_owner(1), &decided, now)?;
    }
    store.end_bulk_load()
}

const DESK_OWNERS: &[&str] = &[
    "Alice Zhang",
    "Bob Martins",
    "Chen Wei",
    "Li Na",
    "Omar Haddad",
    "Priya Nair",
];

/// Every subscribed customer gets a desk project owner from its first
/// subscription (one has a change announced today: see
/// `notices::promised`).
fn owners(store: &mut Store, customers: &[Customer], now: DateTime<Utc>) -> Result<()> {
    let cal = store.rules().calendar.clone();
    let today = cal.date(now);
    for (i, c) in customers.iter().enumerate() {
        let subs = store.customer_detail(&c.name, now)?.subscriptions;
        let Some(first) = subs.first() else {
            continue;
        };
        let start = first.start_on.min(today);
        let at = cal.start_of(start);
        let owner = DESK_OWNERS[i % DESK_OWNERS.len()];
        store.set_project_owner(
            &c.name,
            owner,
            start,
            None,
            Actor {
                engineer: "demo",
                now: at,
            },
            // The first owner: nothing to announce.
            &crate::store::unannounced,
        )?;
    }
    Ok(())
}

/// The desk owner who takes over from customer `i`'s first one.
fn next_owner(i: usize) -> &'static str {
    DESK_OWNERS[(i + 2) % DESK_OWNERS.len()]
}

const REQUIREMENTS: &[(&str, &str)] = &[
    (
        "Snapshot retention per EVS disk",
        "Keep 30 daily snapshots for production disks, 7 for the rest.",
    ),
    (
        "RDS read replica in ap-southeast-3",
        "Reporting traffic should stay in the region of the readers.",
    ),
    ("CCE node pool autoscaling by GPU load", ""),
    (
        "OBS lifecycle rules by object tag",
        "Archive objects tagged tier=cold after 90 days.",
    ),
    (
        "WAF custom rules exported as JSON",
        "For review by the customer's security team.",
    ),
    ("Redis 7 for DCS instances", ""),
    (
        "ELB access logs to OBS in real time",
        "Today they arrive with a 10-minute delay.",
    ),
    (
        "IAM single sign-on with AD FS",
        "SAML 2.0 federation with the customer's directory.",
    ),
    (
        "Higher CDN purge API rate limit",
        "1,000 URLs a minute during releases.",
    ),
    ("Topic-level quotas for DMS Kafka", ""),
    ("Per-IP metrics for NAT Gateway", ""),
    (
        "VPC flow logs kept for 180 days",
        "Compliance asks for six months.",
    ),
];

/// Requirements from the customers allowed to raise them, spread over the
/// pipeline, some waiting long enough to be flagged. Returns those R&D
/// decided on that are far enough along for the customer to be told.
fn requirements(
    store: &mut Store,
    customers: &[Customer],
    seed: u64,
    now: DateTime<Utc>,
) -> Result<Vec<i64>> {
    use crate::domain::requirement::{NewRequirement, RequirementOp, RolloutPlan};
    let mut rng = fastrand::Rng::with_seed(seed ^ 0x5eed);
    let mut n = 0;
    let mut told = Vec::new();
    for (i, (title, description)) in REQUIREMENTS.iter().cycle().take(24).enumerate() {
        // Submitted up to a month ago; each step half a day to two days on.
        let mut at = now - Duration::days(rng.i64(1..30)) - Duration::minutes(rng.i64(0..600));
        let actor = |at| Actor {
            engineer: ENGINEERS[i % ENGINEERS.len()],
            now: at,
        };
        // The first customer from here on allowed to raise requirements
        // then (the desk refuses the others).
        let added = (0..customers.len()).find_map(|k| {
            let c = &customers[(i * 7 + k) % customers.len()];
            let new = NewRequirement {
                customer: c.name.clone(),
                title: title.to_string(),
                description: description.to_string(),
            };
            store.add_requirement(&new, actor(at)).ok()
        });
        let Some(r) = added else {
            continue;
        };
        n += 1;
        let steps = [0, 1, 1, 2, 2, 3, 3, 4, 4, 5][rng.usize(0..10)];
        if steps == 5 {
            told.push(r.id);
        }
        for k in 0..steps.min(4) {
            let next = at + Duration::hours(rng.i64(10..50));
            if next >= now {
                break;
            }
            at = next;
            let op = if k == 3 && i % 3 == 0 {
                RequirementOp::Reject {
                    reason: "R&D: not on the roadmap for the next two releases".into(),
                }
            } else {
                RequirementOp::Advance
            };
            store.step_requirement(r.id, &op, actor(at))?;
            if k == 3 && i % 3 != 0 && i % 2 == 0 {
                let plan = RolloutPlan {
                    date: store.rules().calendar.date(at) + chrono::Days::new(45),
                    note: "Planned for the next quarterly release; pre-sales confirmed".into(),
                };
                store.step_requirement(r.id, &RequirementOp::Plan(plan), actor(at))?;
            }
        }
    }
    debug_assert!(n > 0 || customers.len() < 3);
    Ok(told)
}

/// Half the customers accepted last month's ticket list.
fn accept_last_month(store: &mut Store, customers: &[Customer], now: DateTime<Utc>) -> Result<()> {
    let last = store.rules().calendar.month(now).minus(1);
    let period = crate::domain::deliverable::Period::month(last);
    for (i, c) in customers.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        let by = c.owner.clone().unwrap_or_else(|| "customer".into());
        let kind = if i % 4 == 0 {
            crate::domain::deliverable::DeliverableKind::Requirements
        } else {
            crate::domain::deliverable::DeliverableKind::Tickets
        };
        store.accept_deliverable(
            &c.name,
            period,
            kind,
            &by,
            Actor {
                engineer: "demo",
                now,
            },
        )?;
        if i % 4 == 0 {
            store.accept_deliverable(
                &c.name,
                period,
                crate::domain::deliverable::DeliverableKind::Tickets,
                &by,
                Actor {
                    engineer: "demo",
                    now,
                },
            )?;
        }
    }
    Ok(())
}

/// An application date a week or so before `start` that satisfies the
/// working-day rule whatever holidays the desk has configured.
fn applied_before(cal: &crate::domain::calendar::DeskCalendar, start: NaiveDate) -> NaiveDate {
    let mut applied = start - chrono::Days::new(7);
    while cal.next_working_day_after(applied) > start {
        applied = applied - chrono::Days::new(1);
    }
    applied
}

/// Subscriptions of every shape the desk sees: long-standing renewed ones,
/// new ones, one that ran out last month (its chat group dismissed), and
/// one customer without any. A few bought packages this month.
fn subscribe(store: &mut Store, customers: &[Customer], actor: Actor<'_>) -> Result<()> {
    let cal = store.rules().calendar.clone();
    let this_month = cal.month(actor.now);
    let count = customers.len();
    for (i, c) in customers.iter().enumerate() {
        // (months ago it started, months bought, renewed for how long)
        let (ago, months, renewal) = match i % 6 {
            _ if count > 2 && i == count - 1 => continue,
            _ if count > 3 && i == count - 2 => (3, 2, 0), // ended last month
            0 => (6, 3, 6),
            1 => (1, 3, 0),
            2 => (2, 1, 3),
            3 => (0, 1, 0),
            4 => (8, 6, 6),
            _ => (4, 12, 0),
        };
        let start = this_month.minus(ago).first_day();
        // The group's robot on the platform the customer's kind needs.
        let slug: String = c
            .name
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let webhook = match c.kind {
            CustomerKind::InternationalChinese => format!(
                "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo-{slug}-0000{}",
                i + 1
            ),
            CustomerKind::Local => format!(
                "https://open.welink.huaweicloud.com/api/werobot/v1/webhook/send?token=demo-{slug}-0000{}&channel=standard",
                i + 1
            ),
        };
        let first = NewSubscription {
            applied_on: applied_before(&cal, start),
            start_on: start,
            months,
        };
        let (sub, _) = store.add_subscription(&c.name, &first, Some(&webhook), actor)?;
        if renewal > 0 {
            let next = sub.end_on + chrono::Days::new(1);
            let renew = NewSubscription {
                applied_on: applied_before(&cal, next),
                start_on: next,
                months: renewal,
            };
            store.add_subscription(&c.name, &renew, None, actor)?;
        }
        let today = cal.date(actor.now);
        let subs = store.customer_detail(&c.name, actor.now)?.subscriptions;
        if crate::domain::subscription::active_on(&subs, today).is_some() {
            match i % 6 {
                0 => Some(PackageKind::TicketHandling),
                4 => Some(PackageKind::ExpertSupport),
                _ => None,
            }
            .map(|kind| store.add_package(&c.name, kind, today, actor))
            .transpose()?;
        }
    }
    Ok(())
}

/// Adds the demo customers (those not already present).
pub fn ensure_customers(
    store: &mut Store,
    count: usize,
    actor: Actor<'_>,
) -> Result<Vec<Customer>> {
    let existing = store.customers()?;
    let missing: Vec<NewCustomer> = CUSTOMERS
        .iter()
        .cycle()
        .enumerate()
        .take(count.max(1))
        .map(|(i, (name, kind, owner))| NewCustomer {
            name: if i < CUSTOMERS.len() {
                name.to_string()
            } else {
                format!("{name} {}", i / CUSTOMERS.len() + 1)
            },
            kind: *kind,
            owner: Some(owner.to_string()),
        })
        .filter(|n| {
            !existing
                .iter()
                .any(|c| c.name.eq_ignore_ascii_case(&n.name))
        })
        .collect();
    if missing.is_empty() {
        Ok(existing)
    } else {
        store.add_customers(&missing, actor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{Anchor, BoardQuery};
    use chrono::TimeZone;

    #[test]
    fn demo_store_is_lively_and_deterministic() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
        let actor = Actor {
            engineer: "demo",
            now,
        };
        let build = || {
            let mut s = Store::open_in_memory().unwrap();
            let customers = ensure_customers(&mut s, 12, actor).unwrap();
            generate(
                &mut s,
                &customers,
                (DEFAULT_TICKETS, None),
                7,
                now,
                &mut |_| {},
            )
            .unwrap();
            s
        };
        let s = build();
        assert_eq!(s.escalation_count().unwrap(), DEFAULT_TICKETS);
        assert_eq!(s.customers().unwrap().len(), 12);
        let page = s
            .board(&BoardQuery {
                filter: None,
                sort: Default::default(),
                anchor: Anchor::Top,
                before: 0,
                after: 5,
                now,
                newer_than: None,
            })
            .unwrap();
        let c = &page.counts;
        assert_eq!(c.open, 180);
        assert!(!c.breached.is_zero(), "{c:?}");
        assert!(!c.due_within_hour.is_zero(), "{c:?}");
        assert!(c.per_severity.iter().all(|n| *n > 0), "{c:?}");
        assert!(c.awaiting < c.open);
        let again = build();
        assert_eq!(again.escalation(42).unwrap(), s.escalation(42).unwrap());
    }

    #[test]
    fn demo_fills_the_pipeline_owners_and_acceptances() {
        use crate::domain::requirement::RequirementState;
        use crate::store::{PipelineQuery, RequirementFilter};
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
        let mut s = Store::open_in_memory().unwrap();
        fill(&mut s, 12, DEFAULT_TICKETS, 1, now).unwrap();
        let all = s.requirements(&RequirementFilter::default()).unwrap();
        let states: std::collections::HashSet<_> = all.iter().map(|r| r.state).collect();
        assert!(states.len() >= 5, "{states:?}");
        assert!(states.contains(&RequirementState::Submitted));
        let p = s
            .pipeline(&PipelineQuery {
                now,
                rows: 3,
                offsets: vec![],
            })
            .unwrap();
        assert!(p.lanes.iter().any(|l| l.stale > 0));
        assert!(
            p.lanes
                .iter()
                .any(|l| l.count > l.stale && l.state.is_open())
        );
        let names: Vec<_> = s.customers().unwrap().into_iter().map(|c| c.name).collect();
        let details: Vec<_> = names
            .iter()
            .map(|n| s.customer_detail(n, now).unwrap())
            .collect();
        assert!(details.iter().any(|d| d.owner_change.is_some()));
        assert!(
            details
                .iter()
                .filter(|d| !d.subscriptions.is_empty())
                .all(|d| d.project_owner.is_some())
        );
        assert!(
            details
                .iter()
                .any(|d| d.deliverables.iter().any(|x| x.acceptance.is_some()))
        );
    }

    #[test]
    fn open_tickets_are_capped_however_large_the_store() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
        let actor = Actor {
            engineer: "demo",
            now,
        };
        let mut s = Store::open_in_memory().unwrap();
        let customers = ensure_customers(&mut s, 3, actor).unwrap();
        generate(&mut s, &customers, (5_000, None), 1, now, &mut |_| {}).unwrap();
        assert_eq!(s.board_counts(now).unwrap().open, MAX_OPEN);
    }
}
