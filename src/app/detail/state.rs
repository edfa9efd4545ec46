//! One escalation in full: fields, notes and hand-offs, history.

use crate::store::EscalationFile;

pub struct DetailState {
    pub id: i64,
    pub loaded: Option<Box<EscalationFile>>,
    pub error: Option<String>,
    pub scroll: u16,
}
