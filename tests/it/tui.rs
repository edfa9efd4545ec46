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
    /// data and config directories are private to the test.
    fn run(&self, args: &str) {
        let d = self.dir.path().display();
        // The shell line keeps the pane after the program ends, with its
        // exit code, so the test can look at what was left behind.
        let line = format!(
            "env -u SREDESK_CONFIG -u SREDESK_DB -u NO_COLOR XDG_DATA_HOME={d}/data \
             XDG_CONFIG_HOME={d}/config SREDESK_ENGINEER=tess TERM=xterm-256color \
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
    let out = Command::new(BIN)
        .args(args)
        .env("SREDESK_DB", db)
        .env("SREDESK_ENGINEER", "script")
        .env_remove("SREDESK_CONFIG")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

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
    let top_id = {
        let out = cli(&db, &["ticket", "list", "--open", "--json", "--limit", "1"]);
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v[0]["id"].as_i64().unwrap()
    };
    t.keys(&["a"]);
    let screen = t.wait_for("the acknowledgement", |s| {
        s.contains(&format!("#{top_id} acknowledged"))
    });
    assert!(screen.contains("assigned to tess"), "{screen}");
    let shown = cli(&db, &["ticket", "show", &top_id.to_string(), "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(v["state"], "acknowledged");
    assert_eq!(
        v["history"].as_array().unwrap().last().unwrap()["engineer"],
        "tess"
    );

    // Help, then a filter that matches nothing, then quit.
    t.keys(&["?"]);
    t.wait_for("help", |s| s.contains("this help"));
    t.keys(&["Escape"]);
    t.wait_for("help closed", |s| !s.contains("this help"));
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
    cli(
        &db,
        &[
            "customer",
            "add",
            "--name",
            "Cape Health",
            "--kind",
            "local",
        ],
    );
    // Expert escalations use quota: the customer needs a subscription that
    // covers today (this test runs on the real clock).
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .date_naive();
    let start = today - chrono::Days::new(20);
    let applied = start - chrono::Days::new(7);
    cli(
        &db,
        &[
            "subscription",
            "add",
            "--customer",
            "Cape Health",
            "--applied-on",
            &applied.to_string(),
            "--start",
            &start.to_string(),
            "--months",
            "3",
        ],
    );
    let t = Tmux::new("live");
    t.run(&format!("--db {}", db.display()));
    t.wait_for("the empty board", |s| s.contains("No open escalations"));
    cli(
        &db,
        &[
            "ticket",
            "add",
            "--customer",
            "Cape Health",
            "--severity",
            "S1",
            "--kind",
            "expert",
            "--ticket-no",
            "LIVE-1",
            "--title",
            "core database down",
        ],
    );
    let screen = t.wait_for("the new escalation", |s| s.contains("core database down"));
    assert!(screen.contains("1 open"), "{screen}");
    // A change made by the dashboard is seen by scripts at once.
    t.keys(&["a"]);
    t.wait_for("the acknowledgement", |s| s.contains("#1 acknowledged"));
    let shown = cli(&db, &["ticket", "show", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(v["state"], "acknowledged");
    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
    assert!(!t.alternate_screen_on());
}

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

/// The count in the head of the lane named `lane`, as drawn.
fn lane_count(screen: &str, lane: &str) -> Option<u32> {
    let line = screen.lines().find(|l| l.contains(lane))?;
    let head = line.split('│').find(|part| part.contains(lane))?;
    head.split_whitespace().last()?.parse().ok()
}

/// Which column (lane) `text` is drawn in, counting from the left.
fn column_of(screen: &str, text: &str) -> Option<usize> {
    let line = screen.lines().find(|l| l.contains(text))?;
    line.split('│').position(|part| part.contains(text))
}

#[test]
fn pipeline_advance_moves_a_card_to_the_next_lane() {
    use sredesk::domain::requirement::{NewRequirement, RequirementOp, RequirementState};
    use sredesk::domain::subscription::NewSubscription;
    use sredesk::domain::{CustomerKind, NewCustomer};
    use sredesk::store::{Actor, Store};

    if !have_tmux() {
        return;
    }
    let t = Tmux::new("pipeline");
    let db = t.dir.path().join("desk.db");
    // Seeded through the store: a customer in its sixth month (requirements
    // need more than three), on the real clock as the dashboard runs.
    let now = chrono::Utc::now();
    let script = |now| Actor {
        engineer: "script",
        now,
    };
    {
        let mut s = Store::open(&db).unwrap();
        s.add_customer(
            &NewCustomer {
                name: "Cape Health".into(),
                kind: CustomerKind::Local,
                owner: None,
            },
            script(now),
        )
        .unwrap();
        let today = now.with_timezone(&chrono_tz::Asia::Shanghai).date_naive();
        let start = today - chrono::Days::new(160);
        s.add_subscription(
            "Cape Health",
            &NewSubscription {
                applied_on: start - chrono::Days::new(7),
                start_on: start,
                months: 12,
            },
            None,
            script(now),
        )
        .unwrap();
        for title in ["HL7 export of ward alerts", "Audit log kept 400 days"] {
            s.add_requirement(
                &NewRequirement {
                    customer: "Cape Health".into(),
                    title: title.into(),
                    description: String::new(),
                },
                script(now),
            )
            .unwrap();
        }
    }
    t.run(&format!("--db {}", db.display()));
    t.wait_for("the board", |s| s.contains("No open escalations"));
    t.keys(&["p"]);
    let screen = t.wait_for("the pipeline", |s| {
        s.contains("Requirement pipeline") && lane_count(s, "Submitted") == Some(2)
    });
    assert_eq!(lane_count(&screen, "Analysing"), Some(0), "{screen}");
    assert_eq!(column_of(&screen, "HL7 export"), Some(0), "{screen}");

    // A step the rules do not allow is refused before any dialog.
    t.keys(&["x"]);
    t.wait_for("the refusal", |s| {
        s.contains("cannot reject requirement #1")
    });

    // Advance: the question names the next state; y moves the card.
    t.keys(&["a"]);
    t.wait_for("the question", |s| {
        s.contains("Move #1 from Submitted to Analysing?")
    });
    t.keys(&["y"]);
    let screen = t.wait_for("the card in Analysing", |s| {
        s.contains("#1 is now Analysing") && lane_count(s, "Analysing") == Some(1)
    });
    assert_eq!(lane_count(&screen, "Submitted"), Some(1), "{screen}");
    assert_eq!(column_of(&screen, "HL7 export"), Some(1), "{screen}");
    let s = Store::open(&db).unwrap();
    assert_eq!(s.requirement(1).unwrap().state, RequirementState::Analysing);
    assert_eq!(s.requirement_history(1).unwrap()[1].engineer, "tess");

    // Another process moves the other one: the pane follows without a key.
    let mut other = Store::open(&db).unwrap();
    other
        .step_requirement(2, &RequirementOp::Advance, script(chrono::Utc::now()))
        .unwrap();
    let screen = t.wait_for("the other card moved", |s| {
        lane_count(s, "Analysing") == Some(2) && lane_count(s, "Submitted") == Some(0)
    });
    assert_eq!(column_of(&screen, "Audit log kept"), Some(1), "{screen}");

    // The requirement's detail, then back out and quit.
    t.keys(&["l", "Enter"]);
    t.wait_for("the detail", |s| {
        s.contains("Requirement #1") && s.contains("History")
    });
    t.keys(&["Escape"]);
    t.wait_for("the pipeline again", |s| s.contains("Requirement pipeline"));
    t.keys(&["Escape"]);
    t.wait_for("the board again", |s| s.contains("No open escalations"));
    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
    assert!(!t.alternate_screen_on());
}

/// Whether the templates this build ships render at all: a branch with
/// placeholder templates cannot queue a notice, so the scenario below
/// says so and passes, as it does without tmux.
fn templates_render(db: &Path) -> bool {
    let out = Command::new(BIN)
        .args(["templates", "check"])
        .env("SREDESK_DB", db)
        .env_remove("SREDESK_CONFIG")
        .output()
        .unwrap();
    if !out.status.success() {
        eprintln!(
            "SKIPPED: the templates do not render here ({}); nothing can be queued",
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    out.status.success()
}

#[test]
fn compose_a_notice_from_the_notices_screen_and_see_it_queued() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::new("notice");
    let db = t.dir.path().join("desk.db");
    if !templates_render(&db) {
        return;
    }
    // An incident ready for its first notice, and two customers running
    // ECS in cn-north-4: one with two emails and a WeCom group, one with
    // an SMS number only.
    for args in [
        &[
            "customer",
            "add",
            "--name",
            "Cape Health",
            "--kind",
            "local",
        ][..],
        &[
            "customer",
            "add",
            "--name",
            "Jade River Bank",
            "--kind",
            "international-chinese",
        ],
        &["inventory", "add", "Cape Health", "ECS@cn-north-4"],
        &["inventory", "add", "Jade River Bank", "ECS@cn-north-4"],
        &[
            "contact",
            "add",
            "Jade River Bank",
            "--email",
            "noc@jaderiver.example",
        ],
        &[
            "contact",
            "add",
            "Jade River Bank",
            "--email",
            "cto@jaderiver.example",
        ],
        &[
            "contact",
            "add",
            "Jade River Bank",
            "--wecom",
            "https://qyapi.example/send?key=jr",
        ],
        &["contact", "add", "Cape Health", "--sms", "+27820000000"],
        &[
            "incident",
            "add",
            "--title",
            "OpenSSH regreSSHion",
            "--kind",
            "os-vulnerability",
            "--level",
            "1",
            "--service",
            "ECS",
            "--region",
            "cn-north-4",
            "--guidance",
            "Upgrade openssh-server to 9.8p1",
        ],
        &["incident", "advance", "1"],
        &["incident", "advance", "1"],
    ] {
        cli(&db, args);
    }
    t.run(&format!("--db {}", db.display()));
    t.wait_for("the board", |s| s.contains("No open escalations"));
    t.keys(&["n"]);
    t.wait_for("the notices screen", |s| {
        s.contains("Notices · 1 open incident")
            && s.contains("INC-1")
            && s.contains("guidance_ready")
    });
    // The form is filled from the incident; its audience read from the
    // inventories.
    t.keys(&["c"]);
    t.wait_for("the composer", |s| {
        s.contains("notice about INC-1") && s.contains("Audience 2/2")
    });
    // SMS as well: the channels are the eighth field.
    for _ in 0..7 {
        t.keys(&["Tab"]);
    }
    t.keys(&["s"]);
    t.wait_for("sms on", |s| s.contains("[x] sms"));
    t.keys(&["C-s"]);
    let question = t.wait_for("the send question", |s| s.contains("y queue it"));
    assert!(
        question.contains("to 2 customers: 2 emails, 1 chat message, 1 SMS (4 deliveries)"),
        "{question}"
    );
    assert!(
        question.contains("not reachable: Cape Health (email, chat)"),
        "{question}"
    );
    t.keys(&["y"]);
    let screen = t.wait_for("the notice in the list", |s| {
        s.contains("notice #1 queued: INC-1 initial, 4 deliveries to 2 customers")
            && s.contains("0/4")
    });
    assert!(screen.contains("INC-1   notified"), "{screen}");
    // Each recipient and channel, queued, in the ledger.
    t.keys(&["G", "Enter"]);
    let ledger = t.wait_for("the ledger", |s| {
        s.contains("Notice #1") && s.contains("TRIES")
    });
    assert_eq!(ledger.matches("queued  0").count(), 4, "{ledger}");
    let shown = cli(&db, &["notice", "show", "1", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&shown.stdout).unwrap();
    assert_eq!(v["notice"]["composed_by"], "tess");
    assert_eq!(v["deliveries"].as_array().unwrap().len(), 4);
    t.keys(&["Escape"]);
    t.wait_for("the notices again", |s| s.contains("Recent notices"));
    t.keys(&["Escape"]);
    t.wait_for("the board again", |s| s.contains("No open escalations"));
    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
    assert!(!t.alternate_screen_on());
}
