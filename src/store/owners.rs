//! The desk's project owner per customer: terms and announced changes.

use rusqlite::{Connection, params};

use super::notices::{NewNotice, insert_notice};
use super::{
    Actor, Result, Store, StoreError, customers::customer_id, day_text, from_ts, parse_day, ts,
};
use crate::domain::notice::NoticeSubject;
use crate::domain::owner::{OwnerTerm, check_change, current, default_announcement, pending};

/// Given the term as recorded and the previous owner, the notice that
/// announces it (none to record it silently), or why it cannot be sent.
pub type Announce<'a> =
    &'a dyn Fn(&OwnerTerm, &str) -> std::result::Result<Option<NewNotice>, String>;

/// For a change recorded without a notice to the customer (history
/// brought in from elsewhere, tests of the rule itself).
pub fn unannounced(_: &OwnerTerm, _: &str) -> std::result::Result<Option<NewNotice>, String> {
    Ok(None)
}

fn terms_of(conn: &Connection, customer_id: i64) -> Result<Vec<OwnerTerm>> {
    let mut stmt = conn.prepare_cached(
        "SELECT p.id, c.name, p.owner, p.effective_on, p.announced_on, p.announcement,
                p.recorded_by, p.recorded_at, p.cancelled_at, p.cancelled_by
         FROM project_owners p JOIN customers c ON c.id = p.customer_id
         WHERE p.customer_id = ?1 ORDER BY p.effective_on, p.id",
    )?;
    let rows = stmt.query_map([customer_id], |r| {
        Ok(OwnerTerm {
            id: r.get(0)?,
            customer: r.get(1)?,
            owner: r.get(2)?,
            effective_on: parse_day(&r.get::<_, String>(3)?)?,
            announced_on: parse_day(&r.get::<_, String>(4)?)?,
            announcement: r.get(5)?,
            recorded_by: r.get(6)?,
            recorded_at: from_ts(r.get(7)?)?,
            cancelled_at: r.get::<_, Option<i64>>(8)?.map(from_ts).transpose()?,
            cancelled_by: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
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
        let tx = self.write_tx()?;
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
        tx.execute(
            "INSERT INTO project_owners (customer_id, owner, effective_on, announced_on,
                 announcement, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                owner,
                day_text(effective),
                day_text(today),
                text,
                actor.engineer,
                ts(actor.now)
            ],
        )?;
        let term_id = tx.last_insert_rowid();
        let term = terms_of(&tx, id)?
            .into_iter()
            .find(|t| t.id == term_id)
            .ok_or_else(|| StoreError::Corrupt("the owner term just written is gone".into()))?;
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
        let tx = self.write_tx()?;
        let (id, name) = customer_id(&tx, customer)?;
        let terms = terms_of(&tx, id)?;
        let Some(p) = pending(&terms, today) else {
            return Err(StoreError::Invalid(format!(
                "{name} has no announced change of project owner to cancel"
            )));
        };
        tx.execute(
            "UPDATE project_owners SET cancelled_at = ?2, cancelled_by = ?3 WHERE id = ?1",
            params![p.id, ts(actor.now), actor.engineer],
        )?;
        let term_id = p.id;
        let term = terms_of(&tx, id)?
            .into_iter()
            .find(|t| t.id == term_id)
            .expect("the row just updated");
        tx.commit()?;
        Ok(term)
    }

    /// Every term recorded for a customer, oldest first.
    pub fn project_owners(&self, customer: &str) -> Result<Vec<OwnerTerm>> {
        let (id, _) = customer_id(self.lite()?, customer)?;
        terms_of(self.lite()?, id)
    }
}

#[cfg(test)]
mod tests {
    use super::super::StoreError;
    use super::super::test_support::*;
    use super::unannounced;
    use chrono::{Duration, NaiveDate};

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn first_owner_then_an_announced_change() {
        let mut s = store_with_customer();
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
    }
}
