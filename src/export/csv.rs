//! CSV through the csv crate: quoting of commas, quotes and line breaks is
//! its job. By default a cell is made safe for the spreadsheet it is
//! opened in (OWASP's CSV injection advice): one starting with `=`, `+`,
//! `-`, `@`, a tab or a carriage return gets a leading `'` so it is never
//! read as a formula (a number such as `-12` stays a number), and control
//! characters other than line breaks and tabs become U+FFFD. `--raw` keeps
//! every character as stored.

use std::io::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use crate::domain::Severity;
use crate::domain::deliverable::{
    RequirementList, TicketList, attainment, format_duration, format_permille,
};
use crate::domain::desk_time::rfc3339;
use crate::domain::requirement::RequirementState;
use crate::text::inert;

/// How CSV text is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CsvText {
    /// Every character as stored: no formula guard, no replacement.
    pub raw: bool,
    /// Shown on a terminal: escapes and control characters made inert.
    pub for_terminal: bool,
}

/// The first characters a spreadsheet reads as the start of a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell a spreadsheet opens as text, never as a formula, with no
/// control character but line breaks and tabs.
pub fn safe_cell(cell: &str) -> std::borrow::Cow<'_, str> {
    let formula = cell.starts_with(FORMULA_START) && cell.trim().parse::<f64>().is_err();
    let control = cell
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t');
    if !formula && !control {
        return std::borrow::Cow::Borrowed(cell);
    }
    let mut out = String::with_capacity(cell.len() + 1);
    if formula {
        out.push('\'');
    }
    let cell = cell.replace("\r\n", "\n");
    out.extend(cell.chars().map(|c| {
        if c.is_control() && c != '\n' && c != '\t' {
            '\u{fffd}'
        } else {
            c
        }
    }));
    std::borrow::Cow::Owned(out)
}

/// Writes records, each field made safe (unless raw) and, when a terminal
/// shows it, inert.
struct Sheet<'a> {
    w: ::csv::Writer<&'a mut dyn Write>,
    text: CsvText,
}

impl<'a> Sheet<'a> {
    fn new(out: &'a mut dyn Write, text: CsvText) -> Self {
        Sheet {
            w: ::csv::Writer::from_writer(out),
            text,
        }
    }

    fn row<S: AsRef<str>>(&mut self, fields: &[S]) -> std::io::Result<()> {
        let text = self.text;
        let cell = |f: &S| -> String {
            let f = f.as_ref();
            let f = if text.raw { f.into() } else { safe_cell(f) };
            if text.for_terminal {
                inert(&f).into_owned()
            } else {
                f.into_owned()
            }
        };
        self.w
            .write_record(fields.iter().map(cell))
            .map_err(std::io::Error::other)
    }

    fn finish(mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

fn tickets(n: u32) -> String {
    if n == 1 {
        "1 ticket".into()
    } else {
        format!("{n} tickets")
    }
}

fn opt_time(t: Option<DateTime<Utc>>, tz: Tz) -> String {
    t.map(|t| rfc3339(t, tz)).unwrap_or_default()
}

pub const TICKET_HEADER: [&str; 18] = [
    "record",
    "ticket_no",
    "escalation",
    "title",
    "kind",
    "severity",
    "reported_at",
    "responded_at",
    "response_seconds",
    "response_time",
    "sla_target",
    "sla",
    "state",
    "resolution",
    "ended_at",
    "notes",
    "resolve_by",
    "resolution_sla",
];

/// One row per escalation, then total rows (`record` = "total"): all
/// severities, then each severity that had tickets, with the SLA
/// attainment in the `sla` column.
pub fn ticket_list(
    out: &mut dyn Write,
    list: &TicketList,
    tz: Tz,
    text: CsvText,
) -> std::io::Result<()> {
    let mut s = Sheet::new(out, text);
    s.row(&TICKET_HEADER)?;
    for l in &list.lines {
        s.row(&[
            "ticket".to_string(),
            l.ticket_no.clone(),
            l.id.to_string(),
            l.title.clone(),
            l.kind.to_string(),
            l.severity.to_string(),
            rfc3339(l.reported_at, tz),
            opt_time(l.responded_at, tz),
            l.response_secs.map(|s| s.to_string()).unwrap_or_default(),
            l.response_secs.map(format_duration).unwrap_or_default(),
            format_duration(l.target_secs),
            l.sla.as_str().to_string(),
            l.state.to_string(),
            l.resolution.clone().unwrap_or_default(),
            opt_time(l.ended_at, tz),
            // One per line: a CSV cell keeps its line breaks.
            l.customer_notes.join("\n"),
            opt_time(l.resolve_by, tz),
            l.resolution_sla
                .map(|o| o.as_str().to_string())
                .unwrap_or_default(),
        ])?;
    }
    let t = &list.totals;
    let mut total = |severity: &str, summary: String, met: u32, breached: u32| {
        let mut row = vec![String::new(); TICKET_HEADER.len()];
        row[0] = "total".into();
        row[3] = summary;
        row[5] = severity.into();
        row[11] = format_permille(attainment(met, breached));
        s.row(&row)
    };
    total(
        "all",
        format!(
            "{}: {} met, {} breached, {} pending, {} n/a",
            tickets(t.tickets),
            t.met,
            t.breached,
            t.pending,
            t.not_applicable
        ),
        t.met,
        t.breached,
    )?;
    for (i, &(n, met, breached)) in t.by_severity.iter().enumerate() {
        if n > 0 {
            let sev = Severity::from_number(i as i64 + 1).expect("five grades");
            total(
                &sev.to_string(),
                format!("{}: {met} met, {breached} breached", tickets(n)),
                met,
                breached,
            )?;
        }
    }
    s.finish()
}

/// One row per requirement as it stood at the period's end, with when it
/// last entered each state.
pub fn requirements(
    out: &mut dyn Write,
    list: &RequirementList,
    tz: Tz,
    text: CsvText,
) -> std::io::Result<()> {
    let mut s = Sheet::new(out, text);
    let mut header: Vec<String> = ["id", "title", "description", "state", "state_since"]
        .iter()
        .map(|h| h.to_string())
        .collect();
    header.extend(RequirementState::ALL.iter().map(|st| format!("{st}_at")));
    header.extend(["rejection_reason", "rollout_on", "rollout_note"].map(String::from));
    s.row(&header)?;
    for line in &list.lines {
        let r = &line.requirement;
        let mut row = vec![
            r.id.to_string(),
            r.title.clone(),
            r.description.clone(),
            r.state.to_string(),
            rfc3339(r.state_since, tz),
        ];
        row.extend(RequirementState::ALL.iter().map(|st| {
            let at = line
                .transitions
                .iter()
                .rev()
                .find(|t| t.to == *st && t.rollout_on.is_none())
                .map(|t| t.at);
            opt_time(at, tz)
        }));
        row.push(r.rejection_reason.clone().unwrap_or_default());
        row.push(
            r.rollout
                .as_ref()
                .map(|p| p.date.to_string())
                .unwrap_or_default(),
        );
        row.push(
            r.rollout
                .as_ref()
                .map(|p| p.note.clone())
                .unwrap_or_default(),
        );
        s.row(&row)?;
    }
    s.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_are_text() {
        for (cell, safe) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\u{fffd}=1"),
            ("a=1", "a=1"),
            ("'quoted", "'quoted"),
            ("", ""),
        ] {
            assert_eq!(safe_cell(cell), safe, "{cell:?}");
        }
        // Numbers stay numbers.
        for n in ["-12", "-0.5", "+3", "-1e3"] {
            assert_eq!(safe_cell(n), n);
        }
    }

    #[test]
    fn control_characters_are_replaced_and_line_breaks_kept() {
        assert_eq!(
            safe_cell("a\x1b[2Jb\x07c\u{9b}d\r\ne\rf\ng\th\u{7f}"),
            "a\u{fffd}[2Jb\u{fffd}c\u{fffd}d\ne\u{fffd}f\ng\th\u{fffd}"
        );
    }

    #[test]
    fn raw_keeps_every_character() {
        let mut out = Vec::new();
        let mut sheet = Sheet::new(
            &mut out,
            CsvText {
                raw: true,
                for_terminal: false,
            },
        );
        sheet.row(&["=1+2", "a\x1bb"]).unwrap();
        sheet.finish().unwrap();
        let mut safe = Vec::new();
        let mut sheet = Sheet::new(&mut safe, CsvText::default());
        sheet.row(&["=1+2", "a\x1bb"]).unwrap();
        sheet.finish().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "=1+2,a\x1bb\n");
        assert_eq!(String::from_utf8(safe).unwrap(), "'=1+2,a\u{fffd}b\n");
    }
}
