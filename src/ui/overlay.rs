//! What floats over the screen: help, confirmations and pickers.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::Theme;
use crate::app::keymap::BINDINGS;
use crate::app::{Model, Overlay};
use crate::domain::sla::Urgency;
use crate::domain::{OutOfScopeReason, Severity, sla};
use crate::text::inert;

pub fn render(f: &mut Frame, area: Rect, o: &Overlay, _m: &Model, theme: &Theme) {
    match o {
        Overlay::Help { scroll } => help(f, area, *scroll, theme),
        Overlay::Confirm(c) => {
            let lines = vec![
                Line::raw(format!(" {}", inert(&c.question))),
                Line::styled(format!(" {}", inert(&c.target.title)), theme.dim),
                Line::raw(""),
                Line::from(vec![
                    Span::styled(" y", theme.key),
                    Span::raw(" yes   "),
                    Span::styled("n Esc", theme.key),
                    Span::raw(" no"),
                ]),
            ];
            popup(f, area, " Confirm ", lines, 60, theme);
        }
        Overlay::PickSeverity { target, cursor } => {
            let mut lines = vec![Line::raw(format!(
                " Re-grade #{} (now {}); the deadline is recomputed:",
                target.id, target.severity
            ))];
            for (i, s) in Severity::ALL.iter().enumerate() {
                lines.push(choice(
                    i,
                    *cursor,
                    format!(
                        "{s}  {:<36} respond within {}",
                        s.meaning(),
                        sla::format_span(s.response_target().num_seconds() as u64)
                    ),
                    theme,
                ));
            }
            lines.push(hint_line(Severity::ALL.len(), theme));
            popup(f, area, " Severity ", lines, 76, theme);
        }
        Overlay::PickReason { target, cursor } => {
            let mut lines = vec![Line::raw(format!(
                " Close #{} {} as out of scope because:",
                target.id,
                inert(&target.ticket_no)
            ))];
            for (i, r) in OutOfScopeReason::ALL.iter().enumerate() {
                lines.push(choice(i, *cursor, r.label().to_string(), theme));
            }
            lines.push(hint_line(OutOfScopeReason::ALL.len(), theme));
            popup(f, area, " Out of scope ", lines, 64, theme);
        }
    }
}

fn choice<'a>(i: usize, cursor: usize, text: String, theme: &Theme) -> Line<'a> {
    let marker = if i == cursor { "▶" } else { " " };
    let line = Line::from(vec![
        Span::raw(format!(" {marker} ")),
        Span::styled(format!("{} ", i + 1), theme.key),
        Span::raw(text),
    ]);
    if i == cursor {
        line.style(theme.selected)
    } else {
        line
    }
}

fn hint_line<'a>(choices: usize, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!(" 1-{choices}"), theme.key),
        Span::raw(" or "),
        Span::styled("j/k Enter", theme.key),
        Span::raw(" choose   "),
        Span::styled("Esc", theme.key),
        Span::raw(" cancel"),
    ])
}

/// Clears a centred box of `width` for `lines` lines and draws its frame;
/// returns the box and the framing block for the content.
fn frame<'a>(
    f: &mut Frame,
    area: Rect,
    title: &str,
    lines: usize,
    width: u16,
    theme: &Theme,
) -> (Rect, Block<'a>) {
    let height = (lines as u16 + 2).min(area.height);
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(title.to_string(), theme.title));
    (rect, block)
}

fn popup(f: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, width: u16, theme: &Theme) {
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Long questions wrap: size the box to the wrapped text.
    let inner_width = width.min(area.width).saturating_sub(2);
    let (rect, block) = frame(f, area, title, text.line_count(inner_width), width, theme);
    f.render_widget(text.block(block), rect);
}

/// How far the help can scroll on a body `rows` high.
pub fn help_max_scroll(rows: u16) -> u16 {
    let lines = help_lines(&Theme::new(false)).len() as u16;
    // Two rows go to the frame.
    lines.saturating_sub(rows.saturating_sub(2))
}

fn help(f: &mut Frame, area: Rect, scroll: u16, theme: &Theme) {
    let lines = help_lines(theme);
    let scroll = scroll.min(help_max_scroll(area.height));
    let (rect, block) = frame(f, area, " Help ", lines.len(), 72, theme);
    f.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), rect);
}

fn help_lines<'a>(theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = vec![Line::styled(" Keys", theme.label)];
    for b in BINDINGS {
        lines.push(Line::from(vec![
            Span::styled(format!("   {:<8}", b.label), theme.key),
            Span::raw(b.help),
        ]));
    }
    lines.extend([
        Line::from(vec![
            Span::styled(format!("   {:<8}", "Ctrl-C"), theme.key),
            Span::raw("quit from anywhere"),
        ]),
        Line::raw(""),
        Line::styled(
            " Clock column (share of the response target left)",
            theme.label,
        ),
    ]);
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
        Line::raw(""),
        Line::styled(" Esc ? q close   j/k scroll", theme.dim),
    ]);
    lines
}
