CREATE TABLE store_identity (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    store_id TEXT NOT NULL
);
INSERT INTO store_identity (id, store_id) VALUES (1, lower(hex(randomblob(12))));

ALTER TABLE customers ADD COLUMN notice_language TEXT
    CHECK (notice_language IS NULL OR notice_language = 'en' OR notice_language = 'zh-CN');

UPDATE chat_groups SET webhook = (
        SELECT c.address FROM contacts c
        WHERE c.customer_id = chat_groups.customer_id AND c.channel = 'chat'
          AND c.platform = chat_groups.platform
        ORDER BY c.id LIMIT 1)
    WHERE webhook IS NULL
      AND id = (SELECT g.id FROM chat_groups g WHERE g.customer_id = chat_groups.customer_id
                ORDER BY g.created_on DESC, g.id DESC LIMIT 1)
      AND EXISTS (SELECT 1 FROM contacts c WHERE c.customer_id = chat_groups.customer_id
                  AND c.channel = 'chat' AND c.platform = chat_groups.platform);
DELETE FROM contacts WHERE channel = 'chat' AND EXISTS (
    SELECT 1 FROM chat_groups g
    WHERE g.customer_id = contacts.customer_id AND g.webhook = contacts.address);

PRAGMA defer_foreign_keys = ON;
CREATE TEMP TABLE notices_v7 AS SELECT * FROM notices;
DROP TABLE notices;
CREATE TABLE notices (
    id          INTEGER PRIMARY KEY,
    subject     TEXT NOT NULL CHECK (subject = 'incident' OR subject = 'change'
                    OR subject = 'owner' OR subject = 'requirement'
                    OR subject = 'escalation'),
    subject_id  INTEGER NOT NULL,
    stage       TEXT NOT NULL,
    channels    TEXT NOT NULL,
    message     TEXT NOT NULL DEFAULT '',
    composed_at INTEGER NOT NULL,
    composed_by TEXT NOT NULL
);
INSERT INTO notices (id, subject, subject_id, stage, channels, message, composed_at, composed_by)
    SELECT id, subject, subject_id, stage, channels, message, composed_at, composed_by
    FROM notices_v7;
DROP TABLE notices_v7;
CREATE INDEX notices_subject ON notices (subject, subject_id, id);

CREATE TABLE delivery_attempts (
    id          INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES deliveries(id),
    at          INTEGER NOT NULL,
    outcome     TEXT NOT NULL CHECK (outcome = 'sent' OR outcome = 'failed' OR outcome = 'dead'),
    detail      TEXT NOT NULL
);
CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, id);
-- Pacing a robot reads the last minute's attempts only.
CREATE INDEX delivery_attempts_at ON delivery_attempts (at);
INSERT INTO delivery_attempts (delivery_id, at, outcome, detail)
    SELECT id, updated_at, CASE state WHEN 'sent' THEN 'sent' WHEN 'dead' THEN 'dead' ELSE 'failed' END,
           COALESCE(CASE state WHEN 'sent' THEN reply ELSE last_error END, '')
    FROM deliveries WHERE attempts > 0 AND state <> 'sending';
ALTER TABLE deliveries ADD COLUMN round_start INTEGER NOT NULL DEFAULT 0;
ALTER TABLE deliveries ADD COLUMN params TEXT;

ALTER TABLE changes ADD COLUMN started_at INTEGER;
ALTER TABLE changes ADD COLUMN completed_at INTEGER;
UPDATE changes SET
    started_at = (SELECT MIN(e.at) FROM record_events e WHERE e.subject = 'change'
                  AND e.subject_id = changes.id AND e.action = 'advance'
                  AND e.detail LIKE '% -> in_progress'),
    completed_at = (SELECT MIN(e.at) FROM record_events e WHERE e.subject = 'change'
                  AND e.subject_id = changes.id AND e.action = 'advance'
                  AND e.detail LIKE '% -> completed');

CREATE TABLE change_impacts (
    change_id    INTEGER NOT NULL REFERENCES changes(id),
    customer_id  INTEGER NOT NULL REFERENCES customers(id),
    -- The customer's holdings the change touches, 'ECS@cn-north-4,...'.
    holdings     TEXT NOT NULL DEFAULT '',
    availability INTEGER NOT NULL,
    performance  INTEGER NOT NULL,
    data_access  INTEGER NOT NULL,
    within_sla   INTEGER NOT NULL,
    evaluated_by TEXT NOT NULL,
    evaluated_at INTEGER NOT NULL,
    confirmed_by TEXT,
    confirmed_at INTEGER,
    confirmation TEXT,
    PRIMARY KEY (change_id, customer_id)
) WITHOUT ROWID;
