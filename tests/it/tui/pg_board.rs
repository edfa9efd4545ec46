//! The dashboard on a PostgreSQL desk in a real terminal: another
//! process's write reaches the open board through `NOTIFY`, a key works
//! the escalation on the server, the history finds it by a word of its
//! host name, the board outlives the server ending its connections, and
//! quitting gives the terminal back.

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
    add_ticket_by(
        cli,
        [
            "S1",
            "faster",
            "PG-1",
            "core database down on db01.example.com",
        ],
        &[],
    );
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
    // The server ends every connection the board holds (a restart, an
    // administrator): the board connects again by itself, hears the next
    // write of another process, and a key works on the new connection.
    let mut admin = sredesk::store::pg::Target::parse(&url)
        .unwrap()
        .connect()
        .unwrap();
    let ended = admin
        .execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
            &[],
        )
        .unwrap();
    assert!(ended >= 2, "the board's store and listening connections");
    add_ticket_by(
        cli,
        ["S2", "general", "PG-2", "heard after the restart"],
        &[],
    );
    t.wait_for("the write after the connections were ended", |s| {
        s.contains("heard after the restart") && s.contains("2 open")
    });
    // Filtered to it, so the key works on that one escalation.
    t.keys(&["/"]);
    t.keys(&["PG-2"]);
    t.keys(&["Enter"]);
    t.wait_for("the filter", |s| {
        s.contains("heard after the restart") && !s.contains("core database")
    });
    t.keys(&["a"]);
    t.wait_for("the acknowledgement on the new connection", |s| {
        s.contains("(#2) acknowledged")
    });
    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
    assert!(!t.alternate_screen_on());
}

/// The open board sends what another process queues: its outbox sender
/// sleeps up to a minute with nothing due, and the commit's `NOTIFY`
/// wakes it. The second notice is queued after the first was sent, while
/// the sender sleeps, and reaches the SMTP server long before the minute.
#[test]
fn a_notice_queued_elsewhere_is_sent_by_the_open_board_when_the_server_announces_it() {
    use crate::common::smtp::SmtpReceiver;
    if !have_tmux() {
        return;
    }
    let Some(pg) = cluster::for_test("tui_pg_outbox") else {
        return;
    };
    let url = pg.fresh_database("tui_pg_outbox");
    let state = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| cli_on(url.as_ref(), state.path(), args);
    cli(&["--create", "customer", "list"]);
    subscribed_by(cli, "Cape Health");
    cli(&[
        "contact",
        "add",
        "Cape Health",
        "--email",
        "ops@cape.example",
    ]);
    cli(&["inventory", "add", "Cape Health", "RDS@cn-east-3"]);
    let smtp = SmtpReceiver::start(&[]);
    let config = state.path().join("live.toml");
    std::fs::write(
        &config,
        format!(
            "[notify]\nmode = \"live\"\n[notify.email]\nhost = \"127.0.0.1\"\nport = {}\n\
             security = \"plain\"\nfrom = \"Desk <desk@sredesk.test>\"\n",
            smtp.port()
        ),
    )
    .unwrap();
    let t = Tmux::new("pg-outbox");
    t.run_with(
        &format!("SREDESK_DB='{url}'"),
        &format!("--config '{}' board", config.display()),
    );
    t.wait_for("the board", |s| s.contains("No open escalations"));
    let arrived = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while smtp.messages().len() < n {
            assert!(
                Instant::now() < deadline,
                "notice {n} not sent within 20 s: {:?}",
                t.screen()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    for (n, title) in [(1, "RDS failover"), (2, "RDS failover again")] {
        cli(&[
            "incident",
            "add",
            "--title",
            title,
            "--kind",
            "other",
            "--service",
            "RDS",
            "--region",
            "cn-east-3",
            "--level",
            "2",
            "--guidance",
            "Reconnect.",
        ]);
        let id = n.to_string();
        cli(&[
            "notice",
            "compose",
            "--incident",
            &id,
            "--stage",
            "initial",
            "--channels",
            "email",
        ]);
        arrived(n);
    }
    assert_eq!(smtp.messages().len(), 2, "each notice sent once");
    t.keys(&["q"]);
    let after = t.wait_for("exit", |s| s.contains("EXIT="));
    assert!(after.contains("EXIT=0"), "{after}");
}

/// A wall display's role, granted only SELECT: the board opens and reads
/// as any other, with `--read-only` a key is refused before it reaches
/// the server, and without it the server's refusal is said in words.
#[test]
fn a_select_only_role_shows_the_board_and_every_write_is_refused_in_words() {
    if !have_tmux() {
        return;
    }
    let Some(pg) = cluster::for_test("tui_pg_wall") else {
        return;
    };
    let url = pg.fresh_database("tui_pg_wall");
    let state = tempfile::tempdir().unwrap();
    let cli = |args: &[&str]| cli_on(url.as_ref(), state.path(), args);
    cli(&["--create", "customer", "list"]);
    subscribed_by(cli, "Cape Health");
    add_ticket_by(cli, ["S2", "general", "WALL-1", "gateway 502s"], &[]);
    let db = url.rsplit('/').next().unwrap();
    let role = format!("wall_{db}");
    pg.admin(
        db,
        &format!("CREATE ROLE {role} LOGIN; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}"),
    );
    let (_, at) = url.split_once('@').unwrap();
    let wall = format!("postgres://{role}@{at}");
    for (flag, refused) in [
        ("--read-only", "read-only"),
        ("", "PostgreSQL refused the write (permission denied"),
    ] {
        let t = Tmux::new("pg-wall");
        t.run_with(&format!("SREDESK_DB='{wall}'"), &format!("{flag} board"));
        t.wait_for("the board read by the role", |s| {
            s.contains("gateway 502s") && s.contains("1 open")
        });
        t.keys(&["a"]);
        t.wait_for("the refusal", |s| s.contains(refused));
        t.keys(&["q"]);
        let after = t.wait_for("exit", |s| s.contains("EXIT="));
        assert!(after.contains("EXIT=0"), "{flag}: {after}");
    }
    let listed = cli(&["ticket", "list", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(v[0]["state"], "new", "nothing was written: {v}");
}
