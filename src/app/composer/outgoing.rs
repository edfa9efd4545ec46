//! The form as a notice to send: the record to create or edit, the
//! request, the customers chosen; and the context the preview renders.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;

use super::check::Checked;
use super::state::ComposerState;
use crate::domain::change::{ChangeEdit, ChangeKind, ChangeState, NewChange};
use crate::domain::incident::{IncidentEdit, IncidentKind, IncidentState, NewIncident};
use crate::domain::notice::SubjectKind;
use crate::domain::record::Record;
use crate::notify::NoticeContext;
use crate::notify::compose::{self, Request};

/// What the store worker does on send.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordWrite {
    NewIncident(NewIncident),
    NewChange(NewChange),
    /// `seen` is the state the form was opened on: if the record has moved
    /// since, the send is refused rather than applied to a state nobody saw.
    Incident {
        id: i64,
        seen: IncidentState,
        edit: IncidentEdit,
    },
    Change {
        id: i64,
        seen: ChangeState,
        edit: ChangeEdit,
    },
}

/// A notice ready to send: the record to create or edit, the request, and
/// the customers chosen (by name; the worker reads their contacts afresh).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outgoing {
    pub target: RecordWrite,
    /// The record as the form expects the store to hold it when queuing:
    /// the worker renders against it before writing anything, so a
    /// template error refuses the send with nothing half done.
    pub expected: Record,
    pub request: Request,
    pub customers: Vec<String>,
    pub draft_key: u64,
    pub draft_id: Option<i64>,
}

/// The notice to send, or why not yet. Every field's error is shown once
/// a send is tried, so the caller marks them all touched on `Err`.
pub fn outgoing(c: &ComposerState, v: &Checked) -> Result<Outgoing, String> {
    if !v.errors.is_empty() {
        let n = v.errors.len();
        return Err(format!(
            "{n} field{} to fix first (marked ✗)",
            if n == 1 { "" } else { "s" }
        ));
    }
    let customers: Vec<String> = c
        .audience
        .included()
        .iter()
        .map(|m| m.customer.clone())
        .collect();
    if customers.is_empty() {
        return Err(
            "no customer in the audience: name services and regions, or + to add one".into(),
        );
    }
    if !c.audience.pending.is_empty() {
        return Err("the audience is still being read; try again in a moment".into());
    }
    let reach = c.audience.reach(&v.channels);
    if reach.total() == 0 {
        return Err("nobody in the audience can be reached on the chosen channels".into());
    }
    let opt = |new: &Vec<String>, old: &Vec<String>| (new != old).then(|| new.clone());
    let target = match &c.base {
        None => match c.subject {
            SubjectKind::Incident => RecordWrite::NewIncident(NewIncident {
                title: v.title.clone(),
                kind: IncidentKind::ALL[c.kind.index.min(IncidentKind::ALL.len() - 1)],
                level: v.level,
                services: v.services.clone(),
                regions: v.regions.clone(),
                guidance: v.guidance.clone(),
                next_update_due: v.next_update_due,
            }),
            SubjectKind::Change => {
                let (window_start, window_end) =
                    v.window.ok_or("the change window is not readable")?;
                RecordWrite::NewChange(NewChange {
                    title: v.title.clone(),
                    kind: ChangeKind::ALL[c.kind.index.min(ChangeKind::ALL.len() - 1)],
                    window_start,
                    window_end,
                    services: v.services.clone(),
                    regions: v.regions.clone(),
                    impact: v.impact,
                    guidance: v.guidance.clone(),
                })
            }
        },
        Some(Record::Incident(i)) => RecordWrite::Incident {
            id: i.id,
            seen: i.state,
            edit: IncidentEdit {
                title: (v.title != i.title).then(|| v.title.clone()),
                level: v.level.filter(|l| Some(*l) != i.level),
                services: opt(&v.services, &i.services),
                regions: opt(&v.regions, &i.regions),
                guidance: (v.guidance != i.guidance).then(|| v.guidance.clone()),
                ..IncidentEdit::default()
            },
        },
        Some(Record::Change(ch)) => RecordWrite::Change {
            id: ch.id,
            seen: ch.state,
            edit: ChangeEdit {
                title: (v.title != ch.title).then(|| v.title.clone()),
                window: v.window.filter(|w| *w != (ch.window_start, ch.window_end)),
                services: opt(&v.services, &ch.services),
                regions: opt(&v.regions, &ch.regions),
                impact: v.impact.filter(|i| Some(*i) != ch.impact),
                guidance: (v.guidance != ch.guidance).then(|| v.guidance.clone()),
                ..ChangeEdit::default()
            },
        },
    };
    Ok(Outgoing {
        target,
        expected: v.record.clone(),
        request: v.request(),
        customers,
        draft_key: c.draft.key,
        draft_id: c.draft.id,
    })
}

/// What the templates see for `customer`, from the form as it stands: a
/// record not created yet is called "INC-new" or "CHG-new".
pub fn preview_context(
    c: &ComposerState,
    v: &Checked,
    customer: &str,
    engineer: &str,
    now: DateTime<Utc>,
    tz: Tz,
) -> NoticeContext {
    let mut ctx = compose::context(&v.record, &v.request(), customer, engineer, now, tz);
    if c.is_new() {
        ctx.record.reference = match c.subject {
            SubjectKind::Incident => "INC-new".into(),
            SubjectKind::Change => "CHG-new".into(),
        };
    }
    ctx
}
