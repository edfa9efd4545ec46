//! Sending from the composer: Ctrl-S shows who gets what and asks; y hands
//! the notice to the store worker and returns to the notices screen while
//! it is queued. Also the discard and add-a-customer dialogs.

use crossterm::event::{Event, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::audience::CHANNELS;
use super::audience::unreachable_text;
use super::check::check;
use super::open::{put, save_draft, take};
use super::outgoing::{Outgoing, RecordWrite, outgoing};
use super::state::{ComposerState, FieldId};
use crate::app::dialog::{FormKey, Overlay, answer, form_key};
use crate::app::model::{Model, Screen, Status};
use crate::app::msg::Effect;
use crate::domain::notice::Channel;

/// Ctrl-S: what would go, and to whom, for a y or n; or what to fix.
pub(crate) fn confirm_send(m: &mut Model, c: &mut ComposerState) {
    let checked = check(c, m.now, m.tz);
    c.errors = checked.errors.clone();
    if let Err(e) = outgoing(c, &checked) {
        c.touched = c.shown_fields();
        m.status = Some(Status::error(format!("not sent: {e}")));
        return;
    }
    let reach = c.audience.reach(&checked.channels);
    let out = match outgoing(c, &checked) {
        Ok(out) => out,
        Err(_) => return,
    };
    let about = match &c.base {
        Some(_) => c.reference(),
        None => format!("the new {}", c.subject),
    };
    let mut lines = vec![format!(
        "Queue the {} (stage {}) about {about}",
        checked.stage.label(),
        checked.stage,
    )];
    let counts: Vec<String> = CHANNELS
        .iter()
        .zip(reach.deliveries)
        .filter(|(ch, _)| checked.channels.contains(ch))
        .map(|(ch, n)| match ch {
            Channel::Email => format!("{n} email{}", if n == 1 { "" } else { "s" }),
            Channel::Chat => format!("{n} chat message{}", if n == 1 { "" } else { "s" }),
            Channel::Sms => format!("{n} SMS"),
        })
        .collect();
    lines.push(format!(
        "to {}: {} ({})",
        crate::text::plural(reach.customers, "customer", "customers"),
        counts.join(", "),
        crate::text::plural(reach.total(), "delivery", "deliveries")
    ));
    if !reach.unreachable.is_empty() {
        lines.push(format!(
            "not reachable: {}",
            unreachable_text(&reach.unreachable)
        ));
    }
    let state = checked.record.state();
    match &c.base {
        None => lines.push(format!(
            "First opens the {} and takes it to {state}.",
            c.subject
        )),
        Some(r) if r.state() != state => lines.push(format!(
            "First {}moves {} from {} to {state}.",
            if edits(&out) {
                "applies your edits and "
            } else {
                ""
            },
            c.reference(),
            r.state()
        )),
        Some(_) if edits(&out) => {
            lines.push(format!("First applies your edits to {}.", c.reference()))
        }
        Some(_) => {}
    }
    if let Some(note) = c.notes.get(&FieldId::Stage)
        && let Some((_, becomes)) = note.split_once("; ")
    {
        lines.push(format!("Once it is queued, {becomes}."));
    }
    m.overlay = Some(Overlay::ConfirmSend { lines });
}

/// Whether sending changes the record's own fields.
fn edits(out: &Outgoing) -> bool {
    match &out.target {
        RecordWrite::Incident { edit, .. } => *edit != Default::default(),
        RecordWrite::Change { edit, .. } => *edit != Default::default(),
        _ => true,
    }
}

/// Keys while a composer dialog is open.
pub(crate) fn on_overlay_key(m: &mut Model, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
    match overlay {
        Overlay::ConfirmSend { .. } if answer(&key) == Some(true) => send(m),
        Overlay::ConfirmDiscard if answer(&key) == Some(true) => {
            let Some(c) = take(m) else {
                return Vec::new();
            };
            m.status = Some(Status::info(format!(
                "draft for {} discarded",
                c.reference()
            )));
            m.screen = Screen::Notices;
            vec![
                Effect::DeleteDraft {
                    key: c.draft.key,
                    id: c.draft.id,
                },
                Effect::LoadNotices,
            ]
        }
        Overlay::ConfirmSend { .. } | Overlay::ConfirmDiscard if answer(&key) == Some(false) => {
            m.status = Some(Status::info("cancelled"));
            Vec::new()
        }
        Overlay::AddCustomer { mut name } => match form_key(&key) {
            FormKey::Cancel => Vec::new(),
            // One field: there is no other to go to.
            FormKey::OtherField => {
                m.overlay = Some(Overlay::AddCustomer { name });
                Vec::new()
            }
            FormKey::Submit => {
                let wanted = name.value().trim().to_string();
                if wanted.is_empty() {
                    name.error = Some("type a customer's name".into());
                    m.overlay = Some(Overlay::AddCustomer { name });
                    return Vec::new();
                }
                let Some(mut c) = take(m) else {
                    return Vec::new();
                };
                c.audience.pending.push(wanted.clone());
                c.audience.error = None;
                let fx = vec![
                    save_draft(&c),
                    Effect::LoadAudienceMember {
                        name: wanted,
                        services: c.services_list(),
                        regions: c.regions_list(),
                    },
                ];
                put(m, c);
                fx
            }
            FormKey::Typing => {
                let before = name.value().to_string();
                name.input.handle_event(&Event::Key(key));
                if name.value() != before {
                    name.error = None;
                }
                m.overlay = Some(Overlay::AddCustomer { name });
                Vec::new()
            }
        },
        other => {
            m.overlay = Some(other);
            Vec::new()
        }
    }
}

/// y on the send question: the form waits aside while the worker queues
/// the notice; the notices screen shows what came of it.
fn send(m: &mut Model) -> Vec<Effect> {
    let Some(mut c) = take(m) else {
        return Vec::new();
    };
    let checked = check(&c, m.now, m.tz);
    let out = match outgoing(&c, &checked) {
        Ok(o) => o,
        Err(e) => {
            c.touched = c.shown_fields();
            c.errors = checked.errors;
            m.status = Some(Status::error(format!("not sent: {e}")));
            put(m, c);
            return Vec::new();
        }
    };
    m.status = Some(Status::info(format!(
        "queuing the notice about {}…",
        c.reference()
    )));
    c.audience.error = None;
    m.notices.sending = Some(c);
    m.screen = Screen::Notices;
    vec![Effect::QueueNotice(Box::new(out)), Effect::LoadNotices]
}
