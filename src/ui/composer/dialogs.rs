//! The composer's dialogs (the send question with its counts, discard,
//! the drafts offered, adding a customer) and how it sends, for its help.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::dialog::Overlay;
use crate::app::keymap::{Action as A, COMPOSER, FORM, label};
use crate::app::model::Model;
use crate::text::inert;
use crate::ui::theme::Theme;
use crate::ui::widgets::{
    FORM_WIDTH, choice, field_lines, fit, form, hint_line, key_line, margin, popup, yes_no,
};

const SEND_WIDTH: u16 = 72;

pub fn render(f: &mut Frame, area: Rect, o: &Overlay, theme: &Theme) {
    match o {
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
            lines.push(key_line(
                &[
                    (label(FORM, A::Submit), "add"),
                    (label(FORM, A::Back), "cancel"),
                ],
                theme,
            ));
            form(f, area, " Add customer ", lines, x.map(|x| (x, y)), theme);
        }
        _ => {}
    }
}

/// How the composer sends, for the end of its help.
pub fn legend<'a>(lines: &mut Vec<Line<'a>>, m: &Model, theme: &Theme) {
    let keys = |text: &str| m.keys.prose(COMPOSER, text);
    lines.extend([
        Line::styled(" Sending", theme.label),
        Line::raw(keys(
            "   {send} shows who gets what and asks. A new record is opened, then",
        )),
        Line::raw("   taken as far as its fields allow: a level (an impact for a change)"),
        Line::raw("   evaluates it, guidance makes it guidance_ready. The notice is then"),
        Line::raw("   queued in one transaction; the first one marks it notified."),
        Line::raw(keys(
            "   Every edit is kept as a draft: {back}, a crash or Ctrl-C lose nothing.",
        )),
        Line::raw(""),
        Line::styled(keys(" {help} {back} close   ↑/↓ scroll"), theme.dim),
    ]);
}
