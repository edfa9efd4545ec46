//! What incidents and changes share in the store: their history
//! (record_events), the lists they keep as text, the checks that a step is
//! taken on the state the engineer saw, and that "notified" is true.

use super::engine::Sql;
use super::{Actor, Result, Store, StoreError, audit, audit::AuditEntry, ts};
use crate::domain::notice::SubjectKind;
use crate::domain::record::{Record, reference};
use crate::sql_args;

/// Services or regions as the store keeps them.
pub(super) fn list(v: &[String]) -> String {
    v.join(",")
}

pub(super) fn unlist(s: String) -> Vec<String> {
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

pub(super) fn event(
    db: &impl Sql,
    subject: SubjectKind,
    id: i64,
    actor: Actor<'_>,
    action: &str,
    detail: &str,
) -> Result<()> {
    db.execute(
        "INSERT INTO record_events (subject, subject_id, at, engineer, action, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        sql_args![
            subject.as_str(),
            id,
            ts(actor.now),
            actor.engineer,
            action,
            detail
        ],
    )?;
    Ok(())
}

/// "Notified" must be true: a record gets there when its first notice is
/// queued, and a plain advance only once a notice exists.
pub(super) fn check_notified(db: &impl Sql, subject: SubjectKind, id: i64) -> Result<()> {
    let any: bool = db.query_row(
        "SELECT EXISTS (SELECT 1 FROM notices WHERE subject = ?1 AND subject_id = ?2)",
        sql_args![subject.as_str(), id],
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
        reference(subject, id)
    )))
}

/// Refuses a step judged on a state the record has since left.
pub(super) fn check_seen<S: PartialEq + std::fmt::Display>(
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

impl Store {
    /// The incident or change `id`.
    pub fn record(&self, subject: SubjectKind, id: i64) -> Result<Record> {
        Ok(match subject {
            SubjectKind::Incident => Record::Incident(self.incident(id)?),
            SubjectKind::Change => Record::Change(self.change(id)?),
        })
    }

    /// Takes each step up to guidance_ready that the record's fields allow
    /// (a level evaluates an incident, an impact a change; guidance makes
    /// either ready), and returns the record as it then is. Each step is
    /// checked and written as `advance` would.
    pub fn advance_while_ready(
        &mut self,
        subject: SubjectKind,
        id: i64,
        actor: Actor<'_>,
    ) -> Result<Record> {
        use crate::domain::change::{ChangeEdit, ChangeState};
        use crate::domain::incident::{IncidentEdit, IncidentState};
        loop {
            match self.record(subject, id)? {
                Record::Incident(i)
                    if matches!(
                        i.state,
                        IncidentState::Monitoring | IncidentState::Evaluated
                    ) && crate::domain::incident::check_advance(&i).is_ok() =>
                {
                    self.advance_incident(id, &IncidentEdit::default(), Some(i.state), actor)?;
                }
                Record::Change(c)
                    if matches!(c.state, ChangeState::Planned | ChangeState::ImpactEvaluated)
                        && crate::domain::change::check_advance(&c).is_ok() =>
                {
                    self.advance_change(id, &ChangeEdit::default(), Some(c.state), actor)?;
                }
                record => return Ok(record),
            }
        }
    }

    /// Every step and edit of an incident or change, oldest first.
    pub fn record_history(&self, subject: SubjectKind, id: i64) -> Result<Vec<AuditEntry>> {
        history_of(self.db(), subject, id)
    }
}

/// Every step and edit of an incident or change, oldest first.
pub(super) fn history_of(db: &impl Sql, subject: SubjectKind, id: i64) -> Result<Vec<AuditEntry>> {
    db.query_map(
        "SELECT at, engineer, action, detail FROM record_events
         WHERE subject = ?1 AND subject_id = ?2 ORDER BY id",
        sql_args![subject.as_str(), id],
        audit::entry,
    )
}
