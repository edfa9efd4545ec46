//! One notice's deliveries: each recipient on each channel with its state
//! (queued, sending, sent with the far end's reply, failed with the reason
//! and the next try, dead with the reason) and its attempts; the selected
//! one in full at the foot.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

use crate::app::Model;
use crate::app::model::Screen;
use crate::app::notices::state::LedgerState;
use crate::domain::desk_time;
use crate::domain::notice::DeliveryState;
use crate::domain::sla::{Urgency, format_span};
use crate::store::{DeliveryRow, NoticeDetail};
use crate::text::inert;
use crate::ui::clock_cells::{Clock, ClockCells};
use crate::ui::theme::Theme;
use crate::ui::widgets;

/// Rows at the foot for the selected delivery in full.
const DETAIL_ROWS: u16 = 7;

pub fn render(
    f: &mut Frame,
    area: Rect,
    l: &LedgerState,
    m: &Model,
    theme: &Theme,
    clocks: &mut ClockCells,
) {
    let title = match &l.loaded {
        Some(d) => format!(
            " Notice #{} · {} {} · {} ",
            l.id,
            d.notice.reference,
            d.notice.stage,
            inert(&d.notice.title)
        ),
        None => format!(" Notice #{} ", l.id),
    };
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(title, theme.title));
    let inner = block.inner(area);
    f.render_widget(block, area);
    let d = match (&l.loaded, &l.error) {
        (Some(d), _) => d,
        (None, Some(e)) => {
            f.render_widget(
                Paragraph::new(Line::styled(format!(" {}", inert(e)), theme.error)),
                inner,
            );
            return;
        }
        (None, None) => {
            f.render_widget(Paragraph::new(Line::styled(" Loading…", theme.dim)), inner);
            return;
        }
    };
    let detail = if inner.height > 12 { DETAIL_ROWS } else { 0 };
    let [head, table, foot] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(0),
        Constraint::Length(detail),
    ])
    .areas(inner);
    f.render_widget(Paragraph::new(summary(d, m, theme)), head);
    deliveries(f, table, l, d, m, theme, clocks);
    if detail > 0
        && let Some(r) = d.deliveries.get(l.selected)
    {
        if r.next_attempt_at.is_some() {
            // Below the foot's border: its first line counts down.
            let line = full_line(r, m, theme);
            let inner = Rect {
                y: foot.y + 1,
                height: foot.height.saturating_sub(1),
                ..foot
            };
            let rows = Paragraph::new(line.clone())
                .wrap(Wrap { trim: false })
                .line_count(inner.width);
            match u16::try_from(rows) {
                Ok(rows) if rows <= inner.height => {
                    let at = Rect {
                        height: rows,
                        ..inner
                    };
                    clocks.line(at, Clock::DeliveryFull, Style::new(), true, &line);
                }
                _ => clocks.give_up(),
            }
        }
        f.render_widget(
            Paragraph::new(full(r, m, theme))
                .wrap(Wrap { trim: false })
                .block(
                    Block::default()
                        .borders(Borders::TOP)
                        .border_style(theme.border),
                ),
            foot,
        );
    }
}

/// Who composed it, when, on which channels, and how it is going.
fn summary<'a>(d: &NoticeDetail, m: &Model, theme: &Theme) -> Vec<Line<'a>> {
    let n = &d.notice;
    let c = n.deliveries;
    let channels: Vec<&str> = n.channels.iter().map(|c| c.as_str()).collect();
    let mut state = vec![Span::styled(
        format!(" {}/{} sent", c.sent, c.total()),
        if c.sent == c.total() {
            theme.met
        } else {
            Style::new()
        },
    )];
    for (count, word, style) in [
        (c.queued + c.sending, "to go", Style::new()),
        (c.failed, "failed", theme.urgency(Urgency::Warning)),
        (c.dead, "dead", theme.urgency(Urgency::Breached)),
    ] {
        if count > 0 {
            state.push(Span::raw(", "));
            state.push(Span::styled(format!("{count} {word}"), style));
        }
    }
    if c.failed + c.dead > 0 {
        state.push(Span::styled("   r re-sends the failed and dead", theme.dim));
    }
    let mut first = vec![Span::styled(
        format!(
            " composed {} by {} · on {}",
            desk_time::minute(n.composed_at, m.tz),
            inert(&n.composed_by),
            channels.join(", ")
        ),
        theme.dim,
    )];
    if !n.message.is_empty() {
        first.push(Span::styled(" · message: ", theme.dim));
        first.push(Span::raw(inert(&n.message).into_owned()));
    }
    vec![Line::from(first), Line::from(state)]
}

fn state_style(s: DeliveryState, theme: &Theme) -> Style {
    match s {
        DeliveryState::Sent => theme.met,
        DeliveryState::Failed => theme.urgency(Urgency::Warning),
        DeliveryState::Dead => theme.urgency(Urgency::Breached),
        DeliveryState::Queued | DeliveryState::Sending => Style::new(),
    }
}

/// `in 2m00s` or `due now`.
fn when(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (t - now).num_seconds();
    if secs <= 0 {
        "due now".into()
    } else {
        format!("in {}", format_span(secs as u64))
    }
}

/// The one line that says what happened to it.
fn detail(r: &DeliveryRow, m: &Model) -> String {
    let next = r.next_attempt_at.map(|t| when(t, m.now));
    match r.state {
        DeliveryState::Sent => r.reply.clone().unwrap_or_else(|| "accepted".into()),
        DeliveryState::Queued => match next {
            Some(n) => format!("waiting for the dispatcher; {n}"),
            None => "waiting for the dispatcher".into(),
        },
        DeliveryState::Sending => "being handed over now".into(),
        DeliveryState::Failed => format!(
            "{}; next try {}",
            r.last_error.as_deref().unwrap_or("failed"),
            next.unwrap_or_else(|| "soon".into())
        ),
        DeliveryState::Dead => format!("{}; given up", r.last_error.as_deref().unwrap_or("failed")),
    }
}

/// The ledger shown, if its deliveries are read.
fn shown(m: &Model) -> Option<(&LedgerState, &NoticeDetail)> {
    let Screen::Ledger(l) = &m.screen else {
        return None;
    };
    Some((l, l.loaded.as_ref()?))
}

/// The detail cell of delivery `i` as the ledger shown says it now.
pub fn delivery_detail(m: &Model, i: usize) -> Option<String> {
    let (_, d) = shown(m)?;
    Some(inert(&detail(d.deliveries.get(i)?, m)).into_owned())
}

/// The first line of the selected delivery in full, as the ledger shown
/// draws it now.
pub fn full_head(m: &Model, theme: &Theme) -> Option<Line<'static>> {
    let (l, d) = shown(m)?;
    Some(full_line(d.deliveries.get(l.selected)?, m, theme))
}

fn deliveries(
    f: &mut Frame,
    area: Rect,
    l: &LedgerState,
    d: &NoticeDetail,
    m: &Model,
    theme: &Theme,
    clocks: &mut ClockCells,
) {
    let wide = area.width >= 110;
    let mut widths = vec![
        Constraint::Length(if wide { 22 } else { 16 }),
        Constraint::Length(11),
        Constraint::Length(7),
        Constraint::Length(5),
        Constraint::Fill(1),
    ];
    let mut titles = vec!["CUSTOMER", "CHANNEL", "STATE", "TRIES", "DETAIL"];
    if wide {
        widths.insert(2, Constraint::Length(30));
        titles.insert(2, "ADDRESS");
    }
    // A selection below the rows shown scrolls the table, moving every
    // row from where its detail was recorded.
    if l.selected + 1 >= usize::from(area.height) {
        clocks.give_up();
    }
    let rows: Vec<Row> = d
        .deliveries
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let channel = match r.platform {
                Some(p) => format!("{} {p}", r.channel),
                None => r.channel.to_string(),
            };
            let said = inert(&detail(r, m)).into_owned();
            let base = if i == l.selected {
                theme.selected
            } else {
                Style::new()
            };
            if let Some(at) = widgets::table_cells(&widths, area, i).and_then(|c| c.last().copied())
            {
                let shown = Span::raw(said.as_str());
                clocks.cell(at, Clock::DeliveryDetail(i), base, &shown);
            }
            let mut cells = vec![
                Cell::from(inert(&r.customer).into_owned()),
                Cell::from(channel),
                Cell::from(Span::styled(
                    r.state.to_string(),
                    state_style(r.state, theme),
                )),
                Cell::from(r.attempts.to_string()),
                Cell::from(said),
            ];
            if wide {
                cells.insert(2, Cell::from(inert(&r.address).into_owned()));
            }
            Row::new(cells).style(base)
        })
        .collect();
    let table = Table::new(rows, widths)
        .header(Row::new(titles).style(theme.label))
        .column_spacing(1)
        .highlight_symbol("▶")
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(Some(l.selected));
    f.render_stateful_widget(table, area, &mut state);
}

/// The selected delivery in full: address, every word of the reply or
/// the error, and when it goes next.
fn full<'a>(r: &DeliveryRow, m: &Model, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = vec![full_line(r, m, theme)];
    let said = match r.state {
        DeliveryState::Sent => r.reply.as_deref().map(|x| ("reply", x)),
        _ => r.last_error.as_deref().map(|x| ("error", x)),
    };
    if let Some((what, text)) = said {
        lines.push(Line::from(vec![
            Span::styled(format!(" {what}: "), theme.label),
            Span::raw(inert(text).into_owned()),
        ]));
    }
    // Every attempt is kept, resends included; the latest few fit here.
    if r.attempt_log.len() > 1 {
        let shown = r.attempt_log.len().min(ATTEMPTS_SHOWN);
        for (n, a) in r
            .attempt_log
            .iter()
            .enumerate()
            .skip(r.attempt_log.len() - shown)
        {
            lines.push(Line::from(vec![
                Span::styled(
                    format!(" #{} {} ", n + 1, desk_time::minute(a.at, m.tz)),
                    theme.dim,
                ),
                Span::styled(format!("{:<6} ", a.outcome), state_style(a.outcome, theme)),
                Span::raw(inert(&a.detail).into_owned()),
            ]));
        }
    }
    lines
}

/// The first line of a delivery in full: where it goes, how it stands,
/// when it goes next (the line that moves with time).
fn full_line<'a>(r: &DeliveryRow, m: &Model, theme: &Theme) -> Line<'a> {
    let mut head = vec![
        Span::styled(format!(" {} ", inert(&r.customer)), theme.key),
        Span::raw(format!("{} {} · ", r.channel, inert(&r.address))),
        Span::styled(r.state.to_string(), state_style(r.state, theme)),
        Span::raw(match r.attempts {
            0 => ", not tried yet".to_string(),
            1 => " after 1 attempt".to_string(),
            n => format!(" after {n} attempts"),
        }),
    ];
    if let Some(at) = r.sent_at {
        head.push(Span::raw(format!(" at {}", desk_time::minute(at, m.tz))));
    }
    if let Some(at) = r.next_attempt_at {
        head.push(Span::raw(format!(
            " · next try {} ({})",
            desk_time::minute(at, m.tz),
            when(at, m.now)
        )));
    }
    Line::from(head)
}

/// Attempts listed under the selected delivery.
const ATTEMPTS_SHOWN: usize = 3;
