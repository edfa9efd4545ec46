//! Who may submit requirements: customers in their fourth consecutive
//! month of subscription or later.

use chrono::NaiveDate;

use super::calendar::Month;
use super::subscription::{Subscription, consecutive_months, run_end, run_start};

/// Why a customer may not submit requirements yet.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NotEligible {
    #[error(
        "requirements need more than three consecutive months of subscription; \
         this is month {months} of the current run, so requirements can be submitted \
         from {from}"
    )]
    TooSoon { months: u32, from: Month },
    #[error(
        "requirements need more than three consecutive months of subscription; \
         this is month {months} of the current run, which ends on {run_end}: \
         renewed without a gap, requirements can be submitted from {from}"
    )]
    RunTooShort {
        months: u32,
        run_end: NaiveDate,
        from: Month,
    },
    #[error(
        "requirements need more than three consecutive months of subscription; \
         the customer has no subscription today{}",
        match .next_start { Some(d) => format!(
            " (the next one starts on {d}, so requirements can be submitted from {})",
            Month::of(*d).plus(3)), None => String::new() }
    )]
    NoSubscription { next_start: Option<NaiveDate> },
}

/// Requirements are for customers in their fourth consecutive month or
/// later. The refusal names the first month they could be submitted.
pub fn check_eligible(subs: &[Subscription], today: NaiveDate) -> Result<(), NotEligible> {
    let months = consecutive_months(subs, today);
    if months > 3 {
        return Ok(());
    }
    let (Some(start), Some(end)) = (run_start(subs, today), run_end(subs, today)) else {
        let next_start = subs.iter().map(|s| s.start_on).filter(|d| *d > today).min();
        return Err(NotEligible::NoSubscription { next_start });
    };
    let from = Month::of(start).plus(3);
    if end >= from.first_day() {
        Err(NotEligible::TooSoon { months, from })
    } else {
        Err(NotEligible::RunTooShort {
            months,
            run_end: end,
            from,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn sub(id: i64, start: &str, end: &str) -> Subscription {
        Subscription {
            id,
            customer_id: 1,
            applied_on: d(start) - chrono::Days::new(7),
            start_on: d(start),
            months: 1,
            end_on: d(end),
        }
    }

    #[test]
    fn eligible_from_the_fourth_consecutive_month() {
        // Aug, Sep, Oct: three months is not "more than three".
        let subs = [sub(1, "2026-08-03", "2027-01-31")];
        let err = check_eligible(&subs, d("2026-10-30")).unwrap_err();
        assert_eq!(
            err,
            NotEligible::TooSoon {
                months: 3,
                from: Month::of(d("2026-11-01"))
            }
        );
        assert!(err.to_string().contains("from 2026-11"), "{err}");
        assert_eq!(check_eligible(&subs, d("2026-11-01")), Ok(()));
    }

    #[test]
    fn renewals_without_a_gap_count_and_a_gap_starts_again() {
        let renewed = [
            sub(1, "2026-08-01", "2026-09-30"),
            sub(2, "2026-10-01", "2026-11-30"),
        ];
        assert_eq!(check_eligible(&renewed, d("2026-11-15")), Ok(()));
        // One day missing on 1 October breaks the run.
        let gap = [
            sub(1, "2026-08-01", "2026-09-30"),
            sub(2, "2026-10-02", "2027-03-31"),
        ];
        assert_eq!(
            check_eligible(&gap, d("2026-11-15")),
            Err(NotEligible::TooSoon {
                months: 2,
                from: Month::of(d("2027-01-01"))
            })
        );
    }

    #[test]
    fn a_run_that_ends_too_soon_says_it_needs_a_renewal() {
        let subs = [sub(1, "2026-10-01", "2026-11-30")];
        let err = check_eligible(&subs, d("2026-11-15")).unwrap_err();
        assert!(matches!(err, NotEligible::RunTooShort { months: 2, .. }));
        assert!(err.to_string().contains("renewed without a gap"), "{err}");
        assert!(err.to_string().contains("2027-01"), "{err}");
    }

    #[test]
    fn no_subscription_names_the_next_one() {
        let subs = [sub(1, "2026-12-01", "2027-05-31")];
        let err = check_eligible(&subs, d("2026-11-15")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "requirements need more than three consecutive months of subscription; the \
             customer has no subscription today (the next one starts on 2026-12-01, so \
             requirements can be submitted from 2027-03)"
        );
        assert!(check_eligible(&[], d("2026-11-15")).is_err());
    }
}
