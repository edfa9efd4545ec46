//! When a platform change may start and finish: not before its window
//! opens, unless an engineer forces the step and says why. Customers were
//! told the window; a change begun a week early is one they were not
//! warned of.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::change::{Change, ChangeState};
use super::desk_time::zoned;
use super::text_rules::check_long;

/// What the step records besides its states: the reason it was forced,
/// when it was.
pub type Forced = Option<String>;

/// Checks that `c` may move to `to` at `now`. `in_progress` and
/// `completed` wait for the window to open; `force` (the reason) lets an
/// engineer take them earlier, and is returned to be recorded. A reason
/// given when none is needed is refused, so the history never shows a
/// forced step that was not.
pub fn check_window_step(
    c: &Change,
    to: ChangeState,
    now: DateTime<Utc>,
    force: Option<&str>,
    tz: Tz,
) -> Result<Forced, String> {
    let force = force.map(str::trim);
    if force == Some("") {
        return Err("--force needs the reason the step cannot wait for the window".into());
    }
    if let Some(reason) = force {
        check_long("the reason for forcing the step", reason)?;
    }
    let early =
        matches!(to, ChangeState::InProgress | ChangeState::Completed) && now < c.window_start;
    match (early, force) {
        (false, None) => Ok(None),
        (true, Some(reason)) => Ok(Some(reason.to_string())),
        (false, Some(_)) => Err(format!(
            "change #{} may go to {to} now without forcing: its window opened at {}; \
             leave out --force",
            c.id,
            zoned(c.window_start, tz)
        )),
        (true, None) => Err(format!(
            "change #{} cannot be {to} before its window opens at {} (now {}); \
             customers were told that window. If it really began early, say why with \
             --force REASON",
            c.id,
            zoned(c.window_start, tz),
            zoned(now, tz)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::change::ChangeKind;
    use chrono::{Duration, TimeZone};

    fn change() -> Change {
        let start = Utc.with_ymd_and_hms(2026, 11, 27, 17, 0, 0).unwrap();
        Change {
            id: 4,
            title: "RDS upgrade".into(),
            kind: ChangeKind::Upgrade,
            window_start: start,
            window_end: start + Duration::hours(2),
            services: vec![],
            regions: vec![],
            impact: None,
            guidance: String::new(),
            state: ChangeState::Notified,
            state_since: start - Duration::days(3),
            follow_up: None,
            started_at: None,
            completed_at: None,
        }
    }

    #[test]
    fn a_change_waits_for_its_window_unless_forced_with_a_reason() {
        let tz = chrono_tz::Asia::Shanghai;
        let c = change();
        let week_early = c.window_start - Duration::days(7);
        let err = check_window_step(&c, ChangeState::InProgress, week_early, None, tz).unwrap_err();
        assert_eq!(
            err,
            "change #4 cannot be in_progress before its window opens at 2026-11-28 01:00 CST \
             (now 2026-11-21 01:00 CST); customers were told that window. If it really began \
             early, say why with --force REASON"
        );
        assert!(check_window_step(&c, ChangeState::Completed, week_early, None, tz).is_err());
        assert_eq!(
            check_window_step(
                &c,
                ChangeState::InProgress,
                week_early,
                Some(" P1 fix "),
                tz
            ),
            Ok(Some("P1 fix".into()))
        );
        assert!(
            check_window_step(&c, ChangeState::InProgress, week_early, Some("  "), tz).is_err()
        );
        // At the window's start it may begin; forcing then is refused.
        assert_eq!(
            check_window_step(&c, ChangeState::InProgress, c.window_start, None, tz),
            Ok(None)
        );
        assert!(
            check_window_step(&c, ChangeState::InProgress, c.window_start, Some("x"), tz)
                .unwrap_err()
                .contains("leave out --force")
        );
        // Other steps have no window rule.
        assert_eq!(
            check_window_step(&c, ChangeState::Notified, week_early, None, tz),
            Ok(None)
        );
    }
}
