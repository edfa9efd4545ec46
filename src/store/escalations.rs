//! Escalations: adding, reading, listing and triage.

use super::engine::{self, Param, Sql};
use super::{Actor, Result, Store, StoreError, audit, notes, quota, ts};
use crate::domain::escalation::Pause;
use crate::domain::note::NoteKind;
use crate::domain::quota::QuotaKind;
use crate::domain::{
    Escalation, EscalationState, OutOfScopeReason, Severity, TriageOp, Triaged, triage,
};
use crate::sql_args;

pub(super) const COLUMNS: &str = "e.id, e.customer_id, c.name, e.ticket_no, e.title, \
    e.description, e.kind, e.severity, e.state, e.out_of_scope_reason, e.assignee, e.resolution, \
    e.reported_at, e.deadline, e.responded_at, e.response_met, e.ended_at, e.updated_at, \
    e.paused_at, e.pause_reason, e.paused_secs, e.resolve_by, e.resolve_paused_secs, \
    e.last_update_at, e.resumed_at, e.snoozed_until, e.paused_business_secs, \
    e.resolve_paused_business_secs";

/// An escalation from [`COLUMNS`], on either engine.
pub(super) fn escalation_at(r: &engine::Row<'_>) -> Result<Escalation> {
    let reason: Option<String> = r.text_lossy(9)?;
    let severity: i64 = r.get(7)?;
    let pause = match (r.get(18)?, r.text_lossy(19)?) {
        (Some(since), Some(reason)) => Some(Pause { since, reason }),
        _ => None,
    };
    Ok(Escalation {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        customer: r.text(2)?,
        ticket_no: r.text(3)?,
        title: r.text(4)?,
        description: r.text(5)?,
        kind: r.word(6)?,
        severity: Severity::from_number(severity)
            .ok_or_else(|| StoreError::Corrupt(format!("column 7: severity {severity}")))?,
        state: r.word(8)?,
        out_of_scope_reason: reason
            .map(|s| s.parse::<OutOfScopeReason>())
            .transpose()
            .map_err(|e| StoreError::Corrupt(format!("column 9: {e}")))?,
        assignee: r.text_lossy(10)?,
        resolution: r.text_lossy(11)?,
        reported_at: r.get(12)?,
        deadline: r.get(13)?,
        responded_at: r.get(14)?,
        response_met: r.get(15)?,
        ended_at: r.get(16)?,
        updated_at: r.get(17)?,
        pause,
        paused_secs: r.get(20)?,
        resolve_by: r.get(21)?,
        resolve_paused_secs: r.get(22)?,
        last_update_at: r.get(23)?,
        resumed_at: r.get(24)?,
        snoozed_until: r.get(25)?,
        paused_business_secs: r.get(26)?,
        resolve_paused_business_secs: r.get(27)?,
    })
}

/// One escalation by id, on a connection or inside a transaction.
pub(super) fn fetch(conn: &impl Sql, id: i64) -> Result<Escalation> {
    conn.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM escalations e JOIN customers c ON c.id = e.customer_id
             WHERE e.id = ?1"
        ),
        sql_args![id],
        escalation_at,
    )?
    .ok_or(StoreError::NoEscalation(id))
}

/// Which escalations a listing wants. Listings stream, so memory stays flat
/// however many rows match.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub open_only: bool,
    pub customer: Option<String>,
    pub state: Option<EscalationState>,
    pub limit: Option<usize>,
}

impl Store {
    pub fn escalation(&self, id: i64) -> Result<Escalation> {
        fetch(self.db(), id)
    }

    /// Calls `each` for every escalation the filter matches: open ones in
    /// board order, all others by id.
    pub fn for_each_escalation(
        &self,
        filter: &ListFilter,
        mut each: impl FnMut(Escalation) -> std::io::Result<()>,
    ) -> Result<()> {
        let mut sql = format!(
            "SELECT {COLUMNS} FROM escalations e JOIN customers c ON c.id = e.customer_id \
             WHERE 1 = 1"
        );
        let mut args: Vec<Box<dyn Param>> = Vec::new();
        if filter.open_only {
            sql.push_str(" AND e.open_rank IS NOT NULL");
        }
        if let Some(name) = &filter.customer {
            let customer = self.customer_by_name(name)?;
            args.push(Box::new(customer.id));
            sql.push_str(&format!(" AND e.customer_id = ?{}", args.len()));
        }
        if let Some(state) = filter.state {
            args.push(Box::new(state.as_str().to_string()));
            sql.push_str(&format!(" AND e.state = ?{}", args.len()));
        }
        sql.push_str(if filter.open_only {
            " ORDER BY e.open_rank, e.deadline, e.id"
        } else {
            " ORDER BY e.id"
        });
        if let Some(limit) = filter.limit {
            args.push(Box::new(i64::try_from(limit).unwrap_or(i64::MAX)));
            sql.push_str(&format!(" LIMIT ?{}", args.len()));
        }
        let args: Vec<&dyn Param> = args.iter().map(|a| a.as_ref()).collect();
        self.db()
            .each(&sql, &args, |r| Ok(each(escalation_at(r)?)?))
    }

    /// Applies one triage step atomically: the rule check, the update and
    /// its audit line commit together or not at all.
    pub fn triage(&mut self, id: i64, op: &TriageOp, actor: Actor<'_>) -> Result<Triaged> {
        let rules = &self.rules;
        let tx = self.write()?;
        let before = fetch(&tx, id)?;
        let done = triage(&before, op, actor.engineer, actor.now, &rules.sla)?;
        let a = &done.after;
        tx.execute(
            "UPDATE escalations SET severity = ?2, state = ?3, out_of_scope_reason = ?4,
                 assignee = ?5, resolution = ?6, deadline = ?7, responded_at = ?8,
                 response_met = ?9, ended_at = ?10, updated_at = ?11, open_rank = ?12, kind = ?13,
                 paused_at = ?14, pause_reason = ?15, paused_secs = ?16, resolve_by = ?17,
                 resolve_paused_secs = ?18, resumed_at = ?19, snoozed_until = ?20,
                 paused_business_secs = ?21, resolve_paused_business_secs = ?22
             WHERE id = ?1",
            sql_args![
                id,
                a.severity.number(),
                a.state.as_str(),
                a.out_of_scope_reason.map(|r| r.as_str()),
                a.assignee,
                a.resolution,
                ts(a.deadline),
                a.responded_at.map(ts),
                a.response_met,
                a.ended_at.map(ts),
                ts(a.updated_at),
                a.board_rank(),
                a.kind.as_str(),
                a.pause.as_ref().map(|p| ts(p.since)),
                a.pause.as_ref().map(|p| p.reason.as_str()),
                a.paused_secs,
                a.resolve_by.map(ts),
                a.resolve_paused_secs,
                a.resumed_at.map(ts),
                a.snoozed_until.map(ts),
                a.paused_business_secs,
                a.resolve_paused_business_secs,
            ],
        )?;
        audit::record(&tx, actor, "escalation", id, op.verb(), &done.summary)?;
        // A deadline that moved has marks of its own to ring: the ones rung
        // for the old deadline no longer speak for them.
        if a.deadline != before.deadline {
            tx.execute(
                "DELETE FROM alarms_rung WHERE escalation_id = ?1 AND mark <> 'arrived'",
                sql_args![id],
            )?;
        }
        // A hand-off to someone else is kept for them to read, note or not.
        if let TriageOp::Assign { to, note } = op
            && to.trim() != actor.engineer
        {
            let text = note.as_deref().map(str::trim).unwrap_or_default();
            notes::insert(
                &tx,
                id,
                NoteKind::Handoff,
                false,
                Some(to.trim()),
                text,
                actor,
            )?;
        }
        // Quota follows the escalation in the same transaction: a refusal
        // undoes the step, a withdrawal in time gives the unit back.
        let mut summary = done.summary.clone();
        match op {
            TriageOp::EscalateToExperts => {
                let used =
                    quota::use_unit(&tx, rules, &before, QuotaKind::Expert, actor.now, actor)?;
                summary.push_str("; ");
                summary.push_str(&used.note);
            }
            TriageOp::Withdraw { .. } => {
                if let Some(note) = quota::give_back(&tx, rules, id, actor)? {
                    summary.push_str(&note);
                }
            }
            _ => {}
        }
        let done = Triaged {
            after: done.after,
            summary,
        };
        tx.commit()?;
        Ok(done)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use chrono::Duration;

    #[test]
    fn add_stores_the_deadline_and_audits() {
        each_engine("add_stores_the_deadline_and_audits", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            let e = s
                .add_escalation(&new_esc("T-1", Severity::S1, t0()), actor(t0()))
                .unwrap();
            assert_eq!(e.deadline, t0() + Duration::minutes(15));
            assert_eq!(e.state, EscalationState::New);
            assert_eq!(e.customer, "Acme");
            let h = s.escalation_history(e.id).unwrap();
            assert_eq!(h.len(), 1);
            assert_eq!(h[0].action, "reported");
            assert_eq!(h[0].engineer, "alice");
        });
    }

    #[test]
    fn duplicate_ticket_and_unknown_customer_write_nothing() {
        each_engine("duplicate_ticket_and_unknown_customer_wr", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            s.add_escalation(&new_esc("T-1", Severity::S3, t0()), actor(t0()))
                .unwrap();
            let err = s
                .add_escalation(&new_esc("T-1", Severity::S3, t0()), actor(t0()))
                .unwrap_err();
            assert_eq!(
                err.to_string(),
                "customer 'Acme' already has escalation #1 for ticket T-1"
            );
            let mut other = new_esc("T-2", Severity::S3, t0());
            other.customer = "Nobody".into();
            assert!(matches!(
                s.add_escalation(&other, actor(t0())),
                Err(StoreError::NoCustomer(_))
            ));
            let mut n = 0;
            s.for_each_escalation(&ListFilter::default(), |_| {
                n += 1;
                Ok(())
            })
            .unwrap();
            assert_eq!(n, 1);
        });
    }

    #[test]
    fn triage_updates_and_audits_refusal_changes_nothing() {
        each_engine("triage_updates_and_audits_refusal_change", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            let e = s
                .add_escalation(&new_esc("T-1", Severity::S2, t0()), actor(t0()))
                .unwrap();
            let later = t0() + Duration::minutes(40);
            let err = s
                .triage(e.id, &TriageOp::Resolve { resolution: None }, actor(later))
                .unwrap_err();
            assert!(matches!(err, StoreError::Triage(_)));
            assert_eq!(s.escalation(e.id).unwrap(), e);
            assert_eq!(s.escalation_history(e.id).unwrap().len(), 1);

            s.triage(e.id, &TriageOp::Acknowledge, actor(later))
                .unwrap();
            let after = s.escalation(e.id).unwrap();
            assert_eq!(after.state, EscalationState::Acknowledged);
            assert_eq!(after.responded_at, Some(later));
            assert_eq!(after.response_met, Some(false));
            let h = s.escalation_history(e.id).unwrap();
            assert_eq!(h.last().unwrap().action, "acknowledge");
            assert!(h.last().unwrap().detail.contains("outside the S2 SLA"));
        });
    }

    #[test]
    fn regrade_persists_new_deadline() {
        each_engine("regrade_persists_new_deadline", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            let e = s
                .add_escalation(&new_esc("T-1", Severity::S5, t0()), actor(t0()))
                .unwrap();
            s.triage(e.id, &TriageOp::SetSeverity(Severity::S1), actor(t0()))
                .unwrap();
            let after = s.escalation(e.id).unwrap();
            assert_eq!(after.severity, Severity::S1);
            assert_eq!(after.deadline, t0() + Duration::minutes(15));
        });
    }

    #[test]
    fn listing_filters_and_orders() {
        each_engine("listing_filters_and_orders", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            for (no, sev) in [
                ("A", Severity::S5),
                ("B", Severity::S1),
                ("C", Severity::S3),
            ] {
                s.add_escalation(&new_esc(no, sev, t0()), actor(t0()))
                    .unwrap();
            }
            s.triage(1, &TriageOp::Withdraw { reason: None }, actor(t0()))
                .unwrap();
            let mut open = Vec::new();
            s.for_each_escalation(
                &ListFilter {
                    open_only: true,
                    ..Default::default()
                },
                |e| {
                    open.push(e.ticket_no);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(open, ["B", "C"]);
            let mut withdrawn = Vec::new();
            s.for_each_escalation(
                &ListFilter {
                    state: Some(EscalationState::Withdrawn),
                    customer: Some("acme".into()),
                    ..Default::default()
                },
                |e| {
                    withdrawn.push(e.ticket_no);
                    Ok(())
                },
            )
            .unwrap();
            assert_eq!(withdrawn, ["A"]);
        });
    }
}
