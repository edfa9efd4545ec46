//! Each affected customer's impact of a platform change, its confirmation
//! at follow-up, and the change impact report read from them.

use chrono::{DateTime, Utc};

use super::changes::change_in;
use super::customers::customer_id;
use super::engine::Sql;
use super::impact_rows::{impacts_of, write_impact};
use super::record_events::{event, unlist};
use super::{Actor, Result, Store, StoreError, ts};
use crate::domain::change::{Change, ChangeState, Impact};
use crate::domain::change_impact::{
    ChangeReport, CustomerImpact, IncidentDuring, check_confirmation, holding_text,
};
use crate::domain::inventory::{Holding, affected};
use crate::domain::notice::SubjectKind;
use crate::domain::record::reference;
use crate::sql_args;

impl Store {
    /// Records `customer`'s impact of change `id`: on `holdings`, or on
    /// those of its holdings the change touches when none are named.
    /// Refused once the change is followed up, or when it touches nothing
    /// the customer holds and none are named.
    pub fn set_customer_impact(
        &mut self,
        id: i64,
        customer: &str,
        holdings: &[Holding],
        impact: Impact,
        actor: Actor<'_>,
    ) -> Result<CustomerImpact> {
        let tx = self.write()?;
        let c = change_in(&tx, id)?;
        if c.state == ChangeState::FollowedUp {
            return Err(StoreError::Invalid(format!(
                "change #{id} is followed up: its impact report is final"
            )));
        }
        let (customer_id, name) = customer_id(&tx, customer)?;
        let holdings = if holdings.is_empty() {
            let all = super::inventory::holdings_of(&tx, customer_id)?;
            let touched: Vec<Holding> = affected(&all, &c.services, &c.regions)
                .into_iter()
                .cloned()
                .collect();
            if touched.is_empty() {
                return Err(StoreError::Invalid(format!(
                    "{name} holds none of change #{id}'s services in its regions; name what it \
                     touches with --holding SERVICE@REGION"
                )));
            }
            touched
        } else {
            holdings.to_vec()
        };
        write_impact(&tx, id, customer_id, &holdings, impact, actor)?;
        let list: Vec<String> = holdings.iter().map(holding_text).collect();
        event(
            &tx,
            SubjectKind::Change,
            id,
            actor,
            "impact",
            &format!("{name}: {} on {}", impact.describe(), list.join(", ")),
        )?;
        let found = impacts_of(&tx, id)?
            .into_iter()
            .find(|i| i.customer == name)
            .ok_or_else(|| StoreError::Corrupt("the impact just written is gone".into()))?;
        tx.commit()?;
        Ok(found)
    }

    /// Records that `customer` confirmed change `id` went as reported,
    /// once it is completed.
    pub fn confirm_change(
        &mut self,
        id: i64,
        customer: &str,
        by: &str,
        note: &str,
        actor: Actor<'_>,
    ) -> Result<CustomerImpact> {
        check_confirmation(by, note).map_err(StoreError::Invalid)?;
        let tx = self.write()?;
        let c = change_in(&tx, id)?;
        if c.state != ChangeState::Completed {
            return Err(StoreError::Invalid(format!(
                "change #{id} is {}: customers confirm it at follow-up, once it is completed",
                c.state
            )));
        }
        let (customer_id, name) = customer_id(&tx, customer)?;
        let n = tx.execute(
            "UPDATE change_impacts SET confirmed_by = ?3, confirmed_at = ?4, confirmation = ?5
             WHERE change_id = ?1 AND customer_id = ?2",
            sql_args![id, customer_id, by.trim(), ts(actor.now), note.trim()],
        )?;
        if n == 0 {
            return Err(StoreError::Invalid(format!(
                "{name} is not among change #{id}'s affected customers; evaluate its impact \
                 first (`sredesk change impact {id} --customer ...`)"
            )));
        }
        event(
            &tx,
            SubjectKind::Change,
            id,
            actor,
            "confirm",
            &format!("{name}: confirmed by {}", by.trim()),
        )?;
        let found = impacts_of(&tx, id)?
            .into_iter()
            .find(|i| i.customer == name)
            .ok_or_else(|| StoreError::Corrupt("the confirmation just written is gone".into()))?;
        tx.commit()?;
        Ok(found)
    }

    pub fn customer_impacts(&self, id: i64) -> Result<Vec<CustomerImpact>> {
        let snapshot = self.db().read()?;
        change_in(&snapshot, id)?;
        let impacts = impacts_of(&snapshot, id)?;
        snapshot.commit()?;
        Ok(impacts)
    }

    /// The change impact report of change `id`, read as of one moment.
    pub fn change_report(&self, id: i64) -> Result<ChangeReport> {
        let snapshot = self.db().read()?;
        let change = change_in(&snapshot, id)?;
        let events = super::record_events::history_of(&snapshot, SubjectKind::Change, id)?;
        let planned = events.iter().find(|e| e.action == "plan");
        let forced = events
            .iter()
            .filter(|e| e.action == "force")
            .map(|e| e.detail.clone())
            .collect();
        let (start, end) = ChangeReport::span(&change);
        let incidents = incidents_during(&snapshot, &change, start, end)?;
        let customers = impacts_of(&snapshot, id)?;
        snapshot.commit()?;
        Ok(ChangeReport {
            reference: reference(SubjectKind::Change, id),
            planned_at: planned.map_or(change.state_since, |e| e.at),
            planned_by: planned.map(|e| e.engineer.clone()).unwrap_or_default(),
            forced,
            incidents,
            customers,
            change,
        })
    }
}

/// Incidents opened while the change was under way, oldest first.
fn incidents_during(
    db: &impl Sql,
    c: &Change,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<IncidentDuring>> {
    db.query_map(
        "SELECT id, title, level, state, opened_at, services, regions FROM incidents
         WHERE opened_at BETWEEN ?1 AND ?2 ORDER BY opened_at, id",
        sql_args![ts(start), ts(end)],
        |r| {
            let services = unlist(r.text(5)?);
            let regions = unlist(r.text(6)?);
            let overlaps = |a: &[String], b: &[String]| {
                a.is_empty() || b.is_empty() || a.iter().any(|x| b.contains(x))
            };
            let id: i64 = r.get(0)?;
            Ok(IncidentDuring {
                id,
                reference: reference(SubjectKind::Incident, id),
                title: r.text(1)?,
                level: r.get(2)?,
                state: r.text(3)?,
                opened_at: r.get(4)?,
                related: overlaps(&services, &c.services) && overlaps(&regions, &c.regions),
            })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::change::{ChangeEdit, ChangeKind, NewChange};
    use chrono::Duration;

    fn rds() -> Holding {
        Holding {
            service: "RDS".into(),
            region: "cn-east-3".into(),
        }
    }

    #[test]
    fn impacts_are_filled_set_confirmed_and_reported() {
        each_engine("change_impacts_reported", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            s.add_holdings("Acme", &[rds()], actor(t0())).unwrap();
            let start = t0() + Duration::days(2);
            let new = NewChange {
                title: "RDS upgrade".into(),
                kind: ChangeKind::Upgrade,
                window_start: start,
                window_end: start + Duration::hours(2),
                services: vec!["RDS".into()],
                regions: vec!["cn-east-3".into()],
                impact: Some(Impact {
                    availability: true,
                    within_sla: true,
                    ..Impact::default()
                }),
                guidance: "reconnect".into(),
            };
            let c = s.add_change(&new, actor(t0())).unwrap();
            let c = s
                .advance_change(c.id, &ChangeEdit::default(), None, actor(t0()))
                .unwrap();
            assert_eq!(c.state, ChangeState::ImpactEvaluated);
            // Filled from the inventory when the impact was evaluated.
            let filled = s.customer_impacts(c.id).unwrap();
            assert_eq!(filled.len(), 1);
            assert!(filled[0].impact.availability && filled[0].confirmation.is_none());
            let own = Impact {
                performance: true,
                ..Impact::default()
            };
            let set = s
                .set_customer_impact(c.id, "acme", &[], own, actor(t0()))
                .unwrap();
            assert_eq!((set.customer.as_str(), set.impact), ("Acme", own));
            let e = s
                .confirm_change(c.id, "Acme", "Chen Jie", "", actor(t0()))
                .unwrap_err();
            assert!(e.to_string().contains("once it is completed"), "{e}");
            let r = s.change_report(c.id).unwrap();
            assert_eq!(r.customers, s.customer_impacts(c.id).unwrap());
            assert_eq!(r.planned_by, "alice");
            assert!(r.incidents.is_empty());
            assert!(matches!(s.change_report(99), Err(StoreError::NoChange(99))));
        });
    }
}
