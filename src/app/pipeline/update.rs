//! The requirement pipeline's lanes and cards: reading only the cards in
//! view, moving the cursor within and across lanes, and opening a card.

use super::state::{LANES, RequirementDetailState};
use super::steps;
use crate::app::board::load::refresh;
use crate::app::dialog::Overlay;
use crate::app::keymap::Action;
use crate::app::model::{Model, Screen};
use crate::app::msg::Effect;
use crate::store::{Pipeline, PipelineQuery};

/// Asks for the cards in view of every lane, from each lane's offset.
pub(crate) fn load(m: &mut Model) -> Effect {
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

pub(crate) fn open(m: &mut Model) -> Vec<Effect> {
    m.screen = Screen::Pipeline;
    fit(m);
    vec![load(m)]
}

/// The lanes after a read: the cursor follows its card while the card
/// stays in view in its lane; otherwise it keeps its place, so the card
/// that moves up takes the place of one that left.
pub(crate) fn loaded(m: &mut Model, seq: u64, result: Result<Pipeline, String>) -> Vec<Effect> {
    let p = &mut m.pipeline;
    if seq + 1 < p.next_seq {
        return Vec::new(); // a newer read is on its way
    }
    // A reread (another writer's change, a lane's flag falling due) that
    // finds the lanes as they were draws nothing; when the next flag
    // falls is kept, as it is not shown.
    match &result {
        Ok(data) if p.loaded && p.error.is_none() && p.data.lanes == data.lanes => {
            p.data.next_flag = data.next_flag;
            return Vec::new();
        }
        Err(e) if p.error.as_ref() == Some(e) => return Vec::new(),
        _ => {}
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
pub(crate) fn fit(m: &mut Model) {
    let rows = m.pipeline_rows();
    let full = crate::ui::pipeline::full_lanes(m.width);
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

pub(crate) fn on_action(m: &mut Model, action: Action) -> Vec<Effect> {
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
                m.screen = Screen::Requirement(Box::new(RequirementDetailState {
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
        Action::Advance | Action::Reject | Action::Plan => steps::on_step(m, action),
        _ => Vec::new(),
    }
}
