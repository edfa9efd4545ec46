//! Quota use per customer and desk month against what the plan gives,
//! so a customer who runs out month after month stands out.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::calendar::Month;
use super::quota::{Package, QuotaKind};
use super::subscription::Subscription;

/// One use of a quota as the trends read it (given-back ones are not).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UseRow {
    pub customer_id: i64,
    /// "2026-11".
    pub month: String,
    pub quota: QuotaKind,
    pub from_package: bool,
}

/// One quota in one month.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Use {
    pub plan_used: u32,
    /// What the plan gave that month: the monthly units while subscribed,
    /// none in a month without a subscription.
    pub plan_total: u32,
    /// Units taken from add-on packages.
    pub package_used: u32,
}

impl Use {
    /// The plan's units were all used: later ones came from a package,
    /// or were refused.
    pub fn ran_out(&self) -> bool {
        self.plan_total > 0 && self.plan_used >= self.plan_total
    }

    pub fn used(&self) -> u32 {
        self.plan_used + self.package_used
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MonthUse {
    pub month: String,
    pub faster: Use,
    pub expert: Use,
    /// Packages bought that month, of either kind.
    pub packages_bought: u32,
}

impl MonthUse {
    pub fn get(&self, kind: QuotaKind) -> &Use {
        match kind {
            QuotaKind::Faster => &self.faster,
            QuotaKind::Expert => &self.expert,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CustomerQuotaTrend {
    pub customer: String,
    /// Oldest first, one per month of the span.
    pub months: Vec<MonthUse>,
}

impl CustomerQuotaTrend {
    /// Months in which either quota ran out.
    pub fn months_ran_out(&self) -> usize {
        self.months
            .iter()
            .filter(|m| m.faster.ran_out() || m.expert.ran_out())
            .count()
    }

    pub fn used(&self) -> u32 {
        self.months
            .iter()
            .map(|m| m.faster.used() + m.expert.used())
            .sum()
    }

    pub fn packages_bought(&self) -> u32 {
        self.months.iter().map(|m| m.packages_bought).sum()
    }
}

/// Uses counted per customer and month.
#[derive(Default)]
pub struct UseTally {
    months: Vec<Month>,
    counts: HashMap<i64, Vec<MonthUse>>,
}

impl UseTally {
    pub fn new(months: Vec<Month>) -> UseTally {
        UseTally {
            months,
            counts: HashMap::new(),
        }
    }

    pub fn add(&mut self, row: &UseRow) {
        let Some(i) = self.months.iter().position(|m| m.key() == row.month) else {
            return;
        };
        let months = &self.months;
        let cells = self.counts.entry(row.customer_id).or_insert_with(|| {
            months
                .iter()
                .map(|m| MonthUse {
                    month: m.key(),
                    faster: Use::default(),
                    expert: Use::default(),
                    packages_bought: 0,
                })
                .collect()
        });
        let cell = match row.quota {
            QuotaKind::Faster => &mut cells[i].faster,
            QuotaKind::Expert => &mut cells[i].expert,
        };
        if row.from_package {
            cell.package_used += 1;
        } else {
            cell.plan_used += 1;
        }
    }

    /// The customers who used any quota, the ones who ran out most often
    /// first (then the most used), at most `limit` of them, with how many
    /// there were in all. Ranked on the plan's full month before the
    /// subscriptions are read, so only the customers shown are looked up:
    /// a month used up without a subscription cannot happen, as a use
    /// needs one.
    pub fn ranked(&self, limit: usize) -> (Vec<i64>, usize) {
        let mut ids: Vec<(usize, u32, i64)> = self
            .counts
            .iter()
            .map(|(id, months)| {
                let ran_out = months
                    .iter()
                    .filter(|m| {
                        m.faster.plan_used >= QuotaKind::Faster.monthly()
                            || m.expert.plan_used >= QuotaKind::Expert.monthly()
                    })
                    .count();
                let used = months.iter().map(|m| m.faster.used() + m.expert.used());
                (ran_out, used.sum(), *id)
            })
            .collect();
        ids.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
        let total = ids.len();
        (
            ids.into_iter().take(limit).map(|(_, _, id)| id).collect(),
            total,
        )
    }

    /// One customer's months, with what the plan gave each month and the
    /// packages it bought.
    pub fn customer(
        &self,
        id: i64,
        name: &str,
        subscriptions: &[Subscription],
        packages: &[Package],
    ) -> CustomerQuotaTrend {
        let mut months = self.counts.get(&id).cloned().unwrap_or_default();
        for (m, cell) in self.months.iter().zip(months.iter_mut()) {
            let (first, last) = (m.first_day(), m.last_day());
            let subscribed = subscriptions
                .iter()
                .any(|s| s.start_on <= last && s.end_on >= first);
            for kind in [QuotaKind::Faster, QuotaKind::Expert] {
                let total = if subscribed { kind.monthly() } else { 0 };
                match kind {
                    QuotaKind::Faster => cell.faster.plan_total = total,
                    QuotaKind::Expert => cell.expert.plan_total = total,
                }
            }
            let bought = packages
                .iter()
                .filter(|p| in_month(p.bought_on, first, last))
                .count();
            cell.packages_bought = u32::try_from(bought).unwrap_or(u32::MAX);
        }
        CustomerQuotaTrend {
            customer: name.to_string(),
            months,
        }
    }
}

fn in_month(day: NaiveDate, first: NaiveDate, last: NaiveDate) -> bool {
    first <= day && day <= last
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::parse_date;

    fn row(customer_id: i64, month: &str, quota: QuotaKind, from_package: bool) -> UseRow {
        UseRow {
            customer_id,
            month: month.into(),
            quota,
            from_package,
        }
    }

    fn sub(start: &str, end: &str) -> Subscription {
        Subscription {
            id: 1,
            customer_id: 1,
            applied_on: parse_date(start).unwrap(),
            start_on: parse_date(start).unwrap(),
            months: 1,
            end_on: parse_date(end).unwrap(),
        }
    }

    /// Counted by hand: customer 1 uses all ten faster units in October
    /// and two from a package, four in November; customer 2 uses one
    /// expert unit in November and was not subscribed in October.
    #[test]
    fn uses_per_month_against_the_plan() {
        let months = vec![
            Month {
                year: 2026,
                month: 10,
            },
            Month {
                year: 2026,
                month: 11,
            },
        ];
        let mut t = UseTally::new(months);
        for _ in 0..10 {
            t.add(&row(1, "2026-10", QuotaKind::Faster, false));
        }
        t.add(&row(1, "2026-10", QuotaKind::Faster, true));
        t.add(&row(1, "2026-10", QuotaKind::Faster, true));
        for _ in 0..4 {
            t.add(&row(1, "2026-11", QuotaKind::Faster, false));
        }
        t.add(&row(2, "2026-11", QuotaKind::Expert, false));
        // Outside the span: not counted.
        t.add(&row(2, "2026-09", QuotaKind::Expert, false));
        assert_eq!(t.ranked(10), (vec![1, 2], 2));
        assert_eq!(t.ranked(1), (vec![1], 2));

        let one = t.customer(1, "Acme", &[sub("2026-10-01", "2026-11-30")], &[]);
        let oct = &one.months[0];
        assert_eq!(
            (
                oct.faster.plan_used,
                oct.faster.plan_total,
                oct.faster.package_used
            ),
            (10, 10, 2)
        );
        assert!(oct.faster.ran_out() && !oct.expert.ran_out());
        assert!(!one.months[1].faster.ran_out());
        assert_eq!((one.months_ran_out(), one.used()), (1, 16));

        let two = t.customer(2, "Beta", &[sub("2026-11-02", "2026-11-30")], &[]);
        assert_eq!(two.months[0].expert.plan_total, 0, "not subscribed");
        assert_eq!(
            two.months[1].expert,
            Use {
                plan_used: 1,
                plan_total: 5,
                package_used: 0
            }
        );
    }
}
