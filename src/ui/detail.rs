//! One escalation in full: its fields, the hand-off to the viewer, the
//! notes, and its audit history, in the desk's time.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::Model;
use crate::app::detail::state::DetailState;
use crate::app::model::{FOOTER_ROWS, HEADER_ROWS};
use crate::domain::desk_time;
use crate::domain::escalation::Pause;
use crate::domain::follow_up;
use crate::domain::note::{Note, NoteKind, handed_to_me};
use crate::domain::sla::Urgency;
use crate::domain::sla_policy::Clock;
use crate::domain::{EscalationState, pause, sla};
use crate::store::EscalationFile;
use crate::text::{inert, inert_lines};

pub fn render(f: &mut Frame, area: Rect, d: &DetailState, m: &Model, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(format!(" Escalation #{} ", d.id), theme.title));
    // A resize may have shortened the text since the model clamped.
    let scroll = d.scroll.min(max_scroll(d, m));
    f.render_widget(content(d, m, theme).block(block).scroll((scroll, 0)), area);
}

fn content<'a>(d: &'a DetailState, m: &Model, theme: &Theme) -> Paragraph<'a> {
    let lines = match (&d.loaded, &d.error) {
        (_, Some(e)) => vec![Line::styled(format!(" {}", inert(e)), theme.error)],
        (Some(file), None) => lines(file, m, theme),
        (None, None) => vec![Line::styled(" Loading…", theme.dim)],
    };
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// How far the detail can scroll before its last line leaves the bottom:
/// the lines as wrapped at the terminal's width, less the rows they get.
pub fn max_scroll(d: &DetailState, m: &Model) -> u16 {
    let rows = m.height.saturating_sub(HEADER_ROWS + FOOTER_ROWS + 1);
    let lines = content(d, m, &Theme::new(false)).line_count(m.width);
    (lines as u16).saturating_sub(rows)
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

fn lines<'a>(file: &'a EscalationFile, m: &Model, theme: &Theme) -> Vec<Line<'a>> {
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
