-- Twin of SQLite's board-filter step: the filter's field columns ride on
-- the default order's index, so an index-only scan tests them without a
-- heap visit per rejected row. INCLUDE keeps them out of the key, which
-- stays the board's order.
DROP INDEX escalations_board_wait;
CREATE INDEX escalations_board_wait ON escalations (open_rank, board_wait, id)
    INCLUDE (severity, customer_id, kind, state, assignee)
    WHERE open_rank IS NOT NULL;
