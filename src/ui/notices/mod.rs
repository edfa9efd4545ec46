//! The notices screen: incidents and changes with where each stands and
//! what is owed next, then the notices sent lately with how their
//! deliveries are going.

pub mod dialogs;
pub mod ledger;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

use super::clock_cells::{Clock, ClockCells};
use super::theme::Theme;
use super::widgets;
use crate::app::Model;
use crate::app::board::clocks::{due_text, update_urgency as urgency};
use crate::domain::desk_time;
use crate::domain::record::Record;
use crate::domain::record::reference;
use crate::domain::sla::{Urgency, format_span};
use crate::store::NoticeSummary;
use crate::text::inert;

pub fn render(f: &mut Frame, area: Rect, m: &Model, theme: &Theme, clocks: &mut ClockCells) {
    let n = &m.notices;
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(title(m, theme));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if !n.loaded {
        let text = match &n.error {
            Some(e) => Line::styled(
                format!(" Cannot read the notices: {}. Trying again.", inert(e)),
                theme.error,
            ),
            None => Line::styled(" Loading…", theme.dim),
        };
        f.render_widget(Paragraph::new(text), inner);
        return;
    }
    let records = n.page.records.len();
    let notices = n.page.notices.len();
    // Each list gets what it needs; when both cannot, the records keep at
    // least half and the notices the rest.
    let rec_need = records.max(1) as u16 + 1;
    let not_need = notices.max(1) as u16 + 3;
    let rec_h = if rec_need + not_need <= inner.height {
        rec_need
    } else {
        rec_need.min(inner.height / 2).max(2)
    };
    let [top, bottom] =
        Layout::vertical([Constraint::Length(rec_h), Constraint::Min(0)]).areas(inner);
    records_table(f, top, m, theme, clocks);
    notices_table(f, bottom, m, theme);
}

/// ` Notices · 2 open incidents · 1 change · outbox: 3 to go, 1 failed · 1 draft`
fn title<'a>(m: &Model, theme: &Theme) -> Line<'a> {
    let p = &m.notices.page;
    let mut spans = vec![Span::styled(" Notices ", theme.title)];
    if m.notices.loaded {
        let open = p
            .records
            .iter()
            .filter(|r| matches!(r, Record::Incident(i) if i.state.is_open()))
            .count();
        let changes = p
            .records
            .iter()
            .filter(|r| matches!(r, Record::Change(_)))
            .count();
        let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
        spans.push(Span::raw(format!(
            "· {} · {} · outbox: ",
            plural(open, "open incident"),
            plural(changes, "change")
        )));
        let o = p.outbox;
        let waiting = o.queued + o.sending;
        spans.push(Span::raw(format!("{waiting} to go")));
        if o.failed > 0 {
            spans.push(Span::raw(", "));
            spans.push(Span::styled(
                format!("{} failed (retrying)", o.failed),
                theme.urgency(Urgency::Warning),
            ));
        }
        if !p.drafts.is_empty() {
            spans.push(Span::raw(format!(" · {}", plural(p.drafts.len(), "draft"))));
        }
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

/// What is owed next: an incident's update countdown; for a change, when
/// its window starts or ends.
fn next_span(r: &Record, m: &Model, theme: &Theme) -> Span<'static> {
    let now = m.now;
    match r {
        Record::Incident(i) => match i.next_update_due.filter(|_| i.state.is_open()) {
            Some(due) => {
                let u = urgency(due, now);
                Span::styled(
                    format!(
                        "{} {}",
                        u.symbol(),
                        due_text(due, now).replace("update ", "")
                    ),
                    theme.urgency(u),
                )
            }
            None if i.state.is_open() => Span::styled("  no update set", theme.dim),
            None => Span::raw(""),
        },
        Record::Change(c) => {
            let span = |t: DateTime<Utc>| format_span((t - now).num_seconds().unsigned_abs());
            let text = if now < c.window_start {
                format!("  starts in {}", span(c.window_start))
            } else if now < c.window_end {
                format!("  in window, {} left", span(c.window_end))
            } else {
                format!("  ended {} ago", span(c.window_end))
            };
            Span::styled(text, theme.dim)
        }
    }
}

/// The next-update cell of record `i` as the notices screen draws it now.
pub fn record_next(m: &Model, theme: &Theme, i: usize) -> Option<Span<'static>> {
    let shown = matches!(m.screen, crate::app::model::Screen::Notices) && m.notices.loaded;
    let r = m.notices.page.records.get(i).filter(|_| shown)?;
    Some(next_span(r, m, theme))
}

fn records_table(f: &mut Frame, area: Rect, m: &Model, theme: &Theme, clocks: &mut ClockCells) {
    let n = &m.notices;
    if n.page.records.is_empty() {
        let text = vec![
            Line::styled(" No incidents or changes yet.", theme.label),
            Line::styled(
                " N opens an incident, C plans a platform change; either is notified from one form.",
                theme.dim,
            ),
        ];
        f.render_widget(Paragraph::new(text), area);
        return;
    }
    let wide = area.width >= 100;
    let mut widths = vec![
        Constraint::Length(7),
        Constraint::Length(16),
        Constraint::Length(17),
        Constraint::Length(21),
        Constraint::Fill(1),
    ];
    let mut titles = vec!["RECORD", "STATE", "LEVEL / WINDOW", "NEXT", "TITLE"];
    if !wide {
        widths.remove(2);
        titles.remove(2);
    }
    // A selection below the rows shown scrolls the table itself, moving
    // every row from where its clock was recorded.
    if n.selected < n.page.records.len() && n.selected + 1 >= usize::from(area.height) {
        clocks.give_up();
    }
    let rows: Vec<Row> = n
        .page
        .records
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let (state, open) = match r {
                Record::Incident(x) => (x.state.to_string(), x.state.is_open()),
                Record::Change(x) => (x.state.to_string(), true),
            };
            let what = match r {
                Record::Incident(x) => x.level.map_or("L-".into(), |l| format!("L{}", l.number())),
                Record::Change(x) => format!(
                    "{}–{}",
                    desk_time::short(x.window_start, m.tz),
                    desk_time::hour_minute(x.window_end, m.tz)
                ),
            };
            let title = match r {
                Record::Incident(x) => &x.title,
                Record::Change(x) => &x.title,
            };
            let next = next_span(r, m, theme);
            let base = if i == n.selected {
                theme.selected
            } else if open {
                Style::new()
            } else {
                theme.dim
            };
            let column = if wide { 3 } else { 2 };
            let at = widgets::table_cells(&widths, area, i).and_then(|c| c.get(column).copied());
            if let Some(at) = at {
                clocks.cell(at, Clock::RecordNext(i), base, &next);
            }
            let mut cells = vec![
                Cell::from(reference(r.subject(), r.id())),
                Cell::from(state),
                Cell::from(what),
                Cell::from(next),
                Cell::from(inert(title).into_owned()),
            ];
            if !wide {
                cells.remove(2);
            }
            Row::new(cells).style(base)
        })
        .collect();
    let table = Table::new(rows, widths)
        .header(Row::new(titles).style(theme.label))
        .column_spacing(1)
        .highlight_symbol("▶")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let selected = (n.selected < n.page.records.len()).then_some(n.selected);
    let mut state = TableState::default().with_selected(selected);
    f.render_stateful_widget(table, area, &mut state);
}

fn counts_cells<'a>(s: &NoticeSummary, theme: &Theme) -> Vec<Cell<'a>> {
    let d = s.deliveries;
    let waiting = d.queued + d.sending;
    let num = |n: u32, style: Style| {
        if n == 0 {
            Cell::from(Span::styled("-", Style::new()))
        } else {
            Cell::from(Span::styled(n.to_string(), style))
        }
    };
    let sent_style = if d.sent == d.total() && d.total() > 0 {
        theme.met
    } else {
        Style::new()
    };
    vec![
        Cell::from(Span::styled(
            format!("{}/{}", d.sent, d.total()),
            sent_style,
        )),
        num(waiting, Style::new()),
        num(d.failed, theme.urgency(Urgency::Warning)),
        num(d.dead, theme.urgency(Urgency::Breached)),
    ]
}

fn notices_table(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let n = &m.notices;
    // A blank line, the section's name, then its table.
    let [_, head, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(" Recent notices", theme.label),
            Span::styled(
                m.keys.prose(
                    crate::app::keymap::NOTICES,
                    " ({open}: each recipient's delivery)",
                ),
                theme.dim,
            ),
        ])),
        head,
    );
    if n.page.notices.is_empty() {
        let text = if n.page.records.is_empty() {
            " Nothing sent yet."
        } else {
            " Nothing sent yet: c composes a notice about the selected record."
        };
        f.render_widget(Paragraph::new(Line::styled(text, theme.dim)), body);
        return;
    }
    let records = n.page.records.len();
    let wide = body.width >= 110;
    let rows: Vec<Row> = n
        .page
        .notices
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut cells = vec![
                Cell::from(format!("#{}", s.id)),
                Cell::from(desk_time::short(s.composed_at, m.tz)),
                Cell::from(s.reference.clone()),
                Cell::from(s.stage.to_string()),
            ];
            cells.extend(counts_cells(s, theme));
            cells.push(Cell::from(inert(&s.composed_by).into_owned()));
            if wide {
                cells.push(Cell::from(inert(&s.title).into_owned()));
            }
            let row = Row::new(cells);
            if records + i == n.selected {
                row.style(theme.selected)
            } else {
                row
            }
        })
        .collect();
    let mut widths = vec![
        Constraint::Length(6),
        Constraint::Length(11),
        Constraint::Length(7),
        Constraint::Length(11),
        Constraint::Length(7),
        Constraint::Length(7),
        Constraint::Length(6),
        Constraint::Length(5),
        Constraint::Length(10),
    ];
    let mut titles = vec![
        "NOTICE", "COMPOSED", "RECORD", "STAGE", "SENT", "TO GO", "FAILED", "DEAD", "BY",
    ];
    if wide {
        widths.push(Constraint::Fill(1));
        titles.push("TITLE");
    }
    let table = Table::new(rows, widths)
        .header(Row::new(titles).style(theme.label))
        .column_spacing(1)
        .highlight_symbol("▶")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let selected = n.selected.checked_sub(records);
    let mut state = TableState::default().with_selected(selected);
    f.render_stateful_widget(table, body, &mut state);
}
