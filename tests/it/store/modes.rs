//! The store holds customers' emails, phones and robot keys: a new store
//! file and the directories made for it are the owner's only, or the
//! group's too when the desk shares one store between accounts.

use std::os::unix::fs::PermissionsExt;

use super::*;
use crate::common::Desk;

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

fn beside(path: &Path, suffix: &str) -> std::path::PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    p.into()
}

/// Makes the store with `customer add` at `nested/deeper/s.db` under a
/// directory of the desk's (which keeps its own mode); returns its path.
fn created_by_cli(desk: &Desk) -> std::path::PathBuf {
    let db = desk.path("nested/deeper/s.db");
    let out = desk.run_with("customer add --name Acme --kind local", |c| {
        c.env("SREDESK_DB", &db);
    });
    crate::common::assert_success(&out, "customer add");
    db
}

#[test]
fn a_new_store_is_the_owners_only_and_so_are_the_directories_made_for_it() {
    let desk = Desk::new();
    let top = mode(desk.dir.path());
    let db = created_by_cli(&desk);
    assert_eq!(mode(&db), 0o600);
    assert_eq!(mode(&desk.path("nested/deeper")), 0o700);
    assert_eq!(mode(&desk.path("nested")), 0o700);
    assert_eq!(mode(desk.dir.path()), top, "a directory that was there");

    // The journal files SQLite makes beside it take the file's mode.
    let mut store = Store::open(&db).unwrap();
    store
        .add_customer(&customer("Zed"), actor("alice"))
        .unwrap();
    assert_eq!(mode(&beside(&db, "-wal")), 0o600);
    assert_eq!(mode(&beside(&db, "-shm")), 0o600);
}

#[test]
fn a_desk_that_shares_its_store_gives_the_group_read_and_write() {
    let desk = Desk::new();
    let config = desk.path("config/sredesk");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[store]\nshare_with_group = true\n",
    )
    .unwrap();
    let db = created_by_cli(&desk);
    assert_eq!(mode(&db), 0o660);
    assert_eq!(mode(&desk.path("nested/deeper")), 0o770);
    assert_eq!(mode(&desk.path("nested")), 0o770);
}

#[test]
fn an_existing_store_keeps_the_mode_its_owner_gave_it() {
    let desk = Desk::new();
    let db = created_by_cli(&desk);
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o640)).unwrap();
    let out = desk.run_with("customer add --name Zed --kind local", |c| {
        c.env("SREDESK_DB", &db);
    });
    crate::common::assert_success(&out, "customer add");
    assert_eq!(mode(&db), 0o640);
}
