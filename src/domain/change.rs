//! Cloud platform changes announced to customers: upgrades, maintenance
//! and architecture adjustments, with their window, impact and lifecycle.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::state::word_enum;
use super::text_rules::{check_long, check_title, list_text};

word_enum!(
    /// What kind of change.
    ChangeKind, "change kind" {
        Upgrade => "upgrade",
        Maintenance => "maintenance",
        ArchitectureAdjustment => "architecture-adjustment",
    }
);

impl ChangeKind {
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Upgrade => "System upgrade",
            ChangeKind::Maintenance => "Maintenance",
            ChangeKind::ArchitectureAdjustment => "Architecture adjustment",
        }
    }
}

word_enum!(
    /// Where a change is in its lifecycle.
    ChangeState, "change state" {
        Planned => "planned",
        ImpactEvaluated => "impact_evaluated",
        GuidanceReady => "guidance_ready",
        Notified => "notified",
        InProgress => "in_progress",
        Completed => "completed",
        FollowedUp => "followed_up",
    }
);

impl ChangeState {
    pub fn next(self) -> Option<ChangeState> {
        use ChangeState::*;
        match self {
            Planned => Some(ImpactEvaluated),
            ImpactEvaluated => Some(GuidanceReady),
            GuidanceReady => Some(Notified),
            Notified => Some(InProgress),
            InProgress => Some(Completed),
            Completed => Some(FollowedUp),
            FollowedUp => None,
        }
    }
}

/// What customers will notice during the window.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Impact {
    pub availability: bool,
    pub performance: bool,
    pub data_access: bool,
    /// Whether the effect stays within the service's SLA.
    pub within_sla: bool,
}

impl Impact {
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.availability {
            parts.push("availability");
        }
        if self.performance {
            parts.push("performance");
        }
        if self.data_access {
            parts.push("data access");
        }
        let what = if parts.is_empty() {
            "no noticeable effect".to_string()
        } else {
            parts.join(", ")
        };
        let sla = if self.within_sla {
            "within SLA"
        } else {
            "outside SLA"
        };
        format!("{what} ({sla})")
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub id: i64,
    pub title: String,
    pub kind: ChangeKind,
    pub window_start: DateTime<Utc>,
    pub window_end: DateTime<Utc>,
    pub services: Vec<String>,
    pub regions: Vec<String>,
    pub impact: Option<Impact>,
    pub guidance: String,
    pub state: ChangeState,
    pub state_since: DateTime<Utc>,
    /// Set at follow-up: the customer confirmed, the report was delivered.
    pub follow_up: Option<String>,
    /// When it actually went in_progress and completed.
    pub started_at: Option<DateTime<Utc>>,
    pub completed_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeStepError {
    #[error("change #{id} is followed up: its lifecycle is complete")]
    Finished { id: i64 },
    #[error(
        "evaluate the impact of change #{id} (availability, performance, data access, SLA) first"
    )]
    NoImpact { id: i64 },
    #[error(
        "write the guidance (config changes, backup plans, resource expansion) for change #{id} first"
    )]
    NoGuidance { id: i64 },
    #[error(
        "the follow-up of change #{id} needs the customer's confirmation and the impact report"
    )]
    NoFollowUp { id: i64 },
}

/// The window must be a real span of time.
pub fn check_window(start: DateTime<Utc>, end: DateTime<Utc>) -> Result<(), String> {
    if end <= start {
        return Err(format!(
            "the change window ends ({end}) before or when it starts ({start})"
        ));
    }
    if end - start > chrono::Duration::days(31) {
        return Err("the change window is longer than 31 days; split the change".into());
    }
    Ok(())
}

pub fn check_advance(c: &Change) -> Result<ChangeState, ChangeStepError> {
    let id = c.id;
    let next = c.state.next().ok_or(ChangeStepError::Finished { id })?;
    match next {
        ChangeState::ImpactEvaluated if c.impact.is_none() => Err(ChangeStepError::NoImpact { id }),
        ChangeState::GuidanceReady if c.guidance.trim().is_empty() => {
            Err(ChangeStepError::NoGuidance { id })
        }
        ChangeState::FollowedUp if c.follow_up.as_deref().is_none_or(|s| s.trim().is_empty()) => {
            Err(ChangeStepError::NoFollowUp { id })
        }
        _ => Ok(next),
    }
}

/// A platform change as an engineer plans it.
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

impl NewChange {
    pub fn check(&self) -> Result<(), String> {
        check_title(&self.title)?;
        check_long("the guidance", &self.guidance)?;
        check_window(self.window_start, self.window_end)
    }
}

/// Fields to change; `None` leaves one as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangeEdit {
    pub title: Option<String>,
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub services: Option<Vec<String>>,
    pub regions: Option<Vec<String>>,
    pub impact: Option<Impact>,
    pub guidance: Option<String>,
    pub follow_up: Option<String>,
    /// Advance only: why the step is taken before the window allows it
    /// (recorded in the history).
    pub force: Option<String>,
}

/// Applies an edit to a change, checking each field; returns what changed,
/// for the history. On an error the change is half edited: callers apply
/// to a copy they drop.
pub fn apply_edit(c: &mut Change, e: &ChangeEdit) -> Result<Vec<String>, String> {
    let mut changed = Vec::new();
    if let Some(t) = &e.title {
        check_title(t)?;
        c.title = t.trim().to_string();
        changed.push(format!("title: {}", c.title));
    }
    if let Some((start, end)) = e.window {
        check_window(start, end)?;
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
        changed.push(format!("services: {}", list_text(s)));
    }
    if let Some(r) = &e.regions {
        c.regions = r.clone();
        changed.push(format!("regions: {}", list_text(r)));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn change(state: ChangeState) -> Change {
        let t = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        Change {
            id: 9,
            title: "RDS minor version upgrade".into(),
            kind: ChangeKind::Upgrade,
            window_start: t,
            window_end: t + chrono::Duration::hours(2),
            services: vec!["RDS".into()],
            regions: vec!["ap-southeast-1".into()],
            impact: None,
            guidance: String::new(),
            state,
            state_since: t,
            follow_up: None,
            started_at: None,
            completed_at: None,
        }
    }

    #[test]
    fn steps_need_impact_guidance_and_follow_up() {
        let mut c = change(ChangeState::Planned);
        assert_eq!(check_advance(&c), Err(ChangeStepError::NoImpact { id: 9 }));
        c.impact = Some(Impact {
            availability: true,
            within_sla: true,
            ..Impact::default()
        });
        assert_eq!(check_advance(&c), Ok(ChangeState::ImpactEvaluated));
        c.state = ChangeState::ImpactEvaluated;
        assert_eq!(
            check_advance(&c),
            Err(ChangeStepError::NoGuidance { id: 9 })
        );
        c.state = ChangeState::Completed;
        assert_eq!(
            check_advance(&c),
            Err(ChangeStepError::NoFollowUp { id: 9 })
        );
        c.follow_up = Some("confirmed by Chen Jie; report sent".into());
        assert_eq!(check_advance(&c), Ok(ChangeState::FollowedUp));
    }

    #[test]
    fn windows_and_impact_read_plainly() {
        let t = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        assert!(check_window(t, t).is_err());
        assert!(check_window(t, t + chrono::Duration::days(40)).is_err());
        assert!(check_window(t, t + chrono::Duration::hours(4)).is_ok());
        let i = Impact {
            availability: true,
            data_access: true,
            ..Impact::default()
        };
        assert_eq!(i.describe(), "availability, data access (outside SLA)");
        assert_eq!(
            Impact {
                within_sla: true,
                ..Impact::default()
            }
            .describe(),
            "no noticeable effect (within SLA)"
        );
    }
}
