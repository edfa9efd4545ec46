//! `sredesk demo`: fills a new store once, and never a real one.

use super::*;

#[test]
fn demo_fills_a_new_store_once_and_refuses_to_refill_it() {
    let desk = Desk::new();
    let demo = desk.path("nested/demo.db");
    let demo_arg = demo.to_str().unwrap();
    let args = [
        "demo",
        "--no-open",
        "--tickets",
        "500",
        "--customers",
        "5",
        "--db",
        demo_arg,
    ];
    let out = desk.ok(&args);
    assert!(out.contains("demo store ready"), "{out}");
    assert!(out.contains("demo.db"), "{out}");

    let on_demo = |extra: &str| {
        let mut words = vec!["--db".to_string(), demo_arg.to_string()];
        words.extend(extra.words());
        desk.json(&words)
    };
    let open = on_demo("ticket list --open --json");
    let open = open.as_array().unwrap();
    assert!(!open.is_empty());
    assert!(open.len() < 500);
    let all = on_demo("ticket list --json");
    assert_eq!(all.as_array().unwrap().len(), 500);
    let customers = on_demo("customer list --json");
    assert_eq!(customers.as_array().unwrap().len(), 5);
    // Board order holds on generated data too: rank (unanswered,
    // answered, paused), then deadline.
    let keys: Vec<(u8, String)> = open
        .iter()
        .map(|t| {
            let rank = match (t["state"] == "new", t["pause"].is_null()) {
                (_, false) => 2,
                (false, true) => 1,
                (true, true) => 0,
            };
            (rank, t["deadline"].as_str().unwrap().to_string())
        })
        .collect();
    assert!(
        keys.iter().any(|(rank, _)| *rank == 2),
        "the demo has paused ones"
    );
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);

    let again = desk.run(&args);
    let err = runtime_failure(&again, &args);
    assert!(err.contains("already holds 500 escalations"), "{err}");
    let all = on_demo("ticket list --json");
    assert_eq!(all.as_array().unwrap().len(), 500);
    // The user's own store was never touched.
    assert!(!desk.db().exists());
}

#[test]
fn demo_refuses_a_store_with_real_escalations() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let args = ["demo", "--no-open", "--tickets", "50", "--customers", "2"];
    let err = desk.fails(&args); // --db comes from SREDESK_DB
    assert!(err.contains("already holds 2 escalations"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn demo_refuses_a_store_with_real_customers_only() {
    let desk = Desk::new();
    desk.ok("customer add --name 'Real Bank' --kind local");
    let before = desk.snapshot();
    let err = desk.fails("demo --no-open --tickets 50");
    assert!(
        err.contains("already holds 0 escalations and 1 customers"),
        "{err}"
    );
    assert_eq!(desk.snapshot(), before);
}

/// The smallest demos: every incident and change reaches someone (three
/// customers once failed with "CHG-3 touches no customer's inventory").
#[test]
fn a_demo_of_one_two_or_three_customers_is_made() {
    let desk = Desk::new();
    for n in ["1", "2", "3"] {
        let db = desk.path(&format!("demo-{n}.db"));
        let db = db.to_str().unwrap();
        let out = desk.ok(&[
            "demo",
            "--no-open",
            "--tickets",
            "50",
            "--customers",
            n,
            "--db",
            db,
        ]);
        assert!(out.contains("demo store ready"), "{out}");
        let changes = desk.json(&["--db", db, "change", "list", "--all", "--json"]);
        assert_eq!(changes.as_array().map(Vec::len), Some(3), "{n}: {changes}");
    }
}

/// `--no-notices` makes the same desk with nothing in its outbox: a big
/// desk at rest, to measure. Without it the demo's notices wait there.
#[test]
fn a_demo_without_notices_starts_with_an_empty_outbox() {
    let desk = Desk::new();
    let made = |name: &str, extra: &[&str]| {
        let db = desk.path(name);
        let db = db.to_str().unwrap().to_string();
        let mut args = vec!["demo", "--no-open", "--tickets", "200", "--db", &db];
        args.extend_from_slice(extra);
        desk.ok(&args);
        let notices = desk.json(&["--db", &db, "notice", "list", "--json"]);
        let customers = desk.json(&["--db", &db, "customer", "list", "--json"]);
        let incidents = desk.json(&["--db", &db, "incident", "list", "--all", "--json"]);
        (
            notices.as_array().unwrap().len(),
            customers.as_array().unwrap().len(),
            incidents.as_array().unwrap().len(),
        )
    };
    let (notices, customers, incidents) = made("usual.db", &[]);
    assert!(notices > 0, "the usual demo queues its notices");
    let quiet = made("quiet.db", &["--no-notices"]);
    assert_eq!(
        quiet,
        (0, customers, incidents),
        "the same desk, its outbox empty"
    );
}
