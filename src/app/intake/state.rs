//! The new-escalation form: what is typed in each field, which one has
//! the keyboard, the customers that match what is typed, and what the
//! store says saving it would take.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use crate::app::field::{Field, MultiField};
use crate::domain::when::parse_when;
use crate::domain::{EscalationKind, NewEscalation, Severity};

/// The form's fields, in the order Tab visits them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntakeField {
    Customer,
    TicketNo,
    Severity,
    Kind,
    Title,
    Reported,
    Description,
}

impl IntakeField {
    pub const ALL: [IntakeField; 7] = [
        IntakeField::Customer,
        IntakeField::TicketNo,
        IntakeField::Severity,
        IntakeField::Kind,
        IntakeField::Title,
        IntakeField::Reported,
        IntakeField::Description,
    ];

    pub fn label(self) -> &'static str {
        match self {
            IntakeField::Customer => "customer",
            IntakeField::TicketNo => "ticket",
            IntakeField::Severity => "severity",
            IntakeField::Kind => "kind",
            IntakeField::Title => "title",
            IntakeField::Reported => "reported",
            IntakeField::Description => "description",
        }
    }

    /// Chosen with ← and → rather than typed.
    pub fn is_choice(self) -> bool {
        matches!(self, IntakeField::Severity | IntakeField::Kind)
    }

    pub fn step(self, by: isize) -> IntakeField {
        let i = Self::ALL.iter().position(|f| *f == self).unwrap_or(0) as isize;
        let n = Self::ALL.len() as isize;
        Self::ALL[(i + by).rem_euclid(n) as usize]
    }
}

pub const KINDS: [EscalationKind; 3] = [
    EscalationKind::Faster,
    EscalationKind::Expert,
    EscalationKind::General,
];

/// What the store said about the form as it stood at request `seq`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Preview {
    pub seq: u64,
    /// "takes Faster Service Ticket Handling unit 7 of 10 for Acme", or
    /// the refusal saving would meet; none until asked.
    pub said: Option<Result<String, String>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IntakeState {
    pub customer: Field,
    pub ticket_no: Field,
    pub severity: Severity,
    pub kind: EscalationKind,
    pub title: Field,
    /// Empty is now.
    pub reported: Field,
    pub description: MultiField,
    pub focus: IntakeField,
    /// Customers whose names hold what is typed, as the store answered
    /// request `found_seq`; the cursor picks among them.
    pub matches: Vec<String>,
    pub found_seq: u64,
    pub pick: usize,
    pub preview: Preview,
    /// Fields that have been left or were part of a save attempt: their
    /// errors show.
    pub touched: Vec<IntakeField>,
    /// Filled from a pasted urgent-fault report; the problems it had.
    pub from_report: bool,
    pub report_problems: Vec<String>,
    /// A save is on its way; a second Ctrl-S waits for it.
    pub saving: bool,
    /// Esc once with something typed asks for a second Esc.
    pub closing: bool,
}

impl Default for IntakeState {
    fn default() -> Self {
        IntakeState {
            customer: Field::default(),
            ticket_no: Field::default(),
            severity: Severity::S3,
            kind: EscalationKind::Faster,
            title: Field::default(),
            reported: Field::default(),
            description: MultiField::default(),
            focus: IntakeField::Customer,
            matches: Vec::new(),
            found_seq: 0,
            pick: 0,
            preview: Preview::default(),
            touched: Vec::new(),
            from_report: false,
            report_problems: Vec::new(),
            saving: false,
            closing: false,
        }
    }
}

/// Spans back from now a person types: "-30m", "-2h".
fn parse_ago(t: &str, now: DateTime<Utc>, tz: Tz) -> Option<Result<DateTime<Utc>, String>> {
    let rest = t.strip_prefix('-')?;
    Some(parse_when(&format!("+{rest}"), now, tz).map(|later| now - (later - now)))
}

impl IntakeState {
    /// When the customer reported it: now when empty, else desk time,
    /// RFC 3339, or a span ago ("-30m").
    pub fn reported_at(&self, now: DateTime<Utc>, tz: Tz) -> Result<DateTime<Utc>, String> {
        let t = self.reported.value().trim();
        if t.is_empty() {
            return Ok(now);
        }
        let at = match parse_ago(t, now, tz) {
            Some(r) => r,
            None => parse_when(t, now, tz),
        }
        .map_err(|e| format!("{e}; or -30m for half an hour ago, empty for now"))?;
        if at > now + crate::domain::escalation::FUTURE_SKEW {
            return Err("that is in the future: when did the customer report it?".into());
        }
        if now - at > Duration::days(31) {
            return Err("more than a month ago: is the date right?".into());
        }
        Ok(at)
    }

    /// The customer meant: the match spelled as typed, else the one the
    /// picker points at, else the text as typed (which the store refuses
    /// by name when it knows no such customer).
    pub fn customer_meant(&self) -> String {
        let typed = self.customer.value().trim();
        if typed.is_empty() {
            return String::new();
        }
        self.matches
            .iter()
            .find(|c| c.eq_ignore_ascii_case(typed))
            .or_else(|| self.matches.get(self.pick))
            .cloned()
            .unwrap_or_else(|| typed.to_string())
    }

    /// The escalation as typed, for the customer meant.
    fn typed(&self, reported_at: DateTime<Utc>) -> NewEscalation {
        let customer = self.customer_meant();
        NewEscalation {
            customer,
            ticket_no: self.ticket_no.value().trim().to_string(),
            title: self.title.value().trim().to_string(),
            description: self.description.text(),
            kind: self.kind,
            severity: self.severity,
            reported_at,
        }
    }

    pub fn to_new(&self, now: DateTime<Utc>, tz: Tz) -> Result<NewEscalation, String> {
        Ok(self.typed(self.reported_at(now, tz)?))
    }

    /// What is wrong, field by field, as the form says it beside each.
    pub fn problems(&self, now: DateTime<Utc>, tz: Tz) -> Vec<(IntakeField, String)> {
        let mut out = Vec::new();
        let reported = self.reported_at(now, tz);
        let new = self.typed(*reported.as_ref().unwrap_or(&now));
        if let Err(e) = reported {
            out.push((IntakeField::Reported, e));
        }
        for p in new.problems(now) {
            let field = match p.field() {
                "customer" => IntakeField::Customer,
                "ticket number" => IntakeField::TicketNo,
                "title" => IntakeField::Title,
                "description" => IntakeField::Description,
                _ => IntakeField::Reported,
            };
            let text = match field {
                IntakeField::Customer if self.customer.value().trim().is_empty() => {
                    "which customer? type part of the name".to_string()
                }
                IntakeField::TicketNo if self.ticket_no.value().trim().is_empty() => {
                    "needed: the customer's own service ticket number".to_string()
                }
                _ => p.to_string(),
            };
            out.push((field, text));
        }
        out
    }

    /// The error shown beside `field`, once it has been touched.
    pub fn error_of(&self, field: IntakeField, now: DateTime<Utc>, tz: Tz) -> Option<String> {
        if !self.touched.contains(&field) {
            return None;
        }
        self.problems(now, tz)
            .into_iter()
            .find(|(f, _)| *f == field)
            .map(|(_, e)| e)
    }

    pub fn touch(&mut self, field: IntakeField) {
        if !self.touched.contains(&field) {
            self.touched.push(field);
        }
    }

    /// Anything typed that Esc would lose.
    pub fn is_blank(&self) -> bool {
        [&self.customer, &self.ticket_no, &self.title, &self.reported]
            .iter()
            .all(|f| f.value().trim().is_empty())
            && self.description.is_blank()
    }

    pub fn text_field(&mut self, f: IntakeField) -> Option<&mut Field> {
        Some(match f {
            IntakeField::Customer => &mut self.customer,
            IntakeField::TicketNo => &mut self.ticket_no,
            IntakeField::Title => &mut self.title,
            IntakeField::Reported => &mut self.reported,
            _ => return None,
        })
    }

    /// The customer the picker points at, among those that match.
    pub fn picked(&self) -> Option<&str> {
        self.matches.get(self.pick).map(String::as_str)
    }
}
