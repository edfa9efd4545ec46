//! What flows into `update` (messages) and out of it (effects).

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use super::board::state::TriageTarget;
use super::composer::outgoing::Outgoing;
use super::notices::state::{NoticesPage, RecordStep};
use crate::domain::incident::Incident;
use crate::domain::note::NewNote;
use crate::domain::notice::{Channel, Stage, SubjectKind};
use crate::domain::record::Record;
use crate::domain::requirement::{Requirement, RequirementOp, RequirementState, Transition};
use crate::domain::{Escalation, NewEscalation, TriageOp};
use crate::notify::{NoticeContext, Rendering};
use crate::store::{
    AudienceMember, BoardPage, BoardQuery, CustomerDetail, EscalationFile, NoticeDetail, Pipeline,
    PipelineQuery, QuotaQuery, QuotaWindow,
};

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// A click or the wheel, where the desk has not turned the mouse off.
    Mouse(crossterm::event::MouseEvent),
    /// Text pasted into the terminal (bracketed paste): it goes to the
    /// field that has the keyboard, never acts as keys.
    Paste(String),
    Resize {
        width: u16,
        height: u16,
    },
    /// The clock moved on (once a second).
    Tick(DateTime<Utc>),
    /// The answer to the `LoadBoard` with the same `seq`.
    BoardLoaded {
        seq: u64,
        result: Result<BoardPage, String>,
    },
    DetailLoaded {
        id: i64,
        result: Result<Box<EscalationFile>, String>,
    },
    /// A triage step finished: the audit summary, or why it was refused.
    Triaged {
        id: i64,
        result: Result<String, String>,
    },
    /// Marked escalations' triage finished, each in its own transaction:
    /// what `verb` did to each, and why each refused one was refused.
    BulkTriaged {
        verb: String,
        done: Vec<(i64, String)>,
        refused: Vec<(i64, String, String)>,
    },
    /// What `:goto` found: the escalation's id, or none by that name.
    GotoFound {
        text: String,
        result: Result<Option<i64>, String>,
    },
    /// What "mark all" marks: the filtered board's ids and labels.
    MarkedAll(Result<Vec<(i64, String)>, String>),
    /// Another process wrote to the store.
    StoreChanged,
    /// The outbox sender's news for the status bar: a store error on its
    /// way, a sent delivery waiting to be recorded.
    OutboxNews {
        text: String,
        error: bool,
    },
    /// The quota pane's window read for `query`, and when the month (and
    /// so the quotas) turns.
    QuotasLoaded {
        query: QuotaQuery,
        result: Result<(QuotaWindow, DateTime<Utc>), String>,
    },
    CustomerLoaded {
        name: String,
        result: Result<Box<CustomerDetail>, String>,
    },
    /// The answer to the `LoadPipeline` with the same `seq`.
    PipelineLoaded {
        seq: u64,
        result: Result<Pipeline, String>,
    },
    RequirementLoaded {
        id: i64,
        result: Result<(Requirement, Vec<Transition>), String>,
    },
    /// A pipeline step finished: what changed, or why it was refused.
    RequirementStepped {
        id: i64,
        result: Result<String, String>,
    },
    NoticesLoaded(Result<Box<NoticesPage>, String>),
    /// Open incidents by when their next customer update is due.
    UpdatesDueLoaded(Result<Vec<Incident>, String>),
    LedgerLoaded {
        id: i64,
        result: Result<Box<NoticeDetail>, String>,
    },
    /// An incident or change moved on: what changed, or why it was refused.
    RecordAdvanced(Result<String, String>),
    /// Failed deliveries of a notice queued again: how many.
    Resent {
        id: i64,
        result: Result<usize, String>,
    },
    /// The answer to the `LoadAudience` with the same `seq`.
    AudienceLoaded {
        seq: u64,
        result: Result<Vec<AudienceMember>, String>,
    },
    /// A customer the engineer named, as an audience member.
    AudienceMemberLoaded {
        name: String,
        result: Result<AudienceMember, String>,
    },
    /// The answer to the `RenderPreview` with the same `seq`.
    PreviewRendered {
        seq: u64,
        result: Result<Rendering, String>,
    },
    /// The composer's draft `key` is kept under this id.
    DraftSaved {
        key: u64,
        result: Result<i64, String>,
    },
    NoticeQueued(Result<QueuedNotice, QueueRefused>),
    /// Customers whose names hold what the intake form's customer field
    /// held at request `seq`.
    CustomersFound {
        seq: u64,
        result: Result<Vec<String>, String>,
    },
    /// What saving the intake form would take, as of request `seq`.
    IntakePreviewed {
        seq: u64,
        result: Result<String, String>,
    },
    UpdatePreviewed {
        seq: u64,
        result: Result<String, String>,
    },
    EscalationAdded(Result<Box<Escalation>, String>),
    /// Engineers the store has seen, for the hand-off picker.
    EngineersLoaded(Result<Vec<String>, String>),
    /// What escalating to the experts would take, or why it cannot.
    ExpertChecked {
        target: TriageTarget,
        result: Result<String, String>,
    },
    AlarmsChecked(Result<crate::store::AlarmCheck, String>),
    HandoverLoaded(Result<Box<crate::domain::handover::Handover>, String>),
    TrendsLoaded {
        span: crate::domain::trends::Span,
        result: Result<Box<crate::domain::trends::Trends>, String>,
    },
    /// The last 14 desk days' attainment, for the header.
    FortnightLoaded(Result<Vec<Option<f64>>, String>),
    /// The answer to the `LoadHistory` with the same `seq`.
    HistoryLoaded {
        seq: u64,
        result: Result<crate::store::HistoryPage, String>,
    },
}

/// A notice the store took.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuedNotice {
    pub notice_id: i64,
    /// "INC-3".
    pub reference: String,
    pub stage: Stage,
    /// Whether the record was created by this send.
    pub created: bool,
    pub deliveries: usize,
    pub customers: usize,
    pub unreachable: Vec<(String, Channel)>,
}

/// Why a notice was not queued, and the record as it now stands when the
/// send got as far as creating or editing it: the form is sent again
/// against that, so a retry does not create the record twice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueRefused {
    pub error: String,
    pub record: Option<Box<Record>>,
}

/// Work for the runtime: `update` never does I/O itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Numbered so that an answer can be told from a later request's.
    LoadBoard {
        seq: u64,
        query: BoardQuery,
    },
    LoadDetail(i64),
    Triage {
        id: i64,
        op: TriageOp,
    },
    /// One step for each of the marked escalations (id, label).
    BulkTriage {
        ids: Vec<(i64, String)>,
        op: TriageOp,
    },
    /// The escalation an engineer named on the command line.
    Goto(String),
    /// The ids of everything the board's filter shows, for marking.
    MarkAll {
        filter: Option<crate::domain::board_filter::BoardFilter>,
    },
    /// Ask the store whether anyone else has written since last time.
    PollStore,
    /// A window of the quota pane.
    LoadQuotas(QuotaQuery),
    LoadCustomer(String),
    /// Numbered like board reads: only the newest answer counts.
    LoadPipeline {
        seq: u64,
        query: PipelineQuery,
    },
    LoadRequirement(i64),
    /// `seen` is the state the engineer saw: if the requirement has moved
    /// since, the step is refused rather than applied to a state nobody saw.
    StepRequirement {
        id: i64,
        seen: Option<RequirementState>,
        op: RequirementOp,
    },
    /// Records, recent notices, drafts and outbox counts for the notices screen.
    LoadNotices,
    /// The board's countdown: open incidents by next update due, `limit` of them.
    LoadUpdatesDue {
        limit: usize,
    },
    LoadLedger(i64),
    AdvanceRecord(RecordStep),
    /// Queue a notice's failed and dead deliveries again.
    Resend(i64),
    /// Customers whose inventory the services and regions touch.
    LoadAudience {
        seq: u64,
        services: Vec<String>,
        regions: Vec<String>,
    },
    LoadAudienceMember {
        name: String,
        services: Vec<String>,
        regions: Vec<String>,
    },
    /// Renders one customer's notice with the templates.
    RenderPreview {
        seq: u64,
        context: Box<NoticeContext>,
    },
    /// Keeps the composer's fields; `key` names the draft until the store
    /// has given it an id, so saves sent before the first answer are not
    /// new drafts.
    SaveDraft {
        key: u64,
        id: Option<i64>,
        kind: SubjectKind,
        fields: String,
    },
    DeleteDraft {
        key: u64,
        id: Option<i64>,
    },
    /// Creates or edits the record, advances it as its fields allow, then
    /// queues the notice; the draft goes once it is queued.
    QueueNotice(Box<Outgoing>),
    /// A note on escalation `id`; answered like a triage step.
    AddNote {
        id: i64,
        note: NewNote,
    },
    /// An update to the customer about escalation `id`, to its chat group
    /// and, when asked, by email; answered like a triage step.
    CustomerUpdate {
        id: i64,
        text: String,
        by_email: bool,
    },
    /// What an update would look like in the customer's chat group; writes
    /// nothing.
    PreviewUpdate {
        seq: u64,
        id: i64,
        text: String,
        by_email: bool,
    },
    LoadEngineers,
    FindCustomers {
        seq: u64,
        text: String,
        limit: usize,
    },
    /// What saving would take, or why it would be refused; writes nothing.
    PreviewIntake {
        seq: u64,
        new: Box<NewEscalation>,
    },
    /// Saved with its quota use in one transaction.
    AddEscalation(Box<NewEscalation>),
    /// Reads the expert quota before escalating asks to confirm.
    CheckExpertQuota(TriageTarget),
    /// Which alarm marks were reached since the last check (and ring).
    CheckAlarms,
    /// The handover of the shift since then.
    LoadHandover {
        since: chrono::DateTime<chrono::Utc>,
    },
    LoadTrends {
        span: crate::domain::trends::Span,
    },
    LoadFortnight,
    /// A page of every escalation, closed ones too, newest first.
    LoadHistory {
        seq: u64,
        query: crate::store::HistoryQuery,
    },
    /// Carried out by the runtime, not the store: the bell and the
    /// terminal's desktop notification, saying this.
    Ring(String),
    /// Carried out by the runtime: the command line's history, to keep
    /// for the next session.
    SaveCommands(Vec<String>),
    Quit,
    /// Give the terminal back and stop until continued (Ctrl-Z), as a
    /// shell's job.
    Suspend,
}
