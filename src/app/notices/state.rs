//! What the notices screen, the delivery ledger and the board's update
//! countdown show, as last read from the store.

use crate::app::composer::draft::DraftFields;
use crate::app::composer::state::ComposerState;
use crate::domain::change::ChangeState;
use crate::domain::incident::{Incident, IncidentState};
use crate::domain::notice::SubjectKind;
use crate::domain::record::Record;
use crate::store::{DeliveryCounts, Draft, NoticeDetail, NoticeSummary};

/// How many records and notices the screen reads: enough to work with,
/// never the whole history.
pub const RECORDS_SHOWN: usize = 50;
pub const NOTICES_SHOWN: usize = 50;
/// Open incidents whose next customer update counts down on the board.
pub const COUNTDOWNS_SHOWN: usize = 3;

/// One read of everything the notices screen shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoticesPage {
    /// Open incidents by when their next update is due, then changes by
    /// window (latest first), then incidents closed recently (they still
    /// owe a resolved or review notice).
    pub records: Vec<Record>,
    pub notices: Vec<NoticeSummary>,
    /// This engineer's drafts, latest first.
    pub drafts: Vec<Draft>,
    /// Deliveries still to go, across the outbox.
    pub outbox: DeliveryCounts,
}

#[derive(Default)]
pub struct NoticesState {
    pub page: NoticesPage,
    /// One cursor over the records, then the notices.
    pub selected: usize,
    pub loaded: bool,
    pub error: Option<String>,
    /// A notice on its way to the store: its form comes back, nothing lost,
    /// if the store refuses it.
    pub sending: Option<Box<ComposerState>>,
    /// A notice to select once the next read lists it (the one just sent).
    pub focus_notice: Option<i64>,
}

/// What the notices screen's cursor is on.
pub enum Selected<'a> {
    Record(&'a Record),
    Notice(&'a NoticeSummary),
}

impl NoticesState {
    pub fn rows(&self) -> usize {
        self.page.records.len() + self.page.notices.len()
    }

    pub fn selected(&self) -> Option<Selected<'_>> {
        let r = self.page.records.len();
        if self.selected < r {
            Some(Selected::Record(&self.page.records[self.selected]))
        } else {
            self.page
                .notices
                .get(self.selected - r)
                .map(Selected::Notice)
        }
    }

    /// Drafts to offer when composing: for the record `about`, or (none)
    /// for a new record of `subject`. Unreadable drafts are left out.
    pub fn drafts_for(
        &self,
        subject: SubjectKind,
        about: Option<i64>,
    ) -> Vec<(&Draft, DraftFields)> {
        self.page
            .drafts
            .iter()
            .filter(|d| d.kind == subject)
            .filter_map(|d| DraftFields::from_json(&d.fields).ok().map(|f| (d, f)))
            .filter(|(_, f)| f.record == about)
            .collect()
    }
}

/// One notice's deliveries, recipient by recipient.
pub struct LedgerState {
    pub id: i64,
    pub loaded: Option<NoticeDetail>,
    pub error: Option<String>,
    pub selected: usize,
}

/// Open incidents and when customers are owed their next update.
#[derive(Default)]
pub struct UpdatesDue {
    /// Read one more than shown, to know whether there are more.
    pub rows: Vec<Incident>,
    pub error: Option<String>,
}

impl UpdatesDue {
    /// Those with an update due, soonest first, as many as are shown.
    pub fn shown(&self) -> impl Iterator<Item = &Incident> {
        self.due().take(COUNTDOWNS_SHOWN)
    }

    pub fn more(&self) -> bool {
        self.due().count() > COUNTDOWNS_SHOWN
    }

    fn due(&self) -> impl Iterator<Item = &Incident> {
        self.rows
            .iter()
            .filter(|i| i.state.is_open() && i.next_update_due.is_some())
    }
}

/// A record's next lifecycle step, as the engineer saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordStep {
    Incident { id: i64, seen: IncidentState },
    Change { id: i64, seen: ChangeState },
}
