//! The handover screen: the shift's sections as `sredesk handover` writes
//! them, headings styled, untrusted text inert, scrolled like the detail.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::theme::Theme;
use crate::app::Model;
use crate::app::handover::state::{HandoverState, Laid};
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
    let laid = laid_out(h, m, theme);
    let rows = usize::from(area.height.saturating_sub(1));
    let start = usize::from(h.scroll.min(max_of(laid.len(), m)));
    // Only the rows on screen go to the renderer.
    let shown: Vec<Line> = laid.iter().skip(start).take(rows).cloned().collect();
    f.render_widget(Paragraph::new(shown).block(block), area);
}

/// The lines for this width, zone and colours, laid out once per answer.
fn laid_out<'h>(
    h: &'h HandoverState,
    m: &Model,
    theme: &Theme,
) -> std::cell::Ref<'h, Vec<Line<'static>>> {
    let key = (h.generation, m.width, m.tz, theme.color);
    let fresh = h.laid.borrow().as_ref().is_some_and(|l| l.key == key);
    if !fresh {
        *h.laid.borrow_mut() = Some(Laid {
            key,
            lines: lines(h, m, theme),
        });
    }
    std::cell::Ref::map(h.laid.borrow(), |l| l.as_ref().map_or(&EMPTY, |l| &l.lines))
}

static EMPTY: Vec<Line<'static>> = Vec::new();

/// Every line, each item wrapped with a hanging indent so it reads as one.
fn lines(h: &HandoverState, m: &Model, theme: &Theme) -> Vec<Line<'static>> {
    let width = (m.width as usize).saturating_sub(HANG + 1);
    let mut lines = Vec::new();
    let hang = |lines: &mut Vec<Line<'static>>, text: &str, style| {
        for (i, part) in wrap_words(text, width).into_iter().enumerate() {
            let indent = if i == 0 { "   " } else { "     " };
            lines.push(Line::styled(format!("{indent}{part}"), style));
        }
    };
    // A failed read says so above what was read before, never as a quiet
    // shift.
    if let Some(e) = &h.error {
        let text = format!("cannot read the handover: {}", inert(e));
        hang(&mut lines, &text, theme.error);
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
            for s in sections(ho, m.tz, &esc) {
                lines.push(Line::raw(""));
                lines.push(Line::styled(format!(" {}", s.title), theme.title));
                for item in s.lines {
                    hang(&mut lines, &item, ratatui::style::Style::new());
                }
            }
        }
        None if h.error.is_none() => lines.push(Line::styled(" Loading…", theme.dim)),
        None => {}
    }
    lines
}

/// How far it scrolls before the last line leaves the bottom.
pub fn max_scroll(h: &HandoverState, m: &Model) -> u16 {
    // The line count does not depend on the colours: whatever was laid
    // out for this width serves.
    let cached = h
        .laid
        .borrow()
        .as_ref()
        .filter(|l| (l.key.0, l.key.1, l.key.2) == (h.generation, m.width, m.tz))
        .map(|l| l.lines.len());
    let count = cached.unwrap_or_else(|| lines(h, m, &Theme::new(false)).len());
    max_of(count, m)
}

fn max_of(lines: usize, m: &Model) -> u16 {
    let rows = usize::from(m.height.saturating_sub(HEADER_ROWS + FOOTER_ROWS + 1));
    u16::try_from(lines.saturating_sub(rows)).unwrap_or(u16::MAX)
}
