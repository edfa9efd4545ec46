//! What the board shows that moves with time, as text and a look: the
//! header's clock, each row's response and follow-up clocks, the incident
//! update countdowns above the board and the quota pane's refill. The
//! views draw these, and the tick compares them (see `app::frame`) to
//! draw only when one of them has changed: one source, so the two can
//! never disagree about what is on screen.

use chrono::{DateTime, Utc};

use crate::app::Model;
use crate::domain::incident::Incident;
use crate::domain::sla::{self, Urgency, format_span};
use crate::domain::{EscalationState, follow_up, pause};
use crate::store::BoardRow;

/// How a clock's text is drawn; the theme turns it into a style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Look {
    Urgency(Urgency),
    Dim,
    Met,
    Late,
    Plain,
}

/// The header's clock: desk time to the minute, its zone named. Seconds
/// would make every board draw every second for a digit nobody reads;
/// the countdowns that matter to the second (under an hour) show theirs.
pub fn header_clock(m: &Model) -> String {
    crate::domain::desk_time::zoned(m.now, m.tz)
}

/// The clock column: time left while unanswered, else how the response
/// went; while paused, how long it has waited on the customer.
pub fn clock(r: &BoardRow, m: &Model) -> (String, Look) {
    let now = m.now;
    if let Some(p) = &r.pause {
        let look = if pause::flagged(p, now, m.pause_flag_after) {
            Look::Urgency(Urgency::Warning)
        } else {
            Look::Dim
        };
        return (pause::clock(p, now, m.pause_flag_after), look);
    }
    if r.state == EscalationState::New {
        let c = sla::countdown(r.deadline, r.severity.response_target(), now);
        return (
            format!("{} {}", c.urgency.symbol(), sla::format_left(c.left)),
            Look::Urgency(c.urgency),
        );
    }
    match (r.responded_at, r.response_met) {
        (Some(at), Some(met)) => {
            let took = format_span((at - r.reported_at).num_seconds().max(0) as u64);
            if met {
                (format!("✓ {took}"), Look::Met)
            } else {
                (format!("✗ {took}"), Look::Late)
            }
        }
        _ => ("-".to_string(), Look::Plain),
    }
}

/// The follow-up clock due sooner: "upd 12m05s" to the next customer
/// update, "fix 1d02h" to the resolution deadline; overdue ones count up
/// with a minus and the breach mark.
pub fn next(r: &BoardRow, m: &Model) -> (String, Look) {
    let facts = follow_up::Facts {
        severity: r.severity,
        state: r.state,
        reported_at: r.reported_at,
        responded_at: r.responded_at,
        pause: r.pause.as_ref(),
        resolve_by: r.resolve_by,
        last_update_at: r.last_update_at,
        resumed_at: r.resumed_at,
    };
    match facts.next(&m.sla, m.now) {
        Some(d) => {
            let u = d.countdown.urgency;
            let mark = if u == Urgency::Breached { "✖" } else { "" };
            let look = if r.pause.is_some() {
                Look::Dim
            } else {
                Look::Urgency(u)
            };
            let (word, left) = (d.kind.short(), sla::format_left(d.countdown.left));
            (format!("{mark}{word} {left}"), look)
        }
        None => ("-".to_string(), Look::Plain),
    }
}

/// The follow-up column is shown only where the title keeps its room: at
/// 80 columns the title is what an engineer reads first.
pub fn next_column_shown(width: u16, m: &Model) -> bool {
    m.sla.has_follow_up_clocks() && width >= 110
}

/// How pressing an update due at `due` is at `now`: overdue, within a
/// quarter hour, within the hour, or not yet.
pub fn update_urgency(due: DateTime<Utc>, now: DateTime<Utc>) -> Urgency {
    let left = (due - now).num_seconds();
    match left {
        l if l < 0 => Urgency::Breached,
        l if l < 15 * 60 => Urgency::Urgent,
        l if l < 60 * 60 => Urgency::Warning,
        _ => Urgency::Normal,
    }
}

/// "update due in 12m04s", or "update overdue 5m00s".
pub fn due_text(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (due - now).num_seconds();
    if secs < 0 {
        format!("update overdue {}", format_span(secs.unsigned_abs()))
    } else {
        format!("update due in {}", format_span(secs as u64))
    }
}

/// An incident's update countdown above the board, with its urgency.
pub fn update_due(i: &Incident, now: DateTime<Utc>) -> Option<(String, Urgency)> {
    let due = i.next_update_due?;
    Some((due_text(due, now), update_urgency(due, now)))
}

/// The quota pane's " · refill in 3d04h", when the month's end is known.
pub fn refill(m: &Model) -> String {
    m.quotas
        .refill_at
        .map(|t| {
            format!(
                " · refill in {}",
                format_span((t - m.now).num_seconds().max(0) as u64)
            )
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn updates_grow_urgent_as_they_near_and_pass() {
        let t = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let at = |m: i64| t + Duration::minutes(m);
        assert_eq!(update_urgency(at(90), t), Urgency::Normal);
        assert_eq!(update_urgency(at(59), t), Urgency::Warning);
        assert_eq!(update_urgency(at(14), t), Urgency::Urgent);
        assert_eq!(update_urgency(at(-1), t), Urgency::Breached);
        assert_eq!(due_text(at(12), t), "update due in 12m00s");
        assert_eq!(due_text(at(-5), t), "update overdue 5m00s");
    }
}
