//! Security and network incidents under the Enterprise Care Plan, and
//! their lifecycle from monitoring to the post-incident review.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::state::word_enum;
use super::text_rules::{check_long, check_title, list_text};

word_enum!(
    /// What happened.
    IncidentKind, "incident kind" {
        OsVulnerability => "os-vulnerability",
        ThirdPartyVulnerability => "third-party-vulnerability",
        VirusOutbreak => "virus-outbreak",
        HackerAttack => "hacker-attack",
        BackboneFault => "backbone-network-fault",
        Other => "other",
    }
);

impl IncidentKind {
    pub fn label(self) -> &'static str {
        match self {
            IncidentKind::OsVulnerability => "OS vulnerability",
            IncidentKind::ThirdPartyVulnerability => "Critical third-party vulnerability",
            IncidentKind::VirusOutbreak => "Virus outbreak",
            IncidentKind::HackerAttack => "Hacker attack",
            IncidentKind::BackboneFault => "Backbone network fault",
            IncidentKind::Other => "Other incident",
        }
    }
}

word_enum!(
    /// Where an incident is in its lifecycle.
    IncidentState, "incident state" {
        Monitoring => "monitoring",
        Evaluated => "evaluated",
        GuidanceReady => "guidance_ready",
        Notified => "notified",
        Coordinating => "coordinating",
        Resolved => "resolved",
        Reviewed => "reviewed",
    }
);

impl IncidentState {
    pub fn next(self) -> Option<IncidentState> {
        use IncidentState::*;
        match self {
            Monitoring => Some(Evaluated),
            Evaluated => Some(GuidanceReady),
            GuidanceReady => Some(Notified),
            Notified => Some(Coordinating),
            Coordinating => Some(Resolved),
            Resolved => Some(Reviewed),
            Reviewed => None,
        }
    }

    /// Customers are owed updates until it is resolved.
    pub fn is_open(self) -> bool {
        !matches!(self, IncidentState::Resolved | IncidentState::Reviewed)
    }
}

/// Level-1 high risk, Level-2 medium, Level-3 low.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct IncidentLevel(u8);

impl IncidentLevel {
    pub fn new(n: u8) -> Result<IncidentLevel, String> {
        if (1..=3).contains(&n) {
            Ok(IncidentLevel(n))
        } else {
            Err(format!("incident level must be 1, 2 or 3, not {n}"))
        }
    }

    pub fn number(self) -> u8 {
        self.0
    }

    /// How customers are told the level: "high risk", "medium risk", ...
    pub fn risk(self) -> &'static str {
        match self.0 {
            1 => "high risk",
            2 => "medium risk",
            _ => "low risk",
        }
    }

    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "Level-1 (high risk)",
            2 => "Level-2 (medium risk)",
            _ => "Level-3 (low risk)",
        }
    }
}

impl std::str::FromStr for IncidentLevel {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        let t = t
            .strip_prefix("level-")
            .or_else(|| t.strip_prefix("Level-"))
            .or_else(|| t.strip_prefix('L'))
            .or_else(|| t.strip_prefix('l'))
            .unwrap_or(t);
        t.parse::<u8>()
            .map_err(|_| format!("'{s}' is not an incident level (1, 2 or 3)"))
            .and_then(IncidentLevel::new)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Incident {
    pub id: i64,
    pub title: String,
    pub kind: IncidentKind,
    pub level: Option<IncidentLevel>,
    pub services: Vec<String>,
    pub regions: Vec<String>,
    pub guidance: String,
    pub state: IncidentState,
    pub state_since: DateTime<Utc>,
    /// When customers are owed the next update, while it is open.
    pub next_update_due: Option<DateTime<Utc>>,
    pub lessons: Option<String>,
    pub improvements: Option<String>,
    pub opened_at: DateTime<Utc>,
}

/// What a step needs that the record may lack.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IncidentStepError {
    #[error("incident #{id} is reviewed: its lifecycle is complete")]
    Finished { id: i64 },
    #[error("set the level (1-3) to evaluate incident #{id}")]
    NoLevel { id: i64 },
    #[error(
        "write the guidance (fix, patch, isolation, data restoration) for incident #{id} first"
    )]
    NoGuidance { id: i64 },
    #[error("the review of incident #{id} needs both lessons learned and improvement suggestions")]
    NoReview { id: i64 },
}

/// Checks that the incident has what its next state requires.
pub fn check_advance(i: &Incident) -> Result<IncidentState, IncidentStepError> {
    let id = i.id;
    let next = i.state.next().ok_or(IncidentStepError::Finished { id })?;
    match next {
        IncidentState::Evaluated if i.level.is_none() => Err(IncidentStepError::NoLevel { id }),
        IncidentState::GuidanceReady if i.guidance.trim().is_empty() => {
            Err(IncidentStepError::NoGuidance { id })
        }
        IncidentState::Reviewed
            if i.lessons.as_deref().is_none_or(|s| s.trim().is_empty())
                || i.improvements
                    .as_deref()
                    .is_none_or(|s| s.trim().is_empty()) =>
        {
            Err(IncidentStepError::NoReview { id })
        }
        _ => Ok(next),
    }
}

/// An incident as an engineer opens it.
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

impl NewIncident {
    pub fn check(&self) -> Result<(), String> {
        check_title(&self.title)?;
        check_long("the guidance", &self.guidance)
    }
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

/// Applies an edit to an incident, checking each field; returns what
/// changed, for the history. On an error the incident is half edited:
/// callers apply to a copy they drop.
pub fn apply_edit(i: &mut Incident, e: &IncidentEdit) -> Result<Vec<String>, String> {
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
        changed.push(format!("services: {}", list_text(s)));
    }
    if let Some(r) = &e.regions {
        i.regions = r.clone();
        changed.push(format!("regions: {}", list_text(r)));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn incident(state: IncidentState) -> Incident {
        let t = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        Incident {
            id: 3,
            title: "OpenSSH regreSSHion".into(),
            kind: IncidentKind::OsVulnerability,
            level: None,
            services: vec!["ECS".into()],
            regions: vec!["cn-north-4".into()],
            guidance: String::new(),
            state,
            state_since: t,
            next_update_due: None,
            lessons: None,
            improvements: None,
            opened_at: t,
        }
    }

    #[test]
    fn levels_parse_in_the_ways_people_write_them() {
        for s in ["1", "L1", "level-1", "Level-1"] {
            assert_eq!(s.parse::<IncidentLevel>().unwrap().number(), 1, "{s}");
        }
        assert!("4".parse::<IncidentLevel>().is_err());
        assert!("high".parse::<IncidentLevel>().is_err());
    }

    #[test]
    fn each_step_needs_what_it_promises() {
        let mut i = incident(IncidentState::Monitoring);
        assert_eq!(check_advance(&i), Err(IncidentStepError::NoLevel { id: 3 }));
        i.level = Some(IncidentLevel::new(1).unwrap());
        assert_eq!(check_advance(&i), Ok(IncidentState::Evaluated));
        i.state = IncidentState::Evaluated;
        assert_eq!(
            check_advance(&i),
            Err(IncidentStepError::NoGuidance { id: 3 })
        );
        i.guidance = "Patch openssh to 9.8p1".into();
        assert_eq!(check_advance(&i), Ok(IncidentState::GuidanceReady));
        i.state = IncidentState::Resolved;
        assert_eq!(
            check_advance(&i),
            Err(IncidentStepError::NoReview { id: 3 })
        );
        i.lessons = Some("scan images weekly".into());
        i.improvements = Some("auto-patch base images".into());
        assert_eq!(check_advance(&i), Ok(IncidentState::Reviewed));
        i.state = IncidentState::Reviewed;
        assert_eq!(
            check_advance(&i),
            Err(IncidentStepError::Finished { id: 3 })
        );
    }
}
