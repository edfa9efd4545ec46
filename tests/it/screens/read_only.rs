//! The dashboard on a read-only store: the header says READ-ONLY, and
//! every write key (board, pipeline, notices) says "read-only: …" in the
//! status bar, opens nothing and changes nothing in the file.

use crossterm::event::KeyCode;

use sredesk::app::keymap::{self, BINDINGS};
use sredesk::app::{Model, initial_effects};
use sredesk::store::{Opening, Store};

use super::{Screen, assert_screen, desk_on, now};

fn read_only_screen() -> (tempfile::TempDir, std::path::PathBuf, Screen) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    drop(desk_on(Store::open(&path).unwrap()));
    let how = Opening {
        read_only: true,
        ..Opening::default()
    };
    let store = Store::open_with(&path, how).unwrap();
    let mut m = Model::new("alice", "desk.db", now());
    m.width = 120;
    m.height = 16;
    m.read_only = store.is_read_only();
    let mut s = Screen::with_model(m, store);
    let fx = initial_effects(&mut s.m);
    s.run(fx);
    (dir, path, s)
}

#[test]
fn every_write_key_on_the_board_and_notices_is_refused_and_the_file_unchanged() {
    let (_dir, path, mut s) = read_only_screen();
    let before = std::fs::read(&path).unwrap();
    let mut tried = 0;
    // Each screen's scope, and the keys that go there from the last one.
    let screens = [
        (keymap::BOARD, ""),
        (keymap::PIPELINE, "p"),
        (keymap::NOTICES, "pn"),
    ];
    for (scope, to_screen) in screens {
        s.keys(to_screen);
        let writes = BINDINGS
            .iter()
            .filter(|b| b.scope & scope != 0 && !b.ctrl && b.action.writes());
        for b in writes {
            for code in b.keys {
                s.m.status = None;
                s.key(*code);
                let status = s.m.status.as_ref().map(|st| st.text.clone());
                let status = status.unwrap_or_default();
                assert!(status.starts_with("read-only: "), "{code:?}: {status:?}");
                assert!(s.m.overlay.is_none(), "{code:?} opened a dialog");
                tried += 1;
            }
        }
    }
    // The board's 14, the pipeline's 3 and the notices screen's 5, today.
    assert!(tried >= 22, "only {tried} keys");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn the_header_says_read_only_and_the_status_bar_why_a_key_did_nothing() {
    let (_dir, _path, mut s) = read_only_screen();
    s.key(KeyCode::Char('a'));
    let text = s.render();
    assert!(text.lines().next().unwrap().contains("READ-ONLY"), "{text}");
    assert!(text.contains("read-only: a (acknowledge"), "{text}");
    assert_screen!(text);
}
