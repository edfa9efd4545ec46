//! The help overlay: the keys of the screen it is opened on, from the one
//! key table, then that screen's legend.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::widgets::{frame, help_closing};
use super::{composer, notices, pipeline};
use crate::app::keymap::{self, Action, COMPOSER, HELP, NOTICES, PIPELINE};
use crate::app::keys::acts;
use crate::app::model::Model;
use crate::domain::pause;
use crate::domain::sla::{self, Urgency};

/// How far the help can scroll on a body `rows` high.
pub fn help_max_scroll(rows: u16, m: &Model) -> u16 {
    let lines = help_lines(m, &Theme::new(false)).len() as u16;
    // Two rows go to the frame.
    lines.saturating_sub(rows.saturating_sub(2))
}

pub fn render(f: &mut Frame, area: Rect, scroll: u16, m: &Model, theme: &Theme) {
    let lines = help_lines(m, theme);
    let max = help_max_scroll(area.height, m);
    let scroll = scroll.min(max);
    // What does not fit is below: the title says how to get to it.
    let title = if max > 0 {
        format!(
            " Help · {}/{} scroll ",
            keymap::label(HELP, Action::Down),
            keymap::label(HELP, Action::Up)
        )
    } else {
        " Help ".to_string()
    };
    let (rect, block) = frame(f, area, &title, lines.len(), 72, theme);
    f.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), rect);
}

/// The keys that act on the view help is opened on, as this desk has
/// them, each with what it does there.
pub fn listed(m: &Model) -> Vec<(String, String)> {
    let at = m.view();
    m.keys
        .bindings(m.scope())
        .filter(|(b, _)| acts::acts(at, b.action))
        .map(|(b, label)| {
            (
                label.into_owned(),
                m.keys
                    .prose(m.scope(), acts::words(at, b.action).unwrap_or(b.help)),
            )
        })
        .collect()
}

/// The keys of the screen help is opened on, then its legend.
fn help_lines<'a>(m: &Model, theme: &Theme) -> Vec<Line<'a>> {
    let scope = m.scope();
    let mut lines = vec![Line::styled(" Keys", theme.label)];
    let keys = listed(m);
    // Labels in a column as wide as the longest, and never narrower than 8.
    let w = keys
        .iter()
        .map(|(label, _)| label.chars().count() + 1)
        .max()
        .unwrap_or(0)
        .max(8);
    for (label, help) in keys {
        lines.push(Line::from(vec![
            Span::styled(format!("   {label:<w$}"), theme.key),
            Span::raw(help),
        ]));
    }
    lines.extend([
        Line::from(vec![
            Span::styled(format!("   {:<w$}", "Ctrl-C"), theme.key),
            Span::raw("quit from anywhere"),
        ]),
        Line::raw(""),
    ]);
    if scope == PIPELINE {
        pipeline::dialogs::legend(&mut lines, m, theme);
        return lines;
    }
    if scope == NOTICES {
        notices::dialogs::legend(&mut lines, m, theme);
        return lines;
    }
    if scope == COMPOSER {
        composer::dialogs::legend(&mut lines, m, theme);
        return lines;
    }
    lines.extend([Line::styled(
        " Clock column (share of the response target left)",
        theme.label,
    )]);
    for (u, text) in [
        (Urgency::Normal, "more than half left"),
        (Urgency::Warning, "half to a fifth left"),
        (Urgency::Urgent, "less than a fifth left"),
        (Urgency::Breached, "deadline passed, no response yet"),
    ] {
        lines.push(Line::from(vec![
            Span::raw("   "),
            Span::styled(format!(" {} ", u.symbol()), theme.urgency(u)),
            Span::raw(format!("  {text}")),
        ]));
    }
    lines.extend([
        Line::from(vec![
            Span::raw("   "),
            Span::styled(" ✓ ", theme.met),
            Span::raw("  answered within the SLA (time taken)"),
        ]),
        Line::from(vec![
            Span::raw("   "),
            Span::styled(" ✗ ", theme.late),
            Span::raw("  answered late (time taken)"),
        ]),
        Line::from(vec![
            Span::raw("   "),
            Span::styled(format!(" {} ", pause::PAUSED), theme.dim),
            Span::raw("  paused, waiting on the customer (time waited; never breached)"),
        ]),
        Line::from(vec![
            Span::raw("   "),
            Span::styled(
                format!(" {} ", pause::FLAGGED),
                theme.urgency(Urgency::Warning),
            ),
            Span::raw(format!(
                "  paused longer than {}",
                sla::format_span(m.pause_flag_after.num_seconds() as u64)
            )),
        ]),
        Line::raw(""),
        help_closing(theme),
    ]);
    lines
}
