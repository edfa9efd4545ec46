//! Subscriptions, their chat groups and add-on packages.

use chrono::{Days, NaiveDate};

use super::engine::{Row, Sql};
use super::{Actor, Result, Store, StoreError, audit, day_text, ts};
use crate::domain::quota::{Package, PackageKind};
use crate::domain::subscription::{
    ChatGroup, ChatPlatform, NewSubscription, Subscription, active_on, chat_group_dismissed_on,
    run_end, validate_webhook,
};
use crate::sql_args;

pub(super) fn subscription_at(r: &Row<'_>) -> Result<Subscription> {
    Ok(Subscription {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        applied_on: r.get(2)?,
        start_on: r.get(3)?,
        months: r.get(4)?,
        end_on: r.get(5)?,
    })
}

pub(super) fn subscriptions_of(db: &impl Sql, customer_id: i64) -> Result<Vec<Subscription>> {
    db.query_map(
        "SELECT id, customer_id, applied_on, start_on, months, end_on FROM subscriptions
         WHERE customer_id = ?1 ORDER BY start_on",
        sql_args![customer_id],
        subscription_at,
    )
}

/// A package lives until used up or until the end of the unbroken run of
/// subscriptions it was bought in: a renewal without a gap extends it.
pub(super) fn packages_of(db: &impl Sql, customer_id: i64) -> Result<Vec<Package>> {
    let subs = subscriptions_of(db, customer_id)?;
    db.query_map(
        &format!(
            "SELECT {PACKAGE_COLUMNS} FROM packages p WHERE p.customer_id = ?1 \
             ORDER BY p.bought_on, p.id"
        ),
        sql_args![customer_id],
        |r| package_at(r, &subs),
    )
}

/// A package's columns with the units used from it, for [`package_from_row`].
pub(super) const PACKAGE_COLUMNS: &str =
    "p.id, p.customer_id, p.kind, p.units, p.bought_on, p.term_end,
        (SELECT COUNT(*) FROM quota_uses q WHERE q.package_id = p.id AND q.returned_at IS NULL)";

/// `subs`: the customer's subscriptions, by start.
pub(super) fn package_at(r: &Row<'_>, subs: &[Subscription]) -> Result<Package> {
    let bought_on: NaiveDate = r.get(4)?;
    let bought_term_end: NaiveDate = r.get(5)?;
    Ok(Package {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        kind: r.word(2)?,
        units: r.get(3)?,
        term_end: run_end(subs, bought_on).unwrap_or(bought_term_end),
        bought_on,
        used: r.get(6)?,
    })
}

pub(super) fn chat_groups_of(
    db: &impl Sql,
    customer_id: i64,
    subs: &[Subscription],
    today: NaiveDate,
) -> Result<Vec<ChatGroup>> {
    db.query_map(
        "SELECT g.id, g.customer_id, g.platform, g.webhook, g.created_on, s.start_on
         FROM chat_groups g JOIN subscriptions s ON s.id = g.subscription_id
         WHERE g.customer_id = ?1 ORDER BY g.created_on, g.id",
        sql_args![customer_id],
        |r| {
            // The group belongs to the run of the subscription that opened it.
            let opened_by: NaiveDate = r.get(5)?;
            Ok(ChatGroup {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                platform: r.word(2)?,
                webhook: r.get(3)?,
                created_on: r.get(4)?,
                dismissed_on: chat_group_dismissed_on(opened_by, subs, today),
            })
        },
    )
}

impl Store {
    /// Records a subscription. The first of a run also opens the customer's
    /// chat group (the day after the order); a renewal that continues the
    /// run keeps the group it has.
    pub fn add_subscription(
        &mut self,
        customer: &str,
        new: &NewSubscription,
        webhook: Option<&str>,
        actor: Actor<'_>,
    ) -> Result<(Subscription, ChatGroup)> {
        if let Some(w) = webhook {
            validate_webhook(w).map_err(StoreError::Invalid)?;
        }
        let c = self.customer_by_name(customer)?;
        if let Some(w) = webhook {
            crate::domain::chat::check_robot(&c.name, c.kind, None, w)
                .map_err(StoreError::Invalid)?;
        }
        let cal = self.rules.calendar.clone();
        let tx = self.write()?;
        let mut subs = subscriptions_of(&tx, c.id)?;
        new.validate(&cal, &subs)?;
        let end_on = new.end_on();
        let sub_id = tx.insert(
            "INSERT INTO subscriptions (customer_id, applied_on, start_on, end_on, months, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
            sql_args![
                c.id,
                day_text(new.applied_on),
                day_text(new.start_on),
                day_text(end_on),
                new.months,
                ts(actor.now)
            ],
        )?;
        let sub = Subscription {
            id: sub_id,
            customer_id: c.id,
            applied_on: new.applied_on,
            start_on: new.start_on,
            months: new.months,
            end_on,
        };
        subs.push(sub.clone());
        // The latest group lives on if the run it serves reaches this start.
        let groups = chat_groups_of(&tx, c.id, &subs, new.start_on)?;
        let group = match groups.last().filter(|g| g.dismissed_on.is_none()) {
            Some(g) => {
                if let Some(w) = webhook {
                    tx.execute(
                        "UPDATE chat_groups SET webhook = ?2 WHERE id = ?1",
                        sql_args![g.id, w.trim()],
                    )?;
                }
                ChatGroup {
                    webhook: webhook.map(|w| w.trim().to_string()).or(g.webhook.clone()),
                    ..g.clone()
                }
            }
            None => {
                let platform = ChatPlatform::for_customer(c.kind);
                let created_on = new.applied_on + Days::new(1);
                let id = tx.insert(
                    "INSERT INTO chat_groups (customer_id, subscription_id, platform, webhook, created_on)
                     VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                    sql_args![c.id, sub.id, platform.as_str(), webhook.map(str::trim), day_text(created_on)],
                )?;
                ChatGroup {
                    id,
                    customer_id: c.id,
                    platform,
                    webhook: webhook.map(|w| w.trim().to_string()),
                    created_on,
                    dismissed_on: None,
                }
            }
        };
        audit::record(
            &tx,
            actor,
            "customer",
            c.id,
            "subscribe",
            &format!(
                "subscription #{}: {} month(s) from {} to {} (applied {}); chat group #{} on {}",
                sub.id,
                sub.months,
                sub.start_on,
                sub.end_on,
                sub.applied_on,
                group.id,
                group.platform.label()
            ),
        )?;
        tx.commit()?;
        Ok((sub, group))
    }

    /// Records a bought package; it lives until used up or until the end of
    /// the subscription it was bought under.
    pub fn add_package(
        &mut self,
        customer: &str,
        kind: PackageKind,
        bought_on: NaiveDate,
        actor: Actor<'_>,
    ) -> Result<Package> {
        let c = self.customer_by_name(customer)?;
        let today = self.rules.calendar.date(actor.now);
        if bought_on > today {
            return Err(StoreError::Invalid(format!(
                "a package is recorded when bought: {bought_on} is after today ({today})"
            )));
        }
        let tx = self.write()?;
        let subs = subscriptions_of(&tx, c.id)?;
        let term = active_on(&subs, bought_on).ok_or_else(|| {
            StoreError::Invalid(format!(
                "{} has no subscription on {bought_on}: packages are bought for an active term",
                c.name
            ))
        })?;
        let package_id = tx.insert(
            "INSERT INTO packages (customer_id, kind, units, bought_on, term_end, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
            sql_args![
                c.id,
                kind.as_str(),
                kind.units(),
                day_text(bought_on),
                day_text(term.end_on),
                ts(actor.now)
            ],
        )?;
        let package = Package {
            id: package_id,
            customer_id: c.id,
            kind,
            units: kind.units(),
            used: 0,
            bought_on,
            term_end: run_end(&subs, bought_on).unwrap_or(term.end_on),
        };
        audit::record(
            &tx,
            actor,
            "customer",
            c.id,
            "buy package",
            &format!(
                "package #{}: {} (+{} {}), until used up or {}",
                package.id,
                kind.label(),
                package.units,
                kind.quota().short(),
                package.term_end
            ),
        )?;
        tx.commit()?;
        Ok(package)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    fn term(start: &str) -> NewSubscription {
        let start: NaiveDate = start.parse().unwrap();
        NewSubscription {
            applied_on: start - Days::new(7),
            start_on: start,
            months: 12,
        }
    }

    #[test]
    fn a_run_of_subscriptions_keeps_one_chat_group_and_its_packages() {
        each_engine("subscriptions_run", |mut s| {
            add_acme(&mut s);
            let a = actor(t0());
            let (first, group) = s
                .add_subscription(
                    "acme",
                    &term("2026-11-01"),
                    Some(" https://hook.example/a "),
                    a,
                )
                .unwrap();
            assert_eq!(group.created_on, first.applied_on + Days::new(1));
            assert_eq!(group.webhook.as_deref(), Some("https://hook.example/a"));
            let (renewal, kept) = s
                .add_subscription("Acme", &term("2027-11-01"), None, a)
                .unwrap();
            assert_eq!(kept.id, group.id, "a renewal without a gap keeps the group");
            assert_eq!(kept.webhook, group.webhook);
            let err = s
                .add_subscription("Acme", &term("2027-12-01"), None, a)
                .unwrap_err();
            assert!(err.to_string().contains("overlaps"), "{err}");
            let p = s
                .add_package("acme", PackageKind::TicketHandling, t0().date_naive(), a)
                .unwrap();
            assert_eq!(p.term_end, renewal.end_on, "the run's end, not the term's");

            let id = first.customer_id;
            let subs = subscriptions_of(s.db(), id).unwrap();
            assert_eq!(subs, [first.clone(), renewal.clone()]);
            let packages = packages_of(s.db(), id).unwrap();
            assert_eq!(packages.len(), 1);
            assert_eq!((packages[0].id, packages[0].used), (p.id, 0));
            assert_eq!(packages[0].term_end, renewal.end_on);
            let groups = chat_groups_of(s.db(), id, &subs, t0().date_naive()).unwrap();
            assert_eq!(groups.len(), 1);
            assert_eq!(groups[0].dismissed_on, None);
            let actions: Vec<String> = s
                .customer_history(id)
                .unwrap()
                .into_iter()
                .map(|e| e.action)
                .collect();
            assert_eq!(
                actions,
                ["created", "subscribe", "subscribe", "buy package"]
            );
        });
    }

    #[test]
    fn a_package_needs_an_active_term_and_is_bought_by_today() {
        each_engine("subscriptions_package", |mut s| {
            add_acme(&mut s);
            let a = actor(t0());
            let today = t0().date_naive();
            let err = s
                .add_package("acme", PackageKind::ExpertSupport, today, a)
                .unwrap_err();
            assert!(err.to_string().contains("no subscription"), "{err}");
            let err = s
                .add_package("acme", PackageKind::ExpertSupport, today + Days::new(1), a)
                .unwrap_err();
            assert!(err.to_string().contains("after today"), "{err}");
            assert_eq!(s.customer_history(1).unwrap().len(), 1, "nothing written");
        });
    }
}
