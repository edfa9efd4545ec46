//! The triage rules that move an escalation through its lifecycle:
//! acknowledge, start, re-grade, assign, resolve, close, withdraw, out of
//! scope, escalate to R&D experts, pause while waiting on the customer
//! and resume.

use chrono::{DateTime, Utc};

use super::escalation::Escalation;
use super::sla_policy::SlaPolicy;
use super::{EscalationKind, EscalationState, OutOfScopeReason, Severity};
use super::{pause, sla};

/// What an engineer can do to an escalation from the board or the CLI.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TriageOp {
    Acknowledge,
    Start,
    SetSeverity(Severity),
    /// To an engineer, with a hand-off note for them.
    Assign {
        to: String,
        note: Option<String>,
    },
    /// How it was resolved: the Ticket List's "Resolution".
    Resolve {
        resolution: Option<String>,
    },
    Close,
    /// Why: kept where a resolution would be.
    Withdraw {
        reason: Option<String>,
    },
    OutOfScope(OutOfScopeReason),
    /// Hand to R&D experts: the escalation becomes Direct Expert Support.
    EscalateToExperts,
    /// Waiting on the customer, for this reason: the clock stops.
    Pause {
        reason: String,
    },
    Resume,
    /// Hold its alarms back until then; `None` ends a snooze.
    Snooze {
        until: Option<DateTime<Utc>>,
    },
}

impl TriageOp {
    /// The verb, as the CLI and the error messages name it.
    pub fn verb(&self) -> &'static str {
        match self {
            TriageOp::Acknowledge => "acknowledge",
            TriageOp::Start => "start work on",
            TriageOp::SetSeverity(_) => "re-grade",
            TriageOp::Assign { .. } => "assign",
            TriageOp::Resolve { .. } => "resolve",
            TriageOp::Close => "close",
            TriageOp::Withdraw { .. } => "withdraw",
            TriageOp::OutOfScope(_) => "mark out of scope",
            TriageOp::EscalateToExperts => "escalate to experts",
            TriageOp::Pause { .. } => "pause",
            TriageOp::Resume => "resume",
            TriageOp::Snooze { .. } => "snooze",
        }
    }
}

/// Why a step was refused. Each names the escalation by the customer's
/// ticket number, which is what engineers see, and by its id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TriageError {
    #[error("cannot {verb} {ticket}: it is {state}{hint}")]
    NotAllowed {
        ticket: String,
        verb: &'static str,
        state: EscalationState,
        hint: &'static str,
    },
    #[error("{ticket} is already {what}")]
    NoChange { ticket: String, what: String },
    #[error("assignee is empty")]
    EmptyAssignee,
    #[error("assignee is {0} characters long; at most 100 are allowed")]
    AssigneeTooLong(usize),
    #[error("{0}")]
    BadText(String),
    #[error("cannot {verb} {ticket}: it is paused, waiting on the customer (resume it first)")]
    Paused { ticket: String, verb: &'static str },
    #[error("cannot resume {ticket}: it is not paused")]
    NotPaused { ticket: String },
    #[error(
        "cannot pause {ticket}: its response is {overdue} overdue; acknowledge it \
         (a pause does not undo a missed response)"
    )]
    Overdue { ticket: String, overdue: String },
}

/// Why the customer may not be sent an update about `e`: one closed,
/// withdrawn or out of scope is done with, and the customer has heard its
/// end. Open and resolved ones may be written about.
pub fn update_refused(e: &Escalation) -> Option<String> {
    (!(e.state.is_open() || e.state == EscalationState::Resolved)).then(|| {
        format!(
            "{} is {}: the customer has heard its end; write a note instead",
            label(&e.ticket_no, e.id),
            e.state
        )
    })
}

/// How messages name an escalation: "ST2611-0042 (#42)".
/// Before a marked escalation's title, and in the count of marked ones.
pub const MARKED: &str = "■";

pub fn label(ticket_no: &str, id: i64) -> String {
    format!("{ticket_no} (#{id})")
}

/// The longest note, resolution or reason an engineer may write.
pub const MAX_NOTE: usize = 4000;

/// A note, resolution or reason: at most `MAX_NOTE` characters; empty is
/// none. Like a ticket's description it is kept as written (it is often
/// pasted from the customer) and made inert wherever it is shown.
pub fn check_note(what: &str, text: &str) -> Result<Option<String>, TriageError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    // Several lines are kept; escape sequences and other control
    // characters are refused here, at the edge, not only made inert later.
    super::text_rules::check_text(what, t, MAX_NOTE, true).map_err(TriageError::BadText)?;
    Ok(Some(t.to_string()))
}

/// A pause may not hide a response already missed; the board asks this
/// before it asks for the reason.
pub fn check_pause(
    ticket: &str,
    state: EscalationState,
    deadline: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), TriageError> {
    match pause::overdue(state, deadline, now) {
        Some(late) => Err(TriageError::Overdue {
            ticket: ticket.to_string(),
            overdue: sla::format_span(late.num_seconds() as u64),
        }),
        None => Ok(()),
    }
}

/// The reason is required: the next engineer must know what the customer
/// is to send or do.
pub fn pause_reason(reason: &str) -> Result<String, TriageError> {
    check_note("the reason for the pause", reason)?.ok_or_else(|| {
        TriageError::BadText(
            "the reason for the pause is empty: say what the customer is to send or do".into(),
        )
    })
}

fn trimmed(text: &Option<String>) -> Option<String> {
    text.as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(String::from)
}

/// The outcome of a legal triage step: the escalation after it and a line
/// for the audit trail saying what changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Triaged {
    pub after: Escalation,
    pub summary: String,
}

/// Whether `op` may be applied to an escalation in `state` (and paused
/// or not), with a hint for the engineer when not. The board asks this
/// before confirming.
pub fn check_allowed(
    ticket: &str,
    state: EscalationState,
    paused: bool,
    op: &TriageOp,
) -> Result<(), TriageError> {
    use EscalationState as S;
    let ticket_s = || ticket.to_string();
    match op {
        TriageOp::Pause { .. } if paused => {
            return Err(TriageError::NoChange {
                ticket: ticket_s(),
                what: "paused".into(),
            });
        }
        TriageOp::Resume if paused => return Ok(()),
        TriageOp::Resume => return Err(TriageError::NotPaused { ticket: ticket_s() }),
        // The response and the start of work come once the customer has
        // answered; an end (resolve, withdraw, out of scope) may come
        // while it waits and ends the pause.
        // A paused one rings nothing while it waits on the customer.
        TriageOp::Snooze { until: Some(_) } if paused => {
            return Err(TriageError::Paused {
                ticket: ticket_s(),
                verb: op.verb(),
            });
        }
        TriageOp::Acknowledge | TriageOp::Start if paused => {
            return Err(TriageError::Paused {
                ticket: ticket_s(),
                verb: op.verb(),
            });
        }
        _ => {}
    }
    let hint = match (op, state) {
        (TriageOp::Acknowledge, S::New)
        | (TriageOp::Start, S::Acknowledged)
        | (TriageOp::Resolve { .. }, S::InProgress)
        | (TriageOp::Close, S::Resolved) => return Ok(()),
        (
            TriageOp::SetSeverity(_)
            | TriageOp::Assign { .. }
            | TriageOp::Withdraw { .. }
            | TriageOp::OutOfScope(_)
            | TriageOp::EscalateToExperts
            | TriageOp::Pause { .. },
            s,
        ) if s.is_open() => return Ok(()),
        (TriageOp::Snooze { .. }, S::New) => return Ok(()),
        (TriageOp::Snooze { .. }, _) => {
            " (only unanswered escalations ring alarms; answering silenced it)"
        }
        (TriageOp::Pause { .. }, _) => " (only open escalations are paused)",
        (TriageOp::Start, S::New) => " (acknowledge it first)",
        (TriageOp::Resolve { .. }, S::New) => " (acknowledge it and start work first)",
        (TriageOp::Resolve { .. }, S::Acknowledged) => " (start work on it first)",
        (TriageOp::Close, _) => " (only resolved escalations are closed)",
        _ => "",
    };
    Err(TriageError::NotAllowed {
        ticket: ticket.to_string(),
        verb: op.verb(),
        state,
        hint,
    })
}

/// Applies one triage step. Pure: the caller stores the result.
pub fn triage(
    e: &Escalation,
    op: &TriageOp,
    engineer: &str,
    now: DateTime<Utc>,
    policy: &SlaPolicy,
) -> Result<Triaged, TriageError> {
    use EscalationState as S;
    let ticket = label(&e.ticket_no, e.id);
    check_allowed(&ticket, e.state, e.pause.is_some(), op)?;
    let text = |what: &str, t: &Option<String>| match t {
        Some(t) => check_note(what, t).map(|_| ()),
        None => Ok(()),
    };
    match op {
        TriageOp::Resolve { resolution } => text("the resolution", resolution)?,
        TriageOp::Withdraw { reason } => text("the reason", reason)?,
        TriageOp::Assign { note, .. } => text("the hand-off note", note)?,
        TriageOp::Pause { reason } => {
            check_pause(&ticket, e.state, e.deadline, now)?;
            pause_reason(reason)?;
        }
        _ => {}
    }
    let mut after = e.clone();
    after.updated_at = now;
    let summary = match op {
        TriageOp::Acknowledge => {
            let met = sla::response_met(now, e.deadline);
            after.state = S::Acknowledged;
            after.responded_at = Some(now);
            after.response_met = Some(met);
            let mut s = format!(
                "acknowledged after {} ({} the {} SLA of {})",
                sla::format_span((now - e.reported_at).num_seconds().max(0) as u64),
                if met { "within" } else { "outside" },
                e.severity,
                sla::format_span(e.severity.response_target().num_seconds() as u64),
            );
            // The first responder owns it unless someone already does.
            if e.assignee.is_none() {
                after.assignee = Some(engineer.to_string());
                s.push_str(&format!("; assigned to {engineer}"));
            }
            s
        }
        TriageOp::Start => {
            after.state = S::InProgress;
            "work started".to_string()
        }
        TriageOp::SetSeverity(sev) => {
            if *sev == e.severity {
                return Err(TriageError::NoChange {
                    ticket,
                    what: sev.to_string(),
                });
            }
            after.severity = *sev;
            // The paused time the new grade's clock counts, which may be
            // the other clock than the old grade's.
            let (owed, resolving) = e.paused_for(policy, *sev);
            after.deadline = policy.response_deadline(*sev, e.reported_at, owed);
            after.resolve_by = policy.resolve_by(*sev, e.reported_at, resolving);
            // An answered escalation is judged against its grade as it now
            // stands, so the board, the detail and the customer's ticket
            // list never show a response "met" beside a target it missed.
            let judged = e.responded_at.map(|r| {
                let met = sla::response_met(r, after.deadline);
                after.response_met = Some(met);
                if met {
                    "; the response is within the new SLA"
                } else {
                    "; the response is outside the new SLA"
                }
            });
            format!(
                "severity {} -> {}; response deadline {} -> {}{}",
                e.severity,
                sev,
                super::desk_time::zoned(e.deadline, policy.calendar.tz),
                super::desk_time::zoned(after.deadline, policy.calendar.tz),
                judged.unwrap_or_default(),
            )
        }
        TriageOp::Assign { to: who, note } => {
            let who = who.trim();
            if who.is_empty() {
                return Err(TriageError::EmptyAssignee);
            }
            let len = who.chars().count();
            if len > 100 {
                return Err(TriageError::AssigneeTooLong(len));
            }
            super::text_rules::check_text("the assignee", who, 100, false)
                .map_err(TriageError::BadText)?;
            if e.assignee.as_deref() == Some(who) {
                return Err(TriageError::NoChange {
                    ticket,
                    what: format!("assigned to {who}"),
                });
            }
            after.assignee = Some(who.to_string());
            let moved = match &e.assignee {
                Some(prev) => format!("assignee {prev} -> {who}"),
                None => format!("assigned to {who}"),
            };
            match trimmed(note) {
                Some(n) => format!("{moved}; note: {n}"),
                None => moved,
            }
        }
        TriageOp::Resolve { resolution } => {
            let waited = pause::end_pause(&mut after, now, policy);
            after.state = S::Resolved;
            after.ended_at = Some(now);
            after.resolution = trimmed(resolution);
            let s = match &after.resolution {
                Some(n) => format!("resolved: {n}"),
                None => "resolved".to_string(),
            };
            s + &super::follow_up::resolved_words(after.resolve_by, now)
                + &pause::ended_note(waited)
        }
        TriageOp::Close => {
            after.state = S::Closed;
            "closed".to_string()
        }
        TriageOp::Withdraw { reason } => {
            let waited = pause::end_pause(&mut after, now, policy);
            after.state = S::Withdrawn;
            after.ended_at = Some(now);
            after.resolution = trimmed(reason);
            let s = match &after.resolution {
                Some(r) => format!("withdrawn: {r}"),
                None => "withdrawn".to_string(),
            };
            s + &pause::ended_note(waited)
        }
        TriageOp::OutOfScope(reason) => {
            let waited = pause::end_pause(&mut after, now, policy);
            after.state = S::OutOfScope;
            after.out_of_scope_reason = Some(*reason);
            after.ended_at = Some(now);
            format!("out of scope: {}", reason.label()) + &pause::ended_note(waited)
        }
        TriageOp::EscalateToExperts => {
            if e.kind == EscalationKind::Expert {
                return Err(TriageError::NoChange {
                    ticket,
                    what: "with the experts".into(),
                });
            }
            after.kind = EscalationKind::Expert;
            format!("escalated to R&D experts (was {})", e.kind.label())
        }
        TriageOp::Pause { reason } => pause::pause(&mut after, &pause_reason(reason)?, now),
        TriageOp::Resume => pause::resume(&mut after, now, policy),
        TriageOp::Snooze { until: Some(until) } => {
            if *until <= now {
                return Err(TriageError::BadText(
                    "a snooze must end after now: give a span such as 30m".into(),
                ));
            }
            after.snoozed_until = Some(*until);
            format!(
                "alarms snoozed for {}, until {}",
                sla::format_span((*until - now).num_seconds().max(0) as u64),
                super::desk_time::zoned(*until, policy.calendar.tz)
            )
        }
        TriageOp::Snooze { until: None } => {
            if e.snoozed_until.is_none_or(|u| u <= now) {
                return Err(TriageError::NoChange {
                    ticket,
                    what: "ringing (not snoozed)".into(),
                });
            }
            after.snoozed_until = None;
            "snooze ended: its alarms ring again".into()
        }
    };
    Ok(Triaged { after, summary })
}

#[cfg(test)]
mod tests;
