//! The deliverable lists read from the store, and their acceptance.

use chrono::{DateTime, Days, Utc};
use rusqlite::{Connection, OptionalExtension, Row, params};

use super::escalations::{COLUMNS as ESCALATION_COLUMNS, escalation_from_row};
use super::requirements::{fetch as fetch_requirement, history_of};
use super::subscriptions::subscriptions_of;
use super::{
    Actor, AlreadyAccepted, Result, Store, StoreError, customers::customer_id, day_text, from_ts,
    parse_day, parse_word, ts,
};
use crate::domain::deliverable::{
    Acceptance, Deliverable, DeliverableKind, DeliverableStatus, Period, RequirementLine,
    RequirementList, TicketLine, TicketList,
};
use crate::domain::{calendar::Month, desk::DeskRules};

/// The UTC span of a period's desk days: [start, end).
fn span(rules: &DeskRules, period: Period) -> (DateTime<Utc>, DateTime<Utc>) {
    let cal = &rules.calendar;
    (
        cal.start_of(period.from),
        cal.start_of(period.to + Days::new(1)),
    )
}

fn ticket_list(
    conn: &Connection,
    rules: &DeskRules,
    customer: &str,
    period: Period,
    now: DateTime<Utc>,
) -> Result<TicketList> {
    let (id, name) = customer_id(conn, customer)?;
    let (start, end) = span(rules, period);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {ESCALATION_COLUMNS} FROM escalations e JOIN customers c ON c.id = e.customer_id
         WHERE e.customer_id = ?1 AND e.reported_at >= ?2 AND e.reported_at < ?3
         ORDER BY e.reported_at, e.id"
    ))?;
    let mut lines = stmt
        .query_map(params![id, ts(start), ts(end)], escalation_from_row)?
        .map(|e| e.map(|e| TicketLine::of(&e, now)))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    // The notes marked for the customer, on the same escalations.
    let mut notes = conn.prepare_cached(
        "SELECT n.escalation_id, n.text FROM escalation_notes n
         JOIN escalations e ON e.id = n.escalation_id
         WHERE e.customer_id = ?1 AND e.reported_at >= ?2 AND e.reported_at < ?3
           AND n.for_customer = 1
         ORDER BY n.id",
    )?;
    let rows = notes.query_map(params![id, ts(start), ts(end)], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    for row in rows {
        let (escalation, text) = row?;
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
    conn: &Connection,
    rules: &DeskRules,
    customer: &str,
    period: Period,
) -> Result<RequirementList> {
    let (id, name) = customer_id(conn, customer)?;
    let (start, end) = span(rules, period);
    let last = end - chrono::Duration::seconds(1);
    let ids = conn
        .prepare_cached(
            "SELECT id FROM requirements WHERE customer_id = ?1 AND submitted_at < ?3
             AND NOT (state = 'customer_notified' AND state_since < ?2)
             ORDER BY submitted_at, id",
        )?
        .query_map(params![id, ts(start), ts(end)], |r| r.get::<_, i64>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut lines = Vec::with_capacity(ids.len());
    for rid in ids {
        let now = fetch_requirement(conn, rid)?;
        let mut history = history_of(conn, rid)?;
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
    conn: &Connection,
    rules: &DeskRules,
    customer: &str,
    period: Period,
    kind: DeliverableKind,
    now: DateTime<Utc>,
) -> Result<Deliverable> {
    Ok(match kind {
        DeliverableKind::Tickets => {
            Deliverable::Tickets(ticket_list(conn, rules, customer, period, now)?)
        }
        DeliverableKind::Requirements => {
            Deliverable::Requirements(requirement_list(conn, rules, customer, period)?)
        }
    })
}

const ACCEPTANCE_COLUMNS: &str = "c.name, a.period_from, a.period_to, a.kind, a.accepted_by, \
    a.accepted_at, a.recorded_by, a.items, a.digest";

fn acceptance_from_row(r: &Row<'_>) -> rusqlite::Result<Acceptance> {
    Ok(Acceptance {
        customer: r.get(0)?,
        period: Period {
            from: parse_day(&r.get::<_, String>(1)?)?,
            to: parse_day(&r.get::<_, String>(2)?)?,
        },
        kind: parse_word(r, 3)?,
        accepted_by: r.get(4)?,
        accepted_at: from_ts(r.get(5)?)?,
        recorded_by: r.get(6)?,
        items: r.get(7)?,
        digest: r.get(8)?,
    })
}

fn acceptance_of(
    conn: &Connection,
    customer_id: i64,
    period: Period,
    kind: DeliverableKind,
) -> Result<Option<Acceptance>> {
    Ok(conn
        .prepare_cached(&format!(
            "SELECT {ACCEPTANCE_COLUMNS} FROM acceptances a JOIN customers c ON c.id = a.customer_id
             WHERE a.customer_id = ?1 AND a.kind = ?2 AND a.period_from = ?3 AND a.period_to = ?4"
        ))?
        .query_row(
            params![
                customer_id,
                kind.as_str(),
                day_text(period.from),
                day_text(period.to)
            ],
            acceptance_from_row,
        )
        .optional()?)
}

pub const MAX_ACCEPTED_BY: usize = 200;

impl Store {
    pub fn ticket_list(
        &self,
        customer: &str,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<TicketList> {
        let snapshot = self.lite()?.unchecked_transaction()?;
        let list = ticket_list(&snapshot, &self.rules, customer, period, now)?;
        snapshot.finish()?;
        Ok(list)
    }

    pub fn requirement_list(&self, customer: &str, period: Period) -> Result<RequirementList> {
        let snapshot = self.lite()?.unchecked_transaction()?;
        let list = requirement_list(&snapshot, &self.rules, customer, period)?;
        snapshot.finish()?;
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
        let tx = self.write_tx()?;
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
            params![
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
        let (id, _) = customer_id(self.lite()?, customer)?;
        let mut stmt = self.lite()?.prepare_cached(&format!(
            "SELECT {ACCEPTANCE_COLUMNS} FROM acceptances a JOIN customers c ON c.id = a.customer_id
             WHERE a.customer_id = ?1 ORDER BY a.period_to DESC, a.kind"
        ))?;
        let rows = stmt.query_map([id], acceptance_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
        let snapshot = self.lite()?.unchecked_transaction()?;
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
        snapshot.finish()?;
        Ok(out)
    }
}
