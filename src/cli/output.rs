//! How the CLI prints: aligned text for people, JSON for scripts. Both
//! stream, so listing a million escalations needs no more memory than one.

use std::io::{self, Write};

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::domain::deliverable::DeliverableStatus;
use crate::domain::desk_time;
use crate::domain::quota::QuotaStatus;
use crate::domain::{Customer, Escalation, sla};
use crate::store::{AuditEntry, CustomerDetail, CustomerQuota, ListFilter, Store};
use crate::text::{inert, inert_lines, write_json};

pub fn json_line<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> io::Result<()> {
    write_json(out, value)?;
    writeln!(out)
}

#[derive(Serialize)]
pub struct TicketJson<'a> {
    #[serde(flatten)]
    escalation: &'a Escalation,
    /// Seconds to the response deadline while unanswered (negative once
    /// breached); null once answered or closed.
    seconds_left: Option<i64>,
    /// Unanswered past the deadline, or answered late.
    breached: bool,
}

impl<'a> TicketJson<'a> {
    pub fn new(e: &'a Escalation, now: DateTime<Utc>) -> Self {
        let seconds_left = e.countdown(now).map(|c| c.left.num_seconds());
        TicketJson {
            escalation: e,
            seconds_left,
            breached: seconds_left.is_some_and(|s| s < 0) || e.response_met == Some(false),
        }
    }
}

#[derive(Serialize)]
pub struct TicketDetailJson<'a> {
    #[serde(flatten)]
    ticket: TicketJson<'a>,
    history: &'a [AuditEntry],
}

impl<'a> TicketDetailJson<'a> {
    pub fn new(e: &'a Escalation, history: &'a [AuditEntry], now: DateTime<Utc>) -> Self {
        TicketDetailJson {
            ticket: TicketJson::new(e, now),
            history,
        }
    }
}

pub fn ticket_json_array(
    out: &mut dyn Write,
    store: &Store,
    filter: &ListFilter,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    out.write_all(b"[")?;
    let mut first = true;
    store.for_each_escalation(filter, |e| {
        if !first {
            out.write_all(b",")?;
        }
        first = false;
        out.write_all(b"\n")?;
        write_json(out, &TicketJson::new(&e, now))
    })?;
    out.write_all(if first { b"]\n" } else { b"\n]\n" })?;
    Ok(())
}

/// Pads or cuts to `width` characters (not bytes), after neutralising.
/// Inert text cut or padded to `width` characters.
pub(crate) fn cell(s: &str, width: usize) -> String {
    let s = inert(s);
    let n = s.chars().count();
    if n > width {
        let mut cut: String = s.chars().take(width.saturating_sub(1)).collect();
        cut.push('…');
        cut
    } else {
        format!("{s}{}", " ".repeat(width - n))
    }
}

/// What the board's first column says, in words a script log can keep.
pub fn clock_text(e: &Escalation, now: DateTime<Utc>) -> String {
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

pub fn ticket_table(
    out: &mut dyn Write,
    store: &Store,
    filter: &ListFilter,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    writeln!(
        out,
        "{:>7}  SEV  {}  {}  {}  {}  TITLE",
        "ID",
        cell("CLOCK", 9),
        cell("STATE", 12),
        cell("CUSTOMER", 20),
        cell("TICKET", 16)
    )?;
    store.for_each_escalation(filter, |e| {
        writeln!(
            out,
            "{:>7}  {}   {}  {}  {}  {}  {}",
            e.id,
            e.severity,
            cell(&clock_text(&e, now), 9),
            cell(e.state.as_str(), 12),
            cell(&e.customer, 20),
            cell(&e.ticket_no, 16),
            inert(&e.title)
        )
    })?;
    Ok(())
}

pub fn customer_table(out: &mut dyn Write, customers: &[Customer]) -> io::Result<()> {
    writeln!(
        out,
        "{:>5}  {}  {}  OWNER",
        "ID",
        cell("NAME", 28),
        cell("KIND", 21)
    )?;
    for c in customers {
        writeln!(
            out,
            "{:>5}  {}  {}  {}",
            c.id,
            cell(&c.name, 28),
            cell(c.kind.as_str(), 21),
            inert(c.owner.as_deref().unwrap_or("-"))
        )?;
    }
    Ok(())
}

pub fn ticket_detail(
    out: &mut dyn Write,
    e: &Escalation,
    history: &[AuditEntry],
    now: DateTime<Utc>,
) -> io::Result<()> {
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
        desk_time::utc_seconds(e.reported_at)
    )?;
    writeln!(out, "  respond by   {}", desk_time::utc_seconds(e.deadline))?;
    writeln!(out, "  clock        {}", clock_text(e, now))?;
    if let Some(r) = e.responded_at {
        writeln!(out, "  responded    {}", desk_time::utc_seconds(r))?;
    }
    if let Some(note) = &e.resolution {
        writeln!(out, "  resolution   {}", inert(note))?;
    }
    if !e.description.is_empty() {
        writeln!(out, "\n  description")?;
        for line in inert_lines(&e.description) {
            writeln!(out, "    {line}")?;
        }
    }
    writeln!(out, "\n  history")?;
    for h in history {
        writeln!(
            out,
            "    {}  {:<10} {}",
            desk_time::utc_seconds_unmarked(h.at),
            inert(&h.engineer),
            inert(&h.detail)
        )?;
    }
    Ok(())
}

/// "7/10" or "12/20 (10 from packages)": used of what the month allows.
pub fn quota_text(q: &QuotaStatus) -> String {
    if q.package_total == 0 {
        format!("{}/{}", q.used(), q.total())
    } else {
        format!(
            "{}/{} (+{} pkg, {} left)",
            q.used(),
            q.total(),
            q.package_total,
            q.left()
        )
    }
}

pub fn quota_table(out: &mut dyn Write, rows: &[CustomerQuota]) -> io::Result<()> {
    writeln!(
        out,
        "{}  {}  {}  {}  CHAT",
        cell("CUSTOMER", 24),
        cell("FASTER", 24),
        cell("EXPERT", 24),
        cell("MONTHS LEFT", 11)
    )?;
    for r in rows {
        writeln!(
            out,
            "{}  {}  {}  {}  {}",
            cell(&r.customer.name, 24),
            cell(&quota_text(&r.faster), 24),
            cell(&quota_text(&r.expert), 24),
            cell(&r.months_left.to_string(), 11),
            r.platform.label()
        )?;
    }
    Ok(())
}

pub fn customer_detail(
    out: &mut dyn Write,
    d: &CustomerDetail,
    today: NaiveDate,
    tz: chrono_tz::Tz,
) -> io::Result<()> {
    let c = &d.customer;
    writeln!(out, "{} ({})", inert(&c.name), c.kind)?;
    writeln!(
        out,
        "  contact            {}",
        inert(c.owner.as_deref().unwrap_or("-"))
    )?;
    writeln!(
        out,
        "  desk owner         {}{}",
        inert(d.project_owner.as_ref().map_or("-", |t| t.owner.as_str())),
        d.owner_change.as_ref().map_or(String::new(), |t| format!(
            "  (changes to {} on {}, announced {})",
            inert(&t.owner),
            t.effective_on,
            t.announced_on
        ))
    )?;
    writeln!(
        out,
        "  subscription       {}",
        match d.active_subscription {
            Some(id) => format!(
                "#{id} active; {} month(s) left, {} consecutive",
                d.months_left, d.consecutive_months
            ),
            None => format!("none active on {today}"),
        }
    )?;
    writeln!(out, "\n  subscriptions")?;
    for s in &d.subscriptions {
        writeln!(
            out,
            "    #{:<4} {} to {}  {} month(s), applied {}",
            s.id, s.start_on, s.end_on, s.months, s.applied_on
        )?;
    }
    writeln!(out, "\n  chat groups")?;
    for g in &d.chat_groups {
        let state = match g.dismissed_on {
            Some(day) => format!("dismissed {day}"),
            None if g.created_on > today => format!("opens {}", g.created_on),
            None => "active".to_string(),
        };
        writeln!(
            out,
            "    #{:<4} {:<7} created {}  {}  {}",
            g.id,
            g.platform.label(),
            g.created_on,
            state,
            inert(g.webhook.as_deref().unwrap_or("(no webhook)"))
        )?;
    }
    writeln!(out, "\n  packages")?;
    for p in &d.packages {
        writeln!(
            out,
            "    #{:<4} {:<32} bought {}  {} of {} left  {}",
            p.id,
            p.kind.label(),
            p.bought_on,
            p.left(),
            p.units,
            p.expired(today).map_or_else(
                || format!("until {}", p.term_end),
                |why| format!("expired: {why}")
            )
        )?;
    }
    for q in &d.quotas {
        writeln!(
            out,
            "\n  {} in {}: {}",
            q.kind.label(),
            q.month,
            quota_text(q)
        )?;
    }
    writeln!(out, "\n  deliverables")?;
    for s in &d.deliverables {
        writeln!(out, "    {}", deliverable_status_text(s, tz))?;
    }
    writeln!(out, "\n  used this month")?;
    for u in &d.uses_this_month {
        writeln!(
            out,
            "    {}  {:<7} #{:<6} {}  {}{}",
            desk_time::utc_minute_unmarked(u.used_at),
            u.quota,
            u.escalation_id,
            inert(&u.ticket_no),
            u.package_id
                .map_or("plan".to_string(), |id| format!("package #{id}")),
            if u.returned_at.is_some() {
                "  (given back)"
            } else {
                ""
            }
        )?;
    }
    Ok(())
}

/// One line per list: "2026-10  tickets       12 rows  accepted by X on D".
pub fn deliverable_status_text(s: &DeliverableStatus, tz: chrono_tz::Tz) -> String {
    let state = match &s.acceptance {
        Some(a) => format!(
            "accepted by {} on {}{}",
            inert(&a.accepted_by),
            desk_time::day(a.accepted_at, tz),
            if s.changed_since_acceptance {
                "; changed since"
            } else {
                ""
            }
        ),
        None => "not accepted".to_string(),
    };
    format!(
        "{:<8} {:<12} {:>5} rows  {state}",
        s.period.to_string(),
        s.kind.as_str(),
        s.items
    )
}

pub fn deliverable_statuses(
    out: &mut dyn Write,
    rows: &[DeliverableStatus],
    tz: chrono_tz::Tz,
) -> io::Result<()> {
    writeln!(out, "recent months")?;
    for s in rows {
        writeln!(out, "  {}", deliverable_status_text(s, tz))?;
    }
    Ok(())
}
