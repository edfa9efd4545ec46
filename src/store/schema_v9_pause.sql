-- Escalations waiting on the customer (issue 12): paused with a reason,
-- since when, and the seconds earlier pauses kept the response clock
-- still. A paused one has its own board rank, 2, after the answered ones,
-- so the board index keeps it apart and the breach counts (rank 0) never
-- see it. The CHECK on open_rank widens, so the table is rebuilt; the
-- rows, ids, indexes and triggers come back as they were.
PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE escalations_v8 AS SELECT * FROM escalations;
DROP TABLE escalations;
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
    -- 0 awaiting the first response, 1 answered, 2 paused (waiting on the
    -- customer), NULL off the board; see V1 for why it is a plain column.
    open_rank           INTEGER,
    paused_at           INTEGER,
    pause_reason        TEXT,
    paused_secs         INTEGER NOT NULL DEFAULT 0 CHECK (paused_secs >= 0),
    CHECK (open_rank IS (CASE
        WHEN state <> 'new' AND state <> 'acknowledged' AND state <> 'in_progress' THEN NULL
        WHEN paused_at IS NOT NULL THEN 2
        WHEN state = 'new' THEN 0
        ELSE 1 END)),
    CHECK ((paused_at IS NULL) = (pause_reason IS NULL)),
    UNIQUE (customer_id, ticket_no)
);
INSERT INTO escalations (id, customer_id, ticket_no, title, description, kind, severity, state,
        out_of_scope_reason, assignee, resolution, reported_at, deadline, responded_at,
        response_met, ended_at, updated_at, open_rank)
    SELECT id, customer_id, ticket_no, title, description, kind, severity, state,
        out_of_scope_reason, assignee, resolution, reported_at, deadline, responded_at,
        response_met, ended_at, updated_at, open_rank
    FROM escalations_v8;
DROP TABLE escalations_v8;

CREATE INDEX escalations_board ON escalations (open_rank, deadline, id)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_customer ON escalations (customer_id, reported_at);

-- Counted again from the rows, whatever the drop did to them.
DELETE FROM open_counts;
INSERT INTO open_counts (open_rank, severity, n)
    SELECT open_rank, severity, COUNT(*) FROM escalations
    WHERE open_rank IS NOT NULL GROUP BY open_rank, severity;

-- The count triggers, as V2 made them, follow (schema_open_counts.sql).
