//! A platform change as each affected customer lives it: which of its
//! holdings the change touches, what it will notice, whether that stays
//! within SLA, and the customer's confirmation at follow-up; and the
//! change impact report built from them.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::change::{Change, Impact};
use super::inventory::Holding;
use super::text_rules::{MAX_TITLE, check_long, check_text};

/// The customer's word that the change went as reported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Confirmation {
    /// The customer's person who confirmed.
    pub by: String,
    pub at: DateTime<Utc>,
    /// What they said, when it adds anything. Who recorded it is in the
    /// change's history.
    pub note: String,
}

/// One affected customer's impact.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CustomerImpact {
    pub customer: String,
    /// "ECS@cn-north-4": the customer's holdings the change touches.
    pub holdings: Vec<String>,
    pub impact: Impact,
    pub evaluated_by: String,
    pub evaluated_at: DateTime<Utc>,
    pub confirmation: Option<Confirmation>,
}

pub fn holding_text(h: &Holding) -> String {
    format!("{}@{}", h.service, h.region)
}

/// The name and note of a confirmation, checked.
pub fn check_confirmation(by: &str, note: &str) -> Result<(), String> {
    if by.trim().is_empty() {
        return Err("--by: the name of the customer's person who confirmed is empty".into());
    }
    check_text("--by", by.trim(), MAX_TITLE, false)?;
    check_long("--note", note)
}

/// Affected customers whose confirmation is missing, by name: a change is
/// followed up once each has confirmed.
pub fn unconfirmed(impacts: &[CustomerImpact]) -> Vec<&str> {
    impacts
        .iter()
        .filter(|i| i.confirmation.is_none())
        .map(|i| i.customer.as_str())
        .collect()
}

/// An incident opened while the change was under way.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct IncidentDuring {
    pub id: i64,
    pub reference: String,
    pub title: String,
    pub level: Option<u8>,
    pub state: String,
    pub opened_at: DateTime<Utc>,
    /// It names one of the change's services or regions.
    pub related: bool,
}

/// The change impact report: the plan, the window and what actually
/// happened, the incidents during it and each affected customer's impact
/// and confirmation. JSON times are UTC.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChangeReport {
    pub change: Change,
    pub reference: String,
    /// When it was planned and by whom.
    pub planned_at: DateTime<Utc>,
    pub planned_by: String,
    /// Steps taken before the window, with the reason given.
    pub forced: Vec<String>,
    pub incidents: Vec<IncidentDuring>,
    pub customers: Vec<CustomerImpact>,
}

impl ChangeReport {
    /// The span incidents are looked for in: the actual start and end,
    /// else the window's.
    pub fn span(c: &Change) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = c.started_at.unwrap_or(c.window_start);
        let end = c.completed_at.unwrap_or(c.window_end).max(start);
        (start, end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn confirmations_are_checked_and_the_missing_named() {
        assert!(check_confirmation("Chen Jie", "").is_ok());
        assert!(
            check_confirmation("  ", "")
                .unwrap_err()
                .starts_with("--by:")
        );
        assert!(check_confirmation("Chen\u{1b}[2J", "").is_err());
        let t = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let one = |name: &str, confirmed: bool| CustomerImpact {
            customer: name.into(),
            holdings: vec!["RDS@cn-east-3".into()],
            impact: Impact::default(),
            evaluated_by: "li".into(),
            evaluated_at: t,
            confirmation: confirmed.then(|| Confirmation {
                by: "x".into(),
                at: t,
                note: String::new(),
            }),
        };
        assert_eq!(unconfirmed(&[one("A", true), one("B", false)]), ["B"]);
    }
}
