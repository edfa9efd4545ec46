//! Drawing pieces every screen shares: boxes and popups, a form's text
//! field, a picker's lines, the y/n and choose hints, text wrapped between
//! words or cut to a width.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_truncate::UnicodeTruncateStr;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::app::field::Field;
use crate::app::keymap::{Action as A, CONFIRM, HELP, PICK, label};
use crate::text::inert;

pub fn choice<'a>(i: usize, cursor: usize, text: String, theme: &Theme) -> Line<'a> {
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

/// A picker's keys: its numbers, or moving and Enter; and cancel.
pub fn hint_line<'a>(choices: usize, theme: &Theme) -> Line<'a> {
    let moving = format!(
        "{}/{} {}",
        label(PICK, A::Down),
        label(PICK, A::Up),
        label(PICK, A::Choose)
    );
    Line::from(vec![
        Span::styled(format!(" 1-{choices}"), theme.key),
        Span::raw(" or "),
        Span::styled(moving, theme.key),
        Span::raw(" choose   "),
        Span::styled(label(PICK, A::Back), theme.key),
        Span::raw(" cancel"),
    ])
}

/// A dialog's keys and what each does, from the key table:
/// ` Enter reject   Esc cancel`.
pub fn key_line<'a>(parts: &[(&'static str, &str)], theme: &Theme) -> Line<'a> {
    let mut spans = Vec::new();
    for (i, (keys, word)) in parts.iter().enumerate() {
        let lead = if i == 0 { " " } else { "" };
        let gap = if i + 1 < parts.len() { "   " } else { "" };
        spans.push(Span::styled(format!("{lead}{keys}"), theme.key));
        spans.push(Span::raw(format!(" {word}{gap}")));
    }
    Line::from(spans)
}

/// How to close and scroll the help, at the end of its legend.
pub fn help_closing<'a>(theme: &Theme) -> Line<'a> {
    Line::styled(
        format!(
            " {} close   {}/{} scroll",
            label(HELP, A::Back),
            label(HELP, A::Down),
            label(HELP, A::Up)
        ),
        theme.dim,
    )
}

/// Clears a centred box of `width` for `lines` lines and draws its frame;
/// returns the box and the framing block for the content.
pub fn frame<'a>(
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

pub fn popup(f: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, width: u16, theme: &Theme) {
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Long questions wrap: size the box to the wrapped text.
    let inner_width = width.min(area.width).saturating_sub(2);
    let (rect, block) = frame(f, area, title, text.line_count(inner_width), width, theme);
    f.render_widget(text.block(block), rect);
}

/// A form's text field: a marker when it has the keyboard, the label, the
/// text scrolled to keep the cursor in view, and what is wrong with it on
/// the line below. Returns the lines and, when focused, the cursor's
/// column inside the box.
pub fn field_lines<'a>(
    label: &str,
    field: &Field,
    hint: &str,
    focused: bool,
    width: u16,
    theme: &Theme,
) -> (Vec<Line<'a>>, Option<u16>) {
    let prefix = format!(" {} {label:<7}", if focused { "▶" } else { " " });
    let room = (width as usize).saturating_sub(prefix.chars().count() + 1);
    let scroll = field.input.visual_scroll(room);
    let shown: String = inert(field.value()).chars().skip(scroll).collect();
    let mut text = vec![
        Span::styled(
            prefix.clone(),
            if focused { theme.key } else { theme.label },
        ),
        Span::raw(fit(&shown, room)),
    ];
    if field.value().is_empty() && !hint.is_empty() {
        text.push(Span::styled(hint.to_string(), theme.dim));
    }
    let mut lines = vec![Line::from(text)];
    if let Some(e) = &field.error {
        let indent = 10;
        for part in wrap_words(&inert(e), (width as usize).saturating_sub(indent)) {
            lines.push(Line::styled(format!("{:indent$}{part}", ""), theme.error));
        }
    }
    let cursor = focused.then(|| {
        (prefix.chars().count() + field.input.visual_cursor().saturating_sub(scroll)) as u16
    });
    (lines, cursor)
}

/// `text` in lines of at most `width` columns, broken between words (a
/// word longer than a line is cut).
pub fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("never empty");
        let used = line.chars().count();
        if used > 0 && used + 1 + word.chars().count() > width {
            lines.push(fit(word, width));
        } else {
            if used > 0 {
                line.push(' ');
            }
            line.push_str(word);
            if line.chars().count() > width {
                *line = fit(line, width);
            }
        }
    }
    lines
}

/// Draws a form of `lines` with the cursor at (column, line) inside it.
pub fn form(
    f: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    cursor: Option<(u16, u16)>,
    theme: &Theme,
) {
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    let inner_width = FORM_WIDTH.min(area.width).saturating_sub(2);
    let height = text.line_count(inner_width);
    let (rect, block) = frame(f, area, title, height, FORM_WIDTH, theme);
    let inner = block.inner(rect);
    f.render_widget(text.block(block), rect);
    if let Some((x, y)) = cursor
        && y < inner.height
    {
        let x = (inner.x + x).min(inner.right().saturating_sub(1));
        f.set_cursor_position(Position::new(x, inner.y + y));
    }
}

pub const FORM_WIDTH: u16 = 72;

pub fn pane_block<'a>(title: String, focused: bool, theme: &Theme) -> Block<'a> {
    Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { theme.key } else { theme.border })
        .title(Span::styled(title, theme.title))
}

/// `text` wrapped for a box `width` wide, each line keeping the margin
/// that a paragraph's own wrapping would drop.
pub fn margin<'a>(text: &str, width: u16, area: Rect, style: Style) -> Vec<Line<'a>> {
    let room = width.min(area.width).saturating_sub(4) as usize;
    wrap_words(&inert(text), room)
        .into_iter()
        .map(|part| Line::styled(format!(" {part}"), style))
        .collect()
}

/// A question's answers, from the key table: ` y yes   n Esc no`.
pub fn yes_no<'a>(yes: &str, theme: &Theme) -> Line<'a> {
    key_line(
        &[(label(CONFIRM, A::Yes), yes), (label(CONFIRM, A::No), "no")],
        theme,
    )
}

/// `s` cut to `width` columns, with an ellipsis when cut.
pub fn fit(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    if width == 0 {
        return String::new();
    }
    format!("{}…", s.unicode_truncate(width - 1).0)
}

/// A text of several lines in its own box: the cursor shows only while
/// it has the keyboard, and what is wrong with it is on the box's edge.
pub fn text_box(
    f: &mut Frame,
    rect: Rect,
    field: &crate::app::field::MultiField,
    title: &str,
    focused: bool,
    theme: &Theme,
) {
    let mut area = field.area().clone();
    let mut block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused { theme.key } else { theme.border })
        .title(Span::styled(title.to_string(), theme.label));
    if let Some(e) = &field.error {
        block = block.title_bottom(Span::styled(format!(" {} ", inert(e)), theme.error));
    }
    area.set_block(block);
    area.set_cursor_style(if focused {
        Style::default().add_modifier(ratatui::style::Modifier::REVERSED)
    } else {
        Style::default()
    });
    f.render_widget(&area, rect);
}

/// Where a table with a one-column selection mark and columns one apart
/// (as the screens' tables are drawn) lays the cells of row `row` below
/// its titles' line: by column, or none where the row is not drawn.
pub fn table_cells(widths: &[Constraint], area: Rect, row: usize) -> Option<Vec<Rect>> {
    let y = area
        .y
        .checked_add(1)?
        .checked_add(u16::try_from(row).ok()?)?;
    if y >= area.bottom() {
        return None;
    }
    let columns = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(1),
        ..area
    };
    let laid = Layout::horizontal(widths.iter().copied())
        .flex(Flex::Start)
        .spacing(1)
        .split(columns);
    Some(laid.iter().map(|r| Rect::new(r.x, y, r.width, 1)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_wrap_between_words() {
        assert_eq!(
            wrap_words("'2027-1' is not a date like 2026-10-01", 20),
            ["'2027-1' is not a", "date like 2026-10-01"]
        );
        assert_eq!(wrap_words("short", 20), ["short"]);
        assert_eq!(wrap_words("abcdefghij", 4), ["abc…"]);
        assert_eq!(wrap_words("", 4), [""]);
    }

    #[test]
    fn text_is_cut_by_columns_with_an_ellipsis() {
        assert_eq!(fit("dark mode", 20), "dark mode");
        assert_eq!(fit("dark mode", 5), "dark…");
        // Wide characters take two columns each.
        assert_eq!(fit("控制台暗色模式", 7), "控制台…");
        assert_eq!(fit("abc", 0), "");
    }
}
