//! The handover written out: plain text (the CLI and the dashboard's
//! screen) and Markdown (to paste or send), from one list of sections so
//! the two never say different things. Ticket text is untrusted: each
//! format makes it inert its own way. Times are the desk's, said once.

use std::io::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::desk_time;
use crate::domain::handover::{EscalationLine, Handover};
use crate::domain::sla::{format_left, format_span};

/// A heading and its lines, with untrusted text already escaped.
pub struct Section {
    pub title: String,
    pub lines: Vec<String>,
}

/// The title line, naming the shift in desk time.
pub fn title(h: &Handover, tz: Tz) -> String {
    format!("Handover {}", shift(h, tz))
}

/// The shift's span in desk time, saying so.
pub fn shift(h: &Handover, tz: Tz) -> String {
    format!(
        "{} – {} ({} time)",
        desk_time::short(h.since, tz),
        desk_time::short(h.until, tz),
        tz.name()
    )
}

pub fn sections(h: &Handover, tz: Tz, esc: &dyn Fn(&str) -> String) -> Vec<Section> {
    let at = |t: DateTime<Utc>| desk_time::short(t, tz);
    let esc_line = |l: &EscalationLine| {
        format!(
            "{} {} {} — {}",
            esc(&l.ticket_no),
            l.severity,
            esc(&l.customer),
            esc(&l.title)
        )
    };
    let who = |a: &Option<String>| a.as_deref().map_or("unassigned".to_string(), esc);
    let mut out = Vec::new();
    let mut section = |title: String, lines: Vec<String>| {
        if !lines.is_empty() {
            out.push(Section { title, lines });
        }
    };
    let counted = |what: &str, n: usize| format!("{what} ({n})");
    section(
        counted("Came in", h.arrived.len()),
        h.arrived
            .iter()
            .map(|l| {
                format!(
                    "{} · reported {} · {} · {}",
                    esc_line(l),
                    at(l.at),
                    l.state.as_str().replace('_', " "),
                    who(&l.assignee)
                )
            })
            .collect(),
    );
    for (name, lines) in [
        ("Answered within the SLA", &h.answered_within),
        ("Answered outside the SLA", &h.answered_outside),
    ] {
        section(
            counted(name, lines.len()),
            lines
                .iter()
                .map(|l| format!("{} · answered {} by {}", esc_line(l), at(l.at), who(&l.by)))
                .collect(),
        );
    }
    section(
        counted("Breached and still unanswered", h.breached_open.len()),
        h.breached_open
            .iter()
            .map(|l| {
                let late = format_span((h.until - l.at).num_seconds().max(0) as u64);
                format!(
                    "{} · due {} ({late} ago) · {}",
                    esc_line(l),
                    at(l.at),
                    who(&l.assignee)
                )
            })
            .collect(),
    );
    section(
        "Who holds what".to_string(),
        h.holders
            .iter()
            .map(|x| {
                let breached = if x.breached > 0 {
                    format!(", {} breached", x.breached)
                } else {
                    String::new()
                };
                format!("{}: {} open{breached}", who(&x.engineer), x.open)
            })
            .collect(),
    );
    section(
        counted("Waiting on customers", h.paused.len()),
        h.paused
            .iter()
            .map(|p| {
                let waited = format_span((h.until - p.since).num_seconds().max(0) as u64);
                format!(
                    "{} · since {} ({waited}): {}",
                    esc_line(&p.escalation),
                    at(p.since),
                    esc(&p.reason)
                )
            })
            .collect(),
    );
    section(
        counted("Notes written", h.notes.len()),
        h.notes
            .iter()
            .map(|n| {
                let kind = match (&n.handed_to, n.for_customer) {
                    (Some(to), _) => format!(" (handed to {})", esc(to)),
                    (None, true) => " (for the customer's Ticket List)".to_string(),
                    (None, false) => String::new(),
                };
                let first = n.text.lines().next().unwrap_or_default();
                let more = if n.text.lines().count() > 1 {
                    " …"
                } else {
                    ""
                };
                format!(
                    "{} {} on {}{kind}: {}{more}",
                    at(n.at),
                    esc(&n.engineer),
                    esc(&n.ticket_no),
                    esc(first)
                )
            })
            .collect(),
    );
    section(
        counted("Open incidents", h.incidents.len()),
        h.incidents
            .iter()
            .map(|i| {
                let due = match i.next_update_due {
                    Some(d) if d < h.until => {
                        format!(
                            "update overdue {}",
                            format_left(h.until - d).trim_start_matches('-')
                        )
                    }
                    Some(d) => format!("next update {} (in {})", at(d), format_left(d - h.until)),
                    None => "no update owed".to_string(),
                };
                format!("INC-{} {} · {} · {due}", i.id, esc(&i.title), i.state)
            })
            .collect(),
    );
    let n = &h.notices;
    if n.notices > 0 {
        section(
            counted("Notices sent", n.notices),
            vec![format!(
                "deliveries: {} sent, {} to go, {} failed, {} dead",
                n.sent, n.pending, n.failed, n.dead
            )],
        );
    }
    section(
        counted("Quotas nearly used up", h.quotas_low.len()),
        h.quotas_low
            .iter()
            .map(|q| {
                format!(
                    "{}: {} {} of {} left",
                    esc(&q.customer),
                    q.quota,
                    q.left,
                    q.total
                )
            })
            .collect(),
    );
    out
}

const QUIET: &str = "A quiet shift: nothing came in, nothing waits, nothing is owed.";

pub fn text(out: &mut dyn Write, h: &Handover, tz: Tz) -> std::io::Result<()> {
    writeln!(out, "{}", title(h, tz))?;
    if h.is_quiet() {
        return writeln!(out, "{QUIET}");
    }
    let esc = |s: &str| crate::text::inert(s).into_owned();
    for s in sections(h, tz, &esc) {
        writeln!(out, "\n{}", s.title)?;
        for l in s.lines {
            writeln!(out, "  {l}")?;
        }
    }
    Ok(())
}

pub fn markdown(out: &mut dyn Write, h: &Handover, tz: Tz) -> std::io::Result<()> {
    writeln!(out, "# {}", title(h, tz))?;
    if h.is_quiet() {
        return writeln!(out, "\n{QUIET}");
    }
    for s in sections(h, tz, &super::markdown::cell) {
        writeln!(out, "\n## {}\n", s.title)?;
        for l in s.lines {
            writeln!(out, "- {l}")?;
        }
    }
    Ok(())
}
