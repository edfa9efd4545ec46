//! The trends' reads: a span of escalations by when they were reported
//! and by when they were answered, and a year of quota uses by month,
//! each one range of an index that holds the columns it needs (see
//! schema_v13_trends.sql). Rows are folded into aggregates as they are
//! read; nothing per escalation leaves the store.

use super::customers::customer_id;
use super::engine::{Dialect, Row, Sql};
use super::subscriptions::{packages_of, subscriptions_of};
use super::{Result, Store, StoreError, from_ts, ts};
use crate::domain::Severity;
use crate::domain::calendar::{DeskCalendar, Month};
use crate::domain::period::Period;
use crate::domain::quota_trend::{UseRow, UseTally};
use crate::domain::trends::{
    PeriodTrend, Reported, SlaTrend, Span, Tally, Trends, Verdict, Window, windows,
};
use crate::sql_args;
use chrono::{DateTime, Utc};

/// How many months of quota use the trends show.
pub const QUOTA_MONTHS: u32 = 12;

const REPORTED: &str =
    "SELECT reported_at, severity, responded_at, response_met, paused_secs, open_rank, deadline
     FROM escalations";

fn severity_in(r: &Row<'_>, idx: usize) -> Result<Severity> {
    let n: i64 = r.get(idx)?;
    Severity::from_number(n).ok_or_else(|| StoreError::Corrupt(format!("severity {n}")))
}

fn reported_at(r: &Row<'_>, now: i64) -> Result<Reported> {
    let at: i64 = r.get(0)?;
    let responded: Option<i64> = r.get(2)?;
    let met: Option<bool> = r.get(3)?;
    let paused: i64 = r.get(4)?;
    let rank: Option<i64> = r.get(5)?;
    let deadline: i64 = r.get(6)?;
    let verdict = match responded {
        Some(t) => {
            // Paused time does not count, as the SLA clock does not.
            let secs = (t - at - paused).max(0);
            if met == Some(true) {
                Verdict::Met(secs)
            } else {
                Verdict::Late(secs)
            }
        }
        None if rank == Some(0) && deadline < now => Verdict::Overdue,
        None => Verdict::Open,
    };
    Ok(Reported {
        at: from_ts(at)?,
        severity: severity_in(r, 1)?,
        verdict,
    })
}

/// Counts the escalations reported in the tally's span (of one customer,
/// or all) and the answers given in it.
fn tally_span(conn: &impl Sql, t: &mut Tally, customer: Option<i64>, now: i64) -> Result<()> {
    let (from, to) = t.range();
    let (from, to) = (ts(from), ts(to));
    let engine = conn.engine();
    let (reported, answered) = match customer {
        None => (
            format!(
                "{REPORTED} {} WHERE reported_at >= ?1 AND reported_at < ?2",
                engine.indexed_by("escalations_trend")
            ),
            format!(
                "SELECT responded_at, severity FROM escalations {}
                 WHERE responded_at >= ?1 AND responded_at < ?2",
                engine.indexed_by("escalations_answered")
            ),
        ),
        Some(_) => (
            format!("{REPORTED} WHERE customer_id = ?3 AND reported_at >= ?1 AND reported_at < ?2"),
            "SELECT responded_at, severity FROM escalations
             WHERE customer_id = ?3 AND responded_at >= ?1 AND responded_at < ?2"
                .to_string(),
        ),
    };
    let id = customer.unwrap_or_default();
    let args = match customer {
        None => sql_args![from, to],
        Some(_) => sql_args![from, to, id],
    };
    // Folded as they are read: nothing per escalation is kept.
    conn.each(&reported, args, |r| {
        t.reported(&reported_at(r, now)?);
        Ok(())
    })?;
    conn.each(&answered, args, |r| {
        t.answered(r.get(0)?, severity_in(r, 1)?);
        Ok(())
    })
}

fn sla_trend(
    conn: &impl Sql,
    cal: &DeskCalendar,
    span: Span,
    now: DateTime<Utc>,
) -> Result<SlaTrend> {
    let mut t = Tally::new(span, windows(span, now, cal));
    tally_span(conn, &mut t, None, ts(now))?;
    Ok(t.finish())
}

/// The desk months the quota columns cover, oldest first.
pub fn quota_months(cal: &DeskCalendar, now: DateTime<Utc>) -> Vec<Month> {
    let this = cal.month(now);
    (0..QUOTA_MONTHS).rev().map(|i| this.minus(i)).collect()
}

impl Store {
    /// The SLA trends of `span` back from `now`, and quota use over the
    /// last 12 months for the `customers` who ran out most often; one
    /// read transaction, so every chart is the same moment.
    pub fn trends(&self, span: Span, now: DateTime<Utc>, customers: usize) -> Result<Trends> {
        let snapshot = self.db().read()?;
        let cal = &self.rules.calendar;
        let sla = sla_trend(&snapshot, cal, span, now)?;
        let months = quota_months(cal, now);
        let mut uses = UseTally::new(months.clone());
        let (first, last) = (months[0].key(), months[months.len() - 1].key());
        snapshot.each(
            &format!(
                "SELECT customer_id, month, quota, {}
                 FROM quota_uses {}
                 WHERE month >= ?1 AND month <= ?2 AND returned_at IS NULL",
                self.engine().flag("package_id IS NOT NULL"),
                self.engine().indexed_by("quota_uses_trend")
            ),
            sql_args![first, last],
            |r| {
                uses.add(&UseRow {
                    customer_id: r.get(0)?,
                    month: r.get(1)?,
                    quota: r.word(2)?,
                    from_package: r.get(3)?,
                });
                Ok(())
            },
        )?;
        let (ids, quota_customers) = uses.ranked(customers);
        let mut quotas = Vec::with_capacity(ids.len());
        for id in ids {
            let name = snapshot.query_row(
                "SELECT name FROM customers WHERE id = ?1",
                sql_args![id],
                |r| r.text(0),
            )?;
            let subs = subscriptions_of(&snapshot, id)?;
            let packages = packages_of(&snapshot, id)?;
            quotas.push(uses.customer(id, &name, &subs, &packages));
        }
        snapshot.commit()?;
        Ok(Trends {
            sla,
            quota_months: months.iter().map(|m| m.key()).collect(),
            quotas,
            quota_customers,
        })
    }

    /// Response SLA attainment of each of the last `days` desk days, the
    /// oldest first (none for a day with nothing judged): the board
    /// header's sparkline.
    pub fn attainment_days(&self, days: usize, now: DateTime<Utc>) -> Result<Vec<Option<f64>>> {
        let snapshot = self.db().read()?;
        let trend = sla_trend(&snapshot, &self.rules.calendar, Span::Days, now)?;
        snapshot.commit()?;
        let skip = trend.periods.len().saturating_sub(days);
        Ok(trend.periods[skip..]
            .iter()
            .map(|p| p.all.attainment)
            .collect())
    }

    /// One customer's escalations of `period`, as one period's cells: the
    /// Ticket List's charts.
    pub fn customer_sla(
        &self,
        customer: &str,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<PeriodTrend> {
        let snapshot = self.db().read()?;
        let (id, _) = customer_id(&snapshot, customer)?;
        let cal = &self.rules.calendar;
        let window = Window {
            first_day: period.from,
            start: cal.start_of(period.from),
            end: cal.start_of(period.to + chrono::Days::new(1)),
        };
        let mut t = Tally::new(Span::Months, vec![window]);
        tally_span(&snapshot, &mut t, Some(id), ts(now))?;
        snapshot.commit()?;
        let mut trend = t.finish().total;
        trend.label = period.to_string();
        Ok(trend)
    }
}

#[cfg(test)]
#[path = "trends_tests.rs"]
mod tests;
