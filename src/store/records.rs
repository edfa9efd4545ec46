//! Incidents and platform changes: their fields, lifecycle steps and
//! history. The lifecycle rules are the domain's; this keeps them.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::{Actor, Result, Store, StoreError, audit::AuditEntry, from_ts, parse_word, ts};
use crate::domain::change::{Change, ChangeKind, ChangeState, Impact, check_window};
use crate::domain::incident::{Incident, IncidentKind, IncidentLevel, IncidentState};
use crate::domain::notice::{SubjectKind, check_text};

pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 4000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewIncident {
    pub title: String,
    pub kind: IncidentKind,
    pub level: Option<IncidentLevel>,
    pub services: Vec<String>,
    pub regions: Vec<String>,
    pub guidance: String,
    pub next_update_due: Option<DateTime<Utc>>,
}

/// Fields to change; `None` leaves one as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct IncidentEdit {
    pub title: Option<String>,
    pub level: Option<IncidentLevel>,
    pub services: Option<Vec<String>>,
    pub regions: Option<Vec<String>>,
    pub guidance: Option<String>,
    /// `Some(None)` clears the next update.
    pub next_update_due: Option<Option<DateTime<Utc>>>,
    pub lessons: Option<String>,
    pub improvements: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewChange {
    pub title: String,
    pub kind: ChangeKind,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub services: Vec<String>,
    pub regions: Vec<String>,
    pub impact: Option<Impact>,
    pub guidance: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeEdit {
    pub title: Option<String>,
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub services: Option<Vec<String>>,
    pub regions: Option<Vec<String>>,
    pub impact: Option<Impact>,
    pub guidance: Option<String>,
    pub follow_up: Option<String>,
}

fn check_title(t: &str) -> Result<()> {
    if t.trim().is_empty() {
        return Err(StoreError::Invalid("the title is empty".into()));
    }
    check_text("the title", t.trim(), MAX_TITLE, false).map_err(StoreError::Invalid)
}

fn check_long(field: &str, t: &str) -> Result<()> {
    check_text(field, t, MAX_TEXT, true).map_err(StoreError::Invalid)
}

fn list(v: &[String]) -> String {
    v.join(",")
}

fn unlist(s: String) -> Vec<String> {
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

fn event(
    conn: &Connection,
    subject: SubjectKind,
    id: i64,
    actor: Actor<'_>,
    action: &str,
    detail: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO record_events (subject, subject_id, at, engineer, action, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        subject.as_str(),
        id,
        ts(actor.now),
        actor.engineer,
        action,
        detail
    ])?;
    Ok(())
}

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

const CHANGE_COLUMNS: &str = "id, title, kind, window_start, window_end, services, regions,
    impact_availability, impact_performance, impact_data_access, impact_within_sla,
    guidance, state, state_since, follow_up";

fn change_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Change> {
    let impact = match r.get::<_, Option<bool>>(7)? {
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
        title: r.get(1)?,
        kind: parse_word(r, 2)?,
        window_start: from_ts(r.get(3)?)?,
        window_end: from_ts(r.get(4)?)?,
        services: unlist(r.get(5)?),
        regions: unlist(r.get(6)?),
        impact,
        guidance: r.get(11)?,
        state: parse_word(r, 12)?,
        state_since: from_ts(r.get(13)?)?,
        follow_up: r.get(14)?,
    })
}

pub(super) fn change_in(conn: &Connection, id: i64) -> Result<Change> {
    conn.prepare_cached(&format!(
        "SELECT {CHANGE_COLUMNS} FROM changes WHERE id = ?1"
    ))?
    .query_row([id], change_row)
    .optional()?
    .ok_or(StoreError::NoChange(id))
}

/// Applies an edit to an incident in memory, checking each field; returns
/// what changed, for the history.
fn apply_incident(i: &mut Incident, e: &IncidentEdit) -> Result<Vec<String>> {
    let mut changed = Vec::new();
    if let Some(t) = &e.title {
        check_title(t)?;
        i.title = t.trim().to_string();
        changed.push(format!("title: {}", i.title));
    }
    if let Some(l) = e.level {
        i.level = Some(l);
        changed.push(format!("level: {}", l.number()));
    }
    if let Some(s) = &e.services {
        i.services = s.clone();
        changed.push(format!("services: {}", list(s)));
    }
    if let Some(r) = &e.regions {
        i.regions = r.clone();
        changed.push(format!("regions: {}", list(r)));
    }
    if let Some(g) = &e.guidance {
        check_long("the guidance", g)?;
        i.guidance = g.trim().to_string();
        changed.push("guidance written".into());
    }
    if let Some(due) = e.next_update_due {
        i.next_update_due = due;
        changed.push(match due {
            Some(t) => format!("next update due {}", t.to_rfc3339()),
            None => "next update cleared".into(),
        });
    }
    if let Some(l) = &e.lessons {
        check_long("the lessons", l)?;
        i.lessons = Some(l.trim().to_string());
        changed.push("lessons written".into());
    }
    if let Some(s) = &e.improvements {
        check_long("the improvement suggestions", s)?;
        i.improvements = Some(s.trim().to_string());
        changed.push("improvements written".into());
    }
    Ok(changed)
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

fn apply_change(c: &mut Change, e: &ChangeEdit) -> Result<Vec<String>> {
    let mut changed = Vec::new();
    if let Some(t) = &e.title {
        check_title(t)?;
        c.title = t.trim().to_string();
        changed.push(format!("title: {}", c.title));
    }
    if let Some((start, end)) = e.window {
        check_window(start, end).map_err(StoreError::Invalid)?;
        c.window_start = start;
        c.window_end = end;
        changed.push(format!(
            "window {} .. {}",
            start.to_rfc3339(),
            end.to_rfc3339()
        ));
    }
    if let Some(s) = &e.services {
        c.services = s.clone();
        changed.push(format!("services: {}", list(s)));
    }
    if let Some(r) = &e.regions {
        c.regions = r.clone();
        changed.push(format!("regions: {}", list(r)));
    }
    if let Some(i) = e.impact {
        c.impact = Some(i);
        changed.push(format!("impact: {}", i.describe()));
    }
    if let Some(g) = &e.guidance {
        check_long("the guidance", g)?;
        c.guidance = g.trim().to_string();
        changed.push("guidance written".into());
    }
    if let Some(f) = &e.follow_up {
        check_long("the follow-up", f)?;
        c.follow_up = Some(f.trim().to_string());
        changed.push("follow-up written".into());
    }
    Ok(changed)
}

fn save_change(conn: &Connection, c: &Change) -> rusqlite::Result<()> {
    let i = c.impact;
    conn.execute(
        "UPDATE changes SET title = ?2, window_start = ?3, window_end = ?4, services = ?5,
             regions = ?6, impact_availability = ?7, impact_performance = ?8,
             impact_data_access = ?9, impact_within_sla = ?10, guidance = ?11, state = ?12,
             state_since = ?13, follow_up = ?14
         WHERE id = ?1",
        params![
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
            c.follow_up
        ],
    )?;
    Ok(())
}

/// "Notified" must be true: a record gets there when its first notice is
/// queued, and a plain advance only once a notice exists.
fn check_notified(conn: &Connection, subject: SubjectKind, id: i64) -> Result<()> {
    let any: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM notices WHERE subject = ?1 AND subject_id = ?2)",
        params![subject.as_str(), id],
        |r| r.get(0),
    )?;
    if any {
        return Ok(());
    }
    let (stage, flag) = match subject {
        SubjectKind::Incident => ("initial", "--incident"),
        SubjectKind::Change => ("notice", "--change"),
    };
    Err(StoreError::Invalid(format!(
        "{} becomes notified when its first notice is queued: compose one \
         (`sredesk notice compose {flag} {id} --stage {stage}`, or `c` on the notices screen)",
        super::reference(subject, id)
    )))
}

/// Refuses a step judged on a state the record has since left.
fn check_seen<S: PartialEq + std::fmt::Display>(
    what: &str,
    id: i64,
    seen: Option<S>,
    now: S,
) -> Result<()> {
    match seen {
        Some(s) if s != now => Err(StoreError::Invalid(format!(
            "{what} #{id} is {now} now, not {s}: someone moved it; look again"
        ))),
        _ => Ok(()),
    }
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

pub(super) fn step_change(
    conn: &Connection,
    c: &mut Change,
    to: ChangeState,
    actor: Actor<'_>,
) -> Result<()> {
    let from = c.state;
    c.state = to;
    c.state_since = actor.now;
    save_change(conn, c)?;
    event(
        conn,
        SubjectKind::Change,
        c.id,
        actor,
        "advance",
        &format!("{from} -> {to}"),
    )?;
    Ok(())
}

impl Store {
    pub fn add_incident(&mut self, new: &NewIncident, actor: Actor<'_>) -> Result<Incident> {
        check_title(&new.title)?;
        check_long("the guidance", &new.guidance)?;
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
        let changed = apply_incident(&mut i, e)?;
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
        let changed = apply_incident(&mut i, e)?;
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
        incident_in(&self.conn, id)
    }

    /// Newest first; open ones only unless `all`.
    pub fn incidents(&self, all: bool, limit: usize) -> Result<Vec<Incident>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE ?1 OR open = 1
             ORDER BY id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![all, limit as i64], incident_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Open incidents by when their next customer update is due (none
    /// set: last), for the board's countdown.
    pub fn incident_updates_due(&self, limit: usize) -> Result<Vec<Incident>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {INCIDENT_COLUMNS} FROM incidents WHERE open = 1
             ORDER BY next_update_due IS NULL, next_update_due, id LIMIT ?1"
        ))?;
        let rows = stmt.query_map([limit as i64], incident_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn add_change(&mut self, new: &NewChange, actor: Actor<'_>) -> Result<Change> {
        check_title(&new.title)?;
        check_long("the guidance", &new.guidance)?;
        check_window(new.window_start, new.window_end).map_err(StoreError::Invalid)?;
        let i = new.impact;
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO changes (title, kind, window_start, window_end, services, regions,
                 impact_availability, impact_performance, impact_data_access, impact_within_sla,
                 guidance, state, state_since, created_at, created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'planned', ?12, ?12, ?13)",
            params![
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
        let id = tx.last_insert_rowid();
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
        let tx = self.write_tx()?;
        let mut c = change_in(&tx, id)?;
        let changed = apply_change(&mut c, e)?;
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
        let tx = self.write_tx()?;
        let mut c = change_in(&tx, id)?;
        check_seen("change", id, seen, c.state)?;
        let changed = apply_change(&mut c, e)?;
        let to = crate::domain::change::check_advance(&c)?;
        if to == ChangeState::Notified {
            check_notified(&tx, SubjectKind::Change, id)?;
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
        step_change(&tx, &mut c, to, actor)?;
        tx.commit()?;
        Ok(c)
    }

    pub fn change(&self, id: i64) -> Result<Change> {
        change_in(&self.conn, id)
    }

    /// By window start, latest first; those not followed up only unless `all`.
    pub fn changes(&self, all: bool, limit: usize) -> Result<Vec<Change>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {CHANGE_COLUMNS} FROM changes WHERE ?1 OR state <> 'followed_up'
             ORDER BY window_start DESC, id DESC LIMIT ?2"
        ))?;
        let rows = stmt.query_map(params![all, limit as i64], change_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every step and edit of an incident or change, oldest first.
    pub fn record_history(&self, subject: SubjectKind, id: i64) -> Result<Vec<AuditEntry>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT at, engineer, action, detail FROM record_events
             WHERE subject = ?1 AND subject_id = ?2 ORDER BY id",
        )?;
        let rows = stmt.query_map(params![subject.as_str(), id], |r| {
            Ok(AuditEntry {
                at: from_ts(r.get(0)?)?,
                engineer: r.get(1)?,
                action: r.get(2)?,
                detail: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
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

    #[test]
    fn a_change_needs_a_real_window() {
        let mut s = store_with_customer();
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
    }
}
