//! The pause step rebuilds the escalations table (its board rank widens):
//! a file from just before it keeps every escalation, id, history, note
//! and quota use, its counts and its indexes, and can pause at once.

use super::*;
use sredesk::store::{Anchor, BoardQuery};

#[test]
fn a_file_from_before_the_pause_keeps_its_escalations_and_can_pause() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let t = t0().timestamp();
    {
        let conn = old_file(&path, schema::pause_version() - 1);
        conn.execute_batch(&format!(
            "INSERT INTO customers (name, kind, created_at) VALUES ('Andes', 'local', {t});
             INSERT INTO escalations (customer_id, ticket_no, title, kind, severity, state,
                 open_rank, reported_at, deadline, updated_at)
                 VALUES (1, 'N-1', 'new one', 'general', 2, 'new', 0, {t}, {t} + 1800, {t}),
                        (1, 'A-1', 'answered', 'faster', 3, 'acknowledged', 1, {t}, {t} + 10800, {t});
             UPDATE escalations SET responded_at = {t} + 60, response_met = 1 WHERE id = 2;
             INSERT INTO escalations (customer_id, ticket_no, title, kind, severity, state,
                 open_rank, reported_at, deadline, updated_at, ended_at)
                 VALUES (1, 'R-1', 'done', 'general', 4, 'resolved', NULL, {t}, {t} + 28800, {t}, {t});
             INSERT INTO audit_log (at, engineer, entity, entity_id, action, detail)
                 VALUES ({t}, 'alice', 'escalation', 2, 'acknowledge', 'acknowledged');
             INSERT INTO escalation_notes (escalation_id, at, engineer, kind, text)
                 VALUES (2, {t}, 'alice', 'note', 'kept');
             INSERT INTO quota_uses (customer_id, escalation_id, quota, month, used_at)
                 VALUES (1, 2, 'faster', '2026-11', {t});"
        ))
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
    let answered = store.escalation(2).unwrap();
    assert_eq!(
        (answered.ticket_no.as_str(), answered.response_met),
        ("A-1", Some(true))
    );
    assert_eq!((answered.pause, answered.paused_secs), (None, 0));
    assert_eq!(store.escalation_history(2).unwrap().len(), 1);
    assert_eq!(
        store.escalation(3).unwrap().state,
        EscalationState::Resolved
    );
    let c = store.board_counts(t0()).unwrap();
    assert_eq!((c.open, c.awaiting, c.paused), (2, 1, 0));

    let now = t0() + Duration::minutes(10);
    let reason = TriageOp::Pause {
        reason: "waiting for the customer's logs".into(),
    };
    store
        .triage(
            1,
            &reason,
            Actor {
                engineer: "bob",
                now,
            },
        )
        .unwrap();
    let c = store.board_counts(t0() + Duration::hours(2)).unwrap();
    assert_eq!(
        (c.open, c.awaiting, c.paused, c.breached.n),
        (2, 0, 1, 0),
        "a paused one is counted apart and never breached"
    );
    let page = store
        .board(&BoardQuery {
            filter: None,
            sort: Default::default(),
            anchor: Anchor::Top,
            before: 0,
            after: 10,
            now,
            newer_than: None,
        })
        .unwrap();
    let order: Vec<&str> = page.rows.iter().map(|r| r.ticket_no.as_str()).collect();
    assert_eq!(order, ["A-1", "N-1"], "paused after the running ones");

    assert_foreign_keys_hold(&path);
    let conn = crate::common::raw_connection(&path).unwrap();
    let indexes: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE tbl_name = 'escalations'
             AND (name = 'escalations_board' OR name LIKE 'open_counts_%'
                  OR name = 'escalations_customer')",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(indexes, 5, "both indexes and the three count triggers");
}

/// The follow-up clocks' step adds columns: the pauses already counted
/// stand for the resolution clock's, and the last customer update comes
/// from the updates already sent.
#[test]
fn a_file_from_before_the_follow_up_clocks_keeps_its_last_update() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let t = t0().timestamp();
    {
        let conn = old_file(&path, schema::pause_version());
        conn.execute_batch(&format!(
            "INSERT INTO customers (name, kind, created_at) VALUES ('Andes', 'local', {t});
             INSERT INTO escalations (customer_id, ticket_no, title, kind, severity, state,
                 open_rank, reported_at, deadline, updated_at, responded_at, response_met,
                 paused_secs)
                 VALUES (1, 'A-1', 'answered', 'general', 3, 'acknowledged', 1, {t},
                         {t} + 12600, {t}, {t} + 60, 1, 1800),
                        (1, 'B-1', 'quiet', 'general', 3, 'acknowledged', 1, {t},
                         {t} + 10800, {t}, {t} + 60, 1, 0);
             INSERT INTO notices (subject, subject_id, stage, channels, message,
                 composed_at, composed_by)
                 VALUES ('escalation', 1, 'update', 'chat', 'first', {t} + 600, 'alice'),
                        ('escalation', 1, 'update', 'chat', 'second', {t} + 900, 'alice');"
        ))
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
    let a = store.escalation(1).unwrap();
    assert_eq!(
        a.last_update_at,
        Some(t0() + Duration::seconds(900)),
        "the latest update"
    );
    assert_eq!(
        (a.resolve_paused_secs, a.resolve_by, a.resumed_at),
        (1800, None, None)
    );
    let b = store.escalation(2).unwrap();
    assert_eq!((b.last_update_at, b.resolve_paused_secs), (None, 0));
}
