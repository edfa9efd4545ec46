//! Notices: what was told to customers about an incident or a change,
//! written with one delivery per recipient and channel in one transaction.
//! The deliveries' life after that is the outbox's.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::changes::{change_in, step_change};
use super::engine::{Dialect, Engine, Row, Sql};
use super::incidents::{incident_in, step_incident};
use super::{Actor, Result, Store, StoreError, limit_of, ts};
use crate::domain::masking::masked_url;
use crate::domain::notice::{
    Channel, ChatPlatform, DeliveryState, NoticeSubject, Stage, SubjectKind, check_change_stage,
    check_incident_stage,
};
use crate::sql_args;

/// One rendered delivery to queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewDelivery {
    /// None: the desk itself (the shift's handover).
    pub customer_id: Option<i64>,
    pub channel: Channel,
    pub platform: Option<ChatPlatform>,
    pub address: String,
    pub subject: String,
    pub body: String,
    /// SMS: the notice's parameters for a provider's template, as JSON.
    pub params: Option<String>,
}

/// A notice ready to queue: rendered for each recipient before the
/// transaction, so the store only checks and writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewNotice {
    pub subject: NoticeSubject,
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

    /// "1 sent, 2 queued, 1 dead": what is not zero, sent always.
    pub fn describe(&self) -> String {
        let mut parts = vec![format!("{} sent", self.sent)];
        for (count, word) in [
            (self.queued, "queued"),
            (self.sending, "sending"),
            (self.failed, "failed"),
            (self.dead, "dead"),
        ] {
            if count > 0 {
                parts.push(format!("{count} {word}"));
            }
        }
        parts.join(", ")
    }

    pub(super) fn add(&mut self, state: DeliveryState, n: u32) {
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
    pub subject: NoticeSubject,
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

/// One attempt at a delivery, with what the far end said.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Attempt {
    pub at: DateTime<Utc>,
    /// sent, failed (to be tried again) or dead.
    pub outcome: DeliveryState,
    /// The server's reply when sent, the reason when not.
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliveryRow {
    pub id: i64,
    pub customer: String,
    pub channel: Channel,
    pub platform: Option<ChatPlatform>,
    /// For people to read: a robot's key or token is masked.
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
    /// Every attempt, oldest first, resends included.
    pub attempt_log: Vec<Attempt>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NoticeDetail {
    pub notice: NoticeSummary,
    pub deliveries: Vec<DeliveryRow>,
}

fn channels_text(c: &[Channel]) -> String {
    c.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(",")
}

pub(super) const SUMMARY: &str =
    "SELECT n.id, n.subject, n.subject_id, n.stage, n.channels, n.message,
        n.composed_at, n.composed_by,
        COALESCE(i.title, c.title, r.title, 'Project owner: ' || o.owner,
                 e.ticket_no || ': ' || e.title,
                 CASE n.subject WHEN 'handover' THEN 'Shift handover: ' || n.message END, '')
    FROM notices n
    LEFT JOIN incidents i ON n.subject = 'incident' AND i.id = n.subject_id
    LEFT JOIN changes c ON n.subject = 'change' AND c.id = n.subject_id
    LEFT JOIN requirements r ON n.subject = 'requirement' AND r.id = n.subject_id
    LEFT JOIN project_owners o ON n.subject = 'owner' AND o.id = n.subject_id
    LEFT JOIN escalations e ON n.subject = 'escalation' AND e.id = n.subject_id";

pub(super) fn summary_row(r: &Row<'_>) -> Result<NoticeSummary> {
    let subject: NoticeSubject = r.word(1)?;
    let subject_id: i64 = r.get(2)?;
    let channels = r.text(4)?;
    Ok(NoticeSummary {
        id: r.get(0)?,
        subject,
        subject_id,
        reference: subject.reference(subject_id),
        title: r.text(8)?,
        stage: r.word(3)?,
        channels: channels.split(',').filter_map(|c| c.parse().ok()).collect(),
        message: r.text(5)?,
        composed_at: r.get(6)?,
        composed_by: r.text(7)?,
        deliveries: DeliveryCounts::default(),
    })
}

pub(super) fn counts_of(db: &impl Sql, notice_id: i64) -> Result<DeliveryCounts> {
    Ok(counts_of_each(db, &[notice_id])?
        .remove(&notice_id)
        .unwrap_or_default())
}

/// The delivery counts of each of `ids` in one indexed read: the list.
pub(super) fn counts_of_each(
    db: &impl Sql,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, DeliveryCounts>> {
    let ids = serde_json::Value::from(ids).to_string();
    let rows = db.query_map(&counts_of_each_sql(db.engine()), sql_args![ids], |r| {
        Ok((
            r.get::<i64>(0)?,
            r.word::<DeliveryState>(1)?,
            r.get::<u32>(2)?,
        ))
    })?;
    let mut counts = std::collections::HashMap::<i64, DeliveryCounts>::new();
    for (id, state, n) in rows {
        counts.entry(id).or_default().add(state, n);
    }
    Ok(counts)
}

pub(super) fn counts_of_each_sql(engine: Engine) -> String {
    format!(
        "SELECT notice_id, state, COUNT(*) FROM deliveries
         WHERE notice_id IN ({}) GROUP BY notice_id, state",
        engine.json_ints("?1")
    )
}

/// Checks the stage against the record as it is now, and takes the step
/// the first notice implies. Returns the record's state word.
fn check_and_step(tx: &impl Sql, n: &NewNotice, actor: Actor<'_>) -> Result<()> {
    let moved = |now: &str| {
        StoreError::Invalid(format!(
            "{} is {now} now, not {}: someone changed it while the notice was composed; compose it again",
            n.subject.reference(n.subject_id),
            n.seen_state
        ))
    };
    match n.subject {
        NoticeSubject::Incident => {
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
                        sql_args![i.id, n.next_update_due.map(ts)],
                    )?;
                }
                None => {}
            }
        }
        NoticeSubject::Change => {
            let mut c = change_in(tx, n.subject_id)?;
            if c.state.as_str() != n.seen_state {
                return Err(moved(c.state.as_str()));
            }
            if let Some(to) = check_change_stage(n.stage, c.state)? {
                step_change(tx, &mut c, to, actor)?;
            }
        }
        NoticeSubject::Owner
        | NoticeSubject::Requirement
        | NoticeSubject::Escalation
        | NoticeSubject::Handover => {
            return Err(StoreError::Invalid(format!(
                "a {} notice is queued with what it announces, not on its own",
                n.subject
            )));
        }
    }
    Ok(())
}

/// Writes a notice and its deliveries, queued to go now; the caller has
/// checked what it speaks for and commits.
pub(super) fn insert_notice(db: &impl Sql, n: &NewNotice, actor: Actor<'_>) -> Result<i64> {
    if n.deliveries.is_empty() {
        return Err(StoreError::Invalid(
            "no recipient: nobody in the audience can be reached on the chosen channels".into(),
        ));
    }
    let notice_id = db.insert(
        "INSERT INTO notices (subject, subject_id, stage, channels, message, composed_at, composed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        sql_args![
            n.subject.as_str(),
            n.subject_id,
            n.stage.as_str(),
            channels_text(&n.channels),
            n.message.trim(),
            ts(actor.now),
            actor.engineer
        ],
    )?;
    for d in &n.deliveries {
        db.execute(
            "INSERT INTO deliveries (notice_id, customer_id, channel, platform, address,
                 subject, body, params, state, next_attempt_at, updated_at, pending)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'queued', ?9, ?9, 1)",
            sql_args![
                notice_id,
                d.customer_id,
                d.channel.as_str(),
                d.platform.map(|p| p.as_str()),
                d.address,
                d.subject,
                d.body,
                d.params,
                ts(actor.now)
            ],
        )?;
    }
    Ok(notice_id)
}

fn attempts_of(db: &impl Sql, delivery_id: i64) -> Result<Vec<Attempt>> {
    db.query_map(
        "SELECT at, outcome, detail FROM delivery_attempts WHERE delivery_id = ?1 ORDER BY id",
        sql_args![delivery_id],
        |r| {
            Ok(Attempt {
                at: r.get(0)?,
                outcome: r.word(1)?,
                detail: r.text(2)?,
            })
        },
    )
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
        let tx = self.write()?;
        check_and_step(&tx, n, actor)?;
        let notice_id = insert_notice(&tx, n, actor)?;
        tx.execute(
            "INSERT INTO record_events (subject, subject_id, at, engineer, action, detail)
             VALUES (?1, ?2, ?3, ?4, 'notice', ?5)",
            sql_args![
                n.subject.as_str(),
                n.subject_id,
                ts(actor.now),
                actor.engineer,
                format!(
                    "notice #{notice_id} ({}) queued: {} on {}",
                    n.stage,
                    crate::text::plural(n.deliveries.len(), "delivery", "deliveries"),
                    channels_text(&n.channels)
                )
            ],
        )?;
        tx.commit()?;
        Ok(notice_id)
    }

    /// Newest first, optionally for one record, read as of one moment.
    pub fn notices(
        &self,
        about: Option<(SubjectKind, i64)>,
        limit: usize,
    ) -> Result<Vec<NoticeSummary>> {
        let snapshot = self.db().read()?;
        let mut out = snapshot.query_map(
            &format!(
                "{SUMMARY} WHERE ?1 IS NULL OR (n.subject = ?1 AND n.subject_id = ?2)
                 ORDER BY n.id DESC LIMIT ?3"
            ),
            sql_args![
                about.map(|(s, _)| NoticeSubject::from(s).as_str()),
                about.map(|(_, id)| id),
                limit_of(limit)
            ],
            summary_row,
        )?;
        let ids: Vec<i64> = out.iter().map(|n| n.id).collect();
        let mut counts = counts_of_each(&snapshot, &ids)?;
        snapshot.commit()?;
        for n in &mut out {
            n.deliveries = counts.remove(&n.id).unwrap_or_default();
        }
        Ok(out)
    }

    pub fn notice(&self, id: i64) -> Result<NoticeDetail> {
        let snapshot = self.db().read()?;
        let detail = notice_detail(&snapshot, id)?;
        snapshot.commit()?;
        Ok(detail)
    }
}

fn notice_detail(db: &impl Sql, id: i64) -> Result<NoticeDetail> {
    let mut notice = db
        .query_opt(
            &format!("{SUMMARY} WHERE n.id = ?1"),
            sql_args![id],
            summary_row,
        )?
        .ok_or(StoreError::NoNotice(id))?;
    notice.deliveries = counts_of(db, id)?;
    // The desk's own deliveries (no customer) first, as SQLite sorts NULL.
    let mut deliveries = db.query_map(
        &format!(
            "SELECT d.id, COALESCE(c.name, '(the desk)'), d.channel, d.platform, d.address,
                    d.state, d.attempts, d.next_attempt_at, d.last_error, d.reply, d.sent_at,
                    d.subject, d.body
             FROM deliveries d LEFT JOIN customers c ON c.id = d.customer_id
             WHERE d.notice_id = ?1
             ORDER BY c.name IS NOT NULL, c.name COLLATE {}, d.channel, d.id",
            db.engine().nocase()
        ),
        sql_args![id],
        delivery_row,
    )?;
    for d in &mut deliveries {
        d.attempt_log = attempts_of(db, d.id)?;
    }
    Ok(NoticeDetail { notice, deliveries })
}

fn delivery_row(r: &Row<'_>) -> Result<DeliveryRow> {
    let state: DeliveryState = r.word(5)?;
    let channel: Channel = r.word(2)?;
    let address = r.text(4)?;
    Ok(DeliveryRow {
        id: r.get(0)?,
        customer: r.text(1)?,
        channel,
        platform: match r.text_lossy(3)? {
            Some(_) => Some(r.word(3)?),
            None => None,
        },
        address: match channel {
            Channel::Chat => masked_url(&address),
            _ => address,
        },
        state,
        attempts: r.get(6)?,
        next_attempt_at: match state {
            DeliveryState::Queued | DeliveryState::Failed => r.get(7)?,
            _ => None,
        },
        last_error: r.text_lossy(8)?,
        reply: r.text_lossy(9)?,
        sent_at: r.get(10)?,
        subject: r.text(11)?,
        body: r.text(12)?,
        attempt_log: Vec::new(),
    })
}
