//! The change impact report as a Markdown document a customer can be sent:
//! the plan, the window and what actually happened, incidents during it,
//! and each affected customer's impact and confirmation. Times are in the
//! desk's zone, which the report names; stored text is neutralised.

use std::io::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::markdown::cell;
use crate::domain::change_impact::ChangeReport;
use crate::domain::desk_time::with_offset;

pub fn write(out: &mut dyn Write, r: &ChangeReport, tz: Tz) -> std::io::Result<()> {
    let c = &r.change;
    let t = |at: DateTime<Utc>| with_offset(at, tz);
    let or_dash = |at: Option<DateTime<Utc>>| at.map_or_else(|| "—".to_string(), t);
    writeln!(
        out,
        "# Change impact report: {} {}",
        r.reference,
        cell(&c.title)
    )?;
    writeln!(out)?;
    writeln!(out, "- Kind: {}", c.kind.label())?;
    writeln!(out, "- State: {}", c.state.as_str())?;
    writeln!(out, "- Times: {}", tz.name())?;
    writeln!(out)?;
    writeln!(out, "## Plan")?;
    writeln!(out)?;
    writeln!(
        out,
        "- Planned: {} by {}",
        t(r.planned_at),
        cell(&r.planned_by)
    )?;
    writeln!(out, "- Services: {}", list(&c.services))?;
    writeln!(out, "- Regions: {}", list(&c.regions))?;
    writeln!(
        out,
        "- Expected impact: {}",
        c.impact.map_or("not evaluated".into(), |i| i.describe())
    )?;
    if !c.guidance.is_empty() {
        writeln!(out, "- Guidance: {}", cell(&c.guidance))?;
    }
    writeln!(out)?;
    writeln!(out, "## Window")?;
    writeln!(out)?;
    writeln!(out, "| | Start | End |")?;
    writeln!(out, "|---|---|---|")?;
    writeln!(
        out,
        "| Planned | {} | {} |",
        t(c.window_start),
        t(c.window_end)
    )?;
    writeln!(
        out,
        "| Actual | {} | {} |",
        or_dash(c.started_at),
        or_dash(c.completed_at)
    )?;
    for f in &r.forced {
        writeln!(out)?;
        writeln!(out, "Forced: {}", cell(f))?;
    }
    writeln!(out)?;
    writeln!(out, "## Incidents during the change")?;
    writeln!(out)?;
    if r.incidents.is_empty() {
        writeln!(
            out,
            "No incident was opened while the change was under way."
        )?;
    } else {
        writeln!(
            out,
            "| Incident | Title | Level | Opened | State | Related |"
        )?;
        writeln!(out, "|---|---|---|---|---|---|")?;
        for i in &r.incidents {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} | {} |",
                i.reference,
                cell(&i.title),
                i.level.map_or("—".into(), |l| l.to_string()),
                t(i.opened_at),
                cell(&i.state),
                if i.related { "yes" } else { "no" }
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "## Customers affected")?;
    writeln!(out)?;
    if let Some(f) = c.follow_up.as_deref().filter(|f| !f.is_empty()) {
        writeln!(out, "Follow-up: {}", cell(f))?;
        writeln!(out)?;
    }
    if r.customers.is_empty() {
        writeln!(out, "No customer holds what the change touches.")?;
        return Ok(());
    }
    writeln!(
        out,
        "| Customer | Services affected | Impact | Confirmation |"
    )?;
    writeln!(out, "|---|---|---|---|")?;
    for ci in &r.customers {
        let confirmation = match &ci.confirmation {
            Some(k) if k.note.is_empty() => format!("{}, {}", cell(&k.by), t(k.at)),
            Some(k) => format!("{}, {}: {}", cell(&k.by), t(k.at), cell(&k.note)),
            None => "**not yet confirmed**".into(),
        };
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            cell(&ci.customer),
            cell(&ci.holdings.join(", ")),
            ci.impact.describe(),
            confirmation
        )?;
    }
    Ok(())
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "all".into()
    } else {
        cell(&v.join(", "))
    }
}
