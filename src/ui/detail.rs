//! One escalation in full: its fields, the hand-off to the viewer, the
//! notes, and its audit history, in the desk's time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::clock_cells::{Clock as Drawn, ClockCells};
use super::theme::Theme;
use crate::app::Model;
use crate::app::detail::state::{Body, DetailState};
use crate::app::model::{FOOTER_ROWS, HEADER_ROWS, Screen};
use crate::domain::desk_time;
use crate::domain::escalation::Pause;
use crate::domain::follow_up;
use crate::domain::note::{Note, NoteKind, handed_to_me};
use crate::domain::sla::Urgency;
use crate::domain::sla_policy::Clock;
use crate::domain::{EscalationState, pause, sla};
use crate::store::EscalationFile;
use crate::text::{inert, inert_lines};

pub fn render(
    f: &mut Frame,
    area: Rect,
    d: &DetailState,
    m: &Model,
    theme: &Theme,
    clocks: &mut ClockCells,
) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(format!(" Escalation #{} ", d.id), theme.title));
    // A resize may have shortened the text since the model clamped.
    let scroll = d.scroll.min(max_scroll(d, m));
    let rows = usize::from(area.height.saturating_sub(1));
    let (lines, skip) = visible(d, m, theme, usize::from(scroll), rows);
    record_clocks(d, m, theme, area, usize::from(scroll), clocks);
    let view = Paragraph::new(lines)
        .wrap(WRAP)
        .block(block)
        .scroll((skip, 0));
    f.render_widget(view, area);
}

const WRAP: Wrap = Wrap { trim: false };

/// Where the head's time-moved lines are drawn (the clock's line and the
/// ones after it), for a tick to rewrite them: below the title's border,
/// less what is scrolled away. One cut by the top edge is not recorded.
fn record_clocks(
    d: &DetailState,
    m: &Model,
    theme: &Theme,
    area: Rect,
    scroll: usize,
    clocks: &mut ClockCells,
) {
    let Some(file) = d.loaded.as_ref().filter(|_| d.error.is_none()) else {
        return;
    };
    let (head, moving) = head_lines(file, m, theme);
    let Ok(of) = u8::try_from(head.len()) else {
        return clocks.give_up();
    };
    let rows = usize::from(area.height.saturating_sub(1));
    let mut at = 0;
    for (i, line) in head.iter().enumerate() {
        let n = rows_of(line, area.width);
        let (top, height) = (at, n);
        at += n;
        if i < moving {
            continue;
        }
        let clock = Drawn::DetailHead { line: i as u8, of };
        let Ok(height) = u16::try_from(height) else {
            return clocks.give_up();
        };
        if top + n <= scroll || top >= scroll + rows {
            clocks.hidden_line(area.width, height, clock, line);
        } else if top >= scroll && top + n <= scroll + rows {
            let y = area.y + 1 + (top - scroll) as u16;
            let rect = Rect::new(area.x, y, area.width, height);
            clocks.line(rect, clock, ratatui::style::Style::new(), true, line);
        } else {
            clocks.give_up();
        }
    }
}

/// The head's line `line` as the detail shown draws it now, while the
/// head still has `of` lines.
pub fn head_line(m: &Model, theme: &Theme, line: usize, of: usize) -> Option<Line<'static>> {
    let Screen::Detail(d) = &m.screen else {
        return None;
    };
    let file = d.loaded.as_ref().filter(|_| d.error.is_none())?;
    let (head, _) = head_lines(file, m, theme);
    (head.len() == of).then(|| head.into_iter().nth(line))?
}

/// Rows `line` takes at `width`.
fn rows_of(line: &Line<'_>, width: u16) -> usize {
    Paragraph::new(line.clone()).wrap(WRAP).line_count(width)
}

/// The lines that fill `rows` rows from row `scroll` on, and how many rows
/// of the first to skip: only what shows is handed to the renderer.
fn visible<'a>(
    d: &'a DetailState,
    m: &Model,
    theme: &Theme,
    scroll: usize,
    rows: usize,
) -> (Vec<Line<'a>>, u16) {
    let file = match (&d.loaded, &d.error) {
        (_, Some(e)) => return (vec![Line::styled(format!(" {}", inert(e)), theme.error)], 0),
        (None, None) => return (vec![Line::styled(" Loading…", theme.dim)], 0),
        (Some(file), None) => file,
    };
    let (head, _) = head_lines(file, m, theme);
    let head_rows: Vec<usize> = head.iter().map(|l| rows_of(l, m.width)).collect();
    let body = body(d, file, m, theme);
    let body_lines = body.lines.iter().cloned().zip(body.rows.iter().copied());
    let mut out = Vec::new();
    let (mut at, mut skip) = (0, 0);
    for (line, n) in head.into_iter().zip(head_rows).chain(body_lines) {
        if at + n <= scroll {
            at += n;
            continue;
        }
        if out.is_empty() {
            skip = scroll - at;
        }
        at += n;
        out.push(line);
        if at >= scroll + rows {
            break;
        }
    }
    (out, u16::try_from(skip).unwrap_or(u16::MAX))
}

/// How far the detail can scroll before its last line leaves the bottom:
/// the lines as wrapped at the terminal's width, less the rows they get.
pub fn max_scroll(d: &DetailState, m: &Model) -> u16 {
    let rows = m.height.saturating_sub(HEADER_ROWS + FOOTER_ROWS + 1);
    let lines = match (&d.loaded, &d.error) {
        (Some(file), None) => {
            // Colours do not change how text wraps: a body laid out for
            // the screen serves.
            let color = d.body.borrow().as_ref().is_some_and(|b| b.key.3);
            let theme = Theme::new(color);
            let head: usize = head_lines(file, m, &theme)
                .0
                .iter()
                .map(|l| rows_of(l, m.width))
                .sum();
            head + body(d, file, m, &theme).rows.iter().sum::<usize>()
        }
        _ => 1,
    };
    u16::try_from(lines)
        .unwrap_or(u16::MAX)
        .saturating_sub(rows)
}

/// The body as laid out for this width, zone and theme: built and wrapped
/// again only when one of them, or the escalation, changed.
fn body<'d>(
    d: &'d DetailState,
    file: &EscalationFile,
    m: &Model,
    theme: &Theme,
) -> std::cell::Ref<'d, Body> {
    let key = (d.generation, m.width, m.tz, theme.color);
    let fresh = d.body.borrow().as_ref().is_some_and(|b| b.key == key);
    if !fresh {
        let lines = body_lines(file, m, theme);
        let rows = lines.iter().map(|l| rows_of(l, m.width)).collect();
        *d.body.borrow_mut() = Some(Body { key, lines, rows });
    }
    std::cell::Ref::map(d.body.borrow(), |b| {
        b.as_ref().expect("the body was laid out just above")
    })
}

/// Since when (in the desk's zone) and why it waits on the customer,
/// flagged once it has waited longer than the desk allows.
fn pause_lines<'a>(p: &Pause, m: &Model, theme: &Theme) -> Vec<Line<'a>> {
    let (waiting, flag) = pause::waiting_words(p, m.now, m.pause_flag_after);
    let mut since = vec![Span::raw(format!(
        "since {}, {waiting}",
        desk_time::zoned(p.since, m.tz)
    ))];
    if let Some(flag) = flag {
        since.push(Span::styled(
            format!("  {flag}"),
            theme.urgency(Urgency::Warning),
        ));
    }
    let mut out = vec![field("paused", since, theme)];
    let mut rest = inert_lines(&p.reason).into_iter();
    out.push(field(
        "waiting for",
        vec![Span::raw(rest.next().unwrap_or_default())],
        theme,
    ));
    out.extend(rest.map(|line| Line::raw(format!("{:13}{line}", ""))));
    out
}

fn field<'a>(name: &'a str, value: Vec<Span<'a>>, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(format!(" {name:<12}"), theme.label)];
    spans.extend(value);
    Line::from(spans)
}

/// What changes with the clock (the countdown, the pause), and the fields
/// above it: built on every draw, and short. With the lines, the index of
/// the clock's: it and the lines after it move with time.
fn head_lines<'a>(file: &EscalationFile, m: &Model, theme: &Theme) -> (Vec<Line<'a>>, usize) {
    let e = &file.escalation;
    let plain = |s: String| vec![Span::raw(s)];
    let clock = match e.countdown(m.now) {
        // Stopped where the pause found it: never overdue while it waits.
        Some(c) if e.pause.is_some() => Span::styled(
            format!(
                "{} stopped with {} left to respond",
                pause::PAUSED,
                sla::format_left(c.left)
            ),
            theme.dim,
        ),
        Some(c) => Span::styled(
            format!(
                "{} {} {}",
                c.urgency.symbol(),
                sla::format_left(c.left),
                if c.left.num_seconds() < 0 {
                    "overdue"
                } else {
                    "left to respond"
                }
            ),
            theme.urgency(c.urgency),
        ),
        None => match (e.response_time(), e.response_met) {
            (Some(t), Some(met)) => Span::styled(
                format!(
                    "{} responded in {} ({} SLA)",
                    if met { "✓" } else { "✗" },
                    sla::format_span(t.num_seconds().max(0) as u64),
                    if met { "within" } else { "outside" }
                ),
                if met { theme.met } else { theme.late },
            ),
            _ => Span::raw("-"),
        },
    };
    let mut out = vec![
        Line::styled(format!(" {}", inert(&e.title)), theme.title),
        Line::raw(""),
    ];
    out.extend(handed_to_viewer(file, m, theme));
    out.extend([
        field("customer", plain(inert(&e.customer).into_owned()), theme),
        field("ticket", plain(inert(&e.ticket_no).into_owned()), theme),
        field("kind", plain(e.kind.label().to_string()), theme),
        field(
            "severity",
            plain(format!("{} — {}", e.severity, e.severity.meaning())),
            theme,
        ),
        field("state", plain(e.state.as_str().replace('_', " ")), theme),
    ]);
    if let Some(r) = e.out_of_scope_reason {
        out.push(field("reason", plain(r.label().to_string()), theme));
    }
    out.extend([
        field(
            "assignee",
            plain(inert(e.assignee.as_deref().unwrap_or("-")).into_owned()),
            theme,
        ),
        field(
            "reported",
            plain(desk_time::zoned(e.reported_at, m.tz)),
            theme,
        ),
        field(
            "respond by",
            plain(desk_time::zoned(e.deadline, m.tz)),
            theme,
        ),
        field("clock", vec![clock], theme),
    ]);
    let moving = out.len() - 1;
    let follow_up = follow_up::lines(e, m.now, m.tz, &m.sla);
    // Said where it is not the seed's 24x7, or where other clocks follow.
    if m.sla.of(e.severity).clock != Clock::AllHours || !follow_up.is_empty() {
        let words = m.sla.clock_words(e.severity, m.tz.name());
        out.push(field("counts", plain(words), theme));
    }
    for (name, words, urgency) in follow_up {
        let style = urgency.map_or(theme.dim, |u| theme.urgency(u));
        out.push(field(name, vec![Span::styled(words, style)], theme));
    }
    if let Some(p) = &e.pause {
        out.extend(pause_lines(p, m, theme));
    }
    (out, moving)
}

/// What only a new load, a resize or another zone changes: the
/// resolution, the description, the last update, the notes, the history.
fn body_lines(file: &EscalationFile, m: &Model, theme: &Theme) -> Vec<Line<'static>> {
    let e = &file.escalation;
    let plain = |s: String| vec![Span::raw(s)];
    let mut out = Vec::new();
    if let Some(n) = &e.resolution {
        // A withdrawal keeps its reason where a resolution would be.
        let name = if e.state == EscalationState::Withdrawn {
            "why withdrawn"
        } else {
            "resolution"
        };
        let mut rest = inert_lines(n).into_iter();
        out.push(field(name, plain(rest.next().unwrap_or_default()), theme));
        for line in rest {
            out.push(Line::raw(format!("{:13}{line}", "")));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled(" Description", theme.label));
    if e.description.trim().is_empty() {
        out.push(Line::styled("   (none)", theme.dim));
    }
    for line in inert_lines(&e.description) {
        out.push(Line::raw(format!("   {line}")));
    }
    out.extend(last_update(file, m, theme));
    out.extend(notes(&file.notes, m, theme));
    out.push(Line::raw(""));
    out.push(Line::styled(
        format!(" History ({} time)", m.tz),
        theme.label,
    ));
    for h in &file.history {
        // A note's lines are in full above; here its first line says it.
        let mut text = inert_lines(&h.detail).into_iter();
        let first = text.next().unwrap_or_default();
        let more = if text.next().is_some() { " …" } else { "" };
        out.push(Line::from(vec![
            Span::styled(format!("   {}  ", desk_time::minute(h.at, m.tz)), theme.dim),
            Span::styled(format!("{:<10} ", inert(&h.engineer)), theme.key),
            Span::raw(format!("{first}{more}")),
        ]));
    }
    out
}

/// "Handed to you by alice: …", for the engineer it was handed to while
/// it is still theirs.
fn handed_to_viewer<'a>(file: &EscalationFile, m: &Model, theme: &Theme) -> Vec<Line<'a>> {
    let e = &file.escalation;
    let Some(n) = handed_to_me(&file.notes, &m.engineer) else {
        return Vec::new();
    };
    if e.assignee.as_deref() != Some(m.engineer.as_str()) {
        return Vec::new();
    }
    let mut out = vec![Line::from(vec![
        Span::styled(
            format!(
                " ▶ handed to you by {} at {}",
                inert(&n.engineer),
                desk_time::zoned(n.at, m.tz)
            ),
            theme.key,
        ),
        Span::raw(if n.text.is_empty() { "" } else { ":" }),
    ])];
    for line in inert_lines(&n.text) {
        out.push(Line::styled(format!("   {line}"), theme.key));
    }
    out.push(Line::raw(""));
    out
}

/// The notes and hand-offs, oldest first, each with who and when.
fn notes<'a>(notes: &[Note], m: &Model, theme: &Theme) -> Vec<Line<'a>> {
    if notes.is_empty() {
        return Vec::new();
    }
    let mut out = vec![
        Line::raw(""),
        Line::styled(format!(" Notes ({} time)", m.tz), theme.label),
    ];
    for n in notes {
        let what = match (n.kind, &n.handed_to) {
            (NoteKind::Handoff, Some(to)) => format!("handed off to {}", inert(to)),
            _ if n.for_customer => "for the customer's Ticket List".to_string(),
            _ => "for the desk".to_string(),
        };
        out.push(Line::from(vec![
            Span::styled(format!("   {}  ", desk_time::minute(n.at, m.tz)), theme.dim),
            Span::styled(format!("{:<10} ", inert(&n.engineer)), theme.key),
            Span::styled(what, if n.for_customer { theme.met } else { theme.dim }),
        ]));
        for line in inert_lines(&n.text) {
            out.push(Line::raw(format!("      {line}")));
        }
    }
    out
}

/// The latest update the customer was sent, and how its deliveries stand:
/// a dead one is the engineer's to act on.
fn last_update<'a>(file: &EscalationFile, m: &Model, theme: &Theme) -> Vec<Line<'a>> {
    let Some(u) = &file.last_update else {
        return Vec::new();
    };
    let d = &u.deliveries;
    let style = if d.dead > 0 || d.failed > 0 {
        theme.error
    } else if d.sent == d.total() {
        theme.met
    } else {
        theme.dim
    };
    let channels: Vec<&str> = u.channels.iter().map(|c| c.as_str()).collect();
    let mut out = vec![
        Line::raw(""),
        Line::from(vec![
            Span::styled(" Last customer update ", theme.label),
            Span::styled(
                format!(
                    "notice #{} at {} by {} ({}): ",
                    u.id,
                    desk_time::zoned(u.composed_at, m.tz),
                    inert(&u.composed_by),
                    channels.join(", ")
                ),
                theme.dim,
            ),
            Span::styled(d.describe(), style),
        ]),
    ];
    for line in inert_lines(&u.message) {
        out.push(Line::raw(format!("      {line}")));
    }
    out
}
