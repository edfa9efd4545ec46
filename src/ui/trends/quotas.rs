//! The quota section: each customer's faster-handling and expert-support
//! use per month as a strip of glyphs against what the plan gave, and
//! the header's fortnight of attainment.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Row, Sparkline, Table};

use super::rows::split;
use crate::app::Model;
use crate::domain::quota::QuotaKind;
use crate::domain::quota_trend::{CustomerQuotaTrend, Use};
use crate::domain::trends::Trends;
use crate::text::inert;
use crate::ui::theme::Theme;
use crate::ui::widgets::fit;

/// "█" the plan's units used up, "▁" to "▇" the share of them used, "·"
/// none used, blank: not subscribed that month.
fn glyph(u: &Use) -> char {
    const STEPS: [char; 7] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇'];
    match (u.plan_total, u.used()) {
        (0, 0) => ' ',
        (0, _) => '?',
        _ if u.ran_out() => '█',
        (_, 0) => '·',
        (total, _) => {
            let step = (u.plan_used * 7).div_ceil(total).clamp(1, 7);
            STEPS[step as usize - 1]
        }
    }
}

pub(super) fn quotas(f: &mut Frame, area: Rect, tr: &Trends, theme: &Theme) {
    let name_w = area.width.saturating_sub(12 + 7 + 9 + 9 + 10).clamp(8, 32);
    let title = Line::styled(
        format!(
            " Quota use per month, {} to {} ({} of {} customers, who ran out most first)",
            tr.quota_months.first().map_or("", String::as_str),
            tr.quota_months.last().map_or("", String::as_str),
            tr.quotas.len(),
            tr.quota_customers
        ),
        theme.label,
    );
    let (top, rest) = split(area, 1);
    f.render_widget(Paragraph::new(title), top);
    let (table_area, legend) = split(rest, rest.height.saturating_sub(1));
    let mut rows = Vec::new();
    for c in &tr.quotas {
        for kind in [QuotaKind::Faster, QuotaKind::Expert] {
            rows.push(quota_row(c, kind, name_w, theme));
        }
    }
    let header =
        Row::new(["customer", "quota", "12 months →", "ran out", "packages"]).style(theme.dim);
    let table = Table::new(
        rows,
        [
            Constraint::Length(name_w),
            Constraint::Length(7),
            Constraint::Length(12),
            Constraint::Length(9),
            Constraint::Min(9),
        ],
    )
    .header(header);
    f.render_widget(table, table_area);
    f.render_widget(
        Paragraph::new(Line::styled(
            " █ plan used up  ▁…▇ share of the plan used  · none used  blank: not subscribed",
            theme.dim,
        )),
        legend,
    );
}

fn quota_row<'a>(c: &CustomerQuotaTrend, kind: QuotaKind, name_w: u16, theme: &Theme) -> Row<'a> {
    let strip: String = c.months.iter().map(|m| glyph(m.get(kind))).collect();
    let out = c.months.iter().filter(|m| m.get(kind).ran_out()).count();
    let from_packages: u32 = c.months.iter().map(|m| m.get(kind).package_used).sum();
    let name = match kind {
        QuotaKind::Faster => fit(&inert(&c.customer), usize::from(name_w)),
        QuotaKind::Expert => String::new(),
    };
    let bought = if kind == QuotaKind::Faster {
        format!(" {} bought", c.packages_bought())
    } else {
        String::new()
    };
    let style = if out > 0 { theme.late } else { Style::new() };
    Row::new(vec![
        ratatui::widgets::Cell::from(name),
        ratatui::widgets::Cell::from(kind.short()),
        ratatui::widgets::Cell::from(strip).style(style),
        ratatui::widgets::Cell::from(format!("{out}/{}", c.months.len())).style(style),
        ratatui::widgets::Cell::from(format!("{from_packages} used{bought}")),
    ])
}

/// The header's last 14 days of attainment, at the right of the counts
/// line where the terminal is wide enough and the counts leave room; the
/// rest of the line is given back for the counts.
pub fn fortnight(f: &mut Frame, line: Rect, used: usize, m: &Model, theme: &Theme) -> Rect {
    let Some(days) = &m.trend.fortnight else {
        return line;
    };
    let target = m.trend.target;
    let below = days.iter().flatten().filter(|v| **v < target).count();
    let label = format!(" SLA 14d ({below} below {target}%) ");
    let width = (label.chars().count() + days.len() + 1) as u16;
    if line.width < crate::app::trends::state::FORTNIGHT_WIDTH
        || usize::from(line.width) < used + usize::from(width) + 2
    {
        return line;
    }
    let [rest, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(width)]).areas(line);
    let [text, spark] = Layout::horizontal([
        Constraint::Length(label.chars().count() as u16),
        Constraint::Min(0),
    ])
    .areas(right);
    f.render_widget(Paragraph::new(Line::styled(label, theme.dim)), text);
    // A day with nothing judged is a gap, not a zero.
    // Even 0 % shows a bar: a blank would read as no data.
    let bars: Vec<Option<u64>> = days
        .iter()
        .map(|d| d.map(|v| (v.round() as u64).max(1)))
        .collect();
    f.render_widget(
        Sparkline::default()
            .data(bars)
            .max(100)
            .absent_value_symbol("·")
            .style(theme.info),
        spark,
    );
    rest
}
