//! Requirements: submitting, the pipeline's steps with their history, and
//! the pipeline pane's read.

use super::engine::{Param, Row, Sql};
use super::subscriptions::subscriptions_of;
use super::{Actor, Result, Store, StoreError, day_text, ts};
use crate::domain::eligibility::check_eligible;
use crate::domain::requirement::{
    NewRequirement, PipelineError, Requirement, RequirementOp, RequirementState, RolloutPlan,
    Transition, step,
};
use crate::sql_args;

const COLUMNS: &str = "r.id, c.name, r.title, r.description, r.state, r.state_since, \
    r.submitted_at, r.rejection_reason, r.accepted, r.rollout_on, r.rollout_note";

fn requirement_at(r: &Row<'_>) -> Result<Requirement> {
    let rollout_on: Option<chrono::NaiveDate> = r.get(9)?;
    Ok(Requirement {
        id: r.get(0)?,
        customer: r.text(1)?,
        title: r.text(2)?,
        description: r.text(3)?,
        state: r.word(4)?,
        state_since: r.get(5)?,
        submitted_at: r.get(6)?,
        rejection_reason: r.text_lossy(7)?,
        accepted: r.get(8)?,
        rollout: match rollout_on {
            Some(date) => Some(RolloutPlan {
                date,
                note: r.text_lossy(10)?.unwrap_or_default(),
            }),
            None => None,
        },
    })
}

/// Requirement `id`, refused if it is no longer in the state `seen` the
/// engineer acted on.
pub(super) fn fetch_seen(
    db: &impl Sql,
    id: i64,
    seen: Option<RequirementState>,
) -> Result<Requirement> {
    let r = fetch(db, id)?;
    match seen.filter(|s| *s != r.state) {
        Some(seen) => Err(PipelineError::Moved {
            id,
            seen,
            now: r.state,
        }
        .into()),
        None => Ok(r),
    }
}

pub(super) fn fetch(db: &impl Sql, id: i64) -> Result<Requirement> {
    db.query_opt(
        &format!(
            "SELECT {COLUMNS} FROM requirements r JOIN customers c ON c.id = r.customer_id
             WHERE r.id = ?1"
        ),
        sql_args![id],
        requirement_at,
    )?
    .ok_or(StoreError::NoRequirement(id))
}

pub(super) fn history_of(db: &impl Sql, id: i64) -> Result<Vec<Transition>> {
    db.query_map(
        "SELECT from_state, to_state, at, engineer, note, rollout_on FROM requirement_events
         WHERE requirement_id = ?1 ORDER BY id",
        sql_args![id],
        |r| {
            let from: Option<String> = r.get(0)?;
            Ok(Transition {
                from: match from {
                    Some(_) => Some(r.word(0)?),
                    None => None,
                },
                to: r.word(1)?,
                at: r.get(2)?,
                engineer: r.text(3)?,
                note: r.text_lossy(4)?,
                rollout_on: r.get(5)?,
            })
        },
    )
}

pub(super) fn record_event(
    db: &impl Sql,
    id: i64,
    actor: Actor<'_>,
    from: Option<RequirementState>,
    to: RequirementState,
    note: Option<&str>,
    rollout: Option<&RolloutPlan>,
) -> Result<()> {
    db.execute(
        "INSERT INTO requirement_events
             (requirement_id, at, engineer, action, from_state, to_state, note, rollout_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        sql_args![
            id,
            ts(actor.now),
            actor.engineer,
            if rollout.is_some() { "plan" } else { "state" },
            from.map(RequirementState::as_str),
            to.as_str(),
            note,
            rollout.map(|p| day_text(p.date)),
        ],
    )?;
    Ok(())
}

/// Which requirements a listing wants.
#[derive(Clone, Debug, Default)]
pub struct RequirementFilter {
    pub customer: Option<String>,
    pub state: Option<RequirementState>,
    pub open_only: bool,
    pub limit: Option<usize>,
}

impl Store {
    /// Records a new requirement, if the customer is eligible today.
    pub fn add_requirement(
        &mut self,
        new: &NewRequirement,
        actor: Actor<'_>,
    ) -> Result<Requirement> {
        new.validate()?;
        let customer = self.customer_by_name(&new.customer)?;
        let today = self.rules.calendar.date(actor.now);
        let tx = self.write()?;
        let subs = subscriptions_of(&tx, customer.id)?;
        check_eligible(&subs, today).map_err(|reason| StoreError::NotEligible {
            customer: customer.name.clone(),
            reason,
        })?;
        let id = tx.insert(
            "INSERT INTO requirements (customer_id, title, description, state, state_since,
                 submitted_at, updated_at)
             VALUES (?1, ?2, ?3, 'submitted', ?4, ?4, ?4) RETURNING id",
            sql_args![
                customer.id,
                new.title.trim(),
                new.description.trim_end(),
                ts(actor.now)
            ],
        )?;
        record_event(
            &tx,
            id,
            actor,
            None,
            RequirementState::Submitted,
            None,
            None,
        )?;
        tx.commit()?;
        self.requirement(id)
    }

    pub fn requirement(&self, id: i64) -> Result<Requirement> {
        fetch(self.db(), id)
    }

    /// Every step of one requirement, oldest first.
    pub fn requirement_history(&self, id: i64) -> Result<Vec<Transition>> {
        fetch(self.db(), id)?;
        history_of(self.db(), id)
    }

    /// Applies one pipeline step: the check, the change and its event
    /// commit together or not at all.
    pub fn step_requirement(
        &mut self,
        id: i64,
        op: &RequirementOp,
        actor: Actor<'_>,
    ) -> Result<Requirement> {
        self.step_requirement_seen(id, None, op, actor)
    }

    /// As `step_requirement`, refused if the requirement is no longer in
    /// the state `seen` the engineer judged the step on (someone else moved
    /// it): "advance" from a state nobody saw could record a decision
    /// nobody made.
    pub fn step_requirement_seen(
        &mut self,
        id: i64,
        seen: Option<RequirementState>,
        op: &RequirementOp,
        actor: Actor<'_>,
    ) -> Result<Requirement> {
        let tx = self.write()?;
        let before = fetch_seen(&tx, id, seen)?;
        if *op == RequirementOp::Notify {
            return Err(StoreError::Invalid(
                "R&D's decision is told by a notice: queue it with `requirement notify`".into(),
            ));
        }
        let s = step(&before, op)?;
        let now = ts(actor.now);
        if let Some(to) = s.to {
            // Once accepted it stays so: `accepted OR ?4` in CASE form, as
            // PostgreSQL's `OR` takes no integers.
            tx.execute(
                "UPDATE requirements SET state = ?2, state_since = ?3, updated_at = ?3,
                     accepted = CASE WHEN ?4 = 1 THEN 1 ELSE accepted END,
                     rejection_reason = COALESCE(?5, rejection_reason)
                 WHERE id = ?1",
                sql_args![
                    id,
                    to.as_str(),
                    now,
                    to == RequirementState::Accepted,
                    s.rejection_reason
                ],
            )?;
            record_event(
                &tx,
                id,
                actor,
                Some(before.state),
                to,
                s.rejection_reason.as_deref(),
                None,
            )?;
        }
        if let Some(plan) = &s.rollout {
            tx.execute(
                "UPDATE requirements SET rollout_on = ?2, rollout_note = ?3, updated_at = ?4
                 WHERE id = ?1",
                sql_args![id, day_text(plan.date), plan.note, now],
            )?;
            record_event(
                &tx,
                id,
                actor,
                Some(before.state),
                before.state,
                Some(&plan.note),
                Some(plan),
            )?;
        }
        tx.commit()?;
        self.requirement(id)
    }

    /// Requirements by id, filtered.
    pub fn requirements(&self, filter: &RequirementFilter) -> Result<Vec<Requirement>> {
        let mut sql = format!(
            "SELECT {COLUMNS} FROM requirements r JOIN customers c ON c.id = r.customer_id
             WHERE TRUE"
        );
        let mut args: Vec<Box<dyn Param>> = Vec::new();
        if let Some(name) = &filter.customer {
            args.push(Box::new(self.customer_by_name(name)?.id));
            sql.push_str(&format!(" AND r.customer_id = ?{}", args.len()));
        }
        if let Some(state) = filter.state {
            args.push(Box::new(state.as_str()));
            sql.push_str(&format!(" AND r.state = ?{}", args.len()));
        }
        if filter.open_only {
            sql.push_str(" AND r.state <> 'customer_notified'");
        }
        sql.push_str(" ORDER BY r.id");
        if let Some(limit) = filter.limit {
            args.push(Box::new(i64::try_from(limit).unwrap_or(i64::MAX)));
            sql.push_str(&format!(" LIMIT ?{}", args.len()));
        }
        let args: Vec<&dyn Param> = args.iter().map(AsRef::as_ref).collect();
        self.db().query_map(&sql, &args, requirement_at)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    use chrono::Duration;

    #[test]
    fn ineligible_customer_writes_nothing() {
        each_engine("requirements_ineligible", |s| {
            let mut s = subscribed_on(s, "2026-09-01");
            let err = s
                .add_requirement(&new_req("dark mode"), actor(t0()))
                .unwrap_err();
            assert!(err.to_string().contains("from 2026-12"), "{err}");
            assert!(
                s.requirements(&RequirementFilter::default())
                    .unwrap()
                    .is_empty()
            );
        });
    }

    #[test]
    fn steps_are_recorded_with_who_and_when() {
        each_engine("requirements_steps", |s| {
            let mut s = subscribed_on(s, "2026-06-01");
            let r = s
                .add_requirement(&new_req("dark mode"), actor(t0()))
                .unwrap();
            assert_eq!(r.state, RequirementState::Submitted);
            let mut t = t0();
            for _ in 0..4 {
                t += Duration::hours(1);
                s.step_requirement(r.id, &RequirementOp::Advance, actor(t))
                    .unwrap();
            }
            let plan = RolloutPlan {
                date: "2027-03-01".parse().unwrap(),
                note: "March release".into(),
            };
            let r2 = s
                .step_requirement(r.id, &RequirementOp::Plan(plan.clone()), actor(t))
                .unwrap();
            assert_eq!(r2.state, RequirementState::Accepted);
            assert!(r2.accepted);
            assert_eq!(r2.rollout, Some(plan));
            assert_eq!(r2.state_since, t);
            let h = s.requirement_history(r.id).unwrap();
            assert_eq!(h.len(), 6);
            assert_eq!(h[0].from, None);
            assert_eq!(h[4].to, RequirementState::Accepted);
            assert!(h[5].rollout_on.is_some());
            // A refused step changes nothing.
            let err = s
                .step_requirement(
                    r.id,
                    &RequirementOp::Reject {
                        reason: "no".into(),
                    },
                    actor(t),
                )
                .unwrap_err();
            assert!(err.to_string().contains("cannot reject"), "{err}");
            assert_eq!(s.requirement_history(r.id).unwrap().len(), 6);
            assert!(matches!(
                s.requirement(999),
                Err(StoreError::NoRequirement(999))
            ));
        });
    }

    #[test]
    fn a_rejection_keeps_its_reason_and_a_listing_filters_by_customer_state_and_limit() {
        each_engine("requirements_listing", |s| {
            let mut s = subscribed_on(s, "2026-06-01");
            for title in ["sso", "audit export", "dark mode"] {
                s.add_requirement(&new_req(title), actor(t0())).unwrap();
            }
            for _ in 0..3 {
                s.step_requirement(2, &RequirementOp::Advance, actor(t0()))
                    .unwrap();
            }
            let reason = RequirementOp::Reject {
                reason: "not on the roadmap".into(),
            };
            let r = s.step_requirement(2, &reason, actor(t0())).unwrap();
            assert_eq!(r.state, RequirementState::Rejected);
            assert_eq!(r.rejection_reason.as_deref(), Some("not on the roadmap"));
            assert!(!r.accepted);
            let ids = |f: RequirementFilter| -> Vec<i64> {
                s.requirements(&f).unwrap().iter().map(|r| r.id).collect()
            };
            assert_eq!(
                ids(RequirementFilter {
                    customer: Some("ACME".into()),
                    ..Default::default()
                }),
                [1, 2, 3]
            );
            assert_eq!(
                ids(RequirementFilter {
                    state: Some(RequirementState::Submitted),
                    limit: Some(1),
                    ..Default::default()
                }),
                [1]
            );
            assert!(matches!(
                s.requirements(&RequirementFilter {
                    customer: Some("nobody".into()),
                    ..Default::default()
                }),
                Err(StoreError::NoCustomer(_))
            ));
        });
    }

    #[test]
    fn a_step_judged_on_an_old_state_is_refused_and_writes_nothing() {
        each_engine("requirements_seen", |s| {
            let mut s = subscribed_on(s, "2026-06-01");
            let r = s.add_requirement(&new_req("sso"), actor(t0())).unwrap();
            for _ in 0..3 {
                s.step_requirement(r.id, &RequirementOp::Advance, actor(t0()))
                    .unwrap();
            }
            // The engineer saw it Confirmed; it is Reported to R&D now, where
            // "advance" would record R&D's acceptance.
            let err = s
                .step_requirement_seen(
                    r.id,
                    Some(RequirementState::Confirmed),
                    &RequirementOp::Advance,
                    actor(t0()),
                )
                .unwrap_err();
            assert!(err.to_string().contains("someone moved it"), "{err}");
            assert_eq!(
                s.requirement(r.id).unwrap().state,
                RequirementState::ReportedToRnd
            );
            assert_eq!(s.requirement_history(r.id).unwrap().len(), 4);
        });
    }

    #[test]
    fn the_schema_knows_every_state_word_and_no_other() {
        each_engine("requirements_schema_states", |s| {
            let s = subscribed_on(s, "2026-11-01");
            let insert = |state: &str| {
                s.db().execute(
                    "INSERT INTO requirements (customer_id, title, state, state_since,
                         submitted_at, updated_at) VALUES (1, 't', ?1, 0, 0, 0)",
                    sql_args![state],
                )
            };
            for state in RequirementState::ALL {
                insert(state.as_str()).unwrap();
            }
            assert!(insert("accepted_by_rnd").is_err());
        });
    }
}
