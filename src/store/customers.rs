//! Customers.

use super::engine::{Dialect, Row, Sql};
use super::{Actor, Result, Store, StoreError, audit, ts};
use crate::domain::{Customer, CustomerKind, Language, NewCustomer};
use crate::sql_args;

const COLUMNS: &str = "id, name, kind, owner, created_at, notice_language";
/// [`COLUMNS`] of a `customers c` in a join, first in the row.
pub(super) const JOINED_COLUMNS: &str =
    "c.id, c.name, c.kind, c.owner, c.created_at, c.notice_language";

pub(super) fn customer_at(r: &Row<'_>) -> Result<Customer> {
    let kind: CustomerKind = r.word(2)?;
    let chosen: Option<String> = r.get(5)?;
    Ok(Customer {
        id: r.get(0)?,
        name: r.text(1)?,
        kind,
        owner: r.text_lossy(3)?,
        created_at: r.get(4)?,
        language: match chosen {
            Some(_) => r.word(5)?,
            None => Language::for_customer(kind),
        },
        language_chosen: chosen.is_some(),
    })
}

/// A customer's id and stored name, by name as people type it.
pub(super) fn customer_id(db: &impl Sql, name: &str) -> Result<(i64, String)> {
    db.query_opt(
        "SELECT id, name FROM customers WHERE name = ?1",
        sql_args![name.trim()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?
    .ok_or_else(|| StoreError::NoCustomer(name.to_string()))
}

impl Store {
    pub fn add_customer(&mut self, new: &NewCustomer, actor: Actor<'_>) -> Result<Customer> {
        new.validate()?;
        let name = new.name.trim();
        let owner = new
            .owner
            .as_deref()
            .map(str::trim)
            .filter(|o| !o.is_empty());
        let tx = self.write()?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM customers WHERE name = ?1)",
            sql_args![name],
            |r| r.get(0),
        )?;
        if exists {
            return Err(StoreError::DuplicateCustomer(name.to_string()));
        }
        let id = tx.insert(
            "INSERT INTO customers (name, kind, owner, created_at) VALUES (?1, ?2, ?3, ?4)
             RETURNING id",
            sql_args![name, new.kind.as_str(), owner, ts(actor.now)],
        )?;
        audit::record(
            &tx,
            actor,
            "customer",
            id,
            "created",
            &format!("{name} ({})", new.kind),
        )?;
        tx.commit()?;
        self.customer_by_id(id)
    }

    pub fn customers(&self) -> Result<Vec<Customer>> {
        self.db().query_map(
            &format!("SELECT {COLUMNS} FROM customers ORDER BY name"),
            sql_args![],
            customer_at,
        )
    }

    /// Names match without regard to ASCII case, as people type them.
    pub fn customer_by_name(&self, name: &str) -> Result<Customer> {
        self.db()
            .query_opt(
                &format!("SELECT {COLUMNS} FROM customers WHERE name = ?1"),
                sql_args![name.trim()],
                customer_at,
            )?
            .ok_or_else(|| StoreError::NoCustomer(name.to_string()))
    }

    /// Names that hold `text` (any case), those that start with it first;
    /// at most `limit`. Empty text matches none: the picker waits for a
    /// letter rather than listing ten thousand customers.
    pub fn find_customers(&self, text: &str, limit: usize) -> Result<Vec<String>> {
        let t = text.trim();
        if t.is_empty() {
            return Ok(Vec::new());
        }
        // Typed % and _ are letters, not patterns.
        let escaped = t
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        let e = self.engine();
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        self.db().query_map(
            &format!(
                "SELECT name FROM customers WHERE {}
                 ORDER BY NOT {}, name LIMIT ?3",
                e.like_nocase("name", "?1"),
                e.like_nocase("name", "?2"),
            ),
            sql_args![format!("%{escaped}%"), format!("{escaped}%"), limit],
            |r| r.get(0),
        )
    }

    /// Sets the language a customer's notices are written in; `None` goes
    /// back to its kind's default.
    pub fn set_notice_language(
        &mut self,
        customer: &str,
        language: Option<Language>,
        actor: Actor<'_>,
    ) -> Result<Customer> {
        let tx = self.write()?;
        let (id, _) = customer_id(&tx, customer)?;
        tx.execute(
            "UPDATE customers SET notice_language = ?2 WHERE id = ?1",
            sql_args![id, language.map(|l| l.as_str())],
        )?;
        audit::record(
            &tx,
            actor,
            "customer",
            id,
            "notice_language",
            language.map_or("the kind's default", |l| l.as_str()),
        )?;
        tx.commit()?;
        self.customer_by_id(id)
    }

    fn customer_by_id(&self, id: i64) -> Result<Customer> {
        self.db().query_row(
            &format!("SELECT {COLUMNS} FROM customers WHERE id = ?1"),
            sql_args![id],
            customer_at,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::CustomerKind;

    #[test]
    fn find_offers_names_that_start_with_the_text_first_and_reads_wildcards_as_letters() {
        each_engine("customers_find", |mut s| {
            add_acme(&mut s);
            for name in ["Cacme Foods", "Acme_2 Ltd", "100% Cloud"] {
                s.add_customer(
                    &NewCustomer {
                        name: name.into(),
                        kind: CustomerKind::Local,
                        owner: None,
                    },
                    actor(t0()),
                )
                .unwrap();
            }
            assert_eq!(
                s.find_customers("acme", 10).unwrap(),
                ["Acme", "Acme_2 Ltd", "Cacme Foods"]
            );
            assert_eq!(s.find_customers("acme", 1).unwrap(), ["Acme"]);
            assert_eq!(s.find_customers("_", 10).unwrap(), ["Acme_2 Ltd"]);
            assert_eq!(s.find_customers("%", 10).unwrap(), ["100% Cloud"]);
            assert!(s.find_customers("  ", 10).unwrap().is_empty());
        });
    }

    #[test]
    fn add_list_and_find_ignoring_case() {
        each_engine("customers_add", |mut s| {
            add_acme(&mut s);
            s.add_customer(
                &NewCustomer {
                    name: " Blue Sky ".into(),
                    kind: CustomerKind::InternationalChinese,
                    owner: Some("  ".into()),
                },
                actor(t0()),
            )
            .unwrap();
            let names: Vec<_> = s.customers().unwrap().into_iter().map(|c| c.name).collect();
            assert_eq!(names, ["Acme", "Blue Sky"]);
            let c = s.customer_by_name("blue sky").unwrap();
            assert_eq!(c.kind, CustomerKind::InternationalChinese);
            assert_eq!(c.owner, None);
            assert!(matches!(
                s.customer_by_name("nobody"),
                Err(StoreError::NoCustomer(_))
            ));
            assert_eq!(c.created_at, t0());
            let trail = s.customer_history(c.id).unwrap();
            assert_eq!(trail.len(), 1);
            assert_eq!(
                (trail[0].engineer.as_str(), trail[0].action.as_str()),
                ("alice", "created")
            );
            assert_eq!(trail[0].detail, "Blue Sky (international-chinese)");
            let c = s
                .set_notice_language("BLUE SKY", Some(Language::En), actor(t0()))
                .unwrap();
            assert!(c.language_chosen);
            assert_eq!(s.customer_history(c.id).unwrap().len(), 2);
        });
    }

    #[test]
    fn duplicate_name_is_refused() {
        each_engine("customers_duplicate", |mut s| {
            add_acme(&mut s);
            let err = s
                .add_customer(
                    &NewCustomer {
                        name: "ACME".into(),
                        kind: CustomerKind::Local,
                        owner: None,
                    },
                    actor(t0()),
                )
                .unwrap_err();
            assert_eq!(err.to_string(), "a customer named 'ACME' already exists");
            assert_eq!(s.customers().unwrap().len(), 1);
        });
    }
}
