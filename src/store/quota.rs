//! Quota uses: taken in the transaction of the escalation change that
//! needs them, given back on an early withdrawal, and summed for display.

use chrono::{DateTime, Utc};

use serde::Serialize;

use super::engine::Sql;
use super::subscriptions::{packages_of, subscriptions_of};
use super::{Actor, Result, Store, StoreError, audit, from_ts, ts};
use crate::domain::Escalation;
use crate::domain::desk::DeskRules;
use crate::domain::quota::{QuotaKind, QuotaRefused, QuotaStatus, Source, allocate};
use crate::domain::subscription::{active_on, run_end};
use crate::sql_args;

/// One use of a quota, for the customer detail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuotaUse {
    pub escalation_id: i64,
    pub ticket_no: String,
    pub title: String,
    pub quota: QuotaKind,
    pub package_id: Option<i64>,
    pub used_at: DateTime<Utc>,
    pub returned_at: Option<DateTime<Utc>>,
}

fn plan_used(conn: &impl Sql, customer_id: i64, kind: QuotaKind, month: &str) -> Result<u32> {
    // Read as u32: a count beyond it is an error, never a wrapped number.
    conn.query_row(
        "SELECT COUNT(*) FROM quota_uses WHERE customer_id = ?1 AND month = ?2 AND quota = ?3
         AND package_id IS NULL AND returned_at IS NULL",
        sql_args![customer_id, month, kind.as_str()],
        |r| r.get(0),
    )
}

fn used_this_month(conn: &impl Sql, customer_id: i64, kind: QuotaKind, month: &str) -> Result<u32> {
    conn.query_row(
        "SELECT COUNT(*) FROM quota_uses WHERE customer_id = ?1 AND month = ?2 AND quota = ?3
         AND returned_at IS NULL",
        sql_args![customer_id, month, kind.as_str()],
        |r| r.get(0),
    )
}

/// Units taken from each package in `month`: (package id, count).
fn package_uses_in(conn: &impl Sql, customer_id: i64, month: &str) -> Result<Vec<(i64, u32)>> {
    conn.query_map(
        "SELECT package_id, COUNT(*) FROM quota_uses WHERE customer_id = ?1 AND month = ?2
         AND package_id IS NOT NULL AND returned_at IS NULL GROUP BY package_id",
        sql_args![customer_id, month],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
}

pub(super) fn status(
    conn: &impl Sql,
    rules: &DeskRules,
    customer_id: i64,
    kind: QuotaKind,
    now: DateTime<Utc>,
) -> Result<QuotaStatus> {
    let day = rules.calendar.date(now);
    let month = rules.calendar.month(now).key();
    let used_now = package_uses_in(conn, customer_id, &month)?;
    let plan = plan_used(conn, customer_id, kind, &month)?;
    let packages = packages_of(conn, customer_id)?;
    Ok(status_of(kind, day, month, plan, &packages, &used_now))
}

/// A quota's standing from what was read: the units the plan gave this
/// month, the customer's packages, and the units taken from each package
/// this month (package id, count).
pub(super) fn status_of(
    kind: QuotaKind,
    day: chrono::NaiveDate,
    month: String,
    plan_used: u32,
    packages: &[crate::domain::quota::Package],
    used_now: &[(i64, u32)],
) -> QuotaStatus {
    // A month's package share: what live packages still hold plus what was
    // taken from packages this month, so used + left always adds up.
    let (mut package_total, mut package_left) = (0, 0);
    for p in packages
        .iter()
        .filter(|p| p.kind.quota() == kind && p.bought_on <= day)
    {
        let left = if p.expired(day).is_none() {
            p.left()
        } else {
            0
        };
        let this_month = used_now
            .iter()
            .find(|(id, _)| *id == p.id)
            .map_or(0, |(_, n)| *n);
        package_total += left + this_month;
        package_left += left;
    }
    QuotaStatus {
        kind,
        plan_used,
        plan_total: kind.monthly(),
        package_left,
        package_total,
        month,
    }
}

/// Where the next unit of `kind` would come from for a customer at `at`:
/// the source and what it says, or the refusal `use_unit` would give.
pub(super) struct Planned {
    pub source: Source,
    /// "takes Faster Service Ticket Handling unit 7 of 10 for Acme".
    pub preview: String,
    /// For the audit line once taken.
    pub note: String,
}

pub(super) fn plan_unit(
    conn: &impl Sql,
    rules: &DeskRules,
    customer_id: i64,
    customer: &str,
    kind: QuotaKind,
    at: DateTime<Utc>,
) -> Result<Planned> {
    let cal = &rules.calendar;
    let day = cal.date(at);
    let month = cal.month(at);
    let subs = subscriptions_of(conn, customer_id)?;
    if active_on(&subs, day).is_none() {
        return Err(QuotaRefused::NoSubscription {
            customer: customer.to_string(),
            kind,
            day,
        }
        .into());
    }
    let plan = plan_used(conn, customer_id, kind, &month.key())?;
    let packages = packages_of(conn, customer_id)?;
    let source = allocate(kind, plan, &packages, day).ok_or_else(|| {
        let refill = cal.next_month_start(at);
        let next = match run_end(&subs, day) {
            Some(end) if end < cal.date(refill) => {
                format!("the subscription ends on {end}, so it does not refill")
            }
            _ => format!(
                "it refills on {} ({})",
                crate::domain::desk_time::minute(refill, cal.tz),
                cal.tz
            ),
        };
        StoreError::from(QuotaRefused::UsedUp {
            customer: customer.to_string(),
            kind,
            used: used_this_month(conn, customer_id, kind, &month.key()).unwrap_or(plan),
            month,
            next,
        })
    })?;
    Ok(match source {
        Source::Plan => Planned {
            source,
            preview: format!(
                "takes {} unit {} of {} for {customer} ({month})",
                kind.label(),
                plan + 1,
                kind.monthly()
            ),
            note: format!(
                "used one {} unit from the plan ({} of {} in {month})",
                kind.short(),
                plan + 1,
                kind.monthly()
            ),
        },
        Source::Package(id) => {
            let left = packages
                .iter()
                .find(|p| p.id == id)
                .map_or(0, |p| p.left().saturating_sub(1));
            Planned {
                source,
                preview: format!(
                    "takes a {} unit from package #{id} for {customer} ({left} left in it after; \
                     the plan's {} for {month} are used)",
                    kind.label(),
                    kind.monthly()
                ),
                note: format!(
                    "used one {} unit from package #{id} ({left} left in it)",
                    kind.short()
                ),
            }
        }
    })
}

/// Takes one unit of `kind` for escalation `e`, counted in the desk month
/// of `at` (when the customer asked), or refuses with the reason. Answers
/// with the plan it carried out: its note for the triage summary, its
/// preview for an import that says which unit each row took.
pub(super) fn use_unit(
    conn: &impl Sql,
    rules: &DeskRules,
    e: &Escalation,
    kind: QuotaKind,
    at: DateTime<Utc>,
    actor: Actor<'_>,
) -> Result<Planned> {
    let planned = plan_unit(conn, rules, e.customer_id, &e.customer, kind, at)?;
    let package_id = match planned.source {
        Source::Plan => None,
        Source::Package(id) => Some(id),
    };
    conn.execute(
        "INSERT INTO quota_uses (customer_id, escalation_id, quota, month, package_id, used_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        sql_args![
            e.customer_id,
            e.id,
            kind.as_str(),
            rules.calendar.month(at).key(),
            package_id,
            ts(actor.now)
        ],
    )?;
    audit::record(conn, actor, "escalation", e.id, "use quota", &planned.note)?;
    Ok(planned)
}

/// On withdrawal: each unit used within the grace period goes back; older
/// ones stay used.
pub(super) fn give_back(
    conn: &impl Sql,
    rules: &DeskRules,
    escalation_id: i64,
    actor: Actor<'_>,
) -> Result<Option<String>> {
    let uses: Vec<(i64, i64, String)> = conn.query_map(
        "SELECT id, used_at, quota FROM quota_uses
         WHERE escalation_id = ?1 AND returned_at IS NULL ORDER BY id",
        sql_args![escalation_id],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let minutes = rules.grace.num_minutes();
    let mut notes = Vec::new();
    for (use_id, used_at, quota) in uses {
        if crate::domain::quota::within_grace(from_ts(used_at)?, actor.now, rules.grace) {
            conn.execute(
                "UPDATE quota_uses SET returned_at = ?2 WHERE id = ?1",
                sql_args![use_id, ts(actor.now)],
            )?;
            let note = format!("gave the {quota} unit back (withdrawn within {minutes} minutes)");
            audit::record(
                conn,
                actor,
                "escalation",
                escalation_id,
                "return quota",
                &note,
            )?;
            notes.push(note);
        } else {
            notes.push(format!(
                "the {quota} unit is not given back (withdrawn after the {minutes}-minute grace)"
            ));
        }
    }
    Ok((!notes.is_empty()).then(|| format!("; {}", notes.join("; "))))
}

impl Store {
    pub fn quota_status(
        &self,
        customer_id: i64,
        kind: QuotaKind,
        now: DateTime<Utc>,
    ) -> Result<QuotaStatus> {
        status(self.db(), &self.rules, customer_id, kind, now)
    }

    /// This month's uses of a customer's quotas, newest first.
    pub fn quota_uses(&self, customer_id: i64, now: DateTime<Utc>) -> Result<Vec<QuotaUse>> {
        let month = self.rules.calendar.month(now).key();
        self.db().query_map(
            "SELECT q.escalation_id, e.ticket_no, e.title, q.quota, q.package_id, q.used_at,
                    q.returned_at
             FROM quota_uses q JOIN escalations e ON e.id = q.escalation_id
             WHERE q.customer_id = ?1 AND q.month = ?2 ORDER BY q.used_at DESC, q.id DESC",
            sql_args![customer_id, month],
            |r| {
                Ok(QuotaUse {
                    escalation_id: r.get(0)?,
                    ticket_no: r.text(1)?,
                    title: r.text(2)?,
                    quota: r.word(3)?,
                    package_id: r.get(4)?,
                    used_at: from_ts(r.get(5)?)?,
                    returned_at: r.get::<Option<i64>>(6)?.map(from_ts).transpose()?,
                })
            },
        )
    }
}
