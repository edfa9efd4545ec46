//! The bottom line: the filter being typed, the last outcome, or key hints;
//! and where the selection is in the board.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::{Model, Screen};
use crate::text::inert;

#[derive(PartialEq)]
enum On {
    Board,
    Detail,
    Both,
}

/// Key hints, in the order shown; the help screen has the full list.
const HINTS: &[(&str, &str, On)] = &[
    ("Esc", "back", On::Detail),
    ("j/k", "move", On::Board),
    ("j/k", "scroll", On::Detail),
    ("Enter", "detail", On::Board),
    ("a", "ack", On::Both),
    ("i", "start", On::Both),
    ("s", "severity", On::Both),
    ("A", "assign me", On::Both),
    ("r", "resolve", On::Both),
    ("w", "withdraw", On::Both),
    ("o", "out of scope", On::Both),
    ("/", "filter", On::Board),
    ("?", "help", On::Both),
    ("q", "quit", On::Board),
];

pub fn render(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let position = position(m);
    let [left, right] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(position.chars().count() as u16),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(Line::styled(position, theme.dim)), right);

    if m.filter.editing {
        let prefix = " filter: ";
        let width = left.width.saturating_sub(prefix.len() as u16 + 1) as usize;
        let scroll = m.filter.input.visual_scroll(width);
        let shown: String = inert(m.filter.input.value()).chars().skip(scroll).collect();
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(prefix, theme.key),
                Span::raw(shown),
            ])),
            left,
        );
        let x = left.x
            + prefix.len() as u16
            + (m.filter.input.visual_cursor().saturating_sub(scroll)) as u16;
        f.set_cursor_position(Position::new(x.min(left.right().saturating_sub(1)), left.y));
        return;
    }
    let line = match (&m.status, &m.board.error) {
        (Some(s), _) => Line::styled(
            format!(" {}", inert(&s.text)),
            if s.error { theme.error } else { theme.info },
        ),
        // Until a read succeeds, the rows above may be stale: say so.
        (None, Some(e)) => Line::styled(
            format!(" cannot read the board (retrying): {}", inert(e)),
            theme.error,
        ),
        (None, None) => hints(m, theme),
    };
    f.render_widget(Paragraph::new(line), left);
}

fn hints<'a>(m: &Model, theme: &Theme) -> Line<'a> {
    let here = match m.screen {
        Screen::Board => On::Board,
        Screen::Detail(_) => On::Detail,
    };
    let mut spans = Vec::new();
    if let Some(filter) = m.filter.text() {
        spans.push(Span::styled(" filter: ", theme.key));
        spans.push(Span::raw(format!("{} (Esc clears) ", inert(&filter))));
    }
    for (key, what, _) in HINTS
        .iter()
        .filter(|(_, _, on)| *on == here || *on == On::Both)
    {
        spans.push(Span::styled(format!(" {key}"), theme.key));
        spans.push(Span::styled(format!(" {what}"), theme.dim));
    }
    Line::from(spans)
}

fn position(m: &Model) -> String {
    let b = &m.board;
    if b.page.total == 0 {
        return String::new();
    }
    format!(" {}/{} ", b.selected_position() + 1, b.page.total)
}
