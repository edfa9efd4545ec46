//! Sorting the board and the mouse, in a real terminal: `S` picks a
//! column, a click on a title sorts by it and again reverses, a click
//! selects a row and a second one opens it, the wheel moves; the mouse is
//! given back on quit and left to the terminal when the config says so.

use super::*;

fn three_customers(db: &Path) {
    for name in ["Cape Health", "Aster Bank", "Zenith Air"] {
        subscribed_customer(db, name);
    }
    let add = |customer: &str, sev: &str, no: &str, title: &str| {
        let out = cli(
            db,
            &[
                "ticket",
                "add",
                "--customer",
                customer,
                "--ticket-no",
                no,
                "--severity",
                sev,
                "--kind",
                "general",
                "--title",
                title,
            ],
        );
        assert!(out.status.success(), "{out:?}");
    };
    add("Cape Health", "S3", "CAPE-1", "slow console");
    add("Aster Bank", "S1", "ASTER-1", "core database down");
    add("Zenith Air", "S2", "ZEN-1", "api errors");
}

/// The rows' ticket numbers, top to bottom, as the screen shows them.
fn order(s: &str) -> Vec<&str> {
    s.lines()
        .flat_map(|l| l.split_whitespace())
        .filter(|w| w.contains('-') && w.chars().any(|c| c.is_ascii_digit()))
        .filter(|w| ["CAPE-1", "ASTER-1", "ZEN-1"].contains(w))
        .collect()
}

#[test]
fn s_and_clicks_sort_select_and_open_and_the_mouse_is_given_back() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    three_customers(&db);
    let t = Tmux::new("sort");
    t.run(&format!("--db {}", db.display()));
    let s = t.wait_for("the board by time left", |s| {
        s.contains("3 open") && order(s) == ["ASTER-1", "ZEN-1", "CAPE-1"]
    });
    assert_eq!(
        t.pane_flag("#{mouse_any_flag}"),
        "1",
        "mouse reports asked for"
    );
    // The column titles' line (under the two of the header).
    let titles = s.lines().position(|l| l.contains("CLOCK")).unwrap() as u16;

    t.keys(&["S"]);
    t.wait_for("the picker", |s| s.contains("Sort the board by"));
    t.keys(&["3"]);
    t.wait_for("by customer", |s| {
        s.contains("(by customer↑)") && order(s) == ["ASTER-1", "CAPE-1", "ZEN-1"]
    });

    // SEV starts at x 11 (mark 1, CLOCK 9, a space).
    t.click(12, titles);
    t.wait_for("by severity", |s| {
        s.contains("SEV↑") && order(s) == ["ASTER-1", "ZEN-1", "CAPE-1"]
    });
    t.click(12, titles);
    t.wait_for("reversed", |s| {
        s.contains("SEV↓") && order(s) == ["CAPE-1", "ZEN-1", "ASTER-1"]
    });

    // A click selects the second row; the wheel moves back up; a click on
    // the selected row opens it.
    t.click(40, titles + 2);
    t.wait_for("selected", |s| {
        s.lines().any(|l| l.starts_with('▶') && l.contains("ZEN-1"))
    });
    t.mouse(64, 40, titles + 2);
    t.wait_for("the wheel up", |s| {
        s.lines()
            .any(|l| l.starts_with('▶') && l.contains("CAPE-1"))
    });
    t.click(40, titles + 1);
    t.wait_for("the detail", |s| {
        s.contains("Escalation #1") && s.contains("slow console")
    });

    t.keys(&["Escape"]);
    t.wait_for("the board again", |s| s.contains("SEV↓"));
    t.keys(&["q"]);
    t.wait_for("given back", |s| s.contains("EXIT=0"));
    assert_eq!(
        t.pane_flag("#{mouse_any_flag}"),
        "0",
        "mouse reports off again"
    );
}

#[test]
fn with_the_mouse_off_the_terminal_keeps_it() {
    if !have_tmux() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.db");
    three_customers(&db);
    let t = Tmux::new("nomouse");
    let config = t.dir.path().join("config/sredesk");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "[ui]\nmouse = false\n").unwrap();
    t.run(&format!("--db {}", db.display()));
    let s = t.wait_for("the board", |s| s.contains("3 open") && s.contains("ZEN-1"));
    assert_eq!(t.pane_flag("#{mouse_any_flag}"), "0", "{s}");
    let titles = s.lines().position(|l| l.contains("CLOCK")).unwrap() as u16;
    // A report sent all the same does nothing.
    t.click(12, titles);
    t.keys(&["j"]);
    let s = t.wait_for("moved by key", |s| {
        s.lines().any(|l| l.starts_with('▶') && l.contains("ZEN-1"))
    });
    assert!(!s.contains("SEV↑"), "{s}");
}
