//! CSV through the csv crate: quoting of commas, quotes and line breaks is
//! its job, so the text reads back exactly as stored.

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

/// Writes records, making each field inert first when a terminal shows it.
struct Sheet<'a> {
    w: ::csv::Writer<&'a mut dyn Write>,
    inert: bool,
}

impl<'a> Sheet<'a> {
    fn new(out: &'a mut dyn Write, for_terminal: bool) -> Self {
        Sheet {
            w: ::csv::Writer::from_writer(out),
            inert: for_terminal,
        }
    }

    fn row<S: AsRef<str>>(&mut self, fields: &[S]) -> std::io::Result<()> {
        let r = if self.inert {
            self.w
                .write_record(fields.iter().map(|f| inert(f.as_ref()).into_owned()))
        } else {
            self.w.write_record(fields.iter().map(|f| f.as_ref()))
        };
        r.map_err(std::io::Error::other)
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
    for_terminal: bool,
) -> std::io::Result<()> {
    let mut s = Sheet::new(out, for_terminal);
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
    for_terminal: bool,
) -> std::io::Result<()> {
    let mut s = Sheet::new(out, for_terminal);
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
