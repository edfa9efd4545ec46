//! Incidents: opened, edited and stepped through their lifecycle, each
//! change in the record's history. The rules are the domain's.

use super::engine::{Row, Sql};
use super::record_events::{check_notified, check_seen, event, list, unlist};
use super::{Actor, Result, Store, StoreError, limit_of, ts};
use crate::domain::incident::{
    Incident, IncidentEdit, IncidentLevel, IncidentState, NewIncident, apply_edit,
};
use crate::domain::notice::SubjectKind;
use crate::sql_args;

const INCIDENT_COLUMNS: &str = "id, title, kind, level, services, regions, guidance, state,
    state_since, next_update_due, lessons, improvements, opened_at";

fn incident_row(r: &Row<'_>) -> Result<Incident> {
    Ok(Incident {
        id: r.get(0)?,
        title: r.text(1)?,
        kind: r.word(2)?,
        level: r
            .get::<Option<u8>>(3)?
            .and_then(|n| IncidentLevel::new(n).ok()),
        services: unlist(r.text(4)?),
        regions: unlist(r.text(5)?),
        guidance: r.text(6)?,
        state: r.word(7)?,
        state_since: r.get(8)?,
        next_update_due: r.get(9)?,
        lessons: r.text_lossy(10)?,
        improvements: r.text_lossy(11)?,
        opened_at: r.get(12)?,
    })
}

pub(super) fn incident_in(db: &impl Sql, id: i64) -> Result<Incident> {
    db.query_opt(
        &format!("SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id = ?1"),
        sql_args![id],
        incident_row,
    )?
    .ok_or(StoreError::NoIncident(id))
}

fn save_incident(db: &impl Sql, i: &Incident) -> Result<()> {
    db.execute(
        "UPDATE incidents SET title = ?2, level = ?3, services = ?4, regions = ?5, guidance = ?6,
             state = ?7, state_since = ?8, next_update_due = ?9, lessons = ?10,
             improvements = ?11, open = ?12
         WHERE id = ?1",
        sql_args![
            i.id,
            i.title,
            i.level.map(|l| l.number()),
            list(&i.services),
            list(&i.regions),
            i.guidance,
            i.state.as_str(),
            ts(i.state_since),
            i.next_update_due.map(ts),
            i.lessons,
            i.improvements,
            i.state.is_open()
        ],
    )?;
    Ok(())
}

/// Moves an incident to `to` (already checked), keeping the countdown off
/// once it is resolved.
pub(super) fn step_incident(
    db: &impl Sql,
    i: &mut Incident,
    to: IncidentState,
    actor: Actor<'_>,
) -> Result<()> {
    let from = i.state;
    i.state = to;
    i.state_since = actor.now;
    if !to.is_open() {
        i.next_update_due = None;
    }
    save_incident(db, i)?;
    event(
        db,
        SubjectKind::Incident,
        i.id,
        actor,
        "advance",
        &format!("{from} -> {to}"),
    )?;
    Ok(())
}

impl Store {
    pub fn add_incident(&mut self, new: &NewIncident, actor: Actor<'_>) -> Result<Incident> {
        new.check().map_err(StoreError::Invalid)?;
        let tx = self.write()?;
        let id = tx.insert(
            "INSERT INTO incidents (title, kind, level, services, regions, guidance, state,
                 state_since, next_update_due, opened_at, opened_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'monitoring', ?7, ?8, ?7, ?9) RETURNING id",
            sql_args![
                new.title.trim(),
                new.kind.as_str(),
                new.level.map(|l| l.number()),
                list(&new.services),
                list(&new.regions),
                new.guidance.trim(),
                ts(actor.now),
                new.next_update_due.map(ts),
                actor.engineer
            ],
        )?;
        event(
            &tx,
            SubjectKind::Incident,
            id,
            actor,
            "open",
            &format!("{}: {}", new.kind.label(), new.title.trim()),
        )?;
        let i = incident_in(&tx, id)?;
        tx.commit()?;
        Ok(i)
    }

    pub fn edit_incident(
        &mut self,
        id: i64,
        e: &IncidentEdit,
        actor: Actor<'_>,
    ) -> Result<Incident> {
        let tx = self.write()?;
        let mut i = incident_in(&tx, id)?;
        let changed = apply_edit(&mut i, e).map_err(StoreError::Invalid)?;
        if !changed.is_empty() {
            save_incident(&tx, &i)?;
            event(
                &tx,
                SubjectKind::Incident,
                id,
                actor,
                "edit",
                &changed.join("; "),
            )?;
        }
        tx.commit()?;
        Ok(i)
    }

    /// Applies `e`, then takes the next lifecycle step, in one transaction:
    /// a refused step leaves the edit unsaved too.
    pub fn advance_incident(
        &mut self,
        id: i64,
        e: &IncidentEdit,
        seen: Option<IncidentState>,
        actor: Actor<'_>,
    ) -> Result<Incident> {
        let tx = self.write()?;
        let mut i = incident_in(&tx, id)?;
        check_seen("incident", id, seen, i.state)?;
        let changed = apply_edit(&mut i, e).map_err(StoreError::Invalid)?;
        let to = crate::domain::incident::check_advance(&i)?;
        if to == IncidentState::Notified {
            check_notified(&tx, SubjectKind::Incident, id)?;
        }
        if !changed.is_empty() {
            event(
                &tx,
                SubjectKind::Incident,
                id,
                actor,
                "edit",
                &changed.join("; "),
            )?;
        }
        step_incident(&tx, &mut i, to, actor)?;
        tx.commit()?;
        Ok(i)
    }

    pub fn incident(&self, id: i64) -> Result<Incident> {
        incident_in(self.db(), id)
    }

    /// Newest first; open ones only unless `all`.
    pub fn incidents(&self, all: bool, limit: usize) -> Result<Vec<Incident>> {
        self.db().query_map(
            &format!(
                "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE ?1 = 1 OR open = 1
                 ORDER BY id DESC LIMIT ?2"
            ),
            sql_args![all, limit_of(limit)],
            incident_row,
        )
    }

    /// Open incidents by when their next customer update is due (none
    /// set: last), for the board's countdown.
    pub fn incident_updates_due(&self, limit: usize) -> Result<Vec<Incident>> {
        self.db().query_map(
            &format!(
                "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE open = 1
                 ORDER BY next_update_due IS NULL, next_update_due, id LIMIT ?1"
            ),
            sql_args![limit_of(limit)],
            incident_row,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::incident::IncidentKind;
    use chrono::Duration;

    fn new_incident() -> NewIncident {
        NewIncident {
            title: "OpenSSH regreSSHion".into(),
            kind: IncidentKind::OsVulnerability,
            level: None,
            services: vec!["ECS".into()],
            regions: vec!["cn-north-4".into()],
            guidance: String::new(),
            next_update_due: Some(t0() + Duration::hours(2)),
        }
    }

    #[test]
    fn an_incident_walks_its_lifecycle() {
        each_engine("incident_lifecycle", |mut s| {
            let i = s.add_incident(&new_incident(), actor(t0())).unwrap();
            assert_eq!(i.state, IncidentState::Monitoring);
            let e = s
                .advance_incident(i.id, &IncidentEdit::default(), None, actor(t0()))
                .unwrap_err();
            assert!(e.to_string().contains("set the level"), "{e}");
            let edit = IncidentEdit {
                level: Some(IncidentLevel::new(1).unwrap()),
                ..Default::default()
            };
            let i = s
                .advance_incident(i.id, &edit, Some(IncidentState::Monitoring), actor(t0()))
                .unwrap();
            assert_eq!(i.state, IncidentState::Evaluated);
            let e = s
                .advance_incident(
                    i.id,
                    &IncidentEdit::default(),
                    Some(IncidentState::Monitoring),
                    actor(t0()),
                )
                .unwrap_err();
            assert!(e.to_string().contains("someone moved it"), "{e}");
            assert_eq!(s.incident_updates_due(5).unwrap().len(), 1);
            let h = s.record_history(SubjectKind::Incident, i.id).unwrap();
            assert_eq!(
                h.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
                ["open", "edit", "advance"]
            );
            assert_eq!(s.incidents(false, 10).unwrap().len(), 1);
            assert_eq!(s.incidents(true, 10).unwrap()[0].id, i.id);
        });
    }

    #[test]
    fn a_refused_step_keeps_the_edit_unsaved() {
        each_engine("incident_refused_step", |mut s| {
            let i = s.add_incident(&new_incident(), actor(t0())).unwrap();
            let edit = IncidentEdit {
                guidance: Some("patch now".into()),
                ..Default::default()
            };
            assert!(s.advance_incident(i.id, &edit, None, actor(t0())).is_err());
            assert_eq!(s.incident(i.id).unwrap().guidance, "");
            let bad = IncidentEdit {
                title: Some("a\u{1b}[2Jb".into()),
                ..Default::default()
            };
            let e = s.edit_incident(i.id, &bad, actor(t0())).unwrap_err();
            assert!(e.to_string().contains("control characters"), "{e}");
        });
    }
}
