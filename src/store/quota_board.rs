//! Each subscribed customer's quota figures, computed by four aggregate
//! queries (customers, subscriptions, packages, this month's uses), not
//! several queries per customer, for every customer or for those the
//! triggers marked stale. The figures are kept in `quota_summary` (see
//! `quota_summary.rs`); a read-only store that cannot keep them computes
//! every customer's here instead.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::customer_views::CustomerQuota;
use super::customers::{JOINED_COLUMNS, customer_at};
use super::engine::Sql;
use super::quota::status_of;
use super::subscriptions::{PACKAGE_COLUMNS, package_at, subscription_at};
use super::{Result, Store};
use crate::domain::desk::DeskRules;
use crate::domain::quota::{Package, QuotaKind};
use crate::domain::subscription::{ChatPlatform, Subscription, active_on, months_left};
use crate::sql_args;

/// Whose figures to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Scope {
    All,
    /// The customers in `quota_stale`.
    Stale,
}

impl Scope {
    /// The condition that keeps a query to the scope's customers.
    fn only(self, column: &str) -> String {
        match self {
            Scope::All => "1 = 1".to_string(),
            Scope::Stale => format!("{column} IN (SELECT customer_id FROM quota_stale)"),
        }
    }
}

/// One row per customer in `scope` with a subscription today, in no
/// particular order. The caller holds the transaction, so a write between
/// two of the reads cannot show a use without its package.
pub(super) fn compute(
    conn: &impl Sql,
    rules: &DeskRules,
    now: DateTime<Utc>,
    scope: Scope,
) -> Result<Vec<CustomerQuota>> {
    let today = rules.calendar.date(now);
    let month = rules.calendar.month(now).key();
    let mut subs: HashMap<i64, Vec<Subscription>> = HashMap::new();
    let found = conn.query_map(
        &format!(
            "SELECT id, customer_id, applied_on, start_on, months, end_on FROM subscriptions
             WHERE {} ORDER BY customer_id, start_on",
            scope.only("customer_id")
        ),
        sql_args![],
        subscription_at,
    )?;
    for s in found {
        subs.entry(s.customer_id).or_default().push(s);
    }
    subs.retain(|_, s| active_on(s, today).is_some());
    let mut packages: HashMap<i64, Vec<Package>> = HashMap::new();
    // A package of a customer with no subscription today is skipped, not
    // read (its term needs the subscriptions).
    let found = conn.query_map(
        &format!(
            "SELECT {PACKAGE_COLUMNS} FROM packages p WHERE {}
             ORDER BY p.customer_id, p.bought_on, p.id",
            scope.only("p.customer_id")
        ),
        sql_args![],
        |r| {
            let customer: i64 = r.get(1)?;
            subs.get(&customer)
                .map(|s| package_at(r, s).map(|p| (customer, p)))
                .transpose()
        },
    )?;
    for (customer, p) in found.into_iter().flatten() {
        packages.entry(customer).or_default().push(p);
    }
    // This month's units not given back: from the plan by quota, from
    // packages by package.
    let mut plan: HashMap<(i64, QuotaKind), u32> = HashMap::new();
    let mut from_packages: HashMap<i64, Vec<(i64, u32)>> = HashMap::new();
    let found = conn.query_map(
        &format!(
            "SELECT customer_id, quota, package_id, COUNT(*) FROM quota_uses
             WHERE month = ?1 AND returned_at IS NULL AND {}
             GROUP BY customer_id, quota, package_id",
            scope.only("customer_id")
        ),
        sql_args![month],
        |r| {
            let package: Option<i64> = r.get(2)?;
            let kind: Option<QuotaKind> = match package {
                None => Some(r.word(1)?),
                Some(_) => None,
            };
            Ok((r.get::<i64>(0)?, kind, package, r.get::<u32>(3)?))
        },
    )?;
    for (customer, kind, package, n) in found {
        match (kind, package) {
            (Some(kind), _) => {
                plan.insert((customer, kind), n);
            }
            (None, Some(package)) => from_packages
                .entry(customer)
                .or_default()
                .push((package, n)),
            (None, None) => {}
        }
    }
    let customers = conn.query_map(
        &format!(
            "SELECT {JOINED_COLUMNS} FROM customers c WHERE {}",
            scope.only("c.id")
        ),
        sql_args![],
        customer_at,
    )?;
    let mut rows = Vec::with_capacity(subs.len());
    for customer in customers {
        let Some(s) = subs.get(&customer.id) else {
            continue;
        };
        let held = packages.get(&customer.id).map_or(&[][..], Vec::as_slice);
        let used = from_packages
            .get(&customer.id)
            .map_or(&[][..], Vec::as_slice);
        let status = |kind| {
            let planned = plan.get(&(customer.id, kind)).copied().unwrap_or(0);
            status_of(kind, today, month.clone(), planned, held, used)
        };
        rows.push(CustomerQuota {
            platform: ChatPlatform::for_customer(customer.kind),
            months_left: months_left(s, today),
            faster: status(QuotaKind::Faster),
            expert: status(QuotaKind::Expert),
            customer,
        });
    }
    Ok(rows)
}

/// The pane's order: least left first, then by name.
pub(super) fn sort(rows: &mut [CustomerQuota]) {
    rows.sort_by(|a, b| {
        a.least_left()
            .cmp(&b.least_left())
            .then_with(|| a.customer.name.cmp(&b.customer.name))
            .then_with(|| a.customer.id.cmp(&b.customer.id))
    });
}

impl Store {
    /// A number that moves whenever the quota board's rows can have
    /// changed (a trigger on every table it reads): one row read.
    pub fn quota_version(&self) -> Result<i64> {
        self.db().query_row(
            "SELECT n FROM quota_version WHERE id = 1",
            sql_args![],
            |r| r.get(0),
        )
    }

    /// Every customer's figures computed afresh in one snapshot, least
    /// left first: what the kept summaries must agree with.
    pub(super) fn quota_board_computed(&self, now: DateTime<Utc>) -> Result<Vec<CustomerQuota>> {
        let tx = self.db().read()?;
        let mut rows = compute(&tx, &self.rules, now, Scope::All)?;
        tx.commit()?;
        sort(&mut rows);
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Actor;
    use chrono::TimeZone;

    /// The aggregate read gives each customer what the per-customer read
    /// (the customer detail's) gives, on the demo's packages and uses.
    #[test]
    fn the_board_agrees_with_each_customers_own_quotas() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
        let mut s = Store::open_in_memory().unwrap();
        crate::demo::fill(&mut s, 24, 300, 7, now).unwrap();
        let board = s.quota_board(now).unwrap();
        assert!(board.len() > 20, "{}", board.len());
        assert!(
            board
                .iter()
                .any(|r| r.faster.package_total > 0 || r.expert.package_total > 0)
        );
        for r in &board {
            let faster = s
                .quota_status(r.customer.id, QuotaKind::Faster, now)
                .unwrap();
            let expert = s
                .quota_status(r.customer.id, QuotaKind::Expert, now)
                .unwrap();
            assert_eq!(
                (&r.faster, &r.expert),
                (&faster, &expert),
                "{}",
                r.customer.name
            );
        }
        // Anything the board reads moves the version.
        let before = s.quota_version().unwrap();
        let acme = &board[0].customer.name;
        s.add_package(
            acme,
            crate::domain::quota::PackageKind::TicketHandling,
            now.date_naive(),
            Actor { engineer: "t", now },
        )
        .unwrap();
        assert!(s.quota_version().unwrap() > before);
    }
}
