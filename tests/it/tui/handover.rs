//! `H` in a real terminal: the handover of the last 8 hours, `t` for the
//! last 12, Esc back to the board.

use super::*;

#[test]
fn h_shows_the_shift_and_t_widens_it() {
    if !have_tmux() {
        return;
    }
    let (_dir, _db, t) = board_with_one("handover", "SHIFT-1", "CCE node NotReady");
    t.keys(&["H"]);
    let screen = t.wait_for("the handover", |s| s.contains("Came in (1)"));
    assert!(screen.contains("Handover: the last 8 hours"), "{screen}");
    assert!(
        screen.contains("SHIFT-1 S3 Cape Health — CCE node NotReady"),
        "{screen}"
    );
    t.keys(&["t"]);
    t.wait_for("twelve hours", |s| {
        s.contains("Handover: the last 12 hours")
    });
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(100));
    t.wait_for("the board again", |s| {
        s.contains("CLOCK") && !s.contains("Handover")
    });
    t.keys(&["q"]);
    t.wait_for("the exit", |s| s.contains("EXIT=0"));
}
