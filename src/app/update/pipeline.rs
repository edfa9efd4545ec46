//! Keys and answers for the requirement pipeline and a requirement's
//! detail: lanes and cards, and the steps (advance, reject, rollout plan)
//! with their dialogs.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::{error, fill, info, refresh, scrolled};
use crate::app::keymap::Action;
use crate::app::model::{
    Field, LANES, Model, Overlay, PlanForm, ReqTarget, RequirementView, Screen, StepConfirm,
};
use crate::app::msg::Effect;
use crate::domain::calendar::parse_date;
use crate::domain::requirement::{
    PipelineError, RequirementOp, RequirementState, RolloutPlan, step,
};
use crate::store::{Pipeline, PipelineQuery};

/// Asks for the cards in view of every lane, from each lane's offset.
pub(super) fn load(m: &mut Model) -> Effect {
    let rows = m.pipeline_rows();
    let p = &mut m.pipeline;
    let seq = p.next_seq;
    p.next_seq += 1;
    Effect::LoadPipeline {
        seq,
        query: PipelineQuery {
            now: m.now,
            rows,
            offsets: p.offsets.to_vec(),
        },
    }
}

pub(super) fn open(m: &mut Model) -> Vec<Effect> {
    m.screen = Screen::Pipeline;
    fit(m);
    vec![load(m)]
}

/// The lanes after a read: the cursor follows its card while the card
/// stays in view in its lane; otherwise it keeps its place, so the card
/// that moves up takes the place of one that left.
pub(super) fn loaded(m: &mut Model, seq: u64, result: Result<Pipeline, String>) -> Vec<Effect> {
    let p = &mut m.pipeline;
    if seq + 1 < p.next_seq {
        return Vec::new(); // a newer read is on its way
    }
    m.dirty = true;
    let data = match result {
        Ok(data) => data,
        Err(e) => {
            // Shown in the pane and the footer; each tick tries again.
            p.error = Some(e);
            return Vec::new();
        }
    };
    for (i, lane) in data.lanes.iter().enumerate().take(LANES) {
        let old = p.data.lanes.get(i).and_then(|l| {
            let at = p.cursor[i].checked_sub(l.offset)?;
            l.cards.get(at).map(|c| c.id)
        });
        if let Some(at) = old.and_then(|id| lane.cards.iter().position(|c| c.id == id)) {
            p.cursor[i] = lane.offset + at;
        }
    }
    p.data = data;
    p.loaded = true;
    p.error = None;
    fit(m);
    // A lane that shrank under its window is read again where it now ends.
    if window_moved(m) {
        vec![load(m)]
    } else {
        Vec::new()
    }
}

/// Some lane's window is not the one last read.
fn window_moved(m: &Model) -> bool {
    let p = &m.pipeline;
    p.data
        .lanes
        .iter()
        .enumerate()
        .any(|(i, l)| l.offset != p.offsets[i])
}

/// Keeps every cursor within its lane, every window around its cursor and
/// as full as the lane allows, and the selected lane among those drawn in
/// full.
pub(super) fn fit(m: &mut Model) {
    let rows = m.pipeline_rows();
    let full = crate::ui::pipeline_full_lanes(m.width);
    let p = &mut m.pipeline;
    for i in 0..LANES {
        let count = p.count(i);
        let cursor = p.cursor[i].min(count.saturating_sub(1));
        let mut offset = p.offsets[i].min(count.saturating_sub(rows));
        if cursor < offset {
            offset = cursor;
        }
        if cursor >= offset + rows {
            offset = cursor + 1 - rows;
        }
        p.cursor[i] = cursor;
        p.offsets[i] = offset;
    }
    let lane = p.lane.min(LANES - 1);
    p.lane = lane;
    if lane < p.first_lane {
        p.first_lane = lane;
    }
    if lane >= p.first_lane + full {
        p.first_lane = lane + 1 - full;
    }
    p.first_lane = p.first_lane.min(LANES - full);
}

fn move_card(m: &mut Model, to: impl Fn(usize, usize) -> usize) -> Vec<Effect> {
    let p = &mut m.pipeline;
    let count = p.count(p.lane);
    if count == 0 {
        return Vec::new();
    }
    p.cursor[p.lane] = to(p.cursor[p.lane], count).min(count - 1);
    fit(m);
    if window_moved(m) {
        vec![load(m)]
    } else {
        Vec::new()
    }
}

pub(super) fn on_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = m.pipeline_rows();
    match action {
        Action::Down => move_card(m, |c, _| c + 1),
        Action::Up => move_card(m, |c, _| c.saturating_sub(1)),
        Action::PageDown => move_card(m, |c, _| c + page),
        Action::PageUp => move_card(m, |c, _| c.saturating_sub(page)),
        Action::Top => move_card(m, |_, _| 0),
        Action::Bottom => move_card(m, |_, n| n - 1),
        Action::LaneLeft | Action::LaneRight => {
            let p = &mut m.pipeline;
            p.lane = match action {
                Action::LaneLeft => p.lane.saturating_sub(1),
                _ => (p.lane + 1).min(LANES - 1),
            };
            fit(m);
            Vec::new()
        }
        Action::Open => match m.pipeline.selected_card() {
            Some(card) => {
                let id = card.id;
                m.screen = Screen::Requirement(Box::new(RequirementView {
                    id,
                    loaded: None,
                    error: None,
                    scroll: 0,
                }));
                vec![Effect::LoadRequirement(id)]
            }
            None => Vec::new(),
        },
        Action::Back | Action::Quit | Action::Pipeline => {
            m.screen = Screen::Board;
            vec![refresh(m)]
        }
        Action::Help => {
            m.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Action::Advance | Action::Reject | Action::Plan => on_step(m, action),
        _ => Vec::new(),
    }
}

pub(super) fn on_requirement_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = m.board_rows() as u16;
    let max = match &m.screen {
        Screen::Requirement(r) => crate::ui::requirement_max_scroll(r, m),
        _ => return Vec::new(),
    };
    let Screen::Requirement(r) = &mut m.screen else {
        return Vec::new();
    };
    if let Some(to) = scrolled(action, r.scroll, max, page) {
        r.scroll = to;
        return Vec::new();
    }
    match action {
        Action::Back | Action::Open | Action::Quit => open(m),
        Action::Pipeline => {
            m.screen = Screen::Board;
            vec![refresh(m)]
        }
        Action::Help => {
            m.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Action::Advance | Action::Reject | Action::Plan => on_step(m, action),
        _ => Vec::new(),
    }
}

/// A step key: refused at once with the pipeline's reason when the rules
/// do not allow it at all, else the dialog that asks for what it needs.
fn on_step(m: &mut Model, action: Action) -> Vec<Effect> {
    let Some(target) = m.req_target() else {
        m.status = Some(error(match m.screen {
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
        Action::Advance => match step(&probe, &RequirementOp::Advance) {
            Ok(s) => {
                let to = s.to.unwrap_or(target.state);
                m.overlay = Some(Overlay::ConfirmStep(StepConfirm {
                    question: advance_question(&target, to),
                    target,
                    op: RequirementOp::Advance,
                }));
            }
            Err(e) => m.status = Some(error(e.to_string())),
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
                Err(e) => m.status = Some(error(e.to_string())),
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
                Err(e) => m.status = Some(error(e.to_string())),
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
        (Accepted, CustomerNotified) => " The customer has been told R&D accepted it.",
        (Rejected, CustomerNotified) => " The customer has been told R&D rejected it.",
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
pub(super) fn on_overlay_key(m: &mut Model, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
    match overlay {
        Overlay::ConfirmStep(c) => match key.code {
            KeyCode::Char('y' | 'Y') => vec![Effect::StepRequirement {
                id: c.target.id,
                seen: Some(c.target.state),
                op: c.op,
            }],
            KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                m.status = Some(info("cancelled".into()));
                Vec::new()
            }
            _ => {
                m.overlay = Some(Overlay::ConfirmStep(c));
                Vec::new()
            }
        },
        Overlay::Reject { target, mut reason } => match key.code {
            KeyCode::Esc => {
                m.status = Some(info("cancelled".into()));
                Vec::new()
            }
            KeyCode::Enter => {
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
            _ => {
                edit(&mut reason, key);
                m.overlay = Some(Overlay::Reject { target, reason });
                Vec::new()
            }
        },
        Overlay::Plan(mut form) => match key.code {
            KeyCode::Esc => {
                m.status = Some(info("cancelled".into()));
                Vec::new()
            }
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Up | KeyCode::Down => {
                form.on_note = !form.on_note;
                m.overlay = Some(Overlay::Plan(form));
                Vec::new()
            }
            KeyCode::Enter => submit_plan(m, form),
            _ => {
                let field = if form.on_note {
                    &mut form.note
                } else {
                    &mut form.date
                };
                edit(field, key);
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

/// Typing in a field; what was wrong is forgotten once the text changes.
fn edit(field: &mut Field, key: KeyEvent) {
    let before = field.value().to_string();
    field.input.handle_event(&Event::Key(key));
    if field.value() != before {
        field.error = None;
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

/// The requirement's detail arrived.
pub(super) fn requirement_loaded(
    m: &mut Model,
    id: i64,
    result: Result<
        (
            crate::domain::requirement::Requirement,
            Vec<crate::domain::requirement::Transition>,
        ),
        String,
    >,
) {
    if let Screen::Requirement(r) = &mut m.screen
        && r.id == id
    {
        m.dirty = true;
        fill(&mut r.loaded, &mut r.error, result);
    }
}
