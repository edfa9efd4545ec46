//! What the dashboard and `quota show` / `customer show` read about the
//! customers: the quota pane's rows and one customer's whole picture,
//! built on subscriptions, packages, quota uses, owners and deliverables.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::quota::QuotaUse;
use super::subscriptions::{chat_groups_of, packages_of, subscriptions_of};
use super::{Result, Store};
use crate::domain::Customer;
use crate::domain::deliverable::DeliverableStatus;
use crate::domain::owner::{self, OwnerTerm};
use crate::domain::quota::{Package, QuotaKind, QuotaStatus};
use crate::domain::subscription::{
    ChatGroup, ChatPlatform, Subscription, active_on, consecutive_months, months_left,
};

/// A row of the quota pane: one subscribed customer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CustomerQuota {
    pub customer: Customer,
    pub platform: ChatPlatform,
    pub months_left: u32,
    pub faster: QuotaStatus,
    pub expert: QuotaStatus,
}

impl CustomerQuota {
    /// The smaller share left of the two quotas, in thousandths.
    pub fn least_left(&self) -> u32 {
        let share = |q: &QuotaStatus| q.left() * 1000 / q.total().max(1);
        share(&self.faster).min(share(&self.expert))
    }
}

/// Everything the customer detail shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CustomerDetail {
    pub customer: Customer,
    pub subscriptions: Vec<Subscription>,
    pub active_subscription: Option<i64>,
    pub consecutive_months: u32,
    pub months_left: u32,
    pub chat_groups: Vec<ChatGroup>,
    pub packages: Vec<Package>,
    pub quotas: Vec<QuotaStatus>,
    pub uses_this_month: Vec<QuotaUse>,
    /// The desk's project owner today, and a change announced for later.
    pub project_owner: Option<OwnerTerm>,
    pub owner_change: Option<OwnerTerm>,
    /// Both deliverable lists of recent months, newest first.
    pub deliverables: Vec<DeliverableStatus>,
}

/// Months of deliverables the customer detail shows.
pub const RECENT_DELIVERABLE_MONTHS: u32 = 3;

impl Store {
    pub fn customer_detail(&self, name: &str, now: DateTime<Utc>) -> Result<CustomerDetail> {
        let customer = self.customer_by_name(name)?;
        let today = self.rules.calendar.date(now);
        let subscriptions = subscriptions_of(self.db(), customer.id)?;
        let owners = self.project_owners(&customer.name)?;
        Ok(CustomerDetail {
            active_subscription: active_on(&subscriptions, today).map(|s| s.id),
            consecutive_months: consecutive_months(&subscriptions, today),
            months_left: months_left(&subscriptions, today),
            chat_groups: chat_groups_of(self.db(), customer.id, &subscriptions, today)?,
            packages: packages_of(self.db(), customer.id)?,
            quotas: vec![
                self.quota_status(customer.id, QuotaKind::Faster, now)?,
                self.quota_status(customer.id, QuotaKind::Expert, now)?,
            ],
            uses_this_month: self.quota_uses(customer.id, now)?,
            project_owner: owner::current(&owners, today).cloned(),
            owner_change: owner::pending(&owners, today).cloned(),
            deliverables: self.deliverable_statuses(
                &customer.name,
                RECENT_DELIVERABLE_MONTHS,
                now,
            )?,
            subscriptions,
            customer,
        })
    }
}
