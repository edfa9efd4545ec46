//! The lists as Markdown reports a customer can be sent.

use std::io::Write;

use chrono_tz::Tz;

use crate::domain::Severity;
use crate::domain::deliverable::{
    RequirementList, SlaOutcome, TicketList, attainment, format_duration, format_permille,
};
use crate::domain::desk_time::minute;
use crate::text::inert;

/// Stored text made safe for a Markdown table cell or line: control
/// characters become visible escapes, every character Markdown or HTML
/// would act on is escaped, and line breaks become `<br>`. Leading
/// whitespace is dropped (a table cell drops it anyway; at the start of a
/// line it would make code or nest a block).
pub fn cell(s: &str) -> String {
    let s = s.trim();
    let mut out = String::with_capacity(s.len() + 8);
    // At the start of a line these would make a list or a rule (`#` is
    // escaped wherever it is: a trailing one would close a heading).
    let s = if s.starts_with(['-', '+', '=']) {
        out.push('\\');
        s
    } else {
        // "1." or "2026)" would start an ordered list: escape the mark.
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        match s[digits..].chars().next() {
            Some(mark @ ('.' | ')')) if digits > 0 => {
                out.push_str(&s[..digits]);
                out.push('\\');
                out.push(mark);
                &s[digits + 1..]
            }
            _ => s,
        }
    };
    let lines: Vec<&str> = s.split('\n').collect();
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        let line = line.strip_suffix('\r').unwrap_or(line).replace('\t', " ");
        for c in inert(&line).chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '|' => out.push_str("\\|"),
                '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '#' => {
                    out.push('\\');
                    out.push(c);
                }
                _ => out.push(c),
            }
        }
    }
    out
}

fn heading(
    out: &mut dyn Write,
    title: &str,
    customer: &str,
    period: &str,
    tz: &str,
) -> std::io::Result<()> {
    writeln!(out, "# {title}")?;
    writeln!(out)?;
    writeln!(out, "- Customer: {}", cell(customer))?;
    writeln!(out, "- Period: {period}")?;
    writeln!(out, "- Times: {tz}")?;
    writeln!(out)
}

fn period_text(from: chrono::NaiveDate, to: chrono::NaiveDate, key: &str) -> String {
    format!("{key} ({from} to {to})")
}

pub fn tickets(out: &mut dyn Write, list: &TicketList, tz: Tz) -> std::io::Result<()> {
    let p = &list.period;
    heading(
        out,
        "Customer Service Ticket List",
        &list.customer,
        &period_text(p.from, p.to, &p.to_string()),
        &list.time_zone,
    )?;
    if list.lines.is_empty() {
        writeln!(out, "No escalations were reported in this period.")?;
    } else {
        // The resolution target's column only where the desk sets one, so
        // a desk that does not reads the list it always did.
        let targets = list.lines.iter().any(|l| l.resolution_sla.is_some());
        let extra = if targets {
            " Resolve by | Resolution SLA |"
        } else {
            ""
        };
        writeln!(
            out,
            "| Ticket | Title | Severity | Reported | Responded | Response time | SLA target | SLA | State | Resolution | Notes |{extra}"
        )?;
        let rule = if targets { "---|---|" } else { "" };
        writeln!(out, "|---|---|---|---|---|---|---|---|---|---|---|{rule}")?;
        for l in &list.lines {
            let verdict = |o: SlaOutcome| match o {
                SlaOutcome::Breached => "**breached**".to_string(),
                other => other.as_str().to_string(),
            };
            let resolution_cells = if targets {
                format!(
                    " {} | {} |",
                    l.resolve_by
                        .map(|t| minute(t, tz))
                        .unwrap_or_else(|| "—".into()),
                    l.resolution_sla.map(verdict).unwrap_or_else(|| "—".into())
                )
            } else {
                String::new()
            };
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |{resolution_cells}",
                cell(&l.ticket_no),
                cell(&l.title),
                l.severity,
                minute(l.reported_at, tz),
                l.responded_at
                    .map(|t| minute(t, tz))
                    .unwrap_or_else(|| "—".into()),
                l.response_secs
                    .map(format_duration)
                    .unwrap_or_else(|| "—".into()),
                format_duration(l.target_secs),
                verdict(l.sla),
                cell(l.state.as_str()),
                l.resolution.as_deref().map(cell).unwrap_or_default(),
                l.customer_notes
                    .iter()
                    .map(|n| cell(n))
                    .collect::<Vec<_>>()
                    .join("<br>"),
            )?;
        }
    }
    let t = &list.totals;
    writeln!(out)?;
    writeln!(out, "## Totals")?;
    writeln!(out)?;
    writeln!(out, "- Escalations: {}", t.tickets)?;
    writeln!(
        out,
        "- Response SLA met: {}, breached: {}, still pending: {}, not applicable: {}",
        t.met, t.breached, t.pending, t.not_applicable
    )?;
    writeln!(
        out,
        "- SLA attainment: {} (met out of {} with a decided response)",
        format_permille(t.attainment_permille()),
        t.met + t.breached
    )?;
    if t.tickets > 0 {
        writeln!(out)?;
        writeln!(
            out,
            "| Severity | Target | Escalations | Met | Breached | Attainment |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|")?;
        for (i, &(n, met, breached)) in t.by_severity.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let sev = Severity::from_number(i as i64 + 1).expect("five grades");
            writeln!(
                out,
                "| {sev} | {} | {n} | {met} | {breached} | {} |",
                format_duration(sev.response_target().num_seconds()),
                format_permille(attainment(met, breached))
            )?;
        }
    }
    Ok(())
}

pub fn requirements(out: &mut dyn Write, list: &RequirementList, tz: Tz) -> std::io::Result<()> {
    let p = &list.period;
    heading(
        out,
        "Customer Service Requirement List",
        &list.customer,
        &format!(
            "{} — states as at the end of {}",
            period_text(p.from, p.to, &p.to_string()),
            p.to
        ),
        &list.time_zone,
    )?;
    if list.lines.is_empty() {
        writeln!(out, "No requirements were open in this period.")?;
        return Ok(());
    }
    writeln!(
        out,
        "| # | Requirement | State | Since | Submitted | Outcome |"
    )?;
    writeln!(out, "|---|---|---|---|---|---|")?;
    for line in &list.lines {
        let r = &line.requirement;
        let outcome = match (&r.rejection_reason, &r.rollout) {
            (Some(reason), _) => format!("Rejected: {}", cell(reason)),
            (None, Some(plan)) => format!("Rollout {}: {}", plan.date, cell(&plan.note)),
            (None, None) if r.accepted => "Accepted; rollout plan to follow".into(),
            _ => String::new(),
        };
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            r.id,
            cell(&r.title),
            r.state.label(),
            minute(r.state_since, tz),
            minute(r.submitted_at, tz),
            outcome
        )?;
    }
    writeln!(out)?;
    writeln!(out, "## History")?;
    for line in &list.lines {
        let r = &line.requirement;
        writeln!(out)?;
        writeln!(out, "### #{} {}", r.id, cell(&r.title))?;
        writeln!(out)?;
        if !r.description.trim().is_empty() {
            writeln!(out, "{}", cell(&r.description))?;
            writeln!(out)?;
        }
        for t in &line.transitions {
            let what = match t.rollout_on {
                Some(d) => format!("rollout plan recorded: {d}"),
                None => t.to.label().to_string(),
            };
            match &t.note {
                Some(n) => writeln!(out, "- {} — {what}: {}", minute(t.at, tz), cell(n))?,
                None => writeln!(out, "- {} — {what}", minute(t.at, tz))?,
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_neutralised() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(cell("<script>x</script>"), "&lt;script&gt;x&lt;/script&gt;");
        assert_eq!(
            cell("**bold** [x](http://e)"),
            "\\*\\*bold\\*\\* \\[x\\](http://e)"
        );
        assert_eq!(cell("# not a heading"), "\\# not a heading");
        assert_eq!(cell("ECS-12 v1.2"), "ECS-12 v1.2");
        assert_eq!(cell("one\r\ntwo"), "one<br>two");
        assert_eq!(cell("\u{1b}[2J"), "\\\\x1b\\[2J");
        assert_eq!(cell("ECS 实例"), "ECS 实例");
        assert_eq!(cell("   # indented"), "\\# indented");
        assert_eq!(cell("    code"), "code");
        assert_eq!(cell("1. one"), "1\\. one");
        assert_eq!(cell("2026) two"), "2026\\) two");
        assert_eq!(cell("2026-11 report"), "2026-11 report");
        assert_eq!(cell("12)"), "12\\)");
        assert_eq!(cell("a\tb"), "a b");
        assert_eq!(cell("issue #"), "issue \\#");
    }
}
