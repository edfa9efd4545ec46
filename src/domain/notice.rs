//! Notices to customers about an incident or a platform change: which stage
//! of the record a notice may speak for, the channels it goes out on, the
//! state of each delivery and when a failed one is tried again.

use chrono::{DateTime, Duration, Utc};

use super::change::ChangeState;
use super::incident::IncidentState;
use super::state::word_enum;

word_enum!(
    /// What a notice is about.
    SubjectKind, "notice subject" {
        Incident => "incident",
        Change => "change",
    }
);

word_enum!(
    /// Everything a notice may speak for: a record (incident or change),
    /// a change of project owner, or a requirement's result.
    NoticeSubject, "notice subject" {
        Incident => "incident",
        Change => "change",
        Owner => "owner",
        Requirement => "requirement",
        Escalation => "escalation",
        Handover => "handover",
    }
);

impl From<SubjectKind> for NoticeSubject {
    fn from(k: SubjectKind) -> Self {
        match k {
            SubjectKind::Incident => NoticeSubject::Incident,
            SubjectKind::Change => NoticeSubject::Change,
        }
    }
}

impl NoticeSubject {
    /// The record kind, for notices about an incident or a change.
    pub fn record(self) -> Option<SubjectKind> {
        match self {
            NoticeSubject::Incident => Some(SubjectKind::Incident),
            NoticeSubject::Change => Some(SubjectKind::Change),
            _ => None,
        }
    }

    /// "INC-12", "CHG-4", "OWN-3", "REQ-7": what customers quote back.
    pub fn reference(self, id: i64) -> String {
        match self {
            NoticeSubject::Incident => format!("INC-{id}"),
            NoticeSubject::Change => format!("CHG-{id}"),
            NoticeSubject::Owner => format!("OWN-{id}"),
            NoticeSubject::Requirement => format!("REQ-{id}"),
            // Customers quote their own ticket number; this names the
            // escalation where the desk lists notices.
            NoticeSubject::Escalation => format!("ESC-{id}"),
            // The desk's own: the shift handovers sent, counted from 1.
            NoticeSubject::Handover => format!("HO-{id}"),
        }
    }
}

word_enum!(
    /// Where in its record's life a notice speaks. Incidents and changes have
    /// four each; a notice's stage must belong to its subject.
    Stage, "stage" {
        Initial => "initial",
        Update => "update",
        Resolved => "resolved",
        Review => "review",
        Notice => "notice",
        InProgress => "in-progress",
        Completed => "completed",
        FollowUp => "follow-up",
        OwnerChange => "owner-change",
        RequirementAccepted => "requirement-accepted",
        RequirementRejected => "requirement-rejected",
        EscalationUpdate => "escalation-update",
        ShiftHandover => "handover",
    }
);

word_enum!(
    /// How a notice reaches a customer.
    Channel, "channel" {
        Email => "email",
        Chat => "chat",
        Sms => "sms",
    }
);

/// The customer's chat group: each platform's group robot wants its own body.
pub use super::subscription::ChatPlatform;

word_enum!(
    /// One delivery (a recipient on a channel) in the outbox.
    DeliveryState, "delivery state" {
        Queued => "queued",
        Sending => "sending",
        Sent => "sent",
        Failed => "failed",
        Dead => "dead",
    }
);

impl DeliveryState {
    /// Whether the dispatcher still has work to do for it.
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            DeliveryState::Queued | DeliveryState::Sending | DeliveryState::Failed
        )
    }
}

impl Stage {
    pub const INCIDENT: [Stage; 4] = [
        Stage::Initial,
        Stage::Update,
        Stage::Resolved,
        Stage::Review,
    ];
    pub const CHANGE: [Stage; 4] = [
        Stage::Notice,
        Stage::InProgress,
        Stage::Completed,
        Stage::FollowUp,
    ];

    /// The record kind a record stage belongs to (the owner and
    /// requirement stages are told apart by [`Stage::about`]).
    pub fn subject(self) -> SubjectKind {
        if Stage::INCIDENT.contains(&self) {
            SubjectKind::Incident
        } else {
            SubjectKind::Change
        }
    }

    pub fn about(self) -> NoticeSubject {
        match self {
            Stage::OwnerChange => NoticeSubject::Owner,
            Stage::RequirementAccepted | Stage::RequirementRejected => NoticeSubject::Requirement,
            Stage::EscalationUpdate => NoticeSubject::Escalation,
            Stage::ShiftHandover => NoticeSubject::Handover,
            s => s.subject().into(),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Stage::Initial => "Incident notice",
            Stage::Update => "Incident update",
            Stage::Resolved => "Incident resolved",
            Stage::Review => "Post-incident review",
            Stage::Notice => "Planned change notice",
            Stage::InProgress => "Change in progress",
            Stage::Completed => "Change completed",
            Stage::FollowUp => "Change impact report",
            Stage::OwnerChange => "Change of project owner",
            Stage::RequirementAccepted => "Requirement accepted",
            Stage::RequirementRejected => "Requirement not accepted",
            Stage::EscalationUpdate => "Update on your service ticket",
            Stage::ShiftHandover => "Shift handover",
        }
    }
}

/// Why a notice cannot be composed for a record in its current state.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StageError {
    #[error("stage '{stage}' is for {belongs}s, not {subject}s")]
    WrongSubject {
        stage: Stage,
        belongs: SubjectKind,
        subject: SubjectKind,
    },
    #[error("stage '{stage}' needs the {subject} to be {needs}; it is {now}")]
    NotYet {
        stage: Stage,
        subject: SubjectKind,
        needs: String,
        now: String,
    },
}

fn check_subject(stage: Stage, subject: SubjectKind) -> Result<(), StageError> {
    if stage.subject() == subject {
        Ok(())
    } else {
        Err(StageError::WrongSubject {
            stage,
            belongs: stage.subject(),
            subject,
        })
    }
}

fn rank<T: PartialEq>(all: &[T], x: &T) -> usize {
    all.iter().position(|v| v == x).unwrap_or(0)
}

/// Whether an incident in `state` may send a `stage` notice, and the state
/// the incident moves to once it is queued: the first notice is what makes
/// an incident "notified".
pub fn check_incident_stage(
    stage: Stage,
    state: IncidentState,
) -> Result<Option<IncidentState>, StageError> {
    use IncidentState as S;
    check_subject(stage, SubjectKind::Incident)?;
    let at = |s: S| rank(S::ALL, &state) >= rank(S::ALL, &s);
    let (ok, needs) = match stage {
        Stage::Initial => (
            at(S::GuidanceReady) && state.is_open(),
            "guidance_ready or later, and open",
        ),
        Stage::Update => (
            at(S::Notified) && state.is_open(),
            "notified or coordinating",
        ),
        Stage::Resolved => (at(S::Resolved), "resolved"),
        _ => (state == S::Reviewed, "reviewed"),
    };
    if !ok {
        return Err(StageError::NotYet {
            stage,
            subject: SubjectKind::Incident,
            needs: needs.into(),
            now: state.to_string(),
        });
    }
    Ok((stage == Stage::Initial && state == S::GuidanceReady).then_some(S::Notified))
}

/// As [`check_incident_stage`], for a platform change.
pub fn check_change_stage(
    stage: Stage,
    state: ChangeState,
) -> Result<Option<ChangeState>, StageError> {
    use ChangeState as S;
    check_subject(stage, SubjectKind::Change)?;
    let at = |s: S| rank(S::ALL, &state) >= rank(S::ALL, &s);
    let (ok, needs) = match stage {
        Stage::Notice => (
            at(S::GuidanceReady) && !at(S::Completed),
            "guidance_ready, notified or in_progress",
        ),
        Stage::InProgress => (state == S::InProgress, "in_progress"),
        Stage::Completed => (at(S::Completed), "completed"),
        _ => (state == S::FollowedUp, "followed_up"),
    };
    if !ok {
        return Err(StageError::NotYet {
            stage,
            subject: SubjectKind::Change,
            needs: needs.into(),
            now: state.to_string(),
        });
    }
    Ok((stage == Stage::Notice && state == S::GuidanceReady).then_some(S::Notified))
}

/// Reads "email,chat,sms" (any order, spaces allowed, no repeats kept).
pub fn parse_channels(s: &str) -> Result<Vec<Channel>, String> {
    let mut out = Vec::new();
    for word in s.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        let c: Channel = word
            .parse()
            .map_err(|e: super::UnknownWord| e.to_string())?;
        if !out.contains(&c) {
            out.push(c);
        }
    }
    if out.is_empty() {
        return Err("name at least one channel: email, chat or sms".into());
    }
    Ok(out)
}

/// When a failed delivery is tried again: exponential backoff from `base`,
/// capped, with `max_attempts` in all before it is given up as dead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base: Duration,
    pub cap: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base: Duration::seconds(30),
            cap: Duration::minutes(30),
        }
    }
}

/// What happens to a delivery after a failed attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AfterFailure {
    RetryAt(DateTime<Utc>),
    Dead,
}

impl RetryPolicy {
    /// `attempts` counts the one that just failed. A permanent failure (a
    /// refused address, a missing channel address) is not worth repeating.
    pub fn after_failure(
        &self,
        attempts: u32,
        permanent: bool,
        now: DateTime<Utc>,
    ) -> AfterFailure {
        if permanent || attempts >= self.max_attempts {
            return AfterFailure::Dead;
        }
        let doublings = attempts.saturating_sub(1).min(20);
        let wait = self
            .base
            .checked_mul(1 << doublings)
            .unwrap_or(self.cap)
            .min(self.cap);
        AfterFailure::RetryAt(now + wait)
    }
}

/// One recipient on one channel, as the outbox holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub notice_id: i64,
    /// Stable across retries and restarts: receivers drop repeats by it.
    pub key: String,
    pub channel: Channel,
    /// For chat: which robot format `body` is in.
    pub platform: Option<ChatPlatform>,
    /// Email address, phone number or webhook URL.
    pub address: String,
    /// Email subject; empty for the other channels.
    pub subject: String,
    pub body: String,
    /// SMS: the notice's parameters for a provider's template, as JSON.
    pub params: Option<String>,
    /// Attempts made before this one.
    pub attempts: u32,
    /// When this claim's lease ends. It names the claim: once it lapses and
    /// another drain claims the delivery, this one can no longer settle a
    /// failure or give it back over the newer claim.
    pub lease_until: DateTime<Utc>,
}

/// What the far end said when it took a delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    pub reply: String,
}

/// Why a delivery did not go; `permanent` ones are not retried.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct SendError {
    pub reason: String,
    pub permanent: bool,
}

impl SendError {
    pub fn transient(reason: impl Into<String>) -> SendError {
        SendError {
            reason: reason.into(),
            permanent: false,
        }
    }

    pub fn permanent(reason: impl Into<String>) -> SendError {
        SendError {
            reason: reason.into(),
            permanent: true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::from_timestamp(1_800_000_000, 0).unwrap()
    }

    #[test]
    fn stages_belong_to_their_subject() {
        assert_eq!(Stage::Review.subject(), SubjectKind::Incident);
        assert_eq!(Stage::FollowUp.subject(), SubjectKind::Change);
        let e = check_change_stage(Stage::Initial, ChangeState::GuidanceReady).unwrap_err();
        assert_eq!(
            e.to_string(),
            "stage 'initial' is for incidents, not changes"
        );
    }

    #[test]
    fn the_first_incident_notice_marks_it_notified() {
        use IncidentState as S;
        assert_eq!(
            check_incident_stage(Stage::Initial, S::GuidanceReady),
            Ok(Some(S::Notified))
        );
        assert_eq!(
            check_incident_stage(Stage::Initial, S::Coordinating),
            Ok(None)
        );
        let e = check_incident_stage(Stage::Initial, S::Evaluated).unwrap_err();
        assert!(e.to_string().contains("it is evaluated"), "{e}");
        assert!(check_incident_stage(Stage::Update, S::GuidanceReady).is_err());
        assert_eq!(
            check_incident_stage(Stage::Update, S::Coordinating),
            Ok(None)
        );
        assert!(check_incident_stage(Stage::Update, S::Resolved).is_err());
        assert!(check_incident_stage(Stage::Resolved, S::Coordinating).is_err());
        assert_eq!(check_incident_stage(Stage::Resolved, S::Reviewed), Ok(None));
        assert!(check_incident_stage(Stage::Review, S::Resolved).is_err());
    }

    #[test]
    fn change_notices_follow_the_change() {
        use ChangeState as S;
        assert_eq!(
            check_change_stage(Stage::Notice, S::GuidanceReady),
            Ok(Some(S::Notified))
        );
        assert_eq!(check_change_stage(Stage::Notice, S::InProgress), Ok(None));
        assert!(check_change_stage(Stage::Notice, S::Completed).is_err());
        assert!(check_change_stage(Stage::Notice, S::ImpactEvaluated).is_err());
        assert!(check_change_stage(Stage::InProgress, S::Notified).is_err());
        assert_eq!(
            check_change_stage(Stage::Completed, S::FollowedUp),
            Ok(None)
        );
        assert!(check_change_stage(Stage::FollowUp, S::Completed).is_err());
    }

    #[test]
    fn channels_parse_as_a_list() {
        assert_eq!(
            parse_channels(" sms, email ,sms").unwrap(),
            vec![Channel::Sms, Channel::Email]
        );
        assert!(parse_channels("").unwrap_err().contains("at least one"));
        assert!(parse_channels("email,fax").unwrap_err().contains("'fax'"));
    }

    #[test]
    fn retries_back_off_then_give_up() {
        let p = RetryPolicy {
            max_attempts: 4,
            base: Duration::seconds(30),
            cap: Duration::seconds(100),
        };
        let at = |n| p.after_failure(n, false, t0());
        assert_eq!(at(1), AfterFailure::RetryAt(t0() + Duration::seconds(30)));
        assert_eq!(at(2), AfterFailure::RetryAt(t0() + Duration::seconds(60)));
        assert_eq!(at(3), AfterFailure::RetryAt(t0() + Duration::seconds(100)));
        assert_eq!(at(4), AfterFailure::Dead);
        assert_eq!(p.after_failure(1, true, t0()), AfterFailure::Dead);
    }

    #[test]
    fn pending_states() {
        assert!(DeliveryState::Failed.is_pending());
        assert!(!DeliveryState::Dead.is_pending());
        assert!(!DeliveryState::Sent.is_pending());
    }
}
