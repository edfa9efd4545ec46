//! Where a customer's notices go: email addresses and phone numbers, and
//! its chat group's robot (checked against the platform its kind needs).

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::engine::{Dialect, Engine, Row, Sql};
use super::subscriptions::{chat_groups_of, subscriptions_of};
use super::{Actor, Result, Store, StoreError, audit, customers::customer_id};
use crate::domain::chat::{Robot, check_robot, reach};
use crate::domain::contact::Contact;
use crate::domain::notice::{Channel, ChatPlatform};
use crate::domain::{CustomerKind, Language};
use crate::sql_args;

/// Where a customer's notices go, for `contact list`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ContactList {
    pub customer: String,
    /// Email addresses and phone numbers.
    pub contacts: Vec<Contact>,
    /// The current chat group's robot, or why there is none.
    pub chat: std::result::Result<Contact, String>,
    /// Chat robots recorded as contacts before they moved to the group,
    /// which no notice uses (another platform, or the group had one).
    pub unused_chat: Vec<Contact>,
}

/// The customer's current chat group's robot as a chat contact, or why
/// there is none today.
pub(super) fn chat_of(
    db: &impl Sql,
    customer_id: i64,
    name: &str,
    kind: CustomerKind,
    today: chrono::NaiveDate,
) -> Result<std::result::Result<Robot, String>> {
    let subs = subscriptions_of(db, customer_id)?;
    let groups = chat_groups_of(db, customer_id, &subs, today)?;
    Ok(reach(name, kind, &groups, today))
}

pub(super) fn kind_and_language(
    db: &impl Sql,
    customer_id: i64,
) -> Result<(CustomerKind, Language)> {
    let (kind, lang): (String, Option<String>) = db.query_row(
        "SELECT kind, notice_language FROM customers WHERE id = ?1",
        sql_args![customer_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    kind_and_language_of(kind, lang)
}

fn kind_and_language_of(kind: String, lang: Option<String>) -> Result<(CustomerKind, Language)> {
    let kind: CustomerKind = kind
        .parse()
        .map_err(|e: crate::domain::UnknownWord| StoreError::Corrupt(e.to_string()))?;
    let language = match lang {
        Some(l) => l
            .parse()
            .map_err(|e: crate::domain::UnknownWord| StoreError::Corrupt(e.to_string()))?,
        None => Language::for_customer(kind),
    };
    Ok((kind, language))
}

/// What a notice needs of a customer besides its chat group.
pub(super) struct Reach {
    pub kind: CustomerKind,
    pub language: Language,
    /// Email addresses and phone numbers.
    pub contacts: Vec<Contact>,
}

/// The kind, language and contacts of each of `ids`: one read of the
/// customers and one of their contacts, for an audience of thousands.
pub(super) fn reach_of_each(
    db: &impl Sql,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, Reach>> {
    let ids = serde_json::Value::from(ids).to_string();
    let e = db.engine();
    let customers = db.query_map(
        &format!(
            "SELECT id, kind, notice_language FROM customers WHERE id IN ({})",
            e.json_ints("?1")
        ),
        sql_args![ids],
        |r| {
            let (kind, language) = kind_and_language_of(r.get(1)?, r.get(2)?)?;
            let reach = Reach {
                kind,
                language,
                contacts: Vec::new(),
            };
            Ok((r.get::<i64>(0)?, reach))
        },
    )?;
    let mut out: std::collections::HashMap<i64, Reach> = customers.into_iter().collect();
    let contacts = db.query_map(&audience_contacts(e), sql_args![ids], |r| {
        Ok((r.get::<i64>(0)?, contact_at(r, 1)?))
    })?;
    for (id, c) in contacts {
        if let Some(reach) = out.get_mut(&id) {
            reach.contacts.push(c);
        }
    }
    Ok(out)
}

/// The email and phone contacts of the customers in the JSON list `?1`.
pub(super) fn audience_contacts(e: Engine) -> String {
    format!(
        "SELECT customer_id, channel, address, platform
         FROM contacts WHERE customer_id IN ({}) AND channel != 'chat'
         ORDER BY customer_id, channel, id",
        e.json_ints("?1")
    )
}

/// Email addresses and phone numbers (chat goes to the group's robot).
pub(super) fn contacts_of(db: &impl Sql, customer_id: i64) -> Result<Vec<Contact>> {
    contact_rows(db, customer_id, false)
}

fn contact_rows(db: &impl Sql, customer_id: i64, chat: bool) -> Result<Vec<Contact>> {
    db.query_map(
        &format!(
            "SELECT channel, address, platform FROM contacts
             WHERE customer_id = ?1 AND {} = ?2
             ORDER BY channel, id",
            db.engine().flag("channel = 'chat'")
        ),
        sql_args![customer_id, chat],
        |r| contact_at(r, 0),
    )
}

/// A contact from its channel, address and platform columns from `at` on.
fn contact_at(r: &Row<'_>, at: usize) -> Result<Contact> {
    Ok(Contact {
        channel: r.word(at)?,
        address: r.get(at + 1)?,
        platform: match r.get::<Option<String>>(at + 2)? {
            Some(_) => Some(r.word(at + 2)?),
            None => None,
        },
    })
}

impl Store {
    /// Adds a contact; false when it was already there. A chat robot
    /// becomes the robot of the customer's current chat group, refused
    /// when it is on the wrong platform for the customer or there is no
    /// open group to put it on.
    pub fn add_contact(&mut self, customer: &str, c: &Contact, actor: Actor<'_>) -> Result<bool> {
        if c.channel == Channel::Chat {
            return self.set_chat_robot(customer, c.platform, &c.address, actor);
        }
        let tx = self.write()?;
        let (id, _) = customer_id(&tx, customer)?;
        let n = tx.execute(
            "INSERT INTO contacts (customer_id, channel, address, platform)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
            sql_args![
                id,
                c.channel.as_str(),
                c.address,
                c.platform.map(|p| p.as_str())
            ],
        )?;
        if n > 0 {
            audit::record(
                &tx,
                actor,
                "customer",
                id,
                "contact_add",
                &format!("{} {}", c.channel, c.address),
            )?;
        }
        tx.commit()?;
        Ok(n > 0)
    }

    fn set_chat_robot(
        &mut self,
        customer: &str,
        platform: Option<ChatPlatform>,
        url: &str,
        actor: Actor<'_>,
    ) -> Result<bool> {
        let today = self.rules.calendar.date(actor.now);
        let tx = self.write()?;
        let (id, name) = customer_id(&tx, customer)?;
        let (kind, _) = kind_and_language(&tx, id)?;
        check_robot(&name, kind, platform, url).map_err(StoreError::Invalid)?;
        let subs = subscriptions_of(&tx, id)?;
        let groups = chat_groups_of(&tx, id, &subs, today)?;
        let group = match groups.last() {
            Some(g) if g.dismissed_on.is_none() => g,
            Some(g) => {
                return Err(StoreError::Invalid(format!(
                    "{name}'s chat group was dismissed on {}; a new subscription opens a new \
                     group (`sredesk subscription add ... --webhook URL`)",
                    g.dismissed_on.unwrap_or(today)
                )));
            }
            None => {
                return Err(StoreError::Invalid(format!(
                    "{name} has no chat group: it opens with the first subscription \
                     (`sredesk subscription add ... --webhook URL`)"
                )));
            }
        };
        let url = url.trim();
        if group.webhook.as_deref() == Some(url) {
            return Ok(false);
        }
        tx.execute(
            "UPDATE chat_groups SET webhook = ?2 WHERE id = ?1",
            sql_args![group.id, url],
        )?;
        audit::record(
            &tx,
            actor,
            "customer",
            id,
            "chat_robot",
            &format!(
                "chat group #{} ({}): robot {}",
                group.id,
                group.platform.label(),
                crate::domain::masking::masked_url(url)
            ),
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Removes a contact; false when there was none such. A chat robot is
    /// taken off the customer's group (or off the unused list).
    pub fn remove_contact(
        &mut self,
        customer: &str,
        channel: Channel,
        address: &str,
        actor: Actor<'_>,
    ) -> Result<bool> {
        let tx = self.write()?;
        let (id, _) = customer_id(&tx, customer)?;
        let mut n = tx.execute(
            "DELETE FROM contacts WHERE customer_id = ?1 AND channel = ?2 AND address = ?3",
            sql_args![id, channel.as_str(), address.trim()],
        )?;
        if channel == Channel::Chat {
            n += tx.execute(
                "UPDATE chat_groups SET webhook = NULL WHERE customer_id = ?1 AND webhook = ?2",
                sql_args![id, address.trim()],
            )?;
        }
        if n > 0 {
            audit::record(
                &tx,
                actor,
                "customer",
                id,
                "contact_remove",
                &match channel {
                    Channel::Chat => {
                        format!("chat {}", crate::domain::masking::masked_url(address))
                    }
                    _ => format!("{channel} {}", address.trim()),
                },
            )?;
        }
        tx.commit()?;
        Ok(n > 0)
    }

    /// Where a customer's notices go today: its contacts and its chat
    /// group's robot.
    pub fn contacts(&self, customer: &str, now: DateTime<Utc>) -> Result<ContactList> {
        let (id, name) = customer_id(self.db(), customer)?;
        let m = self.member(id, name, Vec::new(), now)?;
        let chat = match (
            m.chat_unreachable,
            m.contacts.iter().find(|c| c.channel == Channel::Chat),
        ) {
            (None, Some(c)) => Ok(c.clone()),
            (Some(reason), _) => Err(reason),
            (None, None) => Err("no chat group".into()),
        };
        Ok(ContactList {
            customer: m.customer,
            contacts: m
                .contacts
                .into_iter()
                .filter(|c| c.channel != Channel::Chat)
                .collect(),
            chat,
            unused_chat: contact_rows(self.db(), id, true)?,
        })
    }
}
