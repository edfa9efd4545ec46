//! Customers.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::decode::{opt_text_at, text_at};
use super::{Actor, Result, Store, StoreError, audit, from_ts, parse_word, ts};
use crate::domain::{Customer, CustomerKind, Language, NewCustomer};

const COLUMNS: &str = "id, name, kind, owner, created_at, notice_language";
/// [`COLUMNS`] of a `customers c` in a join, first in the row.
pub(super) const JOINED_COLUMNS: &str =
    "c.id, c.name, c.kind, c.owner, c.created_at, c.notice_language";

pub(super) fn customer_from_row(r: &Row<'_>) -> rusqlite::Result<Customer> {
    let kind: CustomerKind = parse_word(r, 2)?;
    let chosen: Option<String> = r.get(5)?;
    Ok(Customer {
        id: r.get(0)?,
        name: text_at(r, 1)?,
        kind,
        owner: opt_text_at(r, 3)?,
        created_at: from_ts(r.get(4)?)?,
        language: match chosen {
            Some(_) => parse_word(r, 5)?,
            None => Language::for_customer(kind),
        },
        language_chosen: chosen.is_some(),
    })
}

/// A customer's id and stored name, by name as people type it.
pub(super) fn customer_id(conn: &Connection, name: &str) -> Result<(i64, String)> {
    conn.prepare_cached("SELECT id, name FROM customers WHERE name = ?1")?
        .query_row([name.trim()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?
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
        let tx = self.write_tx()?;
        let exists: bool = tx.query_row(
            "SELECT EXISTS (SELECT 1 FROM customers WHERE name = ?1)",
            [name],
            |r| r.get(0),
        )?;
        if exists {
            return Err(StoreError::DuplicateCustomer(name.to_string()));
        }
        tx.execute(
            "INSERT INTO customers (name, kind, owner, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, new.kind.as_str(), owner, ts(actor.now)],
        )?;
        let id = tx.last_insert_rowid();
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
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM customers ORDER BY name"))?;
        let rows = stmt.query_map([], customer_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Names match without regard to ASCII case, as people type them.
    pub fn customer_by_name(&self, name: &str) -> Result<Customer> {
        self.conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM customers WHERE name = ?1"))?
            .query_row([name.trim()], customer_from_row)
            .optional()?
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
        let mut stmt = self.conn.prepare_cached(
            "SELECT name FROM customers WHERE name LIKE ?1 ESCAPE '\\'
             ORDER BY name NOT LIKE ?2 ESCAPE '\\', name LIMIT ?3",
        )?;
        let rows = stmt.query_map(
            rusqlite::params![format!("%{escaped}%"), format!("{escaped}%"), limit as i64],
            |r| r.get(0),
        )?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Sets the language a customer's notices are written in; `None` goes
    /// back to its kind's default.
    pub fn set_notice_language(
        &mut self,
        customer: &str,
        language: Option<Language>,
        actor: Actor<'_>,
    ) -> Result<Customer> {
        let tx = self.write_tx()?;
        let (id, _) = customer_id(&tx, customer)?;
        tx.execute(
            "UPDATE customers SET notice_language = ?2 WHERE id = ?1",
            params![id, language.map(|l| l.as_str())],
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
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM customers WHERE id = ?1"))?
            .query_row([id], customer_from_row)?)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::CustomerKind;

    #[test]
    fn find_offers_names_that_start_with_the_text_first_and_reads_wildcards_as_letters() {
        let mut s = store_with_customer();
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
    }

    #[test]
    fn add_list_and_find_ignoring_case() {
        let mut s = store_with_customer();
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
    }

    #[test]
    fn duplicate_name_is_refused() {
        let mut s = store_with_customer();
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
    }
}
