//! The sort-columns step: a file from just before it, with open
//! escalations already on it, sorts by state and by assignee on the new
//! columns as it did on the old expressions, and keeps them as rows change.

use super::*;
use sredesk::domain::board_sort::{BoardSort, SortColumn};
use sredesk::store::{Anchor, BoardQuery};

fn sorted(store: &Store, column: SortColumn, descending: bool) -> Vec<String> {
    store
        .board(&BoardQuery {
            filter: None,
            sort: BoardSort { column, descending },
            anchor: Anchor::Top,
            before: 0,
            after: 10,
            now: t0(),
            newer_than: None,
        })
        .map(|page| page.rows.iter().map(|r| r.ticket_no.clone()).collect())
        .unwrap()
}

/// Three open ones, one in each state: in progress for bob, new for no
/// one, acknowledged for Alice.
const OPEN: &str = "
    INSERT INTO escalations (customer_id, ticket_no, title, description, kind, severity,
            state, assignee, reported_at, deadline, updated_at, open_rank)
        VALUES (1, 'OLD-1', 'a', '', 'general', 3, 'in_progress', 'bob', ?1, ?1 + 100, ?1, 1),
               (1, 'OLD-2', 'b', '', 'general', 3, 'new', NULL, ?1, ?1 + 200, ?1, 0),
               (1, 'OLD-3', 'c', '', 'general', 3, 'acknowledged', 'Alice', ?1, ?1 + 300, ?1, 1)";

#[test]
fn a_file_from_before_the_sort_columns_step_sorts_by_state_and_assignee() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("before-sort-columns.db");
    let conn = old_file(&path, schema::sort_columns_version() - 1);
    let at = t0().timestamp();
    conn.execute(
        "INSERT INTO customers (name, kind, created_at) VALUES ('Andes', 'local', ?1)",
        [at],
    )
    .unwrap();
    conn.execute(OPEN, [at]).unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
    assert_eq!(
        sorted(&store, SortColumn::State, false),
        ["OLD-2", "OLD-3", "OLD-1"]
    );
    assert_eq!(
        sorted(&store, SortColumn::State, true),
        ["OLD-1", "OLD-3", "OLD-2"]
    );
    // Unassigned first, then by name whatever its case.
    assert_eq!(
        sorted(&store, SortColumn::Assignee, false),
        ["OLD-2", "OLD-3", "OLD-1"]
    );
    drop(store);
    // A row changed after the step sorts by what it holds now.
    let conn = crate::common::raw_connection(&path).unwrap();
    conn.execute_batch("UPDATE escalations SET assignee = 'Zoe' WHERE ticket_no = 'OLD-2'")
        .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(
        sorted(&store, SortColumn::Assignee, false),
        ["OLD-3", "OLD-1", "OLD-2"]
    );
    drop(store);
    assert_foreign_keys_hold(&path);
}
