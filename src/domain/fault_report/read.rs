//! A filled report read back: the template's labels found however people
//! write them, each answer checked, every problem kept with its line.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::impact::{Impact, squash};
use super::{FaultReport, MAX_LONG, ReportError, TEMPLATE, cut, started};
use crate::domain::customer::MAX_NAME;
use crate::domain::escalation::MAX_TICKET_NO;

/// A number one can call has at least this many digits.
const MIN_PHONE_DIGITS: usize = 6;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    Customer,
    Contact,
    Phone,
    Service,
    Region,
    Production,
    Impact,
    StartedAt,
    ServiceTicket,
    Symptoms,
    Tried,
}

pub(super) struct Spec {
    pub(super) field: Field,
    /// As the template writes it; errors name the field in lower case.
    pub(super) label: &'static str,
    /// Other spellings read as this label, after `label_key`.
    aliases: &'static [&'static str],
    lines: bool,
    pub(super) required: bool,
    max: usize,
}

const fn spec(field: Field, label: &'static str, aliases: &'static [&'static str]) -> Spec {
    Spec {
        field,
        label,
        aliases,
        lines: false,
        required: true,
        max: MAX_NAME,
    }
}

/// The template's fields in its order. The aliases are few on purpose: a
/// line inside the symptoms that reads as a label ends them.
pub(super) const SPECS: [Spec; 11] = [
    spec(Field::Customer, "customer", &[]),
    spec(Field::Contact, "contact", &[]),
    Spec {
        max: 50,
        ..spec(Field::Phone, "phone", &["phone number", "contact phone"])
    },
    spec(Field::Service, "affected service", &[]),
    spec(Field::Region, "region", &[]),
    spec(Field::Production, "production", &[]),
    spec(Field::Impact, "impact", &[]),
    spec(Field::StartedAt, "started at", &[]),
    Spec {
        required: false,
        max: MAX_TICKET_NO,
        ..spec(Field::ServiceTicket, "service ticket", &[])
    },
    Spec {
        lines: true,
        max: MAX_LONG,
        ..spec(
            Field::Symptoms,
            "symptoms and error messages",
            &["symptoms"],
        )
    },
    Spec {
        lines: true,
        max: MAX_LONG,
        ..spec(Field::Tried, "what was tried", &[])
    },
];

pub(super) fn spec_of(f: Field) -> &'static Spec {
    // SPECS is in `Field`'s order, so the discriminant is the index.
    &SPECS[f as usize]
}

/// A label as people may write it: any case and spacing, with notes in
/// brackets ("Production (yes/no)") and chat markup (`**Impact**`) left
/// out.
fn label_key(head: &str) -> String {
    let mut key = String::new();
    let mut depth = 0usize;
    for c in head.chars() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            '*' | '_' => {}
            c if depth == 0 => key.extend(c.to_lowercase()),
            _ => {}
        }
    }
    key.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A line that starts a field: its field, and what follows the colon (the
/// full-width colon of Chinese input methods too).
pub(super) fn label_of(line: &str) -> Option<(Field, &str)> {
    let (at, colon) = line.char_indices().find(|(_, c)| matches!(c, ':' | '：'))?;
    let head = &line[..at];
    // A label is a few words; a long line with a colon is text.
    if head.chars().count() > 40 {
        return None;
    }
    let key = label_key(head);
    let spec = SPECS
        .iter()
        .find(|s| s.label == key || s.aliases.contains(&key.as_str()))?;
    Some((spec.field, &line[at + colon.len_utf8()..]))
}

/// Text pasted somewhere that is meant as a report rather than as one
/// field's answer: it carries at least three of the template's labels,
/// each at the start of a line.
pub fn looks_like_report(text: &str) -> bool {
    let mut seen: Vec<Field> = Vec::new();
    for line in text.lines() {
        if let Some((f, _)) = label_of(line.trim_start_matches('\u{feff}'))
            && !seen.contains(&f)
        {
            seen.push(f);
        }
    }
    seen.len() >= 3
}

/// The lines written under one label.
struct Slot<'a> {
    line: usize,
    /// (line number, text) from the label's own line on.
    lines: Vec<(usize, &'a str)>,
}

enum Target {
    Before,
    Field(Field),
    /// A label given twice: the report is refused, so its lines are not
    /// kept for either.
    Again,
}

/// Reads a filled report. Every problem is listed, each with its line;
/// nothing in the text is dropped but `#` comment lines and trailing
/// whitespace (and blank lines around an answer).
pub fn parse(text: &str, tz: Tz, now: DateTime<Utc>) -> Result<FaultReport, Vec<ReportError>> {
    // Editors on Windows start files with a byte-order mark; it is not text.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut r = Reader {
        slots: SPECS.iter().map(|_| None).collect(),
        errors: Vec::new(),
        last: text.lines().count().max(1),
    };
    let mut target = Target::Before;
    let mut stray: Option<(usize, usize)> = None;
    for (i, raw) in text.lines().enumerate() {
        let n = i + 1;
        let line = raw.trim_end();
        // Column one only: an indented `#` is a pasted shell prompt.
        if line.starts_with('#') {
            continue;
        }
        if let Some((f, rest)) = label_of(line.trim_start()) {
            target = r.open(f, n, rest);
            continue;
        }
        match &target {
            Target::Field(f) => {
                if let Some(slot) = &mut r.slots[*f as usize] {
                    slot.lines.push((n, line));
                }
            }
            Target::Before if !line.is_empty() => match &mut stray {
                Some((_, count)) => *count += 1,
                None => stray = Some((n, 1)),
            },
            Target::Before | Target::Again => {}
        }
    }
    if let Some((line, count)) = stray {
        let lines = if count == 1 {
            "a line".to_string()
        } else {
            format!("{count} lines")
        };
        r.error(
            line,
            "report",
            format!(
                "{lines} of text before the first label; write it under a label such as \
                 Symptoms and error messages, or remove it (the labels are {})",
                SPECS
                    .iter()
                    .map(template_label)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    r.finish(tz, now)
}

struct Reader<'a> {
    slots: Vec<Option<Slot<'a>>>,
    errors: Vec<ReportError>,
    last: usize,
}

impl<'a> Reader<'a> {
    fn error(&mut self, line: usize, field: &'static str, message: String) {
        self.errors.push(ReportError {
            line,
            field,
            message,
        });
    }

    fn open(&mut self, f: Field, n: usize, rest: &'a str) -> Target {
        if let Some(first) = &self.slots[f as usize] {
            let first = first.line;
            self.error(
                n,
                spec_of(f).label,
                format!("is given twice (first on line {first}); keep one"),
            );
            return Target::Again;
        }
        self.slots[f as usize] = Some(Slot {
            line: n,
            lines: vec![(n, rest.trim_start())],
        });
        Target::Field(f)
    }

    /// The answer under `f`, checked for presence, length and lines; its
    /// line with it. `None` when absent (an error said why if it must be
    /// there).
    fn take(&mut self, f: Field) -> Option<(usize, String)> {
        let spec = spec_of(f);
        let Some(slot) = self.slots[f as usize].take() else {
            if spec.required {
                self.error(
                    self.last,
                    spec.label,
                    format!(
                        "is missing; add a line starting with \"{}:\"",
                        template_label(spec)
                    ),
                );
            }
            return None;
        };
        let content: Vec<(usize, &str)> = slot
            .lines
            .iter()
            .copied()
            .skip_while(|(_, l)| l.is_empty())
            .collect();
        let end = content
            .iter()
            .rposition(|(_, l)| !l.is_empty())
            .map_or(0, |i| i + 1);
        let content = &content[..end];
        if !spec.lines && content.len() > 1 {
            let (n, _) = content[1];
            self.error(
                n,
                spec.label,
                format!(
                    "takes one line (line {}), but line {n} goes on under it; put the answer on \
                     one line, or if line {n} was meant to start a field, write its label as the \
                     template does",
                    content[0].0
                ),
            );
            return None;
        }
        let value = content
            .iter()
            .map(|(_, l)| *l)
            .collect::<Vec<_>>()
            .join("\n");
        // One-line answers written on the line under their label.
        let value = if spec.lines {
            value
        } else {
            value.trim_start().to_string()
        };
        if value.is_empty() {
            if spec.required {
                self.error(slot.line, spec.label, "is empty".into());
            }
            return None;
        }
        let len = value.chars().count();
        if len > spec.max {
            self.error(
                slot.line,
                spec.label,
                format!("is {len} characters long; at most {} are allowed", spec.max),
            );
            return None;
        }
        Some((slot.line, value))
    }

    /// Reads an answer with `read`, saying what is wrong at its line.
    fn read<T>(&mut self, f: Field, read: impl FnOnce(&str) -> Result<T, String>) -> Option<T> {
        let (line, value) = self.take(f)?;
        match read(&value) {
            Ok(v) => Some(v),
            Err(message) => {
                self.error(line, spec_of(f).label, message);
                None
            }
        }
    }

    fn finish(mut self, tz: Tz, now: DateTime<Utc>) -> Result<FaultReport, Vec<ReportError>> {
        let customer = self.read(Field::Customer, |v| {
            if v.chars().any(char::is_control) {
                Err("contains control characters; a customer's name is plain text".into())
            } else {
                Ok(v.to_string())
            }
        });
        let contact = self.take(Field::Contact).map(|(_, v)| v);
        let phone = self.read(Field::Phone, phone);
        let service = self.take(Field::Service).map(|(_, v)| v);
        let region = self.take(Field::Region).map(|(_, v)| v);
        let production = self.read(Field::Production, yes_no);
        let impact_line = self.slots[Field::Impact as usize].as_ref().map(|s| s.line);
        let impact = self.read(Field::Impact, |v| {
            v.parse::<Impact>().map_err(|e| {
                format!(
                    "'{}' is not one of the impacts: write one of {}",
                    quote(&e.got),
                    e.expected.join(", ")
                )
            })
        });
        let started_at = self.read(Field::StartedAt, |v| started::parse(v, tz, now));
        let service_ticket = self.read(Field::ServiceTicket, |v| Ok(no_ticket(v)));
        let symptoms = self.take(Field::Symptoms).map(|(_, v)| v);
        let tried = self.take(Field::Tried).map(|(_, v)| v);
        if let (Some(p), Some(i), Some(line)) = (production, impact, impact_line)
            && i.production().is_some_and(|ip| ip != p)
        {
            self.error(
                line,
                spec_of(Field::Impact).label,
                format!(
                    "'{i}' is for a {} system, but Production says {}; correct one of the two",
                    if p { "non-production" } else { "production" },
                    if p { "yes" } else { "no" },
                ),
            );
        }
        self.errors.sort_by_key(|e| e.line);
        match (
            customer, contact, phone, service, region, production, impact, started_at, symptoms,
            tried,
        ) {
            (
                Some(customer),
                Some(contact),
                Some(phone),
                Some(service),
                Some(region),
                Some(production),
                Some(impact),
                Some(started_at),
                Some(symptoms),
                Some(tried),
            ) if self.errors.is_empty() => Ok(FaultReport {
                customer,
                contact,
                phone,
                service,
                region,
                production,
                impact,
                started_at,
                service_ticket: service_ticket.flatten(),
                symptoms,
                tried,
            }),
            _ => Err(self.errors),
        }
    }
}

/// The label as the template writes it, for messages.
pub(super) fn template_label(spec: &Spec) -> &'static str {
    TEMPLATE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(':'))
        .map(|(head, _)| head)
        .find(|head| label_key(head) == spec.label)
        .unwrap_or(spec.label)
}

/// A value quoted in a message: a long one is cut, so one bad line does
/// not bury the others.
fn quote(v: &str) -> String {
    cut(v, 60)
}

fn phone(v: &str) -> Result<String, String> {
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if digits < MIN_PHONE_DIGITS {
        return Err(format!(
            "'{}' has {digits} digits; give a number we can call, with its country code \
             (+86 138 0000 0000)",
            quote(v)
        ));
    }
    Ok(v.to_string())
}

fn yes_no(v: &str) -> Result<bool, String> {
    match squash(v).as_str() {
        "yes" | "y" => Ok(true),
        "no" | "n" => Ok(false),
        _ => Err(format!("'{}' is not yes or no", quote(v))),
    }
}

/// "none", "n/a" or "-" say there is no ticket; taken as a number, two
/// such reports would collide as the same ticket.
fn no_ticket(v: &str) -> Option<String> {
    match squash(v).as_str() {
        "" | "none" | "na" | "no" => None,
        _ => Some(v.to_string()),
    }
}
