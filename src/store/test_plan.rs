//! What the store's query-plan tests share: how SQLite would run a query.

use super::Store;

/// The plan's lines for `sql` with `args`, joined.
pub fn query_plan(s: &Store, sql: &str, args: Vec<rusqlite::types::Value>) -> String {
    let mut stmt = s
        .lite()
        .unwrap()
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap();
    let rows = stmt
        .query_map(rusqlite::params_from_iter(args), |r| r.get::<_, String>(3))
        .unwrap();
    rows.map(Result::unwrap).collect::<Vec<_>>().join("\n")
}
