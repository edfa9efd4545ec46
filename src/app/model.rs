//! Everything the screen shows, and nothing it has to ask the store for:
//! each screen's own state (in its folder) and what they share.

use chrono::{DateTime, Utc};

use super::board::state::{BoardFocus, BoardState, FilterState, QuotasState};
use super::composer::state::ComposerState;
use super::customer::state::CustomerState;
use super::detail::state::DetailState;
use super::dialog::Overlay;
use super::intake::state::IntakeState;
use super::keymap::{
    AT_BOARD, AT_COMPOSER, AT_CUSTOMER, AT_DETAIL, AT_HANDOVER, AT_HISTORY, AT_INTAKE, AT_LEDGER,
    AT_NOTICES, AT_PIPELINE, AT_QUOTAS, AT_REQUIREMENT, AT_TRENDS, Action, BOARD, COMPOSER, INTAKE,
    NOTICES, PIPELINE, Scope, Views,
};
use super::notices::state::{LedgerState, NoticesState, UpdatesDue};
use super::pipeline::state::{
    CARD_ROWS, LANE_HEAD_ROWS, PIPELINE_TITLE_ROWS, PipelineState, RequirementDetailState,
};
use crate::domain::requirement::StaleAfter;

/// Rows of chrome around the board's table: two header lines, the table's
/// column titles and the footer. The layout in `ui` uses the same numbers.
pub const HEADER_ROWS: u16 = 2;

pub const FOOTER_ROWS: u16 = 1;

pub const TABLE_TITLE_ROWS: u16 = 1;

/// Below this the dashboard shows a short message instead of a layout.
pub const MIN_WIDTH: u16 = 50;

pub const MIN_HEIGHT: u16 = 8;

/// From this width the quota pane stands beside the board; below it the
/// two share the screen as tabs.
pub const SIDE_BY_SIDE_WIDTH: u16 = 150;

pub const QUOTA_PANE_WIDTH: u16 = 60;

pub struct Model {
    pub now: DateTime<Utc>,
    pub quotas: QuotasState,
    /// The desk's time zone: quota months and customer dates are its.
    pub tz: chrono_tz::Tz,
    /// Which list has the keyboard (and, on a narrow terminal, is shown).
    pub focus: BoardFocus,
    pub engineer: String,
    /// Which store is open, for the header.
    pub store_label: String,
    pub width: u16,
    pub height: u16,
    pub board: BoardState,
    pub pipeline: PipelineState,
    /// How long a requirement may wait in each state before it is flagged
    /// (the desk's config; the store flags with the same numbers).
    pub stale_after: StaleAfter,
    /// How long a paused escalation may wait on the customer before the
    /// board flags it (the desk's `[sla] pause_flag_after`).
    pub pause_flag_after: chrono::Duration,
    /// Which clock each severity counts and its follow-up targets.
    pub sla: crate::domain::sla_policy::SlaPolicy,
    pub alarms: super::alarms::state::AlarmState,
    pub screen: Screen,
    /// Incidents, changes and notices, and a notice sent but not yet taken.
    pub notices: NoticesState,
    /// The board's countdown to each open incident's next customer update.
    pub updates_due: UpdatesDue,
    /// Names the next composer's draft (see `Effect::SaveDraft`).
    pub next_draft_key: u64,
    pub overlay: Option<Overlay>,
    /// A note, resolution, reason or customer update sent to the store and
    /// not yet answered (see `board::unsent`).
    pub unsent: Option<Box<super::dialog::TextForm>>,
    pub filter: FilterState,
    /// The command line on `:`.
    pub command: super::command::state::CommandState,
    /// The desk's named filters (`v`), name and text.
    pub views: Vec<(String, String)>,
    pub status: Option<Status>,
    pub quit: bool,
    /// Something changed since the last draw.
    pub dirty: bool,
    /// Only the clock moved since the last draw, and it turned over a
    /// text on screen: its clocks can be rewritten over the last frame
    /// (`ui::ClockCells`) instead of drawing it whole.
    pub clock_moved: bool,
    /// What the last frame showed that moves with time (`frame::face`).
    pub drawn_face: Option<u64>,
    /// After `a` on the board the cursor stays where the escalation stood
    /// (on the next unanswered one) rather than following it down; the
    /// config's `[ui] ack_keeps_place = false` restores following.
    pub ack_keeps_place: bool,
    /// The store is open read-only: write keys say so and do nothing.
    pub read_only: bool,
    /// The trends' target line and the header's fortnight.
    pub trend: super::trends::state::TrendShared,
    /// The keys as this desk has them: the table and the config's
    /// rebindings.
    pub keys: super::keys::Keymap,
}

pub enum Screen {
    Board,
    /// The shift's handover; back goes to the board.
    Handover(Box<super::handover::state::HandoverState>),
    /// SLA attainment, breaches and quota use over past periods.
    Trends(Box<super::trends::state::TrendsState>),
    Detail(Box<DetailState>),
    Customer(Box<CustomerState>),
    /// The requirement pipeline: one lane per state.
    Pipeline,
    /// One requirement in full; back goes to the pipeline.
    Requirement(Box<RequirementDetailState>),
    /// Incidents and changes, and the notices sent about them.
    Notices,
    /// One notice's deliveries; back goes to the notices screen.
    Ledger(Box<LedgerState>),
    /// A notice being written; closing it goes to the notices screen.
    Composer(Box<ComposerState>),
    /// A new escalation being typed (or pasted); closing goes to the board.
    Intake(Box<IntakeState>),
    /// Every escalation, closed ones too, searched; back goes to the board.
    History(Box<super::history::state::HistoryState>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

impl Status {
    pub fn info(text: impl Into<String>) -> Status {
        Status {
            text: text.into(),
            error: false,
        }
    }

    pub fn error(text: impl Into<String>) -> Status {
        Status {
            text: text.into(),
            error: true,
        }
    }
}

impl Model {
    pub fn new(engineer: &str, store_label: &str, now: DateTime<Utc>) -> Model {
        Model {
            now,
            quotas: QuotasState::default(),
            tz: chrono_tz::Asia::Shanghai,
            ack_keeps_place: true,
            focus: BoardFocus::Board,
            engineer: engineer.to_string(),
            store_label: store_label.to_string(),
            width: 80,
            height: 24,
            board: BoardState::default(),
            pipeline: PipelineState::default(),
            stale_after: StaleAfter::default(),
            pause_flag_after: crate::domain::pause::DEFAULT_FLAG_AFTER,
            sla: Default::default(),
            alarms: Default::default(),
            screen: Screen::Board,
            notices: NoticesState::default(),
            updates_due: UpdatesDue::default(),
            next_draft_key: 1,
            overlay: None,
            unsent: None,
            filter: FilterState::default(),
            command: Default::default(),
            views: crate::config::DEFAULT_VIEWS
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
            status: None,
            quit: false,
            dirty: true,
            clock_moved: false,
            drawn_face: None,
            read_only: false,
            trend: Default::default(),
            keys: Default::default(),
        }
    }

    /// How many table rows fit on screen, below the update countdowns.
    pub fn board_rows(&self) -> usize {
        self.height
            .saturating_sub(
                HEADER_ROWS
                    + FOOTER_ROWS
                    + TABLE_TITLE_ROWS
                    + self.countdown_rows()
                    + self.banner_rows(),
            )
            .max(1) as usize
    }

    /// The red line over the board while its reads fail.
    pub fn banner_rows(&self) -> u16 {
        u16::from(self.board.error.is_some() && !self.board.page.rows.is_empty())
    }

    /// Lines above the board for open incidents' next customer update:
    /// one each, never more than a third of the table's room.
    pub fn countdown_rows(&self) -> u16 {
        let room = self
            .height
            .saturating_sub(HEADER_ROWS + FOOTER_ROWS + TABLE_TITLE_ROWS)
            / 3;
        (self.updates_due.shown().count() as u16).min(room)
    }

    /// How many cards of each lane fit on screen: below the title and the
    /// lane heads, three rows a card, keeping a row for "more" marks.
    pub fn pipeline_rows(&self) -> usize {
        let rows = self
            .height
            .saturating_sub(HEADER_ROWS + FOOTER_ROWS + PIPELINE_TITLE_ROWS + LANE_HEAD_ROWS)
            / CARD_ROWS;
        rows.max(1) as usize
    }

    /// Which keys apply: the board's, the pipeline's, the notices' or the
    /// composer's.
    pub fn scope(&self) -> Scope {
        match self.screen {
            Screen::Pipeline | Screen::Requirement(_) => PIPELINE,
            Screen::Notices | Screen::Ledger(_) => NOTICES,
            Screen::Composer(_) => COMPOSER,
            Screen::Intake(_) => INTAKE,
            _ => BOARD,
        }
    }

    /// Which view is shown, for the footer's hints and help's keys.
    pub fn view(&self) -> Views {
        match self.screen {
            Screen::Board if self.focus == BoardFocus::Quotas => AT_QUOTAS,
            Screen::Board => AT_BOARD,
            Screen::Detail(_) => AT_DETAIL,
            Screen::Handover(_) => AT_HANDOVER,
            Screen::Trends(_) => AT_TRENDS,
            Screen::Customer(_) => AT_CUSTOMER,
            Screen::Pipeline => AT_PIPELINE,
            Screen::Requirement(_) => AT_REQUIREMENT,
            Screen::Notices => AT_NOTICES,
            Screen::Ledger(_) => AT_LEDGER,
            Screen::Composer(_) => AT_COMPOSER,
            Screen::Intake(_) => AT_INTAKE,
            Screen::History(_) => AT_HISTORY,
        }
    }

    /// A frame is due, whole or only its clocks.
    pub fn needs_frame(&self) -> bool {
        self.dirty || self.clock_moved
    }

    pub fn side_by_side(&self) -> bool {
        self.width >= SIDE_BY_SIDE_WIDTH
    }
}

/// A screen's data arrived: keep it, or say why it did not.
pub fn fill<T>(loaded: &mut Option<T>, error: &mut Option<String>, result: Result<T, String>) {
    match result {
        Ok(value) => {
            *loaded = Some(value);
            *error = None;
        }
        Err(e) => *error = Some(e),
    }
}

/// Where a scrolling view goes for a movement key, kept within `max`;
/// `None` for keys that are not movements.
pub fn scrolled(action: Action, scroll: u16, max: u16, page: u16) -> Option<u16> {
    let scroll = scroll.min(max);
    Some(match action {
        Action::Down => scroll.saturating_add(1).min(max),
        Action::Up => scroll.saturating_sub(1),
        Action::PageDown => scroll.saturating_add(page).min(max),
        Action::PageUp => scroll.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => max,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scrolling_stays_within_the_view() {
        assert_eq!(scrolled(Action::Down, 9, 10, 5), Some(10));
        assert_eq!(scrolled(Action::Down, 10, 10, 5), Some(10));
        // A scroll left beyond a shrunken view comes back before moving.
        assert_eq!(scrolled(Action::Up, 500, 10, 5), Some(9));
        assert_eq!(scrolled(Action::PageDown, 8, 10, 5), Some(10));
        assert_eq!(scrolled(Action::PageUp, 3, 10, 5), Some(0));
        assert_eq!(
            (
                scrolled(Action::Top, 7, 10, 5),
                scrolled(Action::Bottom, 0, 10, 5)
            ),
            (Some(0), Some(10))
        );
        assert_eq!(scrolled(Action::Acknowledge, 3, 10, 5), None);
    }
}
