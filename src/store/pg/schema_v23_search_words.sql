-- The search index's words as SQLite's unicode61 tokenizer makes them.
-- PostgreSQL's own parser keeps 'db01.example.com', 's1-outage' and
-- '/var/log' whole and reads 'T-2' as 't' and the number -2, so a search
-- for 'example' or 't-2' found on SQLite what it missed here. Every
-- punctuation mark, symbol and space now separates words before the
-- parser sees them (the same characters as domain::search::is_separator,
-- which splits what is searched for), and accented Latin letters are
-- read without their accents, as unicode61's remove_diacritics does.
-- The index is then rebuilt for every escalation.

-- A letter with its accent, and the letter without (Latin-1 Supplement
-- and Latin Extended-A and -B: each of them NFD-decomposes to one ASCII
-- letter and combining marks). Applied to the text stored and to what
-- is searched for alike.
CREATE FUNCTION sredesk_search_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT translate(t,
        'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ',
        'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYy')
$$;

CREATE OR REPLACE FUNCTION sredesk_search_words(t text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT regexp_replace(
        regexp_replace(sredesk_search_fold(t),
            '[\u0001-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u00a9\u00ab-\u00b1\u00b4\u00b6-\u00b8\u00bb-\u00bf\u00d7\u00f7\u2000-\u206f\u20a0-\u20cf\u2190-\u2bff\u3000-\u303f\ufe30-\ufe6f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\U0001f000-\U0001faff]+',
            ' ', 'g'),
        '([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f])',
        ' \1 ', 'g')
$$;

DELETE FROM escalation_search;
INSERT INTO escalation_search (key, id, words)
    SELECT e.reported_at * 1073741824 + e.id, e.id,
        sredesk_search_doc(e.ticket_no, e.title, e.description,
            (SELECT string_agg(n.text, E'\n' ORDER BY n.id)
             FROM escalation_notes n WHERE n.escalation_id = e.id))
    FROM escalations e;
