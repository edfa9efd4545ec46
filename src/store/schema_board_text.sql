-- The board's free text tested on the default order's index (issue 14).
-- A word is matched on the escalation's title, ticket number, assignee
-- and customer: the assignee and the customer's id already ride on the
-- index, so the title and the ticket number join them and the window
-- read, the filter's total and the anchor's place never visit a table
-- row to test a word. The index holds open rows only, so the cost is a
-- title per open escalation, not per stored one.
DROP INDEX escalations_board_wait;
CREATE INDEX escalations_board_wait ON escalations
    (open_rank, board_wait, id, severity, customer_id, kind, state, assignee COLLATE NOCASE,
     ticket_no, title)
    WHERE open_rank IS NOT NULL;
