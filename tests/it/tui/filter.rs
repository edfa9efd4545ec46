//! The filter language and the named views, typed in a real terminal:
//! fields narrow the board and the header names them, a mistake is said
//! where the position stood, Esc clears, and `v` applies a view from the
//! config.

use super::*;

#[test]
fn fields_narrow_the_board_and_a_view_applies_from_the_config() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    subscribed_customer(&db, "Cape Health");
    add_ticket(&db, "S1", "expert", "HOT-1", "core database down", &[]);
    add_ticket(&db, "S3", "general", "WARM-1", "slow console", &[]);
    add_ticket(&db, "S2", "faster", "WARM-2", "renewal mail bounced", &[]);
    cli(&db, &["ticket", "assign", "3", "tess"]);
    let t = Tmux::new("filter");
    let config = t.dir.path().join("config/sredesk");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[views]\n\"1 mine\" = \"@me\"\n\"2 hot\" = \"sev:S1,S2 !@tess\"\n",
    )
    .unwrap();
    t.run(&format!("--db {}", db.display()));
    t.wait_for("the board", |s| s.contains("3 open") && s.contains("HOT-1"));

    t.keys(&["/"]);
    t.keys(&["sev:S1,S2"]);
    t.keys(&["Enter"]);
    t.wait_for("two rows", |s| {
        s.contains("escalations (sev:S1,S2)")
            && s.contains("HOT-1")
            && s.contains("WARM-2")
            && !s.contains("WARM-1")
    });

    // "new" is a state, not a word in "renewal".
    t.keys(&["/"]);
    t.keys(&[" state:nwe"]);
    let s = t.wait_for("the mistake", |s| s.contains("'nwe' is not an open state"));
    assert!(s.contains("✖ column 11: 'nwe'"), "{s}");
    assert!(s.contains("HOT-1"), "the last filter stands: {s}");
    t.keys(&["Escape"]);
    t.wait_for("cleared", |s| s.contains("WARM-1") && !s.contains("(sev:"));

    t.keys(&["v"]);
    t.wait_for("the views", |s| {
        s.contains("Filter the board by:") && s.contains("2 hot")
    });
    t.keys(&["2"]);
    t.wait_for("the hot view", |s| {
        s.contains("view 2 hot") && s.contains("HOT-1") && !s.contains("WARM-2")
    });
    t.keys(&["v"]);
    t.wait_for("the views again", |s| s.contains("Filter the board by:"));
    t.keys(&["1"]);
    // The header names the view at once; the rows follow the read.
    t.wait_for("mine", |s| {
        s.contains("escalations (@me)") && s.contains("WARM-2") && !s.contains("HOT-1")
    });
    // The same by name on the command line, then :quit.
    t.keys(&[":"]);
    t.keys(&["go"]);
    t.keys(&["Tab"]);
    t.keys(&["hot-1"]);
    t.keys(&["Enter"]);
    t.wait_for("HOT-1's detail", |s| {
        s.contains("core database down") && s.contains("History")
    });
    // A screen's name opens it from the detail; an action where it does
    // nothing says so.
    t.keys(&[":"]);
    t.keys(&["pipeline"]);
    t.keys(&["Enter"]);
    t.wait_for("the pipeline", |s| s.contains("Requirement pipeline"));
    t.keys(&[":"]);
    t.keys(&["ack"]);
    t.keys(&["Enter"]);
    t.wait_for("the refusal", |s| {
        s.contains(":ack does nothing on the pipeline")
    });
    t.keys(&[":"]);
    t.keys(&["quit"]);
    t.keys(&["Enter"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
}

#[test]
fn marked_ones_are_acknowledged_with_one_question() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    subscribed_customer(&db, "Cape Health");
    for (no, sev) in [("M-1", "S2"), ("M-2", "S3"), ("M-3", "S4")] {
        add_ticket(&db, sev, "general", no, "batch of alerts", &[]);
    }
    let t = Tmux::new("marks");
    t.run(&format!("--db {}", db.display()));
    t.wait_for("the board", |s| s.contains("3 open") && s.contains("M-3"));
    t.keys(&["Space"]);
    t.keys(&["Space"]);
    t.wait_for("two marked", |s| s.contains("■ 2 marked"));
    t.keys(&["a"]);
    t.wait_for("the question", |s| {
        s.contains("Acknowledge the 2 escalations marked?")
    });
    t.keys(&["y"]);
    t.wait_for("done", |s| {
        s.contains("acknowledge: 2 of 2 escalations done")
    });
    let out = cli(&db, &["ticket", "list", "--open", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let state = |no: &str| {
        v.as_array()
            .unwrap()
            .iter()
            .find(|t| t["ticket_no"] == no)
            .map(|t| t["state"].as_str().unwrap().to_string())
            .unwrap()
    };
    assert_eq!(
        (
            state("M-1").as_str(),
            state("M-2").as_str(),
            state("M-3").as_str()
        ),
        ("acknowledged", "acknowledged", "new")
    );
    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
}
