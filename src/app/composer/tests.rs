//! The composer driven by keys against a real store: fields, errors,
//! drafts, the audience, the send and what comes back.

use chrono::Duration;
use crossterm::event::{KeyCode, KeyModifiers};

use crate::app::composer::outgoing::RecordWrite;
use crate::app::composer::state::{ComposerFocus, FieldId};
use crate::app::dialog::Overlay;
use crate::app::model::Screen;
use crate::app::msg::{Effect, Msg};
use crate::app::notices::state::Selected;
use crate::app::test_harness::{Harness, notice_desk, notice_now};
use crate::app::update::update;
use crate::domain::incident::{IncidentKind, IncidentState};
use crate::domain::notice::{Channel, SubjectKind};
use crate::domain::{CustomerKind, NewCustomer};
use crate::store::test_support::{actor, t0};

#[test]
fn tab_visits_the_fields_then_the_audience_and_the_preview() {
    let mut h = Harness::wide(notice_desk());
    h.compose_first();
    assert_eq!(h.composer().focus, ComposerFocus::Field(FieldId::Title));
    let mut seen = vec![h.composer().focus];
    for _ in 0..11 {
        h.key(KeyCode::Tab);
        seen.push(h.composer().focus);
    }
    use FieldId::*;
    // The kind of an existing incident is fixed, so it is not visited.
    let fields = [
        Title, Level, Services, Regions, Guidance, NextUpdate, Stage, Channels, Message,
    ];
    let mut want: Vec<ComposerFocus> = fields.iter().map(|f| ComposerFocus::Field(*f)).collect();
    want.extend([
        ComposerFocus::Audience,
        ComposerFocus::Preview,
        ComposerFocus::Field(Title),
    ]);
    assert_eq!(seen, want);
    h.key(KeyCode::BackTab);
    assert_eq!(h.composer().focus, ComposerFocus::Preview);
    // ↓ and ↑ walk the form but do not go round it.
    h.key(KeyCode::Tab);
    h.key(KeyCode::Up);
    assert_eq!(h.composer().focus, ComposerFocus::Field(Title));
    h.key(KeyCode::Down);
    assert_eq!(h.composer().focus, ComposerFocus::Field(Level));
}

#[test]
fn every_edit_is_saved_as_a_draft_and_rendered() {
    let mut h = Harness::wide(notice_desk());
    h.compose_first();
    h.key(KeyCode::End);
    let fx = h.press_with(KeyCode::Char('!'), KeyModifiers::NONE);
    let key = h.composer().draft.key;
    let saved = fx.iter().find_map(|e| match e {
        Effect::SaveDraft {
            key: k,
            id: None,
            kind: SubjectKind::Incident,
            fields,
        } if *k == key => Some(fields.clone()),
        _ => None,
    });
    let fields = saved.unwrap_or_else(|| panic!("no draft save in {fx:?}"));
    assert!(fields.contains("OpenSSH regreSSHion!"), "{fields}");
    assert!(fields.contains("\"record\":1"), "{fields}");
    assert!(fx.iter().any(|e| matches!(e, Effect::RenderPreview { .. })));
    h.run(fx);
    // The store gave the draft an id; later saves use it.
    let id = h.composer().draft.id.expect("draft id");
    assert_eq!(h.store.drafts().unwrap()[0].id, id);
    let fx = h.press_with(KeyCode::Char('!'), KeyModifiers::NONE);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::SaveDraft { id: Some(i), .. } if *i == id))
    );
}

#[test]
fn moving_without_editing_saves_nothing() {
    let mut h = Harness::wide(notice_desk());
    h.compose_first();
    // The cursor moving in the title, then focus moving on.
    let fx = h.press_with(KeyCode::Left, KeyModifiers::NONE);
    assert!(fx.is_empty(), "{fx:?}");
    let fx = h.press_with(KeyCode::Tab, KeyModifiers::NONE);
    assert!(fx.is_empty(), "{fx:?}");
}

#[test]
fn errors_show_beside_the_fields_once_touched() {
    let mut h = Harness::wide(notice_desk());
    h.compose_first();
    // services
    h.tab(2);
    h.key(KeyCode::End);
    h.keys(",ECX");
    let c = h.composer();
    assert!(
        c.shown_error(FieldId::Services)
            .is_some_and(|e| e.contains("unknown service 'ECX'")),
        "{:?}",
        c.errors
    );
    // The stage cannot go yet (no level, no guidance), but the field has
    // not been touched: its error waits.
    assert!(c.errors.contains_key(&FieldId::Stage));
    assert_eq!(c.shown_error(FieldId::Stage), None);
    // next update
    h.tab(3);
    h.keys("tomorrow");
    assert!(
        h.composer()
            .shown_error(FieldId::NextUpdate)
            .is_some_and(|e| e.contains("+90m"))
    );
}

#[test]
fn send_with_errors_marks_every_field_and_sends_nothing() {
    let mut h = Harness::wide(notice_desk());
    h.compose_first();
    let fx = h.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert!(fx.is_empty(), "{fx:?}");
    assert!(h.m.overlay.is_none());
    assert!(
        h.status().starts_with("not sent: 1 field to fix"),
        "{}",
        h.status()
    );
    let stage = h.composer().shown_error(FieldId::Stage).unwrap();
    assert!(
        stage.contains("; it is monitoring: set the level"),
        "{stage}"
    );
    // With a level the form would take it to evaluated, and says so.
    h.tab(1);
    h.keys("2");
    let stage = h.composer().shown_error(FieldId::Stage).unwrap();
    assert!(
        stage.contains("as the form stands it would be evaluated: write the guidance"),
        "{stage}"
    );
}

#[test]
fn space_takes_a_customer_out_of_the_audience() {
    let mut h = Harness::wide(notice_desk());
    h.compose_first();
    let reach = |h: &Harness| {
        let c = h.composer();
        c.audience.reach(&c.channel_values())
    };
    assert_eq!(reach(&h).customers, 2);
    // Email and chat by default: Borealis (SMS only) is unreachable.
    assert_eq!(reach(&h).deliveries, [2, 1, 0]);
    assert_eq!(
        reach(&h).unreachable,
        [
            ("Borealis".to_string(), Channel::Email),
            ("Borealis".to_string(), Channel::Chat)
        ]
    );
    // To the audience; down to Borealis; out.
    h.tab(9);
    assert_eq!(h.composer().focus, ComposerFocus::Audience);
    h.key(KeyCode::Down);
    let fx = h.press_with(KeyCode::Char(' '), KeyModifiers::NONE);
    assert!(
        fx.iter()
            .any(|e| matches!(e, Effect::SaveDraft { fields, .. } if fields.contains("\"excluded\":[\"Borealis\"]")))
    );
    h.run(fx);
    assert_eq!(reach(&h).customers, 1);
    assert!(reach(&h).unreachable.is_empty());
    // Space again puts it back.
    h.key(KeyCode::Char(' '));
    assert_eq!(reach(&h).customers, 2);
}

#[test]
fn plus_adds_a_customer_by_name() {
    let mut store = notice_desk();
    store
        .add_customer(
            &NewCustomer {
                name: "Cape Health".into(),
                kind: CustomerKind::Local,
                owner: None,
            },
            actor(t0()),
        )
        .unwrap();
    let mut h = Harness::wide(store);
    h.compose_first();
    h.tab(9);
    h.key(KeyCode::Char('+'));
    assert!(matches!(h.m.overlay, Some(Overlay::AddCustomer { .. })));
    h.keys("cape health");
    h.key(KeyCode::Enter);
    let a = &h.composer().audience;
    assert!(a.pending.is_empty());
    let names: Vec<_> = a
        .members()
        .iter()
        .map(|(m, _)| m.customer.clone())
        .collect();
    assert_eq!(names, ["Acme", "Borealis", "Cape Health"]);
    assert_eq!(a.selected, 2);
    // A name nobody has is said in the audience, and nothing is added.
    h.key(KeyCode::Char('+'));
    h.keys("Nobody");
    h.key(KeyCode::Enter);
    let a = &h.composer().audience;
    assert_eq!(a.members().len(), 3);
    assert!(
        a.error
            .as_deref()
            .unwrap()
            .contains("no customer named 'Nobody'")
    );
}

#[test]
fn confirming_a_send_queues_it_and_returns_to_the_notices() {
    let mut h = Harness::wide(notice_desk());
    h.compose_first();
    h.fill_incident();
    h.ctrl('s');
    let lines = match &h.m.overlay {
        Some(Overlay::ConfirmSend { lines }) => lines.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(
        lines,
        [
            "Queue the Incident notice (stage initial) about INC-1",
            "to 2 customers: 2 emails, 1 chat message (3 deliveries)",
            "not reachable: Borealis (email, chat)",
            "First applies your edits and moves INC-1 from monitoring to guidance_ready.",
            "Once it is queued, the incident becomes notified.",
        ]
    );
    let fx = h.press_with(KeyCode::Char('y'), KeyModifiers::NONE);
    let out = fx
        .iter()
        .find_map(|e| match e {
            Effect::QueueNotice(o) => Some(o.clone()),
            _ => None,
        })
        .expect("a send");
    assert!(matches!(
        out.target,
        RecordWrite::Incident { id: 1, seen: IncidentState::Monitoring, ref edit }
            if edit.level.is_some() && edit.guidance.is_some()
    ));
    assert_eq!(out.customers, ["Acme", "Borealis"]);
    // Back on the notices screen at once, the form kept aside until the
    // store answers.
    assert!(matches!(h.m.screen, Screen::Notices));
    assert!(h.m.notices.sending.is_some());
    h.run(fx);
    assert!(h.m.notices.sending.is_none());
    assert_eq!(
        h.status(),
        "notice #1 queued: INC-1 initial, 3 deliveries to 2 customers; \
         not reachable: Borealis (email, chat)"
    );
    assert_eq!(h.store.incident(1).unwrap().state, IncidentState::Notified);
    let d = h.store.notice(1).unwrap();
    assert_eq!(d.notice.deliveries.queued, 3);
    assert!(h.store.drafts().unwrap().is_empty(), "the draft is gone");
    // The list shows it, selected.
    assert!(matches!(h.m.notices.selected(), Some(Selected::Notice(n)) if n.id == 1));
}

#[test]
fn a_new_incident_is_opened_advanced_and_notified_in_one_send() {
    let mut h = Harness::wide(notice_desk());
    h.keys("nN");
    assert!(h.composer().is_new());
    h.keys("Virus outbreak on build hosts");
    h.tab(1);
    h.keys("vi"); // kind: virus outbreak
    h.tab(1);
    h.keys("1");
    h.tab(1);
    h.keys("ECS");
    h.tab(1);
    h.keys("cn-north-4");
    h.tab(1);
    h.keys("Isolate the hosts");
    h.tab(1);
    h.keys("+2h");
    h.ctrl('s');
    assert!(
        matches!(h.m.overlay, Some(Overlay::ConfirmSend { .. })),
        "{}",
        h.status()
    );
    h.key(KeyCode::Char('y'));
    let i = h.store.incident(2).unwrap();
    assert_eq!(i.kind, IncidentKind::VirusOutbreak);
    assert_eq!(i.state, IncidentState::Notified);
    assert_eq!(i.next_update_due, Some(notice_now() + Duration::hours(2)));
    assert!(
        h.status().starts_with("INC-2 opened; notice #1 queued"),
        "{}",
        h.status()
    );
}

#[test]
fn a_send_the_store_refuses_comes_back_with_nothing_lost() {
    let mut h = Harness::wide(notice_desk());
    h.env.render = std::sync::Arc::new(|_: &crate::notify::NoticeContext| {
        Err("template 'email_body' line 3: unknown filter".to_string())
    });
    h.keys("nN");
    h.keys("Backbone fault");
    h.tab(2);
    h.keys("2");
    h.tab(2);
    h.keys("cn-north-4");
    h.tab(1);
    h.keys("Fail over to cn-east-3");
    h.ctrl('s');
    h.key(KeyCode::Char('y'));
    let c = h.composer();
    assert_eq!(c.title.value(), "Backbone fault");
    assert!(
        c.refused.as_deref().unwrap().contains("unknown filter"),
        "{:?}",
        c.refused
    );
    // Rendered before anything was written: no incident was opened.
    assert!(c.is_new());
    assert_eq!(h.store.incidents(true, 10).unwrap().len(), 1);
    assert!(h.store.notices(None, 10).unwrap().is_empty());
}

#[test]
fn drafts_are_offered_when_the_composer_opens_again() {
    let mut h = Harness::wide(notice_desk());
    h.keys("nN");
    h.keys("Half-written");
    h.key(KeyCode::Esc);
    assert!(matches!(h.m.screen, Screen::Notices));
    assert_eq!(h.status(), "closed; the draft is kept: N offers it again");
    h.keys("N");
    let pick = match &h.m.overlay {
        Some(Overlay::PickDraft(p)) => p.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(pick.choices.len(), 2);
    assert!(pick.choices[1].1.contains("Half-written"), "{pick:?}");
    // Enter resumes the draft (the cursor starts on it).
    h.key(KeyCode::Enter);
    assert_eq!(h.composer().title.value(), "Half-written");
    let id = h.composer().draft.id;
    assert_eq!(id, Some(h.store.drafts().unwrap()[0].id));
    // Discarding asks, then deletes it.
    h.ctrl('d');
    assert_eq!(h.m.overlay, Some(Overlay::ConfirmDiscard));
    h.key(KeyCode::Char('y'));
    assert!(matches!(h.m.screen, Screen::Notices));
    assert!(h.store.drafts().unwrap().is_empty());
    // A draft about INC-1 is not offered for a new incident.
    h.keys("c");
    h.key(KeyCode::End);
    h.keys("!");
    h.key(KeyCode::Esc);
    h.keys("N");
    assert!(
        matches!(h.m.screen, Screen::Composer(_)),
        "{:?}",
        h.m.overlay
    );
}

#[test]
fn choices_cycle_with_arrows_and_toggles_with_space() {
    let mut h = Harness::wide(notice_desk());
    h.compose_first();
    h.tab(1); // level
    h.key(KeyCode::Right);
    assert_eq!(h.composer().level.index, 1);
    h.key(KeyCode::Left);
    h.key(KeyCode::Left);
    assert_eq!(h.composer().level.index, 3);
    h.tab(6); // channels
    assert_eq!(h.composer().focus, ComposerFocus::Field(FieldId::Channels));
    h.key(KeyCode::Right);
    h.key(KeyCode::Right);
    h.key(KeyCode::Char(' '));
    assert_eq!(
        h.composer().channel_values(),
        [Channel::Email, Channel::Chat, Channel::Sms]
    );
    // Letters switch a channel directly.
    h.keys("e");
    assert_eq!(h.composer().channel_values(), [Channel::Chat, Channel::Sms]);
    // In a text field, Space and arrows are typing.
    h.tab(1);
    h.keys(" a");
    h.key(KeyCode::Left);
    h.keys("b");
    assert_eq!(h.composer().message.value(), " ba");
}

#[test]
fn nothing_typed_anywhere_in_the_composer_panics() {
    let odd = [
        "+2é",
        "+分",
        "+9999999999999999d",
        "9999-12-31T23:59:59Z",
        "0000-01-01 00:00",
        "\u{1b}[2J",
        "\u{202e}",
        "ECS,,,rds ,",
        "L4",
        "🦀🦀",
        " ",
        "\t",
    ];
    for new in ['N', 'C'] {
        let mut h = Harness::wide(notice_desk());
        h.keys("n");
        h.key(KeyCode::Char(new));
        for _ in 0..14 {
            for text in odd {
                for c in text.chars() {
                    h.key(KeyCode::Char(c));
                }
                h.key(KeyCode::Left);
                h.key(KeyCode::Char(' '));
                h.key(KeyCode::Backspace);
            }
            let fx = update(&mut h.m, Msg::Tick(notice_now() + Duration::hours(1)));
            h.run(fx);
            // Drawn wide and narrow as it stands.
            for (w, ht) in [(160, 40), (60, 12)] {
                h.m.width = w;
                h.m.height = ht;
                let backend = ratatui::backend::TestBackend::new(w, ht);
                let mut t = ratatui::Terminal::new(backend).unwrap();
                t.draw(|f| crate::ui::draw(f, &h.m, &crate::ui::Theme::new(true)))
                    .unwrap();
            }
            h.ctrl('s');
            if h.m.overlay.is_some() {
                h.key(KeyCode::Char('n'));
            }
            h.key(KeyCode::Tab);
        }
        assert!(matches!(h.m.screen, Screen::Composer(_)));
    }
}

#[test]
fn page_keys_on_a_narrow_composer_scroll_the_preview_only_when_it_shows() {
    let mut h = Harness::wide(notice_desk());
    (h.m.width, h.m.height) = (80, 24);
    h.compose_first();
    h.fill_incident();
    h.key(KeyCode::PageDown);
    assert_eq!(h.composer().preview.scroll, 0);
    assert_eq!(
        h.status(),
        "the preview is a tab of its own here: Tab to it, then PgDn scrolls it"
    );
    while h.composer().focus != ComposerFocus::Preview {
        h.key(KeyCode::Tab);
    }
    h.key(KeyCode::PageDown);
    assert_eq!(h.composer().preview.scroll, 5);
    h.key(KeyCode::PageUp);
    assert_eq!(h.composer().preview.scroll, 0);
    // Side by side, the preview is always in sight: the keys scroll it.
    (h.m.width, h.m.height) = (160, 40);
    h.key(KeyCode::BackTab);
    h.key(KeyCode::PageDown);
    assert_eq!(h.composer().preview.scroll, 5);
}
