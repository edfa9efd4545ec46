//! An escalation's detail view.

use crossterm::event::KeyCode;

use sredesk::app::{Msg, update};
use sredesk::clock::Clock;

use super::{Screen, assert_screen, desk};

#[test]
fn detail_with_history() {
    let mut s = Screen::new(desk(), 120, 30);
    s.keys("G").key(KeyCode::Enter);
    assert_screen!(s.render());
}

/// A long description is laid out once, not on every tick: the clock
/// moving redraws the countdown over the same wrapped body; a resize lays
/// it out again; the end of it can be scrolled to.
#[test]
fn a_long_description_is_wrapped_on_change_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.db");
    let store = super::desk_on(sredesk::store::Store::open(&path).unwrap());
    let long: String = (0..3000)
        .map(|i| {
            format!(
                "line {i}: the customer's log, long enough to wrap at eighty columns \
                          and more, then some more words to be sure of it\n"
            )
        })
        .collect();
    crate::common::raw_connection(&path)
        .unwrap()
        .execute("UPDATE escalations SET description = ?1", [&long])
        .unwrap();
    let mut s = Screen::new(store, 120, 30);
    s.keys("G").key(KeyCode::Enter);
    let body = |s: &Screen| match &s.m.screen {
        sredesk::app::Screen::Detail(d) => {
            let b = d.body.borrow();
            let b = b.as_ref().expect("laid out by the first draw");
            (
                b.lines.as_ptr() as usize,
                b.key.1,
                b.rows.iter().sum::<usize>(),
            )
        }
        _ => panic!("not on the detail"),
    };
    let first = s.render();
    let laid_out = body(&s);
    assert_eq!(laid_out.1, 120);
    assert!(laid_out.2 > 3000, "lines wrap: {laid_out:?}");
    // Ticks: the header's minute moves, the body is the same one.
    for _ in 0..3 {
        s.clock.advance(chrono::Duration::seconds(60));
        let fx = update(&mut s.m, Msg::Tick(s.clock.now()));
        s.run(fx);
        s.render();
        assert_eq!(body(&s), laid_out);
    }
    assert_ne!(s.render(), first, "the clock moved on screen");
    // Narrower: laid out again, at the new width.
    let fx = update(
        &mut s.m,
        Msg::Resize {
            width: 80,
            height: 30,
        },
    );
    s.run(fx);
    s.render();
    let narrow = body(&s);
    assert_eq!(narrow.1, 80);
    assert!(narrow.2 > laid_out.2, "more rows at 80 columns");
    // The end of the description can be reached.
    s.key(KeyCode::End);
    let end = s.render();
    assert!(end.contains("line 2999"), "{end}");
}
