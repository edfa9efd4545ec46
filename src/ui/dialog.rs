//! What floats over the screen: each dialog drawn by the screen it belongs
//! to; the triage dialogs (confirm, severity, out-of-scope reason) here.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use super::theme::Theme;
use super::widgets::{choice, hint_line, popup, yes_no};
use super::{composer, help, notices, pipeline};
use crate::app::dialog::Overlay;
use crate::app::model::Model;
use crate::domain::{OutOfScopeReason, Severity, sla};
use crate::text::inert;

pub fn render(f: &mut Frame, area: Rect, o: &Overlay, m: &Model, theme: &Theme) {
    match o {
        Overlay::Help { scroll } => help::render(f, area, *scroll, m, theme),
        Overlay::ConfirmStep(_) | Overlay::Reject { .. } | Overlay::Plan(_) => {
            pipeline::dialogs::render(f, area, o, theme)
        }
        Overlay::Confirm(c) => {
            let lines = vec![
                Line::raw(format!(" {}", inert(&c.question))),
                Line::styled(format!(" {}", inert(&c.target.title)), theme.dim),
                Line::raw(""),
                yes_no("yes", theme),
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
        Overlay::ConfirmAdvance { .. } | Overlay::ConfirmResend { .. } => {
            notices::dialogs::render(f, area, o, theme)
        }
        Overlay::ConfirmSend { .. }
        | Overlay::ConfirmDiscard
        | Overlay::PickDraft(_)
        | Overlay::AddCustomer { .. } => composer::dialogs::render(f, area, o, theme),
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
