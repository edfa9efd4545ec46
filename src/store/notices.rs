//! Notices and their outbox: one delivery per recipient and channel, each
//! with its own state, claimed and settled by the dispatcher. Also the
//! composer's drafts.

use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use super::records::{change_in, incident_in, step_change, step_incident};
use super::{Actor, Result, Store, StoreError, from_ts, parse_word, ts};
use crate::domain::notice::{
    AfterFailure, Channel, ChatPlatform, DeliveryState, RetryPolicy, Stage, SubjectKind,
    check_change_stage, check_incident_stage,
};
use crate::notify::Delivery;

/// One rendered delivery to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDelivery {
    pub customer_id: i64,
    pub channel: Channel,
    pub platform: Option<ChatPlatform>,
    pub address: String,
    pub subject: String,
    pub body: String,
}

/// A notice ready to queue: rendered for each recipient before the
/// transaction, so the store only checks and writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewNotice {
    pub subject: SubjectKind,
    pub subject_id: i64,
    pub stage: Stage,
    /// The record's state the renderings were made from: a record that
    /// moved since is refused, as the text may no longer be true.
    pub seen_state: String,
    pub channels: Vec<Channel>,
    pub message: String,
    /// For incidents: the next customer update, set with the notice.
    pub next_update_due: Option<DateTime<Utc>>,
    pub deliveries: Vec<NewDelivery>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryCounts {
    pub queued: u32,
    pub sending: u32,
    pub sent: u32,
    pub failed: u32,
    pub dead: u32,
}

impl DeliveryCounts {
    pub fn total(&self) -> u32 {
        self.queued + self.sending + self.sent + self.failed + self.dead
    }

    fn add(&mut self, state: DeliveryState, n: u32) {
        match state {
            DeliveryState::Queued => self.queued += n,
            DeliveryState::Sending => self.sending += n,
            DeliveryState::Sent => self.sent += n,
            DeliveryState::Failed => self.failed += n,
            DeliveryState::Dead => self.dead += n,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoticeSummary {
    pub id: i64,
    pub subject: SubjectKind,
    pub subject_id: i64,
    /// "INC-3", "CHG-7".
    pub reference: String,
    pub title: String,
    pub stage: Stage,
    pub channels: Vec<Channel>,
    pub message: String,
    pub composed_at: DateTime<Utc>,
    pub composed_by: String,
    pub deliveries: DeliveryCounts,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveryRow {
    pub id: i64,
    pub customer: String,
    pub channel: Channel,
    pub platform: Option<ChatPlatform>,
    pub address: String,
    pub state: DeliveryState,
    pub attempts: u32,
    /// Queued or failed: when it goes next.
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub reply: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub subject: String,
    pub body: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoticeDetail {
    pub notice: NoticeSummary,
    pub deliveries: Vec<DeliveryRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub id: i64,
    pub kind: SubjectKind,
    /// The composer's fields as JSON, exactly as typed.
    pub fields: String,
    pub engineer: String,
    pub updated_at: DateTime<Utc>,
}

pub fn reference(subject: SubjectKind, id: i64) -> String {
    match subject {
        SubjectKind::Incident => format!("INC-{id}"),
        SubjectKind::Change => format!("CHG-{id}"),
    }
}

/// Stable for a delivery across retries and restarts.
pub fn idempotency_key(notice_id: i64, delivery_id: i64) -> String {
    format!("sredesk-{notice_id}-{delivery_id}")
}

fn channels_text(c: &[Channel]) -> String {
    c.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",")
}

const SUMMARY: &str = "SELECT n.id, n.subject, n.subject_id, n.stage, n.channels, n.message,
        n.composed_at, n.composed_by,
        COALESCE(i.title, c.title, '')
    FROM notices n
    LEFT JOIN incidents i ON n.subject = 'incident' AND i.id = n.subject_id
    LEFT JOIN changes c ON n.subject = 'change' AND c.id = n.subject_id";

fn summary_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<NoticeSummary> {
    let subject: SubjectKind = parse_word(r, 1)?;
    let subject_id: i64 = r.get(2)?;
    let channels: String = r.get(4)?;
    Ok(NoticeSummary {
        id: r.get(0)?,
        subject,
        subject_id,
        reference: reference(subject, subject_id),
        title: r.get(8)?,
        stage: parse_word(r, 3)?,
        channels: channels.split(',').filter_map(|c| c.parse().ok()).collect(),
        message: r.get(5)?,
        composed_at: from_ts(r.get(6)?)?,
        composed_by: r.get(7)?,
        deliveries: DeliveryCounts::default(),
    })
}

fn counts_of(conn: &Connection, notice_id: i64) -> Result<DeliveryCounts> {
    let mut stmt = conn.prepare_cached(
        "SELECT state, COUNT(*) FROM deliveries WHERE notice_id = ?1 GROUP BY state",
    )?;
    let mut counts = DeliveryCounts::default();
    let rows = stmt.query_map([notice_id], |r| {
        Ok((parse_word::<DeliveryState>(r, 0)?, r.get::<_, u32>(1)?))
    })?;
    for row in rows {
        let (state, n) = row?;
        counts.add(state, n);
    }
    Ok(counts)
}

/// Checks the stage against the record as it is now, and takes the step
/// the first notice implies. Returns the record's state word.
fn check_and_step(tx: &Connection, n: &NewNotice, actor: Actor<'_>) -> Result<()> {
    let moved = |now: &str| {
        StoreError::Invalid(format!(
            "{} is {now} now, not {}: someone changed it while the notice was composed; compose it again",
            reference(n.subject, n.subject_id),
            n.seen_state
        ))
    };
    match n.subject {
        SubjectKind::Incident => {
            let mut i = incident_in(tx, n.subject_id)?;
            if i.state.as_str() != n.seen_state {
                return Err(moved(i.state.as_str()));
            }
            let step = check_incident_stage(n.stage, i.state)?;
            if n.next_update_due.is_some() {
                i.next_update_due = n.next_update_due;
            }
            match step {
                Some(to) => step_incident(tx, &mut i, to, actor)?,
                None if n.next_update_due.is_some() => {
                    tx.execute(
                        "UPDATE incidents SET next_update_due = ?2 WHERE id = ?1",
                        params![i.id, n.next_update_due.map(ts)],
                    )?;
                }
                None => {}
            }
        }
        SubjectKind::Change => {
            let mut c = change_in(tx, n.subject_id)?;
            if c.state.as_str() != n.seen_state {
                return Err(moved(c.state.as_str()));
            }
            if let Some(to) = check_change_stage(n.stage, c.state)? {
                step_change(tx, &mut c, to, actor)?;
            }
        }
    }
    Ok(())
}

impl Store {
    /// Writes the notice and every delivery in one transaction, queued to
    /// go now; the dispatcher does the sending.
    pub fn queue_notice(&mut self, n: &NewNotice, actor: Actor<'_>) -> Result<i64> {
        if n.deliveries.is_empty() {
            return Err(StoreError::Invalid(
                "no recipient: nobody in the audience can be reached on the chosen channels".into(),
            ));
        }
        let tx = self.write_tx()?;
        check_and_step(&tx, n, actor)?;
        tx.execute(
            "INSERT INTO notices (subject, subject_id, stage, channels, message, composed_at, composed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                n.subject.as_str(),
                n.subject_id,
                n.stage.as_str(),
                channels_text(&n.channels),
                n.message.trim(),
                ts(actor.now),
                actor.engineer
            ],
        )?;
        let notice_id = tx.last_insert_rowid();
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO deliveries (notice_id, customer_id, channel, platform, address,
                     subject, body, state, next_attempt_at, updated_at, pending)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'queued', ?8, ?8, 1)",
            )?;
            for d in &n.deliveries {
                insert.execute(params![
                    notice_id,
                    d.customer_id,
                    d.channel.as_str(),
                    d.platform.map(|p| p.as_str()),
                    d.address,
                    d.subject,
                    d.body,
                    ts(actor.now)
                ])?;
            }
        }
        tx.execute(
            "INSERT INTO record_events (subject, subject_id, at, engineer, action, detail)
             VALUES (?1, ?2, ?3, ?4, 'notice', ?5)",
            params![
                n.subject.as_str(),
                n.subject_id,
                ts(actor.now),
                actor.engineer,
                format!(
                    "notice #{notice_id} ({}) queued: {} deliveries on {}",
                    n.stage,
                    n.deliveries.len(),
                    channels_text(&n.channels)
                )
            ],
        )?;
        tx.commit()?;
        Ok(notice_id)
    }

    /// Newest first, optionally for one record.
    pub fn notices(
        &self,
        about: Option<(SubjectKind, i64)>,
        limit: usize,
    ) -> Result<Vec<NoticeSummary>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "{SUMMARY} WHERE ?1 IS NULL OR (n.subject = ?1 AND n.subject_id = ?2)
             ORDER BY n.id DESC LIMIT ?3"
        ))?;
        let rows = stmt.query_map(
            params![
                about.map(|(s, _)| s.as_str()),
                about.map(|(_, id)| id),
                limit as i64
            ],
            summary_row,
        )?;
        let mut out = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        for n in &mut out {
            n.deliveries = counts_of(&self.conn, n.id)?;
        }
        Ok(out)
    }

    pub fn notice(&self, id: i64) -> Result<NoticeDetail> {
        let mut notice = self
            .conn
            .prepare_cached(&format!("{SUMMARY} WHERE n.id = ?1"))?
            .query_row([id], summary_row)
            .optional()?
            .ok_or(StoreError::NoNotice(id))?;
        notice.deliveries = counts_of(&self.conn, id)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.id, c.name, d.channel, d.platform, d.address, d.state, d.attempts,
                    d.next_attempt_at, d.last_error, d.reply, d.sent_at, d.subject, d.body
             FROM deliveries d JOIN customers c ON c.id = d.customer_id
             WHERE d.notice_id = ?1 ORDER BY c.name COLLATE NOCASE, d.channel, d.id",
        )?;
        let rows = stmt.query_map([id], |r| {
            let state: DeliveryState = parse_word(r, 5)?;
            Ok(DeliveryRow {
                id: r.get(0)?,
                customer: r.get(1)?,
                channel: parse_word(r, 2)?,
                platform: match r.get::<_, Option<String>>(3)? {
                    Some(_) => Some(parse_word(r, 3)?),
                    None => None,
                },
                address: r.get(4)?,
                state,
                attempts: r.get(6)?,
                next_attempt_at: match state {
                    DeliveryState::Queued | DeliveryState::Failed => {
                        r.get::<_, Option<i64>>(7)?.map(from_ts).transpose()?
                    }
                    _ => None,
                },
                last_error: r.get(8)?,
                reply: r.get(9)?,
                sent_at: r.get::<_, Option<i64>>(10)?.map(from_ts).transpose()?,
                subject: r.get(11)?,
                body: r.get(12)?,
            })
        })?;
        Ok(NoticeDetail {
            notice,
            deliveries: rows.collect::<rusqlite::Result<_>>()?,
        })
    }

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

    /// Saves the composer's fields; a new draft when `id` is None.
    pub fn save_draft(
        &mut self,
        id: Option<i64>,
        kind: SubjectKind,
        fields: &str,
        actor: Actor<'_>,
    ) -> Result<i64> {
        match id {
            Some(id) => {
                let n = self.conn.execute(
                    "UPDATE drafts SET kind = ?2, fields = ?3, engineer = ?4, updated_at = ?5
                     WHERE id = ?1",
                    params![id, kind.as_str(), fields, actor.engineer, ts(actor.now)],
                )?;
                if n > 0 {
                    return Ok(id);
                }
                self.save_draft(None, kind, fields, actor)
            }
            None => {
                self.conn.execute(
                    "INSERT INTO drafts (kind, fields, engineer, updated_at) VALUES (?1, ?2, ?3, ?4)",
                    params![kind.as_str(), fields, actor.engineer, ts(actor.now)],
                )?;
                Ok(self.conn.last_insert_rowid())
            }
        }
    }

    /// Latest first.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, fields, engineer, updated_at FROM drafts ORDER BY updated_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Draft {
                id: r.get(0)?,
                kind: parse_word(r, 1)?,
                fields: r.get(2)?,
                engineer: r.get(3)?,
                updated_at: from_ts(r.get(4)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn delete_draft(&mut self, id: i64) -> Result<()> {
        self.conn
            .execute("DELETE FROM drafts WHERE id = ?1", [id])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::incident::{IncidentKind, IncidentLevel, IncidentState};
    use crate::store::{IncidentEdit, NewIncident};

    fn ready_incident(s: &mut Store) -> i64 {
        let i = s
            .add_incident(
                &NewIncident {
                    title: "Backbone fault".into(),
                    kind: IncidentKind::BackboneFault,
                    level: Some(IncidentLevel::new(2).unwrap()),
                    services: vec![],
                    regions: vec!["cn-north-4".into()],
                    guidance: "fail over to cn-east-3".into(),
                    next_update_due: None,
                },
                actor(t0()),
            )
            .unwrap();
        for _ in 0..2 {
            s.advance_incident(i.id, &IncidentEdit::default(), None, actor(t0()))
                .unwrap();
        }
        i.id
    }

    fn notice(id: i64, state: &str, n: usize) -> NewNotice {
        NewNotice {
            subject: SubjectKind::Incident,
            subject_id: id,
            stage: Stage::Initial,
            seen_state: state.into(),
            channels: vec![Channel::Email],
            message: String::new(),
            next_update_due: Some(t0() + Duration::hours(1)),
            deliveries: (0..n)
                .map(|k| NewDelivery {
                    customer_id: 1,
                    channel: Channel::Email,
                    platform: None,
                    address: format!("ops{k}@acme.example"),
                    subject: "s".into(),
                    body: "b".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn queueing_the_first_notice_marks_the_incident_notified() {
        let mut s = store_with_customer();
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
    }

    #[test]
    fn nothing_is_written_when_the_stage_is_refused() {
        let mut s = store_with_customer();
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
    }

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

    #[test]
    fn drafts_are_kept_until_deleted() {
        let mut s = store_with_customer();
        let id = s
            .save_draft(None, SubjectKind::Change, "{\"title\":\"x\"}", actor(t0()))
            .unwrap();
        assert_eq!(
            s.save_draft(Some(id), SubjectKind::Change, "{}", actor(t0()))
                .unwrap(),
            id
        );
        assert_eq!(s.drafts().unwrap()[0].fields, "{}");
        s.delete_draft(id).unwrap();
        assert!(s.drafts().unwrap().is_empty());
    }
}
