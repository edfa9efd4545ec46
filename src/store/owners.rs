//! The desk's project owner per customer: terms and announced changes.

use super::engine::Sql;
use super::notices::{NewNotice, insert_notice};
use super::{Actor, Result, Store, StoreError, customers::customer_id, day_text, ts};
use crate::domain::notice::NoticeSubject;
use crate::domain::owner::{OwnerTerm, check_change, current, default_announcement, pending};
use crate::sql_args;

/// Given the term as recorded and the previous owner, the notice that
/// announces it (none to record it silently), or why it cannot be sent.
pub type Announce<'a> =
    &'a dyn Fn(&OwnerTerm, &str) -> std::result::Result<Option<NewNotice>, String>;

/// For a change recorded without a notice to the customer (history
/// brought in from elsewhere, tests of the rule itself).
pub fn unannounced(_: &OwnerTerm, _: &str) -> std::result::Result<Option<NewNotice>, String> {
    Ok(None)
}

fn terms_of(db: &impl Sql, customer_id: i64) -> Result<Vec<OwnerTerm>> {
    db.query_map(
        "SELECT p.id, c.name, p.owner, p.effective_on, p.announced_on, p.announcement,
                p.recorded_by, p.recorded_at, p.cancelled_at, p.cancelled_by
         FROM project_owners p JOIN customers c ON c.id = p.customer_id
         WHERE p.customer_id = ?1 ORDER BY p.effective_on, p.id",
        sql_args![customer_id],
        |r| {
            Ok(OwnerTerm {
                id: r.get(0)?,
                customer: r.text(1)?,
                owner: r.text(2)?,
                effective_on: r.get(3)?,
                announced_on: r.get(4)?,
                announcement: r.text_lossy(5)?,
                recorded_by: r.text(6)?,
                recorded_at: r.get(7)?,
                cancelled_at: r.get(8)?,
                cancelled_by: r.text_lossy(9)?,
            })
        },
    )
}

/// The term `term_id` of a customer's, as just written.
fn term_of(db: &impl Sql, customer_id: i64, term_id: i64) -> Result<OwnerTerm> {
    terms_of(db, customer_id)?
        .into_iter()
        .find(|t| t.id == term_id)
        .ok_or_else(|| StoreError::Corrupt("the owner term just written is gone".into()))
}

impl Store {
    /// Names the desk's project owner for a customer from `effective`. A
    /// change (there was an owner before) is announced today, at least
    /// three working days ahead, and the announcement is kept; `announce`
    /// is given the term as recorded and the previous owner and returns
    /// the notice that tells the customer, queued in the same transaction
    /// (its `subject_id` is set to the term). A refusal from it writes
    /// nothing.
    pub fn set_project_owner(
        &mut self,
        customer: &str,
        owner: &str,
        effective: chrono::NaiveDate,
        announcement: Option<&str>,
        actor: Actor<'_>,
        announce: Announce<'_>,
    ) -> Result<OwnerTerm> {
        let today = self.rules.calendar.date(actor.now);
        let cal = self.rules.calendar.clone();
        let tx = self.write()?;
        let (id, name) = customer_id(&tx, customer)?;
        let terms = terms_of(&tx, id)?;
        check_change(&cal, &terms, owner, effective, today)?;
        let owner = owner.trim();
        let previous = current(&terms, today).map(|t| t.owner.clone());
        let text = match announcement.map(str::trim) {
            Some(t) if !t.is_empty() => {
                crate::domain::owner::check_announcement(t)?;
                Some(t.to_string())
            }
            _ => previous
                .as_deref()
                .map(|p| default_announcement(&name, Some(p), owner, effective)),
        };
        let term_id = tx.insert(
            "INSERT INTO project_owners (customer_id, owner, effective_on, announced_on,
                 announcement, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
            sql_args![
                id,
                owner,
                day_text(effective),
                day_text(today),
                text,
                actor.engineer,
                ts(actor.now)
            ],
        )?;
        let term = term_of(&tx, id, term_id)?;
        if let Some(previous) = &previous
            && let Some(mut notice) = announce(&term, previous).map_err(StoreError::Invalid)?
        {
            notice.subject = NoticeSubject::Owner;
            notice.subject_id = term.id;
            insert_notice(&tx, &notice, actor)?;
        }
        tx.commit()?;
        Ok(term)
    }

    /// Calls off the change announced for a later day; it stays on record
    /// as cancelled.
    pub fn cancel_owner_change(&mut self, customer: &str, actor: Actor<'_>) -> Result<OwnerTerm> {
        let today = self.rules.calendar.date(actor.now);
        let tx = self.write()?;
        let (id, name) = customer_id(&tx, customer)?;
        let terms = terms_of(&tx, id)?;
        let Some(p) = pending(&terms, today) else {
            return Err(StoreError::Invalid(format!(
                "{name} has no announced change of project owner to cancel"
            )));
        };
        tx.execute(
            "UPDATE project_owners SET cancelled_at = ?2, cancelled_by = ?3 WHERE id = ?1",
            sql_args![p.id, ts(actor.now), actor.engineer],
        )?;
        let term = term_of(&tx, id, p.id)?;
        tx.commit()?;
        Ok(term)
    }

    /// Every term recorded for a customer, oldest first.
    pub fn project_owners(&self, customer: &str) -> Result<Vec<OwnerTerm>> {
        let (id, _) = customer_id(self.db(), customer)?;
        terms_of(self.db(), id)
    }
}

#[cfg(test)]
mod tests {
    use super::super::engine::Sql;
    use super::super::test_support::*;
    use super::*;
    use crate::domain::notice::NoticeSubject;
    use crate::sql_args;
    use chrono::{Duration, NaiveDate};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    type Announced = std::result::Result<Option<NewNotice>, String>;

    /// Acme's owner from `on`, as recorded at t0.
    fn set(s: &mut Store, owner: &str, on: &str, announce: Announce<'_>) -> Result<OwnerTerm> {
        s.set_project_owner("Acme", owner, d(on), None, actor(t0()), announce)
    }

    #[test]
    fn first_owner_then_an_announced_change() {
        each_engine("owners_change", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            // t0 is Monday 2 November 2026.
            let first = s
                .set_project_owner(
                    "acme",
                    "Zhao Lei",
                    d("2026-11-02"),
                    None,
                    actor(t0()),
                    &unannounced,
                )
                .unwrap();
            assert_eq!(first.announcement, None);
            let err = s
                .set_project_owner(
                    "Acme",
                    "Chen Hui",
                    d("2026-11-04"),
                    None,
                    actor(t0()),
                    &unannounced,
                )
                .unwrap_err();
            assert!(matches!(err, StoreError::OwnerChange(_)));
            assert!(err.to_string().contains("2026-11-05"), "{err}");
            assert_eq!(s.project_owners("Acme").unwrap().len(), 1);
            let change = s
                .set_project_owner(
                    "Acme",
                    "Chen Hui",
                    d("2026-11-05"),
                    None,
                    actor(t0()),
                    &unannounced,
                )
                .unwrap();
            assert_eq!(change.announced_on, d("2026-11-02"));
            let text = change.announcement.unwrap();
            assert!(text.contains("Chen Hui takes over from Zhao Lei"), "{text}");
            // A second change while one is pending is refused.
            let later = actor(t0() + Duration::days(1));
            assert!(
                s.set_project_owner(
                    "Acme",
                    "Sun Mei",
                    d("2026-12-01"),
                    Some("hello"),
                    later,
                    &unannounced
                )
                .is_err()
            );
        });
    }

    #[test]
    fn a_change_queues_its_announcement_with_it_and_a_cancel_keeps_it_on_record() {
        each_engine("owners_announce_cancel", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            set(&mut s, "Zhao Lei", "2026-11-02", &unannounced).unwrap();
            let refused = |_: &OwnerTerm, _: &str| -> Announced { Err("no template".into()) };
            let err = set(&mut s, "Chen Hui", "2026-11-05", &refused).unwrap_err();
            assert!(err.to_string().contains("no template"), "{err}");
            assert_eq!(
                s.project_owners("Acme").unwrap().len(),
                1,
                "nothing written"
            );
            let announce = |_: &OwnerTerm, previous: &str| -> Announced {
                assert_eq!(previous, "Zhao Lei");
                Ok(Some(notice(0, "", 2)))
            };
            let change = set(&mut s, "Chen Hui", "2026-11-05", &announce).unwrap();
            let queued: Vec<(String, i64, i64)> = s
                .db()
                .query_map(
                    "SELECT n.subject, n.subject_id, COUNT(d.id) FROM notices n
                     JOIN deliveries d ON d.notice_id = n.id GROUP BY n.id, n.subject, n.subject_id",
                    sql_args![],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .unwrap();
            assert_eq!(
                queued,
                [(NoticeSubject::Owner.as_str().into(), change.id, 2)]
            );
            let cancelled = s
                .cancel_owner_change("ACME", actor(t0() + Duration::hours(1)))
                .unwrap();
            assert_eq!(cancelled.id, change.id);
            assert_eq!(cancelled.cancelled_by.as_deref(), Some("alice"));
            assert_eq!(cancelled.cancelled_at, Some(t0() + Duration::hours(1)));
            let terms = s.project_owners("acme").unwrap();
            assert_eq!(terms.len(), 2);
            let err = s.cancel_owner_change("Acme", actor(t0())).unwrap_err();
            assert!(err.to_string().contains("no announced change"), "{err}");
        });
    }
}
