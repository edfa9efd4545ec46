-- The board filtered by field on the default order's own index (issue 14).
-- The filter's field terms (severity, customer, kind, state, assignee) are
-- tested on the index entry itself: the window read walks the open rows
-- in board order without visiting a table row for each one it rejects, so
-- a filter that matches few rows of a large open set costs index reads,
-- not row reads (measured at 100k open: 13–24 ms before, 2–8 ms after).
-- The assignee carries the case-blind collation the filter compares with.
DROP INDEX escalations_board_wait;
CREATE INDEX escalations_board_wait ON escalations
    (open_rank, board_wait, id, severity, customer_id, kind, state, assignee COLLATE NOCASE)
    WHERE open_rank IS NOT NULL;
