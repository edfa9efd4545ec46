//! Requirements: submitting, the pipeline's steps with their history, and
//! the pipeline pane's read.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, Row, ToSql, params};
use serde::Serialize;

use super::subscriptions::subscriptions_of;
use super::{Actor, Result, Store, StoreError, day_text, from_ts, parse_day, parse_word, ts};
use crate::domain::requirement::{
    NewRequirement, PipelineError, Requirement, RequirementOp, RequirementState, RolloutPlan,
    Transition, check_eligible, step,
};

const COLUMNS: &str = "r.id, c.name, r.title, r.description, r.state, r.state_since, \
    r.submitted_at, r.rejection_reason, r.accepted, r.rollout_on, r.rollout_note";

fn requirement_from_row(r: &Row<'_>) -> rusqlite::Result<Requirement> {
    let rollout_on: Option<String> = r.get(9)?;
    Ok(Requirement {
        id: r.get(0)?,
        customer: r.get(1)?,
        title: r.get(2)?,
        description: r.get(3)?,
        state: parse_word(r, 4)?,
        state_since: from_ts(r.get(5)?)?,
        submitted_at: from_ts(r.get(6)?)?,
        rejection_reason: r.get(7)?,
        accepted: r.get(8)?,
        rollout: match rollout_on {
            Some(d) => Some(RolloutPlan {
                date: parse_day(&d)?,
                note: r.get::<_, Option<String>>(10)?.unwrap_or_default(),
            }),
            None => None,
        },
    })
}

pub(super) fn fetch(conn: &Connection, id: i64) -> Result<Requirement> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM requirements r JOIN customers c ON c.id = r.customer_id
         WHERE r.id = ?1"
    ))?
    .query_row([id], requirement_from_row)
    .optional()?
    .ok_or(StoreError::NoRequirement(id))
}

pub(super) fn history_of(conn: &Connection, id: i64) -> Result<Vec<Transition>> {
    let mut stmt = conn.prepare_cached(
        "SELECT from_state, to_state, at, engineer, note, rollout_on FROM requirement_events
         WHERE requirement_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        let from: Option<String> = r.get(0)?;
        let rollout_on: Option<String> = r.get(5)?;
        Ok(Transition {
            from: from
                .map(|s| s.parse::<RequirementState>())
                .transpose()
                .map_err(|e| {
                    rusqlite::Error::FromSqlConversionFailure(
                        0,
                        rusqlite::types::Type::Text,
                        Box::new(e),
                    )
                })?,
            to: parse_word(r, 1)?,
            at: from_ts(r.get(2)?)?,
            engineer: r.get(3)?,
            note: r.get(4)?,
            rollout_on: rollout_on.as_deref().map(parse_day).transpose()?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

fn record_event(
    conn: &Connection,
    id: i64,
    actor: Actor<'_>,
    from: Option<RequirementState>,
    to: RequirementState,
    note: Option<&str>,
    rollout: Option<&RolloutPlan>,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO requirement_events
             (requirement_id, at, engineer, action, from_state, to_state, note, rollout_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        id,
        ts(actor.now),
        actor.engineer,
        if rollout.is_some() { "plan" } else { "state" },
        from.map(RequirementState::as_str),
        to.as_str(),
        note,
        rollout.map(|p| day_text(p.date)),
    ])?;
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

/// One card in a pipeline lane.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PipelineCard {
    pub id: i64,
    pub customer: String,
    pub title: String,
    pub state_since: DateTime<Utc>,
    pub stale: bool,
    /// R&D accepted it (kept once the customer is notified): a rollout
    /// plan may be recorded.
    pub accepted: bool,
}

/// One pipeline state: how many wait there, how many too long, and the
/// cards in view (oldest first; newest first in the final lane).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lane {
    pub state: RequirementState,
    pub count: u64,
    pub stale: u64,
    /// Index of the first card in `cards` within the lane.
    pub offset: usize,
    pub cards: Vec<PipelineCard>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Pipeline {
    pub lanes: Vec<Lane>,
    /// The next moment a requirement crosses its lane's threshold and is
    /// flagged, by the clock alone: the pane re-reads then.
    pub next_flag: Option<DateTime<Utc>>,
}

/// What part of each lane the pane shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipelineQuery {
    pub now: DateTime<Utc>,
    /// Cards per lane.
    pub rows: usize,
    /// First card shown, per lane in `RequirementState::ALL` order.
    pub offsets: Vec<usize>,
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
        let tx = self.write_tx()?;
        let subs = subscriptions_of(&tx, customer.id)?;
        check_eligible(&subs, today).map_err(|reason| StoreError::NotEligible {
            customer: customer.name.clone(),
            reason,
        })?;
        tx.execute(
            "INSERT INTO requirements (customer_id, title, description, state, state_since,
                 submitted_at, updated_at)
             VALUES (?1, ?2, ?3, 'submitted', ?4, ?4, ?4)",
            params![
                customer.id,
                new.title.trim(),
                new.description.trim_end(),
                ts(actor.now)
            ],
        )?;
        let id = tx.last_insert_rowid();
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
        fetch(&self.conn, id)
    }

    /// Every step of one requirement, oldest first.
    pub fn requirement_history(&self, id: i64) -> Result<Vec<Transition>> {
        fetch(&self.conn, id)?;
        history_of(&self.conn, id)
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
        let tx = self.write_tx()?;
        let before = fetch(&tx, id)?;
        if let Some(seen) = seen.filter(|s| *s != before.state) {
            return Err(PipelineError::Moved {
                id,
                seen,
                now: before.state,
            }
            .into());
        }
        let s = step(&before, op)?;
        let now = ts(actor.now);
        if let Some(to) = s.to {
            tx.execute(
                "UPDATE requirements SET state = ?2, state_since = ?3, updated_at = ?3,
                     accepted = accepted OR ?4,
                     rejection_reason = COALESCE(?5, rejection_reason)
                 WHERE id = ?1",
                params![
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
                params![id, day_text(plan.date), plan.note, now],
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
             WHERE 1"
        );
        let mut args: Vec<Box<dyn ToSql>> = Vec::new();
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
            args.push(Box::new(limit as i64));
            sql.push_str(&format!(" LIMIT ?{}", args.len()));
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(
            rusqlite::params_from_iter(args.iter()),
            requirement_from_row,
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Counts and the cards in view for every lane, read in one snapshot.
    /// Each lane reads its count from the pipeline index and only the cards
    /// shown, however many requirements the store holds.
    pub fn pipeline(&self, q: &PipelineQuery) -> Result<Pipeline> {
        let snapshot = self.conn.unchecked_transaction()?;
        let stale = &self.rules.requirement_stale;
        let mut lanes = Vec::with_capacity(RequirementState::ALL.len());
        let mut next_flag: Option<DateTime<Utc>> = None;
        for (i, &state) in RequirementState::ALL.iter().enumerate() {
            let count: i64 = snapshot
                .prepare_cached("SELECT COUNT(*) FROM requirements WHERE state = ?1")?
                .query_row([state.as_str()], |r| r.get(0))?;
            // Entered the state at or before this moment: waiting too long.
            let cutoff = stale
                .days(state)
                .map(|d| q.now - chrono::Duration::days(i64::from(d)));
            let stale_count: i64 = match cutoff {
                Some(cutoff) => snapshot
                    .prepare_cached(
                        "SELECT COUNT(*) FROM requirements WHERE state = ?1 AND state_since <= ?2",
                    )?
                    .query_row(params![state.as_str(), ts(cutoff)], |r| r.get(0))?,
                None => 0,
            };
            // The oldest one not flagged yet is the lane's next to flag.
            if let (Some(cutoff), Some(days)) = (cutoff, stale.days(state)) {
                let oldest: Option<i64> = snapshot
                    .prepare_cached(
                        "SELECT MIN(state_since) FROM requirements WHERE state = ?1 AND state_since > ?2",
                    )?
                    .query_row(params![state.as_str(), ts(cutoff)], |r| r.get(0))?;
                if let Some(since) = oldest {
                    let at = from_ts(since)? + chrono::Duration::days(i64::from(days));
                    next_flag = Some(next_flag.map_or(at, |n| n.min(at)));
                }
            }
            let offset = q.offsets.get(i).copied().unwrap_or(0);
            let order = if state.is_open() { "ASC" } else { "DESC" };
            let mut stmt = snapshot.prepare_cached(&format!(
                "SELECT r.id, c.name, r.title, r.state_since, r.accepted FROM requirements r
                 JOIN customers c ON c.id = r.customer_id
                 WHERE r.state = ?1 ORDER BY r.state_since {order}, r.id {order}
                 LIMIT ?2 OFFSET ?3"
            ))?;
            let cards = stmt
                .query_map(params![state.as_str(), q.rows as i64, offset as i64], |r| {
                    let since = from_ts(r.get(3)?)?;
                    Ok(PipelineCard {
                        id: r.get(0)?,
                        customer: r.get(1)?,
                        title: r.get(2)?,
                        state_since: since,
                        stale: cutoff.is_some_and(|c| since <= c),
                        accepted: r.get(4)?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            lanes.push(Lane {
                state,
                count: count as u64,
                stale: stale_count as u64,
                offset,
                cards,
            });
        }
        snapshot.finish()?;
        Ok(Pipeline { lanes, next_flag })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::subscription::NewSubscription;
    use chrono::{Duration, NaiveDate};

    fn subscribed(start: &str) -> Store {
        let mut s = store_with_customer();
        let start: NaiveDate = start.parse().unwrap();
        s.add_subscription(
            "Acme",
            &NewSubscription {
                applied_on: start - chrono::Days::new(7),
                start_on: start,
                months: 12,
            },
            None,
            actor(t0() - Duration::days(400)),
        )
        .unwrap();
        s
    }

    fn new_req(title: &str) -> NewRequirement {
        NewRequirement {
            customer: "Acme".into(),
            title: title.into(),
            description: String::new(),
        }
    }

    #[test]
    fn ineligible_customer_writes_nothing() {
        let mut s = subscribed("2026-09-01");
        let err = s
            .add_requirement(&new_req("dark mode"), actor(t0()))
            .unwrap_err();
        assert!(err.to_string().contains("from 2026-12"), "{err}");
        assert!(
            s.requirements(&RequirementFilter::default())
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn steps_are_recorded_with_who_and_when() {
        let mut s = subscribed("2026-06-01");
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
    }

    #[test]
    fn a_step_judged_on_an_old_state_is_refused_and_writes_nothing() {
        let mut s = subscribed("2026-06-01");
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
    }

    #[test]
    fn the_schema_knows_every_state_word_and_no_other() {
        let s = store_with_customer();
        let insert = |state: &str| {
            s.conn.execute(
                "INSERT INTO requirements (customer_id, title, state, state_since,
                     submitted_at, updated_at) VALUES (1, 't', ?1, 0, 0, 0)",
                [state],
            )
        };
        for state in RequirementState::ALL {
            insert(state.as_str()).unwrap();
        }
        assert!(insert("accepted_by_rnd").is_err());
    }

    #[test]
    fn pipeline_counts_flags_and_windows() {
        let mut s = subscribed("2026-06-01");
        for i in 0..5 {
            s.add_requirement(&new_req(&format!("r{i}")), actor(t0() + Duration::hours(i)))
                .unwrap();
        }
        s.step_requirement(1, &RequirementOp::Advance, actor(t0() + Duration::hours(6)))
            .unwrap();
        let q = PipelineQuery {
            now: t0() + Duration::days(2) + Duration::hours(2),
            rows: 2,
            offsets: vec![1],
        };
        let p = s.pipeline(&q).unwrap();
        let submitted = &p.lanes[0];
        assert_eq!((submitted.count, submitted.stale), (4, 2));
        let ids: Vec<_> = submitted.cards.iter().map(|c| c.id).collect();
        assert_eq!(ids, [3, 4]);
        assert!(submitted.cards[0].stale && !submitted.cards[1].stale);
        assert_eq!(p.lanes[1].count, 1);
        assert_eq!(p.lanes[1].stale, 0);
        assert_eq!(p.lanes.len(), 7);
        // Submitted flags after 2 days: #4 (t0 + 3h) is next; analysing
        // (5 days) flags #1 at t0 + 6h + 5d, later.
        assert_eq!(
            p.next_flag,
            Some(t0() + Duration::hours(3) + Duration::days(2))
        );
        assert!(p.lanes.iter().flat_map(|l| &l.cards).all(|c| !c.accepted));
    }

    #[test]
    fn next_flag_moves_on_and_accepted_cards_say_so() {
        let mut s = subscribed("2026-06-01");
        let r = s.add_requirement(&new_req("r"), actor(t0())).unwrap();
        for _ in 0..4 {
            s.step_requirement(r.id, &RequirementOp::Advance, actor(t0()))
                .unwrap();
        }
        let at = |now| {
            s.pipeline(&PipelineQuery {
                now,
                rows: 5,
                offsets: vec![],
            })
            .unwrap()
        };
        // Accepted flags after 3 days.
        let p = at(t0());
        assert_eq!(p.next_flag, Some(t0() + Duration::days(3)));
        let card = &p.lanes[4].cards[0];
        assert!(card.accepted && !card.stale);
        // Once flagged, nothing else is due to flip.
        let p = at(t0() + Duration::days(3));
        assert!(p.lanes[4].cards[0].stale);
        assert_eq!(p.next_flag, None);
    }
}
