//! Notices leaving the desk: templates render them, transports deliver them,
//! the dispatcher drains the store's outbox through the transports.
//!
//! Nothing here holds SQL: the dispatcher asks the store for due deliveries
//! and tells it how each went.

// Counts, ids and times read from the store or sent to customers must
// never wrap silently: a value too big is an error.
#![warn(clippy::cast_possible_truncation)]

pub mod compose;
pub mod config;
pub mod dispatch;
pub mod queue;
mod sanitize;
pub mod templates;
pub mod transport;

use serde::Serialize;

use crate::domain::notice::{Stage, SubjectKind};

pub use templates::{Render, render_with};

/// Everything a template may use. Text in it is untrusted (typed by an
/// engineer or pasted from a ticket): each template escapes for its format.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct NoticeContext {
    pub subject: SubjectKind,
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
    /// When the notice was composed, in desk time: "2026-11-23 09:30 CST".
    pub composed_at: String,
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
        subject: SubjectKind::Incident,
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
            next_update_due: Some("2026-11-23 14:00 CST".into()),
            ..RecordView::default()
        },
        message: String::new(),
        engineer: "duty engineer".into(),
        composed_at: "2026-11-23 12:00 CST".into(),
    }
}
