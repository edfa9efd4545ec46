//! Generated escalations: a few open ones with live clocks on top of as
//! much closed history as asked for, written in batches with their audit
//! lines, reported a few dozen a day as a real desk sees them.

use chrono::{DateTime, Duration, Utc};

use crate::domain::{
    Customer, Escalation, EscalationKind, EscalationState, OutOfScopeReason, Severity, sla,
};
use crate::store::{GeneratedTicket, Result, Store};

pub const MAX_OPEN: usize = 1_500;

const BATCH: usize = 20_000;

/// The demo reaches back a year at most, past its oldest subscription
/// (eight months): a big store is a busier desk, not one with tickets
/// reported before the cloud existed (a million at 40 a day went back to
/// 1958).
pub const MAX_HISTORY_DAYS: i64 = 365;

/// Days of closed history for `closed` tickets: a few dozen a day, at
/// least a month, at most [`MAX_HISTORY_DAYS`].
pub fn history_days(closed: usize) -> i64 {
    ((closed / 40) as i64).clamp(30, MAX_HISTORY_DAYS)
}

const SERVICES: &[&str] = &[
    "ECS",
    "EVS",
    "OBS",
    "RDS",
    "DCS",
    "DMS",
    "CCE",
    "ELB",
    "VPC",
    "NAT Gateway",
    "CDN",
    "WAF",
    "DNS",
    "IAM",
];

const SYMPTOMS: &[&str] = &[
    "instances unreachable",
    "latency above 2 s",
    "failover did not complete",
    "5xx error rate rising",
    "quota exceeded on scale-out",
    "certificate renewal failed",
    "replication lag growing",
    "disk I/O saturated",
    "pods stuck in Pending",
    "intermittent packet loss",
    "console login fails",
    "backup job timing out",
];

pub(super) const ENGINEERS: &[&str] = &["alice", "bob", "chen.wei", "li.na", "omar", "priya"];

/// Fills the store with `tickets` escalations, `open` of them open (by
/// default 6 in 10, at most `MAX_OPEN`), in batches so memory stays flat,
/// telling `progress` how many are written after each. Returns how many
/// were written.
pub fn generate(
    store: &mut Store,
    customers: &[Customer],
    (tickets, open): (usize, Option<usize>),
    seed: u64,
    now: DateTime<Utc>,
    progress: &mut dyn FnMut(Step),
) -> Result<usize> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let open = open
        .unwrap_or((tickets * 6 / 10).min(MAX_OPEN))
        .min(tickets);
    let closed = tickets - open;
    let history_days = history_days(closed);
    let mut batch = Vec::with_capacity(BATCH.min(tickets));
    for i in 0..tickets {
        let customer = &customers[rng.usize(..customers.len())];
        let t = if i < closed {
            // History in report order, as a real desk writes it: index
            // inserts then append instead of landing all over the B-trees.
            let span = (history_days - 1) * 86_400;
            let offset = span - span * i as i64 / closed.max(1) as i64;
            let reported_at = now - Duration::seconds(86_400 + offset);
            closed_ticket(&mut rng, customer, i, reported_at)
        } else {
            open_ticket(&mut rng, customer, i, now)
        };
        batch.push(t);
        if batch.len() == BATCH {
            store.insert_generated(&batch)?;
            batch.clear();
            progress(Step::Escalations {
                written: i + 1,
                of: tickets,
            });
        }
    }
    store.insert_generated(&batch)?;
    progress(Step::Escalations {
        written: tickets,
        of: tickets,
    });
    Ok(tickets)
}

/// How far the demo has got, for a terminal to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Escalations {
        written: usize,
        of: usize,
    },
    /// Quotas, owners, requirements, notices and the indexes.
    TheRest,
}

pub(super) fn pick<'a>(rng: &mut fastrand::Rng, from: &[&'a str]) -> &'a str {
    from[rng.usize(..from.len())]
}

fn severity(rng: &mut fastrand::Rng) -> Severity {
    match rng.u8(..100) {
        0..8 => Severity::S1,
        8..20 => Severity::S2,
        20..50 => Severity::S3,
        50..75 => Severity::S4,
        _ => Severity::S5,
    }
}

fn kind(rng: &mut fastrand::Rng) -> EscalationKind {
    // Most escalations are general; quota-using ones are the minority, so
    // the demo's gauges show a spread rather than a wall of used-up quotas.
    match rng.u8(..100) {
        0..22 => EscalationKind::Faster,
        22..30 => EscalationKind::Expert,
        _ => EscalationKind::General,
    }
}

fn base(
    rng: &mut fastrand::Rng,
    c: &Customer,
    i: usize,
    reported_at: DateTime<Utc>,
    sev: Severity,
) -> Escalation {
    let service = pick(rng, SERVICES);
    let region = pick(rng, crate::domain::inventory::REGIONS);
    let symptom = pick(rng, SYMPTOMS);
    Escalation {
        id: 0,
        customer_id: c.id,
        customer: c.name.clone(),
        ticket_no: format!("{}{:07}", reported_at.format("ST%y%m"), i),
        title: format!("{service} {symptom} in {region}"),
        description: format!(
            "Customer reports: {service} {symptom} in {region} since {}.\n\
             Impact: {}.\nTicket raised via the dedicated chat group.",
            reported_at.format("%H:%M UTC"),
            sev.meaning()
        ),
        kind: kind(rng),
        severity: sev,
        state: EscalationState::New,
        out_of_scope_reason: None,
        assignee: None,
        resolution: None,
        reported_at,
        deadline: sla::response_deadline(reported_at, sev),
        responded_at: None,
        response_met: None,
        ended_at: None,
        updated_at: reported_at,
        pause: None,
        paused_secs: 0,
        resolve_by: None,
        resolve_paused_secs: 0,
        paused_business_secs: 0,
        resolve_paused_business_secs: 0,
        last_update_at: None,
        resumed_at: None,
        snoozed_until: None,
    }
}

type History = Vec<(DateTime<Utc>, String, String, String)>;

fn reported(e: &Escalation) -> History {
    vec![(
        e.reported_at,
        "demo".to_string(),
        "reported".to_string(),
        format!(
            "{} {} escalation, ticket {}",
            e.severity, e.kind, e.ticket_no
        ),
    )]
}

/// Answers `e` after `after`, by a random engineer.
fn respond(rng: &mut fastrand::Rng, e: &mut Escalation, h: &mut History, after: Duration) {
    let who = pick(rng, ENGINEERS).to_string();
    let at = e.reported_at + after;
    let met = sla::response_met(at, e.deadline);
    e.state = EscalationState::Acknowledged;
    e.responded_at = Some(at);
    e.response_met = Some(met);
    e.assignee = Some(who.clone());
    e.updated_at = at;
    let verdict = if met { "within" } else { "outside" };
    h.push((
        at,
        who,
        "acknowledge".into(),
        format!("acknowledged ({verdict} the {} SLA)", e.severity),
    ));
}

fn response_delay(rng: &mut fastrand::Rng, sev: Severity) -> Duration {
    let target = sev.response_target().num_seconds();
    // Most answers come well inside the target; about one in ten is late.
    let share = if rng.u8(..10) == 0 {
        1.0 + rng.f64()
    } else {
        rng.f64() * 0.9
    };
    Duration::seconds((target as f64 * share) as i64)
}

fn open_ticket(
    rng: &mut fastrand::Rng,
    c: &Customer,
    i: usize,
    now: DateTime<Utc>,
) -> GeneratedTicket {
    let sev = severity(rng);
    let target = sev.response_target().num_seconds();
    let roll = rng.u8(..100);
    // Unanswered: from well inside the SLA to an hour over it, with a few
    // minutes-to-go ones so the board always has something about to breach.
    let reported_at = if roll < 55 {
        let left = match rng.u8(..10) {
            0 => -(rng.i64(0..=3600)),
            1 => rng.i64(0..=target / 5),
            _ => rng.i64(0..=target),
        };
        now - Duration::seconds(target - left)
    } else {
        now - Duration::seconds(rng.i64(target..=target + 36 * 3600))
    };
    let mut e = base(rng, c, i, reported_at, sev);
    let mut h = reported(&e);
    if roll >= 55 {
        let delay = response_delay(rng, sev).min(now - reported_at);
        respond(rng, &mut e, &mut h, delay);
        if roll >= 80 {
            e.state = EscalationState::InProgress;
            let at = e.responded_at.unwrap_or(now);
            h.push((
                at,
                e.assignee.clone().unwrap_or_default(),
                "start work on".into(),
                "work started".into(),
            ));
        }
        if roll >= 96 {
            wait_on_customer(&mut e, &mut h, i, now);
        }
    } else if rng.u8(..3) == 0 {
        e.assignee = Some(pick(rng, ENGINEERS).to_string());
    }
    GeneratedTicket {
        escalation: e,
        history: h,
    }
}

const WAITING_FOR: &[&str] = &[
    "VPC flow logs for the affected subnet",
    "the customer's maintenance window to restart the node",
    "screenshots of the console error",
    "confirmation that the fix works on their side",
];

/// A few answered ones wait on the customer, some longer than the desk's
/// default flag. Drawn from the ticket's index, not the generator, so the
/// rest of the demo is the same as before pauses existed.
fn wait_on_customer(e: &mut Escalation, h: &mut History, i: usize, now: DateTime<Utc>) {
    let answered = e.responded_at.unwrap_or(e.reported_at);
    // One in three since its answer: those answered over a day ago are
    // flagged at the default limit.
    let since = if i.is_multiple_of(3) {
        answered
    } else {
        (now - Duration::minutes((i % 37 * 47) as i64 + 10)).max(answered)
    };
    let reason = WAITING_FOR[i % WAITING_FOR.len()];
    e.pause = Some(crate::domain::escalation::Pause {
        since,
        reason: reason.to_string(),
    });
    e.updated_at = since;
    h.push((
        since,
        e.assignee.clone().unwrap_or_default(),
        "pause".into(),
        format!("paused, waiting on the customer: {reason}"),
    ));
}

/// History tickets carry two audit lines (reported, and how it ended with
/// the response folded in): a third of the audit rows, which dominate the
/// time it takes to generate a million-ticket store.
fn closed_ticket(
    rng: &mut fastrand::Rng,
    c: &Customer,
    i: usize,
    reported_at: DateTime<Utc>,
) -> GeneratedTicket {
    let sev = severity(rng);
    let mut e = base(rng, c, i, reported_at, sev);
    let mut h = reported(&e);
    let roll = rng.u8(..100);
    if roll < 6 {
        e.state = EscalationState::Withdrawn;
        let at = reported_at + Duration::minutes(rng.i64(1..120));
        e.ended_at = Some(at);
        e.updated_at = at;
        h.push((at, "demo".into(), "withdraw".into(), "withdrawn".into()));
        return GeneratedTicket {
            escalation: e,
            history: h,
        };
    }
    let delay = response_delay(rng, e.severity);
    respond(rng, &mut e, &mut h, delay);
    let (at, response) = h
        .pop()
        .map(|(at, _, _, detail)| (at, detail))
        .unwrap_or((reported_at, String::new()));
    let (action, detail) = if roll < 10 {
        let reason = OutOfScopeReason::ALL[rng.usize(..OutOfScopeReason::ALL.len())];
        e.state = EscalationState::OutOfScope;
        e.out_of_scope_reason = Some(reason);
        e.ended_at = Some(at);
        (
            "mark out of scope",
            format!("{response}; out of scope: {}", reason.label()),
        )
    } else {
        let done = at + Duration::minutes(rng.i64(10..2880));
        e.state = if roll < 40 {
            EscalationState::Resolved
        } else {
            EscalationState::Closed
        };
        e.resolution = Some("fixed; customer confirmed".into());
        e.ended_at = Some(done);
        e.updated_at = done;
        (
            "resolve",
            format!("{response}; resolved: fixed; customer confirmed"),
        )
    };
    h.push((
        e.ended_at.unwrap_or(at),
        e.assignee.clone().unwrap_or_default(),
        action.into(),
        detail,
    ));
    GeneratedTicket {
        escalation: e,
        history: h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Actor;
    use chrono::TimeZone;

    /// A million tickets once went back 68 years; the oldest generated
    /// ticket is the first one, reported a day plus the span before now.
    #[test]
    fn history_stays_within_the_demos_year() {
        assert_eq!(history_days(1_000_000), MAX_HISTORY_DAYS);
        assert_eq!(history_days(100), 30);
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
        let actor = Actor {
            engineer: "demo",
            now,
        };
        let mut s = Store::open_in_memory().unwrap();
        let customers = super::super::ensure_customers(&mut s, 3, actor).unwrap();
        // Enough closed tickets to reach the cap (40 a day for a year).
        let total = 16_000;
        let mut steps = Vec::new();
        generate(&mut s, &customers, (total, None), 1, now, &mut |p| {
            steps.push(p)
        })
        .unwrap();
        let oldest = s.escalation(1).unwrap().reported_at;
        let earliest = now - Duration::days(MAX_HISTORY_DAYS);
        assert!(oldest >= earliest, "{oldest} is before {earliest}");
        assert!(
            oldest < now - Duration::days(300),
            "{oldest}: history too short"
        );
        for id in [2, 5_000, 15_000, 16_000] {
            let t = s.escalation(id).unwrap().reported_at;
            assert!(earliest <= t && t <= now, "#{id} reported {t}");
        }
        assert_eq!(
            steps.last(),
            Some(&Step::Escalations {
                written: total,
                of: total
            })
        );
    }

    #[test]
    fn the_open_count_can_be_asked_beyond_the_usual_load() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
        let actor = Actor {
            engineer: "demo",
            now,
        };
        let mut s = Store::open_in_memory().unwrap();
        let customers = super::super::ensure_customers(&mut s, 3, actor).unwrap();
        generate(
            &mut s,
            &customers,
            (4_000, Some(2_500)),
            1,
            now,
            &mut |_| {},
        )
        .unwrap();
        assert_eq!(s.board_counts(now).unwrap().open, 2_500);
    }
}
