//! Working an escalation in a real terminal: a new one typed into the
//! form and one pasted as an urgent-fault report (bracketed paste, as a
//! terminal sends it), each saved and selected on the board; then a note
//! a hand-off and an update to the customer on it, read back through the
//! CLI.

use super::*;

fn show(db: &Path, id: &str) -> serde_json::Value {
    let out = cli(db, &["ticket", "show", id, "--json"]);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The escalation id in a status line "T-1 (#301) opened for …".
fn opened_id(screen: &str) -> String {
    let line = screen.lines().find(|l| l.contains(") opened for")).unwrap();
    let start = line.find("(#").unwrap() + 2;
    line[start..].split(')').next().unwrap().to_string()
}

const REPORT: &str = "\
Customer: Andes Mining
Contact: Ana Ruiz
Phone: +56 2 2345 6789
Affected service: RDS
Region: la-south-2
Production (yes/no): yes
Impact: production down
Started at: 2026-12-01 07:50 +08:00
Service ticket: AM-2026-0042
Symptoms and error messages:
ERROR 2013 (HY000): Lost connection to MySQL server during query
What was tried: restarted the app tier
";

#[test]
fn new_escalations_typed_and_pasted_then_noted_and_handed_off() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::new("intake");
    let db = t.dir.path().join("demo.db");
    t.run(&format!("--db {} demo", db.display()));
    t.wait_for("the board", |s| s.contains("open ·") && s.contains("1/"));

    // Typed: the customer picked from what the store has.
    t.keys(&["+"]);
    t.wait_for("the form", |s| s.contains("New escalation"));
    t.keys(&["jade"]);
    t.wait_for("the pick and its unit", |s| {
        s.contains("› Jade River Bank") && s.contains("✓ Saving takes Faster")
    });
    // Enter takes the pick as Tab does; ↓ moves on as Tab does.
    t.keys(&["Enter", "SR-4242", "Down", "Left", "Left", "Tab", "Tab"]);
    t.keys(&[
        "Disk full on db-1",
        "Tab",
        "Tab",
        "first line",
        "Enter",
        "second",
    ]);
    t.keys(&["C-s"]);
    // The status comes first; the board selects the new row once it has
    // read it.
    let board = t.wait_for("the saved escalation, selected", |s| {
        s.contains(") opened for Jade River Bank")
            && s.lines()
                .any(|l| l.starts_with('▶') && l.contains("SR-4242"))
    });
    let id = opened_id(&board);
    let v = show(&db, &id);
    assert_eq!(v["severity"], "S1");
    assert_eq!(v["kind"], "faster");
    assert_eq!(v["description"], "first line\nsecond");

    // A note for the customer's Ticket List, on the selected one.
    t.keys(&["C"]);
    t.wait_for("the note dialog", |s| s.contains("A note on SR-4242"));
    t.keys(&["Rebooted the standby", "Tab", "Space", "C-s"]);
    t.wait_for("the note", |s| s.contains("Ticket List added"));
    // Handed to bob, with a note for him.
    t.keys(&["h"]);
    t.wait_for("the hand-off dialog", |s| s.contains("Hand off SR-4242"));
    t.keys(&["bob", "Tab", "call the customer at 9", "Enter"]);
    t.wait_for("the hand-off", |s| s.contains("assigned to bob"));
    let v = show(&db, &id);
    assert_eq!(v["assignee"], "bob");
    let notes = v["notes"].as_array().unwrap();
    assert_eq!(notes[0]["text"], "Rebooted the standby");
    assert_eq!(notes[0]["for_customer"], true);
    assert_eq!(notes[1]["handed_to"], "bob");
    assert_eq!(notes[1]["text"], "call the customer at 9");

    // An update to the customer's chat group, by email too.
    t.keys(&["u"]);
    t.wait_for("the update dialog", |s| {
        s.contains("What the customer hears about SR-4242")
    });
    t.keys(&["Disk grown; the database is back", "Tab", "Space", "C-s"]);
    t.wait_for("the update queued", |s| {
        s.contains("update to Jade River Bank queued as notice #")
    });
    let v = show(&db, &id);
    let update = &v["last_customer_update"];
    assert_eq!(update["message"], "Disk grown; the database is back");
    assert_eq!(update["channels"], serde_json::json!(["chat", "email"]));

    // Pasted: the report fills the form, severity proposed from impact.
    t.keys(&["+"]);
    t.wait_for("the form", |s| s.contains("New escalation"));
    let report = t.dir.path().join("report.txt");
    std::fs::write(&report, REPORT).unwrap();
    t.tmux(&["load-buffer", "-b", "r", report.to_str().unwrap()]);
    t.tmux(&["paste-buffer", "-p", "-b", "r", "-t", "t"]);
    t.wait_for("the report read, and its unit", |s| {
        s.contains("S2 proposed") && s.contains("✓ Saving takes Direct Expert Support")
    });
    t.keys(&["C-s"]);
    let board = t.wait_for("the reported escalation", |s| {
        s.contains(") opened for Andes Mining")
    });
    let v = show(&db, &opened_id(&board));
    assert_eq!(v["kind"], "expert");
    assert_eq!(v["ticket_no"], "AM-2026-0042");
    assert!(
        v["description"]
            .as_str()
            .unwrap()
            .contains("restarted the app tier")
    );

    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
}
