//! `--json`: the whole import as one object, row by row.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::check::Bad;
use crate::domain::{EscalationKind, NewEscalation, Severity};
use crate::store::{Earlier, ImportOutcome, Imported};

/// `--json`: every row in one object, times in UTC. Ids are given only
/// when the rows were written: a dry run's would be a guess.
#[derive(Serialize)]
pub(super) struct ImportJson<'a> {
    dry_run: bool,
    written: bool,
    added: Vec<AddedJson<'a>>,
    already_there: Vec<ThereJson<'a>>,
    refused: Vec<RefusedJson<'a>>,
}

#[derive(Serialize)]
struct AddedJson<'a> {
    line: usize,
    id: Option<i64>,
    customer: &'a str,
    ticket_no: &'a str,
    severity: Severity,
    kind: EscalationKind,
    title: &'a str,
    reported_at: DateTime<Utc>,
    deadline: DateTime<Utc>,
    quota: Option<&'a str>,
}

#[derive(Serialize)]
struct ThereJson<'a> {
    line: usize,
    customer: &'a str,
    ticket_no: &'a str,
    /// The escalation that holds this ticket, when it is kept.
    id: Option<i64>,
    /// The earlier line of this file with the same ticket, if that is
    /// where it comes from.
    same_as_line: Option<usize>,
}

#[derive(Serialize)]
struct RefusedJson<'a> {
    line: usize,
    field: &'a str,
    error: &'a str,
}

impl<'a> ImportJson<'a> {
    pub(super) fn new(
        rows: &'a [(usize, NewEscalation)],
        outcome: &'a ImportOutcome,
        bad: &'a [Bad],
        dry_run: bool,
    ) -> Self {
        let written = outcome.written && bad.is_empty();
        let kept = |id: i64| written.then_some(id);
        let mut added = Vec::new();
        let mut ids: HashMap<usize, i64> = HashMap::new();
        let mut already_there = Vec::new();
        for ((_, new), row) in rows.iter().zip(&outcome.rows) {
            match &row.result {
                Imported::Added {
                    id,
                    deadline,
                    quota,
                } => {
                    ids.insert(row.line, *id);
                    added.push(AddedJson {
                        line: row.line,
                        id: kept(*id),
                        customer: new.customer.trim(),
                        ticket_no: new.ticket_no.trim(),
                        severity: new.severity,
                        kind: new.kind,
                        title: new.title.trim(),
                        reported_at: new.reported_at,
                        deadline: *deadline,
                        quota: quota.as_deref(),
                    });
                }
                Imported::AlreadyThere(earlier) => already_there.push(ThereJson {
                    line: row.line,
                    customer: new.customer.trim(),
                    ticket_no: new.ticket_no.trim(),
                    id: match earlier {
                        Earlier::Stored(id) => Some(*id),
                        Earlier::Line(l) => ids.get(l).copied().and_then(kept),
                    },
                    same_as_line: match earlier {
                        Earlier::Stored(_) => None,
                        Earlier::Line(l) => Some(*l),
                    },
                }),
                Imported::Refused(_) => {}
            }
        }
        ImportJson {
            dry_run,
            written,
            added,
            already_there,
            refused: bad
                .iter()
                .map(|b| RefusedJson {
                    line: b.line,
                    field: b.field,
                    error: &b.message,
                })
                .collect(),
        }
    }
}
