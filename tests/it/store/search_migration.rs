//! The search step indexes what a file already holds: a file from just
//! before it finds its closed escalations and their notes by any word,
//! and what is written after goes into the index as it is written.

use super::*;
use sredesk::domain::search::SearchText;
use sredesk::store::{HistoryFrom, HistoryQuery};

fn found(store: &Store, text: &str) -> Vec<String> {
    let q = HistoryQuery {
        text: SearchText::parse(text).unwrap(),
        from: HistoryFrom::Newest,
        limit: 10,
    };
    store
        .history(&q)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.ticket_no)
        .collect()
}

#[test]
fn a_file_from_before_the_search_step_finds_its_closed_escalations_and_notes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let t = t0().timestamp();
    {
        let conn = old_file(&path, schema::search_version() - 1);
        conn.execute_batch(&format!(
            "INSERT INTO customers (name, kind, created_at) VALUES ('Andes', 'local', {t});
             INSERT INTO escalations (customer_id, ticket_no, title, description, kind, severity,
                     state, reported_at, deadline, ended_at, updated_at, open_rank)
                 VALUES (1, 'OLD-1', 'Gateway 502 storm', '负载均衡健康检查失败', 'general', 2,
                         'closed', {t}, {t} + 1800, {t} + 7200, {t}, NULL),
                        (1, 'OLD-2', 'Quota question', '', 'general', 5,
                         'new', {t} + 60, {t} + 57660, NULL, {t}, 0);
             INSERT INTO escalation_notes (escalation_id, at, engineer, kind, text)
                 VALUES (1, {t}, 'alice', 'note', 'rolled back the WAF rule'),
                        (1, {t}, 'bob', 'note', 'customer confirmed');"
        ))
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
    assert_eq!(found(&store, "gateway"), ["OLD-1"]);
    assert_eq!(found(&store, "waf rule confirmed"), ["OLD-1"]);
    assert_eq!(found(&store, "健康检查"), ["OLD-1"]);
    assert_eq!(found(&store, "old-"), ["OLD-2", "OLD-1"]);
    assert_eq!(found(&store, ""), ["OLD-2", "OLD-1"]);

    subscribe(&mut store, "Andes");
    let mut new = escalation("Andes", "NEW-1", Severity::S3);
    new.title = "Gateway timeout".into();
    store.add_escalation(&new, actor("alice")).unwrap();
    assert_eq!(found(&store, "gateway"), ["NEW-1", "OLD-1"]);
    drop(store);
    assert_foreign_keys_hold(&path);
}
