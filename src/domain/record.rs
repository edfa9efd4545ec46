//! What a notice speaks for: an incident or a platform change, and the
//! rules both kinds of record share (their reference, title and text
//! limits).

use super::change::Change;
use super::incident::Incident;
use super::notice::{Stage, SubjectKind, check_change_stage, check_incident_stage, check_text};

pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 4000;

/// The record a notice speaks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Record {
    Incident(Incident),
    Change(Change),
}

impl Record {
    pub fn subject(&self) -> SubjectKind {
        match self {
            Record::Incident(_) => SubjectKind::Incident,
            Record::Change(_) => SubjectKind::Change,
        }
    }

    pub fn id(&self) -> i64 {
        match self {
            Record::Incident(i) => i.id,
            Record::Change(c) => c.id,
        }
    }

    /// "INC-12".
    pub fn reference(&self) -> String {
        reference(self.subject(), self.id())
    }

    pub fn title(&self) -> &str {
        match self {
            Record::Incident(i) => &i.title,
            Record::Change(c) => &c.title,
        }
    }

    pub fn state(&self) -> &'static str {
        match self {
            Record::Incident(i) => i.state.as_str(),
            Record::Change(c) => c.state.as_str(),
        }
    }

    pub fn services(&self) -> &[String] {
        match self {
            Record::Incident(i) => &i.services,
            Record::Change(c) => &c.services,
        }
    }

    pub fn regions(&self) -> &[String] {
        match self {
            Record::Incident(i) => &i.regions,
            Record::Change(c) => &c.regions,
        }
    }

    /// Whether this stage may be sent now.
    pub fn check_stage(&self, stage: Stage) -> Result<(), String> {
        match self {
            Record::Incident(i) => check_incident_stage(stage, i.state).map(|_| ()),
            Record::Change(c) => check_change_stage(stage, c.state).map(|_| ()),
        }
        .map_err(|e| format!("{}: {e}", self.reference()))
    }
}

/// "INC-12" or "CHG-4": what customers quote back.
pub fn reference(subject: SubjectKind, id: i64) -> String {
    match subject {
        SubjectKind::Incident => format!("INC-{id}"),
        SubjectKind::Change => format!("CHG-{id}"),
    }
}

/// A record's title: present, one line, at most `MAX_TITLE` characters.
pub fn check_title(t: &str) -> Result<(), String> {
    if t.trim().is_empty() {
        return Err("the title is empty".into());
    }
    check_text("the title", t.trim(), MAX_TITLE, false)
}

/// A record's longer text (guidance, lessons, follow-up): several lines,
/// at most `MAX_TEXT` characters.
pub fn check_long(field: &str, t: &str) -> Result<(), String> {
    check_text(field, t, MAX_TEXT, true)
}

/// Services or regions as the history names them.
pub(super) fn list_text(v: &[String]) -> String {
    v.join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_the_kind_and_number() {
        assert_eq!(reference(SubjectKind::Incident, 12), "INC-12");
        assert_eq!(reference(SubjectKind::Change, 4), "CHG-4");
    }

    #[test]
    fn titles_are_one_short_line() {
        assert!(check_title("  ").is_err());
        assert!(check_title("a\nb").is_err());
        assert!(check_title(&"x".repeat(MAX_TITLE + 1)).is_err());
        assert!(check_title("RDS upgrade").is_ok());
        assert!(check_long("the guidance", "line one\nline two").is_ok());
    }
}
