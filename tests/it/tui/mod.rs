//! The real dashboard in a real terminal: the binary runs inside tmux, keys
//! are typed with send-keys and the screen is read with capture-pane. This
//! covers what the TestBackend snapshots cannot: the event loop, the store
//! thread, change detection across processes and giving the terminal back.
//!
//! Needs tmux (`.ci/run` installs it). Without it these tests say so and
//! pass, so `cargo test` still works on a machine with only Rust.

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

mod alarms;
mod board;
mod filter;
mod handover;
mod history;
mod intake;
mod notices;
mod pause;
mod pg_board;
mod pipeline;
mod sort;
mod terminal;
mod trends;

const BIN: &str = env!("CARGO_BIN_EXE_sredesk");

fn have_tmux() -> bool {
    let found = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("SKIPPED: tmux is not installed; .ci/run installs it to run these tests");
    }
    found
}

/// A private tmux server with one 120x30 window, killed on drop.
struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
}

impl Tmux {
    fn new(name: &str) -> Tmux {
        Tmux {
            socket: format!("sredesk-{name}-{}", std::process::id()),
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// Runs `args` of sredesk in the window, in a clean environment whose
    /// data, config and state directories are private to the test.
    fn run(&self, args: &str) {
        self.run_with("", args);
    }

    /// As `run`, with `env` ("NAME=value ...") added to the environment.
    fn run_with(&self, env: &str, args: &str) {
        let d = self.dir.path().display();
        // The shell line keeps the pane after the program ends, with its
        // exit code, so the test can look at what was left behind.
        let line = format!(
            "env -u SREDESK_CONFIG -u SREDESK_DB -u NO_COLOR -u SREDESK_LOG -u SREDESK_LOG_FILE \
             XDG_DATA_HOME={d}/data XDG_CONFIG_HOME={d}/config XDG_STATE_HOME={d}/state \
             SREDESK_ENGINEER=tess TERM=xterm-256color {env} \
             {BIN} {args}; echo EXIT=$?; sleep 30"
        );
        self.tmux(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            "120",
            "-y",
            "30",
            &line,
        ]);
    }

    fn tmux(&self, args: &[&str]) -> Output {
        let out = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "t"]).stdout).into_owned()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "t"];
        args.extend(keys);
        self.tmux(&args);
    }

    /// Waits (up to 15 s) for the screen to satisfy `ready`: the program
    /// answers asynchronously, so the test waits for what it shows, not for
    /// a fixed time.
    fn wait_for(&self, what: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let screen = self.screen();
            if ready(&screen) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A tmux format of the pane, e.g. `#{mouse_any_flag}`: whether the
    /// program asked the terminal for mouse reports.
    fn pane_flag(&self, format: &str) -> String {
        let out = self.tmux(&["display-message", "-p", "-t", "t", format]);
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// What a terminal sends for a left click at 0-based `x`, `y` (the SGR
    /// mouse report: 1-based, `M` for the press), or for the wheel.
    fn click(&self, x: u16, y: u16) {
        self.mouse(0, x, y);
    }

    fn mouse(&self, button: u8, x: u16, y: u16) {
        let report = format!("\x1b[<{button};{};{}M", x + 1, y + 1);
        self.tmux(&["send-keys", "-t", "t", "-l", &report]);
    }

    fn alternate_screen_on(&self) -> bool {
        let out = self.tmux(&["display-message", "-p", "-t", "t", "#{alternate_on}"]);
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn cli(db: &Path, args: &[&str]) -> Output {
    cli_on(db.as_os_str(), &db.with_file_name("state"), args)
}

/// sredesk on the desk `desk` (a file, or a server's URL) as a script
/// runs it, its log under `state`; must succeed.
fn cli_on(desk: &std::ffi::OsStr, state: &Path, args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .env("SREDESK_DB", desk)
        .env("SREDESK_ENGINEER", "script")
        .env_remove("SREDESK_CONFIG")
        .env("XDG_STATE_HOME", state)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Records one of Cape Health's escalations through the CLI, with
/// `extra` flags (`--reported-at …`).
fn add_ticket(db: &Path, severity: &str, kind: &str, no: &str, title: &str, extra: &[&str]) {
    add_ticket_by(|a| cli(db, a), [severity, kind, no, title], extra);
}

/// As `add_ticket`, through `run` (the CLI on any desk): severity, kind,
/// ticket number and title, then `extra`.
fn add_ticket_by(
    run: impl Fn(&[&str]) -> Output,
    [severity, kind, no, title]: [&str; 4],
    extra: &[&str],
) {
    let mut args = vec![
        "ticket",
        "add",
        "--customer",
        "Cape Health",
        "--severity",
        severity,
        "--kind",
        kind,
        "--ticket-no",
        no,
        "--title",
        title,
    ];
    args.extend_from_slice(extra);
    run(&args);
}

/// A dashboard open on a store holding one S3 of Cape Health's,
/// `ticket_no` titled `title`, once the board shows it. The directory
/// holds the store for as long as the test keeps it.
fn board_with_one(
    name: &str,
    ticket_no: &str,
    title: &str,
) -> (tempfile::TempDir, std::path::PathBuf, Tmux) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    subscribed_customer(&db, "Cape Health");
    add_ticket(&db, "S3", "general", ticket_no, title, &[]);
    let t = Tmux::new(name);
    t.run(&format!("--db {}", db.display()));
    t.wait_for("the board", |s| s.contains(title));
    (dir, db, t)
}

/// A local customer with a subscription that covers today: these tests
/// run on the real clock.
fn subscribed_customer(db: &Path, name: &str) {
    subscribed_by(|args| cli(db, args), name);
}

/// The same through `run`, a command on any desk.
fn subscribed_by(run: impl Fn(&[&str]) -> Output, name: &str) {
    run(&["customer", "add", "--name", name, "--kind", "local"]);
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    let start = (today - chrono::Days::new(20)).to_string();
    let applied = (today - chrono::Days::new(27)).to_string();
    run(&[
        "subscription",
        "add",
        "--customer",
        name,
        "--applied-on",
        &applied,
        "--start",
        &start,
        "--months",
        "3",
    ]);
}
