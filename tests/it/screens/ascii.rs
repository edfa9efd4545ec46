//! The ASCII glyph set (`[ui] glyphs = "ascii"`, or TERM=linux/dumb):
//! every screen over ASCII data draws nothing outside ASCII, borders
//! included, and the board, detail and notices are snapshotted in it.

use crossterm::event::KeyCode;

use sredesk::ui::Theme;

use super::notices::open_notices;
use super::pipeline::pipeline;
use super::{Screen, assert_screen, desk};

fn ascii_text(s: &Screen) -> String {
    let buf = s.render_with(&Theme::new(true).with_ascii(true));
    let mut out = String::new();
    for y in 0..buf.area.height {
        out.push('"');
        for x in 0..buf.area.width {
            out.push_str(buf[(x, y)].symbol());
        }
        out.push_str("\"\n");
    }
    out
}

fn assert_ascii(what: &str, s: &Screen) {
    let text = ascii_text(s);
    let stray: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
    assert!(stray.is_empty(), "{what}: {stray:?}\n{text}");
}

#[test]
fn board_in_ascii() {
    let s = Screen::new(desk(), 120, 24);
    let text = ascii_text(&s);
    // The marks keep apart what they tell apart.
    assert!(
        text.contains(">X -15m00s") && text.contains(" # 5m00s"),
        "{text}"
    );
    assert_screen!(text);
}

#[test]
fn detail_in_ascii() {
    let mut s = Screen::new(desk(), 100, 30);
    s.key(KeyCode::Enter);
    assert_screen!(ascii_text(&s));
}

#[test]
fn notices_in_ascii() {
    let s = open_notices(120, 30);
    assert_screen!(ascii_text(&s));
}

#[test]
fn no_screen_draws_outside_ascii() {
    for (what, keys) in [
        ("board", ""),
        ("quotas", "\t"),
        ("detail", "\n"),
        ("customer", "c"),
        ("handover", "H"),
        ("trends", "T"),
        ("help", "?"),
        ("severity picker", "s"),
        ("views", "v"),
        ("command line", ":se"),
        ("filter", "/sev:S1"),
        ("intake", "+"),
    ] {
        for (w, h) in [(80, 24), (160, 48)] {
            let mut s = Screen::new(desk(), w, h);
            for c in keys.chars() {
                s.key(match c {
                    '\t' => KeyCode::Tab,
                    '\n' => KeyCode::Enter,
                    c => KeyCode::Char(c),
                });
            }
            assert_ascii(&format!("{what} at {w}x{h}"), &s);
        }
    }
    for (w, h) in [(80, 24), (160, 48)] {
        let mut s = pipeline(w, h);
        assert_ascii("pipeline", &s);
        s.key(KeyCode::Enter);
        assert_ascii("requirement", &s);
        let mut s = open_notices(w, h);
        assert_ascii("notices", &s);
        s.keys("?");
        assert_ascii("notices help", &s);
        let mut s = open_notices(w, h);
        s.keys("G").key(KeyCode::Enter);
        assert_ascii("ledger", &s);
        let mut s = open_notices(w, h);
        s.keys("N");
        assert_ascii("composer", &s);
    }
}
