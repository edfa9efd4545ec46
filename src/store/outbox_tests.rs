//! The outbox's claims, settles, leases and resends against a real store.

use chrono::Duration;

use super::test_support::*;
use super::{Store, idempotency_key};
use crate::domain::notice::{Delivery, DeliveryState, RetryPolicy};

#[test]
fn claims_settle_once_and_retry_with_backoff() {
    each_engine("outbox_claims_settle_once_and_retry_wit", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        let id = ready_incident(&mut s);
        let nid = s
            .queue_notice(&notice(id, "guidance_ready", 2), actor(t0()))
            .unwrap();
        let lease = Duration::minutes(5);
        let got = s.claim_due(t0(), 10, lease).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].key,
            idempotency_key(&s.store_id().unwrap(), got[0].id)
        );
        // Claimed ones are not handed out again while the lease holds.
        assert!(s.claim_due(t0(), 10, lease).unwrap().is_empty());
        assert!(s.delivery_sent(&got[0], "250 ok", t0()).unwrap());
        assert!(!s.delivery_sent(&got[0], "250 ok", t0()).unwrap());
        let policy = RetryPolicy {
            max_attempts: 2,
            base: Duration::seconds(30),
            cap: Duration::minutes(5),
        };
        let st = s
            .delivery_failed(&got[1], "421 busy", false, &policy, t0())
            .unwrap();
        assert_eq!(st, DeliveryState::Failed);
        assert_eq!(
            s.next_delivery_due().unwrap(),
            Some(t0() + Duration::seconds(30))
        );
        assert!(
            s.claim_due(t0() + Duration::seconds(29), 10, lease)
                .unwrap()
                .is_empty()
        );
        let again = s
            .claim_due(t0() + Duration::seconds(30), 10, lease)
            .unwrap();
        assert_eq!(again.len(), 1);
        assert_eq!(again[0].attempts, 1);
        let st = s
            .delivery_failed(&again[0], "421 busy", false, &policy, t0())
            .unwrap();
        assert_eq!(st, DeliveryState::Dead);
        assert_eq!(s.next_delivery_due().unwrap(), None);
        let d = s.notice(nid).unwrap();
        assert_eq!((d.notice.deliveries.sent, d.notice.deliveries.dead), (1, 1));
        assert_eq!(s.resend_failed(nid, actor(t0())).unwrap(), 1);
        assert_eq!(s.notice(nid).unwrap().notice.deliveries.queued, 1);
        // The resend keeps both earlier attempts and their errors; the new
        // round has its own budget of attempts.
        let row = |s: &Store| {
            s.notice(nid)
                .unwrap()
                .deliveries
                .into_iter()
                .find(|r| r.id == got[1].id)
                .unwrap()
        };
        let r = row(&s);
        assert_eq!(r.attempts, 2);
        let log: Vec<_> = r
            .attempt_log
            .iter()
            .map(|a| (a.outcome, a.detail.as_str()))
            .collect();
        assert_eq!(
            log,
            [
                (DeliveryState::Failed, "421 busy"),
                (DeliveryState::Dead, "421 busy")
            ]
        );
        let third = s.claim_due(t0(), 10, lease).unwrap().remove(0);
        let st = s
            .delivery_failed(&third, "421 still busy", false, &policy, t0())
            .unwrap();
        assert_eq!(st, DeliveryState::Failed, "a fresh round, not dead at once");
        assert_eq!(row(&s).attempt_log.len(), 3);
        let sent = row(&s);
        assert_eq!(sent.attempt_log[2].detail, "421 still busy");
    });
}

#[test]
fn a_lapsed_lease_makes_a_claim_due_again() {
    each_engine("outbox_a_lapsed_lease_makes_a_claim_due", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        let id = ready_incident(&mut s);
        s.queue_notice(&notice(id, "guidance_ready", 1), actor(t0()))
            .unwrap();
        let lease = Duration::minutes(5);
        assert_eq!(s.claim_due(t0(), 10, lease).unwrap().len(), 1);
        assert!(
            s.claim_due(t0() + Duration::minutes(4), 10, lease)
                .unwrap()
                .is_empty()
        );
        assert_eq!(s.claim_due(t0() + lease, 10, lease).unwrap().len(), 1);
    });
}

/// One delivery: A claims it and its send outlives the lease; B takes it
/// over.
fn taken_over(s: Store) -> (Store, Delivery, Delivery, Duration) {
    let mut s = subscribed_on(s, "2026-11-01");
    let id = ready_incident(&mut s);
    s.queue_notice(&notice(id, "guidance_ready", 1), actor(t0()))
        .unwrap();
    let lease = Duration::minutes(5);
    let a = s.claim_due(t0(), 1, lease).unwrap().remove(0);
    let b = s.claim_due(t0() + lease, 1, lease).unwrap().remove(0);
    (s, a, b, lease)
}

#[test]
fn a_lapsed_claim_cannot_undo_the_claim_that_took_over() {
    each_engine("outbox_a_lapsed_claim_cannot_undo_the_c", |s| {
        let (mut s, a, b, lease) = taken_over(s);
        let policy = RetryPolicy::default();
        // A's late failure is about a claim it no longer holds.
        let st = s
            .delivery_failed(&a, "timed out", false, &policy, t0() + lease)
            .unwrap();
        assert_eq!(st, DeliveryState::Sending);
        s.release_delivery(&a, t0() + lease).unwrap();
        // B's success is recorded, and nothing sends it again.
        assert!(s.delivery_sent(&b, "250 ok", t0() + lease).unwrap());
        let later = t0() + Duration::hours(1);
        assert!(s.claim_due(later, 10, lease).unwrap().is_empty());
        assert_eq!(s.next_delivery_due().unwrap(), None);
    });
}

#[test]
fn a_send_that_went_through_is_recorded_even_after_its_lease() {
    each_engine("outbox_a_send_that_went_through_is_reco", |s| {
        let (mut s, a, b, lease) = taken_over(s);
        let policy = RetryPolicy::default();
        // A got through after all: the message is out, whoever holds it.
        assert!(s.delivery_sent(&a, "250 ok", t0() + lease).unwrap());
        // B failing afterwards must not put it back in the queue.
        s.delivery_failed(&b, "421 busy", false, &policy, t0() + lease)
            .unwrap();
        let later = t0() + Duration::hours(1);
        assert!(s.claim_due(later, 10, lease).unwrap().is_empty());
    });
}

#[test]
fn several_outcomes_are_recorded_in_one_go_as_each_would_be() {
    each_engine("outbox_several_outcomes_are_recorded_in", |s| {
        use super::Settlement;
        let mut s = subscribed_on(s, "2026-11-01");
        let id = ready_incident(&mut s);
        let nid = s
            .queue_notice(&notice(id, "guidance_ready", 3), actor(t0()))
            .unwrap();
        let got = s.claim_due(t0(), 10, Duration::minutes(5)).unwrap();
        let policy = RetryPolicy {
            max_attempts: 3,
            base: Duration::seconds(30),
            cap: Duration::minutes(5),
        };
        let states = s
            .deliveries_settled(
                &[
                    (&got[0], Settlement::Sent { reply: "250 ok" }),
                    (
                        &got[1],
                        Settlement::Failed {
                            reason: "421 busy",
                            permanent: false,
                        },
                    ),
                    (
                        &got[2],
                        Settlement::Failed {
                            reason: "550 no such user",
                            permanent: true,
                        },
                    ),
                ],
                &policy,
                t0(),
            )
            .unwrap();
        assert_eq!(
            states,
            [
                DeliveryState::Sent,
                DeliveryState::Failed,
                DeliveryState::Dead
            ]
        );
        let n = s.notice(nid).unwrap().notice.deliveries;
        assert_eq!((n.sent, n.failed, n.dead), (1, 1, 1));
        assert_eq!(
            s.next_delivery_due().unwrap(),
            Some(t0() + Duration::seconds(30))
        );
    });
}

/// Four senders, each on its own connection, draining one outbox at once:
/// every delivery is claimed by exactly one of them, on either engine.
#[test]
fn several_senders_claim_each_delivery_once() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("desk.db");
    let url = super::pg::cluster::for_test("outbox_several_senders")
        .map(|pg| pg.fresh_database("outbox_several_senders"));
    let mut opens: Vec<Box<dyn Fn() -> Store>> = vec![Box::new(|| Store::open(&file).unwrap())];
    if let Some(url) = url {
        opens.push(Box::new(move || Store::open_postgres(&url, false).unwrap()));
    }
    for open in &opens {
        let mut s = subscribed_on(open(), "2026-11-01");
        let id = ready_incident(&mut s);
        s.queue_notice(&notice(id, "guidance_ready", 40), actor(t0()))
            .unwrap();
        let senders: Vec<Store> = (0..4).map(|_| open()).collect();
        let claimed: Vec<i64> = std::thread::scope(|scope| {
            let runs: Vec<_> = senders
                .into_iter()
                .map(|mut sender| {
                    scope.spawn(move || {
                        let mut mine = Vec::new();
                        loop {
                            let got = sender.claim_due(t0(), 3, Duration::minutes(5)).unwrap();
                            if got.is_empty() {
                                return mine;
                            }
                            mine.extend(got.iter().map(|d| d.id));
                        }
                    })
                })
                .collect();
            runs.into_iter().flat_map(|r| r.join().unwrap()).collect()
        });
        let mut unique = claimed.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(claimed.len(), 40, "on {:?}: {claimed:?}", s.engine());
        assert_eq!(
            unique.len(),
            40,
            "a delivery claimed twice on {:?}",
            s.engine()
        );
        assert_eq!(s.outbox_counts().unwrap().sending, 40);
    }
}
