//! The shift's handover queued to the desk itself: numbered HO-1, HO-2…
//! in the transaction that writes it, its deliveries with no customer,
//! and kept among the record events like an incident's notices.

use super::engine::Sql;
use super::notices::{NewNotice, insert_notice};
use super::{Actor, Result, Store, StoreError, ts};
use crate::domain::notice::NoticeSubject;
use crate::sql_args;

impl Store {
    /// Queues handover `n`; returns the notice's id and the handover's
    /// number. A delivery addressed to a customer is refused: a handover
    /// names other customers' escalations.
    pub fn queue_handover(&mut self, n: &NewNotice, actor: Actor<'_>) -> Result<(i64, i64)> {
        if n.subject != NoticeSubject::Handover {
            return Err(StoreError::Invalid(format!(
                "a {} notice is not a handover",
                n.subject
            )));
        }
        if n.deliveries.iter().any(|d| d.customer_id.is_some()) {
            return Err(StoreError::Invalid(
                "a handover goes to the desk only, never to a customer".into(),
            ));
        }
        let tx = self.write()?;
        let number: i64 = tx.query_row(
            "SELECT COALESCE(MAX(subject_id), 0) + 1 FROM notices WHERE subject = 'handover'",
            sql_args![],
            |r| r.get(0),
        )?;
        let notice = NewNotice {
            subject_id: number,
            ..n.clone()
        };
        let id = insert_notice(&tx, &notice, actor)?;
        tx.execute(
            "INSERT INTO record_events (subject, subject_id, at, engineer, action, detail)
             VALUES ('handover', ?1, ?2, ?3, 'sent', ?4)",
            sql_args![
                number,
                ts(actor.now),
                actor.engineer,
                format!(
                    "{}: notice #{id}, {} deliveries queued",
                    notice.message,
                    notice.deliveries.len()
                )
            ],
        )?;
        tx.commit()?;
        Ok((id, number))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::notice::{Channel, Stage};
    use crate::store::NewDelivery;

    fn handover(customer_id: Option<i64>) -> NewNotice {
        NewNotice {
            subject: NoticeSubject::Handover,
            subject_id: 0,
            stage: Stage::ShiftHandover,
            seen_state: String::new(),
            channels: vec![Channel::Email],
            message: "12-02 12:00 – 20:00 (Asia/Shanghai time)".into(),
            next_update_due: None,
            deliveries: vec![NewDelivery {
                customer_id,
                channel: Channel::Email,
                platform: None,
                address: "leads@desk.example".into(),
                subject: "Handover".into(),
                body: "Came in (1)".into(),
                params: None,
            }],
        }
    }

    #[test]
    fn handovers_are_numbered_and_reach_only_the_desk() {
        each_engine("handovers_are_numbered", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            let (first, one) = s.queue_handover(&handover(None), actor(t0())).unwrap();
            let (_, two) = s.queue_handover(&handover(None), actor(t0())).unwrap();
            assert_eq!((one, two), (1, 2));

            let detail = s.notice(first).unwrap();
            assert_eq!(detail.notice.subject, NoticeSubject::Handover);
            assert!(
                detail.notice.title.starts_with("Shift handover: 12-02"),
                "{:?}",
                detail.notice.title
            );
            assert_eq!(detail.deliveries.len(), 1);
            assert_eq!(detail.deliveries[0].customer, "(the desk)");
            assert_eq!(detail.deliveries[0].state.as_str(), "queued");

            let e = s
                .queue_handover(&handover(Some(1)), actor(t0()))
                .unwrap_err();
            assert!(e.to_string().contains("never to a customer"), "{e}");
            assert_eq!(
                s.notices(None, 10).unwrap().len(),
                2,
                "nothing written when refused"
            );
        });
    }
}
