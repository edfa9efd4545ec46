//! What floats over the screen: help, confirmations, pickers and the
//! pipeline's forms.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::Theme;
use super::pipeline::fit;
use crate::app::dialog::PlanForm;
use crate::app::field::Field;
use crate::app::keymap::{self, COMPOSER, NOTICES, PIPELINE};
use crate::app::pipeline::state::ReqTarget;
use crate::app::{Model, Overlay};
use crate::domain::requirement::RequirementState;
use crate::domain::sla::Urgency;
use crate::domain::{OutOfScopeReason, Severity, sla};
use crate::text::inert;

pub fn render(f: &mut Frame, area: Rect, o: &Overlay, m: &Model, theme: &Theme) {
    match o {
        Overlay::Help { scroll } => help(f, area, *scroll, m, theme),
        Overlay::ConfirmStep(c) => {
            let lines = vec![
                Line::raw(format!(" {}", c.question)),
                Line::styled(format!(" {}", inert(&c.target.title)), theme.dim),
                Line::raw(""),
                Line::from(vec![
                    Span::styled(" y", theme.key),
                    Span::raw(" yes   "),
                    Span::styled("n Esc", theme.key),
                    Span::raw(" no"),
                ]),
            ];
            popup(f, area, " Advance ", lines, 64, theme);
        }
        Overlay::Reject { target, reason } => reject_form(f, area, target, reason, theme),
        Overlay::Plan(form) => plan_form(f, area, form, theme),
        Overlay::Confirm(c) => {
            let lines = vec![
                Line::raw(format!(" {}", inert(&c.question))),
                Line::styled(format!(" {}", inert(&c.target.title)), theme.dim),
                Line::raw(""),
                Line::from(vec![
                    Span::styled(" y", theme.key),
                    Span::raw(" yes   "),
                    Span::styled("n Esc", theme.key),
                    Span::raw(" no"),
                ]),
            ];
            popup(f, area, " Confirm ", lines, 60, theme);
        }
        Overlay::PickSeverity { target, cursor } => {
            let mut lines = vec![Line::raw(format!(
                " Re-grade #{} (now {}); the deadline is recomputed:",
                target.id, target.severity
            ))];
            for (i, s) in Severity::ALL.iter().enumerate() {
                lines.push(choice(
                    i,
                    *cursor,
                    format!(
                        "{s}  {:<36} respond within {}",
                        s.meaning(),
                        sla::format_span(s.response_target().num_seconds() as u64)
                    ),
                    theme,
                ));
            }
            lines.push(hint_line(Severity::ALL.len(), theme));
            popup(f, area, " Severity ", lines, 76, theme);
        }
        Overlay::ConfirmAdvance { .. }
        | Overlay::ConfirmSend { .. }
        | Overlay::ConfirmDiscard
        | Overlay::ConfirmResend { .. }
        | Overlay::PickDraft(_)
        | Overlay::AddCustomer { .. } => super::notice_overlay::render(f, area, o, theme),
        Overlay::PickReason { target, cursor } => {
            let mut lines = vec![Line::raw(format!(
                " Close #{} {} as out of scope because:",
                target.id,
                inert(&target.ticket_no)
            ))];
            for (i, r) in OutOfScopeReason::ALL.iter().enumerate() {
                lines.push(choice(i, *cursor, r.label().to_string(), theme));
            }
            lines.push(hint_line(OutOfScopeReason::ALL.len(), theme));
            popup(f, area, " Out of scope ", lines, 64, theme);
        }
    }
}

pub(super) fn choice<'a>(i: usize, cursor: usize, text: String, theme: &Theme) -> Line<'a> {
    let marker = if i == cursor { "▶" } else { " " };
    let line = Line::from(vec![
        Span::raw(format!(" {marker} ")),
        Span::styled(format!("{} ", i + 1), theme.key),
        Span::raw(text),
    ]);
    if i == cursor {
        line.style(theme.selected)
    } else {
        line
    }
}

pub(super) fn hint_line<'a>(choices: usize, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!(" 1-{choices}"), theme.key),
        Span::raw(" or "),
        Span::styled("j/k Enter", theme.key),
        Span::raw(" choose   "),
        Span::styled("Esc", theme.key),
        Span::raw(" cancel"),
    ])
}

/// Clears a centred box of `width` for `lines` lines and draws its frame;
/// returns the box and the framing block for the content.
fn frame<'a>(
    f: &mut Frame,
    area: Rect,
    title: &str,
    lines: usize,
    width: u16,
    theme: &Theme,
) -> (Rect, Block<'a>) {
    let height = (lines as u16 + 2).min(area.height);
    let [row] = Layout::vertical([Constraint::Length(height)])
        .flex(Flex::Center)
        .areas(area);
    let [rect] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(row);
    f.render_widget(Clear, rect);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(title.to_string(), theme.title));
    (rect, block)
}

pub(super) fn popup(
    f: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    width: u16,
    theme: &Theme,
) {
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Long questions wrap: size the box to the wrapped text.
    let inner_width = width.min(area.width).saturating_sub(2);
    let (rect, block) = frame(f, area, title, text.line_count(inner_width), width, theme);
    f.render_widget(text.block(block), rect);
}

/// A form's text field: a marker when it has the keyboard, the label, the
/// text scrolled to keep the cursor in view, and what is wrong with it on
/// the line below. Returns the lines and, when focused, the cursor's
/// column inside the box.
pub(super) fn field_lines<'a>(
    label: &str,
    field: &Field,
    hint: &str,
    focused: bool,
    width: u16,
    theme: &Theme,
) -> (Vec<Line<'a>>, Option<u16>) {
    let prefix = format!(" {} {label:<7}", if focused { "▶" } else { " " });
    let room = (width as usize).saturating_sub(prefix.chars().count() + 1);
    let scroll = field.input.visual_scroll(room);
    let shown: String = inert(field.value()).chars().skip(scroll).collect();
    let mut text = vec![
        Span::styled(
            prefix.clone(),
            if focused { theme.key } else { theme.label },
        ),
        Span::raw(fit(&shown, room)),
    ];
    if field.value().is_empty() && !hint.is_empty() {
        text.push(Span::styled(hint.to_string(), theme.dim));
    }
    let mut lines = vec![Line::from(text)];
    if let Some(e) = &field.error {
        let indent = 10;
        for part in wrap_words(&inert(e), (width as usize).saturating_sub(indent)) {
            lines.push(Line::styled(format!("{:indent$}{part}", ""), theme.error));
        }
    }
    let cursor = focused.then(|| {
        (prefix.chars().count() + field.input.visual_cursor().saturating_sub(scroll)) as u16
    });
    (lines, cursor)
}

/// `text` in lines of at most `width` columns, broken between words (a
/// word longer than a line is cut).
pub(super) fn wrap_words(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("never empty");
        let used = line.chars().count();
        if used > 0 && used + 1 + word.chars().count() > width {
            lines.push(fit(word, width));
        } else {
            if used > 0 {
                line.push(' ');
            }
            line.push_str(word);
            if line.chars().count() > width {
                *line = fit(line, width);
            }
        }
    }
    lines
}

/// Draws a form of `lines` with the cursor at (column, line) inside it.
pub(super) fn form(
    f: &mut Frame,
    area: Rect,
    title: &str,
    lines: Vec<Line>,
    cursor: Option<(u16, u16)>,
    theme: &Theme,
) {
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    let inner_width = FORM_WIDTH.min(area.width).saturating_sub(2);
    let height = text.line_count(inner_width);
    let (rect, block) = frame(f, area, title, height, FORM_WIDTH, theme);
    let inner = block.inner(rect);
    f.render_widget(text.block(block), rect);
    if let Some((x, y)) = cursor
        && y < inner.height
    {
        let x = (inner.x + x).min(inner.right().saturating_sub(1));
        f.set_cursor_position(Position::new(x, inner.y + y));
    }
}

pub(super) const FORM_WIDTH: u16 = 72;

fn target_line<'a>(what: &str, t: &ReqTarget, width: u16, theme: &Theme) -> Line<'a> {
    let head = format!(" {what} #{} ", t.id);
    let room = (width as usize).saturating_sub(head.chars().count() + 1);
    Line::from(vec![
        Span::raw(head),
        Span::styled(fit(&inert(&t.title), room), theme.dim),
    ])
}

fn reject_form(f: &mut Frame, area: Rect, t: &ReqTarget, reason: &Field, theme: &Theme) {
    let inner = FORM_WIDTH.min(area.width).saturating_sub(2);
    let mut lines = vec![
        target_line("R&D rejects", t, inner, theme),
        Line::styled(
            format!(
                " It moves to {}; the reason is kept and told to the customer.",
                RequirementState::Rejected.label()
            ),
            theme.dim,
        ),
        Line::raw(""),
    ];
    let (field, x) = field_lines("reason", reason, "", true, inner, theme);
    let y = lines.len() as u16;
    lines.extend(field);
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(" Enter", theme.key),
        Span::raw(" reject   "),
        Span::styled("Esc", theme.key),
        Span::raw(" cancel"),
    ]));
    form(f, area, " Reject ", lines, x.map(|x| (x, y)), theme);
}

fn plan_form(f: &mut Frame, area: Rect, p: &PlanForm, theme: &Theme) {
    let inner = FORM_WIDTH.min(area.width).saturating_sub(2);
    let mut lines = vec![
        target_line("Rollout plan for", &p.target, inner, theme),
        Line::styled(
            " As pre-sales announced it: the date it ships and a note.",
            theme.dim,
        ),
        Line::raw(""),
    ];
    let mut cursor = None;
    for (label, field, hint, focused) in [
        ("date", &p.date, "YYYY-MM-DD", !p.on_note),
        ("note", &p.note, "", p.on_note),
    ] {
        let (field, x) = field_lines(label, field, hint, focused, inner, theme);
        if let Some(x) = x {
            cursor = Some((x, lines.len() as u16));
        }
        lines.extend(field);
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        Span::styled(" Tab", theme.key),
        Span::raw(" other field   "),
        Span::styled("Enter", theme.key),
        Span::raw(if p.on_note { " record   " } else { " next   " }),
        Span::styled("Esc", theme.key),
        Span::raw(" cancel"),
    ]));
    form(f, area, " Rollout plan ", lines, cursor, theme);
}

/// How far the help can scroll on a body `rows` high.
pub fn help_max_scroll(rows: u16, m: &Model) -> u16 {
    let lines = help_lines(m, &Theme::new(false)).len() as u16;
    // Two rows go to the frame.
    lines.saturating_sub(rows.saturating_sub(2))
}

fn help(f: &mut Frame, area: Rect, scroll: u16, m: &Model, theme: &Theme) {
    let lines = help_lines(m, theme);
    let scroll = scroll.min(help_max_scroll(area.height, m));
    let (rect, block) = frame(f, area, " Help ", lines.len(), 72, theme);
    f.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), rect);
}

/// The keys of the screen help is opened on, then its legend.
fn help_lines<'a>(m: &Model, theme: &Theme) -> Vec<Line<'a>> {
    let scope = m.scope();
    let mut lines = vec![Line::styled(" Keys", theme.label)];
    // Labels in a column as wide as the longest, and never narrower than 8.
    let w = keymap::bindings(scope)
        .map(|b| b.label.chars().count() + 1)
        .max()
        .unwrap_or(0)
        .max(8);
    for b in keymap::bindings(scope) {
        lines.push(Line::from(vec![
            Span::styled(format!("   {:<w$}", b.label), theme.key),
            Span::raw(b.help),
        ]));
    }
    lines.extend([
        Line::from(vec![
            Span::styled(format!("   {:<w$}", "Ctrl-C"), theme.key),
            Span::raw("quit from anywhere"),
        ]),
        Line::raw(""),
    ]);
    if scope == PIPELINE {
        pipeline_legend(&mut lines, m, theme);
        return lines;
    }
    if scope == NOTICES || scope == COMPOSER {
        super::notice_overlay::legend(&mut lines, scope, theme);
        return lines;
    }
    lines.extend([Line::styled(
        " Clock column (share of the response target left)",
        theme.label,
    )]);
    for (u, text) in [
        (Urgency::Normal, "more than half left"),
        (Urgency::Warning, "half to a fifth left"),
        (Urgency::Urgent, "less than a fifth left"),
        (Urgency::Breached, "deadline passed, no response yet"),
    ] {
        lines.push(Line::from(vec![
            Span::raw("   "),
            Span::styled(format!(" {} ", u.symbol()), theme.urgency(u)),
            Span::raw(format!("  {text}")),
        ]));
    }
    lines.extend([
        Line::from(vec![
            Span::raw("   "),
            Span::styled(" ✓ ", theme.met),
            Span::raw("  answered within the SLA (time taken)"),
        ]),
        Line::from(vec![
            Span::raw("   "),
            Span::styled(" ✗ ", theme.late),
            Span::raw("  answered late (time taken)"),
        ]),
        Line::raw(""),
        Line::styled(" Esc ? q close   j/k scroll", theme.dim),
    ]);
    lines
}

/// What the lanes and flags mean, with this desk's limits.
fn pipeline_legend<'a>(lines: &mut Vec<Line<'a>>, m: &Model, theme: &Theme) {
    lines.extend([
        Line::styled(" Lanes", theme.label),
        Line::raw("   One per state, in order. Cards wait longest first (newest first in"),
        Line::raw("   the last lane); the bar under a lane's name is its load."),
        Line::from(vec![
            Span::raw("   "),
            Span::styled(" ⚑ ", theme.flag),
            Span::raw("  waiting in its state longer than the desk allows:"),
        ]),
    ]);
    let limits: Vec<String> = RequirementState::ALL
        .iter()
        .filter_map(|s| {
            m.stale_after
                .days(*s)
                .map(|d| format!("{} {d}d", s.label()))
        })
        .collect();
    for chunk in limits.chunks(3) {
        lines.push(Line::styled(
            format!("         {}", chunk.join(" · ")),
            theme.dim,
        ));
    }
    lines.extend([
        Line::styled(
            "         ([requirements.stale_days] in the config)",
            theme.dim,
        ),
        Line::raw(""),
        Line::styled(" Esc ? q close   j/k scroll", theme.dim),
    ]);
}

#[cfg(test)]
mod tests {
    use super::wrap_words;

    #[test]
    fn errors_wrap_between_words() {
        assert_eq!(
            wrap_words("'2027-1' is not a date like 2026-10-01", 20),
            ["'2027-1' is not a", "date like 2026-10-01"]
        );
        assert_eq!(wrap_words("short", 20), ["short"]);
        assert_eq!(wrap_words("abcdefghij", 4), ["abc…"]);
        assert_eq!(wrap_words("", 4), [""]);
    }
}
