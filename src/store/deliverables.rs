//! The deliverable lists read from the store, and their acceptance.

use chrono::{DateTime, Days, Utc};

use super::engine::{Row, Sql};
use super::escalations::{COLUMNS as ESCALATION_COLUMNS, escalation_at};
use super::requirements::{fetch as fetch_requirement, history_of};
use super::subscriptions::subscriptions_of;
use super::{
    Actor, AlreadyAccepted, Result, Store, StoreError, customers::customer_id, day_text, ts,
};
use crate::domain::deliverable::{
    Acceptance, Deliverable, DeliverableKind, DeliverableStatus, Period, RequirementLine,
    RequirementList, TicketLine, TicketList,
};
use crate::domain::{calendar::Month, desk::DeskRules};
use crate::sql_args;

/// The UTC span of a period's desk days: [start, end).
fn span(rules: &DeskRules, period: Period) -> (DateTime<Utc>, DateTime<Utc>) {
    let cal = &rules.calendar;
    (
        cal.start_of(period.from),
        cal.start_of(period.to + Days::new(1)),
    )
}

fn ticket_list(
    db: &impl Sql,
    rules: &DeskRules,
    customer: &str,
    period: Period,
    now: DateTime<Utc>,
) -> Result<TicketList> {
    let (id, name) = customer_id(db, customer)?;
    let (start, end) = span(rules, period);
    let mut lines = db.query_map(
        &format!(
            "SELECT {ESCALATION_COLUMNS} FROM escalations e JOIN customers c ON c.id = e.customer_id
             WHERE e.customer_id = ?1 AND e.reported_at >= ?2 AND e.reported_at < ?3
             ORDER BY e.reported_at, e.id"
        ),
        sql_args![id, ts(start), ts(end)],
        |r| Ok(TicketLine::of(&escalation_at(r)?, now)),
    )?;
    // The notes marked for the customer, on the same escalations.
    let notes: Vec<(i64, String)> = db.query_map(
        "SELECT n.escalation_id, n.text FROM escalation_notes n
         JOIN escalations e ON e.id = n.escalation_id
         WHERE e.customer_id = ?1 AND e.reported_at >= ?2 AND e.reported_at < ?3
           AND n.for_customer = 1
         ORDER BY n.id",
        sql_args![id, ts(start), ts(end)],
        |r| Ok((r.get(0)?, r.text(1)?)),
    )?;
    for (escalation, text) in notes {
        if let Some(l) = lines.iter_mut().find(|l| l.id == escalation) {
            l.customer_notes.push(text);
        }
    }
    Ok(TicketList::new(
        name,
        period,
        rules.calendar.tz.name().to_string(),
        lines,
    ))
}

/// Requirements submitted before the period ended and not yet closed off
/// (customer notified) before it began, each as it stood at the end.
fn requirement_list(
    db: &impl Sql,
    rules: &DeskRules,
    customer: &str,
    period: Period,
) -> Result<RequirementList> {
    let (id, name) = customer_id(db, customer)?;
    let (start, end) = span(rules, period);
    let last = end - chrono::Duration::seconds(1);
    let ids: Vec<i64> = db.query_map(
        "SELECT id FROM requirements WHERE customer_id = ?1 AND submitted_at < ?3
         AND NOT (state = 'customer_notified' AND state_since < ?2)
         ORDER BY submitted_at, id",
        sql_args![id, ts(start), ts(end)],
        |r| r.get(0),
    )?;
    let mut lines = Vec::with_capacity(ids.len());
    for rid in ids {
        let now = fetch_requirement(db, rid)?;
        let mut history = history_of(db, rid)?;
        history.retain(|t| t.at <= last);
        // Notified before the period began by an earlier step: left out.
        let Some(then) = now.as_of(&history, last) else {
            continue;
        };
        if !then.state.is_open() && then.state_since < start {
            continue;
        }
        lines.push(RequirementLine {
            requirement: then,
            transitions: history,
        });
    }
    Ok(RequirementList {
        customer: name,
        period,
        time_zone: rules.calendar.tz.name().to_string(),
        lines,
    })
}

fn deliverable(
    db: &impl Sql,
    rules: &DeskRules,
    customer: &str,
    period: Period,
    kind: DeliverableKind,
    now: DateTime<Utc>,
) -> Result<Deliverable> {
    Ok(match kind {
        DeliverableKind::Tickets => {
            Deliverable::Tickets(ticket_list(db, rules, customer, period, now)?)
        }
        DeliverableKind::Requirements => {
            Deliverable::Requirements(requirement_list(db, rules, customer, period)?)
        }
    })
}

const ACCEPTANCE_COLUMNS: &str = "c.name, a.period_from, a.period_to, a.kind, a.accepted_by, \
    a.accepted_at, a.recorded_by, a.items, a.digest";

fn acceptance_at(r: &Row<'_>) -> Result<Acceptance> {
    Ok(Acceptance {
        customer: r.text(0)?,
        period: Period {
            from: r.get(1)?,
            to: r.get(2)?,
        },
        kind: r.word(3)?,
        accepted_by: r.text(4)?,
        accepted_at: r.get(5)?,
        recorded_by: r.text(6)?,
        items: r.get(7)?,
        digest: r.text(8)?,
    })
}

fn acceptance_of(
    db: &impl Sql,
    customer_id: i64,
    period: Period,
    kind: DeliverableKind,
) -> Result<Option<Acceptance>> {
    db.query_opt(
        &format!(
            "SELECT {ACCEPTANCE_COLUMNS} FROM acceptances a JOIN customers c ON c.id = a.customer_id
             WHERE a.customer_id = ?1 AND a.kind = ?2 AND a.period_from = ?3 AND a.period_to = ?4"
        ),
        sql_args![
            customer_id,
            kind.as_str(),
            day_text(period.from),
            day_text(period.to)
        ],
        acceptance_at,
    )
}

pub const MAX_ACCEPTED_BY: usize = 200;

impl Store {
    pub fn ticket_list(
        &self,
        customer: &str,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<TicketList> {
        let snapshot = self.db().read()?;
        let list = ticket_list(&snapshot, &self.rules, customer, period, now)?;
        snapshot.commit()?;
        Ok(list)
    }

    pub fn requirement_list(&self, customer: &str, period: Period) -> Result<RequirementList> {
        let snapshot = self.db().read()?;
        let list = requirement_list(&snapshot, &self.rules, customer, period)?;
        snapshot.commit()?;
        Ok(list)
    }

    /// Records that the customer's `accepted_by` accepted the list, with a
    /// digest of the list as it is now. Once per customer, period and kind.
    pub fn accept_deliverable(
        &mut self,
        customer: &str,
        period: Period,
        kind: DeliverableKind,
        accepted_by: &str,
        actor: Actor<'_>,
    ) -> Result<Acceptance> {
        let by = accepted_by.trim();
        if by.is_empty() {
            return Err(StoreError::Invalid(
                "who accepted is not named: give the customer's person who accepted the list"
                    .into(),
            ));
        }
        if by.chars().any(char::is_control) {
            return Err(StoreError::Invalid(
                "the name of who accepted contains control characters".into(),
            ));
        }
        if by.chars().count() > MAX_ACCEPTED_BY {
            return Err(StoreError::Invalid(format!(
                "the name of who accepted is longer than {MAX_ACCEPTED_BY} characters"
            )));
        }
        let today = self.rules.calendar.date(actor.now);
        if period.to >= today {
            return Err(StoreError::Invalid(format!(
                "period {period} is not over yet (it ends on {}); a list is accepted once its \
                 period has ended",
                period.to
            )));
        }
        let rules = self.rules.clone();
        let tx = self.write()?;
        let (customer_id, name) = customer_id(&tx, customer)?;
        if let Some(a) = acceptance_of(&tx, customer_id, period, kind)? {
            let tz = rules.calendar.tz;
            return Err(StoreError::AlreadyAccepted(Box::new(AlreadyAccepted {
                kind: a.kind,
                customer: a.customer,
                period: a.period,
                accepted_by: a.accepted_by,
                accepted_at_desk: format!(
                    "{} {}",
                    crate::domain::desk_time::minute(a.accepted_at, tz),
                    tz.name()
                ),
                recorded_by: a.recorded_by,
            })));
        }
        let list = deliverable(&tx, &rules, &name, period, kind, actor.now)?;
        tx.execute(
            "INSERT INTO acceptances (customer_id, kind, period_from, period_to, accepted_by,
                 accepted_at, recorded_by, items, digest)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            sql_args![
                customer_id,
                kind.as_str(),
                day_text(period.from),
                day_text(period.to),
                by,
                ts(actor.now),
                actor.engineer,
                list.items(),
                list.digest()
            ],
        )?;
        let a = acceptance_of(&tx, customer_id, period, kind)?
            .ok_or_else(|| StoreError::Corrupt("acceptance vanished".into()))?;
        tx.commit()?;
        Ok(a)
    }

    /// Every acceptance recorded for a customer, newest period first.
    pub fn acceptances(&self, customer: &str) -> Result<Vec<Acceptance>> {
        let (id, _) = customer_id(self.db(), customer)?;
        self.db().query_map(
            &format!(
                "SELECT {ACCEPTANCE_COLUMNS} FROM acceptances a
                 JOIN customers c ON c.id = a.customer_id
                 WHERE a.customer_id = ?1 ORDER BY a.period_to DESC, a.kind"
            ),
            sql_args![id],
            acceptance_at,
        )
    }

    /// Both lists of the last `months` whole months before `now`'s month
    /// in which the customer had service, newest first: items, acceptance,
    /// and whether the list changed since.
    pub fn deliverable_statuses(
        &self,
        customer: &str,
        months: u32,
        now: DateTime<Utc>,
    ) -> Result<Vec<DeliverableStatus>> {
        let snapshot = self.db().read()?;
        let (id, name) = customer_id(&snapshot, customer)?;
        let this = self.rules.calendar.month(now);
        let mut out = Vec::new();
        let subs = subscriptions_of(&snapshot, id)?;
        for back in 1..=months {
            let period = Period::month(Month::minus(this, back));
            if !subs
                .iter()
                .any(|s| s.start_on <= period.to && period.from <= s.end_on)
            {
                continue;
            }
            for &kind in DeliverableKind::ALL {
                let list = deliverable(&snapshot, &self.rules, &name, period, kind, now)?;
                let acceptance = acceptance_of(&snapshot, id, period, kind)?;
                out.push(DeliverableStatus {
                    period,
                    kind,
                    items: list.items(),
                    changed_since_acceptance: acceptance
                        .as_ref()
                        .is_some_and(|a| a.digest != list.digest()),
                    acceptance,
                });
            }
        }
        snapshot.commit()?;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use chrono::Duration;

    /// An escalation of Acme's reported at `at`, written as a row (the
    /// escalation store is not on PostgreSQL yet), with a note for the
    /// customer and one that is not.
    fn reported(s: &Store, ticket_no: &str, at: DateTime<Utc>) -> i64 {
        let id = s
            .db()
            .insert(
                "INSERT INTO escalations (customer_id, ticket_no, title, kind, severity, state,
                     reported_at, deadline, updated_at)
                 VALUES (1, ?1, 'disk full', 'general', 2, 'resolved', ?2, ?3, ?2) RETURNING id",
                sql_args![ticket_no, ts(at), ts(at + Duration::hours(1))],
            )
            .unwrap();
        for (text, for_customer) in [("replaced the disk", true), ("internal", false)] {
            note(s, id, text, for_customer);
        }
        id
    }

    fn note(s: &Store, escalation: i64, text: &str, for_customer: bool) {
        s.db()
            .execute(
                "INSERT INTO escalation_notes (escalation_id, at, engineer, kind, for_customer, text)
                 VALUES (?1, 0, 'alice', 'note', ?2, ?3)",
                sql_args![escalation, for_customer, text],
            )
            .unwrap();
    }

    #[test]
    fn the_lists_read_their_period_and_an_acceptance_is_recorded_once() {
        each_engine("deliverables_accept", |s| {
            let mut s = subscribed_on(s, "2026-06-01");
            let october = Period::parse("2026-10").unwrap();
            let in_october = t0() - Duration::days(20);
            let id = reported(&s, "T-1", in_october);
            reported(&s, "T-2", t0());
            s.add_requirement(&new_req("sso"), actor(in_october))
                .unwrap();
            let tickets = s.ticket_list("acme", october, t0()).unwrap();
            let ids: Vec<_> = tickets.lines.iter().map(|l| l.id).collect();
            assert_eq!(ids, [id]);
            assert_eq!(tickets.lines[0].customer_notes, ["replaced the disk"]);
            let reqs = s.requirement_list("ACME", october).unwrap();
            assert_eq!(reqs.lines.len(), 1);
            assert_eq!(reqs.lines[0].transitions.len(), 1);

            let accept = |s: &mut Store, by: &str| {
                s.accept_deliverable("Acme", october, DeliverableKind::Tickets, by, actor(t0()))
            };
            let a = accept(&mut s, " Li Na ").unwrap();
            assert_eq!((a.accepted_by.as_str(), a.items), ("Li Na", 1));
            assert_eq!(a.accepted_at, t0());
            let err = accept(&mut s, "Li Na").unwrap_err();
            assert!(matches!(err, StoreError::AlreadyAccepted(_)), "{err}");
            assert!(accept(&mut s, " ").is_err());
            assert_eq!(s.acceptances("acme").unwrap(), std::slice::from_ref(&a));

            let status = |s: &Store| {
                let all = s.deliverable_statuses("Acme", 2, t0()).unwrap();
                assert_eq!(all.len(), 4, "October's and September's two lists");
                all.into_iter()
                    .find(|d| d.period == october && d.kind == DeliverableKind::Tickets)
                    .unwrap()
            };
            let before = status(&s);
            assert_eq!(before.acceptance, Some(a));
            assert!(!before.changed_since_acceptance);
            note(&s, id, "and the controller", true);
            assert!(status(&s).changed_since_acceptance);
        });
    }
}
