//! Where pasted text goes: to whatever text has the keyboard (a dialog's
//! field, the board's filter, the composer's or the intake form's field).
//! It is never read as keys, so a pasted line cannot trigger a step.

use super::dialog::Overlay;
use super::model::{Model, Screen, Status};
use super::msg::Effect;

pub(crate) fn on_paste(m: &mut Model, text: &str) -> Vec<Effect> {
    // Terminals send a pasted line break as CR (xterm, tmux, most others):
    // every reader below counts lines by LF.
    let text = &text.replace("\r\n", "\n").replace('\r', "\n");
    if let Some(overlay) = &mut m.overlay {
        match overlay {
            Overlay::Text(t) if !t.on_toggle => {
                t.text.paste(text);
            }
            Overlay::HandOff(h) => {
                let field = if h.on_note { &mut h.note } else { &mut h.name };
                field.paste(text);
            }
            Overlay::Reject { reason, .. } => {
                reason.paste(text);
            }
            Overlay::Plan(p) => {
                let field = if p.on_note { &mut p.note } else { &mut p.date };
                field.paste(text);
            }
            Overlay::AddCustomer { name } => {
                name.paste(text);
            }
            _ => m.status = Some(Status::error("nothing here takes pasted text")),
        }
        return Vec::new();
    }
    if m.filter.editing {
        for c in super::field::one_line(text).chars() {
            m.filter
                .input
                .handle(tui_input::InputRequest::InsertChar(c));
        }
        if m.filter.reparse(&m.engineer, true) {
            return super::board::load::jump(m, crate::store::Anchor::Top);
        }
        return Vec::new();
    }
    match m.screen {
        Screen::Intake(_) => super::intake::update::on_paste(m, text),
        Screen::Composer(_) => super::composer::keys::on_paste(m, text),
        _ => {
            m.status = Some(Status::error(
                "nothing here takes pasted text: + opens a new escalation for a pasted report",
            ));
            Vec::new()
        }
    }
}
