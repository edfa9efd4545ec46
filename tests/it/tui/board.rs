//! The board in a real terminal: triage by key, and a change made by
//! another process showing up without one.

use super::*;

#[test]
fn demo_board_triage_and_quit_restores_the_terminal() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::new("demo");
    let db = t.dir.path().join("demo.db");
    t.run(&format!("--db {} demo", db.display()));

    let board = t.wait_for("the board", |s| s.contains("open ·") && s.contains("1/"));
    assert!(board.contains("breached"), "{board}");
    assert!(t.alternate_screen_on());

    // Acknowledge the top escalation; the store says who did it.
    let (top_id, top_no, next_no) = {
        let out = cli(&db, &["ticket", "list", "--open", "--json", "--limit", "2"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let no = |i: usize| v[i]["ticket_no"].as_str().unwrap().to_string();
        (v[0]["id"].as_i64().unwrap(), no(0), no(1))
    };
    t.keys(&["a"]);
    // Waited for whole: the status comes before the board is read again,
    // and a capture may land between two lines' redraws. The cursor stays
    // at the top, on the next unanswered escalation.
    t.wait_for("the acknowledgement, the cursor resting", |s| {
        let selected = s.lines().find(|l| l.starts_with('▶')).unwrap_or("");
        s.contains(&format!("(#{top_id}) acknowledged"))
            && s.contains("assigned to tess")
            && selected.contains(&next_no)
            && !selected.contains(&top_no)
    });
    let shown = cli(&db, &["ticket", "show", &top_id.to_string(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(v["state"], "acknowledged");
    assert_eq!(
        v["history"].as_array().unwrap().last().unwrap()["engineer"],
        "tess"
    );

    // Help, then a filter that matches nothing, then quit.
    t.keys(&["?"]);
    t.wait_for("help", |s| s.contains("stops the SLA clock"));
    t.keys(&["Escape"]);
    t.wait_for("help closed", |s| !s.contains("stops the SLA clock"));
    t.keys(&["/"]);
    t.keys(&["zzzz"]);
    t.wait_for("no matches", |s| s.contains("No open escalation matches"));
    t.keys(&["Enter"]);
    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
    assert!(!t.alternate_screen_on(), "left the alternate screen on");
}

#[test]
fn changes_from_another_process_show_up_without_a_key() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    // Expert escalations use quota: the customer needs a subscription.
    subscribed_customer(&db, "Cape Health");
    let t = Tmux::new("live");
    t.run(&format!("--db {}", db.display()));
    t.wait_for("the empty board", |s| s.contains("No open escalations"));
    add_ticket(&db, "S1", "expert", "LIVE-1", "core database down", &[]);
    let screen = t.wait_for("the new escalation", |s| s.contains("core database down"));
    assert!(screen.contains("1 open"), "{screen}");
    // A change made by the dashboard is seen by scripts at once.
    t.keys(&["a"]);
    t.wait_for("the acknowledgement", |s| s.contains("(#1) acknowledged"));
    let shown = cli(&db, &["ticket", "show", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(v["state"], "acknowledged");
    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
    assert!(!t.alternate_screen_on());
}
