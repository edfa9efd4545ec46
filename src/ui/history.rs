//! The history: a search box over every escalation, closed ones too,
//! newest first, a page at a time; the selected one opens in the detail.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::theme::Theme;
use crate::app::Model;
use crate::app::history::state::HistoryState;
use crate::domain::desk_time;
use crate::domain::sla::Urgency;
use crate::domain::{EscalationState, Severity};
use crate::store::HistoryRow;
use crate::text::inert;
use crate::ui::widgets::fit;

const PROMPT: &str = " Search: ";

pub fn render(f: &mut Frame, area: Rect, h: &HistoryState, m: &Model, theme: &Theme) {
    let [search, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    search_line(f, search, h, theme);
    if h.page.rows.is_empty() {
        let (text, style) = if let Some(e) = &h.error {
            (
                format!(
                    "✖ Cannot read the history: {}. Trying again every second.",
                    inert(e)
                ),
                theme.urgency(Urgency::Breached),
            )
        } else if !h.loaded {
            ("Loading…".to_string(), theme.dim)
        } else if h.applied.is_empty() {
            ("No escalations in the store yet.".to_string(), theme.dim)
        } else {
            (
                format!(
                    "No escalation, open or closed, holds \"{}\". / to change the search.",
                    inert(&h.applied.to_string())
                ),
                theme.dim,
            )
        };
        f.render_widget(
            Paragraph::new(Line::styled(format!(" {text}"), style)),
            table,
        );
        return;
    }
    rows(f, table, h, m, theme);
}

fn search_line(f: &mut Frame, area: Rect, h: &HistoryState, theme: &Theme) {
    // Where the list stands in the whole, on the right.
    let more = match (h.page.more_newer, h.page.more_older) {
        (true, true) => " ↑ newer · ↓ older ",
        (true, false) => " ↑ newer · the oldest ",
        (false, true) => " the newest · ↓ older ",
        (false, false) => "",
    };
    let (note, style) = match &h.text_error {
        Some(e) if h.editing => (format!(" ✖ {} ", inert(e)), theme.error),
        _ => (more.to_string(), theme.dim),
    };
    let note = fit(&note, usize::from(area.width / 2));
    let note_width = unicode_width::UnicodeWidthStr::width(note.as_str()) as u16;
    let [left, right] =
        Layout::horizontal([Constraint::Min(0), Constraint::Length(note_width)]).areas(area);
    f.render_widget(Paragraph::new(Line::styled(note, style)), right);
    let room = left.width.saturating_sub(PROMPT.len() as u16 + 1) as usize;
    let typed = h.input.value();
    let shown = if typed.is_empty() && !h.editing {
        Span::styled("every escalation · / to search", theme.dim)
    } else if typed.is_empty() {
        Span::styled(
            "words of 3+ characters, any case · Enter: to the list",
            theme.dim,
        )
    } else {
        let scroll = h.input.visual_scroll(room);
        Span::raw(inert(typed).chars().skip(scroll).collect::<String>())
    };
    let prompt_style = if h.editing { theme.key } else { theme.label };
    f.render_widget(
        Paragraph::new(Line::from(vec![Span::styled(PROMPT, prompt_style), shown])),
        left,
    );
    if h.editing {
        let scroll = h.input.visual_scroll(room);
        let x =
            left.x + PROMPT.len() as u16 + h.input.visual_cursor().saturating_sub(scroll) as u16;
        f.set_cursor_position(Position::new(x.min(left.right().saturating_sub(1)), left.y));
    }
}

fn widths(width: u16) -> Vec<Constraint> {
    let customer = if width >= 140 { 22 } else { 14 };
    vec![
        Constraint::Length(14),
        Constraint::Length(customer),
        Constraint::Length(3),
        Constraint::Length(12),
        Constraint::Length(16),
        Constraint::Fill(1),
    ]
}

fn rows(f: &mut Frame, area: Rect, h: &HistoryState, m: &Model, theme: &Theme) {
    let widths = widths(area.width);
    // The cells' widths as laid out after the selection mark, so a cut
    // text ends with "…" inside its column.
    let laid: Vec<usize> = Layout::horizontal(widths.clone())
        .spacing(1)
        .split(Rect {
            width: area.width.saturating_sub(1),
            ..area
        })
        .iter()
        .map(|r| r.width as usize)
        .collect();
    let rows: Vec<Row> = h
        .page
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let row = row(r, &laid, m, theme);
            if i == h.cursor {
                row.style(theme.selected)
            } else {
                row
            }
        })
        .collect();
    let reported = format!("REPORTED ({})", desk_time::zone(m.now, m.tz));
    let header = Row::new([
        "TICKET",
        "CUSTOMER",
        "SEV",
        "STATE",
        reported.as_str(),
        "TITLE",
    ])
    .style(theme.label);
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .highlight_symbol("▶")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(Some(h.cursor));
    f.render_stateful_widget(table, area, &mut state);
    // What is shown was read before a failure: said over the column
    // titles, so no row is hidden for it.
    if let Some(e) = &h.error {
        let [line, _] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        let text = fit(
            &format!(
                " ✖ Cannot read the history (retrying every second; rows as read before): {}",
                inert(e)
            ),
            usize::from(area.width),
        );
        f.render_widget(
            Paragraph::new(Line::from(text)).style(theme.urgency(Urgency::Breached)),
            line,
        );
    }
}

fn row<'a>(r: &'a HistoryRow, laid: &[usize], m: &Model, theme: &Theme) -> Row<'a> {
    let w = |i: usize| laid.get(i).copied().unwrap_or(0);
    let sev_style = if r.severity <= Severity::S2 {
        theme.urgency(Urgency::Urgent)
    } else {
        Style::new()
    };
    // Ended ones read quieter than open ones: the history is mostly past.
    let state_style = match r.state {
        EscalationState::New | EscalationState::Acknowledged | EscalationState::InProgress => {
            theme.key
        }
        _ => theme.dim,
    };
    Row::new(vec![
        Cell::from(fit(&inert(&r.ticket_no), w(0))),
        Cell::from(fit(&inert(&r.customer), w(1))),
        Cell::from(Span::styled(r.severity.to_string(), sev_style)),
        Cell::from(Span::styled(
            r.state.as_str().replace('_', " "),
            state_style,
        )),
        Cell::from(desk_time::minute(r.reported_at, m.tz)),
        Cell::from(fit(&inert(&r.title), w(5))),
    ])
}
