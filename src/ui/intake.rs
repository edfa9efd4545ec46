//! The new-escalation form: each field with what is wrong with it beside
//! it, the customers that match what is typed, the description in its own
//! box, and what saving takes (or why the store would refuse it).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use super::widgets::{fit, pane_block, text_box, wrap_words};
use crate::app::Model;
use crate::app::field::Field;
use crate::app::intake::state::{IntakeField, IntakeState};
use crate::app::intake::update::MATCHES_SHOWN;
use crate::app::keymap::INTAKE;
use crate::app::keys::Keymap;
use crate::domain::{EscalationKind, Severity, desk_time, sla};
use crate::text::inert;

/// The label column: marker, name, gap.
const LABEL: usize = 13;

fn hint(f: IntakeField, keys: &Keymap) -> String {
    match f {
        IntakeField::Customer => keys.prose(
            INTAKE,
            "type part of the name; {up}/{down} pick, {next_field} takes it",
        ),
        IntakeField::TicketNo => "the customer's own service ticket number".into(),
        IntakeField::Title => "what is wrong, in a line".into(),
        IntakeField::Reported => "empty: now · 2026-11-23 14:00 (desk time) · -30m".into(),
        _ => String::new(),
    }
}

fn kind_text(k: EscalationKind) -> &'static str {
    match k {
        EscalationKind::Faster => "faster handling of an existing service ticket (one unit)",
        EscalationKind::Expert => "R&D experts on an urgent fault (one unit)",
        EscalationKind::General => "general: no quota",
    }
}

pub fn render(f: &mut Frame, area: Rect, s: &IntakeState, m: &Model, theme: &Theme) {
    let block = pane_block(" New escalation ".into(), true, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let width = inner.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor = None;
    // The focused field's line: kept in sight when the form is cut short.
    let mut focus_line = 0u16;
    if s.from_report {
        lines.push(Line::styled(
            " Filled from a pasted urgent-fault report: check the severity it proposes.",
            theme.met,
        ));
    }
    if !s.report_problems.is_empty() {
        lines.push(Line::styled(
            " ✖ The pasted report was not used; fix these and paste it again:",
            theme.error,
        ));
    }
    for p in &s.report_problems {
        for part in wrap_words(&inert(p), width.saturating_sub(4)) {
            lines.push(Line::styled(format!("   {part}"), theme.error));
        }
    }
    for field in IntakeField::ALL {
        if field == IntakeField::Description {
            continue;
        }
        let focused = s.focus == field;
        let head = Span::styled(
            format!(
                " {} {:<w$}",
                if focused { "▶" } else { " " },
                field.label(),
                w = LABEL - 3
            ),
            if focused { theme.key } else { theme.label },
        );
        let room = width.saturating_sub(LABEL + 1);
        let value: Vec<Span> = match field {
            IntakeField::Severity => vec![
                Span::styled(format!("◀ {} ▶ ", s.severity), theme.key),
                Span::raw(fit(&severity_text(s.severity), room.saturating_sub(8))),
            ],
            IntakeField::Kind => vec![
                Span::styled(format!("◀ {:<7} ▶ ", s.kind.as_str()), theme.key),
                Span::raw(fit(kind_text(s.kind), room.saturating_sub(12))),
            ],
            IntakeField::Reported if s.reported.value().trim().is_empty() && !focused => {
                vec![Span::styled(
                    format!("now ({})", desk_time::zoned(m.now, m.tz)),
                    theme.dim,
                )]
            }
            f => {
                let text = text_of(s, f);
                // A field without the keyboard reads from its start.
                let scroll = if focused {
                    text.input.visual_scroll(room)
                } else {
                    0
                };
                let shown: String = inert(text.value()).chars().skip(scroll).collect();
                if focused {
                    let x = LABEL + text.input.visual_cursor().saturating_sub(scroll);
                    cursor = Some((x as u16, lines.len() as u16));
                }
                let mut v = vec![Span::raw(fit(&shown, room))];
                if text.value().is_empty() {
                    v.push(Span::styled(hint(f, &m.keys), theme.dim));
                }
                v
            }
        };
        if focused {
            focus_line = lines.len() as u16;
        }
        let mut line = vec![head];
        line.extend(value);
        lines.push(Line::from(line));
        if let Some(e) = s.error_of(field, m.now, m.tz) {
            for part in wrap_words(&inert(&e), width.saturating_sub(LABEL + 2)) {
                lines.push(Line::styled(format!("{:LABEL$}✖ {part}", ""), theme.error));
            }
        }
        if field == IntakeField::Customer && focused {
            for (i, name) in s.matches.iter().take(MATCHES_SHOWN).enumerate() {
                let here = i == s.pick;
                lines.push(Line::styled(
                    format!(
                        "{:LABEL$}{} {}",
                        "",
                        if here { "›" } else { " " },
                        inert(name)
                    ),
                    if here { theme.key } else { theme.dim },
                ));
            }
            if s.matches.is_empty() && !s.customer.value().trim().is_empty() {
                lines.push(Line::styled(
                    format!("{:LABEL$}  no customer holds that name", ""),
                    theme.error,
                ));
            }
        }
    }
    let preview = preview_lines(s, width, theme);
    let fixed = lines.len() as u16 + preview.len() as u16;
    let [top, desc, bottom] = Layout::vertical([
        Constraint::Length(fixed.saturating_sub(preview.len() as u16)),
        Constraint::Min(4),
        Constraint::Length(preview.len() as u16),
    ])
    .areas(inner);
    // On a short terminal the fields scroll so the one being filled
    // shows; its first error line shows with it.
    let scroll = (focus_line + 2).saturating_sub(top.height).min(focus_line);
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), top);
    let desc_focused = s.focus == IntakeField::Description;
    let [desc] = Layout::horizontal([Constraint::Min(0)])
        .horizontal_margin(1)
        .areas(desc);
    let mut description = s.description.clone();
    if let Some(e) = s.error_of(IntakeField::Description, m.now, m.tz) {
        description.error = Some(e);
    }
    text_box(
        f,
        desc,
        &description,
        if desc_focused {
            " ▶ description (Enter: new line) "
        } else {
            " description "
        },
        desc_focused,
        theme,
    );
    f.render_widget(Paragraph::new(preview), bottom);
    if let Some((x, y)) = cursor
        && let Some(y) = y.checked_sub(scroll).filter(|y| *y < top.height)
    {
        f.set_cursor_position(Position::new(
            (top.x + x).min(top.right().saturating_sub(1)),
            top.y + y,
        ));
    }
}

fn text_of(s: &IntakeState, f: IntakeField) -> &Field {
    match f {
        IntakeField::Customer => &s.customer,
        IntakeField::TicketNo => &s.ticket_no,
        IntakeField::Title => &s.title,
        _ => &s.reported,
    }
}

/// "production system unavailable · respond within 30m".
fn severity_text(s: Severity) -> String {
    format!(
        "{} · respond within {}",
        s.meaning(),
        sla::format_span(s.response_target().num_seconds().max(0) as u64)
    )
}

/// What saving takes, or why the store would refuse it.
fn preview_lines<'a>(s: &IntakeState, width: usize, theme: &Theme) -> Vec<Line<'a>> {
    let (text, style) = match &s.preview.said {
        _ if s.saving => ("saving…".to_string(), theme.dim),
        Some(Ok(takes)) => (format!("✓ Saving {takes}."), theme.met),
        Some(Err(e)) => (format!("✖ The store would refuse it: {e}"), theme.error),
        None if s.customer.value().trim().is_empty() => (
            "Pick the customer to see the quota it takes.".to_string(),
            theme.dim,
        ),
        None => ("Checking the quota…".to_string(), theme.dim),
    };
    wrap_words(&inert(&text), width.saturating_sub(2))
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), style))
        .collect()
}
