//! PLACEHOLDER with the delivery branch's API, replaced when that branch lands.
use super::{Delivery, SendError, Sent, config::NotifyConfig, templates::Templates};
use std::{path::Path, sync::Arc};
pub struct Transports;
impl Transports {
    pub fn from_config(
        _c: &NotifyConfig,
        _t: Arc<Templates>,
        _d: &Path,
        _e: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Transports, String> {
        Ok(Transports)
    }
    pub async fn send(&self, _d: &Delivery) -> Result<Sent, SendError> {
        Err(SendError::transient("x"))
    }
}
