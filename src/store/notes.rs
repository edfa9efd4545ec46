//! Notes on escalations and the hand-offs between engineers, each with an
//! audit line in the same transaction.

use super::engine::{Row, Sql};
use super::{Actor, AuditEntry, Result, Store, StoreError, audit, ts};
use crate::domain::Escalation;
use crate::domain::note::{NewNote, Note, NoteKind};
use crate::sql_args;

fn note_at(r: &Row<'_>) -> Result<Note> {
    Ok(Note {
        id: r.get(0)?,
        escalation_id: r.get(1)?,
        at: r.get(2)?,
        engineer: r.text(3)?,
        kind: r.word(4)?,
        for_customer: r.get(5)?,
        handed_to: r.text_lossy(6)?,
        text: r.text(7)?,
    })
}

const COLUMNS: &str = "id, escalation_id, at, engineer, kind, for_customer, handed_to, text";

pub(super) fn insert(
    conn: &impl Sql,
    escalation_id: i64,
    kind: NoteKind,
    for_customer: bool,
    handed_to: Option<&str>,
    text: &str,
    actor: Actor<'_>,
) -> Result<i64> {
    conn.insert(
        "INSERT INTO escalation_notes (escalation_id, at, engineer, kind, for_customer,
             handed_to, text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        sql_args![
            escalation_id,
            ts(actor.now),
            actor.engineer,
            kind.as_str(),
            for_customer,
            handed_to,
            text
        ],
    )
}

/// Notes of one escalation, oldest first.
pub(super) fn notes_of(conn: &impl Sql, escalation_id: i64) -> Result<Vec<Note>> {
    conn.query_map(
        &format!("SELECT {COLUMNS} FROM escalation_notes WHERE escalation_id = ?1 ORDER BY id"),
        sql_args![escalation_id],
        note_at,
    )
}

/// An escalation as the detail shows it: its fields, its history, the
/// notes and hand-offs written on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EscalationFile {
    pub escalation: Escalation,
    pub history: Vec<AuditEntry>,
    pub notes: Vec<Note>,
    /// The latest update the customer was sent about it.
    pub last_update: Option<super::NoticeSummary>,
}

impl Store {
    /// Everything the detail shows about escalation `id`, read together.
    pub fn escalation_file(&self, id: i64) -> Result<EscalationFile> {
        Ok(EscalationFile {
            escalation: self.escalation(id)?,
            history: self.escalation_history(id)?,
            notes: self.notes(id)?,
            last_update: self.last_customer_update(id)?,
        })
    }

    /// Writes a note on escalation `id`, open or not: the desk may still
    /// have something to say about one that ended.
    pub fn add_note(&mut self, id: i64, new: &NewNote, actor: Actor<'_>) -> Result<Note> {
        let text = new.checked()?;
        let tx = self.write()?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM escalations WHERE id = ?1)",
            sql_args![id],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(StoreError::NoEscalation(id));
        }
        let note_id = insert(
            &tx,
            id,
            NoteKind::Note,
            new.for_customer,
            None,
            &text,
            actor,
        )?;
        let action = if new.for_customer {
            "note for the customer"
        } else {
            "note"
        };
        audit::record(&tx, actor, "escalation", id, action, &text)?;
        let note = tx.query_row(
            &format!("SELECT {COLUMNS} FROM escalation_notes WHERE id = ?1"),
            sql_args![note_id],
            note_at,
        )?;
        tx.commit()?;
        Ok(note)
    }

    pub fn notes(&self, escalation_id: i64) -> Result<Vec<Note>> {
        notes_of(self.db(), escalation_id)
    }

    /// Engineers the store has seen, most recently active first: those
    /// who changed something and those escalations were assigned to.
    pub fn engineers(&self, limit: usize) -> Result<Vec<String>> {
        self.db().query_map(
            "SELECT name FROM (
                 SELECT engineer AS name, MAX(at) AS last FROM audit_log GROUP BY engineer
                 UNION ALL
                 SELECT assignee, MAX(updated_at) FROM escalations
                     WHERE assignee IS NOT NULL GROUP BY assignee
             ) AS seen GROUP BY name ORDER BY MAX(last) DESC, name LIMIT ?1",
            sql_args![i64::try_from(limit).unwrap_or(i64::MAX)],
            |r| r.text(0),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::{Severity, TriageOp};

    #[test]
    fn notes_are_kept_with_their_audit_line() {
        each_engine("notes_are_kept_with_their_audit_line", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            let e = s
                .add_escalation(&new_esc("T-1", Severity::S3, t0()), actor(t0()))
                .unwrap();
            let new = NewNote {
                text: "Customer sent the ELB logs".into(),
                for_customer: true,
            };
            let n = s.add_note(e.id, &new, actor(t0())).unwrap();
            assert!(n.for_customer && n.kind == NoteKind::Note);
            assert_eq!(s.notes(e.id).unwrap(), [n]);
            let h = s.escalation_history(e.id).unwrap();
            assert_eq!(h.last().unwrap().action, "note for the customer");
            assert_eq!(h.last().unwrap().detail, "Customer sent the ELB logs");
            // Nothing is written for a note that will not do.
            let empty = NewNote {
                text: "  ".into(),
                for_customer: false,
            };
            assert!(s.add_note(e.id, &empty, actor(t0())).is_err());
            assert!(matches!(
                s.add_note(99, &new, actor(t0())),
                Err(StoreError::NoEscalation(99))
            ));
            assert_eq!(s.notes(e.id).unwrap().len(), 1);
        });
    }

    #[test]
    fn a_hand_off_keeps_its_note_and_names_the_engineers_seen() {
        each_engine("a_hand_off_keeps_its_note_and_names_the_", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            let e = s
                .add_escalation(&new_esc("T-1", Severity::S3, t0()), actor(t0()))
                .unwrap();
            let op = TriageOp::Assign {
                to: "bob".into(),
                note: Some("RDS logs attached; call the customer at 14:00".into()),
            };
            s.triage(e.id, &op, actor(t0())).unwrap();
            let notes = s.notes(e.id).unwrap();
            assert_eq!(notes.len(), 1);
            assert_eq!(notes[0].kind, NoteKind::Handoff);
            assert_eq!(notes[0].handed_to.as_deref(), Some("bob"));
            assert_eq!(notes[0].engineer, "alice");
            assert_eq!(s.engineers(10).unwrap(), ["alice", "bob"]);
        });
    }
}
