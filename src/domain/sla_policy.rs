//! The desk's policy for its clocks, per severity: whether a severity
//! runs around the clock (the seed's reading, the default) or on the
//! desk's business hours, and the optional resolution target and
//! customer-update cadence (DOMAIN.md, "The clock, as desks run it").
//!
//! Spans a clock counts — targets, paused time, cadences — are in that
//! clock's own time: business seconds for a severity on business hours.

use chrono::{DateTime, Duration, Utc};

use super::Severity;
use super::business_hours::BusinessHours;
use super::calendar::DeskCalendar;

/// Which time a severity's clocks count.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Clock {
    /// Every minute of every day.
    #[default]
    AllHours,
    /// Only the desk's business hours, minus its holidays.
    Business,
}

impl Clock {
    pub fn parse(s: &str) -> Result<Clock, String> {
        match s.trim() {
            "24x7" => Ok(Clock::AllHours),
            "business" => Ok(Clock::Business),
            other => Err(format!(
                "'{other}' is not a clock: \"24x7\" or \"business\""
            )),
        }
    }
}

/// One severity's clocks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeverityClocks {
    pub clock: Clock,
    /// From report to resolution, paused time not counted.
    pub resolve_within: Option<Duration>,
    /// How often the customer hears from the desk once answered.
    pub update_every: Option<Duration>,
    /// How much of the response target left rings the alarm; a fifth of
    /// the target unless the desk says otherwise.
    pub alarm_before: Option<Duration>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SlaPolicy {
    pub calendar: DeskCalendar,
    pub hours: BusinessHours,
    /// S1 first.
    pub severities: [SeverityClocks; 5],
}

impl SlaPolicy {
    pub fn of(&self, s: Severity) -> &SeverityClocks {
        &self.severities[s as usize]
    }

    /// `span` of `s`'s clock after `from`.
    pub fn add(&self, s: Severity, from: DateTime<Utc>, span: Duration) -> DateTime<Utc> {
        match self.of(s).clock {
            Clock::AllHours => from + span,
            Clock::Business => self.hours.add(&self.calendar, from, span),
        }
    }

    /// How much of `s`'s clock runs between two instants.
    pub fn between(&self, s: Severity, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
        match self.of(s).clock {
            Clock::AllHours => (to - from).max(Duration::zero()),
            Clock::Business => self.hours.between(&self.calendar, from, to),
        }
    }

    /// The seed's response target walked on `s`'s clock from the report,
    /// plus the paused time owed back.
    pub fn response_deadline(
        &self,
        s: Severity,
        reported_at: DateTime<Utc>,
        paused_secs: i64,
    ) -> DateTime<Utc> {
        self.add(
            s,
            reported_at,
            s.response_target() + Duration::seconds(paused_secs),
        )
    }

    /// When it must be resolved, if the desk sets a target for `s`.
    pub fn resolve_by(
        &self,
        s: Severity,
        reported_at: DateTime<Utc>,
        paused_secs: i64,
    ) -> Option<DateTime<Utc>> {
        let within = self.of(s).resolve_within?;
        Some(self.add(s, reported_at, within + Duration::seconds(paused_secs)))
    }

    /// When the customer is next owed an update, counting from `since`.
    pub fn update_due(&self, s: Severity, since: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let every = self.of(s).update_every?;
        Some(self.add(s, since, every))
    }

    /// The time left at which an unanswered one of severity `s` is "due"
    /// and rings: the desk's `alarm_before`, else a fifth of the target
    /// (where the board turns it urgent).
    pub fn mark(&self, s: Severity) -> Duration {
        self.of(s)
            .alarm_before
            .unwrap_or_else(|| s.response_target() / 5)
    }

    /// Whether any severity has a resolution target or an update cadence:
    /// the board shows their column only then.
    pub fn has_follow_up_clocks(&self) -> bool {
        self.severities
            .iter()
            .any(|c| c.resolve_within.is_some() || c.update_every.is_some())
    }

    /// "24x7" or "business hours Mon–Fri 09:00–18:00 CST".
    pub fn clock_words(&self, s: Severity, zone: &str) -> String {
        match self.of(s).clock {
            Clock::AllHours => "24x7".into(),
            Clock::Business => format!("business hours {} {zone}", self.hours.describe()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn business_s3() -> SlaPolicy {
        let mut p = SlaPolicy::default();
        p.severities[2] = SeverityClocks {
            clock: Clock::Business,
            resolve_within: Some(Duration::hours(18)),
            update_every: Some(Duration::hours(2)),
            alarm_before: Some(Duration::minutes(45)),
        };
        p
    }

    /// Friday 2026-11-27 17:30 in Shanghai.
    fn friday_evening() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 9, 30, 0).unwrap()
    }

    fn shanghai(t: DateTime<Utc>) -> String {
        t.with_timezone(&chrono_tz::Asia::Shanghai)
            .format("%a %H:%M")
            .to_string()
    }

    #[test]
    fn the_default_is_the_seeds_24x7_with_no_follow_up_clocks() {
        let p = SlaPolicy::default();
        let t = friday_evening();
        for s in Severity::ALL {
            assert_eq!(p.response_deadline(s, t, 0), t + s.response_target());
            assert_eq!(p.resolve_by(s, t, 0), None);
            assert_eq!(p.update_due(s, t), None);
        }
        assert!(!p.has_follow_up_clocks());
        assert_eq!(p.clock_words(Severity::S1, "CST"), "24x7");
        assert_eq!(p.mark(Severity::S1), Duration::minutes(3));
        assert_eq!(p.mark(Severity::S5), Duration::minutes(192));
    }

    #[test]
    fn a_business_severity_walks_business_time_others_do_not() {
        let p = business_s3();
        let t = friday_evening();
        assert_eq!(
            shanghai(p.response_deadline(Severity::S3, t, 0)),
            "Mon 11:30"
        );
        assert_eq!(
            p.response_deadline(Severity::S2, t, 0),
            t + Duration::minutes(30)
        );
        // An hour paused on Monday morning moves it an hour on.
        assert_eq!(
            shanghai(p.response_deadline(Severity::S3, t, 3600)),
            "Mon 12:30"
        );
        // 18 h of business time: 30 min Friday, 9 h Monday, 8 h 30 Tuesday.
        assert_eq!(
            shanghai(p.resolve_by(Severity::S3, t, 0).unwrap()),
            "Tue 17:30"
        );
        assert_eq!(
            shanghai(p.update_due(Severity::S3, t).unwrap()),
            "Mon 10:30"
        );
        assert!(p.has_follow_up_clocks());
        assert_eq!(p.mark(Severity::S3), Duration::minutes(45));
        assert_eq!(
            p.clock_words(Severity::S3, "CST"),
            "business hours Mon–Fri 09:00–18:00 CST"
        );
    }

    #[test]
    fn between_counts_the_severitys_own_time() {
        let p = business_s3();
        let from = friday_evening();
        let to = from + Duration::days(3);
        assert_eq!(
            p.between(Severity::S3, from, to),
            Duration::minutes(30 + 8 * 60 + 30)
        );
        assert_eq!(p.between(Severity::S1, from, to), Duration::days(3));
        assert_eq!(p.between(Severity::S1, to, from), Duration::zero());
    }

    #[test]
    fn clocks_parse_by_name() {
        assert_eq!(Clock::parse("24x7"), Ok(Clock::AllHours));
        assert_eq!(Clock::parse(" business "), Ok(Clock::Business));
        assert!(
            Clock::parse("office")
                .unwrap_err()
                .contains("'office' is not a clock")
        );
    }
}
