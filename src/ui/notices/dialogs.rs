//! The notices screen's dialogs (advance a record, re-send what failed)
//! and the delivery states' legend for its help.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::dialog::Overlay;
use crate::app::keymap::NOTICES;
use crate::app::model::Model;
use crate::domain::sla::Urgency;
use crate::text::inert;
use crate::ui::theme::Theme;
use crate::ui::widgets::{fit, help_closing, margin, popup, yes_no};

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
        _ => {}
    }
}

/// What the delivery states mean.
pub fn legend<'a>(lines: &mut Vec<Line<'a>>, m: &Model, theme: &Theme) {
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
            "given up ({resend} queues it again)",
        ),
    ] {
        lines.push(Line::from(vec![
            Span::raw("   "),
            Span::styled(word, style.unwrap_or_default()),
            Span::raw(format!("  {}", m.keys.prose(NOTICES, text))),
        ]));
    }
    lines.extend([Line::raw(""), help_closing(theme)]);
}
