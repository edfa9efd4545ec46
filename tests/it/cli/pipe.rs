//! A reader that hangs up early (`sredesk ticket list | head -1`).

use super::*;

/// Runs `args` on `db` and closes stdout after the first few bytes, as
/// `sredesk ticket list | head -1` does. The listings used are far larger
/// than a pipe buffer, so the write after the close is certain to fail.
fn read_a_little_then_hang_up(desk: &Desk, db: &Path, args: &[&str]) -> Output {
    let mut cmd = desk.cmd(args);
    cmd.env("SREDESK_DB", db)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn sredesk");
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 64];
    stdout
        .read_exact(&mut first)
        .expect("first bytes of output");
    drop(stdout);
    let status = child.wait().expect("wait for sredesk");
    let mut stderr = Vec::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_end(&mut stderr)
        .unwrap();
    // A listing, text or JSON, a completion script or the manual page.
    assert!(
        [&b"     ID"[..], b"[", b"#compdef", b".ie"]
            .iter()
            .any(|p| first.starts_with(p)),
        "{:?}",
        String::from_utf8_lossy(&first)
    );
    Output {
        status,
        stdout: first.to_vec(),
        stderr,
    }
}

fn demo_store(desk: &Desk, tickets: &str) -> PathBuf {
    let db = desk.path("demo.db");
    desk.ok(&[
        "demo",
        "--no-open",
        "--tickets",
        tickets,
        "--customers",
        "5",
        "--db",
        db.to_str().unwrap(),
    ]);
    db
}

#[test]
fn closing_stdout_early_does_not_panic() {
    let desk = Desk::new();
    // ~300 open tickets; the full text listing of 3000 is ~370 kB and the
    // JSON listing several MB, well past a 64 kB pipe buffer.
    let db = demo_store(&desk, "3000");
    for args in [
        &["ticket", "list"][..],
        &["ticket", "list", "--json"][..],
        &["ticket", "list", "--open", "--json"][..],
        &["ticket", "search", "--limit", "3000"][..],
        &["ticket", "search", "--limit", "3000", "--json"][..],
    ] {
        let out = read_a_little_then_hang_up(&desk, &db, args);
        assert_no_panic(&out);
        assert!(out.status.code().is_some(), "{args:?}: killed by a signal");
    }
}

#[test]
fn closing_stdout_early_is_not_reported_as_a_corrupt_store() {
    let desk = Desk::new();
    let db = demo_store(&desk, "3000");
    let out = read_a_little_then_hang_up(&desk, &db, &["ticket", "list"]);
    let err = stderr_of(&out);
    assert!(!err.contains("cannot read"), "{err}");
}

/// A thousand customers make a JSON list far past a pipe's buffer, written
/// as one value: the failed write lands inside the JSON writer, which once
/// turned the broken pipe into an error message. The completion script,
/// once a panic, and the manual end as quietly.
#[test]
fn a_json_reader_that_hangs_up_early_is_not_an_error() {
    let desk = Desk::new();
    let db = desk.path("demo.db");
    let db_arg = db.to_str().unwrap();
    desk.ok(&[
        "demo",
        "--no-open",
        "--tickets",
        "3000",
        "--customers",
        "1000",
        "--db",
        db_arg,
    ]);
    for args in [
        &["customer", "list", "--json"][..],
        &["ticket", "list", "--json"][..],
        &["completions", "zsh"][..],
        &["man"][..],
    ] {
        let out = read_a_little_then_hang_up(&desk, &db, args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr_of(&out));
        assert_eq!(stderr_of(&out), "", "{args:?}");
    }
}
