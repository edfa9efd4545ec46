//! The two header lines: who and when, then the board's counts.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::board::state::BoardFocus;
use crate::app::{Model, Screen};
use crate::domain::Severity;
use crate::domain::sla::Urgency;

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

pub fn render(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let [first, second] =
        Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(area);
    // Which list has the keyboard (on a narrow terminal: which is shown).
    let (board, quotas, pipeline) = match (&m.screen, m.focus) {
        (Screen::Pipeline | Screen::Requirement(_), _) => (theme.dim, theme.dim, theme.key),
        (Screen::Notices | Screen::Ledger(_) | Screen::Composer(_), _) => {
            (theme.dim, theme.dim, theme.dim)
        }
        (_, BoardFocus::Board) => (theme.key, theme.dim, theme.dim),
        (_, BoardFocus::Quotas) => (theme.dim, theme.key, theme.dim),
    };
    let mut left = Line::from(vec![Span::styled(" sredesk ", theme.title)]);
    if m.read_only {
        left.spans.push(Span::styled("READ-ONLY", theme.flag));
        left.spans.push(Span::raw(" "));
    }
    left.spans.push(Span::styled("escalations", board));
    // The board's filter beside its tab: what the list is narrowed to, in
    // what the quotas tab, who you are and the clock leave (never over
    // them; at worst a marked "(…)").
    if let Some(filter) = &m.filter.applied {
        let taken = left.width()
            + " │ quotas".chars().count()
            + inert(&m.engineer).chars().count()
            + crate::app::board::clocks::header_clock(m).chars().count()
            + 8;
        let room = (first.width as usize)
            .saturating_sub(taken + 3)
            .min(first.width as usize / 3)
            .max(1);
        let text = crate::ui::widgets::fit(&inert(&filter.to_string()), room);
        left.spans
            .push(Span::styled(format!(" ({text})"), theme.flag));
    }
    left.spans.extend([
        Span::styled(" │ ", theme.dim),
        Span::styled("quotas", quotas),
    ]);
    // The desk's time, as every other time a person reads (its zone named).
    let clock = crate::app::board::clocks::header_clock(m);
    let engineer = inert(&m.engineer);
    let store = inert(&m.store_label);
    // The clock and who you are stay; the store's path gives way, keeping
    // its end (the file name). Before the file name goes, the pipeline's
    // name gives way when it is not the screen shown.
    let file = store.rsplit('/').next().unwrap_or_default().chars().count() + 2;
    let fixed = |left: &Line| left.width() + engineer.chars().count() + clock.chars().count() + 8;
    let tab = " │ pipeline".chars().count();
    let on_pipeline = matches!(m.screen, Screen::Pipeline | Screen::Requirement(_));
    let on_notices = matches!(
        m.screen,
        Screen::Notices | Screen::Ledger(_) | Screen::Composer(_)
    );
    if on_pipeline || fixed(&left) + tab + file.min(store.chars().count()) <= first.width as usize {
        left.spans.push(Span::styled(" │ ", theme.dim));
        left.spans.push(Span::styled("pipeline", pipeline));
    }
    // The notices tab is named only while it is the screen shown, and
    // only where it fits: the screen's own title says it too.
    if on_notices && fixed(&left) + " │ notices".chars().count() <= first.width as usize {
        left.spans.push(Span::styled(" │ ", theme.dim));
        left.spans.push(Span::styled("notices", theme.key));
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
    f.render_widget(
        Paragraph::new(Line::styled(right, theme.dim).right_aligned()),
        first,
    );
    let counts = counts(m, theme);
    let second = super::trends::fortnight(f, second, counts.width(), m, theme);
    f.render_widget(Paragraph::new(counts), second);
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
    spans.push(if c.breached > 0 {
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
    spans.push(if c.due_within_hour > 0 {
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
        if c.paused_flagged > 0 {
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
