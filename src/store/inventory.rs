//! Customers' service inventories and contacts, and the audience of an
//! incident or change found from them.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::engine::{Dialect, Engine, Sql};
use crate::sql_args;

use super::contacts::{Reach, chat_of, contacts_of, kind_and_language, reach_of_each};
use super::{Actor, Result, Store, StoreError, audit, customers::customer_id};
use crate::domain::Language;
use crate::domain::contact::Contact;
use crate::domain::inventory::Holding;
use crate::domain::notice::Channel;

/// A customer a notice would reach: the holdings that make it affected
/// (empty when the engineer added it by hand) and where it can be reached.
/// Its chat contact is its current chat group's robot, when it has one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AudienceMember {
    pub customer_id: i64,
    pub customer: String,
    pub holdings: Vec<Holding>,
    pub contacts: Vec<Contact>,
    /// Why the customer cannot be reached on chat, when it cannot.
    pub chat_unreachable: Option<String>,
    /// The language its notices are written in.
    pub language: Language,
}

/// Each customer holding an affected service in an affected region (an
/// empty list means all), by name, with those holdings. The index on
/// (service, region) keeps this to the matching holdings, not every
/// inventory.
pub(super) fn affected_customers(
    db: &impl Sql,
    services: &[String],
    regions: &[String],
) -> Result<Vec<(i64, String, Vec<Holding>)>> {
    let list = |v: &[String]| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    let (sql, args) = affected_sql(db.engine(), services.is_empty(), regions.is_empty());
    let args: Vec<String> = match args {
        Lists::Both => vec![list(services), list(regions)],
        Lists::Services => vec![list(services)],
        Lists::Regions => vec![list(regions)],
        Lists::Neither => vec![],
    };
    let params: Vec<&dyn super::engine::Param> = args
        .iter()
        .map(|a| a as &dyn super::engine::Param)
        .collect();
    let rows = db.query_map(&sql, &params, |r| {
        Ok((
            r.get::<i64>(0)?,
            r.get::<String>(1)?,
            Holding {
                service: r.get(2)?,
                region: r.get(3)?,
            },
        ))
    })?;
    let mut found: Vec<(i64, String, Vec<Holding>)> = Vec::new();
    for (id, name, h) in rows {
        match found.last_mut() {
            Some((last, _, holdings)) if *last == id => holdings.push(h),
            _ => found.push((id, name, vec![h])),
        }
    }
    Ok(found)
}

/// Which lists the audience query is given.
enum Lists {
    Both,
    Services,
    Regions,
    Neither,
}

/// The audience query. An empty list (all) is left out of the query
/// rather than tested in it (`?1 = '[]' OR …`), so that a list of services
/// reads the (service, region) index instead of every holding.
fn affected_sql(e: Engine, no_services: bool, no_regions: bool) -> (String, Lists) {
    let (cond, lists) = match (no_services, no_regions) {
        (false, false) => (
            format!(
                "i.service IN ({}) AND i.region IN ({})",
                e.json_texts("?1"),
                e.json_texts("?2")
            ),
            Lists::Both,
        ),
        (false, true) => (
            format!("i.service IN ({})", e.json_texts("?1")),
            Lists::Services,
        ),
        (true, false) => (
            format!("i.region IN ({})", e.json_texts("?1")),
            Lists::Regions,
        ),
        (true, true) => ("TRUE".to_string(), Lists::Neither),
    };
    let sql = format!(
        "SELECT c.id, c.name, i.service, i.region
         FROM inventories i JOIN customers c ON c.id = i.customer_id
         WHERE {cond}
         ORDER BY c.name COLLATE {}, c.id, i.service, i.region",
        e.nocase()
    );
    (sql, lists)
}

impl Store {
    /// A customer as an audience member: `holdings` are the affected ones.
    pub(super) fn member(
        &self,
        id: i64,
        name: String,
        holdings: Vec<Holding>,
        now: DateTime<Utc>,
    ) -> Result<AudienceMember> {
        let (kind, language) = kind_and_language(self.db(), id)?;
        let reach = Reach {
            kind,
            language,
            contacts: contacts_of(self.db(), id)?,
        };
        self.member_with(id, name, holdings, reach, now)
    }

    /// As `member`, with its kind, language and contacts read already.
    fn member_with(
        &self,
        id: i64,
        name: String,
        holdings: Vec<Holding>,
        reach: Reach,
        now: DateTime<Utc>,
    ) -> Result<AudienceMember> {
        let today = self.rules.calendar.date(now);
        let mut contacts = reach.contacts;
        let chat_unreachable = match chat_of(self.db(), id, &name, reach.kind, today)? {
            Ok(robot) => {
                contacts.push(Contact {
                    channel: Channel::Chat,
                    address: robot.webhook,
                    platform: Some(robot.platform),
                });
                None
            }
            Err(reason) => Some(reason),
        };
        Ok(AudienceMember {
            customer_id: id,
            customer: name,
            holdings,
            contacts,
            chat_unreachable,
            language: reach.language,
        })
    }
}

impl AudienceMember {
    pub fn reachable_on(&self, channel: Channel) -> bool {
        self.contacts.iter().any(|c| c.channel == channel)
    }
}

pub(super) fn holdings_of(db: &impl Sql, customer_id: i64) -> Result<Vec<Holding>> {
    db.query_map(
        "SELECT service, region FROM inventories WHERE customer_id = ?1 ORDER BY service, region",
        sql_args![customer_id],
        |r| {
            Ok(Holding {
                service: r.get(0)?,
                region: r.get(1)?,
            })
        },
    )
}

fn describe(holdings: &[Holding]) -> String {
    holdings
        .iter()
        .map(|h| format!("{}@{}", h.service, h.region))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Store {
    /// Adds holdings to a customer's inventory; returns how many were new.
    /// Names must already be normalised (see `domain::inventory`).
    pub fn add_holdings(
        &mut self,
        customer: &str,
        holdings: &[Holding],
        actor: Actor<'_>,
    ) -> Result<usize> {
        let tx = self.write()?;
        let (id, _) = customer_id(&tx, customer)?;
        let mut added = Vec::new();
        for h in holdings {
            let n = tx.execute(
                "INSERT INTO inventories (customer_id, service, region) VALUES (?1, ?2, ?3)
                 ON CONFLICT DO NOTHING",
                sql_args![id, h.service, h.region],
            )?;
            if n > 0 {
                added.push(h.clone());
            }
        }
        if !added.is_empty() {
            audit::record(
                &tx,
                actor,
                "customer",
                id,
                "inventory_add",
                &describe(&added),
            )?;
        }
        tx.commit()?;
        Ok(added.len())
    }

    /// Removes holdings; returns how many were there.
    pub fn remove_holdings(
        &mut self,
        customer: &str,
        holdings: &[Holding],
        actor: Actor<'_>,
    ) -> Result<usize> {
        let tx = self.write()?;
        let (id, _) = customer_id(&tx, customer)?;
        let mut removed = Vec::new();
        for h in holdings {
            let n = tx.execute(
                "DELETE FROM inventories WHERE customer_id = ?1 AND service = ?2 AND region = ?3",
                sql_args![id, h.service, h.region],
            )?;
            if n > 0 {
                removed.push(h.clone());
            }
        }
        if !removed.is_empty() {
            audit::record(
                &tx,
                actor,
                "customer",
                id,
                "inventory_remove",
                &describe(&removed),
            )?;
        }
        tx.commit()?;
        Ok(removed.len())
    }

    /// The customer's stored name and inventory.
    pub fn inventory(&self, customer: &str) -> Result<(String, Vec<Holding>)> {
        let (id, name) = customer_id(self.db(), customer)?;
        Ok((name, holdings_of(self.db(), id)?))
    }

    /// Customers holding an affected service in an affected region (an
    /// empty list means all), by name.
    pub fn audience(
        &self,
        services: &[String],
        regions: &[String],
        now: DateTime<Utc>,
    ) -> Result<Vec<AudienceMember>> {
        let found = affected_customers(self.db(), services, regions)?;
        let ids: Vec<i64> = found.iter().map(|(id, _, _)| *id).collect();
        // Every member's kind, language and contacts in two reads, not
        // three queries a member.
        let mut reach = reach_of_each(self.db(), &ids)?;
        found
            .into_iter()
            .map(|(id, name, holdings)| {
                let r = reach.remove(&id).ok_or_else(|| {
                    StoreError::Corrupt(format!("customer #{id} vanished while read"))
                })?;
                self.member_with(id, name, holdings, r, now)
            })
            .collect()
    }

    /// One customer as an audience member, for an engineer adding it by
    /// hand: its holdings are the affected ones, possibly none.
    pub fn audience_member(
        &self,
        customer: &str,
        services: &[String],
        regions: &[String],
        now: DateTime<Utc>,
    ) -> Result<AudienceMember> {
        let (id, name) = customer_id(self.db(), customer)?;
        let all = holdings_of(self.db(), id)?;
        let holdings = crate::domain::inventory::affected(&all, services, regions)
            .into_iter()
            .cloned()
            .collect();
        self.member(id, name, holdings, now)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::notice::ChatPlatform;
    use crate::domain::{CustomerKind, NewCustomer};

    fn h(s: &str, r: &str) -> Holding {
        Holding {
            service: s.into(),
            region: r.into(),
        }
    }

    #[test]
    fn audience_needs_service_and_region() {
        each_engine("inventory_audience", |s| {
            let mut s = subscribed_on(s, "2026-06-01");
            s.add_customer(
                &NewCustomer {
                    name: "Borealis".into(),
                    kind: CustomerKind::Local,
                    owner: None,
                },
                actor(t0()),
            )
            .unwrap();
            let a = actor(t0());
            assert_eq!(
                s.add_holdings("acme", &[h("ECS", "cn-north-4"), h("RDS", "cn-east-3")], a)
                    .unwrap(),
                2
            );
            assert_eq!(
                s.add_holdings("acme", &[h("ECS", "cn-north-4")], a)
                    .unwrap(),
                0
            );
            s.add_holdings("Borealis", &[h("ECS", "cn-east-3")], a)
                .unwrap();
            s.add_contact(
                "acme",
                &Contact::new(
                    Channel::Chat,
                    "https://hook.example/x",
                    Some(ChatPlatform::WeLink),
                )
                .unwrap(),
                a,
            )
            .unwrap();
            let v = |x: &[&str]| x.iter().map(|s| s.to_string()).collect::<Vec<_>>();
            let aud = s.audience(&v(&["ECS"]), &v(&["cn-north-4"]), t0()).unwrap();
            assert_eq!(aud.len(), 1);
            assert_eq!(aud[0].customer, "Acme");
            assert!(aud[0].reachable_on(Channel::Chat));
            assert!(!aud[0].reachable_on(Channel::Email));
            let aud = s.audience(&v(&["ECS"]), &[], t0()).unwrap();
            assert_eq!(
                aud.iter().map(|m| m.customer.as_str()).collect::<Vec<_>>(),
                ["Acme", "Borealis"]
            );
            let aud = s.audience(&[], &v(&["cn-east-3"]), t0()).unwrap();
            assert_eq!(aud[0].holdings, [h("RDS", "cn-east-3")]);
            assert_eq!(
                s.remove_holdings("acme", &[h("RDS", "cn-east-3")], a)
                    .unwrap(),
                1
            );
            assert_eq!(s.audience(&[], &v(&["cn-east-3"]), t0()).unwrap().len(), 1);
            let m = s
                .audience_member("borealis", &v(&["OBS"]), &[], t0())
                .unwrap();
            assert!(m.holdings.is_empty());
            assert_eq!(
                s.inventory("ACME").unwrap(),
                ("Acme".to_string(), vec![h("ECS", "cn-north-4")])
            );
            let trail: Vec<String> = s
                .customer_history(1)
                .unwrap()
                .into_iter()
                .map(|e| e.detail)
                .filter(|d| d.contains('@'))
                .collect();
            assert_eq!(
                trail,
                ["ECS@cn-north-4, RDS@cn-east-3", "RDS@cn-east-3"],
                "added and removed, each once"
            );
        });
    }

    #[test]
    fn contacts_are_kept_once() {
        each_engine("inventory_contacts", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            let a = actor(t0());
            let c = Contact::new(Channel::Email, "ops@acme.example", None).unwrap();
            assert!(s.add_contact("Acme", &c, a).unwrap());
            assert!(!s.add_contact("Acme", &c, a).unwrap());
            assert_eq!(s.contacts("acme", t0()).unwrap().contacts, [c]);
            assert!(
                s.remove_contact("Acme", Channel::Email, "ops@acme.example", a)
                    .unwrap()
            );
            assert!(
                !s.remove_contact("Acme", Channel::Email, "ops@acme.example", a)
                    .unwrap()
            );
            let robot = Contact::new(
                Channel::Chat,
                "https://hook.example/r",
                Some(ChatPlatform::WeLink),
            )
            .unwrap();
            assert!(s.add_contact("acme", &robot, a).unwrap());
            assert!(
                !s.add_contact("acme", &robot, a).unwrap(),
                "the group has it"
            );
            let list = s.contacts("acme", t0()).unwrap();
            assert_eq!(list.chat.unwrap().address, "https://hook.example/r");
            assert!(list.unused_chat.is_empty());
            let sms = Contact::new(Channel::Sms, "+8613800000000", None).unwrap();
            s.add_contact("acme", &sms, a).unwrap();
            let aud = s.audience(&[], &[], t0()).unwrap();
            assert!(aud.is_empty(), "no holdings, no audience");
            s.add_holdings("acme", &[h("OBS", "cn-north-4")], a)
                .unwrap();
            let aud = s.audience(&[], &[], t0()).unwrap();
            assert_eq!(aud[0].contacts.len(), 2, "{:?}", aud[0].contacts);
            assert!(aud[0].reachable_on(Channel::Sms) && aud[0].reachable_on(Channel::Chat));
            assert!(
                s.remove_contact("acme", Channel::Chat, "https://hook.example/r", a)
                    .unwrap()
            );
            assert!(s.contacts("acme", t0()).unwrap().chat.is_err());
        });
    }

    #[test]
    fn the_audience_reads_the_service_index_and_all_contacts_at_once() {
        let s = store_with_customer();
        let plan = |sql: &str, args: Vec<rusqlite::types::Value>| {
            crate::store::test_plan::query_plan(&s, sql, args)
        };
        let list = |v: &str| rusqlite::types::Value::from(v.to_string());
        let (both, _) = affected_sql(Engine::Sqlite, false, false);
        let p = plan(&both, vec![list(r#"["ECS"]"#), list(r#"["cn-north-4"]"#)]);
        assert!(p.contains("INDEX inventories_service (service=?"), "{p}");
        let (services, _) = affected_sql(Engine::Sqlite, false, true);
        let p = plan(&services, vec![list(r#"["ECS","RDS"]"#)]);
        assert!(p.contains("INDEX inventories_service (service=?"), "{p}");
        assert!(!p.contains("SCAN i"), "{p}");
        let p = plan(
            &super::super::contacts::audience_contacts(Engine::Sqlite),
            vec![list("[1,2]")],
        );
        assert!(p.contains("SEARCH contacts USING INDEX"), "{p}");
    }
}
