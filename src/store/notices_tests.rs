//! Notices queued, listed and shown against a real store, on both
//! engines.

use chrono::Duration;

use super::StoreError;
use super::engine::Engine;
use super::notices::counts_of_each_sql;
use super::test_support::*;
use crate::domain::incident::IncidentState;
use crate::domain::notice::{Stage, SubjectKind};

#[test]
fn queueing_the_first_notice_marks_the_incident_notified() {
    each_engine("notice_marks_incident_notified", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        let id = ready_incident(&mut s);
        let e = s
            .queue_notice(&notice(id, "evaluated", 2), actor(t0()))
            .unwrap_err();
        assert!(e.to_string().contains("someone changed it"), "{e}");
        let nid = s
            .queue_notice(&notice(id, "guidance_ready", 2), actor(t0()))
            .unwrap();
        let i = s.incident(id).unwrap();
        assert_eq!(i.state, IncidentState::Notified);
        assert_eq!(i.next_update_due, Some(t0() + Duration::hours(1)));
        let d = s.notice(nid).unwrap();
        assert_eq!(d.notice.deliveries.queued, 2);
        assert_eq!(d.notice.reference, format!("INC-{id}"));
        // An update needs notified; "initial" again is fine while open.
        let mut upd = notice(id, "notified", 1);
        upd.stage = Stage::Update;
        s.queue_notice(&upd, actor(t0())).unwrap();
        assert_eq!(
            s.notices(Some((SubjectKind::Incident, id)), 10)
                .unwrap()
                .len(),
            2
        );
        let shown = s.notices(None, 1).unwrap();
        assert_eq!(shown.len(), 1);
        assert_eq!(shown[0].deliveries.queued, 1);
        assert_eq!(d.deliveries[0].customer, "Acme");
        assert!(d.deliveries.iter().all(|d| d.attempt_log.is_empty()));
        assert!(matches!(s.notice(99), Err(StoreError::NoNotice(99))));
    });
}

#[test]
fn nothing_is_written_when_the_stage_is_refused() {
    each_engine("notice_refused_stage_writes_nothing", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        let id = ready_incident(&mut s);
        let mut n = notice(id, "guidance_ready", 1);
        n.stage = Stage::Resolved;
        assert!(s.queue_notice(&n, actor(t0())).is_err());
        assert!(s.notices(None, 10).unwrap().is_empty());
        assert_eq!(s.next_delivery_due().unwrap(), None);
        assert!(
            s.queue_notice(&notice(id, "guidance_ready", 0), actor(t0()))
                .is_err()
        );
    });
}

#[test]
fn the_notices_list_counts_every_notices_deliveries_in_one_indexed_read() {
    each_engine("notice_list_counts", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        let id = ready_incident(&mut s);
        let first = s
            .queue_notice(&notice(id, "guidance_ready", 2), actor(t0()))
            .unwrap();
        let mut upd = notice(id, "notified", 1);
        upd.stage = Stage::Update;
        let second = s.queue_notice(&upd, actor(t0())).unwrap();
        let listed = s.notices(None, 10).unwrap();
        let queued: Vec<_> = listed.iter().map(|n| (n.id, n.deliveries.queued)).collect();
        assert_eq!(queued, [(second, 1), (first, 2)]);
        if s.engine() == Engine::Postgres {
            return;
        }
        // The plan is read off SQLite's EXPLAIN QUERY PLAN.
        let plan = crate::store::test_plan::query_plan(
            &s,
            &counts_of_each_sql(Engine::Sqlite),
            vec![format!("[{first},{second}]").into()],
        );
        assert!(plan.contains("deliveries_notice"), "{plan}");
        assert!(
            !plan.contains("SCAN d") && !plan.contains("SCAN deliveries"),
            "{plan}"
        );
    });
}
