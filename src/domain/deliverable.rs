//! The desk's deliverables: the Customer Service Ticket List and Customer
//! Service Requirement List for a customer and period, and their acceptance.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

pub use super::period::Period;
use super::requirement::{Requirement, Transition};
use super::state::word_enum;
use super::{Escalation, EscalationKind, EscalationState, Severity};

word_enum!(
    /// Which list a deliverable is.
    DeliverableKind, "deliverable kind" {
        Tickets => "tickets",
        Requirements => "requirements",
    }
);

impl DeliverableKind {
    pub fn title(self) -> &'static str {
        match self {
            DeliverableKind::Tickets => "Customer Service Ticket List",
            DeliverableKind::Requirements => "Customer Service Requirement List",
        }
    }
}

/// How an escalation's response measured against its SLA.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SlaOutcome {
    Met,
    Breached,
    /// Not answered yet, deadline still ahead.
    Pending,
    /// Withdrawn or closed out of scope before its deadline, unanswered.
    NotApplicable,
}

impl SlaOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaOutcome::Met => "met",
            SlaOutcome::Breached => "breached",
            SlaOutcome::Pending => "pending",
            SlaOutcome::NotApplicable => "n/a",
        }
    }

    /// Judged from the response time against the stored deadline, which
    /// follows every re-grade, so the row can never say "met" beside a
    /// target its response missed.
    pub fn of(e: &Escalation, now: DateTime<Utc>) -> SlaOutcome {
        let met = e
            .responded_at
            .map(|r| super::sla::response_met(r, e.deadline));
        match (met, e.ended_at) {
            (Some(true), _) => SlaOutcome::Met,
            (Some(false), _) => SlaOutcome::Breached,
            // Ended without an answer: it counts only if the deadline had
            // already passed by then.
            (None, Some(end)) if end <= e.deadline => SlaOutcome::NotApplicable,
            (None, Some(_)) => SlaOutcome::Breached,
            // Waiting on the customer: its clock stands still, so it is
            // still pending whatever the stored deadline says.
            (None, None) if e.pause.is_none() && now > e.deadline => SlaOutcome::Breached,
            (None, None) => SlaOutcome::Pending,
        }
    }

    /// The resolution target's verdict, where there is one: resolved by
    /// it, resolved late or still open past it (never while paused), still
    /// to come, or ended without a resolution.
    pub fn of_resolution(e: &Escalation, now: DateTime<Utc>) -> Option<SlaOutcome> {
        let by = e.resolve_by?;
        Some(match super::follow_up::resolution_met(e) {
            Some(true) => SlaOutcome::Met,
            Some(false) => SlaOutcome::Breached,
            None if !e.state.is_open() => SlaOutcome::NotApplicable,
            None if e.pause.is_none() && now > by => SlaOutcome::Breached,
            None => SlaOutcome::Pending,
        })
    }
}

/// One row of the Customer Service Ticket List.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TicketLine {
    pub id: i64,
    pub ticket_no: String,
    pub title: String,
    pub kind: EscalationKind,
    pub severity: Severity,
    pub reported_at: DateTime<Utc>,
    pub responded_at: Option<DateTime<Utc>>,
    pub response_secs: Option<i64>,
    pub target_secs: i64,
    pub sla: SlaOutcome,
    pub state: EscalationState,
    pub resolution: Option<String>,
    pub ended_at: Option<DateTime<Utc>>,
    /// The resolution deadline and how it went, where the desk set a
    /// target; left out otherwise, so earlier lists keep their digest.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolve_by: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution_sla: Option<SlaOutcome>,
    /// Notes the desk marked for the customer, oldest first. Left out
    /// when none, so lists accepted before notes existed keep their digest.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub customer_notes: Vec<String>,
}

impl TicketLine {
    pub fn of(e: &Escalation, now: DateTime<Utc>) -> TicketLine {
        TicketLine {
            id: e.id,
            ticket_no: e.ticket_no.clone(),
            title: e.title.clone(),
            kind: e.kind,
            severity: e.severity,
            reported_at: e.reported_at,
            responded_at: e.responded_at,
            response_secs: e.response_time().map(|d| d.num_seconds()),
            target_secs: e.severity.response_target().num_seconds(),
            sla: SlaOutcome::of(e, now),
            state: e.state,
            resolution: e
                .resolution
                .clone()
                .or_else(|| e.out_of_scope_reason.map(|r| format!("out of scope: {r}"))),
            ended_at: e.ended_at,
            resolve_by: e.resolve_by,
            resolution_sla: SlaOutcome::of_resolution(e, now),
            customer_notes: Vec::new(),
        }
    }
}

/// Serialised with the attainment the CSV and Markdown lists end with, and
/// one object per severity (see the `Serialize` impl below).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TicketTotals {
    pub tickets: u32,
    pub met: u32,
    pub breached: u32,
    pub pending: u32,
    pub not_applicable: u32,
    /// Per severity, S1 first: (tickets, met, breached).
    pub by_severity: [(u32, u32, u32); 5],
}

impl TicketTotals {
    pub fn of(lines: &[TicketLine]) -> TicketTotals {
        let mut t = TicketTotals::default();
        for l in lines {
            t.tickets += 1;
            let sev = &mut t.by_severity[usize::from(l.severity.number()) - 1];
            sev.0 += 1;
            match l.sla {
                SlaOutcome::Met => {
                    t.met += 1;
                    sev.1 += 1;
                }
                SlaOutcome::Breached => {
                    t.breached += 1;
                    sev.2 += 1;
                }
                SlaOutcome::Pending => t.pending += 1,
                SlaOutcome::NotApplicable => t.not_applicable += 1,
            }
        }
        t
    }

    /// Met as a share of the tickets the SLA was decided on, in tenths of
    /// a percent so reports round the same way everywhere.
    pub fn attainment_permille(&self) -> Option<u32> {
        attainment(self.met, self.breached)
    }
}

impl Serialize for TicketTotals {
    /// The counts, the attainment ("97.5%", and in tenths of a percent;
    /// null when nothing was decided), then every severity S1 to S5 with
    /// its own counts and attainment.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        #[derive(Serialize)]
        struct BySeverity {
            severity: Severity,
            tickets: u32,
            met: u32,
            breached: u32,
            attainment: Option<String>,
        }

        let percent = |p: Option<u32>| p.map(|p| format_permille(Some(p)));
        let by_severity: Vec<BySeverity> = self
            .by_severity
            .iter()
            .zip(Severity::ALL)
            .map(|(&(tickets, met, breached), severity)| BySeverity {
                severity,
                tickets,
                met,
                breached,
                attainment: percent(attainment(met, breached)),
            })
            .collect();
        let mut st = s.serialize_struct("TicketTotals", 8)?;
        st.serialize_field("tickets", &self.tickets)?;
        st.serialize_field("met", &self.met)?;
        st.serialize_field("breached", &self.breached)?;
        st.serialize_field("pending", &self.pending)?;
        st.serialize_field("not_applicable", &self.not_applicable)?;
        st.serialize_field("attainment", &percent(self.attainment_permille()))?;
        st.serialize_field("attainment_permille", &self.attainment_permille())?;
        st.serialize_field("by_severity", &by_severity)?;
        st.end()
    }
}

pub fn attainment(met: u32, breached: u32) -> Option<u32> {
    let decided = met + breached;
    (decided > 0).then(|| (met * 1000 + decided / 2) / decided)
}

/// "97.5%" from tenths of a percent; "n/a" when nothing was decided.
pub fn format_permille(p: Option<u32>) -> String {
    match p {
        Some(p) => format!("{}.{}%", p / 10, p % 10),
        None => "n/a".into(),
    }
}

/// "12m 30s" style durations for reports.
pub fn format_duration(secs: i64) -> String {
    let d = Duration::seconds(secs.max(0));
    let (h, m, s) = (d.num_hours(), d.num_minutes() % 60, d.num_seconds() % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s}s"),
        (0, m, 0) => format!("{m}m"),
        (0, m, s) => format!("{m}m {s}s"),
        (h, 0, _) => format!("{h}h"),
        (h, m, _) => format!("{h}h {m}m"),
    }
}

/// One row of the Customer Service Requirement List.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequirementLine {
    #[serde(flatten)]
    pub requirement: Requirement,
    pub transitions: Vec<Transition>,
}

/// The Customer Service Ticket List: every escalation the customer
/// reported in the period, in report order, with totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TicketList {
    pub customer: String,
    pub period: Period,
    /// The zone the list's dates and times are given in.
    pub time_zone: String,
    pub lines: Vec<TicketLine>,
    pub totals: TicketTotals,
}

/// The Customer Service Requirement List: every requirement the desk
/// carried during the period, as it stood at the period's end.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RequirementList {
    pub customer: String,
    pub period: Period,
    pub time_zone: String,
    pub lines: Vec<RequirementLine>,
}

impl TicketList {
    pub fn new(
        customer: String,
        period: Period,
        time_zone: String,
        lines: Vec<TicketLine>,
    ) -> Self {
        let totals = TicketTotals::of(&lines);
        TicketList {
            customer,
            period,
            time_zone,
            lines,
            totals,
        }
    }

    /// The SLA outcome of an unanswered ticket moves with the clock
    /// (pending, then breached) while everything it is computed from is in
    /// the row, so it is left out: the digest changes when a ticket does.
    pub fn digest(&self) -> String {
        let rows: Vec<TicketLine> = self
            .lines
            .iter()
            .cloned()
            .map(|mut l| {
                l.sla = SlaOutcome::Pending;
                // The resolution verdict moves with the clock alike.
                if l.resolution_sla.is_some() {
                    l.resolution_sla = Some(SlaOutcome::Pending);
                }
                l
            })
            .collect();
        digest(&serde_json::to_vec(&rows).unwrap_or_default())
    }
}

impl RequirementList {
    pub fn digest(&self) -> String {
        digest(&serde_json::to_vec(&self.lines).unwrap_or_default())
    }
}

/// Either list, for the code that accepts or exports whichever was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Deliverable {
    Tickets(TicketList),
    Requirements(RequirementList),
}

impl Deliverable {
    pub fn kind(&self) -> DeliverableKind {
        match self {
            Deliverable::Tickets(_) => DeliverableKind::Tickets,
            Deliverable::Requirements(_) => DeliverableKind::Requirements,
        }
    }

    pub fn items(&self) -> u32 {
        match self {
            Deliverable::Tickets(l) => saturating_u32(l.lines.len()),
            Deliverable::Requirements(l) => saturating_u32(l.lines.len()),
        }
    }

    pub fn digest(&self) -> String {
        match self {
            Deliverable::Tickets(l) => l.digest(),
            Deliverable::Requirements(l) => l.digest(),
        }
    }
}

/// Where one list of a recent period stands, for the customer detail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeliverableStatus {
    pub period: Period,
    pub kind: DeliverableKind,
    pub items: u32,
    pub acceptance: Option<Acceptance>,
    /// The list differs from the one accepted (a ticket changed since).
    pub changed_since_acceptance: bool,
}

/// A customer's acceptance of one list for one period.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Acceptance {
    pub customer: String,
    pub period: Period,
    pub kind: DeliverableKind,
    /// The customer's person who accepted.
    pub accepted_by: String,
    pub accepted_at: DateTime<Utc>,
    /// The engineer who recorded it.
    pub recorded_by: String,
    /// Rows in the list as accepted.
    pub items: u32,
    /// A digest of the list as accepted, to tell when it changed since.
    pub digest: String,
}

/// A digest of a list's content: FNV-1a, stable across builds, enough to
/// notice a list that changed after it was accepted.
pub fn digest(content: &[u8]) -> String {
    let h = content.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3)
    });
    format!("{h:016x}")
}

/// A list's length as acceptances record it; no list comes near the limit.
fn saturating_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
#[path = "deliverable_tests.rs"]
mod tests;
