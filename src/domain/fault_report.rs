//! The urgent-fault report of Direct Expert Support: the template the desk
//! pins in each chat group, a filled one read back field by field with
//! every problem named by its line, and the expert escalation it becomes.
//!
//! A filled report is text pasted by a customer: untrusted. Its values are
//! kept exactly as written (only trailing whitespace goes); whoever shows
//! them makes them inert.

mod impact;
mod read;
mod started;

pub use impact::Impact;
pub use read::{looks_like_report, parse};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::desk_time;
use super::escalation::MAX_TITLE;
use super::{EscalationKind, NewEscalation};

pub const TEMPLATE: &str = include_str!("../../assets/urgent-fault-report.txt");

/// The most one long answer (symptoms, what was tried) may hold: with
/// every other field at its own limit, the description still fits
/// `escalation::MAX_DESCRIPTION`.
pub const MAX_LONG: usize = 8_000;

/// A filled urgent-fault report, every field checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultReport {
    pub customer: String,
    pub contact: String,
    pub phone: String,
    pub service: String,
    pub region: String,
    pub production: bool,
    pub impact: Impact,
    pub started_at: DateTime<Utc>,
    /// The customer's own service ticket number, when it opened one.
    pub service_ticket: Option<String>,
    pub symptoms: String,
    pub tried: String,
}

/// One problem in a filled report, at the line it is on (a missing field:
/// the report's last line).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, {field}: {message}")]
pub struct ReportError {
    pub line: usize,
    pub field: &'static str,
    pub message: String,
}

/// At most `max` characters, the last of them an ellipsis when cut.
fn cut(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

impl FaultReport {
    /// The expert escalation this report becomes. It is reported when the
    /// desk received it (`now`), not when the fault started: the response
    /// SLA runs from the report to the desk, and a fault the desk could not
    /// know of must not arrive already breached. The start is kept in the
    /// description.
    pub fn to_new_escalation(&self, now: DateTime<Utc>, tz: Tz) -> NewEscalation {
        // The report keeps what was written; the escalation may not hold
        // escape sequences or other control characters, so they go here.
        NewEscalation {
            customer: printable(&self.customer, false),
            ticket_no: printable(&self.ticket_no(tz), false),
            title: printable(&self.title(), false),
            description: printable(&self.description(tz), true),
            kind: EscalationKind::Expert,
            severity: self.impact.proposed_severity(),
            reported_at: now,
        }
    }

    /// The customer's service ticket, else one made from the fault's start
    /// in desk time ("UF-20261122-0930"): the same report sent twice is
    /// then refused as a ticket already kept.
    pub fn ticket_no(&self, tz: Tz) -> String {
        match &self.service_ticket {
            Some(t) => t.clone(),
            None => format!(
                "UF-{}",
                self.started_at.with_timezone(&tz).format("%Y%m%d-%H%M")
            ),
        }
    }

    /// "RDS cn-north-4: " and the first line of the symptoms, cut to the
    /// title's limit.
    pub fn title(&self) -> String {
        let first = self
            .symptoms
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or_default();
        cut(
            &format!("{} {}: {first}", self.service, self.region),
            MAX_TITLE,
        )
    }

    /// Every field, one label a line as the customer gave it, the long
    /// answers under their labels.
    pub fn description(&self, tz: Tz) -> String {
        let ticket = self.service_ticket.as_deref().unwrap_or("none given");
        format!(
            "Urgent-fault report (Direct Expert Support)\n\
             Customer: {}\n\
             Contact: {}\n\
             Phone: {}\n\
             Affected service: {}\n\
             Region: {}\n\
             Production: {}\n\
             Impact: {} (proposes {}: {})\n\
             Started at: {}\n\
             Service ticket: {ticket}\n\
             Symptoms and error messages:\n{}\n\
             What was tried:\n{}",
            self.customer,
            self.contact,
            self.phone,
            self.service,
            self.region,
            if self.production { "yes" } else { "no" },
            self.impact,
            self.impact.proposed_severity(),
            self.impact.proposed_severity().meaning(),
            desk_time::zoned(self.started_at, tz),
            self.symptoms,
            self.tried,
        )
    }
}

/// `s` without control characters (line breaks and tabs kept where the
/// text has lines).
fn printable(s: &str, multiline: bool) -> String {
    s.chars()
        .filter(|c| !c.is_control() || (multiline && matches!(c, '\n' | '\t')))
        .collect()
}

#[cfg(test)]
mod tests;
