//! A requirement's result told to the customer: the step to
//! customer_notified is taken when a delivery of the result notice has
//! gone, not when someone says so.

use super::engine::Sql;
use super::notices::{NewNotice, insert_notice};
use super::requirements::{fetch_seen, record_event};
use super::{Actor, Result, Store, StoreError, ts};
use crate::domain::notice::NoticeSubject;
use crate::domain::requirement::{RequirementOp, RequirementState, step};
use crate::sql_args;
use chrono::{DateTime, Utc};

impl Store {
    /// Queues the notice of R&D's decision on requirement `id`, refused if
    /// it moved since `seen`, if R&D has not decided, or while an earlier
    /// one is still on its way (its deliveries queued or failing).
    pub fn queue_requirement_notice(
        &mut self,
        id: i64,
        seen: Option<RequirementState>,
        n: &NewNotice,
        actor: Actor<'_>,
    ) -> Result<i64> {
        let tx = self.write()?;
        let r = fetch_seen(&tx, id, seen)?;
        step(&r, &RequirementOp::Notify)?;
        let pending: Option<i64> = tx.query_opt(
            "SELECT n.id FROM notices n
             WHERE n.subject = 'requirement' AND n.subject_id = ?1
               AND EXISTS (SELECT 1 FROM deliveries d WHERE d.notice_id = n.id AND d.pending = 1)
             ORDER BY n.id DESC LIMIT 1",
            sql_args![id],
            |row| row.get(0),
        )?;
        if let Some(n) = pending {
            return Err(StoreError::Invalid(format!(
                "R&D's decision on requirement #{id} is on its way already as notice #{n} \
                 (`sredesk notice show {n}`)"
            )));
        }
        let notice = NewNotice {
            subject: NoticeSubject::Requirement,
            subject_id: id,
            ..n.clone()
        };
        let notice_id = insert_notice(&tx, &notice, actor)?;
        tx.commit()?;
        Ok(notice_id)
    }
}

/// After a delivery of notice `notice_id` was sent: if the notice tells a
/// requirement's result and the requirement still waits for it, the
/// requirement is customer_notified from `now`.
pub(super) fn settled(db: &impl Sql, notice_id: i64, now: DateTime<Utc>) -> Result<()> {
    let found: Option<(i64, RequirementState, String)> = db.query_opt(
        "SELECT r.id, r.state, n.composed_by FROM notices n
         JOIN requirements r ON r.id = n.subject_id
         WHERE n.id = ?1 AND n.subject = 'requirement'",
        sql_args![notice_id],
        |r| Ok((r.get(0)?, r.word(1)?, r.text(2)?)),
    )?;
    let Some((id, state, engineer)) = found else {
        return Ok(());
    };
    if !matches!(
        state,
        RequirementState::Accepted | RequirementState::Rejected
    ) {
        return Ok(());
    }
    db.execute(
        "UPDATE requirements SET state = 'customer_notified', state_since = ?2, updated_at = ?2
         WHERE id = ?1",
        sql_args![id, ts(now)],
    )?;
    record_event(
        db,
        id,
        Actor {
            engineer: &engineer,
            now,
        },
        Some(state),
        RequirementState::CustomerNotified,
        Some(&format!("notice #{notice_id} delivered")),
        None,
    )?;
    Ok(())
}
