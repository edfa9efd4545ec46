//! Opening the composer (on a kept draft if the engineer picks one), and
//! what every edit sets off: the fields checked, the draft kept, the
//! audience read again, the preview rendered.

use crossterm::event::KeyEvent;

use super::check::check;
use super::draft::DraftFields;
use super::outgoing::preview_context;
use super::state::{ComposerState, FieldId, NO_CUSTOMER};
use crate::app::dialog::{DraftPick, Overlay, Picked, pick};
use crate::app::model::{Model, Screen, Status};
use crate::app::msg::Effect;
use crate::domain::notice::SubjectKind;
use crate::domain::record::{Record, reference};

/// Takes the composer off the screen to work on it beside the model; the
/// caller puts it back (or closes it).
pub(crate) fn take(m: &mut Model) -> Option<Box<ComposerState>> {
    match std::mem::replace(&mut m.screen, Screen::Notices) {
        Screen::Composer(c) => Some(c),
        other => {
            m.screen = other;
            None
        }
    }
}

pub(crate) fn put(m: &mut Model, c: Box<ComposerState>) {
    m.screen = Screen::Composer(c);
}

/// Shows `c`, checked, with its audience read and its preview rendered.
pub(crate) fn open(m: &mut Model, mut c: ComposerState) -> Vec<Effect> {
    recheck(m, &mut c);
    let mut fx = load_audience(&mut c);
    for name in c.audience.pending.clone() {
        fx.push(Effect::LoadAudienceMember {
            name,
            services: c.services_list(),
            regions: c.regions_list(),
        });
    }
    fx.extend(render(m, &mut c));
    put(m, Box::new(c));
    fx
}

impl ComposerState {
    pub(crate) fn services_list(&self) -> Vec<String> {
        crate::domain::inventory::parse_list(
            self.services.value(),
            crate::domain::inventory::service,
        )
        .unwrap_or_default()
    }

    pub(crate) fn regions_list(&self) -> Vec<String> {
        crate::domain::inventory::parse_list(self.regions.value(), crate::domain::inventory::region)
            .unwrap_or_default()
    }
}

pub(crate) fn recheck(m: &Model, c: &mut ComposerState) {
    let checked = check(c, m.now, m.tz);
    c.errors = checked.errors;
    c.notes = checked.notes;
}

/// The clock moved: "+2h" and "already past" depend on it.
pub(crate) fn tick(m: &mut Model) {
    if let Some(mut c) = take(m) {
        recheck(m, &mut c);
        put(m, c);
    }
}

/// Reads the audience again when the services and regions both parse and
/// name something: both empty would be every customer, which is never
/// what a new notice means.
pub(crate) fn load_audience(c: &mut ComposerState) -> Vec<Effect> {
    let e = &c.errors;
    if e.contains_key(&FieldId::Services) || e.contains_key(&FieldId::Regions) {
        return Vec::new();
    }
    let (services, regions) = (c.services_list(), c.regions_list());
    c.audience.seq += 1;
    if services.is_empty() && regions.is_empty() {
        c.audience.computed.clear();
        c.audience.loaded = true;
        c.audience.error = None;
        return Vec::new();
    }
    vec![Effect::LoadAudience {
        seq: c.audience.seq,
        services,
        regions,
    }]
}

/// Asks the worker to render the notice for the selected customer.
pub(crate) fn render(m: &Model, c: &mut ComposerState) -> Vec<Effect> {
    let customer = c
        .audience
        .selected_member()
        .map_or_else(|| NO_CUSTOMER.to_string(), |a| a.customer.clone());
    let checked = check(c, m.now, m.tz);
    c.preview.seq += 1;
    vec![Effect::RenderPreview {
        seq: c.preview.seq,
        context: Box::new(preview_context(
            c,
            &checked,
            &customer,
            &m.engineer,
            m.now,
            m.tz,
        )),
    }]
}

pub(crate) fn save_draft(c: &ComposerState) -> Effect {
    Effect::SaveDraft {
        key: c.draft.key,
        id: c.draft.id,
        kind: c.subject,
        fields: DraftFields::of(c).to_json(),
    }
}

/// Opens the composer, first offering the drafts kept for the same thing.
pub(crate) fn start_compose(
    m: &mut Model,
    subject: SubjectKind,
    record: Option<Record>,
) -> Vec<Effect> {
    let about = record.as_ref().map(Record::id);
    let drafts = m.notices.drafts_for(subject, about);
    if drafts.is_empty() {
        let key = next_key(m);
        let c = match record {
            Some(r) => ComposerState::for_record(r, key, m.tz),
            None => ComposerState::new(subject, key),
        };
        return open(m, c);
    }
    let mut choices = vec![(0, "start a fresh form".to_string())];
    for (d, f) in drafts {
        let title = if f.title.trim().is_empty() {
            "(no title yet)".to_string()
        } else {
            f.title.trim().to_string()
        };
        choices.push((
            d.id,
            format!(
                "draft saved {} · {} · {}",
                crate::domain::desk_time::short(d.updated_at, m.tz),
                title,
                f.stage
            ),
        ));
    }
    m.overlay = Some(Overlay::PickDraft(DraftPick {
        subject,
        about,
        choices,
        cursor: 1,
    }));
    Vec::new()
}

pub(crate) fn next_key(m: &mut Model) -> u64 {
    let k = m.next_draft_key;
    m.next_draft_key += 1;
    k
}

/// Opens the composer on the picked draft, or afresh for choice 0.
fn resume(m: &mut Model, p: &DraftPick, choice: usize) -> Vec<Effect> {
    let record = p.about.and_then(|id| {
        m.notices
            .page
            .records
            .iter()
            .find(|r| r.subject() == p.subject && r.id() == id)
            .cloned()
    });
    if p.about.is_some() && record.is_none() {
        m.status = Some(Status::error(format!(
            "{} is no longer listed; read the screen again",
            reference(p.subject, p.about.unwrap_or_default())
        )));
        return Vec::new();
    }
    let key = next_key(m);
    let draft = p
        .choices
        .get(choice)
        .filter(|_| choice > 0)
        .and_then(|(id, _)| {
            let d = m.notices.page.drafts.iter().find(|d| d.id == *id)?;
            Some((d.id, DraftFields::from_json(&d.fields).ok()?))
        });
    let c = match (draft, record) {
        (Some((id, fields)), record) => fields.restore(p.subject, record, key, id, m.tz),
        (None, Some(r)) => ComposerState::for_record(r, key, m.tz),
        (None, None) => ComposerState::new(p.subject, key),
    };
    open(m, c)
}

/// Keys while the drafts kept for a record are offered.
pub(crate) fn on_pick_draft_key(m: &mut Model, p: DraftPick, key: KeyEvent) -> Vec<Effect> {
    match pick(p.cursor, p.choices.len(), &key) {
        Picked::Cancelled => {
            m.status = Some(Status::info("cancelled"));
            Vec::new()
        }
        Picked::Chosen(i) => resume(m, &p, i),
        moved => {
            let cursor = moved.cursor_or(p.cursor);
            m.overlay = Some(Overlay::PickDraft(DraftPick { cursor, ..p }));
            Vec::new()
        }
    }
}
