//! Where the two engines' SQL differs, for the queries written once:
//! each answer is the text to put in the query on that engine. What both
//! share needs nothing here: numbered placeholders (rewritten for
//! PostgreSQL), `INSERT … ON CONFLICT DO NOTHING`, `INSERT … RETURNING
//! id`, `TRUE`, `EXISTS`, partial indexes.

use super::Engine;
use crate::domain::search::{SearchText, index_tokens, index_words};

/// The SQLite search index's rowid of escalation `id` is `reported_at *
/// KEY_SHIFT + id` (see the schema's search step); PostgreSQL keeps it as
/// a column.
pub const SEARCH_KEY_SHIFT: i64 = 1 << 30;

/// What differs, asked of the engine a query is about to run on.
pub trait Dialect {
    fn engine(&self) -> Engine;

    /// `column LIKE pattern`, blind to ASCII case as SQLite's LIKE is, with
    /// `\` escaping `%` and `_`. PostgreSQL's LIKE minds case, and cannot
    /// run on the desk's case-blind collation at all: both sides are
    /// lowered in the "C" collation, which lowers ASCII only, as SQLite.
    fn like_nocase(&self, column: &str, pattern: &str) -> String {
        match self.engine() {
            Engine::Sqlite => format!("{column} LIKE {pattern} ESCAPE '\\'"),
            Engine::Postgres => format!(
                "lower({column} COLLATE \"C\") LIKE lower({pattern} COLLATE \"C\") ESCAPE '\\'"
            ),
        }
    }

    /// The collation that orders and compares names without regard to case.
    fn nocase(&self) -> &'static str {
        match self.engine() {
            Engine::Sqlite => "NOCASE",
            Engine::Postgres => "sredesk_nocase",
        }
    }

    /// The rows of a JSON list of integers given as the text parameter
    /// `param`, as a subquery: `id IN (…)`.
    fn json_ints(&self, param: &str) -> String {
        match self.engine() {
            Engine::Sqlite => format!("SELECT value FROM json_each({param})"),
            Engine::Postgres => {
                format!("SELECT value::bigint FROM json_array_elements_text(CAST({param} AS json))")
            }
        }
    }

    /// The same for a JSON list of text.
    fn json_texts(&self, param: &str) -> String {
        match self.engine() {
            Engine::Sqlite => format!("SELECT value FROM json_each({param})"),
            Engine::Postgres => {
                format!("SELECT value FROM json_array_elements_text(CAST({param} AS json))")
            }
        }
    }

    /// A join that keeps the left table the outer loop, so rows come in
    /// its index's order and a LIMIT stops the walk: SQLite's planner
    /// keeps a CROSS JOIN's order; PostgreSQL's takes no ON after CROSS
    /// JOIN and picks its own plan.
    fn join_in_order(&self) -> &'static str {
        match self.engine() {
            Engine::Sqlite => "CROSS JOIN",
            Engine::Postgres => "JOIN",
        }
    }

    /// Names the index a read must walk, after its table: SQLite keeps no
    /// statistics on the desk's partial indexes and would otherwise sort a
    /// range it could read in order; PostgreSQL's planner has statistics
    /// and takes no such words.
    fn indexed_by(&self, index: &str) -> String {
        match self.engine() {
            Engine::Sqlite => format!("INDEXED BY {index}"),
            Engine::Postgres => String::new(),
        }
    }

    /// A condition as the integer 0 or 1, to compare with a `bool`
    /// parameter (which both engines are given as an integer): SQLite's
    /// comparisons are integers already, PostgreSQL's are `boolean`.
    fn flag(&self, condition: &str) -> String {
        match self.engine() {
            Engine::Sqlite => format!("({condition})"),
            Engine::Postgres => format!("CAST(({condition}) AS integer)"),
        }
    }

    /// The search index's key, the history's order newest first.
    fn search_key(&self) -> &'static str {
        match self.engine() {
            Engine::Sqlite => "s.rowid",
            Engine::Postgres => "s.key",
        }
    }

    /// The escalation's id of a search index row `s`.
    fn search_id(&self) -> String {
        match self.engine() {
            Engine::Sqlite => format!("(s.rowid & {})", SEARCH_KEY_SHIFT - 1),
            Engine::Postgres => "s.id".into(),
        }
    }

    /// The search index's rows `s` that hold what the text parameter
    /// `param` asks, made by [`Dialect::search_expression`].
    fn search_matches(&self, param: &str) -> String {
        match self.engine() {
            Engine::Sqlite => format!("escalation_search MATCH {param}"),
            Engine::Postgres => {
                format!("s.words @@ to_tsquery('simple', sredesk_search_fold({param}))")
            }
        }
    }

    /// What to search for, as the engine's index takes it: every word found
    /// by its start, a word of several index words as their phrase, all
    /// words needed. Nothing typed is syntax: FTS5 is given each word as a
    /// quoted string (its tokenizer splits it as it split the text);
    /// PostgreSQL the words [`index_tokens`] splits out, which hold no
    /// punctuation at all. `None`: a word with nothing the index holds, so
    /// nothing matches.
    fn search_expression(&self, text: &SearchText) -> Option<String> {
        let words = text.words().iter();
        Some(match self.engine() {
            Engine::Sqlite => words
                .map(|w| format!("\"{}\"*", index_words(w).replace('"', "\"\"")))
                .collect::<Vec<_>>()
                .join(" AND "),
            Engine::Postgres => words
                .map(|w| {
                    let tokens = index_tokens(w);
                    (!tokens.is_empty()).then(|| {
                        let phrase: Vec<String> = tokens.iter().map(|t| format!("'{t}'")).collect();
                        format!("({}:*)", phrase.join(" <-> "))
                    })
                })
                .collect::<Option<Vec<_>>>()?
                .join(" & "),
        })
    }

    /// What to run before (`many` true) and after a transaction that
    /// takes a savepoint per row, if anything: SQLite writes each
    /// savepoint's statement journal to a temporary file unless told to
    /// keep it in memory (on disk, a third of an import's time);
    /// PostgreSQL keeps its subtransactions itself.
    fn many_savepoints(&self, many: bool) -> Option<&'static str> {
        match (self.engine(), many) {
            (Engine::Sqlite, true) => Some("PRAGMA temp_store = MEMORY"),
            (Engine::Sqlite, false) => Some("PRAGMA temp_store = DEFAULT"),
            (Engine::Postgres, _) => None,
        }
    }

    /// How many rows one `INSERT … VALUES` carries when generated data is
    /// loaded: PostgreSQL pays a round trip for every statement, so a few
    /// hundred rows go at once (their parameters well under its 65,535);
    /// SQLite runs inside the process, where one cached single-row
    /// statement a row costs no trip and a long VALUES list would only
    /// add parsing.
    fn rows_per_insert(&self) -> usize {
        match self.engine() {
            Engine::Sqlite => 1,
            Engine::Postgres => 400,
        }
    }

    /// After rows were inserted into `table` with ids the store chose: the
    /// statement that makes new rows' ids go on from the highest, if one
    /// is needed. SQLite's rowid always does; PostgreSQL's identity
    /// sequence does not move for ids it did not hand out.
    fn ids_taken(&self, table: &str) -> Option<String> {
        match self.engine() {
            Engine::Sqlite => None,
            Engine::Postgres => Some(format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} \
                 HAVING max(id) IS NOT NULL"
            )),
        }
    }

    /// The session's settings for filling a new desk with generated data
    /// (`on`), or back to the desk's own (`!on`). SQLite: a crash mid-way
    /// loses the file, which the generator makes again, so durability is
    /// traded for speed, a larger cache keeps index pages in memory, and
    /// writing straight to the file, without the WAL, halves the bytes
    /// written. PostgreSQL has no counterpart to the journal or the cache
    /// (WAL is always written, the buffers are the server's): only its
    /// commits stop waiting for the WAL to reach the disk, which a crash
    /// can cost the last commits of but never the database's consistency,
    /// and a half-made demo is refused and made again anyway.
    fn bulk_load(&self, on: bool) -> String {
        match (self.engine(), on) {
            (Engine::Sqlite, true) => "PRAGMA synchronous = OFF; PRAGMA cache_size = -131072; \
                 PRAGMA journal_mode = MEMORY;"
                .into(),
            (Engine::Sqlite, false) => format!(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = {}; PRAGMA cache_size = -2000;",
                crate::store::open::DURABILITY
            ),
            (Engine::Postgres, true) => "SET synchronous_commit = off".into(),
            (Engine::Postgres, false) => "RESET synchronous_commit".into(),
        }
    }
}

impl Dialect for Engine {
    fn engine(&self) -> Engine {
        *self
    }
}
