-- The board sorted by any column (issue 14). Each order is an index over
-- the open escalations only, so sorting costs what the window shows, not
-- what the store holds; the expressions are those `board_sort.rs` writes,
-- word for word, or SQLite would not use them.
--
-- The default order: unanswered, answered, then paused by longest wait.
-- A generated column, not an expression in the index: SQLite seeks a
-- row value (open_rank, board_wait, id) > (...) only on columns, and an
-- expression made every window read scan its section from the start
-- (measured: 10 ms at 100k open, 1,000 rows down).
ALTER TABLE escalations ADD COLUMN board_wait INTEGER
    GENERATED ALWAYS AS (CASE WHEN open_rank = 2 THEN paused_at ELSE deadline END) VIRTUAL;
CREATE INDEX escalations_board_wait ON escalations (open_rank, board_wait, id)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_sort_severity ON escalations (severity, deadline, id)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_sort_ticket ON escalations (ticket_no, deadline, id)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_sort_title ON escalations (title COLLATE NOCASE, deadline, id)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_sort_state ON escalations
    ((CASE state WHEN 'new' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END), deadline, id)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_sort_assignee ON escalations
    ((IFNULL(assignee, '')) COLLATE NOCASE, deadline, id)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_sort_reported ON escalations (reported_at, deadline, id)
    WHERE open_rank IS NOT NULL;
-- By customer: the customers in name order, each one's open escalations
-- by deadline.
CREATE INDEX escalations_sort_customer ON escalations (customer_id, deadline, id)
    WHERE open_rank IS NOT NULL;
