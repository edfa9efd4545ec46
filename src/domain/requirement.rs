//! Requirements a customer raises for the platform, tracked through the
//! desk's pipeline to R&D's decision and back to the customer.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::state::word_enum;

word_enum!(
    /// Where a requirement is in the pipeline.
    RequirementState, "requirement state" {
        Submitted => "submitted",
        Analysing => "analysing",
        Confirmed => "confirmed",
        ReportedToRnd => "reported_to_rnd",
        Accepted => "accepted",
        Rejected => "rejected",
        CustomerNotified => "customer_notified",
    }
);

impl RequirementState {
    /// The step `advance` takes from here, if any. R&D's "no" is not an
    /// advance: it is `reject`, which needs a reason.
    pub fn next(self) -> Option<RequirementState> {
        use RequirementState::*;
        match self {
            Submitted => Some(Analysing),
            Analysing => Some(Confirmed),
            Confirmed => Some(ReportedToRnd),
            ReportedToRnd => Some(Accepted),
            Accepted | Rejected => Some(CustomerNotified),
            CustomerNotified => None,
        }
    }

    /// Still moving through the pipeline (the customer has not been told
    /// the result yet).
    pub fn is_open(self) -> bool {
        self != RequirementState::CustomerNotified
    }

    pub fn label(self) -> &'static str {
        use RequirementState::*;
        match self {
            Submitted => "Submitted",
            Analysing => "Analysing",
            Confirmed => "Confirmed",
            ReportedToRnd => "Reported to R&D",
            Accepted => "Accepted",
            Rejected => "Rejected",
            CustomerNotified => "Customer notified",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RolloutPlan {
    pub date: NaiveDate,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Requirement {
    pub id: i64,
    pub customer: String,
    pub title: String,
    pub description: String,
    pub state: RequirementState,
    /// When it entered its current state.
    pub state_since: DateTime<Utc>,
    pub submitted_at: DateTime<Utc>,
    /// Set when R&D rejected it.
    pub rejection_reason: Option<String>,
    /// Whether R&D accepted it, kept after the customer is notified.
    pub accepted: bool,
    pub rollout: Option<RolloutPlan>,
}

/// One timestamped step of a requirement's life: a change of state, or a
/// rollout plan recorded (`rollout_on` set, state unchanged).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Transition {
    pub from: Option<RequirementState>,
    pub to: RequirementState,
    pub at: DateTime<Utc>,
    pub engineer: String,
    /// The rejection reason, or the rollout plan's note.
    pub note: Option<String>,
    pub rollout_on: Option<NaiveDate>,
}

impl Requirement {
    /// The requirement as it stood at `until`, from its history (oldest
    /// first): what a period's report shows, however it moved since.
    /// `None` if it did not exist yet.
    pub fn as_of(&self, history: &[Transition], until: DateTime<Utc>) -> Option<Requirement> {
        let mut r = self.clone();
        let mut seen = false;
        r.rejection_reason = None;
        r.accepted = false;
        r.rollout = None;
        for t in history.iter().filter(|t| t.at <= until) {
            seen = true;
            match t.rollout_on {
                Some(date) => {
                    r.rollout = Some(RolloutPlan {
                        date,
                        note: t.note.clone().unwrap_or_default(),
                    })
                }
                None => {
                    r.state = t.to;
                    r.state_since = t.at;
                    match t.to {
                        RequirementState::Accepted => r.accepted = true,
                        RequirementState::Rejected => r.rejection_reason = t.note.clone(),
                        _ => {}
                    }
                }
            }
        }
        seen.then_some(r)
    }
}

pub const MAX_TITLE: usize = 200;
pub const MAX_DESCRIPTION: usize = 20_000;
pub const MAX_NOTE: usize = 2_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRequirement {
    pub customer: String,
    pub title: String,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidRequirement {
    #[error("title is empty")]
    EmptyTitle,
    #[error("title is {0} characters long; at most {MAX_TITLE} are allowed")]
    TitleTooLong(usize),
    #[error("description is {0} characters long; at most {MAX_DESCRIPTION} are allowed")]
    DescriptionTooLong(usize),
}

impl NewRequirement {
    pub fn validate(&self) -> Result<(), InvalidRequirement> {
        let title = self.title.trim();
        if title.is_empty() {
            return Err(InvalidRequirement::EmptyTitle);
        }
        let n = title.chars().count();
        if n > MAX_TITLE {
            return Err(InvalidRequirement::TitleTooLong(n));
        }
        let n = self.description.chars().count();
        if n > MAX_DESCRIPTION {
            return Err(InvalidRequirement::DescriptionTooLong(n));
        }
        Ok(())
    }
}

/// A step asked of the pipeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RequirementOp {
    Advance,
    Reject {
        reason: String,
    },
    Plan(RolloutPlan),
    /// Tell the customer R&D's decision by a notice; the requirement is
    /// customer_notified once a delivery of it has been sent.
    Notify,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PipelineError {
    #[error("requirement #{id} is {state}: the customer has been notified, nothing follows")]
    Finished { id: i64, state: RequirementState },
    #[error(
        "cannot reject requirement #{id}: it is {state}; R&D accepts or rejects a requirement \
         once it is reported_to_rnd"
    )]
    RejectNotNow { id: i64, state: RequirementState },
    #[error(
        "requirement #{id} is now {now}, not {seen}: someone moved it meanwhile; \
         nothing was changed, look again"
    )]
    Moved {
        id: i64,
        seen: RequirementState,
        now: RequirementState,
    },
    #[error("a rejection needs a reason")]
    EmptyReason,
    #[error(
        "cannot record a rollout plan for requirement #{id}: it is {state}; pre-sales \
         announces the plan only after R&D accepted it"
    )]
    PlanNotAccepted { id: i64, state: RequirementState },
    #[error("a rollout plan needs a note")]
    EmptyNote,
    #[error(
        "requirement #{id} is {state}: it becomes customer_notified when the notice of R&D's \
         decision has been sent to the customer; send it (`sredesk requirement notify {id}`, or \
         a on the pipeline)"
    )]
    NotifyByNotice { id: i64, state: RequirementState },
    #[error(
        "requirement #{id} is {state}: the customer is told R&D's decision once R&D has made one"
    )]
    NoDecisionYet { id: i64, state: RequirementState },
    #[error("{what} is {len} characters long; at most {MAX_NOTE} are allowed")]
    TooLong { what: &'static str, len: usize },
}

/// What a permitted step changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The new state, when the step moves the requirement.
    pub to: Option<RequirementState>,
    pub rejection_reason: Option<String>,
    pub rollout: Option<RolloutPlan>,
}

/// Checks a step against the pipeline and says what it changes.
pub fn step(req: &Requirement, op: &RequirementOp) -> Result<Step, PipelineError> {
    let (id, state) = (req.id, req.state);
    match op {
        RequirementOp::Advance => {
            // Telling the customer is a notice, not a key: the dispatcher
            // takes the step when a delivery of it has gone.
            if matches!(
                state,
                RequirementState::Accepted | RequirementState::Rejected
            ) {
                return Err(PipelineError::NotifyByNotice { id, state });
            }
            let to = state.next().ok_or(PipelineError::Finished { id, state })?;
            Ok(Step {
                to: Some(to),
                rejection_reason: None,
                rollout: None,
            })
        }
        RequirementOp::Reject { reason } => {
            if state != RequirementState::ReportedToRnd {
                return Err(PipelineError::RejectNotNow { id, state });
            }
            let reason = checked_text(reason, "reason", PipelineError::EmptyReason)?;
            Ok(Step {
                to: Some(RequirementState::Rejected),
                rejection_reason: Some(reason),
                rollout: None,
            })
        }
        RequirementOp::Notify => {
            // Once told, it can be told again (a rollout plan that moved).
            if !matches!(
                state,
                RequirementState::Accepted
                    | RequirementState::Rejected
                    | RequirementState::CustomerNotified
            ) {
                return Err(PipelineError::NoDecisionYet { id, state });
            }
            Ok(Step {
                to: None,
                rejection_reason: None,
                rollout: None,
            })
        }
        RequirementOp::Plan(plan) => {
            if !req.accepted {
                return Err(PipelineError::PlanNotAccepted { id, state });
            }
            let note = checked_text(&plan.note, "note", PipelineError::EmptyNote)?;
            Ok(Step {
                to: None,
                rejection_reason: None,
                rollout: Some(RolloutPlan {
                    date: plan.date,
                    note,
                }),
            })
        }
    }
}

fn checked_text(
    s: &str,
    what: &'static str,
    empty: PipelineError,
) -> Result<String, PipelineError> {
    let s = s.trim();
    if s.is_empty() {
        return Err(empty);
    }
    let len = s.chars().count();
    if len > MAX_NOTE {
        return Err(PipelineError::TooLong { what, len });
    }
    Ok(s.to_string())
}

/// How long a requirement may wait in each open state before the desk
/// flags it, in days (from config).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaleAfter {
    days: [u32; 6],
}

impl Default for StaleAfter {
    /// Analysis within a working week; R&D gets a month to decide.
    fn default() -> Self {
        StaleAfter {
            days: [2, 5, 3, 30, 3, 3],
        }
    }
}

impl StaleAfter {
    /// Days allowed in `state`; `None` for the final state.
    pub fn days(&self, state: RequirementState) -> Option<u32> {
        Self::slot(state).map(|i| self.days[i])
    }

    pub fn set(&mut self, state: RequirementState, days: u32) {
        if let Some(i) = Self::slot(state) {
            self.days[i] = days;
        }
    }

    fn slot(state: RequirementState) -> Option<usize> {
        RequirementState::ALL
            .iter()
            .position(|s| *s == state)
            .filter(|_| state.is_open())
    }

    /// When a requirement that entered `state` at `since` is flagged.
    pub fn flag_at(&self, state: RequirementState, since: DateTime<Utc>) -> Option<DateTime<Utc>> {
        self.days(state)
            .map(|d| since + chrono::Duration::days(i64::from(d)))
    }

    pub fn is_stale(
        &self,
        state: RequirementState,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> bool {
        self.flag_at(state, since).is_some_and(|t| now >= t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequirementState::*;
    use chrono::TimeZone;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn req(state: RequirementState, accepted: bool) -> Requirement {
        let t = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        Requirement {
            id: 7,
            customer: "Acme".into(),
            title: "t".into(),
            description: String::new(),
            state,
            state_since: t,
            submitted_at: t,
            rejection_reason: None,
            accepted,
            rollout: None,
        }
    }

    #[test]
    fn advance_walks_the_pipeline_and_stops_at_customer_notified() {
        let mut state = Submitted;
        let mut seen = vec![state];
        while let Ok(s) = step(&req(state, false), &RequirementOp::Advance) {
            state = s.to.unwrap();
            seen.push(state);
        }
        assert_eq!(
            seen,
            [Submitted, Analysing, Confirmed, ReportedToRnd, Accepted]
        );
        // Telling the customer is a notice that has gone, not a key.
        assert_eq!(
            step(&req(Accepted, true), &RequirementOp::Advance),
            Err(PipelineError::NotifyByNotice {
                id: 7,
                state: Accepted
            })
        );
        assert!(step(&req(Accepted, true), &RequirementOp::Notify).is_ok());
        assert!(step(&req(ReportedToRnd, false), &RequirementOp::Notify).is_err());
        assert_eq!(
            step(&req(CustomerNotified, true), &RequirementOp::Advance),
            Err(PipelineError::Finished {
                id: 7,
                state: CustomerNotified
            })
        );
        assert!(step(&req(Rejected, false), &RequirementOp::Advance).is_err());
    }

    #[test]
    fn only_rnd_rejects_and_only_with_a_reason() {
        let reject = |reason: &str| RequirementOp::Reject {
            reason: reason.into(),
        };
        for state in RequirementState::ALL.iter().copied() {
            let r = step(&req(state, false), &reject("not on the roadmap"));
            if state == ReportedToRnd {
                let s = r.unwrap();
                assert_eq!(s.to, Some(Rejected));
                assert_eq!(s.rejection_reason.as_deref(), Some("not on the roadmap"));
            } else {
                assert_eq!(r, Err(PipelineError::RejectNotNow { id: 7, state }));
            }
        }
        assert_eq!(
            step(&req(ReportedToRnd, false), &reject("  ")),
            Err(PipelineError::EmptyReason)
        );
    }

    #[test]
    fn rollout_plan_only_after_accepted() {
        let plan = RequirementOp::Plan(RolloutPlan {
            date: d("2027-03-01"),
            note: " in the March release ".into(),
        });
        for state in RequirementState::ALL.iter().copied() {
            let accepted = matches!(state, Accepted | CustomerNotified);
            let r = step(&req(state, accepted), &plan);
            if accepted {
                assert_eq!(r.unwrap().rollout.unwrap().note, "in the March release");
            } else {
                assert_eq!(r, Err(PipelineError::PlanNotAccepted { id: 7, state }));
            }
        }
        // Notified of a rejection: no plan.
        assert!(step(&req(CustomerNotified, false), &plan).is_err());
    }

    #[test]
    fn stale_thresholds_per_state() {
        let mut s = StaleAfter::default();
        s.set(Analysing, 1);
        let since = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        let day = chrono::Duration::days(1);
        assert!(!s.is_stale(Analysing, since, since + day - chrono::Duration::seconds(1)));
        assert!(s.is_stale(Analysing, since, since + day));
        assert!(!s.is_stale(CustomerNotified, since, since + day * 1000));
        assert_eq!(s.days(CustomerNotified), None);
    }
}
