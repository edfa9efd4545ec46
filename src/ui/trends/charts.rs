//! The chart sections: attainment against the target line, breaches per
//! severity and per period, opened against answered with the medians.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::{
    Axis, Bar, BarChart, BarGroup, Block, Chart, Dataset, GraphType, Paragraph,
};

use super::rows::split;
use crate::app::Model;
use crate::app::trends::state::TrendsState;
use crate::domain::Severity;
use crate::domain::trends::{Cell, Trends, duration_text, percent_text};
use crate::ui::theme::Theme;

fn x_labels<'a>(tr: &Trends) -> Vec<Span<'a>> {
    let p = &tr.sla.periods;
    match (p.first(), p.get(p.len() / 2), p.last()) {
        (Some(a), Some(b), Some(c)) => vec![
            Span::raw(a.label.clone()),
            Span::raw(b.label.clone()),
            Span::raw(c.label.clone()),
        ],
        _ => Vec::new(),
    }
}

pub(super) fn attainment(
    f: &mut Frame,
    area: Rect,
    t: &TrendsState,
    tr: &Trends,
    m: &Model,
    theme: &Theme,
) {
    let target = m.trend.target;
    let values: Vec<Option<f64>> = tr.sla.series(t.severity).map(|c| c.attainment).collect();
    let judged = values.iter().flatten().count();
    let below = values.iter().flatten().filter(|v| **v < target).count();
    let whole = tr.sla.total.cell(t.severity).attainment;
    let verdict = match whole {
        Some(v) if v >= target => "✓ at or above target",
        Some(_) => "✗ below target",
        None => "nothing judged",
    };
    let head = Line::from(vec![
        Span::styled(
            format!(" Response SLA attainment, {}: ", t.severity_label()),
            theme.label,
        ),
        Span::styled(
            format!("{} over the span, {verdict}", percent_text(whole)),
            if whole.is_some_and(|v| v < target) {
                theme.late
            } else {
                theme.met
            },
        ),
        // Of the periods with anything judged.
        Span::raw(format!(
            " · below in {below} of {judged} {}s",
            t.span.unit()
        )),
        Span::styled(format!(" · ⠉⠑ attainment • target {target}%"), theme.dim),
    ]);
    let (top, chart_area) = split(area, 1);
    f.render_widget(Paragraph::new(head), top);
    let low = values
        .iter()
        .flatten()
        .copied()
        .fold(target, f64::min)
        .clamp(0.0, 100.0);
    let low = ((low - 5.0) / 10.0).floor().max(0.0) * 10.0;
    // A line for each run of periods with a value: a period with nothing
    // judged is a gap, never drawn as 0 or 100.
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run = Vec::new();
    for (i, v) in values.iter().enumerate() {
        match v {
            Some(v) => run.push((i as f64, *v)),
            None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    let n = values.len().max(1);
    let target_line: Vec<(f64, f64)> = (0..n).map(|i| (i as f64, target)).collect();
    let singles: Vec<(f64, f64)> = runs
        .iter()
        .filter(|r| r.len() == 1)
        .flatten()
        .copied()
        .collect();
    // The key is in the line above: a legend box would hide the data.
    let mut datasets = vec![
        Dataset::default()
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(theme.dim)
            .data(&target_line),
    ];
    for r in runs.iter().filter(|r| r.len() > 1) {
        datasets.push(
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Line)
                .style(theme.info)
                .data(r),
        );
    }
    if !singles.is_empty() {
        datasets.push(
            Dataset::default()
                .marker(Marker::Braille)
                .graph_type(GraphType::Scatter)
                .style(theme.info)
                .data(&singles),
        );
    }
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .bounds([0.0, (n - 1).max(1) as f64])
                .labels(x_labels(tr))
                .style(theme.dim),
        )
        .y_axis(
            Axis::default()
                .bounds([low, 100.0])
                // Axis labels are spread evenly: low, middle, top.
                .labels([
                    format!("{low:.0}%"),
                    format!("{:.0}%", (low + 100.0) / 2.0),
                    "100%".into(),
                ])
                .style(theme.dim),
        );
    f.render_widget(chart, chart_area);
}

pub(super) fn breaches(f: &mut Frame, area: Rect, t: &TrendsState, tr: &Trends, theme: &Theme) {
    let [bars, spark] =
        Layout::horizontal([Constraint::Length(37), Constraint::Min(10)]).areas(area);
    let group: Vec<Bar> = Severity::ALL
        .iter()
        .map(|s| {
            let n = tr.sla.total.cell(Some(*s)).breached;
            let style = if t.severity.is_none_or(|x| x == *s) {
                theme.late
            } else {
                theme.dim
            };
            // The count in the label: a bar's own value text sits on it.
            Bar::default()
                .value(u64::from(n))
                .label(Line::raw(format!("{s}:{n}")))
                .text_value(String::new())
                .style(style)
        })
        .collect();
    let chart = BarChart::default()
        .block(Block::default().title(Span::styled(" Breaches per severity ", theme.label)))
        .data(BarGroup::default().bars(&group))
        .bar_width(6)
        .bar_gap(1);
    f.render_widget(chart, bars);
    let per: Vec<u64> = tr
        .sla
        .series(t.severity)
        .map(|c| u64::from(c.breached))
        .collect();
    let most = per.iter().max().copied().unwrap_or(0);
    let title = format!(
        " Breaches per {}, {} (most {most}, {} in all) ",
        t.span.unit(),
        t.severity_label(),
        tr.sla.total.cell(t.severity).breached
    );
    // One bar a period, as wide as the room allows.
    let n = per.len().max(1) as u16;
    let width = (spark.width / n).max(1);
    let (bar_width, gap) = if width >= 3 {
        (width - 1, 1)
    } else {
        (width, 0)
    };
    let per_bars: Vec<Bar> = per
        .iter()
        .map(|v| {
            Bar::default()
                .value(*v)
                .text_value(String::new())
                .style(theme.late)
        })
        .collect();
    let chart = BarChart::default()
        .block(Block::default().title(Span::styled(title, theme.label)))
        .data(BarGroup::default().bars(&per_bars))
        .bar_width(bar_width)
        .bar_gap(gap);
    f.render_widget(chart, spark);
}

pub(super) fn flow(f: &mut Frame, area: Rect, t: &TrendsState, tr: &Trends, theme: &Theme) {
    let [left, right] =
        Layout::horizontal([Constraint::Min(20), Constraint::Length(38)]).areas(area);
    let cells: Vec<&Cell> = tr.sla.series(t.severity).collect();
    let opened: Vec<(f64, f64)> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| (i as f64, f64::from(c.opened)))
        .collect();
    let answered: Vec<(f64, f64)> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| (i as f64, f64::from(c.answered)))
        .collect();
    let top = cells
        .iter()
        .map(|c| c.opened.max(c.answered))
        .max()
        .unwrap_or(0)
        .max(1);
    let total = tr.sla.total.cell(t.severity);
    let datasets = vec![
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(theme.info)
            .data(&opened),
        Dataset::default()
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(theme.met)
            .data(&answered),
    ];
    let n = cells.len().max(2);
    let chart = Chart::new(datasets)
        .block(Block::default().title(Span::styled(
            format!(
                " Opened vs answered per {}, {}: ⠉⠑ opened {} · • answered {} ",
                t.span.unit(),
                t.severity_label(),
                total.opened,
                total.answered
            ),
            theme.label,
        )))
        .x_axis(
            Axis::default()
                .bounds([0.0, (n - 1) as f64])
                .labels(x_labels(tr))
                .style(theme.dim),
        )
        .y_axis(
            Axis::default()
                .bounds([0.0, f64::from(top)])
                .labels(["0".to_string(), top.to_string()])
                .style(theme.dim),
        );
    f.render_widget(chart, left);
    let mut lines = vec![Line::styled(" Median first response", theme.label)];
    for s in Severity::ALL {
        let c = tr.sla.total.cell(Some(s));
        let target = s.response_target().num_seconds();
        let (text, style) = match c.median_response_secs {
            Some(m) if m <= target => (format!("{:>6} ✓ within", duration_text(m)), theme.met),
            Some(m) => (format!("{:>6} ✗ over", duration_text(m)), theme.late),
            None => (format!("{:>6}", "—"), theme.dim),
        };
        let mark = if t.severity == Some(s) { "▸" } else { " " };
        lines.push(Line::from(vec![
            Span::styled(format!(" {mark}{s} "), theme.label),
            Span::styled(text, style),
            Span::styled(format!(" (target {})", duration_text(target)), theme.dim),
        ]));
    }
    f.render_widget(Paragraph::new(lines), right);
}
