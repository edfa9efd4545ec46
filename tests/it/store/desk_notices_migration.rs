//! The desk-notices step rebuilds notices, deliveries and record events
//! (their CHECKs widen): a file from just before it keeps every notice,
//! delivery, attempt and event with its id, the outbox still finds what is
//! due, and a handover with no customer can be queued at once.

use super::*;
use sredesk::domain::notice::{Channel, NoticeSubject, Stage};
use sredesk::store::{NewDelivery, NewNotice};

#[test]
fn a_file_from_before_desk_notices_keeps_its_outbox_and_takes_a_handover() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let t = t0().timestamp();
    {
        let conn = old_file(&path, schema::desk_notices_version() - 1);
        conn.execute_batch(&format!(
            "INSERT INTO customers (name, kind, created_at) VALUES ('Andes', 'local', {t});
             INSERT INTO incidents (title, kind, state, state_since, regions, opened_at, opened_by)
                 VALUES ('Backbone loss', 'backbone-network-fault', 'notified', {t}, 'cn-south-1', {t}, 'alice');
             INSERT INTO notices (subject, subject_id, stage, channels, message, composed_at, composed_by)
                 VALUES ('incident', 1, 'initial', 'email', '', {t}, 'alice');
             INSERT INTO deliveries (notice_id, customer_id, channel, address, subject, body, state,
                     attempts, next_attempt_at, updated_at, pending, last_error)
                 VALUES (1, 1, 'email', 'ops@andes.example', 'S', 'B', 'sent', 1, NULL, {t}, NULL, NULL),
                        (1, 1, 'email', 'noc@andes.example', 'S', 'B', 'failed', 1, {t} + 60, {t}, 1, 'busy');
             INSERT INTO delivery_attempts (delivery_id, at, outcome, detail)
                 VALUES (1, {t}, 'sent', '250 ok'), (2, {t}, 'failed', 'busy');
             INSERT INTO record_events (subject, subject_id, at, engineer, action, detail)
                 VALUES ('incident', 1, {t}, 'alice', 'notified', 'first notice');"
        ))
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), schema::latest_version());
    let old = store.notice(1).unwrap();
    assert_eq!(old.deliveries.len(), 2);
    assert_eq!(old.deliveries[0].customer, "Andes");
    assert_eq!(old.deliveries[1].attempt_log.len(), 1);
    assert_eq!(old.deliveries[1].last_error.as_deref(), Some("busy"));
    let due = store
        .next_delivery_due()
        .unwrap()
        .expect("the failed one is still due");
    assert_eq!(due.timestamp(), t + 60);

    let handover = NewNotice {
        subject: NoticeSubject::Handover,
        subject_id: 0,
        stage: Stage::ShiftHandover,
        seen_state: String::new(),
        channels: vec![Channel::Email],
        message: "a shift".into(),
        next_update_due: None,
        deliveries: vec![NewDelivery {
            customer_id: None,
            channel: Channel::Email,
            platform: None,
            address: "leads@desk.example".into(),
            subject: "Handover".into(),
            body: "quiet".into(),
            params: None,
        }],
    };
    let actor = Actor {
        engineer: "bob",
        now: t0(),
    };
    let (id, number) = store.queue_handover(&handover, actor).unwrap();
    assert_eq!((id, number), (2, 1));
    assert_eq!(
        store.notice(id).unwrap().deliveries[0].customer,
        "(the desk)"
    );
    drop(store);
    assert_foreign_keys_hold(&path);
    let conn = crate::common::raw_connection(&path).unwrap();
    let events: i64 = conn
        .query_row("SELECT COUNT(*) FROM record_events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(events, 2, "the old event and the handover's");
    let indexes: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index'
             AND tbl_name IN ('notices', 'deliveries', 'record_events') ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        indexes,
        [
            "deliveries_due",
            "deliveries_due_channel",
            "deliveries_notice",
            "deliveries_robot",
            "notices_composed",
            "notices_subject",
            "record_events_subject"
        ]
    );
}
