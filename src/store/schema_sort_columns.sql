-- The board sorted by state, by assignee and by title on columns, not
-- expressions: SQLite seeks a row value (lead, deadline, id) > (...) only
-- on plain columns of the index, and the expression (and COLLATE) indexes
-- of the board-sort step made every window read of these orders scan the
-- open set from its start (as the default order did before `board_wait`).
-- The columns carry their collation, so the index and the comparison
-- need none. The expressions are those the board-sort step indexed.
ALTER TABLE escalations ADD COLUMN board_state INTEGER
    GENERATED ALWAYS AS (CASE state WHEN 'new' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END) VIRTUAL;
ALTER TABLE escalations ADD COLUMN board_assignee TEXT COLLATE NOCASE
    GENERATED ALWAYS AS (IFNULL(assignee, '')) VIRTUAL;
ALTER TABLE escalations ADD COLUMN board_title TEXT COLLATE NOCASE
    GENERATED ALWAYS AS (title) VIRTUAL;
DROP INDEX escalations_sort_state;
DROP INDEX escalations_sort_assignee;
DROP INDEX escalations_sort_title;
CREATE INDEX escalations_sort_state_col ON escalations (board_state, deadline, id)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_sort_assignee_col ON escalations (board_assignee, deadline, id)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_sort_title_col ON escalations (board_title, deadline, id)
    WHERE open_rank IS NOT NULL;
