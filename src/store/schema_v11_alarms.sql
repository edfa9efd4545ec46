-- Alarms (issue 12): which marks have rung for which engineer, so a mark
-- rings once across restarts and across one engineer's dashboards, and
-- where each engineer's dashboards last looked, so a mark passed while
-- they were closed rings once on start. A snooze holds an escalation's
-- alarms back until its time.
ALTER TABLE escalations ADD COLUMN snoozed_until INTEGER;
CREATE INDEX escalations_snoozed ON escalations (snoozed_until)
    WHERE snoozed_until IS NOT NULL;
-- What changed among the unanswered since a dashboard last looked: new
-- ones, re-grades and resumes that moved a deadline, snoozes ended.
CREATE INDEX escalations_unanswered_changed ON escalations (updated_at)
    WHERE open_rank = 0;
-- The header's count of pauses waiting longer than the desk allows.
CREATE INDEX escalations_paused ON escalations (paused_at) WHERE open_rank = 2;
CREATE TABLE alarms_rung (
    engineer      TEXT NOT NULL,
    escalation_id INTEGER NOT NULL REFERENCES escalations(id),
    mark          TEXT NOT NULL CHECK (mark = 'arrived' OR mark = 'due' OR mark = 'breached'),
    rung_at       INTEGER NOT NULL,
    PRIMARY KEY (engineer, escalation_id, mark)
) WITHOUT ROWID;
CREATE TABLE alarm_watch (
    engineer   TEXT PRIMARY KEY,
    checked_at INTEGER NOT NULL,
    last_id    INTEGER NOT NULL
) WITHOUT ROWID;
