//! What the escalation board shows: the window of rows last read, the
//! selection and the filter; the quota pane beside it; and the escalation
//! a triage key acts on.

use chrono::{DateTime, Utc};
use tui_input::Input;

use crate::domain::board_filter::{BoardFilter, FilterError};
use crate::domain::{EscalationState, Severity};
use crate::store::{Anchor, BoardKey, BoardPage, BoardRow, CustomerQuota, QuotaQuery};

#[derive(Default)]
pub struct BoardState {
    /// The window of rows last read from the store, and the counts.
    pub page: BoardPage,
    /// Index into `page.rows` of the selected escalation.
    pub selected: usize,
    /// Position in the whole board of the first row on screen.
    pub scroll_top: usize,
    pub loaded: bool,
    /// When the page shown was read: while reads fail, its counts are
    /// shown as stale by this age, never replaced by zeros.
    pub loaded_at: Option<DateTime<Utc>>,
    /// Why the last read failed, until one succeeds.
    pub error: Option<String>,
    /// The highest escalation id any page has held: a row past it is new.
    pub seen_max_id: Option<i64>,
    /// New escalations that sorted above the rows on screen and have not
    /// been scrolled to yet: the board says "▲ N new above".
    pub new_above: std::collections::BTreeSet<i64>,
    /// Numbers board reads; the next request gets this one.
    pub next_seq: u64,
    /// A jump (g, G, a new filter) on its way, with the number of its
    /// request: the page that answers it decides the selection, and pages
    /// from older requests are stale.
    pub jump: Option<(u64, Anchor)>,
    /// Marked escalations (id, label) that bulk triage acts on; kept
    /// across pages and filters.
    pub marked: std::collections::BTreeMap<i64, String>,
    /// An acknowledgement on its way from the board, and where its
    /// escalation stood: once it is answered the cursor stays there.
    pub resting: Option<(i64, BoardKey)>,
    /// The order chosen with `S`, a column title's click or `:sort`.
    pub sort: crate::domain::board_sort::BoardSort,
}

impl BoardState {
    pub fn selected_row(&self) -> Option<&BoardRow> {
        self.page.rows.get(self.selected)
    }

    /// How old the counts shown are, while reads fail after one that
    /// worked.
    pub fn stale_for(&self, now: DateTime<Utc>) -> Option<chrono::Duration> {
        self.error.as_ref()?;
        Some(now - self.loaded_at?)
    }

    /// Position of the selection in the whole (filtered) board.
    pub fn selected_position(&self) -> usize {
        self.page.first_position + self.selected
    }
}

/// The filter line on `/`: what is typed, and the filter the board
/// applies — the last text that parsed, so a term half typed never
/// empties the board.
#[derive(Default)]
pub struct FilterState {
    pub input: Input,
    /// The filter line has the keyboard.
    pub editing: bool,
    pub applied: Option<BoardFilter>,
    /// Why the text typed does not parse, until it does.
    pub error: Option<FilterError>,
}

impl FilterState {
    pub fn text(&self) -> Option<String> {
        let t = self.input.value().trim();
        (!t.is_empty()).then(|| t.to_string())
    }

    /// Parses what is typed, `@me` being `me`; whether the filter the
    /// board applies changed. While `typing`, a last word that may yet
    /// become a field waits.
    pub fn reparse(&mut self, me: &str, typing: bool) -> bool {
        let text = self.input.value();
        let text = if typing {
            crate::domain::board_filter::settled(text)
        } else {
            text
        };
        match BoardFilter::parse(text, me) {
            Ok(f) => {
                self.error = None;
                let changed = f != self.applied;
                self.applied = f;
                changed
            }
            Err(e) => {
                self.error = Some(e);
                false
            }
        }
    }

    /// Replaces the text (a named view); whether the applied filter
    /// changed. Text that does not parse is kept with its error.
    pub fn set(&mut self, text: &str, me: &str) -> bool {
        self.input = Input::new(text.to_string());
        self.reparse(me, false)
    }

    pub fn clear(&mut self) {
        *self = FilterState::default();
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoardFocus {
    Board,
    Quotas,
}

/// The quota pane: one row per subscribed customer.
#[derive(Default)]
pub struct QuotasState {
    /// A window of the pane's order (a few screens around the selection),
    /// never every subscribed customer.
    pub rows: Vec<CustomerQuota>,
    /// The place of `rows[0]` in the whole order (0-based).
    pub first: usize,
    /// How many customers the pane lists in all.
    pub total: usize,
    /// The selection, as an index into `rows`.
    pub selected: usize,
    pub loaded: bool,
    /// The last read failed (the rows are the last good ones).
    pub error: Option<String>,
    /// When the desk's month turns and every quota refills.
    pub refill_at: Option<DateTime<Utc>>,
    /// A move past the window, sent and not answered yet: a further move
    /// adds to it rather than starting again from the old selection.
    pub jump: Option<QuotaQuery>,
}

impl QuotasState {
    pub fn selected_row(&self) -> Option<&CustomerQuota> {
        self.rows.get(self.selected)
    }

    /// The selection's place in the whole order (0-based).
    pub fn place(&self) -> usize {
        self.first + self.selected
    }
}

/// The escalation a triage key acts on, as the engineer saw it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TriageTarget {
    pub id: i64,
    pub ticket_no: String,
    pub customer: String,
    pub title: String,
    pub severity: Severity,
    pub state: EscalationState,
    /// Waiting on the customer: `P` resumes it.
    pub paused: bool,
    /// The response deadline, so a pause that would hide a missed
    /// response is refused before the reason is asked.
    pub deadline: chrono::DateTime<chrono::Utc>,
}

impl TriageTarget {
    /// How dialogs and status lines name it: the customer's ticket
    /// number, which the board shows, and the id the CLI takes.
    pub fn label(&self) -> String {
        crate::domain::triage::label(&self.ticket_no, self.id)
    }
}

/// A bulk step on its way: which dialog has the keyboard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BulkStep {
    /// The step, asked once for all marked.
    Confirm {
        op: crate::domain::TriageOp,
        question: String,
    },
    Severity {
        cursor: usize,
    },
    /// Withdraw: why, for each one's history.
    Reason {
        field: crate::app::field::Field,
    },
    /// Snooze: for how long.
    Span {
        field: crate::app::field::Field,
    },
    /// What was done and what was refused.
    Summary {
        lines: Vec<String>,
    },
}
