//! What a notice speaks for: an incident or a platform change, and the
//! reference customers quote back.

use super::change::Change;
use super::incident::Incident;
use super::notice::{Stage, SubjectKind, check_change_stage, check_incident_stage};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_name_the_kind_and_number() {
        assert_eq!(reference(SubjectKind::Incident, 12), "INC-12");
        assert_eq!(reference(SubjectKind::Change, 4), "CHG-4");
    }
}
