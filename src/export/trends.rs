//! `sredesk report trends --format md`: the trends screen's aggregates as
//! Markdown tables, every period named in desk time and labelled so.

use std::io::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::markdown::cell;
use crate::domain::Severity;
use crate::domain::desk_time;
use crate::domain::quota::QuotaKind;
use crate::domain::trends::{Cell, Trends, duration_text, percent_text};

pub fn markdown(
    out: &mut dyn Write,
    t: &Trends,
    target: f64,
    now: DateTime<Utc>,
    tz: Tz,
) -> std::io::Result<()> {
    let span = t.sla.span;
    writeln!(out, "# Trends: {} by {}", span.label(), span.unit())?;
    writeln!(out)?;
    writeln!(out, "- Generated: {}", desk_time::zoned(now, tz))?;
    writeln!(
        out,
        "- Times: desk time ({tz}); each {} starts at the desk's midnight",
        span.unit()
    )?;
    writeln!(out, "- Target: {target}% of responses within the SLA")?;
    writeln!(out)?;
    writeln!(out, "## Response SLA attainment")?;
    writeln!(out)?;
    write!(
        out,
        "| {} (desk time) | opened | answered | met | breached | attainment | median response |",
        span.unit()
    )?;
    for s in Severity::ALL {
        write!(out, " {s} |")?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    )?;
    for p in t.sla.periods.iter().chain([&t.sla.total]) {
        let label = if std::ptr::eq(p, &t.sla.total) {
            format!("**{}**", p.label)
        } else {
            format!("{} (from {})", p.label, desk_time::minute(p.start, tz))
        };
        write!(out, "| {label} | {} |", row(&p.all))?;
        for c in &p.severity {
            write!(out, " {} |", percent_text(c.attainment))?;
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    writeln!(out, "## Breaches and median first response per severity")?;
    writeln!(out)?;
    writeln!(
        out,
        "| severity | target | opened | breached | attainment | median response |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
    for s in Severity::ALL {
        let c = t.sla.total.cell(Some(s));
        writeln!(
            out,
            "| {s} | {} | {} | {} | {} | {} |",
            duration_text(s.response_target().num_seconds()),
            c.opened,
            c.breached,
            percent_text(c.attainment),
            median(c)
        )?;
    }
    writeln!(out)?;
    writeln!(out, "## Quota use per customer and desk month")?;
    writeln!(out)?;
    writeln!(
        out,
        "Plan units used of the month's plan, then `+n` from packages; `-` not subscribed. \
         {} of {} customers who used a quota, who ran out most often first.",
        t.quotas.len(),
        t.quota_customers
    )?;
    writeln!(out)?;
    write!(out, "| customer | quota |")?;
    for m in &t.quota_months {
        write!(out, " {m} |")?;
    }
    writeln!(out, " ran out | packages bought |")?;
    write!(out, "|---|---|")?;
    for _ in &t.quota_months {
        write!(out, "---:|")?;
    }
    writeln!(out, "---:|---:|")?;
    for c in &t.quotas {
        for kind in [QuotaKind::Faster, QuotaKind::Expert] {
            write!(out, "| {} | {} |", cell(&c.customer), kind.short())?;
            for m in &c.months {
                let u = m.get(kind);
                let text = match (u.plan_total, u.package_used) {
                    (0, 0) if u.plan_used == 0 => "-".to_string(),
                    (_, 0) => format!("{}/{}", u.plan_used, u.plan_total),
                    (_, p) => format!("{}/{} +{p}", u.plan_used, u.plan_total),
                };
                let text = if u.ran_out() {
                    format!("**{text}**")
                } else {
                    text
                };
                write!(out, " {text} |")?;
            }
            let out_months = c.months.iter().filter(|m| m.get(kind).ran_out()).count();
            writeln!(
                out,
                " {out_months}/{} | {} |",
                c.months.len(),
                if kind == QuotaKind::Faster {
                    c.packages_bought().to_string()
                } else {
                    String::new()
                }
            )?;
        }
    }
    Ok(())
}

fn median(c: &Cell) -> String {
    c.median_response_secs
        .map_or_else(|| "—".to_string(), duration_text)
}

fn row(c: &Cell) -> String {
    format!(
        "{} | {} | {} | {} | {} | {}",
        c.opened,
        c.answered,
        c.met,
        c.breached,
        percent_text(c.attainment),
        median(c)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::DeskCalendar;
    use crate::domain::quota_trend::{UseRow, UseTally};
    use crate::domain::trends::{Span, Tally, windows};
    use chrono::TimeZone;

    /// A customer's name reaches the Markdown inert: no raw control or
    /// bidi characters, markup escaped.
    #[test]
    fn a_hostile_customer_name_is_inert_in_the_report() {
        let now = Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap();
        let cal = DeskCalendar::default();
        let sla = Tally::new(Span::Months, windows(Span::Months, now, &cal)).finish();
        let months = crate::store::trends::quota_months(&cal, now);
        let mut uses = UseTally::new(months.clone());
        uses.add(&UseRow {
            customer_id: 1,
            month: "2026-11".into(),
            quota: QuotaKind::Faster,
            from_package: false,
        });
        let name = "<script>x</script> |pipe| *b* \u{1b}[2J \u{202e}rev";
        let t = Trends {
            sla,
            quota_months: months.iter().map(|m| m.key()).collect(),
            quotas: vec![uses.customer(1, name, &[], &[])],
            quota_customers: 1,
        };
        let mut out = Vec::new();
        markdown(&mut out, &t, 95.0, now, cal.tz).unwrap();
        let md = String::from_utf8(out).unwrap();
        assert!(md.contains("- Times: desk time (Asia/Shanghai)"), "{md}");
        assert!(!md.contains("<script") && !md.contains('\u{1b}') && !md.contains('\u{202e}'));
        assert!(
            md.contains("&lt;script&gt;x&lt;/script&gt; \\|pipe\\| \\*b\\*"),
            "{md}"
        );
        // A month without a subscription reads as such, not as 0 of 0.
        assert!(md.contains("| faster | - |"), "{md}");
    }
}
