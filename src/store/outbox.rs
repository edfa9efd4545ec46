//! The outbox: deliveries claimed with a lease, settled as sent, failed
//! (tried again per the retry policy) or dead, given back on a clean stop,
//! and queued again on request.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{OptionalExtension, params};

use super::notices::DeliveryCounts;
use super::{Actor, Result, Store, StoreError, from_ts, parse_word, ts};
use crate::domain::notice::{AfterFailure, Delivery, DeliveryState, RetryPolicy};

/// Stable for a delivery across retries and restarts.
pub fn idempotency_key(notice_id: i64, delivery_id: i64) -> String {
    format!("sredesk-{notice_id}-{delivery_id}")
}

impl Store {
    /// Takes up to `limit` deliveries that are due, marking them sending
    /// until `now + lease`. Another process draining the same store skips
    /// them; if this one stops before settling them, they are due again
    /// when the lease lapses.
    pub fn claim_due(
        &mut self,
        now: DateTime<Utc>,
        limit: usize,
        lease: Duration,
    ) -> Result<Vec<Delivery>> {
        let tx = self.write_tx()?;
        let claimed = {
            let mut stmt = tx.prepare_cached(
                "SELECT id, notice_id, channel, platform, address, subject, body, attempts
                 FROM deliveries WHERE pending = 1 AND next_attempt_at <= ?1
                 ORDER BY next_attempt_at, id LIMIT ?2",
            )?;
            let rows = stmt.query_map(params![ts(now), limit as i64], |r| {
                let id: i64 = r.get(0)?;
                let notice_id: i64 = r.get(1)?;
                Ok(Delivery {
                    id,
                    notice_id,
                    key: idempotency_key(notice_id, id),
                    channel: parse_word(r, 2)?,
                    platform: match r.get::<_, Option<String>>(3)? {
                        Some(_) => Some(parse_word(r, 3)?),
                        None => None,
                    },
                    address: r.get(4)?,
                    subject: r.get(5)?,
                    body: r.get(6)?,
                    attempts: r.get(7)?,
                    lease_until: now + lease,
                })
            })?;
            rows.collect::<rusqlite::Result<Vec<_>>>()?
        };
        {
            let mut mark = tx.prepare_cached(
                "UPDATE deliveries SET state = 'sending', next_attempt_at = ?2, updated_at = ?3
                 WHERE id = ?1",
            )?;
            for d in &claimed {
                mark.execute(params![d.id, ts(d.lease_until), ts(now)])?;
            }
        }
        tx.commit()?;
        Ok(claimed)
    }

    /// Records a delivery the far end took. It went, so it is marked sent
    /// even when this claim's lease lapsed and another drain holds it now:
    /// left pending, it would be sent again. Once settled (sent or dead),
    /// a second settle changes nothing.
    pub fn delivery_sent(&mut self, d: &Delivery, reply: &str, now: DateTime<Utc>) -> Result<bool> {
        let n = self.conn.execute(
            "UPDATE deliveries SET state = 'sent', pending = NULL, attempts = attempts + 1,
                 reply = ?2, last_error = NULL, sent_at = ?3, next_attempt_at = NULL,
                 updated_at = ?3
             WHERE id = ?1 AND pending = 1",
            params![d.id, reply, ts(now)],
        )?;
        Ok(n > 0)
    }

    /// Records a failed attempt: tried again later per `policy`, or dead.
    /// Only the claim that still holds it counts: a lapsed claim's failure
    /// must not undo the claim that took over (which may yet succeed).
    pub fn delivery_failed(
        &mut self,
        d: &Delivery,
        reason: &str,
        permanent: bool,
        policy: &RetryPolicy,
        now: DateTime<Utc>,
    ) -> Result<DeliveryState> {
        let tx = self.write_tx()?;
        let attempts: Option<u32> = tx
            .query_row(
                "SELECT attempts FROM deliveries
                 WHERE id = ?1 AND state = 'sending' AND next_attempt_at = ?2",
                params![d.id, ts(d.lease_until)],
                |r| r.get(0),
            )
            .optional()?;
        let Some(before) = attempts else {
            return Ok(DeliveryState::Sending);
        };
        let (state, next) = match policy.after_failure(before + 1, permanent, now) {
            AfterFailure::RetryAt(at) => (DeliveryState::Failed, Some(ts(at))),
            AfterFailure::Dead => (DeliveryState::Dead, None),
        };
        tx.execute(
            "UPDATE deliveries SET state = ?2, pending = ?3, attempts = attempts + 1,
                 last_error = ?4, next_attempt_at = ?5, updated_at = ?6
             WHERE id = ?1",
            params![
                d.id,
                state.as_str(),
                state.is_pending().then_some(1),
                reason,
                next,
                ts(now)
            ],
        )?;
        tx.commit()?;
        Ok(state)
    }

    /// Gives back a claim without an attempt (the dispatcher is stopping),
    /// if it still holds.
    pub fn release_delivery(&mut self, d: &Delivery, now: DateTime<Utc>) -> Result<()> {
        self.conn.execute(
            "UPDATE deliveries SET state = CASE attempts WHEN 0 THEN 'queued' ELSE 'failed' END,
                 next_attempt_at = ?2, updated_at = ?2
             WHERE id = ?1 AND state = 'sending' AND next_attempt_at = ?3",
            params![d.id, ts(now), ts(d.lease_until)],
        )?;
        Ok(())
    }

    /// When the next pending delivery falls due (a lease's end for one
    /// being sent), if any.
    pub fn next_delivery_due(&self) -> Result<Option<DateTime<Utc>>> {
        let t: Option<i64> = self.conn.query_row(
            "SELECT MIN(next_attempt_at) FROM deliveries WHERE pending = 1",
            [],
            |r| r.get(0),
        )?;
        Ok(t.map(from_ts).transpose()?)
    }

    /// Counts across the outbox, for the header.
    pub fn outbox_counts(&self) -> Result<DeliveryCounts> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT state, COUNT(*) FROM deliveries WHERE pending = 1 GROUP BY state",
        )?;
        let mut counts = DeliveryCounts::default();
        let rows = stmt.query_map([], |r| {
            Ok((parse_word::<DeliveryState>(r, 0)?, r.get::<_, u32>(1)?))
        })?;
        for row in rows {
            let (state, n) = row?;
            counts.add(state, n);
        }
        Ok(counts)
    }

    /// Queues a notice's failed and dead deliveries again, with a fresh
    /// count of attempts; sent ones are never touched. Returns how many.
    pub fn resend_failed(&mut self, notice_id: i64, actor: Actor<'_>) -> Result<usize> {
        let tx = self.write_tx()?;
        let (subject, subject_id): (String, i64) = tx
            .query_row(
                "SELECT subject, subject_id FROM notices WHERE id = ?1",
                [notice_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
            .ok_or(StoreError::NoNotice(notice_id))?;
        let n = tx.execute(
            "UPDATE deliveries SET state = 'queued', pending = 1, attempts = 0,
                 next_attempt_at = ?2, updated_at = ?2
             WHERE notice_id = ?1 AND (state = 'failed' OR state = 'dead')",
            params![notice_id, ts(actor.now)],
        )?;
        if n > 0 {
            tx.execute(
                "INSERT INTO record_events (subject, subject_id, at, engineer, action, detail)
                 VALUES (?1, ?2, ?3, ?4, 'resend', ?5)",
                params![
                    subject,
                    subject_id,
                    ts(actor.now),
                    actor.engineer,
                    format!("notice #{notice_id}: {n} failed deliveries queued again")
                ],
            )?;
        }
        tx.commit()?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn claims_settle_once_and_retry_with_backoff() {
        let mut s = store_with_customer();
        let id = ready_incident(&mut s);
        let nid = s
            .queue_notice(&notice(id, "guidance_ready", 2), actor(t0()))
            .unwrap();
        let lease = Duration::minutes(5);
        let got = s.claim_due(t0(), 10, lease).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].key, idempotency_key(nid, got[0].id));
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
    }

    #[test]
    fn a_lapsed_lease_makes_a_claim_due_again() {
        let mut s = store_with_customer();
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
    }

    #[test]
    fn a_lapsed_claim_cannot_undo_the_claim_that_took_over() {
        let mut s = store_with_customer();
        let id = ready_incident(&mut s);
        s.queue_notice(&notice(id, "guidance_ready", 1), actor(t0()))
            .unwrap();
        let lease = Duration::minutes(5);
        let policy = RetryPolicy::default();
        // A claims it, and its send outlives the lease; B takes it over.
        let a = s.claim_due(t0(), 1, lease).unwrap().remove(0);
        let b = s.claim_due(t0() + lease, 1, lease).unwrap().remove(0);
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
    }

    #[test]
    fn a_send_that_went_through_is_recorded_even_after_its_lease() {
        let mut s = store_with_customer();
        let id = ready_incident(&mut s);
        s.queue_notice(&notice(id, "guidance_ready", 1), actor(t0()))
            .unwrap();
        let lease = Duration::minutes(5);
        let policy = RetryPolicy::default();
        let a = s.claim_due(t0(), 1, lease).unwrap().remove(0);
        let b = s.claim_due(t0() + lease, 1, lease).unwrap().remove(0);
        // A got through after all: the message is out, whoever holds it.
        assert!(s.delivery_sent(&a, "250 ok", t0() + lease).unwrap());
        // B failing afterwards must not put it back in the queue.
        s.delivery_failed(&b, "421 busy", false, &policy, t0() + lease)
            .unwrap();
        let later = t0() + Duration::hours(1);
        assert!(s.claim_due(later, 10, lease).unwrap().is_empty());
    }
}
