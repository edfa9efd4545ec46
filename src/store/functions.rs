//! SQL functions the schema calls, defined in Rust.

/// Makes the store's own SQL functions known to `conn`:
/// `sredesk_search_words(text)` (`domain::search::index_words`), which the
/// search step's view and triggers call, so every connection that writes
/// escalations or notes needs it.
pub fn register_functions(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    use rusqlite::functions::FunctionFlags;
    use rusqlite::types::ValueRef;
    conn.create_scalar_function(
        "sredesk_search_words",
        1,
        FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS,
        |ctx| {
            let words = crate::domain::search::index_words;
            // Text another tool wrote may not be UTF-8: indexed as read.
            Ok(match ctx.get_raw(0) {
                ValueRef::Null => None,
                ValueRef::Text(t) | ValueRef::Blob(t) => Some(words(&String::from_utf8_lossy(t))),
                ValueRef::Integer(n) => Some(n.to_string()),
                ValueRef::Real(x) => Some(x.to_string()),
            })
        },
    )
}
