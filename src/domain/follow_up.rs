//! The clocks after the response: the resolution target and the
//! customer-update cadence, where the desk sets them (`[sla.S1]` …).
//!
//! Both stand still while the escalation waits on the customer. The
//! cadence runs once the escalation is answered and until it is resolved,
//! from the latest of the response, the last update sent and the end of
//! the last pause, as incidents' next-update clocks run from their last
//! notice.

use chrono::{DateTime, Utc};

use super::desk_time;
use super::escalation::{Escalation, Pause};
use super::sla::{self, Countdown, Urgency};
use super::sla_policy::SlaPolicy;
use super::{EscalationState, Severity};

/// What the follow-up clocks of one escalation are read from.
#[derive(Clone, Copy, Debug)]
pub struct Facts<'a> {
    pub severity: Severity,
    pub state: EscalationState,
    pub reported_at: DateTime<Utc>,
    pub responded_at: Option<DateTime<Utc>>,
    pub pause: Option<&'a Pause>,
    pub resolve_by: Option<DateTime<Utc>>,
    pub last_update_at: Option<DateTime<Utc>>,
    pub resumed_at: Option<DateTime<Utc>>,
}

/// Which follow-up clock a [`Due`] is (not to be taken for
/// `sla_policy::Clock`, which time a severity counts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FollowUp {
    Update,
    Resolution,
}

impl FollowUp {
    /// The board's short word before the time left.
    pub fn short(self) -> &'static str {
        match self {
            FollowUp::Update => "upd",
            FollowUp::Resolution => "fix",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Due {
    pub kind: FollowUp,
    pub at: DateTime<Utc>,
    pub countdown: Countdown,
}

impl<'a> Facts<'a> {
    pub fn of(e: &'a Escalation) -> Facts<'a> {
        Facts {
            severity: e.severity,
            state: e.state,
            reported_at: e.reported_at,
            responded_at: e.responded_at,
            pause: e.pause.as_ref(),
            resolve_by: e.resolve_by,
            last_update_at: e.last_update_at,
            resumed_at: e.resumed_at,
        }
    }

    /// The resolution countdown while open; paused, it stands where the
    /// pause stopped it.
    pub fn resolution(&self, policy: &SlaPolicy, now: DateTime<Utc>) -> Option<Due> {
        let at = self.resolve_by.filter(|_| self.state.is_open())?;
        let stood = self.pause.map_or(now, |p| p.since.min(now));
        // The bands need a whole to take shares of: the desk's target,
        // or, if it has since dropped it, the span this one was given.
        let whole = policy
            .of(self.severity)
            .resolve_within
            .unwrap_or(at - self.reported_at);
        Some(Due {
            kind: FollowUp::Resolution,
            at,
            countdown: sla::countdown(at, whole, stood),
        })
    }

    /// When the customer is owed the next update: answered, still being
    /// worked, not waiting on the customer.
    pub fn update(&self, policy: &SlaPolicy, now: DateTime<Utc>) -> Option<Due> {
        let every = policy.of(self.severity).update_every?;
        let worked = matches!(
            self.state,
            EscalationState::Acknowledged | EscalationState::InProgress
        );
        if !worked || self.pause.is_some() {
            return None;
        }
        let since = [self.responded_at, self.last_update_at, self.resumed_at]
            .into_iter()
            .flatten()
            .max()?;
        let at = policy.update_due(self.severity, since)?;
        Some(Due {
            kind: FollowUp::Update,
            at,
            countdown: sla::countdown(at, every, now),
        })
    }

    /// The one due sooner, for the board's single column.
    pub fn next(&self, policy: &SlaPolicy, now: DateTime<Utc>) -> Option<Due> {
        match (self.update(policy, now), self.resolution(policy, now)) {
            (Some(u), Some(r)) => Some(if r.countdown.left < u.countdown.left {
                r
            } else {
                u
            }),
            (u, r) => u.or(r),
        }
    }
}

/// Whether it was resolved by its resolution deadline; `None` while open,
/// when it ended otherwise, or when it had no target.
pub fn resolution_met(e: &Escalation) -> Option<bool> {
    let by = e.resolve_by?;
    if !matches!(e.state, EscalationState::Resolved | EscalationState::Closed) {
        return None;
    }
    Some(e.ended_at? <= by)
}

/// The words a resolve step adds to its audit line.
pub fn resolved_words(resolve_by: Option<DateTime<Utc>>, now: DateTime<Utc>) -> String {
    match resolve_by {
        Some(by) if now <= by => "; within the resolution target".into(),
        Some(by) => format!(
            "; {} past the resolution target",
            sla::format_span((now - by).num_seconds().max(0) as u64)
        ),
        None => String::new(),
    }
}

/// The resolution and next-update lines of a detail, where the desk sets
/// them: when, in desk time, how much is left or how late it is, and the
/// urgency to colour it by.
pub fn lines(
    e: &Escalation,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
    policy: &SlaPolicy,
) -> Vec<(&'static str, String, Option<Urgency>)> {
    let facts = Facts::of(e);
    let mut lines = Vec::new();
    if let Some(d) = facts.resolution(policy, now) {
        let u = e.pause.is_none().then_some(d.countdown.urgency);
        lines.push(("resolve by", due_words(&d, tz, e.pause.is_some()), u));
    } else if let (Some(by), Some(met)) = (e.resolve_by, resolution_met(e)) {
        let verdict = if met {
            "✓ resolved within"
        } else {
            "✗ resolved late"
        };
        let u = if met {
            Urgency::Normal
        } else {
            Urgency::Breached
        };
        let words = format!("{}, {verdict}", desk_time::zoned(by, tz));
        lines.push(("resolve by", words, Some(u)));
    }
    if let Some(d) = facts.update(policy, now) {
        let every = policy.of(e.severity).update_every.unwrap_or_default();
        let words = format!(
            "{} (every {})",
            due_words(&d, tz, false),
            sla::format_span(every.num_seconds().max(0) as u64)
        );
        lines.push(("next update", words, Some(d.countdown.urgency)));
    }
    lines
}

fn due_words(d: &Due, tz: chrono_tz::Tz, paused: bool) -> String {
    let left = d.countdown.left;
    let state = if paused {
        format!("stands at {} left while paused", sla::format_left(left))
    } else if left < chrono::Duration::zero() {
        format!(
            "{} {} late",
            d.countdown.urgency.symbol(),
            sla::format_left(-left)
        )
    } else {
        format!(
            "{} {} left",
            d.countdown.urgency.symbol(),
            sla::format_left(left)
        )
    };
    format!("{}, {}", desk_time::zoned(d.at, tz), state.trim_start())
}

#[cfg(test)]
#[path = "follow_up_tests.rs"]
mod tests;
