//! Composing a notice from the notices screen and seeing it queued.

use super::*;

/// Whether the templates this build ships render at all: a branch with
/// placeholder templates cannot queue a notice, so the scenario below
/// says so and passes, as it does without tmux.
fn templates_render(db: &Path) -> bool {
    let out = Command::new(BIN)
        .args(["templates", "check"])
        .env("SREDESK_DB", db)
        .env_remove("SREDESK_CONFIG")
        .env("XDG_STATE_HOME", db.with_file_name("state"))
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
            "subscription",
            "add",
            "--customer",
            "Jade River Bank",
            "--applied-on",
            "2026-05-20",
            "--start",
            "2026-06-01",
            "--months",
            "12",
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
    // The list is read again after the queueing: the notice's row shows
    // how many of its four are sent ("0/4" until the dispatcher starts).
    let screen = t.wait_for("the notice in the list", |s| {
        s.contains("notice #1 queued: INC-1 initial, 4 deliveries to 2 customers")
            && s.contains("/4")
    });
    assert!(screen.contains("INC-1   notified"), "{screen}");
    // Each recipient and channel in the ledger. The dashboard's own
    // dispatcher sends them meanwhile (no transport is configured: demo
    // mode writes files), so how many are still queued when the ledger
    // opens is a race; once all four are through, each is sent on its
    // first attempt.
    t.keys(&["G", "Enter"]);
    let ledger = t.wait_for("the ledger with every delivery sent", |s| {
        s.contains("Notice #1") && s.contains("TRIES") && s.contains("4/4 sent")
    });
    assert_eq!(ledger.matches("sent    1 ").count(), 4, "{ledger}");
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
