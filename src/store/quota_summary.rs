//! The quota pane's kept rows (`quota_summary`): computed again only for
//! the customers the triggers put in `quota_stale`, and for every customer
//! when the desk day they were computed for is not today's (a subscription
//! can start or end, a package's term can run out, the month can turn).
//! The figures come from the domain's rules in `quota_board::compute`; SQL
//! only keeps and orders them.

use chrono::{DateTime, Utc};

use super::customer_views::CustomerQuota;
use super::customers::customer_at;
use super::engine::{Row, Sql};
use super::quota_board::{Scope, compute};
use super::{Result, day_text};
use crate::domain::desk::DeskRules;
use crate::domain::quota::{QuotaKind, QuotaStatus};
use crate::domain::subscription::ChatPlatform;
use crate::sql_args;

/// A summary's columns after the customer's (`customers c`, `quota_summary
/// s`), for [`summary_at`].
pub(super) const SUMMARY_COLUMNS: &str = "s.months_left, s.month, s.faster_plan_used, \
     s.faster_plan_total, s.faster_package_left, s.faster_package_total, s.expert_plan_used, \
     s.expert_plan_total, s.expert_package_left, s.expert_package_total";

/// Where the summaries stand: the desk day they hold and their count.
fn settled(conn: &impl Sql) -> Result<Option<(String, usize)>> {
    conn.query_opt(
        "SELECT day, rows FROM quota_settled WHERE id = 1",
        sql_args![],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

/// Whether the kept rows are right for `now` as they stand: computed for
/// today, none stale.
pub(super) fn is_settled(conn: &impl Sql, rules: &DeskRules, now: DateTime<Utc>) -> Result<bool> {
    let today = day_text(rules.calendar.date(now));
    conn.query_row(
        "SELECT (SELECT day FROM quota_settled WHERE id = 1) IS NOT DISTINCT FROM ?1
            AND NOT EXISTS (SELECT 1 FROM quota_stale)",
        sql_args![today],
        |r| r.get(0),
    )
}

/// How many customers have a row: one row read.
pub(super) fn total(conn: &impl Sql) -> Result<usize> {
    Ok(settled(conn)?.map_or(0, |(_, n)| n))
}

/// Computes again what is stale (everything, on a new desk day) and keeps
/// it, inside the caller's write transaction. Answers how many customers
/// were computed.
pub(super) fn settle(conn: &impl Sql, rules: &DeskRules, now: DateTime<Utc>) -> Result<usize> {
    let today = day_text(rules.calendar.date(now));
    let (scope, kept) = match settled(conn)? {
        Some((day, n)) if day == today => (Scope::Stale, n),
        _ => (Scope::All, 0),
    };
    let removed = match scope {
        Scope::All => conn.execute("DELETE FROM quota_summary", sql_args![])?,
        Scope::Stale => conn.execute(
            "DELETE FROM quota_summary
             WHERE customer_id IN (SELECT customer_id FROM quota_stale)",
            sql_args![],
        )?,
    };
    let rows = compute(conn, rules, now, scope)?;
    for r in &rows {
        let (f, e) = (&r.faster, &r.expert);
        conn.execute(
            "INSERT INTO quota_summary (customer_id, name, least_left, months_left, month,
                 faster_plan_used, faster_plan_total, faster_package_left, faster_package_total,
                 expert_plan_used, expert_plan_total, expert_package_left, expert_package_total)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            sql_args![
                r.customer.id,
                r.customer.name,
                r.least_left(),
                r.months_left,
                f.month,
                f.plan_used,
                f.plan_total,
                f.package_left,
                f.package_total,
                e.plan_used,
                e.plan_total,
                e.package_left,
                e.package_total,
            ],
        )?;
    }
    conn.execute("DELETE FROM quota_stale", sql_args![])?;
    // With Scope::All every row went first; else the stale ones only.
    let n = match scope {
        Scope::All => rows.len(),
        Scope::Stale => (kept + rows.len()).saturating_sub(removed),
    };
    conn.execute(
        "INSERT INTO quota_settled (id, day, rows) VALUES (1, ?1, ?2)
         ON CONFLICT (id) DO UPDATE SET day = excluded.day, rows = excluded.rows",
        sql_args![today, i64::try_from(n).unwrap_or(i64::MAX)],
    )?;
    tracing::debug!(computed = rows.len(), ?scope, "quota summaries settled");
    Ok(rows.len())
}

/// A pane row from [`super::customers::JOINED_COLUMNS`] then
/// [`SUMMARY_COLUMNS`].
pub(super) fn summary_at(r: &Row<'_>) -> Result<CustomerQuota> {
    const AT: usize = 6;
    let customer = customer_at(r)?;
    let month: String = r.get(AT + 1)?;
    let status = |kind, at: usize| -> Result<QuotaStatus> {
        Ok(QuotaStatus {
            kind,
            month: month.clone(),
            plan_used: r.get(at)?,
            plan_total: r.get(at + 1)?,
            package_left: r.get(at + 2)?,
            package_total: r.get(at + 3)?,
        })
    };
    Ok(CustomerQuota {
        platform: ChatPlatform::for_customer(customer.kind),
        months_left: r.get(AT)?,
        faster: status(QuotaKind::Faster, AT + 2)?,
        expert: status(QuotaKind::Expert, AT + 6)?,
        customer,
    })
}
