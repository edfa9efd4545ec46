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

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::notice::Stage;
    use chrono::Duration;

    #[test]
    fn the_decision_is_queued_once_and_its_delivery_makes_the_requirement_notified() {
        each_engine("requirement_notices", |s| {
            let mut s = subscribed_on(s, "2026-06-01");
            let r = s.add_requirement(&new_req("sso"), actor(t0())).unwrap();
            let decision = NewNotice {
                stage: Stage::RequirementAccepted,
                ..notice(0, "", 1)
            };
            let err = s
                .queue_requirement_notice(r.id, None, &decision, actor(t0()))
                .unwrap_err();
            assert!(err.to_string().contains("once R&D has made one"), "{err}");
            for _ in 0..4 {
                s.step_requirement(r.id, &RequirementOp::Advance, actor(t0()))
                    .unwrap();
            }
            let seen = Some(RequirementState::Accepted);
            let n = s
                .queue_requirement_notice(r.id, seen, &decision, actor(t0()))
                .unwrap();
            let err = s
                .queue_requirement_notice(r.id, seen, &decision, actor(t0()))
                .unwrap_err();
            assert!(
                err.to_string().contains(&format!("as notice #{n}")),
                "{err}"
            );
            // The outbox settles the sent delivery in its own transaction.
            let sent = t0() + Duration::minutes(5);
            let tx = s.write().unwrap();
            settled(&tx, n, sent).unwrap();
            tx.commit().unwrap();
            let r = s.requirement(r.id).unwrap();
            assert_eq!(
                (r.state, r.state_since),
                (RequirementState::CustomerNotified, sent)
            );
            let last = s.requirement_history(r.id).unwrap().pop().unwrap();
            assert_eq!(
                last.note.as_deref(),
                Some(&*format!("notice #{n} delivered"))
            );
            assert_eq!(last.engineer, "alice");
            // A second delivery of the same notice changes nothing more.
            let tx = s.write().unwrap();
            settled(&tx, n, sent + Duration::minutes(1)).unwrap();
            tx.commit().unwrap();
            assert_eq!(s.requirement(r.id).unwrap().state_since, sent);
        });
    }
}
