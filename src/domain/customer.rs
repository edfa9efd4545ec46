//! Customers: enterprises with a subscription to the desk's service.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::CustomerKind;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub kind: CustomerKind,
    /// The customer's named contact for the subscription.
    pub owner: Option<String>,
    pub created_at: DateTime<Utc>,
    /// The language its notices are written in.
    pub language: super::Language,
    /// Whether the language was chosen for it (else its kind's default).
    pub language_chosen: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCustomer {
    pub name: String,
    pub kind: CustomerKind,
    pub owner: Option<String>,
}

pub const MAX_NAME: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidCustomer {
    #[error("customer name is empty")]
    EmptyName,
    #[error("customer name is {0} characters long; at most {MAX_NAME} are allowed")]
    NameTooLong(usize),
    #[error("customer name contains control characters")]
    ControlInName,
    #[error("owner is {0} characters long; at most {MAX_NAME} are allowed")]
    OwnerTooLong(usize),
}

impl NewCustomer {
    /// Names are keys people type on the command line, so they are kept
    /// to printable text; free text elsewhere is merely shown inert.
    pub fn validate(&self) -> Result<(), InvalidCustomer> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(InvalidCustomer::EmptyName);
        }
        let len = name.chars().count();
        if len > MAX_NAME {
            return Err(InvalidCustomer::NameTooLong(len));
        }
        if name.chars().any(char::is_control) {
            return Err(InvalidCustomer::ControlInName);
        }
        if let Some(owner) = &self.owner {
            let len = owner.chars().count();
            if len > MAX_NAME {
                return Err(InvalidCustomer::OwnerTooLong(len));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new(name: &str) -> NewCustomer {
        NewCustomer {
            name: name.into(),
            kind: CustomerKind::Local,
            owner: None,
        }
    }

    #[test]
    fn names_are_checked() {
        assert_eq!(new("Acme Ltd").validate(), Ok(()));
        assert_eq!(new("  ").validate(), Err(InvalidCustomer::EmptyName));
        assert_eq!(
            new("a\u{1b}[2J").validate(),
            Err(InvalidCustomer::ControlInName)
        );
        assert_eq!(
            new(&"x".repeat(201)).validate(),
            Err(InvalidCustomer::NameTooLong(201))
        );
    }
}
