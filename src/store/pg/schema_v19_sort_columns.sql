-- Twin of SQLite's sort-columns step: the board sorted by state, assignee
-- and title on columns, with the case-blind collation on the last two, so
-- the window read seeks a row value on a plain index as it does on SQLite.
ALTER TABLE escalations ADD COLUMN board_state bigint
    GENERATED ALWAYS AS (CASE state WHEN 'new' THEN 0 WHEN 'acknowledged' THEN 1 ELSE 2 END) STORED;
ALTER TABLE escalations ADD COLUMN board_assignee text COLLATE sredesk_nocase
    GENERATED ALWAYS AS (COALESCE(assignee, '')) STORED;
ALTER TABLE escalations ADD COLUMN board_title text COLLATE sredesk_nocase
    GENERATED ALWAYS AS (title) STORED;
DROP INDEX escalations_sort_state;
DROP INDEX escalations_sort_assignee;
DROP INDEX escalations_sort_title;
CREATE INDEX escalations_sort_state_col ON escalations (board_state, deadline, id)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_sort_assignee_col ON escalations (board_assignee, deadline, id)
    WHERE open_rank IS NOT NULL;
CREATE INDEX escalations_sort_title_col ON escalations (board_title, deadline, id)
    WHERE open_rank IS NOT NULL;
