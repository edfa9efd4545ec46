//! The dashboard on a PostgreSQL desk in a real terminal: another
//! process's write reaches the open board through `NOTIFY`, a key works
//! the escalation on the server, the history finds it by a word of its
//! host name, and quitting gives the terminal back.

use sredesk::store::pg::cluster;

use super::*;

#[test]
fn a_board_on_postgresql_hears_another_processs_write_and_works_it() {
    if !have_tmux() {
        return;
    }
    let Some(pg) = cluster::for_test("tui_pg_board") else {
        return;
    };
    let url = pg.fresh_database("tui_pg_board");
    let state = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| cli_on(url.as_ref(), state.path(), args);
    // The desk is made on the server by the first write.
    cli(&["--create", "customer", "list"]);
    subscribed_by(cli, "Cape Health");
    let t = Tmux::new("pg-board");
    t.run_with(&format!("SREDESK_DB='{url}'"), "board");
    t.wait_for("the empty board", |s| s.contains("No open escalations"));
    assert!(t.alternate_screen_on());
    cli(&[
        "ticket",
        "add",
        "--customer",
        "Cape Health",
        "--severity",
        "S1",
        "--kind",
        "faster",
        "--ticket-no",
        "PG-1",
        "--title",
        "core database down on db01.example.com",
    ]);
    t.wait_for("the write of another process", |s| {
        s.contains("core database down") && s.contains("1 open")
    });
    t.keys(&["a"]);
    t.wait_for("the acknowledgement", |s| s.contains("(#1) acknowledged"));
    let listed = cli(&["ticket", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(v[0]["state"], "acknowledged", "{v}");
    assert_eq!(v[0]["assignee"], "tess", "{v}");
    t.keys(&["F"]);
    t.wait_for("the history", |s| {
        s.contains("REPORTED (") && s.contains("PG-1")
    });
    t.keys(&["e", "x", "a", "m", "p", "l", "e"]);
    t.wait_for("the search on the server", |s| {
        s.contains("Search: example") && s.contains("PG-1")
    });
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(500));
    t.keys(&["Escape"]);
    std::thread::sleep(Duration::from_millis(500));
    t.wait_for("the board again", |s| s.contains("CLOCK"));
    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
    assert!(!t.alternate_screen_on());
}
