//! What the incident and change commands share, a record being either one
//! (as in `domain::record`): the services and regions it affects as given
//! on the command line, its JSON, and what `show` prints around it.

use std::io::Write;

use anyhow::anyhow;
use chrono_tz::Tz;
use serde::Serialize;

use super::notices::notice_line;
use super::print::{cell, pad};
use crate::domain::desk_time;
use crate::domain::inventory;
use crate::domain::notice::{Channel, SubjectKind};
use crate::domain::record::reference;
use crate::store::{AudienceMember, AuditEntry, NoticeSummary, Store};
use crate::text::{inert, inert_lines};

/// Services or regions given as repeated and/or comma-separated values.
pub fn names(
    values: &[String],
    each: fn(&str) -> Result<String, String>,
) -> anyhow::Result<Vec<String>> {
    inventory::parse_list(&values.join(","), each).map_err(|e| anyhow!(e))
}

/// Where a record was before a step.
#[derive(Clone, Copy)]
pub enum Before<'a> {
    /// Just added: the state records start in.
    Starts(&'a str),
    /// The state it was in.
    Was(&'a str),
    /// A step that always moves it.
    Moved,
}

/// What a step did to a record, saying only a move that happened:
/// "CHG-1 planned", "INC-1 opened (monitoring)", "CHG-1 planned: now
/// impact_evaluated" (a first impact evaluates it), "INC-2 edited (still
/// monitoring)", "CHG-1 advanced: now notified".
pub fn step_line(reference: &str, verb: &str, before: Before<'_>, after: &str) -> String {
    match before {
        Before::Starts(s) | Before::Was(s) if s != after => {
            format!("{reference} {verb}: now {after}")
        }
        Before::Moved => format!("{reference} {verb}: now {after}"),
        Before::Starts(_) if verb == after => format!("{reference} {verb}"),
        Before::Starts(_) => format!("{reference} {verb} ({after})"),
        Before::Was(_) => format!("{reference} {verb} (still {after})"),
    }
}

/// The answer to a step on a record (`of`: its kind and id): its JSON, or
/// the step in words ([`step_line`]).
pub fn written<T: Serialize>(
    out: &mut dyn Write,
    record: &T,
    of: (SubjectKind, i64),
    state: &str,
    json: bool,
    verb: &str,
    before: Before<'_>,
) -> std::io::Result<()> {
    if json {
        super::print::json_line(out, &RecordJson::bare(record, of.0, of.1))
    } else {
        writeln!(
            out,
            "{}",
            step_line(&reference(of.0, of.1), verb, before, state)
        )
    }
}

/// What `show` prints under a record: who it reaches, its notices, its history.
pub struct Around {
    history: Vec<AuditEntry>,
    audience: Vec<AudienceMember>,
    notices: Vec<NoticeSummary>,
}

impl Around {
    pub fn load(
        store: &Store,
        subject: SubjectKind,
        id: i64,
        services: &[String],
        regions: &[String],
        now: chrono::DateTime<chrono::Utc>,
    ) -> crate::store::Result<Around> {
        Ok(Around {
            history: store.record_history(subject, id)?,
            audience: store.audience(services, regions, now)?,
            notices: store.notices(Some((subject, id)), 100)?,
        })
    }
}

/// A record with what a reader of `show` wants beside it.
#[derive(Serialize)]
pub struct RecordJson<'a, T: Serialize> {
    #[serde(flatten)]
    record: &'a T,
    reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<&'a [AuditEntry]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audience: Option<&'a [AudienceMember]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notices: Option<&'a [NoticeSummary]>,
}

impl<'a, T: Serialize> RecordJson<'a, T> {
    /// The record and its reference, for lists and the answer to a change.
    pub fn bare(record: &'a T, subject: SubjectKind, id: i64) -> Self {
        RecordJson {
            record,
            reference: reference(subject, id),
            history: None,
            audience: None,
            notices: None,
        }
    }

    /// The record with all `show` loaded around it.
    pub fn full(record: &'a T, subject: SubjectKind, id: i64, around: &'a Around) -> Self {
        RecordJson {
            history: Some(&around.history),
            audience: Some(&around.audience),
            notices: Some(&around.notices),
            ..RecordJson::bare(record, subject, id)
        }
    }
}

/// No services or regions named means all of them.
pub fn list_or_all(v: &[String]) -> String {
    if v.is_empty() {
        "all".into()
    } else {
        v.join(", ")
    }
}

/// A labelled paragraph whose lines stay lines; left out when empty.
pub fn text_block(out: &mut dyn Write, label: &str, text: &str) -> std::io::Result<()> {
    if text.trim().is_empty() {
        return Ok(());
    }
    writeln!(out, "{label}:")?;
    for line in inert_lines(text) {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// Printed under a record's own fields by `incident show` and `change show`.
pub fn tail(out: &mut dyn Write, around: &Around, tz: Tz) -> std::io::Result<()> {
    let Around {
        history,
        audience,
        notices,
    } = around;
    writeln!(out, "audience: {} customers", audience.len())?;
    for m in audience {
        let holdings: Vec<_> = m
            .holdings
            .iter()
            .map(|h| format!("{}@{}", h.service, h.region))
            .collect();
        let reach: Vec<_> = Channel::ALL
            .iter()
            .filter(|c| m.reachable_on(**c))
            .map(|c| c.as_str())
            .collect();
        writeln!(
            out,
            "  {} {}  (reachable: {})",
            cell(&m.customer, 24),
            holdings.join(", "),
            if reach.is_empty() {
                "none".into()
            } else {
                reach.join(", ")
            }
        )?;
    }
    writeln!(out, "notices:")?;
    for n in notices {
        writeln!(out, "  {}", notice_line(n, tz))?;
    }
    writeln!(out, "history:")?;
    for e in history {
        writeln!(
            out,
            "  {}  {} {:<8} {}",
            desk_time::zoned(e.at, tz),
            pad(&e.engineer, 8),
            e.action,
            inert(&e.detail)
        )?;
    }
    Ok(())
}
