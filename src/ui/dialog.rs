//! What floats over the screen: each dialog drawn by the screen it belongs
//! to.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::theme::Theme;
use super::widgets::{popup, wrap_words};
use super::{board, composer, help, notices, pipeline};
use crate::app::dialog::Overlay;
use crate::app::model::Model;
use crate::text::inert;
use ratatui::text::Line;

pub fn render(f: &mut Frame, area: Rect, o: &Overlay, m: &Model, theme: &Theme) {
    match o {
        Overlay::Help { scroll } => help::render(f, area, *scroll, m, theme),
        Overlay::Message { text, error } => message(f, area, text, *error, theme),
        Overlay::Bulk(step) => board::marks::render(f, area, step, m, theme),
        Overlay::PickView { cursor } => {
            board::dialogs::render_views(f, area, *cursor, &m.views, theme)
        }
        Overlay::PickSort { cursor } => {
            board::dialogs::render_sort(f, area, *cursor, m.board.sort, theme)
        }
        Overlay::ConfirmStep(_) | Overlay::Reject { .. } | Overlay::Plan(_) => {
            pipeline::dialogs::render(f, area, o, theme)
        }
        Overlay::Confirm(_)
        | Overlay::PickSeverity { .. }
        | Overlay::PickReason { .. }
        | Overlay::Text(_)
        | Overlay::HandOff(_) => board::dialogs::render(f, area, o, theme),
        Overlay::ConfirmAdvance { .. } | Overlay::ConfirmResend { .. } => {
            notices::dialogs::render(f, area, o, theme)
        }
        Overlay::ConfirmSend { .. }
        | Overlay::ConfirmDiscard
        | Overlay::PickDraft(_)
        | Overlay::AddCustomer { .. } => composer::dialogs::render(f, area, o, theme),
    }
}

/// The status line's message whole, wrapped inside the frame's margins.
fn message(f: &mut Frame, area: Rect, text: &str, error: bool, theme: &Theme) {
    let width = area.width.min(72);
    let room = (width as usize).saturating_sub(4);
    let style = if error { theme.error } else { theme.info };
    let mut lines: Vec<Line> = wrap_words(&inert(text), room)
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), style))
        .collect();
    lines.push(Line::raw(""));
    lines.push(Line::styled(" any key closes", theme.dim));
    popup(f, area, " Status ", lines, width, theme);
}
