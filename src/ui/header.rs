//! The two header lines: who and when, then the board's counts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::clock_cells::{Clock, ClockCells};
use super::theme::Theme;
use crate::app::board::state::BoardFocus;
use crate::app::{Model, Screen};
use crate::domain::Severity;
use crate::domain::sla::Urgency;
use unicode_width::UnicodeWidthStr;

/// The header's tabs: the board, its quota pane, the pipeline, notices.
const TABS: [&str; 4] = ["escalations", "quotas", "pipeline", "notices"];
const SHORT_TABS: [&str; 2] = ["board", "quotas"];
/// The screen shown, where no tabs fit.
const ALONE: [&str; 4] = ["board", "quotas", "pipeline", "notices"];

/// An age as the header shows it: `45s`, `2m`, `1h05m`, `3d04h`.
pub(super) fn format_span(age: chrono::Duration) -> String {
    let secs = age.num_seconds().max(0).unsigned_abs();
    match secs {
        0..60 => format!("{secs}s"),
        60..3600 => format!("{}m", secs / 60),
        _ => crate::domain::sla::format_span(secs),
    }
}
use crate::text::inert;

pub fn render(f: &mut Frame, area: Rect, m: &Model, theme: &Theme, clocks: &mut ClockCells) {
    let [first, second] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    // The screen shown (on a narrow terminal: which list has the keyboard).
    let active = match (&m.screen, m.focus) {
        (Screen::Pipeline | Screen::Requirement(_), _) => 2,
        (Screen::Notices | Screen::Ledger(_) | Screen::Composer(_), _) => 3,
        (_, BoardFocus::Quotas) => 1,
        (_, BoardFocus::Board) => 0,
    };
    let mut left = Line::from(vec![Span::styled(" sredesk ", theme.title)]);
    if m.read_only {
        left.spans.push(Span::styled("READ-ONLY", theme.flag));
        left.spans.push(Span::raw(" "));
    }
    // The desk's time, as every other time a person reads (its zone named).
    let clock = crate::app::board::clocks::header_clock(m);
    let engineer = inert(&m.engineer);
    let store = inert(&m.store_label);
    let fixed = |left: &Line| left.width() + engineer.chars().count() + clock.chars().count() + 8;
    // The tabs are the same on every screen, chosen by the width alone
    // (with a filter, at least its marked "(…)"): all four with the
    // store's file name; else the board's two, whose screens the others'
    // titles name; on the narrowest, only the screen shown. The store's
    // path gives way to them, keeping its end (the file name).
    let file = store.rsplit('/').next().unwrap_or_default().chars().count() + 2;
    let file = file.min(store.chars().count());
    let tabs_width = |names: &[&str]| names.iter().map(|n| n.len() + 3).sum::<usize>() - 3;
    let width = first.width as usize;
    // The board's filter and its order, when either is not the default.
    let sort = Some(m.board.sort)
        .filter(|s| !s.is_default())
        .map(|s| format!("by {s}"));
    let filter = m
        .filter
        .applied
        .as_ref()
        .map(|f| inert(&f.to_string()).into_owned());
    let narrowed: Vec<String> = filter.into_iter().chain(sort).collect();
    let narrowed = (!narrowed.is_empty()).then(|| narrowed.join(" · "));
    let base = fixed(&left) + if narrowed.is_some() { 4 } else { 0 };
    let names: Vec<&str> = [&TABS[..], &TABS[..2], &SHORT_TABS[..2]]
        .into_iter()
        .find(|names| base + tabs_width(names) + file <= width)
        .map_or_else(|| vec![ALONE[active]], <[&str]>::to_vec);
    let alone = names.len() == 1;
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            left.spans.push(Span::styled(" │ ", theme.dim));
        }
        let on = alone || i == active;
        // Alone, the name gives way before who you are and the clock.
        let shown = match alone {
            true => crate::ui::widgets::fit(name, width.saturating_sub(fixed(&left) - 3)),
            false => name.to_string(),
        };
        left.spans
            .push(Span::styled(shown, if on { theme.key } else { theme.dim }));
        // The board's filter and order beside its tab: what the list is
        // narrowed to and how it is sorted, in what the other tabs, who
        // you are and the clock leave (never over them; at worst "(…)").
        if let (0, false, Some(narrowed)) = (i, alone, &narrowed) {
            let rest = tabs_width(&names) - name.len();
            let room = width
                .saturating_sub(fixed(&left) + rest + 3)
                .min(width / 3)
                .max(1);
            let text = crate::ui::widgets::fit(narrowed, room);
            left.spans
                .push(Span::styled(format!(" ({text})"), theme.flag));
        }
    }
    let room = (first.width as usize).saturating_sub(fixed(&left));
    let store: String = match store.chars().count() {
        n if n <= room => store.into_owned(),
        _ if room < 2 => String::new(),
        n => format!("…{}", store.chars().skip(n - room + 1).collect::<String>()),
    };
    let right = if store.is_empty() {
        format!("{engineer} · {clock} ")
    } else {
        format!("{engineer} · {store} · {clock} ")
    };
    f.render_widget(Paragraph::new(left), first);
    // The clock ends the line, before its last space.
    let (right_width, clock_width) = (right.width() as u16, clock.width() as u16);
    let shown = Span::styled(clock.as_str(), theme.dim);
    if right_width <= first.width {
        let x = first.right() - 1 - clock_width;
        let at = Rect::new(x, first.y, clock_width, 1);
        clocks.fixed(at, Clock::Header, &shown);
    } else {
        clocks.whole(Clock::Header, &shown);
    }
    f.render_widget(
        Paragraph::new(Line::styled(right, theme.dim).right_aligned()),
        first,
    );
    let counts = counts(m, theme);
    let second = super::trends::fortnight(f, second, counts.width(), m, theme);
    f.render_widget(Paragraph::new(cut_whole(counts, second.width)), second);
}

/// The counts cut to `width` a whole count at a time, ending with "…"
/// where any was left out: never "‖ 7 paus".
fn cut_whole(mut line: Line<'_>, width: u16) -> Line<'_> {
    let width = usize::from(width);
    // Spaces after the last count may go.
    let trailing = line
        .spans
        .last()
        .map_or(0, |s| s.content.len() - s.content.trim_end().len());
    if line.width() - trailing <= width {
        return line;
    }
    // Separators, and a severity's label, go with the count beside them.
    let separator = |s: &Span| matches!(s.content.trim(), "·" | "│" | "");
    let label = |s: &Span| {
        let t = s.content.trim();
        t.len() == 2 && t.starts_with('S')
    };
    while line.width() + 2 > width && !line.spans.is_empty() {
        line.spans.pop();
        while line.spans.last().is_some_and(|s| separator(s) || label(s)) {
            line.spans.pop();
        }
    }
    let spaced = line.spans.last().is_none_or(|s| s.content.ends_with(' '));
    line.spans.push(Span::raw(if spaced { "…" } else { " …" }));
    line
}

fn counts<'a>(m: &Model, theme: &Theme) -> Line<'a> {
    let b = &m.board;
    let alarm = theme.urgency(Urgency::Breached);
    // A failed read never shows as zeros: no counts at all before the
    // first good read, and the last good ones marked with their age after.
    let mut spans = match (&b.error, b.stale_for(m.now)) {
        (Some(_), None) => {
            return Line::from(Span::styled(
                " ✖ counts unknown: the board cannot be read ",
                alarm,
            ));
        }
        (_, Some(age)) => vec![
            Span::raw(" "),
            Span::styled(format!(" stale {} ", format_span(age)), alarm),
        ],
        (None, None) => Vec::new(),
    };
    let c = &b.page.counts;
    spans.extend([
        Span::raw(format!(" {} open", c.open)),
        Span::styled(" · ", theme.dim),
    ]);
    let breached = format!("{} {} breached", Urgency::Breached.symbol(), c.breached);
    spans.push(if !c.breached.is_zero() {
        Span::styled(breached, theme.urgency(Urgency::Breached))
    } else {
        Span::raw(breached)
    });
    spans.push(Span::styled(" · ", theme.dim));
    let due = format!(
        "{} {} due within 1h",
        Urgency::Urgent.symbol(),
        c.due_within_hour
    );
    spans.push(if !c.due_within_hour.is_zero() {
        Span::styled(due, theme.urgency(Urgency::Warning))
    } else {
        Span::raw(due)
    });
    spans.push(Span::styled(" · ", theme.dim));
    spans.push(Span::raw(format!("{} awaiting response", c.awaiting)));
    // Only when there are some: a desk that never pauses reads as before.
    if c.paused > 0 {
        spans.push(Span::styled(" · ", theme.dim));
        spans.push(Span::raw(format!(
            "{} {} paused",
            crate::domain::pause::PAUSED,
            c.paused
        )));
        if !c.paused_flagged.is_zero() {
            spans.push(Span::styled(
                format!(
                    " ({} {} too long)",
                    crate::domain::pause::FLAGGED,
                    c.paused_flagged
                ),
                theme.urgency(Urgency::Warning),
            ));
        }
    }
    spans.push(Span::styled("  │ ", theme.dim));
    for (sev, n) in Severity::ALL.iter().zip(c.per_severity) {
        spans.push(Span::styled(format!("{sev} "), theme.label));
        spans.push(Span::raw(format!("{n}  ")));
    }
    Line::from(spans)
}
