//! Keys and answers for the notice composer. Every edit is checked at
//! once (errors beside their fields), kept as a draft through the store
//! worker, and re-rendered for the preview; the audience follows the
//! services and regions. Sending asks first, then hands the notice to the
//! worker and returns to the notices screen while it is queued.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

use super::{error, info};
use crate::app::composer::{
    CHANNELS, Composer, DraftFields, FieldId, Focus, NO_CUSTOMER, check, outgoing, preview_context,
    unreachable_text,
};
use crate::app::keymap::{self, Action, COMPOSER};
use crate::app::model::{Field, Model, Overlay, Screen};
use crate::app::msg::Effect;
use crate::domain::notice::Channel;

/// Takes the composer off the screen to work on it beside the model; the
/// caller puts it back (or closes it).
pub(super) fn take(m: &mut Model) -> Option<Box<Composer>> {
    match std::mem::replace(&mut m.screen, Screen::Notices) {
        Screen::Composer(c) => Some(c),
        other => {
            m.screen = other;
            None
        }
    }
}

pub(super) fn put(m: &mut Model, c: Box<Composer>) {
    m.screen = Screen::Composer(c);
}

/// Shows `c`, checked, with its audience read and its preview rendered.
pub(super) fn open(m: &mut Model, mut c: Composer) -> Vec<Effect> {
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

impl Composer {
    fn services_list(&self) -> Vec<String> {
        crate::domain::inventory::parse_list(
            self.services.value(),
            crate::domain::inventory::service,
        )
        .unwrap_or_default()
    }

    fn regions_list(&self) -> Vec<String> {
        crate::domain::inventory::parse_list(self.regions.value(), crate::domain::inventory::region)
            .unwrap_or_default()
    }
}

pub(super) fn recheck(m: &Model, c: &mut Composer) {
    let checked = check(c, m.now, m.tz);
    c.errors = checked.errors;
    c.notes = checked.notes;
}

/// The clock moved: "+2h" and "already past" depend on it.
pub(super) fn tick(m: &mut Model) {
    if let Some(mut c) = take(m) {
        recheck(m, &mut c);
        put(m, c);
    }
}

/// Reads the audience again when the services and regions both parse and
/// name something: both empty would be every customer, which is never
/// what a new notice means.
fn load_audience(c: &mut Composer) -> Vec<Effect> {
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
pub(super) fn render(m: &Model, c: &mut Composer) -> Vec<Effect> {
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

pub(super) fn save_draft(c: &Composer) -> Effect {
    Effect::SaveDraft {
        key: c.draft.key,
        id: c.draft.id,
        kind: c.subject,
        fields: DraftFields::of(c).to_json(),
    }
}

/// After any edit: the errors, the draft, the preview, and the audience
/// when its inputs changed.
fn edited(m: &Model, c: &mut Composer, field: Option<FieldId>) -> Vec<Effect> {
    c.refused = None;
    if let Some(f) = field {
        c.touch(f);
    }
    recheck(m, c);
    let mut fx = vec![save_draft(c)];
    if matches!(field, Some(FieldId::Services | FieldId::Regions)) {
        fx.extend(load_audience(c));
    }
    fx.extend(render(m, c));
    fx
}

pub(super) fn on_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Some(mut c) = take(m) else {
        return Vec::new();
    };
    let text = match c.focus {
        Focus::Field(f) if f.is_text() => Some(f),
        _ => None,
    };
    // In a text field ←, →, Space and + are typing; the rest of the
    // table (Tab, Enter, ↑/↓, chords, Esc, F1) works everywhere.
    let action = keymap::action_for(&key, COMPOSER).filter(|a| {
        text.is_none()
            || !matches!(
                a,
                Action::ChoiceLeft | Action::ChoiceRight | Action::Toggle | Action::AddCustomer
            )
    });
    let fx = match action {
        Some(Action::Back) => return close(m, &c),
        Some(a) => on_action(m, &mut c, a),
        None => on_typing(m, &mut c, key),
    };
    put(m, c);
    fx
}

/// Esc: back to the notices screen. Every edit is already a draft.
fn close(m: &mut Model, c: &Composer) -> Vec<Effect> {
    let again = match (c.is_new(), c.subject) {
        (false, _) => "c on the record",
        (true, crate::domain::notice::SubjectKind::Incident) => "N",
        (true, crate::domain::notice::SubjectKind::Change) => "C",
    };
    m.status = Some(info(if c.draft.id.is_some() || !c.touched.is_empty() {
        format!("closed; the draft is kept: {again} offers it again")
    } else {
        "closed; nothing was typed".into()
    }));
    m.screen = Screen::Notices;
    vec![Effect::LoadNotices]
}

fn on_typing(m: &Model, c: &mut Composer, key: KeyEvent) -> Vec<Effect> {
    let Focus::Field(f) = c.focus else {
        return Vec::new();
    };
    if key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
        && !f.is_text()
    {
        return Vec::new();
    }
    match f {
        f if f.is_text() => {
            let Some(input) = c.input_mut(f) else {
                return Vec::new();
            };
            let before = input.value().to_string();
            input.handle_event(&Event::Key(key));
            if input.value() != before {
                edited(m, c, Some(f))
            } else {
                Vec::new()
            }
        }
        FieldId::Kind | FieldId::Level | FieldId::Stage => {
            let names = c.choice_names(f);
            let Some(choice) = c.choice_mut(f) else {
                return Vec::new();
            };
            match key.code {
                KeyCode::Char(ch) if choice.type_char(ch, &names) => edited(m, c, Some(f)),
                KeyCode::Backspace => {
                    choice.typed.clear();
                    Vec::new()
                }
                _ => Vec::new(),
            }
        }
        // Letters switch channels and impacts directly.
        FieldId::Channels => match key.code {
            KeyCode::Char(ch @ ('e' | 'c' | 's')) => {
                let i = "ecs".find(ch).unwrap_or(0);
                c.channels.cursor = i;
                c.channels.toggle();
                edited(m, c, Some(f))
            }
            _ => Vec::new(),
        },
        FieldId::Impact => match key.code {
            KeyCode::Char(ch @ ('a' | 'p' | 'd' | 's')) => {
                c.impact.cursor = "apds".find(ch).unwrap_or(0);
                c.impact.toggle();
                edited(m, c, Some(f))
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// The next part of the composer to have the keyboard: the form's fields
/// in order, then the audience, then the preview, and round again.
fn step_focus(c: &mut Composer, forward: bool) {
    let mut order: Vec<Focus> = c.fields().into_iter().map(Focus::Field).collect();
    order.extend([Focus::Audience, Focus::Preview]);
    let at = order.iter().position(|f| *f == c.focus).unwrap_or(0);
    let n = order.len();
    c.focus = order[if forward {
        (at + 1) % n
    } else {
        (at + n - 1) % n
    }];
}

fn on_action(m: &mut Model, c: &mut Composer, action: Action) -> Vec<Effect> {
    match (action, c.focus) {
        (Action::NextField, _) | (Action::Down, Focus::Field(_)) => step_focus(c, true),
        // ↑ stops at the first field; Tab and Shift-Tab go round.
        (Action::Up, Focus::Field(f)) if c.fields().first() == Some(&f) => {}
        (Action::PrevField, _) | (Action::Up, Focus::Field(_)) => step_focus(c, false),
        (Action::Down | Action::Up, Focus::Audience | Focus::Preview) => {
            let n = c.audience.members().len();
            let a = &mut c.audience;
            let before = a.selected;
            a.selected = match action {
                Action::Down => (a.selected + 1).min(n.saturating_sub(1)),
                _ => a.selected.saturating_sub(1),
            };
            if a.selected != before {
                c.preview.scroll = 0;
                return render(m, c);
            }
        }
        (Action::ChoiceLeft | Action::ChoiceRight, Focus::Field(f)) => {
            let forward = action == Action::ChoiceRight;
            match f {
                FieldId::Channels => c.channels.step(forward),
                FieldId::Impact => c.impact.step(forward),
                _ => {
                    let len = c.choice_names(f).len();
                    if let Some(choice) = c.choice_mut(f) {
                        choice.cycle(len, forward);
                        return edited(m, c, Some(f));
                    }
                }
            }
        }
        (Action::Toggle, Focus::Field(f @ (FieldId::Channels | FieldId::Impact))) => {
            if f == FieldId::Channels {
                c.channels.toggle();
            } else {
                c.impact.toggle();
            }
            return edited(m, c, Some(f));
        }
        (Action::Toggle, Focus::Audience) => {
            c.audience.error = None;
            let toggled = c.audience.toggle_selected();
            return if toggled {
                edited(m, c, None)
            } else {
                Vec::new()
            };
        }
        (Action::AddCustomer, _) => {
            c.audience.error = None;
            m.overlay = Some(Overlay::AddCustomer {
                name: Field::default(),
            });
        }
        (Action::PageDown, _) => c.preview.scroll = c.preview.scroll.saturating_add(5),
        (Action::PageUp, _) => c.preview.scroll = c.preview.scroll.saturating_sub(5),
        (Action::Send, _) => confirm_send(m, c),
        (Action::Discard, _) => m.overlay = Some(Overlay::ConfirmDiscard),
        (Action::Help, _) => m.overlay = Some(Overlay::Help { scroll: 0 }),
        _ => {}
    }
    Vec::new()
}

/// Ctrl-S: what would go, and to whom, for a y or n; or what to fix.
fn confirm_send(m: &mut Model, c: &mut Composer) {
    let checked = check(c, m.now, m.tz);
    c.errors = checked.errors.clone();
    if let Err(e) = outgoing(c, &checked) {
        c.touched = c.shown_fields();
        m.status = Some(error(format!("not sent: {e}")));
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
        "to {} customer{}: {} ({} deliveries)",
        reach.customers,
        if reach.customers == 1 { "" } else { "s" },
        counts.join(", "),
        reach.total()
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
fn edits(out: &crate::app::composer::Outgoing) -> bool {
    use crate::app::composer::Target;
    match &out.target {
        Target::Incident { edit, .. } => *edit != Default::default(),
        Target::Change { edit, .. } => *edit != Default::default(),
        _ => true,
    }
}

/// Keys while a composer dialog is open.
pub(super) fn on_overlay_key(m: &mut Model, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
    match overlay {
        Overlay::ConfirmSend { .. } if matches!(key.code, KeyCode::Char('y' | 'Y')) => send(m),
        Overlay::ConfirmDiscard if matches!(key.code, KeyCode::Char('y' | 'Y')) => {
            let Some(c) = take(m) else {
                return Vec::new();
            };
            m.status = Some(info(format!("draft for {} discarded", c.reference())));
            m.screen = Screen::Notices;
            vec![
                Effect::DeleteDraft {
                    key: c.draft.key,
                    id: c.draft.id,
                },
                Effect::LoadNotices,
            ]
        }
        Overlay::ConfirmSend { .. } | Overlay::ConfirmDiscard
            if matches!(key.code, KeyCode::Char('n' | 'N') | KeyCode::Esc) =>
        {
            m.status = Some(info("cancelled".into()));
            Vec::new()
        }
        Overlay::AddCustomer { mut name } => match key.code {
            KeyCode::Esc => Vec::new(),
            KeyCode::Enter => {
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
            _ => {
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
            m.status = Some(error(format!("not sent: {e}")));
            put(m, c);
            return Vec::new();
        }
    };
    m.status = Some(info(format!("queuing the notice about {}…", c.reference())));
    c.audience.error = None;
    m.notices.sending = Some(c);
    m.screen = Screen::Notices;
    vec![Effect::SendNotice(Box::new(out)), Effect::LoadNotices]
}
