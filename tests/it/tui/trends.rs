//! `T` in a real terminal: the trends of the last 30 days, `f` to follow
//! one severity, `j` down to the next sections, a ticket added by another
//! process read again, `t` for 12 weeks and 12 months, Esc back.

use super::*;

#[test]
fn t_shows_the_trends_cycles_the_span_and_picks_a_severity() {
    if !have_tmux() {
        return;
    }
    let (_dir, db, t) = board_with_one("trends", "TREND-1", "ELB 5xx rising");
    t.keys(&["T"]);
    let screen = t.wait_for("the trends", |s| s.contains("Breaches per severity"));
    assert!(
        screen.contains("Trends: last 30 days by day, all severities · target 95%"),
        "{screen}"
    );
    assert!(
        screen.contains("Response SLA attainment, all severities"),
        "{screen}"
    );
    t.keys(&["f", "f", "f"]);
    t.wait_for("S3 picked", |s| s.contains("last 30 days by day, S3 ·"));
    t.keys(&["j"]);
    t.wait_for("the next sections", |s| {
        s.contains("Opened vs answered per day, S3: ⠉⠑ opened 1 ·")
    });
    // Another process writes: the screen reads its aggregates again.
    add_ticket(&db, "S3", "general", "TREND-2", "ELB 5xx again", &[]);
    t.wait_for("the new one counted", |s| {
        s.contains("Opened vs answered per day, S3: ⠉⠑ opened 2 ·")
    });
    t.keys(&["t"]);
    t.wait_for("twelve weeks", |s| {
        s.contains("Trends: last 12 weeks by week, S3")
    });
    t.keys(&["t"]);
    t.wait_for("twelve months", |s| {
        s.contains("Trends: last 12 months by month, S3")
    });
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(100));
    t.wait_for("the board again", |s| {
        s.contains("CLOCK") && !s.contains("Trends:")
    });
    t.keys(&["q"]);
    t.wait_for("the exit", |s| s.contains("EXIT=0"));
}
