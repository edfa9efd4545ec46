-- Search over every escalation, open and closed (issue 14, the history
-- screen and `ticket search`): its ticket number, title, description and
-- notes in one FTS5 index, kept by the triggers below.
--
-- Words by the unicode61 tokenizer (case-folded, diacritics removed), and
-- Chinese, Japanese and Korean characters one token each: unicode61
-- alone takes a run of Han characters with no spaces as one token, so
-- 数据库 would match only a text whose whole run is exactly that. The
-- store's function sredesk_search_words() (domain::search::index_words)
-- puts spaces around each such character, and a search for 数据库 is the
-- phrase 数 据 库: any place those three stand together. The trigram
-- tokenizer would find substrings too, but measured on the demo's 1M
-- escalations it made the index 1.6 GB of a 2.3 GB store and each write
-- several times slower; this index is about a sixth of that.
--
-- Contentless: the text stays in escalations and escalation_notes only;
-- contentless_delete lets a trigger drop a row by its rowid alone.
--
-- The rowid is the search order itself, reported_at * 2^30 + id, so that
-- newest first is FTS5's own rowid order: a page is a seek and a few rows
-- whether a word matches ten escalations or half a million. Ids stay under
-- 2^30 and times within ±2^32 s (year 2106) or the write is refused.
-- A note changes what its escalation is found by: its row is indexed
-- again with all its notes. A later step that rebuilds the escalations
-- table must create these triggers again.
CREATE VIRTUAL TABLE escalation_search USING fts5(
    ticket_no, title, description, notes,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Every escalation newest first with no words typed, and the key those
-- pages seek on.
CREATE INDEX escalations_reported ON escalations (reported_at, id);

-- What the index holds of each escalation, its notes in the order written.
CREATE VIEW escalation_search_rows AS
    SELECT e.id AS id, e.reported_at * 1073741824 + e.id AS key,
        sredesk_search_words(e.ticket_no) AS ticket_no,
        sredesk_search_words(e.title) AS title,
        sredesk_search_words(e.description) AS description,
        sredesk_search_words(COALESCE((SELECT group_concat(n.text, char(10))
            FROM escalation_notes n WHERE n.escalation_id = e.id ORDER BY n.id), '')) AS notes
    FROM escalations e;

INSERT INTO escalation_search (rowid, ticket_no, title, description, notes)
    SELECT key, ticket_no, title, description, notes FROM escalation_search_rows;

-- Checked after the insert: before it, an id SQLite is yet to pick reads -1.
CREATE TRIGGER escalation_search_added AFTER INSERT ON escalations BEGIN
    SELECT RAISE(ABORT, 'escalation id or reported time out of the search index''s range')
        WHERE new.id >= 1073741824 OR new.id < 0
            OR new.reported_at >= 4294967296 OR new.reported_at <= -4294967296;
    INSERT INTO escalation_search (rowid, ticket_no, title, description, notes)
        VALUES (new.reported_at * 1073741824 + new.id, sredesk_search_words(new.ticket_no),
                sredesk_search_words(new.title), sredesk_search_words(new.description), '');
END;

CREATE TRIGGER escalation_search_changed
    AFTER UPDATE OF id, ticket_no, title, description, reported_at ON escalations
BEGIN
    SELECT RAISE(ABORT, 'escalation id or reported time out of the search index''s range')
        WHERE new.id >= 1073741824 OR new.id < 0
            OR new.reported_at >= 4294967296 OR new.reported_at <= -4294967296;
    DELETE FROM escalation_search WHERE rowid = old.reported_at * 1073741824 + old.id;
    INSERT INTO escalation_search (rowid, ticket_no, title, description, notes)
        SELECT key, ticket_no, title, description, notes FROM escalation_search_rows
        WHERE id = new.id;
END;

CREATE TRIGGER escalation_search_removed AFTER DELETE ON escalations BEGIN
    DELETE FROM escalation_search WHERE rowid = old.reported_at * 1073741824 + old.id;
END;

CREATE TRIGGER escalation_search_note_added AFTER INSERT ON escalation_notes BEGIN
    DELETE FROM escalation_search
        WHERE rowid = (SELECT key FROM escalation_search_rows WHERE id = new.escalation_id);
    INSERT INTO escalation_search (rowid, ticket_no, title, description, notes)
        SELECT key, ticket_no, title, description, notes FROM escalation_search_rows
        WHERE id = new.escalation_id;
END;

CREATE TRIGGER escalation_search_note_changed
    AFTER UPDATE OF escalation_id, text ON escalation_notes
BEGIN
    DELETE FROM escalation_search WHERE rowid IN (SELECT key FROM escalation_search_rows
        WHERE id = old.escalation_id OR id = new.escalation_id);
    INSERT INTO escalation_search (rowid, ticket_no, title, description, notes)
        SELECT key, ticket_no, title, description, notes FROM escalation_search_rows
        WHERE id = old.escalation_id OR id = new.escalation_id;
END;

CREATE TRIGGER escalation_search_note_removed AFTER DELETE ON escalation_notes BEGIN
    DELETE FROM escalation_search
        WHERE rowid = (SELECT key FROM escalation_search_rows WHERE id = old.escalation_id);
    INSERT INTO escalation_search (rowid, ticket_no, title, description, notes)
        SELECT key, ticket_no, title, description, notes FROM escalation_search_rows
        WHERE id = old.escalation_id;
END;
