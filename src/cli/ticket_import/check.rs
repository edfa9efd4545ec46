//! One row's values checked field by field, as `ticket add` checks its
//! flags, into an escalation for the store or faults naming line and
//! field. Both readers (CSV, JSON Lines) hand their rows to this.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::fields::{Field, Values};
use crate::domain::when::parse_when;
use crate::domain::{EscalationKind, InvalidEscalation, NewEscalation, Severity};
use crate::text::inert;

/// One thing wrong with one row; `field` is "row" for a fault of the row
/// as a whole (and for the store's refusal of it).
pub(super) struct Bad {
    pub line: usize,
    pub field: &'static str,
    pub message: String,
}

impl Bad {
    /// One line of the report. The value quoted came from the file: inert,
    /// so a line break in it cannot forge a line of its own.
    pub(super) fn text(&self) -> String {
        format!(
            "line {}, {}: {}",
            self.line,
            self.field,
            inert(&self.message)
        )
    }
}

/// What reading the file gives: the good rows for the store, with their
/// lines, and the faults of the others.
pub(super) struct Rows {
    /// For reported_at: its default, and the zone of a desk time.
    now: DateTime<Utc>,
    tz: Tz,
    pub good: Vec<(usize, NewEscalation)>,
    pub bad: Vec<Bad>,
    /// Rows in the file, good and bad, blank lines aside.
    pub total: usize,
}

impl Rows {
    pub(super) fn new(now: DateTime<Utc>, tz: Tz) -> Rows {
        Rows {
            now,
            tz,
            good: Vec::new(),
            bad: Vec::new(),
            total: 0,
        }
    }

    pub(super) fn bad(&mut self, line: usize, field: &'static str, message: String) {
        self.bad.push(Bad {
            line,
            field,
            message,
        });
    }

    /// Checks one row's values; a row with no fault goes on to the store.
    pub(super) fn check(&mut self, line: usize, values: &Values<'_>) {
        let value = |f: Field| values[f as usize].unwrap_or("");
        let before = self.bad.len();
        for f in [Field::Customer, Field::TicketNo, Field::Title] {
            if value(f).trim().is_empty() {
                self.bad(line, f.name(), "is empty".into());
            }
        }
        let severity = value(Field::Severity)
            .parse::<Severity>()
            .map_err(|e| self.bad(line, Field::Severity.name(), e.to_string()));
        let kind = value(Field::Kind)
            .parse::<EscalationKind>()
            .map_err(|e| self.bad(line, Field::Kind.name(), e.to_string()));
        let reported_at = match value(Field::ReportedAt).trim() {
            "" => Ok(self.now),
            s => parse_when(s, self.now, self.tz)
                .map_err(|e| self.bad(line, Field::ReportedAt.name(), e)),
        };
        let (Ok(severity), Ok(kind), Ok(reported_at)) = (severity, kind, reported_at) else {
            return;
        };
        if self.bad.len() > before {
            return;
        }
        let new = NewEscalation {
            customer: value(Field::Customer).to_string(),
            ticket_no: value(Field::TicketNo).to_string(),
            title: value(Field::Title).to_string(),
            description: value(Field::Description).to_string(),
            kind,
            severity,
            reported_at,
        };
        match new.validate(self.now) {
            Ok(()) => self.good.push((line, new)),
            Err(e) => {
                let field = match &e {
                    InvalidEscalation::Empty { field }
                    | InvalidEscalation::TooLong { field, .. }
                    | InvalidEscalation::Control { field, .. } => {
                        Field::in_words(field).map_or("row", Field::name)
                    }
                    InvalidEscalation::InFuture { .. } => Field::ReportedAt.name(),
                };
                self.bad(line, field, e.to_string());
            }
        }
    }
}
