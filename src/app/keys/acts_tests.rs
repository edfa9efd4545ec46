//! Help lists on each view only keys that do something there: each is
//! pressed on a fresh dashboard in that view and must change what is
//! drawn, ask the store for something or quit.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::app::composer::state::{ComposerFocus, FieldId};
use crate::app::keymap::{Action, BINDINGS};
use crate::app::test_harness::{Harness, notice_desk};

fn drawn(h: &Harness) -> String {
    let mut t = Terminal::new(TestBackend::new(h.m.width, h.m.height)).unwrap();
    t.draw(|f| crate::ui::draw(f, &h.m, &crate::ui::Theme::new(false)))
        .unwrap();
    format!("{:?}", t.backend().buffer())
}

/// The dashboard on `view`, over enough rows that every list scrolls.
fn on(view: &str) -> Harness {
    let mut h = match view {
        "notices" | "ledger" | "composer" => Harness::wide(notice_desk()),
        "quotas" => Harness::over(three_subscribed()),
        "pipeline" | "requirement" => Harness::with_requirements(6),
        _ => Harness::new(30),
    };
    if view == "composer" {
        h.compose_first();
        h.fill_incident();
    }
    if view == "ledger" || view == "notices" {
        // A notice sent, so the notices screen has one to open.
        h.compose_first();
        h.fill_incident();
        h.ctrl('s');
        h.key(KeyCode::Char('y'));
        h.key(KeyCode::Enter);
        assert!(matches!(h.m.screen, crate::app::Screen::Ledger(_)));
    }
    // The forms need room to show their fields, the composer its preview.
    (h.m.width, h.m.height) = match view {
        "composer" => (120, 30),
        "intake" => (80, 30),
        _ => (80, 12),
    };
    let keys = match view {
        "board" => "",
        "quotas" => "\t",
        "detail" => "\n",
        "customer" => "c",
        "handover" => "H",
        "trends" => "T",
        // From the ledger of the one sent: two rows, a record and a notice.
        "notices" => "q",
        "ledger" | "composer" => "",
        "pipeline" => "p",
        "requirement" => "p\n",
        "intake" => "+",
        // The list, not the search box, has the keyboard.
        "history" => "F\n",
        other => panic!("{other}"),
    };
    for c in keys.chars() {
        h.key(match c {
            '\t' => KeyCode::Tab,
            '\n' => KeyCode::Enter,
            c => KeyCode::Char(c),
        });
    }
    h.m.status = None;
    h
}

/// Acme and two more customers with a subscription, for the quota pane.
fn three_subscribed() -> crate::store::Store {
    use crate::domain::subscription::NewSubscription;
    use crate::domain::{CustomerKind, NewCustomer};
    use crate::store::test_support::{actor, store_with_customer, t0};
    let mut s = store_with_customer();
    for name in ["Borealis", "Cirrus"] {
        let c = NewCustomer {
            name: name.into(),
            kind: CustomerKind::Local,
            owner: None,
        };
        s.add_customer(&c, actor(t0())).unwrap();
        let start: chrono::NaiveDate = "2026-11-01".parse().unwrap();
        let sub = NewSubscription {
            applied_on: start - chrono::Days::new(7),
            start_on: start,
            months: 12,
        };
        s.add_subscription(name, &sub, None, actor(t0() - chrono::Duration::days(400)))
            .unwrap();
    }
    s
}

/// Every view help can be opened on.
const VIEWS: [&str; 13] = [
    "board",
    "quotas",
    "detail",
    "customer",
    "handover",
    "trends",
    "history",
    "pipeline",
    "requirement",
    "notices",
    "ledger",
    "composer",
    "intake",
];

fn key_of(action: Action, scope: crate::app::keymap::Scope) -> KeyEvent {
    try_key_of(action, scope).unwrap_or_else(|| panic!("no key for {action:?}"))
}

/// The first key of `action` in `scope`, if it has one there.
fn try_key_of(action: Action, scope: crate::app::keymap::Scope) -> Option<KeyEvent> {
    let b = BINDINGS
        .iter()
        .find(|b| b.scope & scope != 0 && b.action == action)?;
    let mods = if b.ctrl {
        KeyModifiers::CONTROL
    } else {
        KeyModifiers::NONE
    };
    Some(KeyEvent::new(b.keys[0], mods))
}

/// The composer's focus on its channels, a field ←, → and Space act on.
fn to_channels(h: &mut Harness) {
    to_focus(h, ComposerFocus::Field(FieldId::Channels));
}

fn to_focus(h: &mut Harness, focus: ComposerFocus) {
    for _ in 0..16 {
        if h.composer().focus == focus {
            return;
        }
        h.key(KeyCode::Tab);
    }
    panic!("Tab never reached {focus:?}");
}

/// Presses `action`'s key if `scope` has one.
fn press_if_bound(h: &mut Harness, action: Action, scope: crate::app::keymap::Scope) {
    if let Some(key) = try_key_of(action, scope) {
        let fx = h.send(crate::app::Msg::Key(key));
        h.run(fx);
    }
}

#[test]
fn every_key_help_lists_on_a_view_does_something_there() {
    for view in VIEWS {
        let listed: Vec<Action> = {
            let h = on(view);
            crate::ui::help::listed(&h.m)
                .iter()
                .map(|(label, _)| {
                    let scope = h.m.scope();
                    h.m.keys
                        .bindings(scope)
                        .find(|(_, l)| l == label)
                        .map(|(b, _)| b.action)
                        .unwrap()
                })
                .collect()
        };
        assert!(listed.contains(&Action::Help), "{view}");
        for action in listed {
            let mut h = on(view);
            let scope = h.m.scope();
            // Forward moves are tried from the top, backward ones from
            // further down.
            if matches!(action, Action::Down | Action::PageDown | Action::Bottom) {
                press_if_bound(&mut h, Action::Top, scope);
            }
            if action == Action::LaneLeft {
                press_if_bound(&mut h, Action::LaneRight, scope);
            }
            if view == "composer"
                && matches!(
                    action,
                    Action::ChoiceLeft | Action::ChoiceRight | Action::Toggle
                )
            {
                // They act on a choice field: in a text one they type.
                to_channels(&mut h);
            }
            if view == "intake" && matches!(action, Action::ChoiceLeft | Action::ChoiceRight) {
                // Customer, ticket number, then the severity: a choice.
                h.key(KeyCode::Tab);
                h.key(KeyCode::Tab);
                assert!(matches!(&h.m.screen,
                    crate::app::Screen::Intake(s) if s.focus == crate::app::intake::state::IntakeField::Severity));
            }
            if action == Action::ChoiceLeft {
                press_if_bound(&mut h, Action::ChoiceRight, scope);
            }
            if view == "composer" && matches!(action, Action::PageDown | Action::PageUp) {
                // Below the widest layouts the preview is a tab of its own.
                to_focus(&mut h, ComposerFocus::Preview);
            }
            if matches!(action, Action::Up | Action::PageUp | Action::Top) {
                for _ in 0..3 {
                    press_if_bound(&mut h, Action::Down, scope);
                }
            }
            if action == Action::PageUp {
                press_if_bound(&mut h, Action::PageDown, scope);
            }
            // The board's Esc clears a filter.
            if view == "board" && action == Action::Back {
                h.keys("/T001");
                h.key(KeyCode::Enter);
            }
            let before = drawn(&h);
            let fx = h.send(crate::app::Msg::Key(key_of(action, scope)));
            let acted = !fx.is_empty() || h.m.quit || drawn(&h) != before;
            assert!(
                acted,
                "help lists {action:?} on the {view}, where it does nothing"
            );
        }
    }
}

#[test]
fn the_customer_view_lists_no_triage_and_the_ledger_says_enter_goes_back() {
    let h = on("customer");
    let listed = crate::ui::help::listed(&h.m);
    for triage in [
        "acknowledge",
        "start work",
        "re-grade",
        "assign to me",
        "resolve",
        "withdraw",
        "out of scope",
        "escalate",
    ] {
        assert!(
            !listed.iter().any(|(_, help)| help.starts_with(triage)),
            "{triage}: {listed:?}"
        );
    }
    let h = on("ledger");
    let listed = crate::ui::help::listed(&h.m);
    assert!(
        listed.contains(&("Enter".to_string(), "back to the notices".to_string())),
        "{listed:?}"
    );
}

/// Keys a form's text field takes as typing: they edit, unlisted. The
/// intake opens on its customer field, whose ↑/↓ walk the matches.
fn is_typing(view: &str, key: &KeyEvent) -> bool {
    // Enter: help says it beside Tab, in words (the description types it).
    if view == "intake" && matches!(key.code, KeyCode::Up | KeyCode::Down | KeyCode::Enter) {
        return true;
    }
    matches!(view, "composer" | "intake")
        && !key.modifiers.contains(KeyModifiers::CONTROL)
        && matches!(
            key.code,
            KeyCode::Char(_)
                | KeyCode::Left
                | KeyCode::Right
                | KeyCode::Backspace
                | KeyCode::Delete
                | KeyCode::Home
                | KeyCode::End
        )
}

#[test]
fn every_key_help_does_not_list_on_a_view_does_nothing_there() {
    let mut all: Vec<KeyEvent> = Vec::new();
    for b in BINDINGS {
        let mods = if b.ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        for code in b.keys {
            let key = KeyEvent::new(*code, mods);
            if !all.contains(&key) {
                all.push(key);
            }
        }
    }
    let mut found = Vec::new();
    for view in VIEWS {
        let listed: Vec<KeyEvent> = {
            let h = on(view);
            let scope = h.m.scope();
            let labels = crate::ui::help::listed(&h.m);
            h.m.keys
                .bindings(scope)
                .filter(|(_, l)| labels.iter().any(|(label, _)| label == l))
                .flat_map(|(b, _)| {
                    let mods = if b.ctrl {
                        KeyModifiers::CONTROL
                    } else {
                        KeyModifiers::NONE
                    };
                    b.keys.iter().map(move |c| KeyEvent::new(*c, mods))
                })
                .collect()
        };
        for key in all.iter().filter(|k| !listed.contains(k)) {
            if is_typing(view, key) {
                continue;
            }
            let mut h = on(view);
            let before = drawn(&h);
            let fx = h.send(crate::app::Msg::Key(*key));
            let said = h.status();
            h.m.status = None;
            if !fx.is_empty() || h.m.quit || drawn(&h) != before {
                found.push(format!("{view}: {:?} acts ({said})", key.code));
            } else if !said.starts_with("no key") && !said.starts_with("the quota pane has") {
                found.push(format!("{view}: {:?} says {said:?}", key.code));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
