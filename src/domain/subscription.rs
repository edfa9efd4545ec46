//! Subscriptions to Remote O&M Technical Support (bought by month), the
//! dedicated chat group that comes with them, and add-on packages.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::CustomerKind;
use super::calendar::{DeskCalendar, Month};
use super::state::word_enum;

pub const MAX_MONTHS: u32 = 36;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Subscription {
    pub id: i64,
    pub customer_id: i64,
    pub applied_on: NaiveDate,
    pub start_on: NaiveDate,
    pub months: u32,
    /// The last day of its last calendar month.
    pub end_on: NaiveDate,
}

impl Subscription {
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.start_on <= day && day <= self.end_on
    }
}

/// A subscription as applied for, before it is checked and stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewSubscription {
    pub applied_on: NaiveDate,
    pub start_on: NaiveDate,
    pub months: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidSubscription {
    #[error(
        "start {start} is too early: the service is applied for one working day in advance, \
         so an application on {applied} can start on {earliest} at the earliest"
    )]
    TooEarly {
        applied: NaiveDate,
        start: NaiveDate,
        earliest: NaiveDate,
    },
    #[error("months must be from 1 to {MAX_MONTHS}, not {0}")]
    Months(u32),
    #[error("it overlaps subscription #{id} ({start} to {end})")]
    Overlaps {
        id: i64,
        start: NaiveDate,
        end: NaiveDate,
    },
}

impl NewSubscription {
    /// The last day of the last calendar month it covers.
    pub fn end_on(&self) -> NaiveDate {
        Month::of(self.start_on)
            .plus(self.months.saturating_sub(1))
            .last_day()
    }

    pub fn validate(
        &self,
        cal: &DeskCalendar,
        existing: &[Subscription],
    ) -> Result<(), InvalidSubscription> {
        if !(1..=MAX_MONTHS).contains(&self.months) {
            return Err(InvalidSubscription::Months(self.months));
        }
        let earliest = cal.next_working_day_after(self.applied_on);
        if self.start_on < earliest {
            return Err(InvalidSubscription::TooEarly {
                applied: self.applied_on,
                start: self.start_on,
                earliest,
            });
        }
        let end = self.end_on();
        if let Some(s) = existing
            .iter()
            .find(|s| s.start_on <= end && self.start_on <= s.end_on)
        {
            return Err(InvalidSubscription::Overlaps {
                id: s.id,
                start: s.start_on,
                end: s.end_on,
            });
        }
        Ok(())
    }
}

/// The subscription covering `day`, if any.
pub fn active_on(subs: &[Subscription], day: NaiveDate) -> Option<&Subscription> {
    subs.iter().find(|s| s.covers(day))
}

/// Calendar months, counting `day`'s month, since the start of the
/// unbroken run of subscriptions covering `day` (renewals count; any gap,
/// even inside a month, starts the count again).
pub fn consecutive_months(subs: &[Subscription], day: NaiveDate) -> u32 {
    let Some(start) = run_start(subs, day) else {
        return 0;
    };
    let (from, to) = (Month::of(start), Month::of(day));
    ((to.year - from.year) * 12 + to.month as i32 - from.month as i32 + 1).max(0) as u32
}

/// The first day of the unbroken run of subscriptions that covers `day`.
pub fn run_start(subs: &[Subscription], day: NaiveDate) -> Option<NaiveDate> {
    let mut start = active_on(subs, day)?.start_on;
    while let Some(prev) = subs.iter().find(|s| s.end_on + Days::new(1) == start) {
        start = prev.start_on;
    }
    Some(start)
}

/// The last day of the unbroken run of subscriptions that covers `day`.
pub fn run_end(subs: &[Subscription], day: NaiveDate) -> Option<NaiveDate> {
    let mut end = active_on(subs, day)?.end_on;
    while let Some(next) = subs.iter().find(|s| s.start_on == end + Days::new(1)) {
        end = next.end_on;
    }
    Some(end)
}

/// Months of service left after `day`'s month in the unbroken run (the
/// current month counts as one).
pub fn months_left(subs: &[Subscription], day: NaiveDate) -> u32 {
    let Some(end) = run_end(subs, day) else {
        return 0;
    };
    let (from, to) = (Month::of(day), Month::of(end));
    ((to.year - from.year) * 12 + to.month as i32 - from.month as i32 + 1).max(0) as u32
}

word_enum!(
    /// Where the dedicated chat group lives.
    ChatPlatform, "chat platform" {
        WeCom => "wecom",
        WeLink => "welink",
    }
);

impl ChatPlatform {
    /// WeCom for international Chinese enterprises, WeLink for local ones.
    pub fn for_customer(kind: CustomerKind) -> ChatPlatform {
        match kind {
            CustomerKind::InternationalChinese => ChatPlatform::WeCom,
            CustomerKind::Local => ChatPlatform::WeLink,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ChatPlatform::WeCom => "WeCom",
            ChatPlatform::WeLink => "WeLink",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChatGroup {
    pub id: i64,
    pub customer_id: i64,
    pub platform: ChatPlatform,
    /// The group robot's address; masked in JSON (it holds the key).
    #[serde(serialize_with = "super::masking::serialize_masked_url")]
    pub webhook: Option<String>,
    /// The day after the order that opened it.
    pub created_on: NaiveDate,
    /// The day after its run of subscriptions ends; set once that day has
    /// come (it is kept, shown as dismissed).
    pub dismissed_on: Option<NaiveDate>,
}

/// When the group opened by the subscription starting on `opened_by` is
/// dismissed, if that day has come by `day`: the day after its run ends.
pub fn chat_group_dismissed_on(
    opened_by: NaiveDate,
    subs: &[Subscription],
    day: NaiveDate,
) -> Option<NaiveDate> {
    let dismissed = run_end(subs, opened_by)? + Days::new(1);
    (day >= dismissed).then_some(dismissed)
}

pub fn validate_webhook(url: &str) -> Result<(), String> {
    let u = url.trim();
    if !(u.starts_with("https://") || u.starts_with("http://")) || u.len() < 10 {
        return Err(format!("webhook '{url}' is not an http(s) address"));
    }
    if u.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err("webhook address contains spaces or control characters".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::parse_date;

    fn d(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    fn cal() -> DeskCalendar {
        DeskCalendar::new(chrono_tz::Asia::Shanghai, [d("2026-12-25")])
    }

    fn sub(id: i64, start: &str, months: u32) -> Subscription {
        let n = NewSubscription {
            applied_on: d(start) - Days::new(3),
            start_on: d(start),
            months,
        };
        Subscription {
            id,
            customer_id: 1,
            applied_on: n.applied_on,
            start_on: n.start_on,
            months,
            end_on: n.end_on(),
        }
    }

    #[test]
    fn one_working_day_in_advance_across_a_weekend_and_a_holiday() {
        let c = cal();
        let new = |applied: &str, start: &str| NewSubscription {
            applied_on: d(applied),
            start_on: d(start),
            months: 1,
        };
        // Applied Thursday: Friday is fine, Thursday itself is not.
        assert_eq!(new("2026-11-19", "2026-11-20").validate(&c, &[]), Ok(()));
        let err = new("2026-11-19", "2026-11-19")
            .validate(&c, &[])
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "start 2026-11-19 is too early: the service is applied for one working day in \
             advance, so an application on 2026-11-19 can start on 2026-11-20 at the earliest"
        );
        // Applied Friday: the weekend is skipped, Monday is the earliest.
        let err = new("2026-11-20", "2026-11-22")
            .validate(&c, &[])
            .unwrap_err();
        assert!(
            matches!(err, InvalidSubscription::TooEarly { earliest, .. } if earliest == d("2026-11-23"))
        );
        // Applied Thursday 24 Dec: Friday 25 is a holiday, so Monday 28.
        let err = new("2026-12-24", "2026-12-25")
            .validate(&c, &[])
            .unwrap_err();
        assert!(
            matches!(err, InvalidSubscription::TooEarly { earliest, .. } if earliest == d("2026-12-28"))
        );
        assert_eq!(new("2026-12-24", "2026-12-28").validate(&c, &[]), Ok(()));
    }

    #[test]
    fn ends_with_its_last_calendar_month_and_may_not_overlap() {
        let s = NewSubscription {
            applied_on: d("2026-11-10"),
            start_on: d("2026-11-16"),
            months: 3,
        };
        assert_eq!(s.end_on(), d("2027-01-31"));
        let existing = [sub(4, "2026-12-01", 1)];
        let err = s.validate(&cal(), &existing).unwrap_err();
        assert_eq!(
            err.to_string(),
            "it overlaps subscription #4 (2026-12-01 to 2026-12-31)"
        );
        let mut bad = s.clone();
        bad.months = 0;
        assert_eq!(
            bad.validate(&cal(), &[]),
            Err(InvalidSubscription::Months(0))
        );
    }

    #[test]
    fn a_gap_inside_a_month_breaks_the_run() {
        let subs = [sub(1, "2026-08-04", 4), sub(2, "2026-12-15", 1)];
        assert_eq!(consecutive_months(&subs, d("2026-12-20")), 1);
        assert_eq!(consecutive_months(&subs, d("2026-11-20")), 4);
    }

    #[test]
    fn consecutive_months_across_a_renewal_and_a_gap() {
        // Aug-Sep, renewed Oct-Nov: four months in a row by November.
        let renewed = [sub(1, "2026-08-03", 2), sub(2, "2026-10-01", 2)];
        assert_eq!(consecutive_months(&renewed, d("2026-11-15")), 4);
        assert_eq!(consecutive_months(&renewed, d("2026-09-15")), 2);
        assert_eq!(consecutive_months(&renewed, d("2026-12-01")), 0);
        // A month's gap (September) starts the count again.
        let gap = [sub(1, "2026-07-01", 2), sub(2, "2026-10-01", 2)];
        assert_eq!(consecutive_months(&gap, d("2026-11-15")), 2);
    }

    #[test]
    fn months_left_and_run_end_follow_renewals() {
        let renewed = [sub(1, "2026-08-03", 2), sub(2, "2026-10-01", 3)];
        assert_eq!(run_end(&renewed, d("2026-08-10")), Some(d("2026-12-31")));
        assert_eq!(months_left(&renewed, d("2026-11-22")), 2);
        assert_eq!(months_left(&renewed, d("2027-01-02")), 0);
        assert_eq!(active_on(&renewed, d("2026-09-30")).map(|s| s.id), Some(1));
    }

    #[test]
    fn chat_platform_by_kind_and_dismissal_on_expiry() {
        assert_eq!(
            ChatPlatform::for_customer(CustomerKind::InternationalChinese),
            ChatPlatform::WeCom
        );
        assert_eq!(
            ChatPlatform::for_customer(CustomerKind::Local),
            ChatPlatform::WeLink
        );
        let subs = [sub(1, "2026-10-01", 2)];
        let opened_by = d("2026-10-01");
        assert_eq!(
            chat_group_dismissed_on(opened_by, &subs, d("2026-11-30")),
            None
        );
        assert_eq!(
            chat_group_dismissed_on(opened_by, &subs, d("2026-12-01")),
            Some(d("2026-12-01"))
        );
        // A group ordered during an earlier run belongs to its own run.
        let later = [sub(1, "2026-10-01", 2), sub(2, "2027-01-04", 3)];
        assert_eq!(
            chat_group_dismissed_on(d("2027-01-04"), &later, d("2027-02-01")),
            None
        );
    }

    #[test]
    fn webhooks_are_http_addresses() {
        assert!(validate_webhook("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x").is_ok());
        assert!(validate_webhook("ftp://x").is_err());
        assert!(validate_webhook("https://a b.com/x").is_err());
    }
}
