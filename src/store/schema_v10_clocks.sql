-- The follow-up clocks (issue 12): a resolution deadline stored like the
-- response one (walked on the severity's clock when reported or
-- re-graded, moved on resume), the clock seconds pauses kept it still,
-- and what the customer-update cadence counts from: the last update and
-- the end of the last pause. Added columns: no rebuild, so a large store
-- migrates in no time.
ALTER TABLE escalations ADD COLUMN resolve_by INTEGER;
ALTER TABLE escalations ADD COLUMN resolve_paused_secs INTEGER NOT NULL DEFAULT 0
    CHECK (resolve_paused_secs >= 0);
-- Paused time is kept in both clocks, wall and business, so a re-grade
-- to a severity on the other clock gives back what that clock counts.
ALTER TABLE escalations ADD COLUMN paused_business_secs INTEGER NOT NULL DEFAULT 0
    CHECK (paused_business_secs >= 0);
ALTER TABLE escalations ADD COLUMN resolve_paused_business_secs INTEGER NOT NULL DEFAULT 0
    CHECK (resolve_paused_business_secs >= 0);
ALTER TABLE escalations ADD COLUMN last_update_at INTEGER;
ALTER TABLE escalations ADD COLUMN resumed_at INTEGER;
-- Pauses so far were counted only while the response was owed: the best
-- reading of the resolution clock's pauses there is.
UPDATE escalations SET resolve_paused_secs = paused_secs WHERE paused_secs > 0;
UPDATE escalations SET last_update_at = (
        SELECT max(n.composed_at) FROM notices n
        WHERE n.subject = 'escalation' AND n.subject_id = escalations.id)
    WHERE id IN (SELECT subject_id FROM notices WHERE subject = 'escalation');
