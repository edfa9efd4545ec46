//! A requirement's steps from the pipeline or its detail: advance (asks,
//! naming the next state), reject with R&D's reason, record the rollout
//! plan; each checked against the pipeline's rules before a dialog opens.

use crossterm::event::KeyEvent;

use super::state::ReqTarget;
use crate::app::dialog::{FormKey, Overlay, PlanForm, StepConfirm, answer, form_key};
use crate::app::field::Field;
use crate::app::keymap::Action;
use crate::app::model::{Model, Screen, Status};
use crate::app::msg::Effect;
use crate::domain::calendar::parse_date;
use crate::domain::requirement::{
    PipelineError, RequirementOp, RequirementState, RolloutPlan, step,
};

/// What a pipeline key would act on: the open requirement, else the
/// selected card.
pub(crate) fn req_target(m: &Model) -> Option<ReqTarget> {
    match &m.screen {
        Screen::Requirement(r) => r.loaded.as_ref().map(|(r, _)| ReqTarget {
            id: r.id,
            title: r.title.clone(),
            state: r.state,
            accepted: r.accepted,
        }),
        Screen::Pipeline => m.pipeline.selected_card().map(|c| ReqTarget {
            id: c.id,
            title: c.title.clone(),
            state: m.pipeline.state(),
            accepted: c.accepted,
        }),
        _ => None,
    }
}

/// A step key: refused at once with the pipeline's reason when the rules
/// do not allow it at all, else the dialog that asks for what it needs.
pub(crate) fn on_step(m: &mut Model, action: Action) -> Vec<Effect> {
    let Some(target) = req_target(m) else {
        m.status = Some(Status::error(match m.screen {
            Screen::Pipeline => format!(
                "no requirement selected: the {} lane is empty",
                m.pipeline.state().label()
            ),
            _ => "the requirement is not loaded yet".into(),
        }));
        return Vec::new();
    };
    let probe = target.probe();
    match action {
        // Accepted or rejected: the next step is telling the customer,
        // by a notice the dispatcher sends.
        Action::Advance
            if matches!(
                target.state,
                RequirementState::Accepted | RequirementState::Rejected
            ) =>
        {
            m.overlay = Some(Overlay::ConfirmStep(StepConfirm {
                question: format!(
                    "Send R&D's decision on #{} to the customer by email and chat? It moves to \
                     Customer notified once a delivery has gone.",
                    target.id
                ),
                target,
                op: RequirementOp::Notify,
            }));
        }
        Action::Advance => match step(&probe, &RequirementOp::Advance) {
            Ok(s) => {
                let to = s.to.unwrap_or(target.state);
                m.overlay = Some(Overlay::ConfirmStep(StepConfirm {
                    question: advance_question(&target, to),
                    target,
                    op: RequirementOp::Advance,
                }));
            }
            Err(e) => m.status = Some(Status::error(e.to_string())),
        },
        Action::Reject => {
            let op = RequirementOp::Reject {
                reason: String::new(),
            };
            // The only thing missing is the reason: ask for it.
            match step(&probe, &op) {
                Err(PipelineError::EmptyReason) | Ok(_) => {
                    m.overlay = Some(Overlay::Reject {
                        target,
                        reason: Field::default(),
                    })
                }
                Err(e) => m.status = Some(Status::error(e.to_string())),
            }
        }
        Action::Plan => {
            let op = RequirementOp::Plan(RolloutPlan {
                date: m.now.date_naive(),
                note: String::new(),
            });
            match step(&probe, &op) {
                Err(PipelineError::EmptyNote) | Ok(_) => {
                    // A plan already recorded is the starting point.
                    let current = match &m.screen {
                        Screen::Requirement(r) => {
                            r.loaded.as_ref().and_then(|(r, _)| r.rollout.clone())
                        }
                        _ => None,
                    };
                    let (date, note) = current
                        .map(|p| (p.date.to_string(), p.note))
                        .unwrap_or_default();
                    m.overlay = Some(Overlay::Plan(PlanForm {
                        target,
                        date: Field::with(&date),
                        note: Field::with(&note),
                        on_note: false,
                    }));
                }
                Err(e) => m.status = Some(Status::error(e.to_string())),
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The question before an advance names where the requirement goes, and
/// what that records when the step stands for someone else's decision.
fn advance_question(t: &ReqTarget, to: RequirementState) -> String {
    use RequirementState::*;
    let what = match (t.state, to) {
        (ReportedToRnd, Accepted) => " R&D accepted it (x records a rejection instead).",
        _ => "",
    };
    format!(
        "Move #{} from {} to {}?{what}",
        t.id,
        t.state.label(),
        to.label()
    )
}

/// Keys while a pipeline dialog is open; `None` if the overlay is not one.
pub(crate) fn on_overlay_key(m: &mut Model, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
    match overlay {
        Overlay::ConfirmStep(c) => match answer(&key) {
            Some(true) => vec![Effect::StepRequirement {
                id: c.target.id,
                seen: Some(c.target.state),
                op: c.op,
            }],
            Some(false) => {
                m.status = Some(Status::info("cancelled"));
                Vec::new()
            }
            None => {
                m.overlay = Some(Overlay::ConfirmStep(c));
                Vec::new()
            }
        },
        Overlay::Reject { target, mut reason } => match form_key(&key) {
            FormKey::Cancel => {
                m.status = Some(Status::info("cancelled"));
                Vec::new()
            }
            FormKey::Submit => {
                let op = RequirementOp::Reject {
                    reason: reason.value().to_string(),
                };
                match step(&target.probe(), &op) {
                    Ok(_) => vec![Effect::StepRequirement {
                        id: target.id,
                        seen: Some(target.state),
                        op,
                    }],
                    Err(e) => {
                        reason.error = Some(e.to_string());
                        m.overlay = Some(Overlay::Reject { target, reason });
                        Vec::new()
                    }
                }
            }
            // One field: there is no other to go to.
            FormKey::OtherField => {
                m.overlay = Some(Overlay::Reject { target, reason });
                Vec::new()
            }
            FormKey::Typing => {
                reason.edit(key);
                m.overlay = Some(Overlay::Reject { target, reason });
                Vec::new()
            }
        },
        Overlay::Plan(mut form) => match form_key(&key) {
            FormKey::Cancel => {
                m.status = Some(Status::info("cancelled"));
                Vec::new()
            }
            FormKey::OtherField => {
                form.on_note = !form.on_note;
                m.overlay = Some(Overlay::Plan(form));
                Vec::new()
            }
            FormKey::Submit => submit_plan(m, form),
            FormKey::Typing => {
                let field = if form.on_note {
                    &mut form.note
                } else {
                    &mut form.date
                };
                field.edit(key);
                m.overlay = Some(Overlay::Plan(form));
                Vec::new()
            }
        },
        other => {
            m.overlay = Some(other);
            Vec::new()
        }
    }
}

/// Enter in the plan form: on the date, check it and go to the note; on
/// the note, check both and record. What is wrong is said beside its field.
fn submit_plan(m: &mut Model, mut form: PlanForm) -> Vec<Effect> {
    let text = form.date.value().trim();
    let date = if text.is_empty() {
        Err("a rollout plan needs a date (YYYY-MM-DD)".to_string())
    } else {
        parse_date(text)
    };
    let date = match date {
        Ok(d) => d,
        Err(e) => {
            form.date.error = Some(e);
            form.on_note = false;
            m.overlay = Some(Overlay::Plan(form));
            return Vec::new();
        }
    };
    form.date.error = None;
    if !form.on_note {
        form.on_note = true;
        m.overlay = Some(Overlay::Plan(form));
        return Vec::new();
    }
    let op = RequirementOp::Plan(RolloutPlan {
        date,
        note: form.note.value().to_string(),
    });
    match step(&form.target.probe(), &op) {
        Ok(_) => vec![Effect::StepRequirement {
            id: form.target.id,
            seen: Some(form.target.state),
            op,
        }],
        Err(e) => {
            form.note.error = Some(e.to_string());
            m.overlay = Some(Overlay::Plan(form));
            Vec::new()
        }
    }
}
