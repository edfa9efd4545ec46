//! Adding and listing customers.

use super::*;

#[test]
fn customer_add_then_list_as_text_and_json() {
    let desk = Desk::new();
    let out = desk.ok("customer add --name Acme --kind local --owner 'Wang Li'");
    assert!(out.contains("added customer #1 Acme (local)"), "{out}");
    desk.ok("customer add --name 'Blue Sky' --kind international-chinese");

    let text = desk.ok("customer list");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(
        lines[0].contains("NAME") && lines[0].contains("KIND"),
        "{text}"
    );
    assert!(
        lines[1].contains("Acme") && lines[1].contains("Wang Li"),
        "{text}"
    );
    assert!(
        lines[2].contains("Blue Sky") && lines[2].contains("international-chinese"),
        "{text}"
    );

    let list = desk.json("customer list --json");
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 2);
    let acme = &list[0];
    assert_eq!(acme["id"], 1);
    assert_eq!(acme["name"], "Acme");
    assert_eq!(acme["kind"], "local");
    assert_eq!(acme["owner"], "Wang Li");
    assert_eq!(time(acme["created_at"].as_str().unwrap()), time(NOW));
    let blue = &list[1];
    assert_eq!(blue["name"], "Blue Sky");
    assert_eq!(blue["kind"], "international-chinese");
    assert_eq!(blue["owner"], Value::Null);
    for c in list {
        for key in ["id", "name", "kind", "owner", "created_at"] {
            assert!(c.get(key).is_some(), "{key} missing in {c}");
        }
    }
}

#[test]
fn customer_list_on_a_new_store_is_empty() {
    let desk = Desk::new();
    desk.customer("Acme");
    assert_eq!(desk.json("ticket list --json"), Value::Array(vec![]));
}

#[test]
fn a_store_that_is_not_there_is_named_not_made_but_by_commands_that_create() {
    let desk = Desk::new();
    let db = desk.db();
    // Reading, writing into it, the dashboard: each names the path, and
    // no file or folder appears.
    for args in [
        "customer list --json",
        "ticket list",
        "ticket list --open --json",
        "ticket note 1 --text x",
        "quota show",
        "notice list",
        "board",
    ] {
        let out = desk.run(args);
        assert_eq!(out.status.code(), Some(1), "{args}");
        let err = crate::common::stderr_of(&out);
        assert!(
            err.contains(&format!("no store at {}", db.display())),
            "{args}: {err}"
        );
        assert!(
            out.stdout.is_empty(),
            "{args}: nothing on stdout, not an empty list"
        );
        assert!(!db.exists(), "{args} made the store");
    }
    // Asked for, any command makes it: an empty list, said as one.
    let other = desk.path("new/other.db");
    let out = desk.run_with(&"ticket list --json --create", |c| {
        c.env("SREDESK_DB", &other);
    });
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        crate::common::stderr_of(&out)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "[]");
    assert!(other.exists());
    let err = crate::common::stderr_of(&desk.run("ticket list --create --read-only"));
    assert!(err.contains("cannot be used with"), "{err}");
    // Adding the first customer makes it.
    desk.customer("Acme");
    assert!(db.exists());
    assert_eq!(
        desk.json("customer list --json").as_array().unwrap().len(),
        1
    );
}

#[test]
fn duplicate_or_control_character_customer_names_are_refused() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let before = desk.snapshot();
    let err = desk.fails("customer add --name ACME --kind local");
    assert!(err.contains("already exists"), "{err}");
    let err = desk.fails(&[
        "customer",
        "add",
        "--name",
        "Ev\u{1b}[2Jil",
        "--kind",
        "local",
    ]);
    assert!(err.contains("control characters"), "{err}");
    assert!(!err.contains('\u{1b}'), "{err:?}");
    let err = desk.fails("customer add --name '  ' --kind local");
    assert!(err.contains("customer name is empty"), "{err}");
    let err = usage_failure(
        &desk.run("customer add --name X --kind martian"),
        "customer add",
    );
    assert!(err.contains("martian"), "{err}");
    assert_eq!(desk.snapshot(), before);
}
