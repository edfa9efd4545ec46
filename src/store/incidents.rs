//! Incidents: opened, edited and stepped through their lifecycle, each
//! change in the record's history. The rules are the domain's.

use rusqlite::{Connection, OptionalExtension, params};

use super::record_events::{check_notified, check_seen, event, list, unlist};
use super::{Actor, Result, Store, StoreError, from_ts, parse_word, ts};
use crate::domain::incident::{
    Incident, IncidentEdit, IncidentLevel, IncidentState, NewIncident, apply_edit,
};
use crate::domain::notice::SubjectKind;

const INCIDENT_COLUMNS: &str = "id, title, kind, level, services, regions, guidance, state,
    state_since, next_update_due, lessons, improvements, opened_at";

fn incident_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Incident> {
    Ok(Incident {
        id: r.get(0)?,
        title: r.get(1)?,
        kind: parse_word(r, 2)?,
        level: r
            .get::<_, Option<u8>>(3)?
            .and_then(|n| IncidentLevel::new(n).ok()),
        services: unlist(r.get(4)?),
        regions: unlist(r.get(5)?),
        guidance: r.get(6)?,
        state: parse_word(r, 7)?,
        state_since: from_ts(r.get(8)?)?,
        next_update_due: r.get::<_, Option<i64>>(9)?.map(from_ts).transpose()?,
        lessons: r.get(10)?,
        improvements: r.get(11)?,
        opened_at: from_ts(r.get(12)?)?,
    })
}

pub(super) fn incident_in(conn: &Connection, id: i64) -> Result<Incident> {
    conn.prepare_cached(&format!(
        "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE id = ?1"
    ))?
    .query_row([id], incident_row)
    .optional()?
    .ok_or(StoreError::NoIncident(id))
}

fn save_incident(conn: &Connection, i: &Incident) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE incidents SET title = ?2, level = ?3, services = ?4, regions = ?5, guidance = ?6,
             state = ?7, state_since = ?8, next_update_due = ?9, lessons = ?10,
             improvements = ?11, open = ?12
         WHERE id = ?1",
        params![
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
    conn: &Connection,
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
    save_incident(conn, i)?;
    event(
        conn,
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
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO incidents (title, kind, level, services, regions, guidance, state,
                 state_since, next_update_due, opened_at, opened_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'monitoring', ?7, ?8, ?7, ?9)",
            params![
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
        let id = tx.last_insert_rowid();
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
        let tx = self.write_tx()?;
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
        let tx = self.write_tx()?;
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
        incident_in(self.lite()?, id)
    }

    /// Newest first; open ones only unless `all`.
    pub fn incidents(&self, all: bool, limit: usize) -> Result<Vec<Incident>> {
        let mut stmt = self.lite()?.prepare_cached(&format!(
            "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE ?1 OR open = 1
             ORDER BY id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![all, limit as i64], incident_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open incidents by when their next customer update is due (none
    /// set: last), for the board's countdown.
    pub fn incident_updates_due(&self, limit: usize) -> Result<Vec<Incident>> {
        let mut stmt = self.lite()?.prepare_cached(&format!(
            "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE open = 1
             ORDER BY next_update_due IS NULL, next_update_due, id LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit as i64], incident_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
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
        let mut s = store_with_customer();
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
    }

    #[test]
    fn a_refused_step_keeps_the_edit_unsaved() {
        let mut s = store_with_customer();
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
    }
}
