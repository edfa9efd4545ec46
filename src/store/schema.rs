//! The schema, as a list of migrations applied in order on open.
//!
//! A migration, once released, never changes: a new need is a new entry.
//! The file's `user_version` says how many have been applied.

use rusqlite_migration::{M, Migrations};

const V1_CORE: &str = "
CREATE TABLE customers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind        TEXT NOT NULL CHECK (kind IN ('local', 'international-chinese')),
    owner       TEXT,
    created_at  INTEGER NOT NULL
);

CREATE TABLE escalations (
    id                  INTEGER PRIMARY KEY,
    customer_id         INTEGER NOT NULL REFERENCES customers(id),
    ticket_no           TEXT NOT NULL,
    title               TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    kind                TEXT NOT NULL CHECK (kind IN ('faster', 'expert', 'general')),
    severity            INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
    state               TEXT NOT NULL CHECK (state IN ('new', 'acknowledged', 'in_progress',
                            'resolved', 'closed', 'withdrawn', 'out_of_scope')),
    out_of_scope_reason TEXT CHECK (out_of_scope_reason IN ('code-development',
                            'third-party-software', 'idc-hardware', 'beyond-service')),
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

const V2_BOARD_AND_AUDIT: &str = "
CREATE INDEX escalations_board ON escalations (open_rank, deadline, id)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_open_counts ON escalations (open_rank, severity, deadline)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_customer ON escalations (customer_id, reported_at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    engineer    TEXT NOT NULL,
    entity      TEXT NOT NULL CHECK (entity IN ('customer', 'escalation')),
    entity_id   INTEGER NOT NULL,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
";

static STEPS: &[M<'static>] = &[M::up(V1_CORE), M::up(V2_BOARD_AND_AUDIT)];

pub fn migrations() -> Migrations<'static> {
    Migrations::from_slice(STEPS)
}

/// The schema version this build writes.
pub fn latest_version() -> usize {
    STEPS.len()
}
