//! Everything the screen shows, and nothing it has to ask the store for.

use chrono::{DateTime, Utc};
use tui_input::Input;

use super::composer::Composer;
use super::notices::{LedgerView, NoticesState, RecordStep, UpdatesDue};
use crate::domain::notice::SubjectKind;
use crate::domain::requirement::{
    Requirement, RequirementOp, RequirementState, StaleAfter, Transition,
};
use crate::domain::{Escalation, EscalationState, Severity, TriageOp};
use crate::store::{
    AuditEntry, BoardPage, BoardRow, CustomerDetail, CustomerQuota, Pipeline, PipelineCard,
};

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
/// The pipeline pane: its title row, then each lane's name, flags and
/// load gauge, then cards of two lines and a gap each.
pub const PIPELINE_TITLE_ROWS: u16 = 1;
pub const LANE_HEAD_ROWS: u16 = 3;
pub const CARD_ROWS: u16 = 3;
/// One lane per pipeline state.
pub const LANES: usize = 7;

pub struct Model {
    pub now: DateTime<Utc>,
    pub quotas: QuotaPane,
    /// The desk's time zone: quota months and customer dates are its.
    pub tz: chrono_tz::Tz,
    /// Which list has the keyboard (and, on a narrow terminal, is shown).
    pub focus: Focus,
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
    pub screen: Screen,
    /// Incidents, changes and notices, and a notice sent but not yet taken.
    pub notices: NoticesState,
    /// The board's countdown to each open incident's next customer update.
    pub updates_due: UpdatesDue,
    /// Names the next composer's draft (see `Effect::SaveDraft`).
    pub next_draft_key: u64,
    pub overlay: Option<Overlay>,
    pub filter: FilterState,
    pub status: Option<Status>,
    pub quit: bool,
    /// Something changed since the last draw.
    pub dirty: bool,
}

#[derive(Default)]
pub struct BoardState {
    /// The window of rows last read from the store, and the counts.
    pub page: BoardPage,
    /// Index into `page.rows` of the selected escalation.
    pub selected: usize,
    /// Position in the whole board of the first row on screen.
    pub scroll_top: usize,
    pub loaded: bool,
    pub error: Option<String>,
    /// Numbers board reads; the next request gets this one.
    pub next_seq: u64,
    /// A jump (g, G, a new filter) on its way, with the number of its
    /// request: the page that answers it decides the selection, and pages
    /// from older requests are stale.
    pub jump: Option<(u64, crate::store::Anchor)>,
}

impl BoardState {
    pub fn selected_row(&self) -> Option<&BoardRow> {
        self.page.rows.get(self.selected)
    }

    /// Position of the selection in the whole (filtered) board.
    pub fn selected_position(&self) -> usize {
        self.page.first_position + self.selected
    }
}

pub enum Screen {
    Board,
    Detail(Box<DetailState>),
    Customer(Box<CustomerState>),
    /// The requirement pipeline: one lane per state.
    Pipeline,
    /// One requirement in full; back goes to the pipeline.
    Requirement(Box<RequirementView>),
    /// Incidents and changes, and the notices sent about them.
    Notices,
    /// One notice's deliveries; back goes to the notices screen.
    Ledger(Box<LedgerView>),
    /// A notice being written; closing it goes to the notices screen.
    Composer(Box<Composer>),
}

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

pub struct RequirementView {
    pub id: i64,
    pub loaded: Option<(Requirement, Vec<Transition>)>,
    pub error: Option<String>,
    pub scroll: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Focus {
    Board,
    Quotas,
}

/// The quota pane: one row per subscribed customer.
#[derive(Default)]
pub struct QuotaPane {
    pub rows: Vec<CustomerQuota>,
    pub selected: usize,
    pub loaded: bool,
    pub error: Option<String>,
    /// When the desk's month turns and every quota refills.
    pub refill_at: Option<DateTime<Utc>>,
}

impl QuotaPane {
    pub fn selected_row(&self) -> Option<&CustomerQuota> {
        self.rows.get(self.selected)
    }
}

pub struct CustomerState {
    pub name: String,
    pub loaded: Option<CustomerDetail>,
    pub error: Option<String>,
    pub scroll: u16,
}

pub struct DetailState {
    pub id: i64,
    pub loaded: Option<(Escalation, Vec<AuditEntry>)>,
    pub error: Option<String>,
    pub scroll: u16,
}

/// Something that has the keyboard ahead of the screen beneath it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Overlay {
    Help {
        scroll: u16,
    },
    Confirm(Confirm),
    PickSeverity {
        target: Target,
        cursor: usize,
    },
    PickReason {
        target: Target,
        cursor: usize,
    },
    /// A pipeline step waiting for y or n.
    ConfirmStep(StepConfirm),
    /// R&D's rejection: the reason is typed here.
    Reject {
        target: ReqTarget,
        reason: Field,
    },
    /// The rollout plan pre-sales announced: date and note.
    Plan(PlanForm),
    /// An incident or change step waiting for y or n.
    ConfirmAdvance {
        step: RecordStep,
        question: String,
        title: String,
    },
    /// The counts of a notice about to be queued, waiting for y or n.
    ConfirmSend {
        lines: Vec<String>,
    },
    ConfirmDiscard,
    ConfirmResend {
        id: i64,
        question: String,
    },
    /// Drafts kept for what is being composed: resume one or start afresh.
    PickDraft(DraftPick),
    /// A customer's name for the composer's audience.
    AddCustomer {
        name: Field,
    },
}

/// The drafts offered when the composer opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftPick {
    pub subject: SubjectKind,
    /// The record composed about; none for a new one.
    pub about: Option<i64>,
    /// Draft ids and how each is described; choice 0 is a fresh form.
    pub choices: Vec<(i64, String)>,
    pub cursor: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StepConfirm {
    pub target: ReqTarget,
    pub op: RequirementOp,
    pub question: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlanForm {
    pub target: ReqTarget,
    pub date: Field,
    pub note: Field,
    /// The note has the keyboard (else the date).
    pub on_note: bool,
}

/// A one-line text field and what is wrong with its text, shown beside it.
#[derive(Clone, Debug, Default)]
pub struct Field {
    pub input: Input,
    pub error: Option<String>,
}

impl Field {
    pub fn with(text: &str) -> Field {
        Field {
            input: Input::new(text.to_string()),
            error: None,
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }
}

impl PartialEq for Field {
    fn eq(&self, other: &Field) -> bool {
        self.input.value() == other.input.value()
            && self.input.cursor() == other.input.cursor()
            && self.error == other.error
    }
}

impl Eq for Field {}

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

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirm {
    pub target: Target,
    pub op: TriageOp,
    pub question: String,
}

/// The escalation a triage key acts on, as the engineer saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub id: i64,
    pub ticket_no: String,
    pub title: String,
    pub severity: Severity,
    pub state: EscalationState,
}

#[derive(Default)]
pub struct FilterState {
    pub input: Input,
    /// The filter line has the keyboard.
    pub editing: bool,
}

impl FilterState {
    pub fn text(&self) -> Option<String> {
        let t = self.input.value().trim();
        (!t.is_empty()).then(|| t.to_string())
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

impl Model {
    pub fn new(engineer: &str, store_label: &str, now: DateTime<Utc>) -> Model {
        Model {
            now,
            quotas: QuotaPane::default(),
            tz: chrono_tz::Asia::Shanghai,
            focus: Focus::Board,
            engineer: engineer.to_string(),
            store_label: store_label.to_string(),
            width: 80,
            height: 24,
            board: BoardState::default(),
            pipeline: PipelineState::default(),
            stale_after: StaleAfter::default(),
            screen: Screen::Board,
            notices: NoticesState::default(),
            updates_due: UpdatesDue::default(),
            next_draft_key: 1,
            overlay: None,
            filter: FilterState::default(),
            status: None,
            quit: false,
            dirty: true,
        }
    }

    /// How many table rows fit on screen, below the update countdowns.
    pub fn board_rows(&self) -> usize {
        self.height
            .saturating_sub(HEADER_ROWS + FOOTER_ROWS + TABLE_TITLE_ROWS + self.countdown_rows())
            .max(1) as usize
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
    pub fn scope(&self) -> crate::app::keymap::Scope {
        use crate::app::keymap::{BOARD, COMPOSER, NOTICES, PIPELINE};
        match self.screen {
            Screen::Pipeline | Screen::Requirement(_) => PIPELINE,
            Screen::Notices | Screen::Ledger(_) => NOTICES,
            Screen::Composer(_) => COMPOSER,
            _ => BOARD,
        }
    }

    /// What a pipeline key would act on: the open requirement, else the
    /// selected card.
    pub fn req_target(&self) -> Option<ReqTarget> {
        match &self.screen {
            Screen::Requirement(r) => r.loaded.as_ref().map(|(r, _)| ReqTarget {
                id: r.id,
                title: r.title.clone(),
                state: r.state,
                accepted: r.accepted,
            }),
            Screen::Pipeline => self.pipeline.selected_card().map(|c| ReqTarget {
                id: c.id,
                title: c.title.clone(),
                state: self.pipeline.state(),
                accepted: c.accepted,
            }),
            _ => None,
        }
    }

    pub fn side_by_side(&self) -> bool {
        self.width >= SIDE_BY_SIDE_WIDTH
    }

    /// What a triage key would act on: the open detail, else the selection.
    pub fn target(&self) -> Option<Target> {
        match &self.screen {
            Screen::Detail(d) => d.loaded.as_ref().map(|(e, _)| Target {
                id: e.id,
                ticket_no: e.ticket_no.clone(),
                title: e.title.clone(),
                severity: e.severity,
                state: e.state,
            }),
            Screen::Customer(_)
            | Screen::Pipeline
            | Screen::Requirement(_)
            | Screen::Notices
            | Screen::Ledger(_)
            | Screen::Composer(_) => None,
            Screen::Board => self.board.selected_row().map(|r| Target {
                id: r.id,
                ticket_no: r.ticket_no.clone(),
                title: r.title.clone(),
                severity: r.severity,
                state: r.state,
            }),
        }
    }
}
