//! The notices screens' dialogs: advancing a record, sending, discarding
//! and re-sending, picking a draft, adding a customer; and the help's
//! legend for those screens.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Theme;
use super::overlay::{FORM_WIDTH, choice, field_lines, form, hint_line, popup, wrap_words};
use super::pipeline::fit;
use crate::app::Overlay;
use crate::app::keymap::{COMPOSER, Scope};
use crate::domain::sla::Urgency;
use crate::text::inert;

const SEND_WIDTH: u16 = 72;

/// `text` wrapped for a box `width` wide, each line keeping the margin
/// that a paragraph's own wrapping would drop.
fn margin<'a>(text: &str, width: u16, area: Rect, style: Style) -> Vec<Line<'a>> {
    let room = width.min(area.width).saturating_sub(4) as usize;
    wrap_words(&inert(text), room)
        .into_iter()
        .map(|part| Line::styled(format!(" {part}"), style))
        .collect()
}

fn yes_no<'a>(yes: &'a str, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(" y", theme.key),
        Span::raw(format!(" {yes}   ")),
        Span::styled("n Esc", theme.key),
        Span::raw(" no"),
    ])
}

pub fn render(f: &mut Frame, area: Rect, o: &Overlay, theme: &Theme) {
    match o {
        Overlay::ConfirmAdvance {
            question, title, ..
        } => {
            let mut lines = margin(question, 66, area, Default::default());
            lines.push(Line::styled(
                format!(" {}", fit(&inert(title), 62)),
                theme.dim,
            ));
            lines.extend([Line::raw(""), yes_no("yes", theme)]);
            popup(f, area, " Advance ", lines, 66, theme);
        }
        Overlay::ConfirmSend { lines: text } => {
            let mut lines: Vec<Line> = Vec::new();
            for (i, l) in text.iter().enumerate() {
                let style = if l.starts_with("not reachable") {
                    theme.error
                } else if i == 0 {
                    theme.key
                } else {
                    Default::default()
                };
                lines.extend(margin(l, SEND_WIDTH, area, style));
            }
            lines.push(Line::raw(""));
            lines.push(yes_no("queue it", theme));
            popup(f, area, " Send ", lines, SEND_WIDTH, theme);
        }
        Overlay::ConfirmDiscard => {
            let lines = vec![
                Line::raw(" Discard this draft? What was typed is deleted."),
                Line::raw(""),
                yes_no("discard", theme),
            ];
            popup(f, area, " Discard ", lines, 56, theme);
        }
        Overlay::ConfirmResend { question, .. } => {
            let mut lines = margin(question, 66, area, Default::default());
            lines.extend([
                Line::styled(
                    " Each is tried afresh, with a new count of attempts.",
                    theme.dim,
                ),
                Line::raw(""),
                yes_no("re-send", theme),
            ]);
            popup(f, area, " Re-send ", lines, 66, theme);
        }
        Overlay::PickDraft(p) => {
            let mut lines = vec![Line::raw(
                " Drafts are kept for this; resume one, or start afresh:",
            )];
            for (i, (_, label)) in p.choices.iter().enumerate() {
                let label = fit(&inert(label), 72 - 8);
                lines.push(choice(i, p.cursor, label, theme));
            }
            lines.push(hint_line(p.choices.len().min(9), theme));
            popup(f, area, " Drafts ", lines, 72, theme);
        }
        Overlay::AddCustomer { name } => {
            let inner = FORM_WIDTH.min(area.width).saturating_sub(2);
            let mut lines = vec![
                Line::raw(" Add a customer to the audience, whatever its inventory."),
                Line::raw(""),
            ];
            let (field, x) = field_lines("name", name, "as in customer list", true, inner, theme);
            let y = lines.len() as u16;
            lines.extend(field);
            lines.push(Line::raw(""));
            lines.push(Line::from(vec![
                Span::styled(" Enter", theme.key),
                Span::raw(" add   "),
                Span::styled("Esc", theme.key),
                Span::raw(" cancel"),
            ]));
            form(f, area, " Add customer ", lines, x.map(|x| (x, y)), theme);
        }
        _ => {}
    }
}

/// What the delivery states mean, or how the composer sends.
pub fn legend<'a>(lines: &mut Vec<Line<'a>>, scope: Scope, theme: &Theme) {
    if scope == COMPOSER {
        lines.extend([
            Line::styled(" Sending", theme.label),
            Line::raw("   Ctrl-S shows who gets what and asks. A new record is opened, then"),
            Line::raw("   taken as far as its fields allow: a level (an impact for a change)"),
            Line::raw("   evaluates it, guidance makes it guidance_ready. The notice is then"),
            Line::raw("   queued in one transaction; the first one marks it notified."),
            Line::raw("   Every edit is kept as a draft: Esc, a crash or Ctrl-C lose nothing."),
            Line::raw(""),
            Line::styled(" F1 Esc close   ↑/↓ scroll", theme.dim),
        ]);
        return;
    }
    lines.push(Line::styled(
        " Deliveries, one per recipient and channel",
        theme.label,
    ));
    for (style, word, text) in [
        (None, "queued ", "waiting for the dispatcher"),
        (None, "sending", "being handed to the server now"),
        (
            Some(theme.met),
            "sent   ",
            "the server took it (its reply is kept)",
        ),
        (
            Some(theme.urgency(Urgency::Warning)),
            "failed ",
            "refused or unreachable; tried again later",
        ),
        (
            Some(theme.urgency(Urgency::Breached)),
            "dead   ",
            "given up (r queues it again)",
        ),
    ] {
        lines.push(Line::from(vec![
            Span::raw("   "),
            Span::styled(word, style.unwrap_or_default()),
            Span::raw(format!("  {text}")),
        ]));
    }
    lines.extend([
        Line::raw(""),
        Line::styled(" Esc ? q close   j/k scroll", theme.dim),
    ]);
}
