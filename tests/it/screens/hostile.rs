//! Control characters and bidi overrides in stored text reach every
//! screen inert: escalations on the board and in detail, requirements on
//! the pipeline, incidents on the board and the notices screens.

use crossterm::event::KeyCode;

use sredesk::domain::Severity;
use sredesk::store::Store;

use super::pipeline::{day, pipeline_desk, requirement};
use super::{Screen, actor, add, assert_screen, at, desk_on};

#[test]
fn hostile_text_is_inert() {
    // sredesk refuses escapes where text is typed; a store another tool
    // wrote to may still hold them, so they are written the way it would.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = desk_on(Store::open(&path).unwrap());
    let id = add(
        &mut store,
        "Jade River Bank",
        "X-RED",
        Severity::S1,
        at(9, 58),
        "plain",
    );
    let title = "\u{1b}[2J\u{1b}]0;pwned\u{7} wipe \u{9b}1m \u{202e}txet";
    crate::common::raw_connection(&path)
        .unwrap()
        .execute(
            "UPDATE escalations SET ticket_no = ?1, title = ?2, description = ?3,
                 assignee = ?4 WHERE id = ?5",
            rusqlite::params![
                "X\u{1b}[31mRED",
                title,
                format!("{title}.\nCustomer sent the ticket number to the chat group."),
                "eve\u{1b}[5m",
                id
            ],
        )
        .unwrap();
    // Narrower than side by side: the whole width goes to the board.
    let mut s = Screen::new(store, 140, 24);
    let board = s.render();
    for raw in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}'] {
        assert!(!board.contains(raw), "raw {raw:?} reached the screen");
    }
    assert!(board.contains("\\x1b[2J\\x1b]0;pwned\\x07 wipe \\x9b1m \\u{202e}txet"));
    assert_screen!("hostile_board", board);
    // The detail view shows the description line by line, also inert.
    s.keys("g").key(KeyCode::Enter);
    let detail = s.render();
    assert!(!detail.contains('\u{1b}'));
    assert_screen!("hostile_detail", detail);
}

#[test]
fn hostile_requirement_text_is_inert() {
    let mut store = pipeline_desk();
    let id = requirement(
        &mut store,
        "Kestrel Games",
        "\u{1b}[2J\u{1b}]0;pwned\u{7} wipe \u{202e}txet",
        &[day(22, 8)],
    );
    let mut s = Screen::new(store, 160, 40);
    s.keys("p");
    let board = s.render();
    s.keys("jjj").key(KeyCode::Enter);
    let detail = s.render();
    for text in [&board, &detail] {
        for raw in ['\u{1b}', '\u{7}', '\u{202e}'] {
            assert!(!text.contains(raw), "raw {raw:?} reached the screen");
        }
    }
    assert!(board.contains("\\x1b[2J\\x1b]0;pwned\\x…"), "{board}");
    assert!(
        detail.contains(&format!("#{id}"))
            && detail.contains("\\x1b[2J\\x1b]0;pwned\\x07 wipe \\u{202e}txet"),
        "{detail}"
    );
}

#[test]
fn hostile_notice_text_is_inert() {
    // The store refuses control characters in titles; one written by
    // another tool (or an older build) must still reach the screen inert.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let mut store = Store::open(&path).unwrap();
    store
        .add_incident(
            &sredesk::domain::incident::NewIncident {
                title: "placeholder".into(),
                kind: sredesk::domain::incident::IncidentKind::HackerAttack,
                level: None,
                services: vec![],
                regions: vec![],
                guidance: String::new(),
                next_update_due: Some(at(11, 0)),
            },
            actor(at(9, 0)),
        )
        .unwrap();
    crate::common::raw_connection(&path)
        .unwrap()
        .execute(
            "UPDATE incidents SET title = ?1",
            ["evil\u{1b}[2J \u{202e}title"],
        )
        .unwrap();
    let mut s = Screen::new(store, 160, 40);
    let inert = "evil\\x1b[2J \\u{202e}title";
    assert!(s.render().contains(inert), "{}", s.render());
    s.keys("n");
    assert!(s.render().contains(inert), "{}", s.render());
    s.keys("c");
    assert!(s.render().contains(inert), "{}", s.render());
}
