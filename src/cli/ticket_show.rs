//! `sredesk ticket show`: one escalation with its notes, hand-offs, last
//! customer update and history, in desk time for people or as JSON.

use std::io::{self, Write};

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::print::pad;
use crate::domain::desk_time;
use crate::domain::follow_up::{self, Facts};
use crate::domain::note::{Note, NoteKind};
use crate::domain::sla_policy::{Clock, SlaPolicy};
use crate::domain::{Escalation, EscalationState, pause, sla};
use crate::store::{AuditEntry, EscalationFile};
use crate::text::{inert, inert_lines};

#[derive(Serialize)]
pub(super) struct TicketJson<'a> {
    #[serde(flatten)]
    escalation: &'a Escalation,
    /// Seconds to the response deadline while unanswered (negative once
    /// breached); null once answered or closed.
    seconds_left: Option<i64>,
    /// Unanswered past the deadline, or answered late; never while paused.
    breached: bool,
    /// While paused: how long it has waited on the customer so far.
    paused_seconds: Option<i64>,
    /// "24x7" or "business": which time its clocks count.
    clock: &'static str,
    /// Seconds to the resolution deadline while open (negative once past;
    /// standing still while paused); null without a target.
    resolution_seconds_left: Option<i64>,
    /// Resolved by the resolution deadline; null while open or without one.
    resolution_met: Option<bool>,
    /// When the customer is owed the next update (UTC), while answered and
    /// worked with a cadence set for its severity.
    next_update_due: Option<DateTime<Utc>>,
}

impl<'a> TicketJson<'a> {
    pub(super) fn new(e: &'a Escalation, now: DateTime<Utc>, policy: &SlaPolicy) -> Self {
        let facts = Facts::of(e);
        TicketJson {
            clock: match policy.of(e.severity).clock {
                Clock::AllHours => "24x7",
                Clock::Business => "business",
            },
            resolution_seconds_left: facts
                .resolution(policy, now)
                .map(|d| d.countdown.left.num_seconds()),
            resolution_met: follow_up::resolution_met(e),
            next_update_due: facts.update(policy, now).map(|d| d.at),
            escalation: e,
            seconds_left: e.countdown(now).map(|c| c.left.num_seconds()),
            breached: e.breached(now),
            paused_seconds: e
                .pause
                .as_ref()
                .map(|p| pause::waited(p, now).num_seconds()),
        }
    }
}

/// After a listed title: that it waits on the customer, since when (in
/// the desk's zone) and why, flagged once it has waited too long.
pub(super) fn paused_text(
    e: &Escalation,
    now: DateTime<Utc>,
    tz: chrono_tz::Tz,
    flag_after: chrono::Duration,
) -> String {
    let Some(p) = &e.pause else {
        return String::new();
    };
    let mark = if pause::flagged(p, now, flag_after) {
        pause::FLAGGED
    } else {
        pause::PAUSED
    };
    format!(
        "  {mark} paused since {}: {}",
        desk_time::zoned(p.since, tz),
        inert(&p.reason)
    )
}

/// What the board's first column says, in words a script log can keep.
pub(super) fn clock_text(
    e: &Escalation,
    now: DateTime<Utc>,
    flag_after: chrono::Duration,
) -> String {
    if let Some(p) = &e.pause {
        return pause::clock(p, now, flag_after);
    }
    match (e.countdown(now), e.response_time(), e.response_met) {
        (Some(c), _, _) => format!("{} {}", c.urgency.symbol(), sla::format_left(c.left)),
        (None, Some(t), Some(met)) => format!(
            "{} {}",
            if met { "✓" } else { "✗" },
            sla::format_span(t.num_seconds().max(0) as u64)
        ),
        _ => "-".to_string(),
    }
}

#[derive(Serialize)]
pub(super) struct TicketDetailJson<'a> {
    #[serde(flatten)]
    ticket: TicketJson<'a>,
    history: &'a [AuditEntry],
    /// Notes and hand-offs, oldest first.
    notes: &'a [Note],
    /// The latest update sent to the customer about it, if any.
    last_customer_update: Option<&'a crate::store::NoticeSummary>,
}

impl<'a> TicketDetailJson<'a> {
    pub(super) fn new(file: &'a EscalationFile, now: DateTime<Utc>, policy: &SlaPolicy) -> Self {
        TicketDetailJson {
            ticket: TicketJson::new(&file.escalation, now, policy),
            history: &file.history,
            notes: &file.notes,
            last_customer_update: file.last_update.as_ref(),
        }
    }
}

pub(super) fn ticket_detail(
    out: &mut dyn Write,
    file: &EscalationFile,
    now: DateTime<Utc>,
    rules: &crate::domain::desk::DeskRules,
) -> io::Result<()> {
    let (tz, flag_after) = (rules.calendar.tz, rules.pause_flag_after);
    let e = &file.escalation;
    writeln!(out, "#{} {}", e.id, inert(&e.title))?;
    writeln!(out, "  customer     {}", inert(&e.customer))?;
    writeln!(out, "  ticket       {}", inert(&e.ticket_no))?;
    writeln!(out, "  kind         {}", e.kind.label())?;
    writeln!(
        out,
        "  severity     {} ({})",
        e.severity,
        e.severity.meaning()
    )?;
    writeln!(out, "  state        {}", e.state)?;
    if let Some(r) = e.out_of_scope_reason {
        writeln!(out, "  reason       {}", r.label())?;
    }
    writeln!(
        out,
        "  assignee     {}",
        inert(e.assignee.as_deref().unwrap_or("-"))
    )?;
    writeln!(
        out,
        "  reported     {}",
        desk_time::zoned(e.reported_at, tz)
    )?;
    writeln!(out, "  respond by   {}", desk_time::zoned(e.deadline, tz))?;
    writeln!(out, "  clock        {}", clock_text(e, now, flag_after))?;
    let follow_up = follow_up::lines(e, now, tz, &rules.sla);
    // Said where it is not the seed's 24x7, or where other clocks follow.
    if rules.sla.of(e.severity).clock != Clock::AllHours || !follow_up.is_empty() {
        let words = rules.sla.clock_words(e.severity, tz.name());
        writeln!(out, "  counts       {words}")?;
    }
    for (name, words, _) in follow_up {
        writeln!(out, "  {name:<12} {words}")?;
    }
    if let Some(p) = &e.pause {
        let (waiting, flag) = pause::waiting_words(p, now, flag_after);
        writeln!(
            out,
            "  paused       since {}, {waiting}{}",
            desk_time::zoned(p.since, tz),
            flag.map(|f| format!("  {f}")).unwrap_or_default()
        )?;
        for (i, line) in inert_lines(&p.reason).iter().enumerate() {
            let head = if i == 0 { "waiting for" } else { "           " };
            writeln!(out, "  {head}  {line}")?;
        }
    }
    if let Some(r) = e.responded_at {
        writeln!(out, "  responded    {}", desk_time::zoned(r, tz))?;
    }
    if let Some(text) = &e.resolution {
        let name = if e.state == EscalationState::Withdrawn {
            "withdrawn  "
        } else {
            "resolution "
        };
        for (i, line) in inert_lines(text).iter().enumerate() {
            let head = if i == 0 { name } else { "           " };
            writeln!(out, "  {head}  {line}")?;
        }
    }
    if !e.description.is_empty() {
        writeln!(out, "\n  description")?;
        for line in inert_lines(&e.description) {
            writeln!(out, "    {line}")?;
        }
    }
    if !file.notes.is_empty() {
        writeln!(out, "\n  notes ({tz} time)")?;
        for n in &file.notes {
            let what = match (&n.kind, &n.handed_to) {
                (NoteKind::Handoff, Some(to)) => format!("handed off to {}", inert(to)),
                _ if n.for_customer => "for the customer's Ticket List".to_string(),
                _ => "for the desk".to_string(),
            };
            writeln!(
                out,
                "    {}  {} {what}",
                desk_time::minute(n.at, tz),
                pad(&n.engineer, 10)
            )?;
            for line in inert_lines(&n.text) {
                writeln!(out, "      {line}")?;
            }
        }
    }
    if let Some(u) = &file.last_update {
        writeln!(
            out,
            "\n  last customer update  notice #{} at {} by {} ({}): {}",
            u.id,
            desk_time::zoned(u.composed_at, tz),
            inert(&u.composed_by),
            u.channels
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            u.deliveries.describe()
        )?;
        for line in inert_lines(&u.message) {
            writeln!(out, "    {line}")?;
        }
    }
    writeln!(out, "\n  history ({tz} time)")?;
    for h in &file.history {
        writeln!(
            out,
            "    {}  {} {}",
            desk_time::minute(h.at, tz),
            pad(&h.engineer, 10),
            inert(&h.detail)
        )?;
    }
    Ok(())
}
