//! The desk's project owner for each customer, and the rule that a change
//! of owner is announced to the customer three working days ahead.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::calendar::DeskCalendar;

/// Working days' notice a change of project owner needs.
pub const NOTICE_WORKING_DAYS: u32 = 3;
pub const MAX_NAME: usize = 200;
pub const MAX_ANNOUNCEMENT: usize = 4_000;

/// One project owner's term, as recorded (the first owner and every
/// change after).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct OwnerTerm {
    pub id: i64,
    pub customer: String,
    pub owner: String,
    pub effective_on: NaiveDate,
    /// When the customer was told; the first owner needs no notice.
    pub announced_on: NaiveDate,
    pub announcement: Option<String>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    /// An announced change called off before it took effect.
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancelled_by: Option<String>,
}

impl OwnerTerm {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled_at.is_some()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OwnerChangeRefused {
    #[error("project owner name is empty")]
    EmptyName,
    #[error("{what} is {len} characters long; at most {max} are allowed")]
    TooLong {
        what: &'static str,
        len: usize,
        max: usize,
    },
    #[error("project owner name contains control characters")]
    ControlInName,
    #[error("{0} is already the project owner")]
    Same(String),
    #[error("the change cannot take effect in the past ({effective}; today is {today})")]
    InPast {
        effective: NaiveDate,
        today: NaiveDate,
    },
    #[error(
        "a change of project owner is announced at least {NOTICE_WORKING_DAYS} working days \
         ahead: announced on {announced}, it can take effect on {earliest} at the earliest, \
         not {effective}"
    )]
    TooSoon {
        announced: NaiveDate,
        effective: NaiveDate,
        earliest: NaiveDate,
    },
    #[error(
        "a change to {owner} taking effect on {effective} is already announced; \
         cancel it first (`sredesk owner cancel`) or wait until it has taken effect"
    )]
    Pending { owner: String, effective: NaiveDate },
}

pub fn check_announcement(text: &str) -> Result<(), OwnerChangeRefused> {
    let len = text.chars().count();
    if len > MAX_ANNOUNCEMENT {
        return Err(OwnerChangeRefused::TooLong {
            what: "announcement",
            len,
            max: MAX_ANNOUNCEMENT,
        });
    }
    Ok(())
}

/// The first day a change announced on `announced` may take effect.
pub fn earliest_change(cal: &DeskCalendar, announced: NaiveDate) -> NaiveDate {
    cal.working_days_after(announced, NOTICE_WORKING_DAYS)
}

/// Checks a new owner against the terms recorded so far (oldest first).
/// Only a change needs notice; naming the first owner does not.
pub fn check_change(
    cal: &DeskCalendar,
    terms: &[OwnerTerm],
    owner: &str,
    effective: NaiveDate,
    today: NaiveDate,
) -> Result<(), OwnerChangeRefused> {
    let name = owner.trim();
    if name.is_empty() {
        return Err(OwnerChangeRefused::EmptyName);
    }
    let len = name.chars().count();
    if len > MAX_NAME {
        return Err(OwnerChangeRefused::TooLong {
            what: "project owner name",
            len,
            max: MAX_NAME,
        });
    }
    if name.chars().any(char::is_control) {
        return Err(OwnerChangeRefused::ControlInName);
    }
    if effective < today {
        return Err(OwnerChangeRefused::InPast { effective, today });
    }
    if let Some(p) = pending(terms, today) {
        return Err(OwnerChangeRefused::Pending {
            owner: p.owner.clone(),
            effective: p.effective_on,
        });
    }
    let Some(current) = current(terms, today) else {
        return Ok(());
    };
    if current.owner == name {
        return Err(OwnerChangeRefused::Same(name.to_string()));
    }
    let earliest = earliest_change(cal, today);
    if effective < earliest {
        return Err(OwnerChangeRefused::TooSoon {
            announced: today,
            effective,
            earliest,
        });
    }
    Ok(())
}

/// The owner in charge on `day`.
pub fn current(terms: &[OwnerTerm], day: NaiveDate) -> Option<&OwnerTerm> {
    terms
        .iter()
        .filter(|t| t.effective_on <= day && !t.is_cancelled())
        .max_by_key(|t| (t.effective_on, t.id))
}

/// A change announced for after `day`, still standing.
pub fn pending(terms: &[OwnerTerm], day: NaiveDate) -> Option<&OwnerTerm> {
    terms
        .iter()
        .find(|t| t.effective_on > day && !t.is_cancelled())
}

/// The text sent to the customer when none is given.
pub fn default_announcement(
    customer: &str,
    from: Option<&str>,
    to: &str,
    effective: NaiveDate,
) -> String {
    match from {
        Some(from) => format!(
            "Dear {customer}, from {effective} {to} takes over from {from} as the support \
             desk's project owner for your service. {from} will hand over all open work."
        ),
        None => format!(
            "Dear {customer}, from {effective} {to} is the support desk's project owner for \
             your service."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn term(id: i64, owner: &str, effective: &str) -> OwnerTerm {
        OwnerTerm {
            id,
            customer: "Acme".into(),
            owner: owner.into(),
            effective_on: d(effective),
            announced_on: d(effective),
            announcement: None,
            recorded_by: "alice".into(),
            recorded_at: Utc::now(),
            cancelled_at: None,
            cancelled_by: None,
        }
    }

    #[test]
    fn the_first_owner_needs_no_notice() {
        let cal = DeskCalendar::default();
        assert_eq!(
            check_change(&cal, &[], "Zhao Lei", d("2026-11-20"), d("2026-11-20")),
            Ok(())
        );
    }

    #[test]
    fn three_working_days_across_a_weekend() {
        let cal = DeskCalendar::default();
        let terms = [term(1, "Zhao Lei", "2026-01-05")];
        // Announced Friday 20 November: Monday, Tuesday, Wednesday.
        let fri = d("2026-11-20");
        assert_eq!(
            check_change(&cal, &terms, "Chen Hui", d("2026-11-24"), fri),
            Err(OwnerChangeRefused::TooSoon {
                announced: fri,
                effective: d("2026-11-24"),
                earliest: d("2026-11-25"),
            })
        );
        assert_eq!(
            check_change(&cal, &terms, "Chen Hui", d("2026-11-25"), fri),
            Ok(())
        );
        // Announced Saturday: still Wednesday.
        assert_eq!(earliest_change(&cal, d("2026-11-21")), d("2026-11-25"));
        // Announced Monday: Thursday.
        assert_eq!(earliest_change(&cal, d("2026-11-23")), d("2026-11-26"));
    }

    #[test]
    fn holidays_are_not_working_days() {
        let cal = DeskCalendar::new(chrono_tz::UTC, [d("2026-11-24")]);
        assert_eq!(earliest_change(&cal, d("2026-11-20")), d("2026-11-26"));
    }

    #[test]
    fn pending_same_and_past_changes_are_refused() {
        let cal = DeskCalendar::default();
        let today = d("2026-11-20");
        let terms = [term(1, "Zhao Lei", "2026-01-05")];
        assert_eq!(
            check_change(&cal, &terms, "Zhao Lei", d("2026-12-01"), today),
            Err(OwnerChangeRefused::Same("Zhao Lei".into()))
        );
        assert!(matches!(
            check_change(&cal, &terms, "Chen Hui", d("2026-11-19"), today),
            Err(OwnerChangeRefused::InPast { .. })
        ));
        let pending = [
            term(1, "Zhao Lei", "2026-01-05"),
            term(2, "Chen Hui", "2026-12-01"),
        ];
        assert!(matches!(
            check_change(&cal, &pending, "Sun Mei", d("2026-12-10"), today),
            Err(OwnerChangeRefused::Pending { .. })
        ));
        assert_eq!(current(&pending, today).unwrap().owner, "Zhao Lei");
        let mut called_off = pending.clone();
        called_off[1].cancelled_at = Some(Utc::now());
        assert_eq!(
            check_change(&cal, &called_off, "Sun Mei", d("2026-12-10"), today),
            Ok(())
        );
        assert_eq!(
            current(&called_off, d("2026-12-01")).unwrap().owner,
            "Zhao Lei"
        );
        assert_eq!(
            current(&pending, d("2026-12-01")).unwrap().owner,
            "Chen Hui"
        );
        assert_eq!(
            check_change(&cal, &[], "a\u{1b}[2J", today, today),
            Err(OwnerChangeRefused::ControlInName)
        );
    }
}
