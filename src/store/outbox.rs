//! The outbox: deliveries claimed with a lease (each robot paced to its
//! limit), settled as sent, failed (tried again per the retry policy) or
//! dead with every attempt kept, given back on a clean stop, and queued
//! again on request.

use chrono::{DateTime, Duration, Utc};

use super::engine::{Dialect, Row, Sql};
use super::notices::DeliveryCounts;
use super::{Actor, Result, Store, StoreError, limit_of, ts};
use crate::domain::notice::{
    AfterFailure, Channel, ChatPlatform, Delivery, DeliveryState, RetryPolicy,
};
use crate::domain::pacing::{Pacing, next_slot, window};
use crate::sql_args;

/// What a claim passes over (see [`Store::claim_due_skipping`]).
#[derive(Clone, Debug, Default)]
pub struct Skip {
    /// Deliveries by id.
    pub ids: Vec<i64>,
    /// Every delivery on these channels.
    pub channels: Vec<Channel>,
    /// Chat deliveries to these robot addresses.
    pub robots: Vec<String>,
}

fn json_error(e: serde_json::Error) -> StoreError {
    StoreError::Invalid(format!("a claim's filter: {e}"))
}

/// Stable for a delivery across retries and restarts, and unique across
/// stores: two desks never send two messages with one Message-ID.
pub fn idempotency_key(store_id: &str, delivery_id: i64) -> String {
    format!("sredesk-{store_id}-{delivery_id}")
}

/// The random id the store was made with.
pub(super) fn store_id_in(db: &impl Sql) -> Result<String> {
    db.query_row(
        "SELECT store_id FROM store_identity WHERE id = 1",
        sql_args![],
        |r| r.text(0),
    )
}

/// A chat delivery's platform word, if it has one.
fn platform_at(r: &Row<'_>, idx: usize) -> Result<Option<ChatPlatform>> {
    match r.text_lossy(idx)? {
        Some(_) => Ok(Some(r.word(idx)?)),
        None => Ok(None),
    }
}

fn delivery_row(r: &Row<'_>, store_id: &str, lease_until: DateTime<Utc>) -> Result<Delivery> {
    let id: i64 = r.get(0)?;
    Ok(Delivery {
        id,
        notice_id: r.get(1)?,
        key: idempotency_key(store_id, id),
        channel: r.word(2)?,
        platform: platform_at(r, 3)?,
        address: r.text(4)?,
        subject: r.text(5)?,
        body: r.text(6)?,
        attempts: r.get(7)?,
        params: r.text_lossy(8)?,
        lease_until,
    })
}

/// When the robot at `address` was last sent to within the window, its
/// claims in flight elsewhere counted as now.
fn robot_recent(
    db: &impl Sql,
    address: &str,
    except: i64,
    now: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>> {
    db.query_map(
        // By the robot's own deliveries (deliveries_robot), then their
        // attempts: not the whole outbox's last minute, which in a burst
        // to a thousand robots is a thousand attempts per claim.
        &format!(
            "SELECT a.at FROM deliveries d {} delivery_attempts a ON a.delivery_id = d.id
             WHERE d.channel = 'chat' AND d.address = ?1 AND a.at > ?2
             UNION ALL
             SELECT ?3 FROM deliveries
             WHERE channel = 'chat' AND address = ?1 AND state = 'sending'
               AND next_attempt_at > ?3 AND id <> ?4",
            db.engine().join_in_order()
        ),
        sql_args![address, ts(now - window()), ts(now), except],
        |r| r.get(0),
    )
}

/// How one send went, to record with [`Store::deliveries_settled`].
#[derive(Clone, Copy, Debug)]
pub enum Settlement<'a> {
    Sent { reply: &'a str },
    Failed { reason: &'a str, permanent: bool },
}

/// See [`Store::delivery_sent`].
fn sent_in(tx: &impl Sql, d: &Delivery, reply: &str, now: DateTime<Utc>) -> Result<bool> {
    let n = tx.execute(
        "UPDATE deliveries SET state = 'sent', pending = NULL, attempts = attempts + 1,
             reply = ?2, last_error = NULL, sent_at = ?3, next_attempt_at = NULL,
             updated_at = ?3
         WHERE id = ?1 AND pending = 1",
        sql_args![d.id, reply, ts(now)],
    )?;
    if n > 0 {
        record_attempt(tx, d.id, now, DeliveryState::Sent, reply)?;
        super::requirement_notices::settled(tx, d.notice_id, now)?;
    }
    Ok(n > 0)
}

/// See [`Store::delivery_failed`].
fn failed_in(
    tx: &impl Sql,
    d: &Delivery,
    reason: &str,
    permanent: bool,
    policy: &RetryPolicy,
    now: DateTime<Utc>,
) -> Result<DeliveryState> {
    let attempts: Option<(u32, u32)> = tx.query_opt(
        "SELECT attempts, round_start FROM deliveries
         WHERE id = ?1 AND state = 'sending' AND next_attempt_at = ?2",
        sql_args![d.id, ts(d.lease_until)],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let Some((before, round_start)) = attempts else {
        return Ok(DeliveryState::Sending);
    };
    let in_round = before.saturating_sub(round_start) + 1;
    let (state, next) = match policy.after_failure(in_round, permanent, now) {
        AfterFailure::RetryAt(at) => (DeliveryState::Failed, Some(ts(at))),
        AfterFailure::Dead => (DeliveryState::Dead, None),
    };
    tx.execute(
        "UPDATE deliveries SET state = ?2, pending = ?3, attempts = attempts + 1,
             last_error = ?4, next_attempt_at = ?5, updated_at = ?6
         WHERE id = ?1",
        sql_args![
            d.id,
            state.as_str(),
            state.is_pending().then_some(1),
            reason,
            next,
            ts(now)
        ],
    )?;
    record_attempt(tx, d.id, now, state, reason)?;
    Ok(state)
}

fn record_attempt(
    db: &impl Sql,
    delivery_id: i64,
    now: DateTime<Utc>,
    outcome: DeliveryState,
    detail: &str,
) -> Result<()> {
    db.execute(
        "INSERT INTO delivery_attempts (delivery_id, at, outcome, detail) VALUES (?1, ?2, ?3, ?4)",
        sql_args![delivery_id, ts(now), outcome.as_str(), detail],
    )?;
    Ok(())
}

impl Store {
    /// The random id this store was made with (part of every delivery key).
    pub fn store_id(&self) -> Result<String> {
        store_id_in(self.db())
    }

    /// Takes up to `limit` deliveries that are due, marking them sending
    /// until `now + lease`, robots paced to WeCom's documented limit.
    pub fn claim_due(
        &mut self,
        now: DateTime<Utc>,
        limit: usize,
        lease: Duration,
    ) -> Result<Vec<Delivery>> {
        self.claim_due_paced(now, limit, lease, &Pacing::default())
    }

    /// As [`Store::claim_due`] with the given robot limits. Another process
    /// draining the same store skips claimed ones; if this one stops before
    /// settling them, they are due again when the lease lapses. A chat
    /// delivery whose robot has had its fill this minute is put off to the
    /// moment a slot frees, without an attempt; the ones after it to the
    /// same robot meet the same limit and follow it, in order.
    pub fn claim_due_paced(
        &mut self,
        now: DateTime<Utc>,
        limit: usize,
        lease: Duration,
        pacing: &Pacing,
    ) -> Result<Vec<Delivery>> {
        self.claim_due_skipping(now, limit, lease, pacing, &Skip::default())
    }

    /// As [`Store::claim_due_paced`], passing over what `skip` names: the
    /// deliveries a drain already tried (a drain tries each once), and the
    /// channels and robots it has a send in flight to, so one hanging
    /// server holds back only its own deliveries.
    pub fn claim_due_skipping(
        &mut self,
        now: DateTime<Utc>,
        limit: usize,
        lease: Duration,
        pacing: &Pacing,
        skip: &Skip,
    ) -> Result<Vec<Delivery>> {
        let ids = serde_json::to_string(&skip.ids).map_err(json_error)?;
        let robots = serde_json::to_string(&skip.robots).map_err(json_error)?;
        let open: Vec<Channel> = Channel::ALL
            .iter()
            .copied()
            .filter(|c| !skip.channels.contains(c))
            .collect();
        let tx = self.write()?;
        let store_id = store_id_in(&tx)?;
        let mut claimed = Vec::new();
        loop {
            // Channel by channel on deliveries_due_channel: a channel whose
            // server is busy is not scanned past at all (a burst of a
            // thousand emails ahead of the chats was, on every claim).
            let mut candidates = Vec::new();
            for channel in &open {
                // The rows' light columns only: a burst's bodies are read
                // for the one claimed, not for every candidate passed over.
                let rows = tx.query_map(
                    &due_sql(&tx),
                    sql_args![
                        ts(now),
                        limit_of(limit.saturating_add(32)),
                        channel.as_str(),
                        ids,
                        robots
                    ],
                    |r| {
                        Ok((
                            r.get::<i64>(0)?,
                            r.get::<i64>(1)?,
                            *channel,
                            platform_at(r, 2)?,
                            r.text(3)?,
                        ))
                    },
                )?;
                candidates.extend(rows);
            }
            candidates.sort_by_key(|(due, id, ..)| (*due, *id));
            if candidates.is_empty() {
                break;
            }
            for (_, id, channel, platform, address) in candidates {
                if claimed.len() >= limit {
                    break;
                }
                // One send at a time to a robot, in one claim as across them.
                if channel == Channel::Chat
                    && claimed
                        .iter()
                        .any(|d: &Delivery| d.channel == channel && d.address == address)
                {
                    continue;
                }
                if channel == Channel::Chat
                    && let Some(platform) = platform
                {
                    let recent = robot_recent(&tx, &address, id, now)?;
                    if let Some(slot) = next_slot(&recent, pacing.limit(platform), now) {
                        tx.execute(
                            "UPDATE deliveries SET next_attempt_at = ?2,
                                 state = CASE state WHEN 'sending' THEN
                                     CASE attempts WHEN 0 THEN 'queued' ELSE 'failed' END
                                     ELSE state END
                             WHERE id = ?1",
                            sql_args![id, ts(slot)],
                        )?;
                        continue;
                    }
                }
                let d = tx.query_row(
                    "SELECT id, notice_id, channel, platform, address, subject, body, attempts,
                            params
                     FROM deliveries WHERE id = ?1",
                    sql_args![id],
                    |r| delivery_row(r, &store_id, now + lease),
                )?;
                tx.execute(
                    "UPDATE deliveries SET state = 'sending', next_attempt_at = ?2, updated_at = ?3
                     WHERE id = ?1",
                    sql_args![d.id, ts(d.lease_until), ts(now)],
                )?;
                claimed.push(d);
            }
            // Every candidate looked at was either claimed or put off past
            // now, so asking again moves on to the next ones.
            if !claimed.is_empty() {
                break;
            }
        }
        tx.commit()?;
        Ok(claimed)
    }

    /// Records a delivery the far end took, as an attempt with its reply.
    /// It went, so it is marked sent even when this claim's lease lapsed
    /// and another drain holds it now: left pending, it would be sent
    /// again. Once settled (sent or dead), a second settle changes nothing.
    /// A requirement's result notice that goes out marks the requirement
    /// customer_notified in the same transaction.
    pub fn delivery_sent(&mut self, d: &Delivery, reply: &str, now: DateTime<Utc>) -> Result<bool> {
        let tx = self.write()?;
        let n = sent_in(&tx, d, reply, now)?;
        tx.commit()?;
        Ok(n)
    }

    /// Records several sends' outcomes in one transaction (one commit, not
    /// one each): what [`Store::delivery_sent`] and
    /// [`Store::delivery_failed`] record, in order. All or none.
    pub fn deliveries_settled(
        &mut self,
        outcomes: &[(&Delivery, Settlement<'_>)],
        policy: &RetryPolicy,
        now: DateTime<Utc>,
    ) -> Result<Vec<DeliveryState>> {
        let tx = self.write()?;
        let mut states = Vec::with_capacity(outcomes.len());
        for (d, outcome) in outcomes {
            states.push(match outcome {
                Settlement::Sent { reply } => {
                    sent_in(&tx, d, reply, now)?;
                    DeliveryState::Sent
                }
                Settlement::Failed { reason, permanent } => {
                    failed_in(&tx, d, reason, *permanent, policy, now)?
                }
            });
        }
        tx.commit()?;
        Ok(states)
    }

    /// Records a failed attempt with its reason: tried again later per
    /// `policy` (counting the attempts since the last resend), or dead.
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
        let tx = self.write()?;
        let state = failed_in(&tx, d, reason, permanent, policy, now)?;
        tx.commit()?;
        Ok(state)
    }

    /// Gives back a claim without an attempt (the dispatcher is stopping),
    /// if it still holds.
    pub fn release_delivery(&mut self, d: &Delivery, now: DateTime<Utc>) -> Result<()> {
        let tx = self.write()?;
        tx.execute(
            "UPDATE deliveries SET state = CASE attempts WHEN 0 THEN 'queued' ELSE 'failed' END,
                 next_attempt_at = ?2, updated_at = ?2
             WHERE id = ?1 AND state = 'sending' AND next_attempt_at = ?3",
            sql_args![d.id, ts(now), ts(d.lease_until)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// When the next pending delivery falls due (a lease's end for one
    /// being sent), if any.
    pub fn next_delivery_due(&self) -> Result<Option<DateTime<Utc>>> {
        self.db().query_row(
            "SELECT MIN(next_attempt_at) FROM deliveries WHERE pending = 1",
            sql_args![],
            |r| r.get(0),
        )
    }

    /// Counts across the outbox, for the header.
    pub fn outbox_counts(&self) -> Result<DeliveryCounts> {
        let rows = self.db().query_map(
            "SELECT state, COUNT(*) FROM deliveries WHERE pending = 1 GROUP BY state",
            sql_args![],
            |r| Ok((r.word::<DeliveryState>(0)?, r.get::<u32>(1)?)),
        )?;
        let mut counts = DeliveryCounts::default();
        for (state, n) in rows {
            counts.add(state, n);
        }
        Ok(counts)
    }

    /// Queues a notice's failed and dead deliveries again, with a fresh
    /// round of attempts (every earlier attempt stays on record); sent ones
    /// are never touched. Returns how many.
    pub fn resend_failed(&mut self, notice_id: i64, actor: Actor<'_>) -> Result<usize> {
        let tx = self.write()?;
        let (subject, subject_id): (String, i64) = tx
            .query_opt(
                "SELECT subject, subject_id FROM notices WHERE id = ?1",
                sql_args![notice_id],
                |r| Ok((r.text(0)?, r.get(1)?)),
            )?
            .ok_or(StoreError::NoNotice(notice_id))?;
        let n = tx.execute(
            "UPDATE deliveries SET state = 'queued', pending = 1, round_start = attempts,
                 next_attempt_at = ?2, updated_at = ?2
             WHERE notice_id = ?1 AND (state = 'failed' OR state = 'dead')",
            sql_args![notice_id, ts(actor.now)],
        )?;
        if n > 0 {
            let detail = format!("notice #{notice_id}: {n} failed deliveries queued again");
            resent_on_record(&tx, &subject, subject_id, &detail, actor)?;
        }
        tx.commit()?;
        Ok(n)
    }
}

/// Where a resend is kept: in the history of what the notice speaks for
/// (an incident's or change's events, the escalation's audit, the
/// customer's audit for an owner change or a requirement's result).
fn resent_on_record(
    tx: &impl Sql,
    subject: &str,
    subject_id: i64,
    detail: &str,
    actor: Actor<'_>,
) -> Result<()> {
    let customer_of =
        |sql: &str| -> Result<i64> { tx.query_row(sql, sql_args![subject_id], |r| r.get(0)) };
    match subject {
        "incident" | "change" | "handover" => {
            tx.execute(
                "INSERT INTO record_events (subject, subject_id, at, engineer, action, detail)
                 VALUES (?1, ?2, ?3, ?4, 'resend', ?5)",
                sql_args![subject, subject_id, ts(actor.now), actor.engineer, detail],
            )?;
        }
        "escalation" => {
            super::audit::record(tx, actor, "escalation", subject_id, "resend", detail)?
        }
        "owner" => {
            let c = customer_of("SELECT customer_id FROM project_owners WHERE id = ?1")?;
            super::audit::record(tx, actor, "customer", c, "resend", detail)?;
        }
        _ => {
            let c = customer_of("SELECT customer_id FROM requirements WHERE id = ?1")?;
            super::audit::record(tx, actor, "customer", c, "resend", detail)?;
        }
    }
    Ok(())
}

/// The due deliveries of one channel (?3), light columns only, passing
/// over the ids in the JSON list ?4 and the robots in ?5.
fn due_sql(db: &impl Sql) -> String {
    let e = db.engine();
    format!(
        "SELECT next_attempt_at, id, platform, address
         FROM deliveries WHERE pending = 1 AND channel = ?3 AND next_attempt_at <= ?1
           AND id NOT IN ({})
           AND NOT (channel = 'chat' AND address IN ({}))
         ORDER BY next_attempt_at, id LIMIT ?2",
        e.json_ints("?4"),
        e.json_texts("?5")
    )
}
