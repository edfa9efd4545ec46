//! The requirement pipeline as a kanban board: one lane per state with its
//! count, how many wait too long (⚑) and a gauge of its load, then its
//! cards, longest waiting first. Lanes that do not fit the width are drawn
//! as narrow strips that keep their counts.

pub mod dialogs;
pub mod requirement;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::clock_cells::{Clock, ClockCells};
use super::theme::Theme;
use super::widgets::fit;
use crate::app::Model;
use crate::app::pipeline::state::{CARD_ROWS, LANE_HEAD_ROWS, LANES};
use crate::domain::requirement::RequirementState;
use crate::store::{Lane, PipelineCard};
use crate::text::inert;

/// A lane drawn in full needs this many columns (its separator included).
pub const MIN_LANE_WIDTH: u16 = 20;
/// A lane that does not fit is a strip this wide.
pub const STRIP_WIDTH: u16 = 6;

/// How many lanes are drawn in full at `width`; the rest are strips.
pub fn full_lanes(width: u16) -> usize {
    (1..=LANES)
        .rev()
        .find(|&k| k as u16 * MIN_LANE_WIDTH + (LANES - k) as u16 * STRIP_WIDTH <= width)
        .unwrap_or(1)
}

pub fn render(f: &mut Frame, area: Rect, m: &Model, theme: &Theme, clocks: &mut ClockCells) {
    let p = &m.pipeline;
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(title(m, theme));
    let inner = block.inner(area);
    f.render_widget(block, area);
    if !p.loaded || p.data.lanes.len() < LANES {
        let text = match &p.error {
            Some(e) => Line::styled(
                format!(
                    " Cannot read the pipeline: {}. Trying again every second.",
                    inert(e)
                ),
                theme.error,
            ),
            None => Line::styled(" Loading…", theme.dim),
        };
        f.render_widget(Paragraph::new(text), inner);
        return;
    }
    let full = full_lanes(inner.width);
    let first = p.first_lane.min(LANES - full);
    let widths = (0..LANES).map(|i| {
        if (first..first + full).contains(&i) {
            Constraint::Fill(1)
        } else {
            Constraint::Length(STRIP_WIDTH)
        }
    });
    let columns = Layout::horizontal(widths).split(inner);
    let most = p.data.lanes.iter().map(|l| l.count).max().unwrap_or(0);
    let empty = p.data.lanes.iter().all(|l| l.count == 0);
    for (i, (lane, &rect)) in p.data.lanes.iter().zip(columns.iter()).enumerate() {
        let rect = if i > 0 {
            separator(f, rect, theme);
            Rect {
                x: rect.x + 1,
                width: rect.width.saturating_sub(1),
                ..rect
            }
        } else {
            rect
        };
        if (first..first + full).contains(&i) {
            full_lane(f, rect, lane, i, most, m, theme, !empty, clocks);
        } else {
            strip(f, rect, lane, most, theme);
        }
    }
    if empty {
        let below = Rect {
            y: inner.y + LANE_HEAD_ROWS,
            height: inner.height.saturating_sub(LANE_HEAD_ROWS),
            ..inner
        };
        let text = vec![
            Line::raw(""),
            Line::styled(" No requirements yet.", theme.label),
            Line::styled(
                " Customers in their fourth consecutive month of subscription or later \
                 can submit them:",
                theme.dim,
            ),
            Line::styled(
                "   sredesk requirement add --customer NAME --title TEXT",
                theme.dim,
            ),
        ];
        f.render_widget(Clear, below);
        f.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }), below);
    }
}

/// `Requirement pipeline · 14 open · ⚑ 3 waiting too long · 6 notified`
fn title<'a>(m: &Model, theme: &Theme) -> Line<'a> {
    let lanes = &m.pipeline.data.lanes;
    let open: u64 = lanes
        .iter()
        .filter(|l| l.state.is_open())
        .map(|l| l.count)
        .sum();
    let stale: u64 = lanes.iter().map(|l| l.stale).sum();
    let done: u64 = lanes
        .iter()
        .filter(|l| !l.state.is_open())
        .map(|l| l.count)
        .sum();
    let mut spans = vec![Span::styled(" Requirement pipeline ", theme.title)];
    if m.pipeline.loaded {
        spans.push(Span::raw(format!("· {open} open · ")));
        let flagged = format!("⚑ {stale} waiting too long");
        spans.push(if stale > 0 {
            Span::styled(flagged, theme.flag)
        } else {
            Span::raw(flagged)
        });
        spans.push(Span::raw(format!(" · {done} notified ")));
    }
    Line::from(spans)
}

fn separator(f: &mut Frame, rect: Rect, theme: &Theme) {
    let lines = (0..rect.height).map(|_| Line::styled("│", theme.border));
    f.render_widget(
        Paragraph::new(lines.collect::<Vec<_>>()),
        Rect { width: 1, ..rect },
    );
}

/// `████────` : the lane's count against the fullest lane's.
fn gauge<'a>(lane: &Lane, most: u64, width: u16, theme: &Theme) -> Line<'a> {
    let width = u64::from(width);
    let filled = match lane.count {
        0 => 0,
        n => ((n * width + most / 2) / most.max(1)).clamp(1, width),
    };
    let style = if lane.stale > 0 {
        theme.flag
    } else {
        theme.label
    };
    Line::from(vec![
        Span::styled("█".repeat(filled as usize), style),
        Span::styled("─".repeat((width - filled) as usize), theme.border),
    ])
}

/// The lane's name as long as the room allows.
fn name(state: RequirementState, room: usize) -> &'static str {
    use RequirementState::*;
    let short = match state {
        ReportedToRnd => "At R&D",
        CustomerNotified => "Notified",
        s => s.label(),
    };
    if state.label().chars().count() <= room {
        state.label()
    } else {
        short
    }
}

/// A lane that did not fit: a few letters, the count, the gauge, the flags.
fn strip(f: &mut Frame, rect: Rect, lane: &Lane, most: u64, theme: &Theme) {
    use RequirementState::*;
    let abbrev = match lane.state {
        Submitted => "Sub",
        Analysing => "Anl",
        Confirmed => "Conf",
        ReportedToRnd => "R&D",
        Accepted => "Acc",
        Rejected => "Rej",
        CustomerNotified => "Ntf",
    };
    let mut gauge = gauge(lane, most, rect.width.saturating_sub(1), theme);
    gauge.spans.insert(0, Span::raw(" "));
    let mut lines = vec![
        Line::styled(format!(" {abbrev}"), theme.label),
        Line::styled(
            format!("{:>w$}", lane.count, w = rect.width as usize),
            theme.key,
        ),
        gauge,
    ];
    if lane.stale > 0 {
        lines.push(Line::styled(format!(" ⚑{}", lane.stale), theme.flag));
    }
    f.render_widget(Paragraph::new(lines), rect);
}

#[allow(clippy::too_many_arguments)]
fn full_lane(
    f: &mut Frame,
    rect: Rect,
    lane: &Lane,
    index: usize,
    most: u64,
    m: &Model,
    theme: &Theme,
    show_cards: bool,
    clocks: &mut ClockCells,
) {
    let p = &m.pipeline;
    let selected_lane = index == p.lane;
    // One column for the selection marker, the rest for text.
    let w = rect.width.saturating_sub(1) as usize;
    let count = lane.count.to_string();
    let room = w.saturating_sub(count.len() + 1);
    let label = name(lane.state, room);
    let gap = w.saturating_sub(label.chars().count() + count.len());
    let head = Line::from(vec![
        Span::raw(if selected_lane { "▸" } else { " " }),
        Span::styled(
            label,
            if selected_lane {
                theme.key
            } else {
                theme.label
            },
        ),
        Span::raw(" ".repeat(gap)),
        Span::styled(count, theme.key),
    ]);
    let flags = match (m.stale_after.days(lane.state), lane.stale) {
        (None, _) => Line::styled(" newest first", theme.dim),
        (Some(d), 0) => Line::styled(format!(" ⚑ after {d}d"), theme.dim),
        (Some(d), n) => Line::styled(fit(&format!(" ⚑ {n} over {d}d"), w + 1), theme.flag),
    };
    let mut g = gauge(lane, most, rect.width.saturating_sub(1), theme);
    g.spans.insert(0, Span::raw(" "));
    f.render_widget(Paragraph::new(vec![head, flags, g]), rect);
    if !show_cards {
        return;
    }
    let body = Rect {
        y: rect.y + LANE_HEAD_ROWS,
        height: rect.height.saturating_sub(LANE_HEAD_ROWS),
        ..rect
    };
    if body.height == 0 {
        return;
    }
    if lane.count == 0 {
        f.render_widget(Paragraph::new(Line::styled("  empty", theme.dim)), body);
        return;
    }
    // Cards fit in whole; the last row is kept for the "more" marks.
    let fits = (body.height / CARD_ROWS).max(1) as usize;
    let mut shown = 0;
    for (j, card) in lane.cards.iter().take(fits).enumerate() {
        let y = body.y + j as u16 * CARD_ROWS;
        if y + 1 >= body.bottom() {
            break;
        }
        let selected = selected_lane && lane.offset + j == p.cursor[index];
        let lines = card_lines(card, selected, rect.width as usize, m.now, theme);
        let base = if selected {
            theme.selected
        } else {
            Style::new()
        };
        // The second line says how long it has waited.
        let (Ok(lane), Ok(card)) = (u8::try_from(index), u8::try_from(j)) else {
            clocks.give_up();
            continue;
        };
        let clock = Clock::Card {
            lane,
            card,
            width: rect.width,
        };
        let meta = Rect::new(rect.x, y + 1, rect.width, 1);
        clocks.line(meta, clock, base, false, &lines[1]);
        let text = Paragraph::new(lines).style(base);
        f.render_widget(
            text,
            Rect {
                y,
                height: 2,
                ..rect
            },
        );
        shown += 1;
    }
    // The marks go below the last card's lines, never over them.
    let marks = body.bottom() - 1;
    if shown > 0 && marks <= body.y + (shown as u16 - 1) * CARD_ROWS + 1 {
        return;
    }
    let above = lane.offset;
    let below = (lane.count as usize).saturating_sub(lane.offset + shown);
    let more = match (above, below) {
        (0, 0) => return,
        (0, b) => format!(" ▼ {b} more"),
        (a, 0) => format!(" ▲ {a} above"),
        (a, b) => format!(" ▲ {a} · ▼ {b} more"),
    };
    f.render_widget(
        Paragraph::new(Line::styled(fit(&more, rect.width as usize), theme.dim)),
        Rect {
            y: marks,
            height: 1,
            ..body
        },
    );
}

/// The second line of the card at `card` in lane `lane`'s window, `width`
/// wide, as the pipeline shown draws it now.
pub fn card_meta(
    m: &Model,
    theme: &Theme,
    lane: usize,
    card: usize,
    width: u16,
) -> Option<Line<'static>> {
    if !matches!(m.screen, crate::app::model::Screen::Pipeline) {
        return None;
    }
    let p = &m.pipeline;
    let l = p.data.lanes.get(lane)?;
    let selected = lane == p.lane && l.offset + card == *p.cursor.get(lane)?;
    let lines = card_lines(l.cards.get(card)?, selected, width.into(), m.now, theme);
    lines.into_iter().nth(1)
}

/// Two lines: the title, then how long it has waited (⚑ when too long),
/// its number and the customer.
fn card_lines<'a>(
    card: &PipelineCard,
    selected: bool,
    width: usize,
    now: DateTime<Utc>,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let text = width.saturating_sub(1);
    let marker = if selected { "▶" } else { " " };
    let title = Line::from(vec![
        Span::raw(marker),
        Span::raw(fit(&inert(&card.title), text)),
    ]);
    let waited = age((now - card.state_since).num_seconds().max(0) as u64);
    let (age, style) = if card.stale {
        (format!("⚑ {waited}"), theme.flag)
    } else {
        (format!("  {waited}"), Style::new())
    };
    let rest = format!(" #{} {}", card.id, inert(&card.customer));
    let left = text.saturating_sub(age.chars().count());
    let meta = Line::from(vec![
        Span::raw(" "),
        Span::styled(age, style),
        Span::styled(fit(&rest, left), theme.dim),
    ]);
    vec![title, meta]
}

/// Time in a state, to the minute: `45m`, `3h20m`, `6d04h`.
pub fn age(secs: u64) -> String {
    let (d, h, m) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60);
    if d > 0 {
        format!("{d}d{h:02}h")
    } else if h > 0 {
        format!("{h}h{m:02}m")
    } else if m > 0 {
        format!("{m}m")
    } else {
        // "notified for 0m" read as if nothing had happened.
        "<1m".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lanes_give_way_to_strips_on_narrow_terminals() {
        assert_eq!(full_lanes(160), 7);
        assert_eq!(full_lanes(140), 7);
        assert_eq!(full_lanes(120), 5);
        assert_eq!(full_lanes(100), 4);
        assert_eq!(full_lanes(80), 2);
        assert_eq!(full_lanes(50), 1);
        assert_eq!(full_lanes(0), 1);
    }

    #[test]
    fn ages_to_the_minute() {
        assert_eq!(age(0), "<1m");
        assert_eq!(age(59), "<1m");
        assert_eq!(age(60), "1m");
        assert_eq!(age(45 * 60), "45m");
        assert_eq!(age(3 * 3600 + 20 * 60), "3h20m");
        assert_eq!(age(6 * 86_400 + 4 * 3600 + 59), "6d04h");
    }
}
