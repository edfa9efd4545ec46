//! The response clock: how much of the SLA is left and how urgent that is.

use chrono::{DateTime, Duration, Utc};

use super::Severity;

/// The response deadline is fixed when the escalation is reported (or
/// re-graded), so it is stored rather than recomputed on every read.
pub fn response_deadline(reported_at: DateTime<Utc>, severity: Severity) -> DateTime<Utc> {
    reported_at + severity.response_target()
}

/// A response exactly at the deadline is still within the SLA.
pub fn response_met(responded_at: DateTime<Utc>, deadline: DateTime<Utc>) -> bool {
    responded_at <= deadline
}

/// Urgency bands by the share of the target still left.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Urgency {
    /// More than half the target left.
    Normal,
    /// Between a fifth and a half left (both ends included).
    Warning,
    /// Less than a fifth left, deadline not yet passed.
    Urgent,
    /// The deadline has passed without a response.
    Breached,
}

impl Urgency {
    /// A cue that survives without colour (NO_COLOR, monochrome terminals).
    pub fn symbol(self) -> &'static str {
        match self {
            Urgency::Normal => " ",
            Urgency::Warning => "!",
            Urgency::Urgent => "‼",
            Urgency::Breached => "✖",
        }
    }
}

/// Where the response clock of a still-unanswered escalation stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Countdown {
    /// Negative once breached.
    pub left: Duration,
    pub urgency: Urgency,
}

pub fn countdown(deadline: DateTime<Utc>, target: Duration, now: DateTime<Utc>) -> Countdown {
    let left = deadline - now;
    let (l, t) = (left.num_seconds(), target.num_seconds().max(1));
    // Integer comparisons keep the band edges exact: 50 % and 20 % are
    // Warning, as the board legend says.
    let urgency = if l < 0 {
        Urgency::Breached
    } else if l * 2 > t {
        Urgency::Normal
    } else if l * 5 >= t {
        Urgency::Warning
    } else {
        Urgency::Urgent
    };
    Countdown { left, urgency }
}

/// Compact, fixed-width-friendly rendering of a signed duration:
/// `12m05s`, `2h05m`, `3d04h`; overdue values carry a leading minus.
pub fn format_left(left: Duration) -> String {
    let secs = left.num_seconds();
    let sign = if secs < 0 { "-" } else { "" };
    format!("{sign}{}", format_span(secs.unsigned_abs()))
}

/// Unsigned form of [`format_left`], for response times and ages.
pub fn format_span(secs: u64) -> String {
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    if d > 0 {
        format!("{d}d{h:02}h")
    } else if h > 0 {
        format!("{h}h{m:02}m")
    } else {
        format!("{m}m{s:02}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap()
    }

    #[test]
    fn deadline_is_report_plus_target_for_every_grade() {
        let expected = [(15 * 60), (30 * 60), (3 * 3600), (8 * 3600), (16 * 3600)];
        for (sev, secs) in Severity::ALL.iter().zip(expected) {
            assert_eq!(
                response_deadline(t0(), *sev) - t0(),
                Duration::seconds(secs),
                "{sev}"
            );
        }
    }

    #[test]
    fn deadline_crosses_midnight_and_month_end() {
        let late = Utc.with_ymd_and_hms(2026, 11, 30, 23, 50, 0).unwrap();
        assert_eq!(
            response_deadline(late, Severity::S1),
            Utc.with_ymd_and_hms(2026, 12, 1, 0, 5, 0).unwrap()
        );
    }

    #[test]
    fn response_at_the_deadline_is_met_one_second_later_is_not() {
        let d = response_deadline(t0(), Severity::S1);
        assert!(response_met(d, d));
        assert!(response_met(d - Duration::seconds(1), d));
        assert!(!response_met(d + Duration::seconds(1), d));
    }

    #[test]
    fn urgency_bands_at_their_edges() {
        // S1: 900 s target; half is 450 s, a fifth is 180 s.
        let target = Severity::S1.response_target();
        let d = t0() + target;
        let at_left = |secs: i64| countdown(d, target, d - Duration::seconds(secs)).urgency;
        assert_eq!(at_left(900), Urgency::Normal);
        assert_eq!(at_left(451), Urgency::Normal);
        assert_eq!(at_left(450), Urgency::Warning);
        assert_eq!(at_left(180), Urgency::Warning);
        assert_eq!(at_left(179), Urgency::Urgent);
        assert_eq!(at_left(0), Urgency::Urgent);
        assert_eq!(at_left(-1), Urgency::Breached);
    }

    #[test]
    fn countdown_reports_signed_time_left() {
        let target = Severity::S2.response_target();
        let d = t0() + target;
        let c = countdown(d, target, d + Duration::seconds(75));
        assert_eq!(c.left, Duration::seconds(-75));
        assert_eq!(format_left(c.left), "-1m15s");
    }

    #[test]
    fn formats_spans() {
        assert_eq!(format_left(Duration::seconds(0)), "0m00s");
        assert_eq!(format_left(Duration::seconds(59)), "0m59s");
        assert_eq!(format_left(Duration::seconds(3599)), "59m59s");
        assert_eq!(format_left(Duration::seconds(3600)), "1h00m");
        assert_eq!(format_left(Duration::seconds(16 * 3600)), "16h00m");
        assert_eq!(format_left(Duration::seconds(86_400 + 4 * 3600)), "1d04h");
        assert_eq!(format_left(Duration::seconds(-7500)), "-2h05m");
    }
}
