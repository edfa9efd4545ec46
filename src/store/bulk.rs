//! Fast inserts for generated data (demo stores, benchmark stores).

use chrono::{DateTime, Utc};
use rusqlite::params;

use super::{Actor, Result, Store, audit, count_at, ts};
use crate::domain::{Customer, Escalation, NewCustomer};

/// An escalation with the history that led to its state.
pub struct GeneratedTicket {
    pub escalation: Escalation,
    pub history: Vec<(DateTime<Utc>, String, String, String)>,
}

impl Store {
    /// For filling a new file with generated data: a crash mid-way loses
    /// the file, which the generator makes again, so durability is traded
    /// for speed and a larger cache keeps index pages in memory.
    /// Writing straight to the file, without the WAL, halves the bytes
    /// written; `end_bulk_load` turns WAL back on.
    pub fn bulk_load_mode(&mut self) -> Result<()> {
        self.lite()?.pragma_update(None, "synchronous", "OFF")?;
        self.lite()?.pragma_update(None, "cache_size", -131_072)?;
        self.lite()?
            .query_row("PRAGMA journal_mode = MEMORY", [], |_| Ok(()))?;
        Ok(())
    }

    pub fn end_bulk_load(&mut self) -> Result<()> {
        self.lite()?
            .query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        self.lite()?
            .pragma_update(None, "synchronous", super::open::DURABILITY)?;
        self.lite()?.pragma_update(None, "cache_size", -2_000)?;
        Ok(())
    }

    /// Adds customers in one transaction; all or none.
    pub fn add_customers(
        &mut self,
        new: &[NewCustomer],
        actor: Actor<'_>,
    ) -> Result<Vec<Customer>> {
        for c in new {
            c.validate()?;
        }
        let tx = self.write_tx()?;
        for c in new {
            tx.prepare_cached(
                "INSERT INTO customers (name, kind, owner, created_at) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![
                c.name.trim(),
                c.kind.as_str(),
                c.owner,
                ts(actor.now)
            ])?;
            audit::record(
                &tx,
                actor,
                "customer",
                tx.last_insert_rowid(),
                "created",
                &c.name,
            )?;
        }
        tx.commit()?;
        self.customers()
    }

    /// Inserts escalations exactly as given (ids are assigned by the
    /// store), with their history, in one transaction.
    pub fn insert_generated(&mut self, tickets: &[GeneratedTicket]) -> Result<()> {
        let tx = self.write_tx()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO escalations (customer_id, ticket_no, title, description, kind,
                     severity, state, out_of_scope_reason, assignee, resolution, reported_at,
                     deadline, responded_at, response_met, ended_at, updated_at, open_rank,
                     paused_at, pause_reason, paused_secs)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?18, ?19, ?20)",
            )?;
            for t in tickets {
                let e = &t.escalation;
                insert.execute(params![
                    e.customer_id,
                    e.ticket_no,
                    e.title,
                    e.description,
                    e.kind.as_str(),
                    e.severity.number(),
                    e.state.as_str(),
                    e.out_of_scope_reason.map(|r| r.as_str()),
                    e.assignee,
                    e.resolution,
                    ts(e.reported_at),
                    ts(e.deadline),
                    e.responded_at.map(ts),
                    e.response_met,
                    e.ended_at.map(ts),
                    ts(e.updated_at),
                    e.board_rank(),
                    e.pause.as_ref().map(|p| ts(p.since)),
                    e.pause.as_ref().map(|p| p.reason.as_str()),
                    e.paused_secs,
                ])?;
                let id = tx.last_insert_rowid();
                for (at, engineer, action, detail) in &t.history {
                    let actor = Actor { engineer, now: *at };
                    audit::record(&tx, actor, "escalation", id, action, detail)?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// How many escalations the store holds, open or not.
    pub fn escalation_count(&self) -> Result<usize> {
        Ok(self
            .lite()?
            .query_row("SELECT COUNT(*) FROM escalations", [], |r| count_at(r, 0))?)
    }
}

impl Store {
    /// For generated data: gives this month's faster and expert escalations
    /// the quota units the desk would have given them, in report order;
    /// those the quota would have refused (or that have no subscription)
    /// become general escalations, so the store stays consistent.
    pub fn backfill_quota_uses(&mut self, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
        use crate::domain::quota::{QuotaKind, Source, allocate};
        let cal = self.rules.calendar.clone();
        let month = cal.month(now);
        let month_start = ts(cal.start_of(month.first_day()));
        let customers = self.customers()?;
        let tx = self.write_tx()?;
        for c in customers {
            let subs = super::subscriptions::subscriptions_of(&tx, c.id)?;
            for kind in [QuotaKind::Faster, QuotaKind::Expert] {
                let ids: Vec<(i64, i64)> = tx
                    .prepare_cached(
                        "SELECT id, reported_at FROM escalations WHERE customer_id = ?1
                         AND kind = ?2 AND reported_at >= ?3 ORDER BY reported_at, id",
                    )?
                    .query_map(params![c.id, kind.as_str(), month_start], |r| {
                        Ok((r.get(0)?, r.get(1)?))
                    })?
                    .collect::<rusqlite::Result<_>>()?;
                let mut plan = 0;
                for (id, reported) in ids {
                    let day = cal.date(super::from_ts(reported)?);
                    let packages = super::subscriptions::packages_of(&tx, c.id)?;
                    let source = crate::domain::subscription::active_on(&subs, day)
                        .and_then(|_| allocate(kind, plan, &packages, day));
                    match source {
                        Some(s) => {
                            let package = match s {
                                Source::Plan => {
                                    plan += 1;
                                    None
                                }
                                Source::Package(p) => Some(p),
                            };
                            tx.prepare_cached(
                                "INSERT INTO quota_uses (customer_id, escalation_id, quota, month,
                                     package_id, used_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                            )?
                            .execute(params![
                                c.id,
                                id,
                                kind.as_str(),
                                month.key(),
                                package,
                                reported
                            ])?;
                        }
                        None => {
                            tx.prepare_cached(
                                "UPDATE escalations SET kind = 'general' WHERE id = ?1",
                            )?
                            .execute([id])?;
                        }
                    }
                }
            }
        }
        tx.commit()?;
        Ok(())
    }
}
