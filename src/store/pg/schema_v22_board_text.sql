-- Twin of SQLite's board-text step: the title and the ticket number ride
-- on the default order's index beside the field columns, so a word is
-- tested in an index-only scan without a heap visit per open row.
DROP INDEX escalations_board_wait;
CREATE INDEX escalations_board_wait ON escalations (open_rank, board_wait, id)
    INCLUDE (severity, customer_id, kind, state, assignee, ticket_no, title)
    WHERE open_rank IS NOT NULL;
