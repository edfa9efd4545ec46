//! `F` in a real terminal: the history of every escalation, a search that
//! finds a closed one by its note, its detail opened with Enter, Esc back
//! to the same search, Esc again to the board.

use super::*;

#[test]
fn f_searches_the_history_and_opens_a_closed_ones_detail() {
    if !have_tmux() {
        return;
    }
    let (_dir, db, t) = board_with_one("history", "HIST-OPEN", "ELB 5xx rising");
    add_ticket(&db, "S2", "general", "HIST-GONE", "Gateway timeouts", &[]);
    cli(
        &db,
        &["ticket", "note", "2", "--text", "rolled back the WAF rule"],
    );
    for step in ["ack", "start"] {
        cli(&db, &["ticket", step, "2"]);
    }
    cli(
        &db,
        &["ticket", "resolve", "2", "--resolution", "rule reverted"],
    );
    cli(&db, &["ticket", "close", "2"]);
    t.wait_for("the closed one off the board", |s| {
        !s.contains("Gateway timeouts")
    });
    t.keys(&["F"]);
    t.wait_for("the history", |s| {
        s.contains("REPORTED (CST)") && s.contains("HIST-GONE") && s.contains("closed")
    });
    t.keys(&["w", "a", "f", " ", "r", "u", "l", "e"]);
    let screen = t.wait_for("the search", |s| {
        s.contains("Search: waf rule") && s.contains("HIST-GONE") && !s.contains("HIST-OPEN")
    });
    assert!(screen.contains("Gateway timeouts"), "{screen}");
    t.keys(&["Enter", "Enter"]);
    t.wait_for("the closed one's detail", |s| {
        s.contains("Gateway timeouts")
            && s.contains("rolled back the WAF rule")
            && s.contains("closed")
    });
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(500));
    t.wait_for("the same search", |s| {
        s.contains("Search: waf rule") && s.contains("HIST-GONE")
    });
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(500));
    t.wait_for("the board again", |s| {
        s.contains("CLOCK") && s.contains("ELB 5xx rising")
    });
    t.keys(&["q"]);
    t.wait_for("the exit", |s| s.contains("EXIT=0"));
}
