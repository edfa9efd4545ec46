//! The schema, as a list of migrations applied in order on open.
//!
//! A migration, once released, never changes: a new need is a new entry.
//! The file's `user_version` says how many have been applied.
//!
//! CHECKs spell value lists as `x = 'a' OR x = 'b'`: SQLite evaluates
//! `x IN ('a', 'b')` by building a temporary table for every row written,
//! which made bulk inserts several times slower.

use rusqlite::{Connection, TransactionBehavior};

pub use super::identity::{APPLICATION_ID, Found, inspect};

const V1_CORE: &str = "
CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind        TEXT NOT NULL CHECK (kind = 'local' OR kind = 'international-chinese'),
    owner       TEXT,
    created_at  INTEGER NOT NULL
);

CREATE TABLE escalations (
    id                  INTEGER PRIMARY KEY,
    customer_id         INTEGER NOT NULL REFERENCES customers(id),
    ticket_no           TEXT NOT NULL,
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    kind                TEXT NOT NULL CHECK (kind = 'faster' OR kind = 'expert' OR kind = 'general'),
    severity            INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
    state               TEXT NOT NULL CHECK (state = 'new' OR state = 'acknowledged' OR state = 'in_progress' OR state = 'resolved' OR state = 'closed' OR state = 'withdrawn' OR state = 'out_of_scope'),
    out_of_scope_reason TEXT CHECK (out_of_scope_reason = 'code-development' OR out_of_scope_reason = 'third-party-software' OR out_of_scope_reason = 'idc-hardware' OR out_of_scope_reason = 'beyond-service'),
    assignee            TEXT,
    resolution          TEXT,
    reported_at         INTEGER NOT NULL,
    deadline            INTEGER NOT NULL,
    responded_at        INTEGER,
    response_met        INTEGER,
    ended_at            INTEGER,
    updated_at          INTEGER NOT NULL,
    -- The board's order, so a million closed tickets cost nothing: 0 while
    -- awaiting the first response, 1 once answered and still open, NULL
    -- once off the board. A plain column (written by the store, held to
    -- the state by the CHECK) because SQLite cannot answer counts from an
    -- index over a generated column without visiting the table.
    open_rank           INTEGER CHECK (open_rank IS (CASE state WHEN 'new' THEN 0
                            WHEN 'acknowledged' THEN 1 WHEN 'in_progress' THEN 1 END)),
    UNIQUE (customer_id, ticket_no)
);
";

// The count triggers are a file of their own: the pause step rebuilds
// the table they sit on and creates them again, word for word.
const V2_BOARD_AND_AUDIT: &str = concat!(
    "
CREATE INDEX escalations_board ON escalations (open_rank, deadline, id)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_customer ON escalations (customer_id, reported_at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    engineer    TEXT NOT NULL,
    entity      TEXT NOT NULL CHECK (entity = 'customer' OR entity = 'escalation'),
    entity_id   INTEGER NOT NULL,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);

-- Open escalations per board rank and severity, kept by triggers so the
-- header's counts read ten rows instead of every open escalation.
CREATE TABLE open_counts (
    open_rank   INTEGER NOT NULL,
    severity    INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (open_rank, severity)
) WITHOUT ROWID;
-- A file coming from version 1 may already hold open escalations.
INSERT INTO open_counts (open_rank, severity, n)
    SELECT open_rank, severity, COUNT(*) FROM escalations
    WHERE open_rank IS NOT NULL GROUP BY open_rank, severity;

",
    include_str!("schema_open_counts.sql")
);

/// Subscriptions by month, the chat group each run of them opens, add-on
/// packages, and every use of a quota (given back uses keep their row).
/// Dates a customer agreed to are desk dates, kept as 'YYYY-MM-DD'.
const V3_SUBSCRIPTIONS_AND_QUOTAS: &str = "
CREATE TABLE subscriptions (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    applied_on  TEXT NOT NULL,
    start_on    TEXT NOT NULL,
    end_on      TEXT NOT NULL,
    months      INTEGER NOT NULL CHECK (months BETWEEN 1 AND 36),
    created_at  INTEGER NOT NULL
);
CREATE INDEX subscriptions_customer ON subscriptions (customer_id, start_on);

CREATE TABLE chat_groups (
    id              INTEGER PRIMARY KEY,
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
    platform        TEXT NOT NULL CHECK (platform = 'wecom' OR platform = 'welink'),
    webhook         TEXT,
    created_on      TEXT NOT NULL
);
CREATE INDEX chat_groups_customer ON chat_groups (customer_id, created_on);

CREATE TABLE packages (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    kind        TEXT NOT NULL CHECK (kind = 'ticket-handling' OR kind = 'expert-support'),
    units       INTEGER NOT NULL CHECK (units > 0),
    bought_on   TEXT NOT NULL,
    term_end    TEXT NOT NULL,
    created_at  INTEGER NOT NULL
);
CREATE INDEX packages_customer ON packages (customer_id, bought_on);

CREATE TABLE quota_uses (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers(id),
    escalation_id INTEGER NOT NULL REFERENCES escalations(id),
    quota         TEXT NOT NULL CHECK (quota = 'faster' OR quota = 'expert'),
    month         TEXT NOT NULL,
    package_id    INTEGER REFERENCES packages(id),
    used_at       INTEGER NOT NULL,
    returned_at   INTEGER
);
CREATE INDEX quota_uses_month ON quota_uses (customer_id, month, quota);
CREATE INDEX quota_uses_escalation ON quota_uses (escalation_id);
CREATE INDEX quota_uses_package ON quota_uses (package_id) WHERE package_id IS NOT NULL;
";

/// Requirements and their pipeline, the acceptance of deliverables, and the
/// desk's project owner per customer. A requirement's events are its audit
/// trail: every state change and rollout plan, with who and when.
const V4_REQUIREMENTS_AND_DELIVERABLES: &str = "
CREATE TABLE requirements (
    id               INTEGER PRIMARY KEY,
    customer_id      INTEGER NOT NULL REFERENCES customers(id),
    title            TEXT NOT NULL,
    description      TEXT NOT NULL DEFAULT '',
    state            TEXT NOT NULL CHECK (state = 'submitted' OR state = 'analysing' OR state = 'confirmed' OR state = 'reported_to_rnd' OR state = 'accepted' OR state = 'rejected' OR state = 'customer_notified'),
    state_since      INTEGER NOT NULL,
    submitted_at     INTEGER NOT NULL,
    rejection_reason TEXT,
    accepted         INTEGER NOT NULL DEFAULT 0 CHECK (accepted = 0 OR accepted = 1),
    rollout_on       TEXT,
    rollout_note     TEXT,
    updated_at       INTEGER NOT NULL
);
CREATE INDEX requirements_pipeline ON requirements (state, state_since, id);
CREATE INDEX requirements_customer ON requirements (customer_id, submitted_at);

CREATE TABLE requirement_events (
    id             INTEGER PRIMARY KEY,
    requirement_id INTEGER NOT NULL REFERENCES requirements(id),
    at             INTEGER NOT NULL,
    engineer       TEXT NOT NULL,
    action         TEXT NOT NULL CHECK (action = 'state' OR action = 'plan'),
    from_state     TEXT,
    to_state       TEXT NOT NULL,
    note           TEXT,
    rollout_on     TEXT
);
CREATE INDEX requirement_events_requirement ON requirement_events (requirement_id, id);

CREATE TABLE acceptances (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    kind        TEXT NOT NULL CHECK (kind = 'tickets' OR kind = 'requirements'),
    period_from TEXT NOT NULL,
    period_to   TEXT NOT NULL,
    accepted_by TEXT NOT NULL,
    accepted_at INTEGER NOT NULL,
    recorded_by TEXT NOT NULL,
    items       INTEGER NOT NULL,
    digest      TEXT NOT NULL,
    UNIQUE (customer_id, kind, period_from, period_to)
);

CREATE TABLE project_owners (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    owner        TEXT NOT NULL,
    effective_on TEXT NOT NULL,
    announced_on TEXT NOT NULL,
    announcement TEXT,
    recorded_by  TEXT NOT NULL,
    recorded_at  INTEGER NOT NULL
);
CREATE INDEX project_owners_customer ON project_owners (customer_id, effective_on);
";

/// An announced change of project owner called off before it took effect
/// stays on record, marked cancelled.
const V5_OWNER_CHANGE_CANCELLED: &str = "
ALTER TABLE project_owners ADD COLUMN cancelled_at INTEGER;
ALTER TABLE project_owners ADD COLUMN cancelled_by TEXT;
";

/// Escalations re-graded after their response kept the old verdict; since
/// a re-grade judges the response again, bring old rows in line.
const V6_RESPONSE_MET_FOLLOWS_DEADLINE: &str = "
UPDATE escalations SET response_met = (responded_at <= deadline)
    WHERE responded_at IS NOT NULL AND response_met IS NOT (responded_at <= deadline);
";

/// Incidents, platform changes, the customers' service inventories and
/// contacts, and notices with one delivery row per recipient and channel.
const V7_INCIDENTS_CHANGES_NOTICES: &str = "
CREATE TABLE inventories (
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    service     TEXT NOT NULL,
    region      TEXT NOT NULL,
    PRIMARY KEY (customer_id, service, region)
) WITHOUT ROWID;
-- Finding the customers an event touches starts from the service.
CREATE INDEX inventories_service ON inventories (service, region, customer_id);

CREATE TABLE contacts (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(id),
    channel     TEXT NOT NULL CHECK (channel = 'email' OR channel = 'chat' OR channel = 'sms'),
    address     TEXT NOT NULL,
    -- Chat contacts name their group robot's platform; others have none.
    platform    TEXT CHECK ((channel = 'chat') = (platform IS NOT NULL)
                            AND (platform IS NULL OR platform = 'wecom' OR platform = 'welink')),
    UNIQUE (customer_id, channel, address)
);

CREATE TABLE incidents (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    level           INTEGER CHECK (level BETWEEN 1 AND 3),
    services        TEXT NOT NULL DEFAULT '',
    regions         TEXT NOT NULL DEFAULT '',
    guidance        TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL,
    state_since     INTEGER NOT NULL,
    next_update_due INTEGER,
    lessons         TEXT,
    improvements    TEXT,
    opened_at       INTEGER NOT NULL,
    opened_by       TEXT NOT NULL,
    -- 1 while open: the board's countdown reads open incidents only.
    open            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incidents_open ON incidents (open, next_update_due, id);

CREATE TABLE changes (
    id                 INTEGER PRIMARY KEY,
    title              TEXT NOT NULL,
    kind               TEXT NOT NULL,
    window_start       INTEGER NOT NULL,
    window_end         INTEGER NOT NULL CHECK (window_end > window_start),
    services           TEXT NOT NULL DEFAULT '',
    regions            TEXT NOT NULL DEFAULT '',
    -- NULL until the impact is evaluated; then 0/1 each.
    impact_availability INTEGER,
    impact_performance  INTEGER,
    impact_data_access  INTEGER,
    impact_within_sla   INTEGER,
    guidance           TEXT NOT NULL DEFAULT '',
    state              TEXT NOT NULL,
    state_since        INTEGER NOT NULL,
    follow_up          TEXT,
    created_at         INTEGER NOT NULL,
    created_by         TEXT NOT NULL
);
CREATE INDEX changes_window ON changes (window_start, id);

-- Every step and edit of an incident or change, in order.
CREATE TABLE record_events (
    id          INTEGER PRIMARY KEY,
    subject     TEXT NOT NULL CHECK (subject = 'incident' OR subject = 'change'),
    subject_id  INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    engineer    TEXT NOT NULL,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL
);
CREATE INDEX record_events_subject ON record_events (subject, subject_id, id);

CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    subject     TEXT NOT NULL CHECK (subject = 'incident' OR subject = 'change'),
    subject_id  INTEGER NOT NULL,
    stage       TEXT NOT NULL,
    channels    TEXT NOT NULL,
    message     TEXT NOT NULL DEFAULT '',
    composed_at INTEGER NOT NULL,
    composed_by TEXT NOT NULL
);
CREATE INDEX notices_subject ON notices (subject, subject_id, id);

CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    notice_id       INTEGER NOT NULL REFERENCES notices(id),
    customer_id     INTEGER NOT NULL REFERENCES customers(id),
    channel         TEXT NOT NULL CHECK (channel = 'email' OR channel = 'chat' OR channel = 'sms'),
    platform        TEXT,
    address         TEXT NOT NULL,
    subject         TEXT NOT NULL DEFAULT '',
    body            TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state = 'queued' OR state = 'sending' OR state = 'sent'
                        OR state = 'failed' OR state = 'dead'),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- queued/failed: when it may go; sending: when the claim lapses.
    next_attempt_at INTEGER,
    last_error      TEXT,
    reply           TEXT,
    sent_at         INTEGER,
    updated_at      INTEGER NOT NULL,
    -- 1 while the dispatcher has work for it, so the due scan skips history.
    pending         INTEGER CHECK (pending IS (CASE state WHEN 'sent' THEN NULL
                        WHEN 'dead' THEN NULL ELSE 1 END))
);
CREATE INDEX deliveries_due ON deliveries (pending, next_attempt_at, id) WHERE pending IS NOT NULL;
CREATE INDEX deliveries_notice ON deliveries (notice_id, id);

-- The composer's fields as typed, saved on every edit.
CREATE TABLE drafts (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind = 'incident' OR kind = 'change'),
    fields      TEXT NOT NULL,
    engineer    TEXT NOT NULL,
    updated_at  INTEGER NOT NULL
);
";

// Notes engineers write on an escalation, and hand-offs with their note:
// the audit says that one was written, this keeps it to show and export.
const V8_ESCALATION_NOTES: &str = "
CREATE TABLE escalation_notes (
    id            INTEGER PRIMARY KEY,
    escalation_id INTEGER NOT NULL REFERENCES escalations(id),
    at            INTEGER NOT NULL,
    engineer      TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind = 'note' OR kind = 'handoff'),
    -- Shown on the customer's Ticket List.
    for_customer  INTEGER NOT NULL DEFAULT 0 CHECK (for_customer = 0 OR for_customer = 1),
    -- A hand-off: to whom.
    handed_to     TEXT,
    text          TEXT NOT NULL
);
CREATE INDEX escalation_notes_of ON escalation_notes (escalation_id, id);
";

/// Notices that reach the customer's own chat group and keep their
/// history (issue 13):
/// - a random id made with the store, so the Message-ID, Idempotency-Key
///   and SMS reference of a delivery are unique across stores;
/// - each customer's notice language (NULL: the kind's default);
/// - chat robots live on the customer's chat group: a chat contact on the
///   group's platform moves to the latest group that has no robot yet
///   (others stay, shown as not used);
/// - notices may also speak for a project-owner change or a requirement's
///   result (the table is rebuilt for its wider CHECK; deliveries keep
///   pointing at the same ids, checked at commit);
/// - every attempt of a delivery with its reply or error (the existing last
///   outcome is kept as one attempt), where a resend's round starts, and
///   the SMS template's parameters;
/// - a change's actual start and end, and its impact per customer with the
///   customer's confirmation.
const V8_NOTICE_DELIVERY: &str = include_str!("schema_v8_notice_delivery.sql");

/// Pause while waiting on the customer (issue 12): a reason, since when,
/// the paused seconds a re-grade keeps, and board rank 2 for paused ones.
const V9_PAUSE: &str = concat!(
    include_str!("schema_v9_pause.sql"),
    include_str!("schema_open_counts.sql")
);

const STEPS: &[&str] = &[
    V1_CORE,
    V2_BOARD_AND_AUDIT,
    V3_SUBSCRIPTIONS_AND_QUOTAS,
    V4_REQUIREMENTS_AND_DELIVERABLES,
    V5_OWNER_CHANGE_CANCELLED,
    V6_RESPONSE_MET_FOLLOWS_DEADLINE,
    V7_INCIDENTS_CHANGES_NOTICES,
    V8_ESCALATION_NOTES,
    V8_NOTICE_DELIVERY,
    V9_PAUSE,
    V10_CLOCKS,
    V11_ALARMS,
    V12_HANDOVER,
    V13_DESK_NOTICES,
    V13_TRENDS,
    SCALE,
    V17_SEARCH,
    BOARD_SORT,
    SORT_COLUMNS,
    BOARD_FILTER,
    QUOTA_SUMMARY,
    BOARD_TEXT,
    SEARCH_WORDS,
    SEARCH_FOLD,
];

const V10_CLOCKS: &str = include_str!("schema_v10_clocks.sql");
const V11_ALARMS: &str = include_str!("schema_v11_alarms.sql");
const V12_HANDOVER: &str = include_str!("schema_v12_handover.sql");
/// The handover sent to the desk itself (no customer; `handover` subject).
const V13_DESK_NOTICES: &str = include_str!("schema_v13_desk_notices.sql");
const V13_TRENDS: &str = include_str!("schema_v13_trends.sql");
const SCALE: &str = include_str!("schema_scale.sql");
/// Search over every escalation, closed ones included (issue 14).
const V17_SEARCH: &str = include_str!("schema_v17_search.sql");
/// The board sorted by any column, and paused ones by longest wait.
const BOARD_SORT: &str = include_str!("schema_board_sort.sql");
/// The state and assignee orders on generated columns: their reads seek.
const SORT_COLUMNS: &str = include_str!("schema_sort_columns.sql");
/// The filter's field columns on the default order's index, so a filtered
/// board rejects rows on index entries.
const BOARD_FILTER: &str = include_str!("schema_board_filter.sql");
/// The quota pane's rows kept in its order, recomputed per customer.
const QUOTA_SUMMARY: &str = include_str!("schema_quota_summary.sql");
/// The title and ticket number on the default order's index, so free
/// text is tested on index entries too.
const BOARD_TEXT: &str = include_str!("schema_board_text.sql");
/// PostgreSQL's steps (its search words split as SQLite's are, its accent
/// fold only where there is an accent): empty on SQLite.
const SEARCH_WORDS: &str = include_str!("schema_v23_search_words.sql");
const SEARCH_FOLD: &str = include_str!("schema_v24_search_fold.sql");

/// The version whose last step is the notice-delivery one (issue 13):
/// tests build a file just before it without naming numbers, which move
/// when steps are merged.
pub fn notice_delivery_version() -> usize {
    version_after(V8_NOTICE_DELIVERY)
}

/// The version whose last step lets a notice go to the desk itself.
pub fn desk_notices_version() -> usize {
    version_after(V13_DESK_NOTICES)
}

/// The version whose last step is the search index (issue 14).
pub fn search_version() -> usize {
    version_after(V17_SEARCH)
}

/// The version whose last step puts the state and assignee orders on
/// generated columns (issue 14).
pub fn sort_columns_version() -> usize {
    version_after(SORT_COLUMNS)
}

/// The version whose last step is the pause one (issue 12).
pub fn pause_version() -> usize {
    version_after(V9_PAUSE)
}

fn version_after(step: &str) -> usize {
    STEPS.iter().position(|s| *s == step).map_or(0, |i| i + 1)
}

/// The schema version this build writes.
pub fn latest_version() -> usize {
    STEPS.len()
}

/// Changes whenever any schema text does: generated files cached between
/// runs (benchmark stores) are keyed by it.
pub fn fingerprint() -> u64 {
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    STEPS
        .iter()
        .flat_map(|s| s.bytes())
        .fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        })
}

pub fn user_version(conn: &Connection) -> rusqlite::Result<usize> {
    let v: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // Negative is no version of ours: treat it as new, as SQLite does 0.
    Ok(usize::try_from(v).unwrap_or(0))
}

/// What `migrate_to` found.
#[derive(Debug, PartialEq, Eq)]
pub enum Migrated {
    /// From this version to the target.
    UpTo { from: usize },
    /// The file is newer than the target: nothing was done.
    TooNew { found: usize },
}

/// Brings the file to `target` (at most [`latest_version`]) and marks it
/// with [`APPLICATION_ID`]. The version is read and the steps applied
/// inside one write transaction, so two processes opening a new file at
/// once cannot both run a step; a file already there is not written.
pub fn migrate_to(conn: &mut Connection, target: usize) -> rusqlite::Result<Migrated> {
    let target = target.min(STEPS.len());
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let found = user_version(&tx)?;
    if found > target {
        return Ok(Migrated::TooNew { found });
    }
    let app: i32 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    if found == target && app == APPLICATION_ID {
        return Ok(Migrated::UpTo { from: found });
    }
    for step in &STEPS[found..target] {
        tx.execute_batch(step)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", target as i64)?;
    tx.commit()?;
    Ok(Migrated::UpTo { from: found })
}
