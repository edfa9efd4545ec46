//! One escalation in full, with its audit history.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::Model;
use crate::app::detail::state::DetailState;
use crate::app::model::{FOOTER_ROWS, HEADER_ROWS};
use crate::domain::desk_time;
use crate::domain::{Escalation, sla};
use crate::store::AuditEntry;
use crate::text::{inert, inert_lines};

pub fn render(f: &mut Frame, area: Rect, d: &DetailState, m: &Model, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(format!(" Escalation #{} ", d.id), theme.title));
    // A resize may have shortened the text since the model clamped.
    let scroll = d.scroll.min(max_scroll(d, m));
    f.render_widget(content(d, m, theme).block(block).scroll((scroll, 0)), area);
}

fn content<'a>(d: &'a DetailState, m: &Model, theme: &Theme) -> Paragraph<'a> {
    let lines = match (&d.loaded, &d.error) {
        (_, Some(e)) => vec![Line::styled(format!(" {}", inert(e)), theme.error)],
        (Some((e, history)), None) => lines(e, history, m, theme),
        (None, None) => vec![Line::styled(" Loading…", theme.dim)],
    };
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// How far the detail can scroll before its last line leaves the bottom:
/// the lines as wrapped at the terminal's width, less the rows they get.
pub fn max_scroll(d: &DetailState, m: &Model) -> u16 {
    let rows = m.height.saturating_sub(HEADER_ROWS + FOOTER_ROWS + 1);
    let lines = content(d, m, &Theme::new(false)).line_count(m.width);
    (lines as u16).saturating_sub(rows)
}

fn field<'a>(name: &'a str, value: Vec<Span<'a>>, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(format!(" {name:<12}"), theme.label)];
    spans.extend(value);
    Line::from(spans)
}

fn lines<'a>(
    e: &'a Escalation,
    history: &'a [AuditEntry],
    m: &Model,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let plain = |s: String| vec![Span::raw(s)];
    let clock = match e.countdown(m.now) {
        Some(c) => Span::styled(
            format!(
                "{} {} {}",
                c.urgency.symbol(),
                sla::format_left(c.left),
                if c.left.num_seconds() < 0 {
                    "overdue"
                } else {
                    "left to respond"
                }
            ),
            theme.urgency(c.urgency),
        ),
        None => match (e.response_time(), e.response_met) {
            (Some(t), Some(met)) => Span::styled(
                format!(
                    "{} responded in {} ({} SLA)",
                    if met { "✓" } else { "✗" },
                    sla::format_span(t.num_seconds().max(0) as u64),
                    if met { "within" } else { "outside" }
                ),
                if met { theme.met } else { theme.late },
            ),
            _ => Span::raw("-"),
        },
    };
    let mut out = vec![
        Line::styled(format!(" {}", inert(&e.title)), theme.title),
        Line::raw(""),
        field("customer", plain(inert(&e.customer).into_owned()), theme),
        field("ticket", plain(inert(&e.ticket_no).into_owned()), theme),
        field("kind", plain(e.kind.label().to_string()), theme),
        field(
            "severity",
            plain(format!("{} — {}", e.severity, e.severity.meaning())),
            theme,
        ),
        field("state", plain(e.state.as_str().replace('_', " ")), theme),
    ];
    if let Some(r) = e.out_of_scope_reason {
        out.push(field("reason", plain(r.label().to_string()), theme));
    }
    out.extend([
        field(
            "assignee",
            plain(inert(e.assignee.as_deref().unwrap_or("-")).into_owned()),
            theme,
        ),
        field(
            "reported",
            plain(desk_time::utc_seconds(e.reported_at)),
            theme,
        ),
        field(
            "respond by",
            plain(desk_time::utc_seconds(e.deadline)),
            theme,
        ),
        field("clock", vec![clock], theme),
    ]);
    if let Some(n) = &e.resolution {
        out.push(field("resolution", plain(inert(n).into_owned()), theme));
    }
    out.push(Line::raw(""));
    out.push(Line::styled(" Description", theme.label));
    if e.description.trim().is_empty() {
        out.push(Line::styled("   (none)", theme.dim));
    }
    for line in inert_lines(&e.description) {
        out.push(Line::raw(format!("   {line}")));
    }
    out.push(Line::raw(""));
    out.push(Line::styled(" History", theme.label));
    for h in history {
        out.push(Line::from(vec![
            Span::styled(
                format!("   {}  ", desk_time::utc_seconds_unmarked(h.at)),
                theme.dim,
            ),
            Span::styled(format!("{:<10} ", inert(&h.engineer)), theme.key),
            Span::raw(inert(&h.detail).into_owned()),
        ]));
    }
    out
}
