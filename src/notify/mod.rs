//! Notices leaving the desk: templates render them, transports deliver them,
//! the dispatcher drains the store's outbox through the transports.
//!
//! Nothing here holds SQL: the dispatcher asks the store for due deliveries
//! and tells it how each went.

// Counts, ids and times read from the store or sent to customers must
// never wrap silently: a value too big is an error.
#![warn(clippy::cast_possible_truncation)]

pub mod announce;
pub mod compose;
pub mod config;
pub mod dispatch;
pub mod escalation_update;
pub mod handover_notice;
mod i18n;
pub mod queue;
mod sanitize;
pub mod settle;
pub mod templates;
pub mod transport;

use serde::Serialize;

use crate::domain::notice::{NoticeSubject, Stage};

pub use templates::{Render, render_with};

/// Everything a template may use. Text in it is untrusted (typed by an
/// engineer or pasted from a ticket): each template escapes for its format.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct NoticeContext {
    /// incident, change, owner (a change of project owner) or requirement
    /// (R&D's decision on one).
    pub subject: NoticeSubject,
    pub stage: Stage,
    /// "Incident notice", "Change completed", ...
    pub stage_label: String,
    pub customer: String,
    /// The language the customer reads notices in: which templates render.
    pub language: crate::domain::Language,
    pub record: RecordView,
    /// Free text the engineer adds to this notice only (may be empty).
    pub message: String,
    pub engineer: String,
    /// When the notice was composed, in desk time: "2026-11-23 09:30
    /// UTC+08:00".
    pub composed_at: String,
    /// Owner notices: the change of the desk's project owner.
    pub owner: Option<OwnerView>,
    /// Requirement notices: R&D's decision.
    pub requirement: Option<RequirementView>,
    /// Updates about an escalation: the customer's ticket.
    pub escalation: Option<EscalationView>,
}

/// A change of the desk's project owner, for templates.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct OwnerView {
    /// The owner until the change; none if there was none.
    pub previous: Option<String>,
    pub new_owner: String,
    /// "2026-11-26".
    pub effective_on: String,
    /// The engineer's own words, when given (else the templates' text).
    pub announcement: Option<String>,
}

/// A requirement's result, for templates.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct EscalationView {
    /// The customer's own service ticket number: what they quote back.
    pub ticket_no: String,
    pub title: String,
    /// "S1" and what it means ("core production system unavailable").
    pub severity: String,
    pub severity_meaning: String,
    /// "in progress", "resolved", ...
    pub state: String,
    /// When the customer reported it, with its offset.
    pub reported_at: String,
}

/// A requirement's result, for its notice.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct RequirementView {
    /// "REQ-7".
    pub reference: String,
    pub title: String,
    pub accepted: bool,
    /// The rollout plan, when pre-sales announced one.
    pub rollout_on: Option<String>,
    pub rollout_note: Option<String>,
    /// R&D's reason, when rejected.
    pub rejection_reason: Option<String>,
    /// "2026-09-14".
    pub submitted_on: String,
}

/// An incident or a change, flattened for templates; desk-time text for times.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct RecordView {
    pub id: i64,
    /// "INC-12" or "CHG-4": what customers quote back.
    pub reference: String,
    pub title: String,
    pub kind: String,
    pub state: String,
    pub services: Vec<String>,
    pub regions: Vec<String>,
    pub guidance: String,
    /// Incidents: 1-3 and what it means to customers ("high risk").
    pub level: Option<u8>,
    pub level_label: Option<String>,
    pub next_update_due: Option<String>,
    pub lessons: Option<String>,
    pub improvements: Option<String>,
    /// Changes: the window and what customers will notice.
    pub window_start: Option<String>,
    pub window_end: Option<String>,
    pub impact: Option<String>,
    pub follow_up: Option<String>,
}

/// One notice for one customer, in every channel's form. Chat bodies are
/// the exact JSON posted to the group robot.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Rendering {
    pub email_subject: String,
    pub email_body: String,
    pub wecom_body: String,
    pub welink_body: String,
    pub sms_text: String,
}

/// A made-up notice, for checking templates without a store.
pub fn sample_context() -> NoticeContext {
    NoticeContext {
        subject: NoticeSubject::Incident,
        stage: Stage::Initial,
        stage_label: Stage::Initial.label().into(),
        customer: "Example Customer".into(),
        language: crate::domain::Language::En,
        record: RecordView {
            id: 1,
            reference: "INC-1".into(),
            title: "OpenSSH remote code execution (CVE-2024-6387)".into(),
            kind: "OS vulnerability".into(),
            state: "guidance_ready".into(),
            services: vec!["ECS".into()],
            regions: vec!["cn-north-4".into()],
            guidance: "Upgrade openssh-server to 9.8p1 and restart sshd.".into(),
            level: Some(1),
            level_label: Some("high risk".into()),
            next_update_due: Some("2026-11-23 14:00 UTC+08:00".into()),
            ..RecordView::default()
        },
        message: String::new(),
        engineer: "duty engineer".into(),
        composed_at: "2026-11-23 12:00 UTC+08:00".into(),
        owner: None,
        requirement: None,
        escalation: None,
    }
}

/// Made-up owner and requirement notices, for checking those templates.
pub fn sample_contexts() -> Vec<NoticeContext> {
    let base = sample_context();
    let owner = NoticeContext {
        subject: NoticeSubject::Owner,
        stage: Stage::OwnerChange,
        stage_label: Stage::OwnerChange.label().into(),
        record: RecordView {
            reference: "OWN-1".into(),
            ..RecordView::default()
        },
        owner: Some(OwnerView {
            previous: Some("Li Na".into()),
            new_owner: "Omar Haddad".into(),
            effective_on: "2026-11-26".into(),
            announcement: None,
        }),
        ..base.clone()
    };
    let requirement = |accepted: bool| NoticeContext {
        subject: NoticeSubject::Requirement,
        stage: if accepted {
            Stage::RequirementAccepted
        } else {
            Stage::RequirementRejected
        },
        stage_label: if accepted {
            Stage::RequirementAccepted.label().into()
        } else {
            Stage::RequirementRejected.label().into()
        },
        record: RecordView {
            reference: "REQ-7".into(),
            title: "Redis 7 for DCS".into(),
            ..RecordView::default()
        },
        requirement: Some(RequirementView {
            reference: "REQ-7".into(),
            title: "Redis 7 for DCS".into(),
            accepted,
            rollout_on: accepted.then(|| "2027-03-01".into()),
            rollout_note: accepted.then(|| "In the March release.".into()),
            rejection_reason: (!accepted).then(|| "Not on the roadmap for 2027.".into()),
            submitted_on: "2026-09-14".into(),
        }),
        ..base.clone()
    };
    let escalation = NoticeContext {
        subject: NoticeSubject::Escalation,
        stage: Stage::EscalationUpdate,
        stage_label: Stage::EscalationUpdate.label().into(),
        record: RecordView {
            reference: "ST2611-0042".into(),
            title: "RDS failover did not complete".into(),
            ..RecordView::default()
        },
        message: "The standby has taken over; we are watching replication.".into(),
        escalation: Some(EscalationView {
            ticket_no: "ST2611-0042".into(),
            title: "RDS failover did not complete".into(),
            severity: "S1".into(),
            severity_meaning: "core production system unavailable".into(),
            state: "being worked on".into(),
            reported_at: "2026-11-23 09:30 UTC+08:00".into(),
        }),
        ..base.clone()
    };
    vec![
        base.clone(),
        owner,
        requirement(true),
        requirement(false),
        escalation,
    ]
}
