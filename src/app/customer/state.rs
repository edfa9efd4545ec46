//! One customer in full: subscriptions, chat groups, packages, quota use,
//! the desk's project owner and the deliverables.

use crate::store::CustomerDetail;

pub struct CustomerState {
    pub name: String,
    pub loaded: Option<CustomerDetail>,
    pub error: Option<String>,
    pub scroll: u16,
}
