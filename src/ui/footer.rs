//! The bottom line: the filter being typed, the last outcome, or the key
//! hints of the key table; and where the selection is in the list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::board::state::BoardFocus;
use crate::app::keymap::{self, AT_HISTORY};
use crate::app::keys::acts;
use crate::app::{Model, Screen};
use crate::text::inert;
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

pub fn render(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    // While the filter typed does not parse, its error stands where the
    // position does: the board still shows the last filter that did.
    let filter_error = m
        .filter
        .error
        .as_ref()
        .filter(|_| m.filter.editing)
        .map(|e| format!("✖ {} ", inert(&e.to_string())));
    let position = match &filter_error {
        Some(e) => {
            // Beside what is typed, and at least half the line.
            let typed = m.filter.input.value().chars().count() + " filter: ".len() + 2;
            let room = (area.width as usize).saturating_sub(typed);
            crate::ui::widgets::fit(e, room.max(area.width as usize / 2))
        }
        None => position(m),
    };
    let [left, right] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(position.chars().count() as u16),
    ])
    .areas(area);
    let style = if filter_error.is_some() {
        theme.error
    } else {
        theme.dim
    };
    f.render_widget(Paragraph::new(Line::styled(position, style)), right);

    if m.command.editing {
        command_line(f, area, m, theme);
        return;
    }
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
    let read_error = match &m.screen {
        Screen::Pipeline => m.pipeline.error.as_ref().map(|e| ("pipeline", e)),
        Screen::Notices => m.notices.error.as_ref().map(|e| ("notices", e)),
        Screen::Ledger(_) | Screen::Composer(_) => None,
        Screen::History(h) => h.error.as_ref().map(|e| ("history", e)),
        _ => m.board.error.as_ref().map(|e| ("board", e)),
    };
    let line = match (&m.status, read_error) {
        // What rang stands beside the engineer's own outcome, never over it.
        (Some(s), _) => {
            let mut spans = vec![Span::styled(
                format!(" {}", inert(&s.text)),
                if s.error { theme.error } else { theme.info },
            )];
            if let Some(alarm) = &m.alarms.line {
                spans.push(Span::styled(format!("  │ {}", inert(alarm)), theme.error));
            }
            Line::from(spans)
        }
        (None, _) if m.alarms.line.is_some() => Line::styled(
            format!(" {}", inert(m.alarms.line.as_deref().unwrap_or_default())),
            theme.error,
        ),
        // Until a read succeeds, the rows above may be stale: say so.
        (None, Some((what, e))) => Line::styled(
            format!(" cannot read the {what} (retrying): {}", inert(e)),
            theme.error,
        ),
        (None, None) => hints(m, left.width, theme),
    };
    f.render_widget(
        Paragraph::new(cut_with_way_to_whole(m, line, left.width, theme)),
        left,
    );
}

/// A message wider than the line ends with `…` and the key that shows
/// it whole, instead of running off the edge.
fn cut_with_way_to_whole<'a>(m: &Model, line: Line<'a>, width: u16, theme: &Theme) -> Line<'a> {
    if line.width() <= width as usize {
        return line;
    }
    let key = m.keys.label(m.scope(), keymap::Action::FullStatus);
    if key.is_empty() {
        return line;
    }
    let way = format!(" {key} whole ");
    let style = line.spans.first().map_or(theme.error, |s| s.style);
    let text: String = line.spans.iter().map(|s| s.content.as_ref()).collect();
    let room = (width as usize).saturating_sub(way.width());
    Line::from(vec![
        Span::styled(crate::ui::widgets::fit(&text, room), style),
        Span::styled(way, theme.key),
    ])
}

/// The hints that fit in `width`, in the table's order; the way to the
/// help (which lists every key) is always among them.
fn hints<'a>(m: &Model, width: u16, theme: &Theme) -> Line<'a> {
    let here = m.view();
    let mut spans = Vec::new();
    // The board's filter is no part of the history's search.
    let board_filter = m.filter.applied.as_ref().filter(|_| here != AT_HISTORY);
    if let Some(filter) = board_filter {
        spans.push(Span::styled(" filter: ", theme.key));
        spans.push(Span::raw(format!(
            "{} ({}) ",
            inert(&filter.to_string()),
            m.keys.prose(keymap::BOARD, "{back} clears")
        )));
    }
    let all = m.keys.hints(here, acts::scope_of(here));
    let cols = |(keys, h): &(Cow<str>, &keymap::Hint)| keys.width() + h.word.width() + 2;
    let help = all.iter().find(|(_, h)| h.word == "help");
    let used: usize = spans.iter().map(|s| s.content.width()).sum();
    let mut room = (width as usize).saturating_sub(used);
    // The way to help goes first into the room, then the rest in rank
    // order; a hint that does not fit is dropped whole, never cut.
    let help = help.filter(|h| cols(h) <= room);
    room -= help.map_or(0, cols);
    let mut shown = Vec::new();
    for hint in all
        .iter()
        .filter(|h| !help.is_some_and(|x| std::ptr::eq(x, *h)))
    {
        // In rank order: the first that does not fit ends the line.
        if cols(hint) > room {
            break;
        }
        room -= cols(hint);
        shown.push(hint);
    }
    shown.extend(help);
    for (keys, hint) in shown {
        spans.push(Span::styled(format!(" {keys}"), theme.key));
        spans.push(Span::styled(format!(" {}", hint.word), theme.dim));
    }
    Line::from(spans)
}

/// `:` and what is typed, the cursor in it; what Tab offers on the right.
fn command_line(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let c = &m.command;
    let offered = c.offered.join(" ");
    let right = crate::ui::widgets::fit(&inert(&offered), (area.width / 2) as usize);
    let [left, side] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(right.chars().count() as u16 + 1),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(Line::styled(right, theme.dim)), side);
    let prefix = " :";
    let width = left.width.saturating_sub(prefix.len() as u16 + 1) as usize;
    let scroll = c.input.visual_scroll(width);
    let shown: String = inert(c.input.value()).chars().skip(scroll).collect();
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(prefix, theme.key),
            Span::raw(shown),
        ])),
        left,
    );
    let x = left.x + prefix.len() as u16 + (c.input.visual_cursor().saturating_sub(scroll)) as u16;
    f.set_cursor_position(Position::new(x.min(left.right().saturating_sub(1)), left.y));
}

fn position(m: &Model) -> String {
    match &m.screen {
        Screen::Pipeline => {
            let p = &m.pipeline;
            return match p.count(p.lane) {
                0 => String::new(),
                n => format!(" {}/{n} ", p.cursor[p.lane] + 1),
            };
        }
        // Not a list of escalations: the board's place in it is not theirs.
        Screen::Requirement(_)
        | Screen::Composer(_)
        | Screen::Handover(_)
        | Screen::Trends(_)
        | Screen::History(_) => {
            return String::new();
        }
        Screen::Notices => {
            let n = &m.notices;
            return match n.rows() {
                0 => String::new(),
                rows => format!(" {}/{rows} ", n.selected + 1),
            };
        }
        Screen::Ledger(l) => {
            return match l.loaded.as_ref().map_or(0, |d| d.deliveries.len()) {
                0 => String::new(),
                rows => format!(" {}/{rows} ", l.selected + 1),
            };
        }
        _ => {}
    }
    if m.focus == BoardFocus::Quotas && matches!(m.screen, Screen::Board) {
        let q = &m.quotas;
        return match q.total {
            0 => String::new(),
            n => format!(" {}/{n} ", q.place() + 1),
        };
    }
    let b = &m.board;
    let marked = match b.marked.len() {
        0 => String::new(),
        n => format!(" {} {n} marked ·", crate::domain::triage::MARKED),
    };
    if b.page.total == 0 {
        return marked;
    }
    // In the middle of a long board the position is not counted, nor a
    // filter's total past the rows it reads (see `POSITION_COUNTED`):
    // each said as a floor, "2001+", never as a wrong number.
    let floor = |exact: bool| if exact { "" } else { "+" };
    format!(
        "{marked} {}{}/{}{} ",
        b.selected_position() + 1,
        floor(b.page.position_exact),
        b.page.total,
        floor(b.page.total_exact)
    )
}
