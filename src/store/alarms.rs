//! Which alarms ring, once each per engineer. A check reads only what
//! crossed a mark since the last check (ranges of the board index, new
//! ids, snoozes that ended), so it costs what changed, not the store's
//! size; it writes only when something rings, so quiet checks never wake
//! the other dashboards.

use std::collections::{BTreeMap, HashSet};

use super::engine::{Dialect, Engine, Sql, params_of};
use super::{Result, Store, StoreError, ts};
use crate::domain::Severity;
use crate::domain::alarm::{Candidate, Mark, Rung};
use crate::sql_args;
use chrono::{DateTime, Duration, Utc};

/// Where an engineer's dashboards last looked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AlarmWatch {
    pub checked_at: DateTime<Utc>,
    /// New S1 and S2 are the ones above this id.
    pub last_id: i64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AlarmCheck {
    /// What rang now, for this engineer; empty on a quiet check.
    pub rung: Vec<Rung>,
    /// Unanswered within their mark, for the title and the status line.
    pub due: usize,
    /// The first moment after this check at which the clock alone can
    /// reach a mark (a deadline's mark or breach, a snooze's end); none
    /// when nothing open can. Until then only a store change can ring.
    pub next_at: Option<DateTime<Utc>>,
}

/// How far back a first look (or a look after a long absence) goes.
const LOOK_BACK: Duration = Duration::days(7);

/// On an engineer's first look, an S1 or S2 counts as new this long.
const NEW_FOR: Duration = Duration::hours(1);

/// Unanswered escalations on `index` (the one the condition ranges on:
/// without statistics SQLite would take the board's, which holds every
/// unanswered escalation) that meet `cond`.
fn candidates(engine: Engine, index: &str, cond: &str) -> String {
    format!(
        "SELECT e.id, e.ticket_no, c.name, e.severity, e.deadline, e.snoozed_until, \
         e.reported_at FROM escalations e {} \
         JOIN customers c ON c.id = e.customer_id WHERE {cond}",
        engine.indexed_by(index)
    )
}

impl Store {
    /// Finds the marks reached since `watch` (read from the store when
    /// `None`), records the ones that ring for `engineer` and says which.
    /// Returns where to look from next time.
    pub fn ring_alarms(
        &mut self,
        engineer: &str,
        now: DateTime<Utc>,
        watch: Option<AlarmWatch>,
        heard: &mut HashSet<(i64, Mark)>,
    ) -> Result<(AlarmCheck, AlarmWatch)> {
        let first = watch.is_none();
        let watch = match watch {
            Some(w) => w,
            None => self.alarm_watch(engineer)?.unwrap_or(AlarmWatch {
                checked_at: now - LOOK_BACK,
                last_id: 0,
            }),
        };
        let from = watch.checked_at.max(now - LOOK_BACK);
        let policy = self.rules.sla.clone();
        let marks = Severity::ALL.map(|s| policy.mark(s));
        let widest = marks.iter().copied().max().unwrap_or_default();
        let mut found: BTreeMap<i64, Candidate> = BTreeMap::new();
        // On a first look only the last hour's arrivals are news.
        let new_since = (first && watch.last_id == 0).then(|| now - NEW_FOR);
        let engine = self.engine();
        let queries: [(String, Vec<i64>); 3] = [
            // Changed since the last look: new ones (also backdated
            // imports), re-grades and resumes that moved a deadline, ended
            // snoozes. Triage stamps `updated_at`.
            (
                candidates(
                    engine,
                    "escalations_unanswered_changed",
                    "e.open_rank = 0 AND e.updated_at >= ?1",
                ),
                vec![ts(from)],
            ),
            // Deadlines whose mark or breach fell since the last look.
            (
                candidates(
                    engine,
                    "escalations_board",
                    "e.open_rank = 0 AND e.deadline >= ?1 AND e.deadline <= ?2",
                ),
                vec![ts(from), ts(now + widest)],
            ),
            // Snoozes that ran out: what they held back rings now.
            (
                candidates(
                    engine,
                    "escalations_snoozed",
                    "e.snoozed_until > ?1 AND e.snoozed_until <= ?2 AND +e.open_rank = 0",
                ),
                vec![ts(from), ts(now)],
            ),
        ];
        for (sql, args) in &queries {
            let rows = self.db().query_map(sql, &params_of(args), |r| {
                let severity: i64 = r.get(3)?;
                let reported: DateTime<Utc> = r.get(6)?;
                Ok((
                    reported,
                    Candidate {
                        id: r.get(0)?,
                        ticket_no: r.text(1)?,
                        customer: r.text(2)?,
                        severity: Severity::from_number(severity).ok_or_else(|| {
                            StoreError::Corrupt(format!("column 3: severity {severity}"))
                        })?,
                        deadline: r.get(4)?,
                        snoozed_until: r.get(5)?,
                        new: false,
                    },
                ))
            })?;
            for (reported, mut c) in rows {
                c.new = match new_since {
                    Some(since) => reported >= since,
                    None => c.id > watch.last_id,
                };
                found.entry(c.id).or_insert(c);
            }
        }
        // Ids only grow: the newest now is where the next look's news starts.
        let last_id: i64 = self.db().query_row(
            "SELECT COALESCE(MAX(id), 0) FROM escalations",
            sql_args![],
            |r| r.get(0),
        )?;
        let due = self.due_within_marks(now, marks)?;
        let next_at = self.next_mark_at(now, &policy, found.values(), widest)?;
        let next = AlarmWatch {
            checked_at: now,
            last_id,
        };
        let mut reached: Vec<(Candidate, Mark)> = Vec::new();
        for c in found.into_values() {
            if let Some(m) = c.reached(&policy, now)
                && !heard.contains(&(c.id, m))
                && !self.has_rung(engineer, c.id, m)?
            {
                reached.push((c, m));
            }
        }
        if reached.is_empty() {
            let quiet = AlarmCheck {
                rung: vec![],
                due,
                next_at,
            };
            return Ok((quiet, next));
        }
        // A read-only dashboard (a wall display) cannot record what rang:
        // it remembers for as long as it runs.
        if self.is_read_only() {
            let rung = reached
                .into_iter()
                .map(|(c, mark)| {
                    heard.extend(Mark::ALL.iter().filter(|m| **m <= mark).map(|m| (c.id, *m)));
                    Rung {
                        id: c.id,
                        ticket_no: c.ticket_no,
                        customer: c.customer,
                        severity: c.severity,
                        mark,
                    }
                })
                .collect();
            return Ok((AlarmCheck { rung, due, next_at }, next));
        }
        let tx = self.write()?;
        let mut rung = Vec::new();
        for (c, mark) in reached {
            // The marks below the one reached ring no more: a breach
            // heard covers its "due".
            let mut fresh = false;
            for m in Mark::ALL.iter().filter(|m| **m <= mark) {
                let n = tx.execute(
                    "INSERT INTO alarms_rung (engineer, escalation_id, mark, rung_at)
                     VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
                    sql_args![engineer, c.id, m.as_str(), ts(now)],
                )?;
                fresh |= *m == mark && n == 1;
            }
            if fresh {
                rung.push(Rung {
                    id: c.id,
                    ticket_no: c.ticket_no,
                    customer: c.customer,
                    severity: c.severity,
                    mark,
                });
            }
        }
        tx.execute(
            "INSERT INTO alarm_watch (engineer, checked_at, last_id) VALUES (?1, ?2, ?3)
             ON CONFLICT (engineer) DO UPDATE SET checked_at = ?2, last_id = ?3",
            sql_args![engineer, ts(now), last_id],
        )?;
        tx.commit()?;
        Ok((AlarmCheck { rung, due, next_at }, next))
    }

    /// When the clock next reaches a mark: exactly for the candidates read
    /// (every deadline up to `now + widest` is among them), no later than
    /// `widest` before the first deadline beyond them, and at the first
    /// snooze's end.
    fn next_mark_at<'c>(
        &self,
        now: DateTime<Utc>,
        policy: &crate::domain::sla_policy::SlaPolicy,
        read: impl Iterator<Item = &'c Candidate>,
        widest: Duration,
    ) -> Result<Option<DateTime<Utc>>> {
        let exact = read.filter_map(|c| {
            let due = c.deadline - policy.mark(c.severity);
            // A breach is "past the deadline": the second after it.
            let breach = c.deadline + Duration::seconds(1);
            [due, breach].into_iter().find(|t| *t > now)
        });
        let min_after = |sql: &str, after: DateTime<Utc>| -> Result<Option<DateTime<Utc>>> {
            self.db().query_row(sql, sql_args![ts(after)], |r| r.get(0))
        };
        let engine = self.engine();
        let beyond = min_after(
            &format!(
                "SELECT MIN(deadline) FROM escalations {}
                 WHERE open_rank = 0 AND deadline > ?1",
                engine.indexed_by("escalations_board")
            ),
            now + widest,
        )?
        .map(|d| d - widest);
        let snooze = min_after(
            &format!(
                "SELECT MIN(snoozed_until) FROM escalations {}
                 WHERE snoozed_until > ?1",
                engine.indexed_by("escalations_snoozed")
            ),
            now,
        )?;
        Ok(exact.chain(beyond).chain(snooze).min())
    }

    fn alarm_watch(&self, engineer: &str) -> Result<Option<AlarmWatch>> {
        self.db().query_opt(
            "SELECT checked_at, last_id FROM alarm_watch WHERE engineer = ?1",
            sql_args![engineer],
            |r| {
                Ok(AlarmWatch {
                    checked_at: r.get(0)?,
                    last_id: r.get(1)?,
                })
            },
        )
    }

    fn has_rung(&self, engineer: &str, id: i64, mark: Mark) -> Result<bool> {
        Ok(self
            .db()
            .query_opt(
                "SELECT 1 FROM alarms_rung WHERE engineer = ?1 AND escalation_id = ?2 AND mark = ?3",
                sql_args![engineer, id, mark.as_str()],
                |_| Ok(()),
            )?
            .is_some())
    }
}

#[cfg(test)]
#[path = "alarms_tests.rs"]
mod tests;
