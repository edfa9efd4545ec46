//! The board over rows another tool wrote: a title that is not UTF-8 shows
//! inert and the board loads; a read that fails keeps the last good
//! counts marked stale under a red banner, never zeros.

use chrono::Duration;

use sredesk::app::{Effect, Msg, update};
use sredesk::store::Store;

use super::{Screen, assert_screen, desk_on};

/// The usual desk in a file (so a test can write to it as another tool),
/// and that file.
fn file_desk() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let store = desk_on(Store::open(&path).unwrap());
    (dir, path, store)
}

fn raw(path: &std::path::Path, sql: &str) {
    let conn = crate::common::raw_connection(path).unwrap();
    assert_eq!(conn.execute(sql, []).unwrap(), 1, "{sql}");
}

/// The header's counts line.
fn counts_line(text: &str) -> &str {
    text.lines().nth(1).unwrap()
}

#[test]
fn a_title_that_is_not_utf8_shows_as_replacement_and_the_board_loads() {
    let (_dir, path, store) = file_desk();
    raw(
        &path,
        "UPDATE escalations SET title = CAST(x'4469736b2066756c6cff21' AS TEXT) WHERE id = 1",
    );
    let s = Screen::new(store, 120, 16);
    let text = s.render();
    assert!(text.contains("Disk full\u{fffd}!"), "{text}");
    assert!(!text.contains("Cannot read"), "{text}");
    assert!(counts_line(&text).contains(" 7 open"), "{text}");
    assert_screen!(text);
}

#[test]
fn a_refresh_that_fails_keeps_the_last_counts_marked_stale_under_a_banner() {
    let (_dir, path, store) = file_desk();
    let mut s = Screen::new(store, 120, 16);
    let good = s.render();
    assert!(counts_line(&good).contains(" 7 open"), "{good}");
    // The first look at the store's version is the baseline.
    let start = s.m.now;
    let fx = update(&mut s.m, Msg::Tick(start));
    s.run(fx);
    s.run(vec![Effect::PollStore]);

    // Another tool leaves a time no sredesk wrote; two minutes later the
    // dashboard sees the change and reads again.
    raw(
        &path,
        "UPDATE escalations SET deadline = 'soon' WHERE id = 2",
    );
    let later = s.m.now + Duration::minutes(2);
    s.clock.set(later);
    let fx = update(&mut s.m, Msg::Tick(later));
    s.run(fx);
    // The store thread's own look at the store's version.
    s.run(vec![Effect::PollStore]);
    let text = s.render();
    let counts = counts_line(&text);
    assert!(counts.contains("stale 2m"), "{text}");
    assert!(counts.contains(" 7 open"), "the last good counts: {text}");
    assert!(!counts.contains(" 0 open"), "{text}");
    assert!(
        text.contains(
            "✖ Cannot read the board (shown as read 2m ago, retrying every second): the store \
             holds a value this build cannot read"
        ),
        "{text}"
    );
    assert_screen!(text);

    // Mended: the next read clears the banner and the mark.
    raw(
        &path,
        "UPDATE escalations SET deadline = reported_at + 900 WHERE id = 2",
    );
    let fx = update(&mut s.m, Msg::Tick(later + Duration::seconds(1)));
    s.run(fx);
    let text = s.render();
    assert!(!text.contains("Cannot read"), "{text}");
    assert!(!text.contains("stale"), "{text}");
}
