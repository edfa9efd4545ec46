//! Platform changes: planned, edited and stepped through their
//! lifecycle, each change in the record's history. The rules are the
//! domain's.

use super::engine::{Row, Sql};
use super::record_events::{check_notified, check_seen, event, list, unlist};
use super::{Actor, Result, Store, StoreError, limit_of, ts};
use crate::domain::change::{Change, ChangeEdit, ChangeState, Impact, NewChange, apply_edit};
use crate::domain::change_impact::unconfirmed;
use crate::domain::change_window::check_window_step;
use crate::domain::notice::SubjectKind;
use crate::sql_args;

const CHANGE_COLUMNS: &str = "id, title, kind, window_start, window_end, services, regions,
    impact_availability, impact_performance, impact_data_access, impact_within_sla,
    guidance, state, state_since, follow_up, started_at, completed_at";

fn change_row(r: &Row<'_>) -> Result<Change> {
    let impact = match r.get::<Option<bool>>(7)? {
        Some(availability) => Some(Impact {
            availability,
            performance: r.get(8)?,
            data_access: r.get(9)?,
            within_sla: r.get(10)?,
        }),
        None => None,
    };
    Ok(Change {
        id: r.get(0)?,
        title: r.text(1)?,
        kind: r.word(2)?,
        window_start: r.get(3)?,
        window_end: r.get(4)?,
        services: unlist(r.text(5)?),
        regions: unlist(r.text(6)?),
        impact,
        guidance: r.text(11)?,
        state: r.word(12)?,
        state_since: r.get(13)?,
        follow_up: r.text_lossy(14)?,
        started_at: r.get(15)?,
        completed_at: r.get(16)?,
    })
}

pub(super) fn change_in(db: &impl Sql, id: i64) -> Result<Change> {
    db.query_opt(
        &format!("SELECT {CHANGE_COLUMNS} FROM changes WHERE id = ?1"),
        sql_args![id],
        change_row,
    )?
    .ok_or(StoreError::NoChange(id))
}

fn save_change(db: &impl Sql, c: &Change) -> Result<()> {
    let i = c.impact;
    db.execute(
        "UPDATE changes SET title = ?2, window_start = ?3, window_end = ?4, services = ?5,
             regions = ?6, impact_availability = ?7, impact_performance = ?8,
             impact_data_access = ?9, impact_within_sla = ?10, guidance = ?11, state = ?12,
             state_since = ?13, follow_up = ?14, started_at = ?15, completed_at = ?16
         WHERE id = ?1",
        sql_args![
            c.id,
            c.title,
            ts(c.window_start),
            ts(c.window_end),
            list(&c.services),
            list(&c.regions),
            i.map(|i| i.availability),
            i.map(|i| i.performance),
            i.map(|i| i.data_access),
            i.map(|i| i.within_sla),
            c.guidance,
            c.state.as_str(),
            ts(c.state_since),
            c.follow_up,
            c.started_at.map(ts),
            c.completed_at.map(ts)
        ],
    )?;
    Ok(())
}

pub(super) fn step_change(
    db: &impl Sql,
    c: &mut Change,
    to: ChangeState,
    actor: Actor<'_>,
) -> Result<()> {
    let from = c.state;
    c.state = to;
    c.state_since = actor.now;
    match to {
        ChangeState::InProgress => c.started_at = Some(actor.now),
        ChangeState::Completed => c.completed_at = Some(actor.now),
        _ => {}
    }
    save_change(db, c)?;
    event(
        db,
        SubjectKind::Change,
        c.id,
        actor,
        "advance",
        &format!("{from} -> {to}"),
    )?;
    Ok(())
}

impl Store {
    pub fn add_change(&mut self, new: &NewChange, actor: Actor<'_>) -> Result<Change> {
        new.check().map_err(StoreError::Invalid)?;
        let i = new.impact;
        let tx = self.write()?;
        let id = tx.insert(
            "INSERT INTO changes (title, kind, window_start, window_end, services, regions,
                 impact_availability, impact_performance, impact_data_access, impact_within_sla,
                 guidance, state, state_since, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'planned', ?12, ?12, ?13)
             RETURNING id",
            sql_args![
                new.title.trim(),
                new.kind.as_str(),
                ts(new.window_start),
                ts(new.window_end),
                list(&new.services),
                list(&new.regions),
                i.map(|i| i.availability),
                i.map(|i| i.performance),
                i.map(|i| i.data_access),
                i.map(|i| i.within_sla),
                new.guidance.trim(),
                ts(actor.now),
                actor.engineer
            ],
        )?;
        event(
            &tx,
            SubjectKind::Change,
            id,
            actor,
            "plan",
            &format!("{}: {}", new.kind.label(), new.title.trim()),
        )?;
        let c = change_in(&tx, id)?;
        tx.commit()?;
        Ok(c)
    }

    pub fn edit_change(&mut self, id: i64, e: &ChangeEdit, actor: Actor<'_>) -> Result<Change> {
        if e.force.is_some() {
            return Err(StoreError::Invalid(
                "--force is for a step taken before the window (`change advance`)".into(),
            ));
        }
        let tx = self.write()?;
        let mut c = change_in(&tx, id)?;
        let changed = apply_edit(&mut c, e).map_err(StoreError::Invalid)?;
        if !changed.is_empty() {
            save_change(&tx, &c)?;
            event(
                &tx,
                SubjectKind::Change,
                id,
                actor,
                "edit",
                &changed.join("; "),
            )?;
        }
        tx.commit()?;
        Ok(c)
    }

    pub fn advance_change(
        &mut self,
        id: i64,
        e: &ChangeEdit,
        seen: Option<ChangeState>,
        actor: Actor<'_>,
    ) -> Result<Change> {
        let tz = self.rules.calendar.tz;
        let tx = self.write()?;
        let mut c = change_in(&tx, id)?;
        check_seen("change", id, seen, c.state)?;
        let changed = apply_edit(&mut c, e).map_err(StoreError::Invalid)?;
        let to = crate::domain::change::check_advance(&c)?;
        let forced = check_window_step(&c, to, actor.now, e.force.as_deref(), tz)
            .map_err(StoreError::Invalid)?;
        match to {
            ChangeState::Notified => check_notified(&tx, SubjectKind::Change, id)?,
            ChangeState::FollowedUp => {
                let impacts = super::impact_rows::impacts_of(&tx, id)?;
                let missing = unconfirmed(&impacts);
                if !missing.is_empty() {
                    return Err(StoreError::Invalid(format!(
                        "change #{id} is followed up once each affected customer has confirmed; \
                         waiting for {} (`sredesk change confirm {id} --customer ... --by ...`)",
                        missing.join(", ")
                    )));
                }
            }
            _ => {}
        }
        if !changed.is_empty() {
            event(
                &tx,
                SubjectKind::Change,
                id,
                actor,
                "edit",
                &changed.join("; "),
            )?;
        }
        if let Some(reason) = &forced {
            event(
                &tx,
                SubjectKind::Change,
                id,
                actor,
                "force",
                &format!("{to} before the window: {reason}"),
            )?;
        }
        step_change(&tx, &mut c, to, actor)?;
        if to == ChangeState::ImpactEvaluated {
            super::impact_rows::fill_impacts(&tx, &c, actor)?;
        }
        tx.commit()?;
        Ok(c)
    }

    pub fn change(&self, id: i64) -> Result<Change> {
        change_in(self.db(), id)
    }

    /// By window start, latest first; those not followed up only unless `all`.
    pub fn changes(&self, all: bool, limit: usize) -> Result<Vec<Change>> {
        self.db().query_map(
            &format!(
                "SELECT {CHANGE_COLUMNS} FROM changes WHERE ?1 = 1 OR state <> 'followed_up'
                 ORDER BY window_start DESC, id DESC LIMIT ?2"
            ),
            sql_args![all, limit_of(limit)],
            change_row,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::change::ChangeKind;
    use chrono::Duration;

    #[test]
    fn a_change_needs_a_real_window() {
        each_engine("change_window", |mut s| {
            let mut new = NewChange {
                title: "RDS upgrade".into(),
                kind: ChangeKind::Upgrade,
                window_start: t0(),
                window_end: t0(),
                services: vec!["RDS".into()],
                regions: vec![],
                impact: None,
                guidance: String::new(),
            };
            assert!(s.add_change(&new, actor(t0())).is_err());
            new.window_end = t0() + Duration::hours(2);
            let c = s.add_change(&new, actor(t0())).unwrap();
            let edit = ChangeEdit {
                impact: Some(Impact {
                    performance: true,
                    within_sla: true,
                    ..Impact::default()
                }),
                ..Default::default()
            };
            let c = s.advance_change(c.id, &edit, None, actor(t0())).unwrap();
            assert_eq!(c.state, ChangeState::ImpactEvaluated);
            assert_eq!(s.change(c.id).unwrap().impact, edit.impact);
            assert_eq!(s.changes(false, 10).unwrap().len(), 1);
            assert_eq!(s.changes(true, 10).unwrap()[0].id, c.id);
        });
    }
}
