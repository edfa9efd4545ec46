//! Fast inserts for generated data (demo stores, benchmark stores).

use chrono::{DateTime, Utc};

use super::engine::{self, Dialect, Kind, Sql, Value};
use super::{Actor, Result, Store, StoreError, audit, ts};
use crate::domain::{Customer, Escalation, NewCustomer};
use crate::sql_args;

/// An escalation with the history that led to its state.
pub struct GeneratedTicket {
    pub escalation: Escalation,
    pub history: Vec<(DateTime<Utc>, String, String, String)>,
}

const ESCALATION_COLUMNS: &str = "INSERT INTO escalations (id, customer_id, ticket_no, title, \
     description, kind, severity, state, out_of_scope_reason, assignee, resolution, reported_at, \
     deadline, responded_at, response_met, ended_at, updated_at, open_rank, paused_at, \
     pause_reason, paused_secs)";
const ESCALATION_WIDTH: usize = 21;

/// Tickets whose rows are gathered before they are written: a whole number
/// of PostgreSQL's multi-row statements, few enough to keep memory flat.
const GATHERED: usize = 2_000;

impl Store {
    /// For filling a new desk with generated data, until `end_bulk_load`:
    /// see [`Dialect::bulk_load`] for what each engine gives up.
    pub fn bulk_load_mode(&mut self) -> Result<()> {
        self.db().batch(&self.engine().bulk_load(true))
    }

    pub fn end_bulk_load(&mut self) -> Result<()> {
        self.db().batch(&self.engine().bulk_load(false))
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
        let tx = self.write()?;
        for c in new {
            let id = tx.insert(
                "INSERT INTO customers (name, kind, owner, created_at) VALUES (?1, ?2, ?3, ?4)
                 RETURNING id",
                sql_args![c.name.trim(), c.kind.as_str(), c.owner, ts(actor.now)],
            )?;
            audit::record(&tx, actor, "customer", id, "created", &c.name)?;
        }
        tx.commit()?;
        self.customers()
    }

    /// Inserts escalations exactly as given (ids are assigned by the
    /// store), with their history, in one transaction.
    pub fn insert_generated(&mut self, tickets: &[GeneratedTicket]) -> Result<()> {
        let tx = self.write()?;
        // The ids are chosen here, under the write lock that keeps every
        // other writer out, so each ticket's history is written with its
        // id without reading one back a row at a time.
        let last: i64 = tx.query_row(
            "SELECT COALESCE(MAX(id), 0) FROM escalations",
            sql_args![],
            |r| r.get(0),
        )?;
        let mut rows = Vec::new();
        let mut trail = Vec::new();
        for (k, group) in tickets.chunks(GATHERED).enumerate() {
            rows.clear();
            trail.clear();
            for (i, t) in group.iter().enumerate() {
                let id = i64::try_from(k * GATHERED + i + 1)
                    .map_err(|e| StoreError::Invalid(format!("generated tickets: {e}")))?
                    + last;
                escalation_row(&mut rows, id, &t.escalation);
                for (at, engineer, action, detail) in &t.history {
                    let actor = Actor { engineer, now: *at };
                    audit::entry_row(&mut trail, actor, "escalation", id, action, detail);
                }
            }
            engine::insert_rows(&tx, ESCALATION_COLUMNS, ESCALATION_WIDTH, &rows)?;
            audit::record_rows(&tx, &trail)?;
        }
        if let Some(sql) = tx.engine().ids_taken("escalations") {
            tx.execute(&sql, sql_args![])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// How many escalations the store holds, open or not.
    pub fn escalation_count(&self) -> Result<usize> {
        let n: i64 = self
            .db()
            .query_row("SELECT COUNT(*) FROM escalations", sql_args![], |r| {
                r.get(0)
            })?;
        usize::try_from(n).map_err(|e| StoreError::Corrupt(format!("escalation count: {e}")))
    }
}

/// One escalation's values in [`ESCALATION_COLUMNS`]' order.
fn escalation_row<'a>(rows: &mut Vec<Value<'a>>, id: i64, e: &'a Escalation) {
    let int = |n: Option<i64>| n.map_or(Value::Null(Kind::Int), Value::Int);
    let text = |s: Option<&'a str>| s.map_or(Value::Null(Kind::Text), Value::Text);
    let flag = e.response_met.map(i64::from);
    rows.extend([
        Value::Int(id),
        Value::Int(e.customer_id),
        Value::Text(&e.ticket_no),
        Value::Text(&e.title),
        Value::Text(&e.description),
        Value::Text(e.kind.as_str()),
        Value::Int(i64::from(e.severity.number())),
        Value::Text(e.state.as_str()),
        text(e.out_of_scope_reason.map(|r| r.as_str())),
        text(e.assignee.as_deref()),
        text(e.resolution.as_deref()),
        Value::Int(ts(e.reported_at)),
        Value::Int(ts(e.deadline)),
        int(e.responded_at.map(ts)),
        int(flag),
        int(e.ended_at.map(ts)),
        Value::Int(ts(e.updated_at)),
        int(e.board_rank()),
        int(e.pause.as_ref().map(|p| ts(p.since))),
        text(e.pause.as_ref().map(|p| p.reason.as_str())),
        Value::Int(e.paused_secs),
    ]);
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
        let tx = self.write()?;
        for c in customers {
            let subs = super::subscriptions::subscriptions_of(&tx, c.id)?;
            for kind in [QuotaKind::Faster, QuotaKind::Expert] {
                let ids: Vec<(i64, i64)> = tx.query_map(
                    "SELECT id, reported_at FROM escalations WHERE customer_id = ?1
                     AND kind = ?2 AND reported_at >= ?3 ORDER BY reported_at, id",
                    sql_args![c.id, kind.as_str(), month_start],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
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
                            tx.execute(
                                "INSERT INTO quota_uses (customer_id, escalation_id, quota, month,
                                     package_id, used_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                                sql_args![c.id, id, kind.as_str(), month.key(), package, reported],
                            )?;
                        }
                        None => {
                            tx.execute(
                                "UPDATE escalations SET kind = 'general' WHERE id = ?1",
                                sql_args![id],
                            )?;
                        }
                    }
                }
            }
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::super::test_support::{actor, each_engine, new_esc, subscribed_on, t0};
    use super::*;
    use crate::domain::escalation::test_support::esc;
    use crate::domain::quota::QuotaKind;
    use crate::domain::{CustomerKind, EscalationKind, EscalationState, Severity};

    /// `n` new escalations of `kind` for `customer_id`, a minute apart
    /// from t0, each with one line of history.
    fn generated(customer_id: i64, n: usize, kind: EscalationKind) -> Vec<GeneratedTicket> {
        (0..n)
            .map(|i| {
                let mut e = esc(EscalationState::New);
                e.customer_id = customer_id;
                e.ticket_no = format!("G-{i:05}");
                e.kind = kind;
                e.reported_at = t0() + Duration::minutes(i as i64);
                e.deadline = e.reported_at + Duration::minutes(30);
                e.updated_at = e.reported_at;
                let line = (
                    e.reported_at,
                    "bob".into(),
                    "reported".into(),
                    e.ticket_no.clone(),
                );
                GeneratedTicket {
                    escalation: e,
                    history: vec![line],
                }
            })
            .collect()
    }

    fn acme(s: &Store) -> i64 {
        s.customers().unwrap()[0].id
    }

    #[test]
    fn generated_tickets_take_the_next_ids_in_order_with_their_history() {
        each_engine("bulk_generated", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            let first = s
                .add_escalation(&new_esc("T-1", Severity::S3, t0()), actor(t0()))
                .unwrap();
            // More than one of PostgreSQL's statements and than one
            // gathering, the last of each short.
            let n = GATHERED + 450;
            s.insert_generated(&generated(acme(&s), n, EscalationKind::General))
                .unwrap();
            assert_eq!(s.escalation_count().unwrap(), n + 1);
            for (k, no) in [(1, "G-00000"), (GATHERED, "G-01999"), (n, "G-02449")] {
                let e = s.escalation(first.id + k as i64).unwrap();
                assert_eq!(e.ticket_no, no);
                assert_eq!(e.state, EscalationState::New);
                let trail = s.escalation_history(e.id).unwrap();
                assert_eq!(trail.len(), 1);
                assert_eq!(
                    (
                        trail[0].at,
                        trail[0].engineer.as_str(),
                        trail[0].detail.as_str()
                    ),
                    (e.reported_at, "bob", no)
                );
            }
            // What the desk adds afterwards goes on from the highest id.
            let next = s
                .add_escalation(&new_esc("T-2", Severity::S3, t0()), actor(t0()))
                .unwrap();
            assert_eq!(next.id, first.id + n as i64 + 1);
        });
    }

    #[test]
    fn customers_are_added_all_or_none_each_with_its_audit_line() {
        each_engine("bulk_customers", |mut s| {
            let new = |name: &str| NewCustomer {
                name: name.into(),
                kind: CustomerKind::Local,
                owner: Some("Wang Li".into()),
            };
            let added = s
                .add_customers(&[new("Acme"), new("Zed")], actor(t0()))
                .unwrap();
            assert_eq!(added.len(), 2);
            for c in &added {
                let trail = s.customer_history(c.id).unwrap();
                assert_eq!(trail.len(), 1);
                assert_eq!(
                    (trail[0].action.as_str(), &trail[0].detail),
                    ("created", &c.name)
                );
            }
            // A name the store already has fails the whole set.
            s.add_customers(&[new("Midway"), new("acme")], actor(t0()))
                .unwrap_err();
            s.add_customers(&[new("Midway"), new(" ")], actor(t0()))
                .unwrap_err();
            let names: Vec<String> = s.customers().unwrap().into_iter().map(|c| c.name).collect();
            assert_eq!(names, ["Acme", "Zed"]);
        });
    }

    #[test]
    fn the_backfill_gives_units_in_report_order_and_the_rest_become_general() {
        each_engine("bulk_backfill", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            let now = t0() + Duration::days(1);
            let plan = s
                .quota_status(acme(&s), QuotaKind::Faster, now)
                .unwrap()
                .plan_total as usize;
            let n = plan + 2;
            s.insert_generated(&generated(acme(&s), n, EscalationKind::Faster))
                .unwrap();
            s.backfill_quota_uses(now).unwrap();
            let status = s.quota_status(acme(&s), QuotaKind::Faster, now).unwrap();
            assert_eq!(status.plan_used as usize, plan);
            let uses = s.quota_uses(acme(&s), now).unwrap();
            assert_eq!(uses.len(), plan);
            let kinds: Vec<EscalationKind> = (1..=n as i64)
                .map(|id| s.escalation(id).unwrap().kind)
                .collect();
            let mut want = vec![EscalationKind::Faster; plan];
            want.extend([EscalationKind::General; 2]);
            assert_eq!(kinds, want, "the latest reported lose out");
        });
    }

    #[test]
    fn bulk_load_settings_are_the_desks_own_again_after() {
        each_engine("bulk_mode", |mut s| {
            let setting = match s.engine() {
                engine::Engine::Sqlite => {
                    "SELECT CAST(synchronous AS TEXT) FROM pragma_synchronous"
                }
                engine::Engine::Postgres => "SELECT current_setting('synchronous_commit')",
            };
            let read = |s: &Store| {
                s.db()
                    .query_row(setting, sql_args![], |r| r.text(0))
                    .unwrap()
            };
            let before = read(&s);
            s.bulk_load_mode().unwrap();
            // Commits stop waiting for the disk (the tests' server may
            // have that already).
            let during = read(&s);
            assert!(["0", "off"].contains(&during.as_str()), "{during}");
            s.end_bulk_load().unwrap();
            assert_eq!(read(&s), before);
        });
    }
}
