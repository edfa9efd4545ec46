//! Read-only mode (`--read-only`, `[store] read_only`): for wall displays
//! and engineers off shift. Reads work; every write command is refused
//! with "read-only" and the store's file is left byte for byte.

use super::*;

/// Acme (subscribed, an email contact) with an S2 escalation #1 and an
/// acknowledged S3 #2.
fn desk() -> Desk {
    let desk = desk_with_tickets();
    desk.ok(&["contact", "add", "Acme", "--email", "ops@acme.example"]);
    desk
}

fn file_bytes(desk: &Desk) -> Vec<u8> {
    std::fs::read(desk.db()).unwrap()
}

const WRITES: &[&str] = &[
    "customer add --name Zed --kind local",
    "customer language Acme en",
    "ticket add --customer Acme --severity S2 --kind general --ticket-no RO-1 --title t",
    "ticket ack 1",
    "ticket start 2",
    "ticket severity 1 S1",
    "ticket assign 1 bob",
    "ticket resolve 2 --resolution done",
    "ticket withdraw 1 --reason dup",
    "ticket note 1 --text hello",
    "ticket out-of-scope 1 --reason beyond-service",
    "ticket pause 2 --reason logs",
    "ticket snooze 1 --for 30m",
    "ticket escalate 1",
    "subscription add --customer Acme --applied-on 2027-01-20 --start 2027-02-01 --months 3",
    "package add --customer Acme --kind ticket-handling",
    "contact add Acme --email more@acme.example",
    "inventory add Acme ECS@cn-north-4",
    "incident add --title Outage --kind other",
    "owner set --customer Acme --name Li",
    "requirement add --customer Acme --title Feature",
    "notice send-pending",
];

#[test]
fn every_write_command_is_refused_and_the_file_is_unchanged() {
    let desk = desk();
    let before = file_bytes(&desk);
    let list_before = desk.ok("ticket list --json");
    for args in WRITES {
        let words: Vec<String> = format!("--read-only {args}").words();
        let err = desk.fails(&words);
        assert!(err.contains("read-only"), "`{args}`: {err}");
        assert_eq!(file_bytes(&desk), before, "`{args}` wrote the file");
    }
    // The same through the config file.
    let config = desk.path("config/sredesk");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "[store]\nread_only = true\n").unwrap();
    let err = desk.fails("ticket ack 1");
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(file_bytes(&desk), before);
    std::fs::remove_file(config.join("config.toml")).unwrap();
    assert_eq!(desk.ok("ticket list --json"), list_before);
}

#[test]
fn reads_work_read_only_and_nothing_is_made_or_filled() {
    let desk = desk();
    let before = file_bytes(&desk);
    let list = desk.json("--read-only ticket list --json");
    assert_eq!(ids(&list), [1, 2]);
    desk.ok("--read-only ticket show 1");
    desk.ok("--read-only customer list");
    assert_eq!(file_bytes(&desk), before);

    // No new store, and no demo, on a read-only desk.
    let elsewhere = desk.path("new/s.db");
    let out = desk.run_with("--read-only customer add --name Zed --kind local", |c| {
        c.env("SREDESK_DB", &elsewhere);
    });
    let err = runtime_failure(&out, "customer add");
    assert!(err.contains("read-only"), "{err}");
    assert!(!desk.path("new").exists());
    let err = desk.fails("--read-only demo --no-open");
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(file_bytes(&desk), before);
}

/// Another user's store in a directory they may not write (a backup, a
/// colleague's file): read as that user, with no flag, and left alone.
/// Needs root and `setpriv` to become another user; else SKIPPED.
#[test]
fn another_users_store_is_read_read_only_and_left_alone() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let desk = desk();
    let root = std::fs::metadata(desk.db()).unwrap().uid() == 0;
    let setpriv = std::process::Command::new("setpriv")
        .arg("--version")
        .output();
    if !root || setpriv.is_err() {
        eprintln!("SKIPPED: needs root and setpriv to read as another user");
        return;
    }
    // The store and its directory: readable by all, written by root only.
    std::fs::set_permissions(desk.dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(desk.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let theirs = tempfile::tempdir().unwrap();
    std::fs::set_permissions(theirs.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
    let before = file_bytes(&desk);
    let as_nobody = |args: &str| {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_sredesk"))
            .args(args.words())
            .env("SREDESK_DB", desk.db())
            .env("SREDESK_ENGINEER", "nobody")
            .env("SREDESK_NOW", NOW)
            .env("XDG_CONFIG_HOME", theirs.path())
            .env("XDG_STATE_HOME", theirs.path())
            .env_remove("SREDESK_CONFIG")
            .stdin(std::process::Stdio::null());
        c.output().unwrap()
    };
    let out = as_nobody("ticket list --json");
    assert_success(&out, "ticket list --json");
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(ids(&list), [1, 2]);
    let out = as_nobody("ticket ack 1");
    let err = runtime_failure(&out, "ticket ack 1");
    assert!(err.contains("read-only"), "{err}");
    assert_eq!(file_bytes(&desk), before);
}
