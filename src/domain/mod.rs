//! The desk's rules in plain Rust: no terminal, no SQL, no clock of its own
//! (every rule that depends on time takes `now` as an argument).

// Counts, ids and times read from the store or sent to customers must
// never wrap silently: a value too big is an error.
#![warn(clippy::cast_possible_truncation)]

pub mod alarm;
pub mod board_filter;
pub mod board_sort;
pub mod business_hours;
pub mod calendar;
pub mod change;
pub mod change_impact;
pub mod change_window;
pub mod chat;
pub mod contact;
pub mod customer;
pub mod deliverable;
pub mod desk;
pub mod desk_time;
pub mod eligibility;
pub mod endpoint;
pub mod escalation;
pub mod fault_report;
pub mod follow_up;
pub mod handover;
pub mod incident;
pub mod inventory;
pub mod language;
pub mod masking;
pub mod note;
pub mod notice;
pub mod owner;
pub mod pacing;
pub mod pause;
pub mod period;
pub mod quota;
pub mod quota_trend;
pub mod record;
pub mod requirement;
pub mod search;
pub mod severity;
pub mod sla;
pub mod sla_policy;
pub mod sms;
pub mod state;
pub mod subscription;
pub mod tally;
pub mod text_rules;
pub mod trends;
pub mod triage;
pub mod when;

pub use customer::{Customer, InvalidCustomer, NewCustomer};
pub use escalation::{Escalation, InvalidEscalation, NewEscalation};
pub use language::Language;
pub use severity::Severity;
pub use state::{CustomerKind, EscalationKind, EscalationState, OutOfScopeReason};
pub use triage::{TriageError, TriageOp, Triaged, check_allowed, triage};

/// A word outside one of the domain's closed vocabularies.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what} '{got}': expected one of {}", expected.join(", "))]
pub struct UnknownWord {
    pub what: &'static str,
    pub got: String,
    pub expected: Vec<&'static str>,
}
