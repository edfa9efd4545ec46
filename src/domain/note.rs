//! What engineers write on an escalation while they work it: notes (for
//! the desk, or marked for the customer's Ticket List) and hand-offs to
//! another engineer, each with who wrote it and when.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::state::word_enum;
use super::triage::{TriageError, check_note};

word_enum!(
    /// A plain note, or the note that came with a hand-off.
    NoteKind, "note kind" {
        Note => "note",
        Handoff => "handoff",
    }
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Note {
    pub id: i64,
    pub escalation_id: i64,
    pub at: DateTime<Utc>,
    pub engineer: String,
    pub kind: NoteKind,
    /// Shown on the customer's Ticket List.
    pub for_customer: bool,
    /// For a hand-off: the engineer it went to.
    pub handed_to: Option<String>,
    pub text: String,
}

/// A note as an engineer writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewNote {
    pub text: String,
    pub for_customer: bool,
}

impl NewNote {
    /// The text to keep: several lines are fine; empty or too long is
    /// refused.
    pub fn checked(&self) -> Result<String, TriageError> {
        check_note("the note", &self.text)?
            .ok_or_else(|| TriageError::BadText("the note is empty".into()))
    }
}

/// The hand-off the engineer `viewer` should see on an escalation they now
/// hold: the latest one to them, if the escalation has not moved on since.
pub fn handed_to_me<'a>(notes: &'a [Note], viewer: &str) -> Option<&'a Note> {
    let last = notes.iter().rev().find(|n| n.kind == NoteKind::Handoff)?;
    (last.handed_to.as_deref() == Some(viewer)).then_some(last)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn note(kind: NoteKind, to: Option<&str>) -> Note {
        Note {
            id: 1,
            escalation_id: 1,
            at: Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap(),
            engineer: "alice".into(),
            kind,
            for_customer: false,
            handed_to: to.map(String::from),
            text: "over to you".into(),
        }
    }

    #[test]
    fn an_empty_or_overlong_note_is_refused() {
        let n = |t: &str| NewNote {
            text: t.into(),
            for_customer: false,
        };
        assert!(
            n("  \n ")
                .checked()
                .unwrap_err()
                .to_string()
                .contains("empty")
        );
        assert!(
            n(&"x".repeat(4001))
                .checked()
                .unwrap_err()
                .to_string()
                .contains("4001")
        );
        assert_eq!(
            n(" line one\nline two \n").checked().unwrap(),
            "line one\nline two"
        );
    }

    #[test]
    fn the_latest_hand_off_speaks_to_its_engineer_only() {
        let notes = vec![
            note(NoteKind::Handoff, Some("bob")),
            note(NoteKind::Note, None),
        ];
        assert!(handed_to_me(&notes, "bob").is_some());
        assert!(handed_to_me(&notes, "carol").is_none());
        let moved_on = vec![
            note(NoteKind::Handoff, Some("bob")),
            note(NoteKind::Handoff, Some("carol")),
        ];
        assert!(handed_to_me(&moved_on, "bob").is_none());
    }
}
