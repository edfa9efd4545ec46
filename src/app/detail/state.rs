//! One escalation in full, with its audit history.

use crate::domain::Escalation;
use crate::store::AuditEntry;

pub struct DetailState {
    pub id: i64,
    pub loaded: Option<(Escalation, Vec<AuditEntry>)>,
    pub error: Option<String>,
    pub scroll: u16,
}
