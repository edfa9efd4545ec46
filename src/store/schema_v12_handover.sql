-- The handover (issue 12) reads a shift's window of the audit trail, the
-- notes and the notices: indexes on their times keep it to that window
-- however long the store's history.
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX escalation_notes_at ON escalation_notes (at);
CREATE INDEX notices_composed ON notices (composed_at);
