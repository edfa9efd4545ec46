//! Keys in the notice composer: typing into fields, choices and toggles,
//! moving between the form, the audience and the preview, and the chords
//! that send, discard or close.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use tui_input::backend::crossterm::EventHandler;

use super::open::{load_audience, put, recheck, render, save_draft, take};
use super::send;
use super::state::{ComposerFocus, ComposerState, FieldId};
use crate::app::dialog::Overlay;
use crate::app::field::Field;
use crate::app::keymap::{Action, COMPOSER, NOTICES};
use crate::app::model::{Model, Screen, Status};
use crate::app::msg::Effect;

/// After any edit: the errors, the draft, the preview, and the audience
/// when its inputs changed.
fn edited(m: &Model, c: &mut ComposerState, field: Option<FieldId>) -> Vec<Effect> {
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

pub(crate) fn on_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let Some(mut c) = take(m) else {
        return Vec::new();
    };
    let text = match c.focus {
        ComposerFocus::Field(f) if f.is_text() => Some(f),
        _ => None,
    };
    // In a text field ←, →, Space and + are typing; the rest of the
    // table (Tab, Enter, ↑/↓, chords, Esc, F1) works everywhere.
    let action = m.keys.action_for(&key, COMPOSER).filter(|a| {
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
fn close(m: &mut Model, c: &ComposerState) -> Vec<Effect> {
    // The notices screen's keys, as the config binds them: the message
    // tells the user what to press where they land.
    let again = match (c.is_new(), c.subject) {
        (false, _) => "{compose} on the record",
        (true, crate::domain::notice::SubjectKind::Incident) => "{new_incident}",
        (true, crate::domain::notice::SubjectKind::Change) => "{new_change}",
    };
    m.status = Some(Status::info(
        if c.draft.id.is_some() || !c.touched.is_empty() {
            let again = m.keys.prose(NOTICES, again);
            format!("closed; the draft is kept: {again} offers it again")
        } else {
            "closed; nothing was typed".into()
        },
    ));
    m.screen = Screen::Notices;
    vec![Effect::LoadNotices]
}

/// Text pasted into the composer: into the text field that has the
/// keyboard, on one line.
pub(crate) fn on_paste(m: &mut Model, text: &str) -> Vec<Effect> {
    let Some(mut c) = take(m) else {
        return Vec::new();
    };
    let fx = match c.focus {
        ComposerFocus::Field(f) if f.is_text() => {
            let line = crate::app::field::one_line(text);
            match c.input_mut(f) {
                Some(input) if !line.is_empty() => {
                    for ch in line.chars() {
                        input.handle(tui_input::InputRequest::InsertChar(ch));
                    }
                    edited(m, &mut c, Some(f))
                }
                _ => Vec::new(),
            }
        }
        _ => {
            m.status = Some(Status::error("paste into a text field (Tab to one)"));
            Vec::new()
        }
    };
    put(m, c);
    fx
}

fn on_typing(m: &Model, c: &mut ComposerState, key: KeyEvent) -> Vec<Effect> {
    let ComposerFocus::Field(f) = c.focus else {
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
fn step_focus(c: &mut ComposerState, forward: bool) {
    let mut order: Vec<ComposerFocus> = c.fields().into_iter().map(ComposerFocus::Field).collect();
    order.extend([ComposerFocus::Audience, ComposerFocus::Preview]);
    let at = order.iter().position(|f| *f == c.focus).unwrap_or(0);
    let n = order.len();
    c.focus = order[if forward {
        (at + 1) % n
    } else {
        (at + n - 1) % n
    }];
}

fn on_action(m: &mut Model, c: &mut ComposerState, action: Action) -> Vec<Effect> {
    match (action, c.focus) {
        (Action::NextField, _) | (Action::Down, ComposerFocus::Field(_)) => step_focus(c, true),
        // ↑ stops at the first field; Tab and Shift-Tab go round.
        (Action::Up, ComposerFocus::Field(f)) if c.fields().first() == Some(&f) => {}
        (Action::PrevField, _) | (Action::Up, ComposerFocus::Field(_)) => step_focus(c, false),
        (Action::Down | Action::Up, ComposerFocus::Audience | ComposerFocus::Preview) => {
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
        (Action::ChoiceLeft | Action::ChoiceRight, ComposerFocus::Field(f)) => {
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
        (Action::Toggle, ComposerFocus::Field(f @ (FieldId::Channels | FieldId::Impact))) => {
            if f == FieldId::Channels {
                c.channels.toggle();
            } else {
                c.impact.toggle();
            }
            return edited(m, c, Some(f));
        }
        (Action::Toggle, ComposerFocus::Audience) => {
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
        // On a narrow terminal a hidden preview would scroll unseen.
        (Action::PageDown | Action::PageUp, ComposerFocus::Field(_) | ComposerFocus::Audience)
            if !crate::ui::composer::side_by_side(m.width, m.height) =>
        {
            m.status = Some(Status::info(m.keys.prose(
                COMPOSER,
                "the preview is a tab of its own here: {next_field} to it, then {page_down} scrolls it",
            )));
        }
        (Action::PageDown, _) => c.preview.scroll = c.preview.scroll.saturating_add(5),
        (Action::PageUp, _) => c.preview.scroll = c.preview.scroll.saturating_sub(5),
        (Action::Send, _) => send::confirm_send(m, c),
        (Action::Discard, _) => m.overlay = Some(Overlay::ConfirmDiscard),
        (Action::Help, _) => m.overlay = Some(Overlay::Help { scroll: 0 }),
        _ => {}
    }
    Vec::new()
}
