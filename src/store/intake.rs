//! Escalations coming in: one typed or pasted, with the quota it will
//! take said before it is saved, and many at once from a file.

use super::engine::Sql;
use super::escalations::fetch;
use super::quota::{plan_unit, use_unit};
use super::subscriptions::subscriptions_of;
use super::{Actor, Result, Store, StoreError, audit, ts};
use crate::domain::desk::DeskRules;
use crate::domain::quota::QuotaKind;
use crate::domain::subscription::active_on;
use crate::domain::{Escalation, NewEscalation};
use crate::sql_args;
use chrono::{DateTime, NaiveDate, Utc};

/// The customer's id, refused when unknown or without an active
/// subscription on `day`: the desk's services cover subscribers only.
fn subscribed_customer(conn: &impl Sql, name: &str, day: NaiveDate) -> Result<i64> {
    let name = name.trim();
    let id = customer_id(conn, name)?;
    if active_on(&subscriptions_of(conn, id)?, day).is_none() {
        return Err(StoreError::NotSubscribed {
            customer: name.to_string(),
            day,
        });
    }
    Ok(id)
}

/// The customer named `name` (trimmed), or the refusal naming it.
pub(super) fn customer_id(conn: &impl Sql, name: &str) -> Result<i64> {
    let name = name.trim();
    conn.query_opt(
        "SELECT id FROM customers WHERE name = ?1",
        sql_args![name],
        |r| r.get(0),
    )?
    .ok_or_else(|| StoreError::NoCustomer(name.to_string()))
}

/// The escalation already kept for this customer's ticket, if any.
pub(super) fn existing(conn: &impl Sql, customer_id: i64, ticket_no: &str) -> Result<Option<i64>> {
    conn.query_opt(
        "SELECT id FROM escalations WHERE customer_id = ?1 AND ticket_no = ?2",
        sql_args![customer_id, ticket_no.trim()],
        |r| r.get(0),
    )
}

/// When a new escalation's quota counts: the month the customer asked
/// in, not when it was typed.
fn quota_time(new: &NewEscalation, now: DateTime<Utc>) -> DateTime<Utc> {
    new.reported_at.min(now)
}

/// Writes one new escalation and its quota use inside `tx`; a refusal
/// leaves nothing once the caller drops the transaction (or savepoint).
/// Answers with the escalation and which quota unit it took ("takes
/// Faster Service Ticket Handling unit 7 of 10 for Acme (2026-11)"), if
/// any. `ticket add` and `ticket import` both write through here, so
/// they refuse and take quota alike.
pub(super) fn insert(
    tx: &impl Sql,
    rules: &DeskRules,
    new: &NewEscalation,
    actor: Actor<'_>,
) -> Result<(Escalation, Option<String>)> {
    new.validate(actor.now)?;
    let day = rules.calendar.date(new.reported_at);
    let customer_id = subscribed_customer(tx, &new.customer, day)?;
    let ticket_no = new.ticket_no.trim();
    if let Some(id) = existing(tx, customer_id, ticket_no)? {
        return Err(StoreError::DuplicateTicket {
            customer: new.customer.trim().to_string(),
            ticket_no: ticket_no.to_string(),
            id,
        });
    }
    let id = tx.insert(
        "INSERT INTO escalations (customer_id, ticket_no, title, description, kind, severity,
             state, open_rank, reported_at, deadline, updated_at, resolve_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'new', 0, ?7, ?8, ?9, ?10) RETURNING id",
        sql_args![
            customer_id,
            ticket_no,
            new.title.trim(),
            new.description,
            new.kind.as_str(),
            new.severity.number(),
            ts(new.reported_at),
            ts(new.deadline(&rules.sla)),
            ts(actor.now),
            new.resolve_by(&rules.sla).map(ts),
        ],
    )?;
    audit::record(
        tx,
        actor,
        "escalation",
        id,
        "reported",
        &format!(
            "{} {} escalation, ticket {ticket_no}, reported {}",
            new.severity,
            new.kind,
            crate::domain::desk_time::zoned(new.reported_at, rules.calendar.tz)
        ),
    )?;
    let e = fetch(tx, id)?;
    let taken = match QuotaKind::for_escalation(new.kind) {
        Some(kind) => {
            Some(use_unit(tx, rules, &e, kind, quota_time(new, actor.now), actor)?.preview)
        }
        None => None,
    };
    Ok((e, taken))
}

impl Store {
    pub fn add_escalation(&mut self, new: &NewEscalation, actor: Actor<'_>) -> Result<Escalation> {
        let tx = self.write()?;
        let (e, _) = insert(&tx, &self.rules, new, actor)?;
        tx.commit()?;
        Ok(e)
    }

    /// What saving `new` would take, said before it is saved ("takes
    /// Faster Service Ticket Handling unit 7 of 10 for Acme"), or the
    /// refusal the save would give. Writes nothing.
    pub fn intake_preview(&self, new: &NewEscalation, now: DateTime<Utc>) -> Result<String> {
        let day = self.rules.calendar.date(new.reported_at);
        let customer = new.customer.trim();
        let customer_id = subscribed_customer(self.db(), customer, day)?;
        if let Some(id) = existing(self.db(), customer_id, &new.ticket_no)? {
            return Err(StoreError::DuplicateTicket {
                customer: customer.to_string(),
                ticket_no: new.ticket_no.trim().to_string(),
                id,
            });
        }
        match QuotaKind::for_escalation(new.kind) {
            Some(kind) => Ok(plan_unit(
                self.db(),
                &self.rules,
                customer_id,
                customer,
                kind,
                quota_time(new, now),
            )?
            .preview),
            None => Ok(format!(
                "uses no quota; {customer}'s subscription covers {day}"
            )),
        }
    }

    /// What escalating `id` to the experts would take, or why it cannot.
    pub fn expert_preview(&self, id: i64, now: DateTime<Utc>) -> Result<String> {
        let e = fetch(self.db(), id)?;
        Ok(plan_unit(
            self.db(),
            &self.rules,
            e.customer_id,
            &e.customer,
            QuotaKind::Expert,
            now,
        )?
        .preview)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::{EscalationKind, Severity};

    #[test]
    fn the_preview_names_the_unit_the_save_then_takes() {
        each_engine("the_preview_names_the_unit_the_save_then", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            let mut new = new_esc("T-1", Severity::S2, t0());
            new.kind = EscalationKind::Faster;
            let said = s.intake_preview(&new, t0()).unwrap();
            assert!(
                said.starts_with("takes Faster Service Ticket Handling unit 1 of 10 for Acme"),
                "{said}"
            );
            s.add_escalation(&new, actor(t0())).unwrap();
            new.ticket_no = "T-2".into();
            let said = s.intake_preview(&new, t0()).unwrap();
            assert!(said.contains("unit 2 of 10"), "{said}");
            new.kind = EscalationKind::General;
            assert!(
                s.intake_preview(&new, t0())
                    .unwrap()
                    .starts_with("uses no quota")
            );
            new.ticket_no = "T-1".into();
            let dup = s.intake_preview(&new, t0()).unwrap_err();
            assert!(matches!(dup, StoreError::DuplicateTicket { .. }), "{dup}");
        });
    }

    #[test]
    fn a_customer_without_a_subscription_is_refused_for_every_kind() {
        each_engine("a_customer_without_a_subscription_is_ref", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            // Acme's subscription starts 2026-11-01; a report before it is not covered.
            let before = t0() - chrono::Duration::days(40);
            for kind in [
                EscalationKind::General,
                EscalationKind::Faster,
                EscalationKind::Expert,
            ] {
                let mut new = new_esc("T-9", Severity::S3, before);
                new.kind = kind;
                let said = s.intake_preview(&new, t0()).unwrap_err().to_string();
                let err = s.add_escalation(&new, actor(t0())).unwrap_err().to_string();
                assert_eq!(said, err);
                assert!(
                    err.contains("no active subscription on 2026-09-23"),
                    "{err}"
                );
            }
            assert!(s.escalation(1).is_err(), "nothing was written");
        });
    }
}
