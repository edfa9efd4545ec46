//! The terminal given back: a bad config is reported before it is taken,
//! every terminating signal restores it (cooked mode, the main screen)
//! with the shell's exit code, and SIGTSTP suspends and resumes properly.

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

/// The pane's terminal modes as `stty -a` reports them, one word each:
/// `icanon` in cooked mode, `-icanon` in raw mode.
fn tty_modes(t: &Tmux) -> Vec<String> {
    let tty = t.tmux(&["display-message", "-p", "-t", "t", "#{pane_tty}"]);
    let tty = String::from_utf8_lossy(&tty.stdout).trim().to_string();
    let out = Command::new("stty")
        .args(["-a", "-F", &tty])
        .output()
        .unwrap();
    assert!(out.status.success(), "stty -F {tty}: {out:?}");
    String::from_utf8_lossy(&out.stdout)
        .split(|c: char| c.is_whitespace() || c == ';')
        .map(String::from)
        .collect()
}

fn cooked(t: &Tmux) -> bool {
    let modes = tty_modes(t);
    modes.iter().any(|m| m == "icanon") && modes.iter().any(|m| m == "echo")
}

/// The open dashboard in a pane, on a store with one customer.
fn open_board(name: &str) -> Tmux {
    let t = Tmux::new(name);
    let db = t.dir.path().join("desk.db");
    // The dashboard opens a store that exists: the first customer makes it.
    cli(
        &db,
        &["customer", "add", "--name", "Acme", "--kind", "local"],
    );
    t.run(&format!("--db {}", db.display()));
    t.wait_for("the board", |s| s.contains("No open escalations"));
    assert!(t.alternate_screen_on());
    assert!(!cooked(&t), "the dashboard runs in raw mode");
    t
}

fn kill(signal: &str, pid: &str) {
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), pid])
        .status()
        .unwrap();
    assert!(sent.success());
}

/// Sends `signal` to the open dashboard from outside: it ends as on quit,
/// the terminal is given back in cooked mode, and the exit code is the
/// shell's for that signal.
fn signal_gives_the_terminal_back(signal: &str, code: u8) {
    if !have_tmux() {
        return;
    }
    let t = open_board(&format!("sig{}", signal.to_lowercase()));
    kill(signal, &dashboard_pid(&t));
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains(&format!("EXIT={code}")), "{signal}: {after}");
    assert!(
        !t.alternate_screen_on(),
        "{signal} left the alternate screen on"
    );
    assert!(
        cooked(&t),
        "{signal} left the terminal raw: {:?}",
        tty_modes(&t)
    );
}

#[test]
fn sigterm_gives_the_terminal_back() {
    signal_gives_the_terminal_back("TERM", 143);
}

#[test]
fn sigint_and_sigquit_from_outside_give_the_terminal_back() {
    signal_gives_the_terminal_back("INT", 130);
    signal_gives_the_terminal_back("QUIT", 131);
    signal_gives_the_terminal_back("HUP", 129);
}

/// SIGTSTP: the terminal given back and the process stopped; SIGCONT: raw
/// mode, the alternate screen and the board drawn again.
#[test]
fn sigtstp_suspends_and_sigcont_resumes_with_a_redraw() {
    if !have_tmux() {
        return;
    }
    let t = open_board("sigtstp");
    let pid = dashboard_pid(&t);
    // From outside, then Ctrl-Z at the keyboard (a key in raw mode).
    let from_outside = || kill("TSTP", &pid);
    let typed = || t.keys(&["C-z"]);
    for suspend in [&from_outside as &dyn Fn(), &typed] {
        suspend();
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        while t.alternate_screen_on() {
            assert!(std::time::Instant::now() < deadline, "never suspended");
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert!(cooked(&t), "suspended in raw mode: {:?}", tty_modes(&t));
        let state = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
        let state = state.rsplit(')').next().unwrap_or_default().trim_start();
        assert!(state.starts_with('T'), "the process is stopped: {state}");
        kill("CONT", &pid);
        t.wait_for("the board again", |s| s.contains("No open escalations"));
        assert!(t.alternate_screen_on());
        assert!(!cooked(&t), "raw mode again after SIGCONT");
    }
    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
    assert!(cooked(&t));
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

/// A long demo shows how far it has got on a terminal, one line rewritten
/// in place and cleared before it says where the store is (piped, it says
/// nothing: see cli::conventions).
#[test]
fn the_demo_shows_its_progress_on_a_terminal() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::new("demoprog");
    let db = t.dir.path().join("big.db");
    t.run(&format!(
        "demo --no-open --tickets 60000 --customers 5 --db {}",
        db.display()
    ));
    let screen = t.wait_for("progress", |s| {
        s.contains("escalations written") || s.contains("EXIT=")
    });
    assert!(
        screen.contains("of 60,000 escalations written ("),
        "{screen}"
    );
    let screen = t.wait_for("the end", |s| s.contains("EXIT="));
    assert!(screen.contains("EXIT=0"), "{screen}");
    assert!(screen.contains("demo store ready"), "{screen}");
    assert!(
        !screen.contains("escalations written"),
        "not cleared:\n{screen}"
    );
}

/// The terminal itself goes away (an SSH session dropped, the window
/// closed): the dashboard gets SIGHUP with nothing left to write to, and
/// ends without a panic, its close logged. Saying the failed restore on
/// stderr, which is that terminal, used to panic.
#[test]
fn a_terminal_that_hangs_up_ends_the_dashboard_without_a_panic() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::new("hangup");
    let db = t.dir.path().join("desk.db");
    cli(
        &db,
        &["customer", "add", "--name", "Acme", "--kind", "local"],
    );
    t.run_with("SREDESK_LOG=info", &format!("--db {}", db.display()));
    t.wait_for("the board", |s| s.contains("No open escalations"));
    let pid = dashboard_pid(&t);
    t.tmux(&["kill-pane", "-t", "t"]);
    let deadline = Instant::now() + Duration::from_secs(15);
    // Polling another process, not waiting for time to pass.
    while Command::new("kill")
        .args(["-0", &pid])
        .status()
        .unwrap()
        .success()
    {
        assert!(Instant::now() < deadline, "sredesk {pid} still runs");
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = std::fs::read_to_string(t.dir.path().join("state/sredesk/sredesk.log"))
        .expect("the log in the state directory");
    assert!(!log.contains("panic"), "{log}");
    assert!(log.contains("dashboard closed"), "{log}");
}
