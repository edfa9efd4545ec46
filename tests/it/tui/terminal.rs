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

/// The dashboard's pid under the pane's shell.
fn dashboard_pid(t: &Tmux) -> String {
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
    pid
}

/// Sends `signal` to the open dashboard from outside: it ends as on quit
/// and the terminal is given back.
fn signal_gives_the_terminal_back(signal: &str) {
    if !have_tmux() {
        return;
    }
    let t = Tmux::new(&format!("sig{}", signal.to_lowercase()));
    let db = t.dir.path().join("desk.db");
    // The dashboard opens a store that exists: the first customer makes it.
    cli(
        &db,
        &["customer", "add", "--name", "Acme", "--kind", "local"],
    );
    t.run(&format!("--db {}", db.display()));
    t.wait_for("the board", |s| s.contains("No open escalations"));
    assert!(t.alternate_screen_on());
    let pid = dashboard_pid(&t);
    Command::new("kill")
        .args([&format!("-{signal}"), pid.as_str()])
        .status()
        .unwrap();
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{signal}: {after}");
    assert!(
        !t.alternate_screen_on(),
        "{signal} left the alternate screen on"
    );
}

#[test]
fn sigterm_gives_the_terminal_back() {
    signal_gives_the_terminal_back("TERM");
}

#[test]
fn sigint_and_sigquit_from_outside_give_the_terminal_back() {
    signal_gives_the_terminal_back("INT");
    signal_gives_the_terminal_back("QUIT");
}

#[test]
fn the_log_goes_to_its_file_never_to_the_screen() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::new("log");
    let db = t.dir.path().join("desk.db");
    cli(
        &db,
        &["customer", "add", "--name", "Acme", "--kind", "local"],
    );
    t.run_with("SREDESK_LOG=info", &format!("--db {}", db.display()));
    let screen = t.wait_for("the board", |s| s.contains("No open escalations"));
    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
    for text in [&screen, &after] {
        assert!(
            !text.contains("INFO") && !text.contains("dashboard opened"),
            "{text}"
        );
    }
    let log = std::fs::read_to_string(t.dir.path().join("state/sredesk/sredesk.log"))
        .expect("the log in the state directory");
    assert!(log.contains("dashboard opened on"), "{log}");
    assert!(log.contains("dashboard closed"), "{log}");
}
