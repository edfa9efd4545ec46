//! `z`: hold an unanswered escalation's alarms back for a while, or end
//! a snooze. Asked in the text dialog, prefilled with half an hour; the
//! store audits it and the alarm checks honour it.

use super::state::TriageTarget;
use crate::app::dialog::{Overlay, TextForm, TextPurpose};
use crate::app::field::MultiField;
use crate::app::model::{Model, Status};
use crate::app::msg::Effect;
use crate::domain::{TriageOp, check_allowed, pause::parse_span};

/// What the dialog starts with: the usual snooze.
const DEFAULT_SPAN: &str = "30m";

pub(crate) fn open(m: &mut Model, target: TriageTarget) -> Vec<Effect> {
    // Refused at once where it could never apply: answered or paused.
    let op = TriageOp::Snooze { until: Some(m.now) };
    if let Err(e) = check_allowed(&target.label(), target.state, target.paused, &op) {
        m.status = Some(Status::error(e.to_string()));
        return Vec::new();
    }
    let mut form = Box::new(TextForm::new(TextPurpose::Snooze, target));
    form.text = MultiField::with(DEFAULT_SPAN);
    m.overlay = Some(Overlay::Text(form));
    Vec::new()
}

pub(crate) fn submit(m: &mut Model, mut form: Box<TextForm>) -> Vec<Effect> {
    let text = form.text.text();
    let until = match text.trim() {
        "off" => None,
        span => match parse_span(span) {
            Ok(d) => Some(m.now + d),
            Err(e) => {
                form.text.error = Some(format!("{e}, or off"));
                m.overlay = Some(Overlay::Text(form));
                return Vec::new();
            }
        },
    };
    vec![Effect::Triage {
        id: form.target.id,
        op: TriageOp::Snooze { until },
    }]
}
