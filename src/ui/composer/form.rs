//! The composer's form: each field with what is wrong with it beside it,
//! scrolled only as far as the focused field and its error need.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::composer::audience::CHANNELS;
use crate::app::composer::fields::ImpactField;
use crate::app::composer::state::{ComposerFocus, ComposerState, FieldId};
use crate::domain::notice::SubjectKind;
use crate::text::inert;
use crate::ui::theme::Theme;
use crate::ui::widgets::{fit, pane_block, wrap_words};

/// The label column: marker, name, gap.
const LABEL: usize = 15;

/// What an empty field is for.
fn hint(c: &ComposerState, f: FieldId) -> &'static str {
    match (f, c.subject) {
        (FieldId::Title, SubjectKind::Incident) => "what happened, as customers will read it",
        (FieldId::Title, SubjectKind::Change) => "what changes, as customers will read it",
        (FieldId::Services, _) => "ECS, RDS … (who is affected follows)",
        (FieldId::Regions, _) => "cn-north-4, … (empty: every region)",
        (FieldId::Guidance, SubjectKind::Incident) => "fix, patch, isolation, data restoration",
        (FieldId::Guidance, SubjectKind::Change) => {
            "config changes, backup plans, resource expansion"
        }
        (FieldId::NextUpdate, _) => "+2h, or 2026-11-23 14:00 (desk time)",
        (FieldId::WindowStart, _) => "2026-11-23 02:00, or +1d",
        (FieldId::WindowEnd, _) => "2026-11-23 04:00, or +26h",
        (FieldId::Message, _) => "a line for this notice only (optional)",
        _ => "",
    }
}

/// How the focused non-text field is worked.
fn keys_note(f: FieldId, fixed: bool) -> &'static str {
    match f {
        FieldId::Kind if fixed => "fixed once opened",
        FieldId::Kind | FieldId::Level | FieldId::Stage => "←/→ or type",
        FieldId::Channels => "←/→ Space, or e c s",
        FieldId::Impact => "←/→ Space, or a p d s",
        _ => "",
    }
}

/// The form as drawn: its lines, the cursor (column, line) when a text
/// field has the keyboard, and the lines the focused field takes (its
/// error included).
pub(super) struct FormLines<'a> {
    pub lines: Vec<Line<'a>>,
    cursor: Option<(u16, u16)>,
    focus: (u16, u16),
}

pub(super) fn lines<'a>(c: &ComposerState, width: u16, theme: &Theme) -> FormLines<'a> {
    let width = width as usize;
    let mut lines = Vec::new();
    let mut cursor = None;
    let mut focus = (0, 0);
    let mut extra: Vec<Vec<Span>> = Vec::new();
    if let Some(e) = &c.refused {
        for part in wrap_words(
            &format!("✗ not queued: {}", inert(e)),
            width.saturating_sub(1),
        ) {
            lines.push(Line::styled(format!(" {part}"), theme.error));
        }
    }
    for f in c.shown_fields() {
        let focused = c.focus == ComposerFocus::Field(f);
        let first = lines.len() as u16;
        let fixed = f == FieldId::Kind && !c.is_new();
        let label = format!(
            " {} {:<w$}",
            if focused { "▶" } else { " " },
            f.label(),
            w = LABEL - 3
        );
        let mut spans = vec![Span::styled(
            label,
            if focused { theme.key } else { theme.label },
        )];
        let room = width.saturating_sub(LABEL + 1);
        match c.input(f) {
            Some(input) => {
                let scroll = input.visual_scroll(room);
                let shown: String = inert(input.value()).chars().skip(scroll).collect();
                let shown = fit(&shown, room);
                let used = Span::raw(shown.as_str()).width();
                spans.push(Span::raw(shown));
                if input.value().is_empty() {
                    spans.push(Span::styled(fit(hint(c, f), room), theme.dim));
                } else if let Some(note) = c.notes.get(&f) {
                    let left = room.saturating_sub(used + 2);
                    if left > 8 {
                        spans.push(Span::styled(format!("  {}", fit(note, left)), theme.dim));
                    }
                }
                if focused {
                    let x = LABEL + input.visual_cursor().saturating_sub(scroll);
                    cursor = Some((x as u16, lines.len() as u16));
                }
            }
            None => {
                let mut rows = widget(c, f, focused, fixed, room, theme).into_iter();
                spans.extend(rows.next().unwrap_or_default());
                extra.extend(rows);
            }
        }
        lines.push(Line::from(spans));
        for row in extra.drain(..) {
            let mut spans = vec![Span::raw(" ".repeat(LABEL))];
            spans.extend(row);
            lines.push(Line::from(spans));
        }
        if let Some(e) = c.shown_error(f) {
            for part in wrap_words(&format!("✗ {}", inert(e)), width.saturating_sub(LABEL)) {
                lines.push(Line::styled(format!("{:LABEL$}{part}", ""), theme.error));
            }
        }
        if focused {
            focus = (first, lines.len() as u16);
        }
    }
    FormLines {
        lines,
        cursor,
        focus,
    }
}

/// A choice or a row of toggles, as the form shows it: one line, or two
/// when the impact's SLA answer does not fit beside its effects.
fn widget<'a>(
    c: &ComposerState,
    f: FieldId,
    focused: bool,
    fixed: bool,
    room: usize,
    theme: &Theme,
) -> Vec<Vec<Span<'a>>> {
    let mut out = Vec::new();
    let mut second = Vec::new();
    let item = |on: bool, name: &str, here: bool| {
        let style = if here && focused {
            theme.selected
        } else {
            Style::new()
        };
        Span::styled(format!("[{}] {name}", if on { "x" } else { " " }), style)
    };
    match f {
        FieldId::Kind | FieldId::Level | FieldId::Stage => {
            let label = c.choice_label(f);
            if focused && !fixed {
                out.push(Span::styled("◂ ", theme.key));
                out.push(Span::raw(label.clone()));
                out.push(Span::styled(" ▸", theme.key));
            } else {
                out.push(Span::raw(label.clone()));
            }
            let mut note = String::new();
            if f == FieldId::Stage
                && let Some(n) = c.notes.get(&f)
            {
                // The note starts with the stage's label, shown already.
                note = n
                    .strip_prefix(&label)
                    .unwrap_or(n)
                    .trim_start_matches(';')
                    .trim()
                    .to_string();
            }
            if focused || fixed {
                let k = keys_note(f, fixed);
                note = if note.is_empty() {
                    k.to_string()
                } else {
                    format!("{note} · {k}")
                };
            }
            let used = label.chars().count() + if focused && !fixed { 4 } else { 0 };
            let left = room.saturating_sub(used + 2);
            if !note.is_empty() && left > 8 {
                out.push(Span::styled(format!("  {}", fit(&note, left)), theme.dim));
            }
        }
        FieldId::Channels => {
            for (i, ch) in CHANNELS.iter().enumerate() {
                if i > 0 {
                    out.push(Span::raw("  "));
                }
                out.push(item(c.channels.on[i], ch.as_str(), c.channels.cursor == i));
            }
            if focused {
                out.push(Span::styled(
                    format!("  {}", keys_note(f, false)),
                    theme.dim,
                ));
            }
        }
        FieldId::Impact => {
            let imp = &c.impact;
            for (i, name) in ["availability", "performance", "data access"]
                .iter()
                .enumerate()
            {
                out.push(item(imp.effects[i], name, imp.cursor == i));
                out.push(Span::raw(" "));
            }
            let sla = match imp.within_sla {
                None => "SLA ?",
                Some(true) => "within SLA",
                Some(false) => "outside SLA",
            };
            let here = focused && imp.cursor == ImpactField::ITEMS - 1;
            // The effects take 48 columns; the answer goes below if need be.
            let line = if room >= 48 + 2 + 13 {
                &mut out
            } else {
                &mut second
            };
            line.push(Span::styled(
                format!("‹{sla}›"),
                if here {
                    theme.selected
                } else if imp.within_sla == Some(false) {
                    theme.error
                } else {
                    Style::new()
                },
            ));
            if imp.within_sla.is_none() && !imp.effects.iter().any(|e| *e) && room > 72 {
                out.push(Span::styled("  not evaluated", theme.dim));
            }
        }
        _ => {}
    }
    if second.is_empty() {
        vec![out]
    } else {
        vec![out, second]
    }
}

pub(super) fn render(f: &mut Frame, area: Rect, c: &ComposerState, theme: &Theme) {
    let focused = matches!(c.focus, ComposerFocus::Field(_));
    let block = pane_block(format!(" {} ", form_title(c)), focused, theme);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let FormLines {
        lines,
        cursor,
        focus: (first, end),
    } = lines(c, inner.width, theme);
    // Keep the focused field and its error in view, its first line first.
    let scroll = end.saturating_sub(inner.height).min(first);
    f.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    if let Some((x, y)) = cursor
        && y >= scroll
        && y - scroll < inner.height
    {
        let x = (inner.x + x).min(inner.right().saturating_sub(1));
        f.set_cursor_position(Position::new(x, inner.y + y - scroll));
    }
}

fn form_title(c: &ComposerState) -> String {
    match &c.base {
        None => format!("New {}", c.subject),
        Some(r) => format!("{} · {}", c.reference(), r.state()),
    }
}
