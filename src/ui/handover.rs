//! The handover screen: the shift's sections as `sredesk handover` writes
//! them, headings styled, untrusted text inert, scrolled like the detail.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::Model;
use crate::app::handover::state::HandoverState;
use crate::app::model::{FOOTER_ROWS, HEADER_ROWS};
use crate::export::handover::{sections, title};
use crate::text::inert;

use super::widgets::wrap_words;

/// Columns before a continuation line's text.
const HANG: usize = 5;

pub fn render(f: &mut Frame, area: Rect, h: &HandoverState, m: &Model, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(
            format!(" Handover: the last {} hours ", h.hours),
            theme.title,
        ));
    let scroll = h.scroll.min(max_scroll(h, m));
    f.render_widget(content(h, m, theme).block(block).scroll((scroll, 0)), area);
}

fn content<'a>(h: &HandoverState, m: &Model, theme: &Theme) -> Paragraph<'a> {
    let mut lines = Vec::new();
    // A failed read says so above what was read before, never as a quiet
    // shift.
    if let Some(e) = &h.error {
        lines.push(Line::styled(
            format!(" cannot read the handover: {}", inert(e)),
            theme.error,
        ));
    }
    match &h.loaded {
        Some(ho) => {
            lines.push(Line::styled(format!(" {}", title(ho, m.tz)), theme.label));
            if ho.is_quiet() {
                lines.push(Line::raw(""));
                lines.push(Line::raw(
                    " A quiet shift: nothing came in, nothing waits, nothing is owed.",
                ));
            }
            let esc = |s: &str| inert(s).into_owned();
            // Continuation lines hang under the first, so each item reads
            // as one.
            let width = (m.width as usize).saturating_sub(HANG + 1);
            for s in sections(ho, m.tz, &esc) {
                lines.push(Line::raw(""));
                lines.push(Line::styled(format!(" {}", s.title), theme.title));
                for item in s.lines {
                    for (i, part) in wrap_words(&item, width).into_iter().enumerate() {
                        let indent = if i == 0 { "   " } else { "     " };
                        lines.push(Line::raw(format!("{indent}{part}")));
                    }
                }
            }
        }
        None if h.error.is_none() => lines.push(Line::styled(" Loading…", theme.dim)),
        None => {}
    }
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// How far it scrolls before the last line leaves the bottom.
pub fn max_scroll(h: &HandoverState, m: &Model) -> u16 {
    let rows = m.height.saturating_sub(HEADER_ROWS + FOOTER_ROWS + 1);
    let lines = content(h, m, &Theme::new(false)).line_count(m.width);
    (lines as u16).saturating_sub(rows)
}
