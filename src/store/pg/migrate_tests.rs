//! The schema on a real PostgreSQL server (the tests' own, see `cluster`).

use super::Target;
use super::cluster;
use super::migrate::{Found, latest_version, migrate, version};
use crate::store::StoreError;
use crate::store::schema::Migrated;

fn client(url: &str) -> postgres::Client {
    Target::parse(url).unwrap().connect().unwrap()
}

#[test]
fn a_new_database_gets_the_whole_schema_and_a_second_start_changes_nothing() {
    let Some(pg) = cluster::for_test("pg_migrate_new") else {
        return;
    };
    let url = pg.fresh_database("migrate_new");
    let mut c = client(&url);
    assert_eq!(version(&mut c).unwrap(), Found::Empty);
    assert_eq!(migrate(&mut c, &url).unwrap(), Migrated::UpTo { from: 0 });
    assert_eq!(
        version(&mut c).unwrap(),
        Found::Ours {
            version: latest_version()
        }
    );
    // Every SQLite table, with the same columns in the same order; FTS5's
    // own tables are the search index's, which is a table of its own here.
    let lite = rusqlite::Connection::open_in_memory().unwrap();
    crate::store::functions::register_functions(&lite).unwrap();
    let mut lite = lite;
    crate::store::schema::migrate_to(&mut lite, latest_version()).unwrap();
    let lite_columns: Vec<(String, String)> = lite
        .prepare(
            "SELECT m.name, c.name FROM sqlite_master m, pragma_table_xinfo(m.name) c
             WHERE m.type = 'table' AND m.name NOT LIKE 'escalation_search%'
             ORDER BY m.name, c.cid",
        )
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let pg_columns: Vec<(String, String)> = c
        .query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = current_schema()
               AND table_name NOT IN ('escalation_search', 'sredesk_schema')
             ORDER BY table_name COLLATE \"C\", ordinal_position",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
    assert_eq!(pg_columns, lite_columns);
    assert_eq!(
        migrate(&mut c, &url).unwrap(),
        Migrated::UpTo {
            from: latest_version()
        }
    );
}

#[test]
fn two_processes_starting_at_once_migrate_once() {
    let Some(pg) = cluster::for_test("pg_migrate_race") else {
        return;
    };
    let url = pg.fresh_database("migrate_race");
    let outcomes: Vec<Migrated> = std::thread::scope(|s| {
        let racers: Vec<_> = (0..4)
            .map(|_| s.spawn(|| migrate(&mut client(&url), &url).unwrap()))
            .collect();
        racers.into_iter().map(|r| r.join().unwrap()).collect()
    });
    let fresh = outcomes
        .iter()
        .filter(|m| **m == Migrated::UpTo { from: 0 })
        .count();
    assert_eq!(fresh, 1, "{outcomes:?}");
}

#[test]
fn a_newer_desk_is_left_alone_and_a_foreign_database_refused() {
    let Some(pg) = cluster::for_test("pg_migrate_refused") else {
        return;
    };
    let url = pg.fresh_database("migrate_newer");
    let mut c = client(&url);
    migrate(&mut c, &url).unwrap();
    let newer = latest_version() as i64 + 1;
    c.execute("UPDATE sredesk_schema SET version = $1", &[&newer])
        .unwrap();
    assert_eq!(
        migrate(&mut c, &url).unwrap(),
        Migrated::TooNew {
            found: latest_version() + 1
        }
    );

    let url = pg.fresh_database("migrate_foreign");
    let mut c = client(&url);
    c.batch_execute("CREATE TABLE invoices (id int)").unwrap();
    match migrate(&mut c, &url) {
        Err(StoreError::Foreign { why, .. }) => assert!(why.contains("invoices"), "{why}"),
        other => panic!("{other:?}"),
    }
    let tables: i64 = c
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 1, "nothing was added to someone else's database");
}

#[test]
fn the_triggers_keep_counts_quota_version_and_the_search_index() {
    let Some(pg) = cluster::for_test("pg_triggers") else {
        return;
    };
    let url = pg.fresh_database("triggers");
    let mut c = client(&url);
    migrate(&mut c, &url).unwrap();
    c.batch_execute(
        "INSERT INTO customers (name, kind, created_at) VALUES ('Jade Logistics', 'local', 0);
         INSERT INTO escalations (customer_id, ticket_no, title, description, kind, severity,
             state, reported_at, deadline, updated_at, open_rank)
         VALUES (1, 'ST2612-0042', 'ECS 云服务器 down', 'disk full', 'faster', 2, 'new',
             100, 200, 100, 0);
         INSERT INTO escalation_notes (escalation_id, at, engineer, kind, text)
             VALUES (1, 150, 'alice', 'note', 'rebooted the gateway');",
    )
    .unwrap();
    let n: i64 = c
        .query_one(
            "SELECT n FROM open_counts WHERE open_rank = 0 AND severity = 2",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    c.batch_execute("UPDATE escalations SET state = 'acknowledged', open_rank = 1 WHERE id = 1")
        .unwrap();
    let counts: Vec<(i64, i64, i64)> = c
        .query(
            "SELECT open_rank, severity, n FROM open_counts ORDER BY 1",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(counts, vec![(0, 2, 0), (1, 2, 1)]);
    let moved: i64 = c
        .query_one("SELECT n FROM quota_version", &[])
        .unwrap()
        .get(0);
    assert_eq!(moved, 1, "one bump for the customer's insert");
    let found = |q: &str| -> Vec<i64> {
        let mut c = client(&url);
        c.query(
            "SELECT id FROM escalation_search WHERE words @@ to_tsquery('simple', $1)",
            &[&q],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
    };
    assert_eq!(found("gateway"), vec![1], "a note's words");
    assert_eq!(found("云 & 服"), vec![1], "each CJK character a word");
    assert_eq!(found("st2612:*"), vec![1], "a ticket number's start");
    assert_eq!(found("printer"), Vec::<i64>::new());
    // The case-blind name, as SQLite's NOCASE.
    let e = c
        .batch_execute(
            "INSERT INTO customers (name, kind, created_at) VALUES ('JADE logistics', 'local', 0)",
        )
        .unwrap_err();
    assert!(
        e.to_string().contains("customers_name_key") || format!("{e:?}").contains("unique"),
        "{e:?}"
    );
}

#[test]
fn an_older_desk_is_brought_up_to_date_in_one_transaction() {
    use super::migrate::{BASELINE, BASELINE_VERSION};
    let Some(pg) = cluster::for_test("pg_migrate_older") else {
        return;
    };
    let url = pg.fresh_database("migrate_older");
    let mut c = client(&url);
    // A desk as the first PostgreSQL sredesk left it.
    c.batch_execute(BASELINE).unwrap();
    c.execute(
        "INSERT INTO sredesk_schema (id, application, version) VALUES (1, $1, $2)",
        &[&super::APPLICATION, &(BASELINE_VERSION as i64)],
    )
    .unwrap();
    // Indexed by the baseline's words: the host name kept whole.
    c.batch_execute(
        "INSERT INTO customers (name, kind, created_at) VALUES ('Jade Logistics', 'local', 0);
         INSERT INTO escalations (customer_id, ticket_no, title, description, kind, severity,
             state, reported_at, deadline, updated_at, open_rank)
         VALUES (1, 'ST-7', 'db01.example.com down', '', 'general', 2, 'new',
             100, 200, 100, 0);",
    )
    .unwrap();
    let found = |c: &mut postgres::Client, word: &str| -> i64 {
        c.query_one(
            "SELECT count(*) FROM escalation_search WHERE words @@ to_tsquery('simple', $1)",
            &[&word],
        )
        .unwrap()
        .get(0)
    };
    assert_eq!(found(&mut c, "example"), 0);
    assert_eq!(
        migrate(&mut c, &url).unwrap(),
        Migrated::UpTo {
            from: BASELINE_VERSION
        }
    );
    assert_eq!(
        version(&mut c).unwrap(),
        Found::Ours {
            version: latest_version()
        }
    );
    let sorted: i64 = c
        .query_one(
            "SELECT count(*) FROM information_schema.columns
             WHERE table_name = 'escalations' AND column_name = 'board_state'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(sorted, 1);
    // The index was rebuilt with the words split as SQLite splits them.
    assert_eq!(found(&mut c, "example"), 1);
    assert_eq!(found(&mut c, "st <-> 7"), 1);
}

#[test]
fn the_accent_fold_skips_text_without_accents_and_folds_the_rest_as_before() {
    let Some(pg) = cluster::for_test("pg_search_fold") else {
        return;
    };
    let url = pg.fresh_database("search_fold");
    let mut c = client(&url);
    migrate(&mut c, &url).unwrap();
    let fold = |c: &mut postgres::Client, t: &str| -> String {
        c.query_one("SELECT sredesk_search_fold($1)", &[&t])
            .unwrap()
            .get(0)
    };
    for (text, folded) in [
        ("db01.example.com down", "db01.example.com down"),
        ("Crème brûlée at Zürich", "Creme brulee at Zurich"),
        // Accents among letters the list does not hold: only they fold.
        ("東京 Ångström Привет", "東京 Angstrom Привет"),
        ("東京 Привет — 5 €", "東京 Привет — 5 €"),
        ("ȳ À", "y A"),
    ] {
        assert_eq!(fold(&mut c, text), folded, "{text}");
    }
}
