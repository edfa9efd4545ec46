//! Many escalations at once, from a file: every row is tried in one
//! transaction, in the file's order (so quota units go to rows in that
//! order), and the file is kept whole or not at all.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::engine::{Dialect, Sql};
use super::intake::{customer_id, existing, insert};
use super::{Actor, Result, Store, StoreError};
use crate::domain::NewEscalation;

/// What an import did, or on a dry run or a refusal would have done, row
/// by row in the order given.
#[derive(Debug)]
pub struct ImportOutcome {
    pub rows: Vec<ImportedRow>,
    /// The added rows were committed: not on a dry run, not when any row
    /// was refused.
    pub written: bool,
}

impl ImportOutcome {
    pub fn refused(&self) -> impl Iterator<Item = (usize, &StoreError)> {
        self.rows.iter().filter_map(|r| match &r.result {
            Imported::Refused(e) => Some((r.line, e)),
            _ => None,
        })
    }
}

#[derive(Debug)]
pub struct ImportedRow {
    /// Where the row is in its file, for every message about it.
    pub line: usize,
    pub result: Imported,
}

#[derive(Debug)]
pub enum Imported {
    Added {
        /// The id it got; on a dry run or a refused import, the one it
        /// would have got, and nothing holds it.
        id: i64,
        deadline: DateTime<Utc>,
        /// "takes Faster Service Ticket Handling unit 7 of 10 for Acme
        /// (2026-11)", or None for a general escalation.
        quota: Option<String>,
    },
    /// The customer's ticket is kept already, so importing it again
    /// changes nothing: a re-run of the same file is harmless.
    AlreadyThere(Earlier),
    /// What `ticket add` would have refused for this row.
    Refused(StoreError),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Earlier {
    /// In the store before this import, as this escalation.
    Stored(i64),
    /// An earlier line of the same file, which this import adds.
    Line(usize),
}

/// What the rows met so far: names already looked up, and each
/// customer's ticket seen earlier in the file.
#[derive(Default)]
struct Seen {
    customers: HashMap<String, i64>,
    tickets: HashMap<(i64, String), Earlier>,
}

impl Store {
    /// Tries every row in one write transaction, each inside a savepoint
    /// so a refused row leaves nothing behind and the rows after it are
    /// judged on the store as it would be. Commits only when no row was
    /// refused and this is not a dry run; otherwise rolls everything back.
    ///
    /// An error (rather than a refused row) is the store itself failing:
    /// nothing is written then either.
    pub fn import_escalations(
        &mut self,
        rows: &[(usize, NewEscalation)],
        actor: Actor<'_>,
        dry_run: bool,
    ) -> Result<ImportOutcome> {
        if let Some(sql) = self.engine().many_savepoints(true) {
            self.db().batch(sql)?;
        }
        let outcome = self.try_rows(rows, actor, dry_run);
        if let Some(sql) = self.engine().many_savepoints(false) {
            self.db().batch(sql)?;
        }
        outcome
    }

    fn try_rows(
        &self,
        rows: &[(usize, NewEscalation)],
        actor: Actor<'_>,
        dry_run: bool,
    ) -> Result<ImportOutcome> {
        let rules = &self.rules;
        let tx = self.write()?;
        let mut seen = Seen::default();
        let mut out = Vec::with_capacity(rows.len());
        let mut any_refused = false;
        for (line, new) in rows {
            let result = match known(&tx, &mut seen, new) {
                Ok(Some(earlier)) => Imported::AlreadyThere(earlier),
                Ok(None) => {
                    let sp = tx.savepoint()?;
                    match insert(&sp, rules, new, actor) {
                        Ok((e, quota)) => {
                            sp.release()?;
                            seen.tickets
                                .insert((e.customer_id, e.ticket_no), Earlier::Line(*line));
                            Imported::Added {
                                id: e.id,
                                deadline: e.deadline,
                                quota,
                            }
                        }
                        Err(e) => {
                            // The store failing ends here, the savepoint
                            // undone as it is dropped.
                            let refused = refusal(e)?;
                            sp.rollback()?;
                            refused
                        }
                    }
                }
                Err(e) => refusal(e)?,
            };
            any_refused |= matches!(result, Imported::Refused(_));
            out.push(ImportedRow {
                line: *line,
                result,
            });
        }
        let written = !dry_run && !any_refused;
        if written {
            tx.commit()?;
        } else {
            tx.rollback()?;
        }
        Ok(ImportOutcome { rows: out, written })
    }
}

/// Whether this customer's ticket is already kept, or came earlier in the
/// file; refused when the customer is unknown.
fn known(conn: &impl Sql, seen: &mut Seen, new: &NewEscalation) -> Result<Option<Earlier>> {
    let name = new.customer.trim();
    let customer = match seen.customers.get(name) {
        Some(id) => *id,
        None => {
            let id = customer_id(conn, name)?;
            seen.customers.insert(name.to_string(), id);
            id
        }
    };
    let ticket_no = new.ticket_no.trim();
    if let Some(earlier) = seen.tickets.get(&(customer, ticket_no.to_string())) {
        return Ok(Some(*earlier));
    }
    // Asked before the insert, whose own check would refuse the row: a
    // ticket kept earlier is there even if the customer's subscription
    // has ended since.
    let stored = existing(conn, customer, ticket_no)?.map(Earlier::Stored);
    if let Some(earlier) = stored {
        seen.tickets
            .insert((customer, ticket_no.to_string()), earlier);
    }
    Ok(stored)
}

/// A row the desk's rules refuse is reported with the others; the store
/// failing (the disk, the file, the server or the connection to it) ends
/// the import.
fn refusal(e: StoreError) -> Result<Imported> {
    match e {
        StoreError::Sqlite(_)
        | StoreError::Postgres(_)
        | StoreError::NotOnPostgres(_)
        | StoreError::Corrupt(_)
        | StoreError::Output(_) => Err(e),
        e => Ok(Imported::Refused(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::{EscalationKind, Severity};

    fn faster(ticket_no: &str) -> NewEscalation {
        NewEscalation {
            kind: EscalationKind::Faster,
            ..new_esc(ticket_no, Severity::S2, t0())
        }
    }

    /// Acme subscribed on `s`, its ticket T-1 kept, and that ticket's id.
    fn with_t1(s: Store) -> (Store, i64) {
        let mut s = acme(s);
        let kept = s
            .add_escalation(&new_esc("T-1", Severity::S3, t0()), actor(t0()))
            .unwrap();
        (s, kept.id)
    }

    /// Acme, subscribed for a year from t0's month, on `s`.
    fn acme(s: Store) -> Store {
        subscribed_on(s, "2026-11-01")
    }

    /// How many escalations `s` holds. (`Store::escalation_count` is
    /// not on PostgreSQL yet.)
    fn tickets(s: &Store) -> i64 {
        s.db()
            .query_row(
                "SELECT count(*) FROM escalations",
                crate::sql_args![],
                |r| r.get(0),
            )
            .unwrap()
    }

    fn lines(rows: Vec<NewEscalation>) -> Vec<(usize, NewEscalation)> {
        rows.into_iter()
            .enumerate()
            .map(|(i, r)| (i + 2, r))
            .collect()
    }

    fn quota_of(r: &ImportedRow) -> Option<&str> {
        match &r.result {
            Imported::Added { quota, .. } => quota.as_deref(),
            other => panic!("line {}: {other:?}", r.line),
        }
    }

    #[test]
    fn rows_take_quota_in_file_order_and_are_kept_together() {
        each_engine("import_quota_in_file_order", |s| {
            let mut s = acme(s);
            let mut rows: Vec<_> = (1..=10).map(|n| faster(&format!("T-{n}"))).collect();
            rows.push(new_esc("T-11", Severity::S4, t0()));
            let out = s
                .import_escalations(&lines(rows), actor(t0()), false)
                .unwrap();
            assert!(out.written);
            for (n, r) in out.rows[..10].iter().enumerate() {
                let said = quota_of(r).unwrap();
                let unit = format!("takes Faster Service Ticket Handling unit {} of 10", n + 1);
                assert!(said.starts_with(&unit), "line {}: {said}", r.line);
            }
            assert_eq!(quota_of(&out.rows[10]), None);
            assert_eq!(tickets(&s), 11);
            let acme = s.customer_by_name("Acme").unwrap().id;
            assert_eq!(s.quota_uses(acme, t0()).unwrap().len(), 10);
        });
    }

    #[test]
    fn one_refused_row_keeps_every_row_out_and_the_rest_are_still_judged() {
        each_engine("import_one_refused_row", |s| {
            let mut s = acme(s);
            let mut rows: Vec<_> = (1..=11).map(|n| faster(&format!("T-{n}"))).collect();
            rows.push(NewEscalation {
                customer: "Nobody".into(),
                ..new_esc("T-12", Severity::S3, t0())
            });
            // The same number as the refused eleventh row: had the refusal
            // left its escalation behind, this would read as already there.
            rows.push(new_esc("T-11", Severity::S3, t0()));
            let out = s
                .import_escalations(&lines(rows), actor(t0()), false)
                .unwrap();
            assert!(!out.written);
            let refused: Vec<_> = out
                .refused()
                .map(|(line, e)| (line, e.to_string()))
                .collect();
            assert_eq!(refused.len(), 2, "{refused:?}");
            assert_eq!(refused[0].0, 12);
            assert!(
                refused[0].1.contains("quota is used up"),
                "{}",
                refused[0].1
            );
            assert_eq!(refused[1].0, 13);
            assert!(refused[1].1.contains("no customer named 'Nobody'"));
            assert!(matches!(out.rows[12].result, Imported::Added { .. }));
            assert_eq!(tickets(&s), 0, "nothing was written");
            let acme = s.customer_by_name("Acme").unwrap().id;
            assert!(s.quota_uses(acme, t0()).unwrap().is_empty());
            assert!(s.escalation_history(1).unwrap().is_empty());
        });
    }

    #[test]
    fn a_dry_run_says_what_it_would_take_and_writes_nothing() {
        each_engine("import_dry_run", |s| {
            let mut s = acme(s);
            s.add_escalation(&faster("T-0"), actor(t0())).unwrap();
            let rows = lines(vec![faster("T-1"), faster("T-2")]);
            let out = s.import_escalations(&rows, actor(t0()), true).unwrap();
            assert!(!out.written);
            assert!(quota_of(&out.rows[0]).unwrap().contains("unit 2 of 10"));
            assert!(quota_of(&out.rows[1]).unwrap().contains("unit 3 of 10"));
            assert_eq!(tickets(&s), 1);
            // The real run then takes the very units the dry run named.
            let out = s.import_escalations(&rows, actor(t0()), false).unwrap();
            assert!(quota_of(&out.rows[1]).unwrap().contains("unit 3 of 10"));
        });
    }

    #[test]
    fn tickets_already_kept_or_earlier_in_the_file_are_not_added_again() {
        each_engine("import_already_kept", |s| {
            let (mut s, kept) = with_t1(s);
            let mut again = new_esc(" T-1 ", Severity::S1, t0());
            again.customer = "acme".into();
            let rows = lines(vec![
                again,
                new_esc("T-2", Severity::S3, t0()),
                new_esc("T-2", Severity::S2, t0()),
                new_esc("T-1", Severity::S3, t0()),
            ]);
            let out = s.import_escalations(&rows, actor(t0()), false).unwrap();
            assert!(out.written);
            let said: Vec<_> = out
                .rows
                .iter()
                .map(|r| match r.result {
                    Imported::AlreadyThere(e) => Some(e),
                    _ => None,
                })
                .collect();
            assert_eq!(
                said,
                [
                    Some(Earlier::Stored(kept)),
                    None,
                    Some(Earlier::Line(3)),
                    Some(Earlier::Stored(kept))
                ]
            );
            assert_eq!(tickets(&s), 2);
            // Once more: everything is there, nothing is added, no refusal.
            let out = s.import_escalations(&rows, actor(t0()), false).unwrap();
            assert!(out.written);
            assert!(
                out.rows
                    .iter()
                    .all(|r| matches!(r.result, Imported::AlreadyThere(Earlier::Stored(_))))
            );
            assert_eq!(tickets(&s), 2);
        });
    }

    #[test]
    fn a_kept_ticket_is_there_even_after_the_subscription_ended() {
        each_engine("import_kept_after_subscription", |s| {
            let (mut s, kept) = with_t1(s);
            // Acme's year runs to 2027-10-31.
            let later = t0() + chrono::Duration::days(400);
            let rows = lines(vec![new_esc("T-1", Severity::S3, t0())]);
            let out = s.import_escalations(&rows, actor(later), false).unwrap();
            assert!(matches!(
                out.rows[0].result,
                Imported::AlreadyThere(Earlier::Stored(id)) if id == kept
            ));
        });
    }
}
