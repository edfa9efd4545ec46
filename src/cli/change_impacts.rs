//! `sredesk change impact|confirm|report`: a change as each affected
//! customer lives it, and the change impact report.

use std::io::Write;

use anyhow::anyhow;

use super::print::json_line;
use crate::desk::Desk;
use crate::domain::change::Impact;
use crate::domain::change_impact::CustomerImpact;
use crate::domain::desk_time;
use crate::store::Actor;
use crate::text::inert;

fn impact_line(
    out: &mut dyn Write,
    id: i64,
    ci: &CustomerImpact,
    tz: chrono_tz::Tz,
) -> std::io::Result<()> {
    let confirmed = match &ci.confirmation {
        Some(k) => format!(
            "confirmed by {} {}",
            inert(&k.by),
            desk_time::zoned(k.at, tz)
        ),
        None => "not confirmed".into(),
    };
    writeln!(
        out,
        "CHG-{id} {}: {} on {}; {confirmed}",
        inert(&ci.customer),
        ci.impact.describe(),
        inert(&ci.holdings.join(", "))
    )
}

pub fn impact(
    desk: &Desk,
    id: i64,
    customer: &str,
    holdings: &[String],
    impact: Impact,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let holdings = super::inventory::holdings(holdings).map_err(|e| anyhow!("--holding: {e}"))?;
    let engineer = desk.engineer()?;
    let now = desk.now();
    let ci = desk.open_store()?.set_customer_impact(
        id,
        customer,
        &holdings,
        impact,
        Actor { engineer, now },
    )?;
    if json {
        json_line(out, &ci)?;
    } else {
        impact_line(out, id, &ci, desk.tz())?;
    }
    Ok(())
}

pub fn confirm(
    desk: &Desk,
    id: i64,
    customer: &str,
    by: &str,
    note: &str,
    json: bool,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let engineer = desk.engineer()?;
    let now = desk.now();
    let ci = desk
        .open_store()?
        .confirm_change(id, customer, by, note, Actor { engineer, now })?;
    if json {
        json_line(out, &ci)?;
    } else {
        impact_line(out, id, &ci, desk.tz())?;
    }
    Ok(())
}

/// The change impact report, Markdown (the desk's time) or JSON (UTC).
pub fn report(desk: &Desk, id: i64, json: bool, out: &mut dyn Write) -> anyhow::Result<()> {
    let store = desk.open_store()?;
    let r = store.change_report(id)?;
    if json {
        json_line(out, &r)?;
    } else {
        crate::export::change_report::write(out, &r, store.rules().calendar.tz)?;
    }
    Ok(())
}

/// Each affected customer's impact, for `change show`.
pub fn impact_lines(
    out: &mut dyn Write,
    id: i64,
    impacts: &[CustomerImpact],
    tz: chrono_tz::Tz,
) -> std::io::Result<()> {
    if impacts.is_empty() {
        return Ok(());
    }
    writeln!(out, "customers affected:")?;
    for ci in impacts {
        write!(out, "  ")?;
        impact_line(out, id, ci, tz)?;
    }
    Ok(())
}
