//! What flows into `update` (messages) and out of it (effects).

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::domain::requirement::{Requirement, RequirementOp, RequirementState, Transition};
use crate::domain::{Escalation, TriageOp};
use crate::store::{
    AuditEntry, BoardPage, BoardQuery, CustomerDetail, CustomerQuota, Pipeline, PipelineQuery,
};

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize {
        width: u16,
        height: u16,
    },
    /// The clock moved on (once a second).
    Tick(DateTime<Utc>),
    /// The answer to the `LoadBoard` with the same `seq`.
    BoardLoaded {
        seq: u64,
        result: Result<BoardPage, String>,
    },
    DetailLoaded {
        id: i64,
        result: Result<(Escalation, Vec<AuditEntry>), String>,
    },
    /// A triage step finished: the audit summary, or why it was refused.
    Triaged {
        id: i64,
        result: Result<String, String>,
    },
    /// Another process wrote to the store.
    StoreChanged,
    /// The quota pane's rows, and when the month (and so the quotas) turns.
    QuotasLoaded(Result<(Vec<CustomerQuota>, DateTime<Utc>), String>),
    CustomerLoaded {
        name: String,
        result: Result<Box<CustomerDetail>, String>,
    },
    /// The answer to the `LoadPipeline` with the same `seq`.
    PipelineLoaded {
        seq: u64,
        result: Result<Pipeline, String>,
    },
    RequirementLoaded {
        id: i64,
        result: Result<(Requirement, Vec<Transition>), String>,
    },
    /// A pipeline step finished: what changed, or why it was refused.
    RequirementStepped {
        id: i64,
        result: Result<String, String>,
    },
}

/// Work for the runtime: `update` never does I/O itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Numbered so that an answer can be told from a later request's.
    LoadBoard {
        seq: u64,
        query: BoardQuery,
    },
    LoadDetail(i64),
    Triage {
        id: i64,
        op: TriageOp,
    },
    /// Ask the store whether anyone else has written since last time.
    PollStore,
    LoadQuotas,
    LoadCustomer(String),
    /// Numbered like board reads: only the newest answer counts.
    LoadPipeline {
        seq: u64,
        query: PipelineQuery,
    },
    LoadRequirement(i64),
    /// `seen` is the state the engineer saw: if the requirement has moved
    /// since, the step is refused rather than applied to a state nobody saw.
    StepRequirement {
        id: i64,
        seen: Option<RequirementState>,
        op: RequirementOp,
    },
    Quit,
}
