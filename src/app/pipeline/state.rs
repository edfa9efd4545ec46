//! What the requirement pipeline shows: one lane per state with the cards
//! in view, where the cursor is, and one requirement opened in full.

use crate::domain::requirement::{Requirement, RequirementState, Transition};
use crate::store::{Pipeline, PipelineCard};

/// The pipeline pane: its title row, then each lane's name, flags and
/// load gauge, then cards of two lines and a gap each.
pub const PIPELINE_TITLE_ROWS: u16 = 1;

pub const LANE_HEAD_ROWS: u16 = 3;

pub const CARD_ROWS: u16 = 3;

/// One lane per pipeline state.
pub const LANES: usize = 7;

/// The requirement pipeline as last read, and where the cursor is.
#[derive(Default)]
pub struct PipelineState {
    /// Counts for every lane and the cards in view.
    pub data: Pipeline,
    /// The selected lane, an index into `RequirementState::ALL`.
    pub lane: usize,
    /// The selected card's position in each lane (0 is the first card,
    /// the longest waiting).
    pub cursor: [usize; LANES],
    /// The first card shown, per lane: what the next read asks for.
    pub offsets: [usize; LANES],
    /// The first lane drawn in full when not all fit the width.
    pub first_lane: usize,
    pub loaded: bool,
    pub error: Option<String>,
    /// Numbers pipeline reads; answers to older requests are dropped.
    pub next_seq: u64,
}

impl PipelineState {
    pub fn state(&self) -> RequirementState {
        RequirementState::ALL[self.lane]
    }

    /// How many requirements wait in lane `i`, as last read.
    pub fn count(&self, i: usize) -> usize {
        self.data.lanes.get(i).map_or(0, |l| l.count as usize)
    }

    /// The card under the cursor, if it is loaded.
    pub fn selected_card(&self) -> Option<&PipelineCard> {
        let lane = self.data.lanes.get(self.lane)?;
        let at = self.cursor[self.lane].checked_sub(lane.offset)?;
        lane.cards.get(at)
    }
}

pub struct RequirementDetailState {
    pub id: i64,
    pub loaded: Option<(Requirement, Vec<Transition>)>,
    pub error: Option<String>,
    pub scroll: u16,
}

/// The requirement a pipeline key acts on, as the engineer saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReqTarget {
    pub id: i64,
    pub title: String,
    pub state: RequirementState,
    pub accepted: bool,
}

impl ReqTarget {
    /// Enough of the requirement for the pipeline's rules to judge a step.
    pub fn probe(&self) -> Requirement {
        Requirement {
            id: self.id,
            customer: String::new(),
            title: self.title.clone(),
            description: String::new(),
            state: self.state,
            state_since: chrono::DateTime::UNIX_EPOCH,
            submitted_at: chrono::DateTime::UNIX_EPOCH,
            rejection_reason: None,
            accepted: self.accepted,
            rollout: None,
        }
    }
}
