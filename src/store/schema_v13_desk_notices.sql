-- The desk's own notices (issue 12's `handover --send`): a notice may be
-- the shift's handover, sent to the desk's chat group and email rather
-- than to a customer, so a delivery's customer may be none, and the
-- handover's resends are kept among the record events. The three tables
-- are rebuilt for their wider CHECKs (SQLite cannot alter one); every row
-- keeps its id, so deliveries, attempts and events still point where they
-- did, checked at commit.
PRAGMA defer_foreign_keys = ON;

CREATE TEMP TABLE notices_v13 AS SELECT * FROM notices;
DROP TABLE notices;
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    subject     TEXT NOT NULL CHECK (subject = 'incident' OR subject = 'change'
                    OR subject = 'owner' OR subject = 'requirement'
                    OR subject = 'escalation' OR subject = 'handover'),
    subject_id  INTEGER NOT NULL,
    stage       TEXT NOT NULL,
    channels    TEXT NOT NULL,
    message     TEXT NOT NULL DEFAULT '',
    composed_at INTEGER NOT NULL,
    composed_by TEXT NOT NULL
);
INSERT INTO notices (id, subject, subject_id, stage, channels, message, composed_at, composed_by)
    SELECT id, subject, subject_id, stage, channels, message, composed_at, composed_by
    FROM notices_v13;
DROP TABLE notices_v13;
CREATE INDEX notices_subject ON notices (subject, subject_id, id);
CREATE INDEX notices_composed ON notices (composed_at);

CREATE TEMP TABLE deliveries_v13 AS SELECT * FROM deliveries;
DROP TABLE deliveries;
CREATE TABLE deliveries (
    id              INTEGER PRIMARY KEY,
    notice_id       INTEGER NOT NULL REFERENCES notices(id),
    -- NULL: the desk itself (its handover), not a customer.
    customer_id     INTEGER REFERENCES customers(id),
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
                        WHEN 'dead' THEN NULL ELSE 1 END)),
    round_start     INTEGER NOT NULL DEFAULT 0,
    params          TEXT
);
INSERT INTO deliveries (id, notice_id, customer_id, channel, platform, address, subject, body,
        state, attempts, next_attempt_at, last_error, reply, sent_at, updated_at, pending,
        round_start, params)
    SELECT id, notice_id, customer_id, channel, platform, address, subject, body,
        state, attempts, next_attempt_at, last_error, reply, sent_at, updated_at, pending,
        round_start, params
    FROM deliveries_v13;
DROP TABLE deliveries_v13;
CREATE INDEX deliveries_due ON deliveries (pending, next_attempt_at, id) WHERE pending IS NOT NULL;
CREATE INDEX deliveries_notice ON deliveries (notice_id, id);

CREATE TEMP TABLE record_events_v13 AS SELECT * FROM record_events;
DROP TABLE record_events;
CREATE TABLE record_events (
    id          INTEGER PRIMARY KEY,
    subject     TEXT NOT NULL CHECK (subject = 'incident' OR subject = 'change'
                    OR subject = 'handover'),
    subject_id  INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    engineer    TEXT NOT NULL,
    action      TEXT NOT NULL,
    detail      TEXT NOT NULL
);
INSERT INTO record_events (id, subject, subject_id, at, engineer, action, detail)
    SELECT id, subject, subject_id, at, engineer, action, detail FROM record_events_v13;
DROP TABLE record_events_v13;
CREATE INDEX record_events_subject ON record_events (subject, subject_id, id);
