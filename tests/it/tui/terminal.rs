//! The terminal given back: a bad config is reported before it is taken,
//! and SIGTERM restores it.

use super::*;

#[test]
fn a_bad_config_is_reported_before_the_terminal_is_taken() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("bad.toml");
    std::fs::write(&config, "[ui]\ncolour = true\n").unwrap();
    let t = Tmux::new("badcfg");
    t.run(&format!(
        "--db {} --config {}",
        dir.path().join("s.db").display(),
        config.display()
    ));
    let screen = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(screen.contains("EXIT=1"), "{screen}");
    assert!(screen.contains("unknown field `colour`"), "{screen}");
    assert!(!t.alternate_screen_on());
}

#[test]
fn sigterm_gives_the_terminal_back() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::new("term");
    let db = t.dir.path().join("desk.db");
    t.run(&format!("--db {}", db.display()));
    t.wait_for("the board", |s| s.contains("No open escalations"));
    assert!(t.alternate_screen_on());
    let pid = t.tmux(&["display-message", "-p", "-t", "t", "#{pane_pid}"]);
    let shell = String::from_utf8_lossy(&pid.stdout).trim().to_string();
    // The pane runs a shell; sredesk is its child.
    let child = Command::new("pgrep")
        .args(["-P", &shell, "-f", BIN])
        .output()
        .unwrap();
    let pid = String::from_utf8_lossy(&child.stdout).trim().to_string();
    assert!(
        !pid.is_empty(),
        "sredesk not found under pane shell {shell}"
    );
    Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
    assert!(!t.alternate_screen_on(), "left the alternate screen on");
}
