//! Alarms in a real terminal: a new S1 rings on opening and lights its
//! row; a breach written by a script while the board is open rings once
//! and reaches the status bar; the tmux pane title carries the counts
//! (OSC 2), and `z` snoozes with the store keeping it.

use super::*;

fn pane(t: &Tmux, format: &str) -> String {
    let out = t.tmux(&["display-message", "-p", "-t", "t", format]);
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

fn add(db: &Path, no: &str, title: &str, reported: chrono::DateTime<chrono::Utc>) {
    add_ticket(
        db,
        "S1",
        "general",
        no,
        title,
        &["--reported-at", &reported.to_rfc3339()],
    );
}

#[test]
fn a_new_s1_and_a_breach_ring_and_the_title_counts_them() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    subscribed_customer(&db, "Cape Health");
    add(&db, "NEW-1", "RDS primary unreachable", chrono::Utc::now());
    let t = Tmux::new("alarms");
    t.run_with("TERM_PROGRAM=iTerm.app", &format!("--db {}", db.display()));
    let screen = t.wait_for("the arrival", |s| {
        s.contains("● NEW-1 new (Cape Health, S1)")
    });
    assert!(screen.contains("● RDS primary unreachable"), "{screen}");
    let deadline = Instant::now() + Duration::from_secs(15);
    while pane(&t, "#{pane_title}") != "sredesk ✖0 ‼0 · desk.db" {
        assert!(
            Instant::now() < deadline,
            "title: {}",
            pane(&t, "#{pane_title}")
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // Another engineer's script records one already 20 minutes old.
    add(
        &db,
        "LATE-1",
        "ELB down in cn-north-4",
        chrono::Utc::now() - chrono::Duration::minutes(20),
    );
    t.wait_for("the breach", |s| {
        s.contains("✖ LATE-1 breached (Cape Health, S1)")
    });
    while pane(&t, "#{pane_title}") != "sredesk ✖1 ‼0 · desk.db" {
        assert!(
            Instant::now() < deadline,
            "title: {}",
            pane(&t, "#{pane_title}")
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    // The breached one sorts to the top: go there and snooze it.
    t.keys(&["g"]);
    t.wait_for("the cursor on it", |s| {
        s.lines()
            .any(|l| l.starts_with('▶') && l.contains("LATE-1"))
    });
    t.keys(&["z"]);
    t.wait_for("the snooze dialog", |s| {
        s.contains("Hold back (30m, 2h, or off to end it)")
    });
    t.keys(&["C-s"]);
    let screen = t.wait_for("the snooze", |s| s.contains("alarms snoozed for 30m00s"));
    assert!(screen.contains("LATE-1 (#2) alarms snoozed"), "{screen}");
    let out = cli(&db, &["ticket", "show", "2", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["snoozed_until"].is_string(), "{v}");
    t.keys(&["q"]);
    t.wait_for("the exit", |s| s.contains("EXIT=0"));
}
