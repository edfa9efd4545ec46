-- The trends (issue 18) read a span of escalations by when they were
-- reported and by when they were answered, and quota uses by month:
-- each on an index that holds what the aggregates need, so a span costs
-- its own rows and never a visit to the table, however long the history
-- (SQLite still reads the column a partial index's condition names,
-- so returned_at is in the index too).
CREATE INDEX escalations_trend ON escalations
    (reported_at, severity, responded_at, response_met, paused_secs, open_rank, deadline);
CREATE INDEX escalations_answered ON escalations (responded_at, severity)
    WHERE responded_at IS NOT NULL;
CREATE INDEX quota_uses_trend ON quota_uses (month, customer_id, quota, package_id, returned_at)
    WHERE returned_at IS NULL;
