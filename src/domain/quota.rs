//! Monthly quotas: Faster Service Ticket Handling (10 a month) and Direct
//! Expert Support (5 a month), topped up by add-on packages.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::EscalationKind;
use super::calendar::Month;
use super::state::word_enum;

word_enum!(
    /// The two quotas of the subscription.
    QuotaKind, "quota" {
        Faster => "faster",
        Expert => "expert",
    }
);

impl QuotaKind {
    pub fn monthly(self) -> u32 {
        match self {
            QuotaKind::Faster => 10,
            QuotaKind::Expert => 5,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            QuotaKind::Faster => "Faster Service Ticket Handling",
            QuotaKind::Expert => "Direct Expert Support",
        }
    }

    pub fn short(self) -> &'static str {
        match self {
            QuotaKind::Faster => "faster",
            QuotaKind::Expert => "expert",
        }
    }

    /// Which quota an escalation of this kind uses, if any.
    pub fn for_escalation(kind: EscalationKind) -> Option<QuotaKind> {
        match kind {
            EscalationKind::Faster => Some(QuotaKind::Faster),
            EscalationKind::Expert => Some(QuotaKind::Expert),
            EscalationKind::General => None,
        }
    }
}

word_enum!(
    /// The add-on packages a customer can buy.
    PackageKind, "package kind" {
        TicketHandling => "ticket-handling",
        ExpertSupport => "expert-support",
    }
);

impl PackageKind {
    pub fn quota(self) -> QuotaKind {
        match self {
            PackageKind::TicketHandling => QuotaKind::Faster,
            PackageKind::ExpertSupport => QuotaKind::Expert,
        }
    }

    /// Units in one package: the same again as the plan's month.
    pub fn units(self) -> u32 {
        self.quota().monthly()
    }

    pub fn label(self) -> &'static str {
        match self {
            PackageKind::TicketHandling => "Service Ticket Handling Package",
            PackageKind::ExpertSupport => "Direct Expert Support package",
        }
    }
}

/// A package and what is left of it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Package {
    pub id: i64,
    pub customer_id: i64,
    pub kind: PackageKind,
    pub units: u32,
    pub used: u32,
    pub bought_on: NaiveDate,
    /// The end of the subscription term it was bought in.
    pub term_end: NaiveDate,
}

impl Package {
    pub fn left(&self) -> u32 {
        self.units.saturating_sub(self.used)
    }

    /// Why it no longer counts on `day`, if it does not.
    pub fn expired(&self, day: NaiveDate) -> Option<&'static str> {
        if self.left() == 0 {
            Some("used up")
        } else if day > self.term_end {
            Some("term ended")
        } else {
            None
        }
    }
}

/// One quota of one customer in one month.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuotaStatus {
    pub kind: QuotaKind,
    pub month: String,
    /// Plan units used this month (at most the monthly allowance).
    pub plan_used: u32,
    pub plan_total: u32,
    /// Units left in live packages of this quota.
    pub package_left: u32,
    /// Units of live packages, used or not (for the gauge's total).
    pub package_total: u32,
}

impl QuotaStatus {
    pub fn left(&self) -> u32 {
        self.plan_total.saturating_sub(self.plan_used) + self.package_left
    }

    pub fn used(&self) -> u32 {
        self.plan_used + (self.package_total - self.package_left)
    }

    pub fn total(&self) -> u32 {
        self.plan_total + self.package_total
    }
}

/// Where a use of a quota is taken from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Plan,
    Package(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuotaRefused {
    #[error("{customer} has no active subscription on {day}, so it has no {} quota", kind.label())]
    NoSubscription {
        customer: String,
        kind: QuotaKind,
        day: NaiveDate,
    },
    #[error(
        "{customer}'s {} quota is used up: {used} used in {month} (the plan gives {} a month \
         and no package has units left); {next}",
        kind.label(),
        kind.monthly()
    )]
    UsedUp {
        customer: String,
        kind: QuotaKind,
        used: u32,
        month: Month,
        /// "it refills on ...", or when the subscription ends first.
        next: String,
    },
}

/// Takes one unit: from the month's plan while it lasts, then from the
/// oldest live package. `packages` are this quota's packages.
pub fn allocate(
    kind: QuotaKind,
    plan_used: u32,
    packages: &[Package],
    day: NaiveDate,
) -> Option<Source> {
    if plan_used < kind.monthly() {
        return Some(Source::Plan);
    }
    packages
        .iter()
        .filter(|p| p.kind.quota() == kind && p.bought_on <= day && p.expired(day).is_none())
        .min_by_key(|p| (p.bought_on, p.id))
        .map(|p| Source::Package(p.id))
}

/// A use can be given back while the escalation is withdrawn within the
/// grace period (inclusive).
pub fn within_grace(used_at: DateTime<Utc>, now: DateTime<Utc>, grace: Duration) -> bool {
    now - used_at <= grace
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::parse_date;
    use chrono::TimeZone;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn package(id: i64, kind: PackageKind, used: u32, term_end: &str) -> Package {
        Package {
            id,
            customer_id: 1,
            kind,
            units: kind.units(),
            used,
            bought_on: d("2026-11-01") + chrono::Days::new(id as u64),
            term_end: d(term_end),
        }
    }

    #[test]
    fn plan_first_then_the_oldest_live_package() {
        let day = d("2026-11-20");
        let pkgs = [
            package(2, PackageKind::TicketHandling, 0, "2026-12-31"),
            package(1, PackageKind::TicketHandling, 10, "2026-12-31"), // used up
            package(3, PackageKind::ExpertSupport, 0, "2026-12-31"),
            package(4, PackageKind::TicketHandling, 0, "2026-12-31"),
        ];
        assert_eq!(
            allocate(QuotaKind::Faster, 9, &pkgs, day),
            Some(Source::Plan)
        );
        assert_eq!(
            allocate(QuotaKind::Faster, 10, &pkgs, day),
            Some(Source::Package(2))
        );
        assert_eq!(
            allocate(QuotaKind::Expert, 5, &pkgs, day),
            Some(Source::Package(3))
        );
        assert_eq!(allocate(QuotaKind::Expert, 5, &[], day), None);
    }

    #[test]
    fn packages_expire_when_used_up_or_when_the_term_ends() {
        let p = package(1, PackageKind::ExpertSupport, 4, "2026-11-30");
        assert_eq!(p.expired(d("2026-11-30")), None);
        assert_eq!(p.expired(d("2026-12-01")), Some("term ended"));
        let used = package(1, PackageKind::ExpertSupport, 5, "2026-12-31");
        assert_eq!(used.expired(d("2026-11-01")), Some("used up"));
        assert_eq!(allocate(QuotaKind::Expert, 5, &[p], d("2026-12-01")), None);
    }

    #[test]
    fn status_totals() {
        let s = QuotaStatus {
            kind: QuotaKind::Faster,
            month: "2026-11".into(),
            plan_used: 10,
            plan_total: 10,
            package_left: 7,
            package_total: 10,
        };
        assert_eq!((s.used(), s.total(), s.left()), (13, 20, 7));
    }

    #[test]
    fn grace_period_boundary() {
        let t = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
        let g = Duration::minutes(10);
        assert!(within_grace(t, t + g, g));
        assert!(!within_grace(t, t + g + Duration::seconds(1), g));
    }
}
