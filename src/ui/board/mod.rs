//! The escalation board: open escalations, unanswered ones first by time
//! left, each with its live response clock; answered ones next; paused
//! ones (waiting on the customer) last, with how long they have waited.

pub mod countdown;
pub mod dialogs;
pub mod marks;
pub mod quotas;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::theme::Theme;
use crate::app::Model;
use crate::app::board::clocks::{self, Look};
use crate::app::board::columns::Columns;
use crate::domain::sla::Urgency;
use crate::domain::{Severity, pause};
use crate::store::BoardRow;
use crate::text::inert;
use crate::ui::clock_cells::{Clock, ClockCells};
use crate::ui::widgets::fit;

pub fn render(f: &mut Frame, area: Rect, m: &Model, theme: &Theme, clocks: &mut ClockCells) {
    let countdowns = m.countdown_rows().min(area.height);
    let area = if countdowns > 0 {
        let [top, rest] =
            Layout::vertical([Constraint::Length(countdowns), Constraint::Min(0)]).areas(area);
        countdown::render(f, top, m, theme, clocks);
        rest
    } else {
        area
    };
    let b = &m.board;
    // A read that failed says so over what was read before, in red.
    let area = match (&b.error, m.banner_rows()) {
        (Some(e), 1) if area.height > 1 => {
            let [banner, rest] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
            // What was shown and that it is retried come first: the cause
            // may be long, and it is cut at the edge.
            let age = b
                .stale_for(m.now)
                .map(|a| format!("shown as read {} ago, ", super::header::format_span(a)))
                .unwrap_or_default();
            let text = format!(
                " ✖ Cannot read the board ({age}retrying every second): {}",
                inert(e)
            );
            f.render_widget(
                Paragraph::new(Line::from(text)).style(theme.urgency(Urgency::Breached)),
                banner,
            );
            rest
        }
        _ => area,
    };
    if b.page.rows.is_empty() {
        let text = if let Some(e) = &b.error {
            format!(
                "✖ Cannot read the board: {}. Trying again every second.",
                inert(e)
            )
        } else if !b.loaded {
            "Loading…".to_string()
        } else if let Some(filter) = &m.filter.applied {
            format!(
                "No open escalation matches \"{}\". {}",
                inert(&filter.to_string()),
                m.keys
                    .prose(crate::app::keymap::BOARD, "{back} clears the filter.")
            )
        } else {
            "No open escalations. All quiet.".to_string()
        };
        f.render_widget(
            Paragraph::new(Line::styled(
                format!(" {text}"),
                if b.error.is_some() {
                    theme.urgency(Urgency::Breached)
                } else {
                    theme.dim
                },
            )),
            area,
        );
        return;
    }
    let cols = Columns::for_width(area.width, m);
    // The cells' widths as the table will lay them out (after the
    // selection mark), so text cut to fit can end with "…".
    let widths = cols.widths(area.width);
    let placed = cols.laid(area.width);
    let laid: Vec<usize> = placed.iter().map(|(_, w)| *w as usize).collect();
    let h = area.height.saturating_sub(1) as usize;
    let start = b.scroll_top.saturating_sub(b.page.first_position);
    let visible = b.page.rows.iter().enumerate().skip(start).take(h);
    // The selection is the row's base style, under the cells' own styles,
    // so a selected breached row keeps its alarm colour.
    let rows: Vec<Row> = visible
        .enumerate()
        .map(|(k, (i, r))| {
            let base = match i == b.selected {
                true => theme.selected,
                false => Style::new(),
            };
            // Below the column titles, the clocks in the first columns.
            let y = area.y + 1 + k as u16;
            let at = |(x, w): (u16, u16)| Rect::new(area.x + x, y, w, 1);
            let clock = clock_cell(r, m, theme);
            let next = cols.next.then(|| next_cell(r, m, theme));
            if let Some(&first) = placed.first() {
                clocks.cell(at(first), Clock::Row(i), base, &clock);
            }
            if let (Some(next), Some(&second)) = (&next, placed.get(1)) {
                clocks.cell(at(second), Clock::Next(i), base, next);
            }
            let mut cells = vec![Cell::from(clock)];
            cells.extend(next.map(Cell::from));
            row(r, cells, &cols, &laid, m, theme).style(base)
        })
        .collect();
    let header = Row::new(cols.titles_sorted(b.sort)).style(theme.label);
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .highlight_symbol("▶")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    // A selection below the rows shown would scroll the table itself,
    // moving every row from where its clocks were recorded.
    if b.selected >= start + h {
        clocks.give_up();
    }
    let mut state = TableState::default()
        .with_selected(Some(b.selected.saturating_sub(start)).filter(|_| b.selected >= start));
    f.render_stateful_widget(table, area, &mut state);
    // New escalations that sorted above the screen: said on the column
    // titles' line until scrolled to (k, PageUp, g).
    if !b.new_above.is_empty() {
        let note = format!(" ▲ {} new above ", b.new_above.len());
        let [line, _] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
        f.render_widget(
            Paragraph::new(Line::styled(note, theme.flag).right_aligned()),
            line,
        );
    }
}

/// The clock column, as `app::board::clocks` words it.
pub fn clock_cell(r: &BoardRow, m: &Model, theme: &Theme) -> Span<'static> {
    let (text, look) = clocks::clock(r, m);
    Span::styled(text, look_style(look, theme))
}

/// The follow-up clock due sooner, as `app::board::clocks` words it.
pub fn next_cell(r: &BoardRow, m: &Model, theme: &Theme) -> Span<'static> {
    let (text, look) = clocks::next(r, m);
    Span::styled(text, look_style(look, theme))
}

pub fn look_style(look: Look, theme: &Theme) -> Style {
    match look {
        Look::Urgency(u) => theme.urgency(u),
        Look::Dim => theme.dim,
        Look::Met => theme.met,
        Look::Late => theme.late,
        Look::Plain => Style::new(),
    }
}

/// A row after its clock cells (`cells`).
fn row<'a>(
    r: &'a BoardRow,
    mut cells: Vec<Cell<'a>>,
    cols: &Columns,
    laid: &[usize],
    m: &Model,
    theme: &Theme,
) -> Row<'a> {
    // Each text cell is cut to its column with "…"; `laid` is in column
    // order, so the cells count their place as they are pushed.
    let width = |cells: &Vec<Cell>| laid.get(cells.len()).copied().unwrap_or(0);
    let sev_style = if r.severity <= Severity::S2 {
        theme.urgency(Urgency::Urgent)
    } else {
        Style::new()
    };
    cells.push(Cell::from(Span::styled(r.severity.to_string(), sev_style)));
    let w = width(&cells);
    cells.push(Cell::from(fit(&inert(&r.customer), w)));
    if cols.ticket {
        let w = width(&cells);
        cells.push(Cell::from(fit(&inert(&r.ticket_no), w)));
    }
    // A row that rang and was not yet looked at carries the mark's symbol
    // before its title; the reason beside the title: what the customer is
    // to send or do.
    let mut title = Vec::new();
    if m.board.marked.contains_key(&r.id) {
        let glyph = crate::domain::triage::MARKED;
        title.push(Span::styled(format!("{glyph} "), theme.key));
    }
    if let Some(mark) = m.alarms.lit.get(&r.id) {
        title.push(Span::styled(format!("{} ", mark.symbol()), theme.flag));
    }
    let room = width(&cells).saturating_sub(Line::from(title.clone()).width());
    let reason = r
        .pause
        .as_ref()
        .map(|p| format!(" {} {}", pause::PAUSED, inert(&p.reason)));
    let own = inert(&r.title);
    // The pause's reason keeps up to a third of the room: what the
    // customer is to send matters as much as the title.
    let kept = reason.as_ref().map_or(0, |r| {
        unicode_width::UnicodeWidthStr::width(r.as_str()).min(room / 3)
    });
    let shown = fit(&own, room - kept);
    let left = room.saturating_sub(unicode_width::UnicodeWidthStr::width(shown.as_str()));
    title.push(Span::raw(shown));
    if let Some(reason) = reason.filter(|_| left > 2) {
        title.push(Span::styled(fit(&reason, left), theme.dim));
    }
    cells.push(Cell::from(Line::from(title)));
    cells.push(Cell::from(r.state.as_str().replace('_', " ")));
    if cols.assignee {
        let w = width(&cells);
        cells.push(Cell::from(
            r.assignee
                .as_deref()
                .map_or("-".into(), |a| fit(&inert(a), w)),
        ));
    }
    Row::new(cells)
}
