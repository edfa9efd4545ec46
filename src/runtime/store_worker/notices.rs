//! The store worker's notice jobs: the notices screen's read, the board's
//! update countdown, drafts, previews, and sending a composed notice
//! (create or edit the record, advance it as far as its fields allow, then
//! queue). Each runs on the worker's own connection.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::app::composer::outgoing::{Outgoing, RecordWrite};
use crate::app::msg::{QueueRefused, QueuedNotice};
use crate::app::notices::state::{NOTICES_SHOWN, NoticesPage, RECORDS_SHOWN, RecordStep};
use crate::domain::change::ChangeEdit;
use crate::domain::incident::IncidentEdit;
use crate::domain::notice::SubjectKind;
use crate::domain::record::{Record, reference};
use crate::notify::Render;
use crate::notify::queue;
use crate::store::{Actor, Store};

type Result<T> = std::result::Result<T, String>;

fn text(e: crate::store::StoreError) -> String {
    e.to_string()
}

/// Open incidents by next update due, changes by window, then incidents
/// closed recently; the notices with their counts; this engineer's drafts.
pub fn notices_page(store: &Store, engineer: &str) -> Result<NoticesPage> {
    let open = store.incident_updates_due(RECORDS_SHOWN).map_err(text)?;
    let recent = store.incidents(true, RECORDS_SHOWN).map_err(text)?;
    let changes = store.changes(true, RECORDS_SHOWN).map_err(text)?;
    let mut records: Vec<Record> = open.into_iter().map(Record::Incident).collect();
    records.extend(changes.into_iter().map(Record::Change));
    records.extend(
        recent
            .into_iter()
            .filter(|i| !i.state.is_open())
            .map(Record::Incident),
    );
    Ok(NoticesPage {
        records,
        notices: store.notices(None, NOTICES_SHOWN).map_err(text)?,
        drafts: store
            .drafts()
            .map_err(text)?
            .into_iter()
            .filter(|d| d.engineer == engineer)
            .collect(),
        outbox: store.outbox_counts().map_err(text)?,
    })
}

/// `a` on the notices screen, refused if the record moved since it was seen.
pub fn advance(store: &mut Store, step: &RecordStep, actor: Actor<'_>) -> Result<String> {
    match *step {
        RecordStep::Incident { id, seen } => store
            .advance_incident(id, &IncidentEdit::default(), Some(seen), actor)
            .map(|i| {
                format!(
                    "{} is now {}",
                    reference(SubjectKind::Incident, id),
                    i.state
                )
            }),
        RecordStep::Change { id, seen } => store
            .advance_change(id, &ChangeEdit::default(), Some(seen), actor)
            .map(|c| format!("{} is now {}", reference(SubjectKind::Change, id), c.state)),
    }
    .map_err(text)
}

/// Saves a draft under the id the store gave `key` before, if any.
pub fn save_draft(
    store: &mut Store,
    drafts: &mut HashMap<u64, i64>,
    key: u64,
    id: Option<i64>,
    kind: SubjectKind,
    fields: &str,
    actor: Actor<'_>,
) -> Result<i64> {
    let known = id.or_else(|| drafts.get(&key).copied());
    let id = store.save_draft(known, kind, fields, actor).map_err(text)?;
    drafts.insert(key, id);
    Ok(id)
}

pub fn delete_draft(
    store: &mut Store,
    drafts: &mut HashMap<u64, i64>,
    key: u64,
    id: Option<i64>,
) -> Result<()> {
    if let Some(id) = id.or_else(|| drafts.remove(&key)) {
        store.delete_draft(id).map_err(text)?;
    }
    Ok(())
}

/// Queues a composed notice. The record is created or edited first and
/// taken through each step its fields allow up to guidance_ready; then
/// the audience's contacts are read afresh, the notice rendered for each
/// customer and queued in one transaction. When the store refuses after
/// the record was written, the answer carries the record as it now is.
pub fn queue(
    store: &mut Store,
    out: &Outgoing,
    drafts: &mut HashMap<u64, i64>,
    engineer: &str,
    now: DateTime<Utc>,
    render: &Render,
) -> std::result::Result<QueuedNotice, QueueRefused> {
    let actor = Actor { engineer, now };
    let refused = |error: String, record: Option<Record>| QueueRefused {
        error,
        record: record.map(Box::new),
    };
    // Rendered first for the record as the form expects it: a template
    // or audience problem refuses the send before anything is written.
    let expected = &out.expected;
    audience_of(store, &out.customers, expected, now)
        .and_then(|a| queue::plan(store, expected, &out.request, &a, actor, &**render))
        .map_err(|e| refused(e, None))?;
    let (subject, id, created) = match &out.target {
        RecordWrite::NewIncident(new) => {
            let i = store
                .add_incident(new, actor)
                .map_err(|e| refused(text(e), None))?;
            (SubjectKind::Incident, i.id, true)
        }
        RecordWrite::NewChange(new) => {
            let c = store
                .add_change(new, actor)
                .map_err(|e| refused(text(e), None))?;
            (SubjectKind::Change, c.id, true)
        }
        RecordWrite::Incident { id, seen, edit } => {
            let i = store.incident(*id).map_err(|e| refused(text(e), None))?;
            if i.state != *seen {
                return Err(moved(
                    SubjectKind::Incident,
                    *id,
                    i.state.as_str(),
                    seen.as_str(),
                    Record::Incident(i),
                ));
            }
            if *edit != IncidentEdit::default() {
                store
                    .edit_incident(*id, edit, actor)
                    .map_err(|e| refused(text(e), None))?;
            }
            (SubjectKind::Incident, *id, false)
        }
        RecordWrite::Change { id, seen, edit } => {
            let c = store.change(*id).map_err(|e| refused(text(e), None))?;
            if c.state != *seen {
                return Err(moved(
                    SubjectKind::Change,
                    *id,
                    c.state.as_str(),
                    seen.as_str(),
                    Record::Change(c),
                ));
            }
            if *edit != ChangeEdit::default() {
                store
                    .edit_change(*id, edit, actor)
                    .map_err(|e| refused(text(e), None))?;
            }
            (SubjectKind::Change, *id, false)
        }
    };
    // From here the record exists as the form made it: a refusal hands it
    // back so the form speaks for it.
    let written = |store: &Store| store.record(subject, id).ok();
    let queued = (|| {
        store
            .advance_while_ready(subject, id, actor)
            .map_err(text)?;
        let record = store.record(subject, id).map_err(text)?;
        let audience = audience_of(store, &out.customers, &record, now)?;
        let q = queue::queue(store, &record, &out.request, &audience, actor, &**render)?;
        Ok::<_, String>((q.notice_id, q.plan, audience.len()))
    })();
    let (notice_id, plan, customers) = match queued {
        Ok(q) => q,
        Err(e) => return Err(refused(e, written(store))),
    };
    // Queued: the draft has done its job. A draft left behind would only
    // be offered again, so failing to delete it does not undo the send.
    if let Err(e) = delete_draft(store, drafts, out.draft_key, out.draft_id) {
        tracing::warn!("the draft of a queued notice was not deleted: {e}");
    }
    Ok(QueuedNotice {
        notice_id,
        reference: reference(subject, id),
        stage: out.request.stage,
        created,
        deliveries: plan.notice.deliveries.len(),
        customers,
        unreachable: plan
            .unreachable
            .into_iter()
            .map(|u| (u.customer, u.channel))
            .collect(),
    })
}

/// The customers the form chose, their contacts read now. None chosen is
/// no audience (never the record's whole inventory).
fn audience_of(
    store: &Store,
    names: &[String],
    record: &Record,
    now: DateTime<Utc>,
) -> Result<Vec<crate::store::AudienceMember>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let choice = queue::Choice {
        only: names,
        ..queue::Choice::default()
    };
    queue::audience(store, record, choice, now).map_err(text)
}

fn moved(subject: SubjectKind, id: i64, now: &str, seen: &str, record: Record) -> QueueRefused {
    QueueRefused {
        error: format!(
            "{} is {now} now, not {seen}: someone moved it; check the form and send again",
            reference(subject, id)
        ),
        record: Some(Box::new(record)),
    }
}
