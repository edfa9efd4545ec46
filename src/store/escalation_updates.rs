//! Updates to the customer about one escalation: queued as a notice to
//! its chat group (and email), written into the escalation's history in
//! the same transaction, and read back with their delivery state for the
//! detail.

use super::engine::Sql;
use super::notices::{NewNotice, NoticeSummary, SUMMARY, counts_of, insert_notice, summary_row};
use super::{Actor, Result, Store, StoreError, audit};
use crate::domain::notice::NoticeSubject;
use crate::sql_args;

impl Store {
    /// Queues `n` as an update about escalation `id`. An escalation still
    /// open or resolved may be written about; one closed, withdrawn or out
    /// of scope is done with, and the customer has heard its end.
    pub fn queue_escalation_update(
        &mut self,
        id: i64,
        n: &NewNotice,
        actor: Actor<'_>,
    ) -> Result<i64> {
        let tx = self.write()?;
        let e = super::escalations::fetch(&tx, id)?;
        if let Some(why) = crate::domain::triage::update_refused(&e) {
            return Err(StoreError::Invalid(why));
        }
        let notice = NewNotice {
            subject: NoticeSubject::Escalation,
            subject_id: id,
            seen_state: e.state.to_string(),
            ..n.clone()
        };
        let notice_id = insert_notice(&tx, &notice, actor)?;
        // The customer-update cadence counts from here.
        tx.execute(
            "UPDATE escalations SET last_update_at = ?2 WHERE id = ?1",
            sql_args![id, super::ts(actor.now)],
        )?;
        let channels: Vec<&str> = n.channels.iter().map(|c| c.as_str()).collect();
        audit::record(
            &tx,
            actor,
            "escalation",
            id,
            "customer update",
            &format!(
                "customer update, notice #{notice_id} by {}: {}",
                channels.join(", "),
                n.message.trim()
            ),
        )?;
        tx.commit()?;
        Ok(notice_id)
    }

    /// The latest update sent about escalation `id`, with how its
    /// deliveries stand; none when the customer was never updated.
    pub fn last_customer_update(&self, id: i64) -> Result<Option<NoticeSummary>> {
        let snapshot = self.db().read()?;
        let found = snapshot.query_opt(
            &format!(
                "{SUMMARY} WHERE n.subject = 'escalation' AND n.subject_id = ?1
                 ORDER BY n.id DESC LIMIT 1"
            ),
            sql_args![id],
            summary_row,
        )?;
        let found = match found {
            Some(mut summary) => {
                summary.deliveries = counts_of(&snapshot, summary.id)?;
                Some(summary)
            }
            None => None,
        };
        snapshot.commit()?;
        Ok(found)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::Severity;
    use crate::domain::TriageOp;
    use crate::domain::notice::Stage;

    fn update(message: &str) -> NewNotice {
        NewNotice {
            subject: NoticeSubject::Escalation,
            stage: Stage::EscalationUpdate,
            message: message.into(),
            ..notice(0, "", 2)
        }
    }

    #[test]
    fn an_update_is_kept_with_its_deliveries_and_in_the_history() {
        each_engine("escalation_update_kept", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            let e = s
                .add_escalation(&new_esc("T-1", Severity::S2, t0()), actor(t0()))
                .unwrap();
            assert_eq!(s.last_customer_update(e.id).unwrap(), None);
            let first = s
                .queue_escalation_update(e.id, &update("first"), actor(t0()))
                .unwrap();
            let later = t0() + chrono::Duration::minutes(20);
            let second = s
                .queue_escalation_update(e.id, &update("second"), actor(later))
                .unwrap();
            assert!(second > first);
            // The customer-update cadence counts from the latest one.
            assert_eq!(s.escalation(e.id).unwrap().last_update_at, Some(later));
            let last = s.last_customer_update(e.id).unwrap().unwrap();
            assert_eq!((last.id, last.message.as_str()), (second, "second"));
            assert_eq!(last.deliveries.queued, 2);
            assert_eq!(last.title, "T-1: problem T-1");
            let history = s.escalation_history(e.id).unwrap();
            assert!(
                history.iter().any(
                    |h| h.detail == format!("customer update, notice #{first} by email: first")
                ),
                "{history:?}"
            );
        });
    }

    #[test]
    fn one_done_with_is_refused_and_nothing_is_written() {
        each_engine("escalation_update_refused", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            let e = s
                .add_escalation(&new_esc("T-1", Severity::S2, t0()), actor(t0()))
                .unwrap();
            s.triage(e.id, &TriageOp::Withdraw { reason: None }, actor(t0()))
                .unwrap();
            let err = s
                .queue_escalation_update(e.id, &update("late"), actor(t0()))
                .unwrap_err();
            assert!(err.to_string().contains("is withdrawn"), "{err}");
            assert_eq!(s.last_customer_update(e.id).unwrap(), None);
            assert!(s.notices(None, 10).unwrap().is_empty());
        });
    }
}
