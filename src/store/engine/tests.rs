//! The same statements, with the same parameters and the same rows read
//! back, on an SQLite file and on the tests' PostgreSQL server.

use super::{Db, Engine, PgConn, Sql};
use crate::sql_args;
use crate::store::StoreError;
use crate::store::pg::{Target, cluster};

fn both(test: &str) -> Vec<Db> {
    let mut dbs = vec![Db::Lite(rusqlite::Connection::open_in_memory().unwrap())];
    if let Some(pg) = cluster::for_test(test) {
        let url = pg.fresh_database(test);
        dbs.push(Db::Pg(Box::new(PgConn::new(
            Target::parse(&url).unwrap().connect().unwrap(),
        ))));
    }
    dbs
}

const TABLE: &str = "CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT, score DOUBLE PRECISION,
                                     data BYTEA, flag BIGINT)";

fn lite_ddl(db: &Db, sql: &str) -> String {
    match db.engine() {
        Engine::Sqlite => sql.replace("BYTEA", "BLOB"),
        Engine::Postgres => sql.to_string(),
    }
}

#[test]
fn values_go_in_and_come_back_the_same_on_both_engines() {
    for db in both("engine_values") {
        db.batch(&lite_ddl(&db, TABLE)).unwrap();
        let none: Option<&str> = None;
        let tx = db.write().unwrap();
        tx.execute(
            "INSERT INTO t (id, name, score, data, flag) VALUES (?1, ?2, ?3, ?4, ?5)",
            sql_args![1_i64, "华为云 ✓", 2.5_f64, vec![0_u8, 255], true],
        )
        .unwrap();
        tx.execute(
            "INSERT INTO t (id, name, score, data, flag) VALUES (?1, ?2, NULL, NULL, ?3)",
            sql_args![2_i64, none, 0_u8],
        )
        .unwrap();
        tx.commit().unwrap();
        // `?2 IS NULL OR …`: PostgreSQL is told the NULL's type.
        let rows = db
            .query_map(
                "SELECT id, name, score, data, flag FROM t
                 WHERE (?1 IS NULL OR name = ?1) AND id >= ?2 ORDER BY id",
                sql_args![none, 1_u32],
                |r| {
                    Ok((
                        r.get::<i64>(0)?,
                        r.get::<Option<String>>(1)?,
                        r.get::<Option<f64>>(2)?,
                        r.get::<Option<Vec<u8>>>(3)?,
                        r.get::<bool>(4)?,
                    ))
                },
            )
            .unwrap();
        assert_eq!(
            rows,
            vec![
                (
                    1,
                    Some("华为云 ✓".into()),
                    Some(2.5),
                    Some(vec![0, 255]),
                    true
                ),
                (2, None, None, None, false),
            ],
            "{:?}",
            db.engine()
        );
        let total: i64 = db
            .query_row("SELECT sum(id) FROM t", sql_args![], |r| r.get(0))
            .unwrap();
        assert_eq!(total, 3, "{:?}: a sum reads as an integer", db.engine());
    }
}

#[test]
fn a_transaction_not_committed_leaves_nothing_and_a_bad_cell_names_its_column() {
    for db in both("engine_rollback") {
        db.batch(&lite_ddl(&db, TABLE)).unwrap();
        {
            let tx = db.write().unwrap();
            tx.execute(
                "INSERT INTO t (id, name) VALUES (?1, ?2)",
                sql_args![7_i64, "x"],
            )
            .unwrap();
        }
        let n: i64 = db
            .query_row("SELECT count(*) FROM t", sql_args![], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0, "{:?}", db.engine());
        db.execute(
            "INSERT INTO t (id, name) VALUES (?1, ?2)",
            sql_args![8_i64, "x"],
        )
        .unwrap();
        let e = db
            .query_row("SELECT name FROM t", sql_args![], |r| r.get::<i64>(0))
            .unwrap_err();
        assert!(
            matches!(&e, StoreError::Corrupt(m) if m.contains("name")),
            "{:?}: {e}",
            db.engine()
        );
    }
}

#[test]
fn a_savepoint_rolled_back_undoes_only_its_own_writes_and_a_released_one_keeps_them() {
    for db in both("engine_savepoint") {
        let e = db.engine();
        db.batch(&lite_ddl(&db, TABLE)).unwrap();
        let ids = |db: &Db| -> Vec<i64> {
            db.query_map("SELECT id FROM t ORDER BY id", sql_args![], |r| r.get(0))
                .unwrap()
        };
        let add = |db: &Db, id: i64| {
            db.execute("INSERT INTO t (id) VALUES (?1)", sql_args![id])
                .unwrap();
        };
        let tx = db.write().unwrap();
        add(&tx, 1);
        let sp = tx.savepoint().unwrap();
        add(&sp, 2);
        sp.rollback().unwrap();
        assert_eq!(ids(&tx), [1], "{e:?}: the outer write stays");
        // A failed statement: on PostgreSQL it spoils the transaction
        // until the savepoint is rolled back to, which dropping does.
        {
            let sp = tx.savepoint().unwrap();
            add(&sp, 3);
            let dup = sp.execute("INSERT INTO t (id) VALUES (?1)", sql_args![1_i64]);
            assert!(dup.is_err(), "{e:?}");
        }
        let sp = tx.savepoint().unwrap();
        add(&sp, 4);
        sp.release().unwrap();
        assert_eq!(ids(&tx), [1, 4], "{e:?}: the released write stays");
        tx.commit().unwrap();
        assert_eq!(ids(&db), [1, 4], "{e:?}: committed as seen");
        let tx = db.write().unwrap();
        add(&tx, 5);
        tx.rollback().unwrap();
        assert_eq!(ids(&db), [1, 4], "{e:?}: a rollback keeps nothing");
    }
}

#[test]
fn a_write_is_announced_to_a_listener_at_commit() {
    let Some(pg) = cluster::for_test("engine_notify") else {
        return;
    };
    let url = pg.fresh_database("engine_notify");
    let connect = || Target::parse(&url).unwrap().connect().unwrap();
    let mut listener = connect();
    listener
        .batch_execute(&format!("LISTEN {}", super::CHANGED))
        .unwrap();
    let db = Db::Pg(Box::new(PgConn::new(connect())));
    db.batch(TABLE).unwrap();
    let tx = db.write().unwrap();
    tx.execute("INSERT INTO t (id) VALUES (?1)", sql_args![1_i64])
        .unwrap();
    assert_eq!(
        listener.notifications().len(),
        0,
        "nothing before the commit"
    );
    tx.commit().unwrap();
    use postgres::fallible_iterator::FallibleIterator;
    let heard = listener
        .notifications()
        .timeout_iter(std::time::Duration::from_secs(10))
        .next()
        .unwrap()
        .expect("a notification within 10 s");
    assert_eq!(heard.channel(), super::CHANGED);
    // A write transaction that changed nothing announces nothing; the
    // write after it is the next thing heard, and nothing is left over.
    let tx = db.write().unwrap();
    let n = tx
        .execute("UPDATE t SET id = id WHERE id = ?1", sql_args![99_i64])
        .unwrap();
    assert_eq!(n, 0);
    tx.commit().unwrap();
    let tx = db.write().unwrap();
    tx.execute("INSERT INTO t (id) VALUES (?1)", sql_args![2_i64])
        .unwrap();
    tx.commit().unwrap();
    listener
        .notifications()
        .timeout_iter(std::time::Duration::from_secs(10))
        .next()
        .unwrap()
        .expect("the second write heard within 10 s");
    listener.batch_execute("").unwrap();
    assert_eq!(
        listener.notifications().len(),
        0,
        "the empty commit was announced"
    );
}

#[test]
fn what_the_dialects_differ_in_reads_the_same_on_both_engines() {
    use super::Dialect;
    for db in both("engine_dialect") {
        let e = db.engine();
        db.batch(&lite_ddl(&db, TABLE)).unwrap();
        if e == super::Engine::Postgres {
            // The desk's collation, as the schema makes it.
            db.batch(
                "CREATE COLLATION sredesk_nocase
                 (provider = icu, locale = 'und-u-ks-level2', deterministic = false)",
            )
            .unwrap();
        }
        let tx = db.write().unwrap();
        for (id, name) in [(1_i64, "Acme"), (2, "acme_2"), (3, "Borealis")] {
            let got = tx
                .insert(
                    "INSERT INTO t (id, name, flag) VALUES (?1, ?2, ?3) RETURNING id",
                    sql_args![id, name, id % 2 == 1],
                )
                .unwrap();
            assert_eq!(got, id, "{e:?}");
        }
        let again = tx
            .execute(
                "INSERT INTO t (id, name) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                sql_args![1_i64, "again"],
            )
            .unwrap();
        assert_eq!(again, 0, "{e:?}: a conflict changes nothing");
        tx.commit().unwrap();
        let names = |sql: String, args: &[&dyn super::Param]| -> Vec<String> {
            db.query_map(&sql, args, |r| r.get(0)).unwrap()
        };
        assert_eq!(
            names(
                format!(
                    "SELECT name FROM t WHERE {} ORDER BY id",
                    e.like_nocase("name", "?1")
                ),
                sql_args!["ACME\\_%"]
            ),
            ["acme_2"],
            "{e:?}: case-blind, `_` escaped"
        );
        assert_eq!(
            names(
                format!(
                    "SELECT name FROM t WHERE id IN ({}) AND name IN ({}) ORDER BY id",
                    e.json_ints("?1"),
                    e.json_texts("?2")
                ),
                sql_args!["[1,3]", r#"["Borealis","Acme"]"#]
            ),
            ["Acme", "Borealis"],
            "{e:?}"
        );
        assert_eq!(
            names(
                format!(
                    "SELECT name FROM t WHERE {} = ?1 ORDER BY name COLLATE {}",
                    e.flag("id > 1"),
                    e.nocase()
                ),
                sql_args![true]
            ),
            ["acme_2", "Borealis"],
            "{e:?}"
        );
    }
}

/// The dispatcher's case: the store called from a task on a runtime of
/// the caller's, where the synchronous client may not block on its own.
#[test]
fn queries_run_from_inside_an_async_task_on_both_engines() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    for db in both("engine_in_runtime") {
        runtime.block_on(async {
            db.batch(&lite_ddl(&db, TABLE)).unwrap();
            let tx = db.write().unwrap();
            tx.execute(
                "INSERT INTO t (id, name) VALUES (?1, ?2), (?3, ?4)",
                sql_args![1_i64, "a", 2_i64, "b"],
            )
            .unwrap();
            tx.commit().unwrap();
            let mut names = Vec::new();
            db.each("SELECT name FROM t ORDER BY id", sql_args![], |r| {
                names.push(r.text(0)?);
                Ok(())
            })
            .unwrap();
            assert_eq!(names, ["a", "b"], "{:?}", db.engine());
            let n: i64 = db
                .query_row("SELECT count(*) FROM t", sql_args![], |r| r.get(0))
                .unwrap();
            assert_eq!(n, 2, "{:?}", db.engine());
        });
    }
}
