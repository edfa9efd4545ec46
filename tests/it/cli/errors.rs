//! Refusals: bad input, illegal transitions, unknown ids, no engineer,
//! a bad clock, a file that is not a store. Each writes nothing.

use super::*;

#[test]
fn add_for_an_unknown_customer_is_refused_and_writes_nothing() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let err = desk.fails(&add_args("Nobody", "T-9", "x"));
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    assert!(err.contains("sredesk customer list"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn duplicate_ticket_number_is_refused_and_writes_nothing() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let err = desk.fails(&add_args("Acme", "T-1", "again"));
    assert!(
        err.contains("customer 'Acme' already has escalation #1 for ticket T-1"),
        "{err}"
    );
    // Surrounding blanks do not make it a different ticket number.
    let err = desk.fails(&add_args("acme", " T-1 ", "again"));
    assert!(err.contains("already has escalation #1"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn empty_title_or_ticket_number_is_refused_and_writes_nothing() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let err = desk.fails(&add_args("Acme", "T-9", ""));
    assert!(err.contains("title is empty"), "{err}");
    let err = desk.fails(&add_args("Acme", "T-9", "   "));
    assert!(err.contains("title is empty"), "{err}");
    let err = desk.fails(&add_args("Acme", " ", "x"));
    assert!(err.contains("ticket number is empty"), "{err}");
    let long = "x".repeat(201);
    let err = desk.fails(&add_args("Acme", "T-9", &long));
    assert!(err.contains("title is 201 characters long"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn unknown_severity_is_a_usage_error() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let mut args = add_args("Acme", "T-9", "x");
    args[5] = "S9";
    let err = usage_failure(&desk.run(&args), &args);
    assert!(err.contains("'S9'"), "{err}");
    assert!(err.contains("--severity"), "{err}");
    assert!(err.contains("expected S1, S2, S3, S4 or S5"), "{err}");
    let err = usage_failure(&desk.run("ticket severity 1 S0"), "ticket severity");
    assert!(err.contains("'S0'"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn bad_or_future_report_time_is_refused() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    for bad in ["yesterday", "2026-11-22 09:00", "2026-13-01T00:00:00Z", ""] {
        let mut args = add_args("Acme", "T-9", "x");
        args.extend(["--reported-at", bad]);
        let err = usage_failure(&desk.run(&args), &args);
        assert!(err.contains("--reported-at"), "{bad:?}: {err}");
        if !bad.is_empty() {
            assert!(err.contains("is not an RFC 3339 time"), "{bad:?}: {err}");
        }
    }
    // One rule for every time: the years every date keeps to.
    for far in ["0001-01-01T00:00:00Z", "1969-12-31T23:00:00Z"] {
        let mut args = add_args("Acme", "T-9", "x");
        args.extend(["--reported-at", far]);
        let err = usage_failure(&desk.run(&args), &args);
        assert!(
            err.contains("outside the years 1970 to 2200"),
            "{far}: {err}"
        );
    }
    assert_eq!(desk.snapshot(), before);
    // More than a few minutes ahead of the clock.
    let mut args = add_args("Acme", "T-9", "x");
    args.extend(["--reported-at", "2026-11-22T11:00:00Z"]);
    let err = desk.fails(&args);
    assert!(err.contains("is in the future"), "{err}");
    assert!(err.contains("2026-11-22T11:00:00"), "{err}");
    // An offset is understood: 10:30+01:00 is 09:30Z, in the past.
    let mut args = add_args("Acme", "T-10", "x");
    args.extend(["--reported-at", "2026-11-22T10:30:00+01:00", "--json"]);
    assert_eq!(desk.snapshot(), before);
    let t: Value = serde_json::from_str(&desk.ok(&args)).unwrap();
    assert_eq!(
        time(t["reported_at"].as_str().unwrap()),
        time("2026-11-22T09:30:00Z")
    );
}

#[test]
fn a_clock_set_past_the_years_is_refused_cleanly() {
    let desk = desk_with_tickets();
    for now in ["9999-12-31T23:59:59Z", "2201-01-01T00:00:00Z"] {
        let err = desk.fails_at(now, "ticket list --json");
        assert!(
            err.contains("SREDESK_NOW") && err.contains("outside the years 1970 to 2200"),
            "{now}: {err}"
        );
    }
}

#[test]
fn illegal_transitions_are_refused_and_write_nothing() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    // #1 is new, #2 acknowledged.
    let err = desk.fails("ticket resolve 1 --note done");
    assert!(err.contains("cannot resolve T-1 (#1): it is new"), "{err}");
    let err = desk.fails("ticket start 1");
    assert!(err.contains("cannot start work on T-1 (#1)"), "{err}");
    let err = desk.fails("ticket close 2");
    assert!(
        err.contains("cannot close T-2 (#2): it is acknowledged"),
        "{err}"
    );
    let err = desk.fails("ticket ack 2");
    assert!(err.contains("cannot acknowledge T-2 (#2)"), "{err}");
    let err = desk.fails("ticket severity 1 S2");
    assert!(err.contains("already S2"), "{err}");
    let err = desk.fails("ticket assign 2");
    assert!(err.contains("already assigned to tester"), "{err}");
    assert_eq!(desk.snapshot(), before);

    // Nothing can be done to a ticket that has left the open states.
    desk.ok("ticket withdraw 1");
    let before = desk.snapshot();
    for args in [
        "ticket withdraw 1",
        "ticket ack 1",
        "ticket severity 1 S1",
        "ticket assign 1 bob",
        "ticket out-of-scope 1 --reason idc-hardware",
    ] {
        let err = desk.fails(args);
        assert!(err.contains("T-1 (#1): it is withdrawn"), "{args:?}: {err}");
    }
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn unknown_ticket_id_is_refused() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    for args in [
        "ticket show 999",
        "ticket show 999 --json",
        "ticket ack 999",
        "ticket assign 999",
        "ticket resolve 999",
        "ticket out-of-scope 999 --reason beyond-service",
    ] {
        let err = desk.fails(args);
        assert!(err.contains("no escalation #999"), "{args:?}: {err}");
    }
    let err = usage_failure(&desk.run("ticket ack one"), "ticket ack");
    assert!(err.contains("'one'"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn out_of_scope_with_a_bad_reason_is_a_usage_error() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let args = "ticket out-of-scope 1 --reason too-hard";
    let err = usage_failure(&desk.run(args), args);
    assert!(err.contains("'too-hard'"), "{err}");
    assert!(err.contains("--reason"), "{err}");
    assert!(err.contains("code-development"), "lists the reasons: {err}");
    let args = "ticket out-of-scope 1";
    let err = usage_failure(&desk.run(args), args);
    assert!(err.contains("--reason"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn a_write_without_an_engineer_identity_fails_and_says_how_to_set_one() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let anonymous = |c: &mut Command| {
        c.env_remove("SREDESK_ENGINEER")
            .env_remove("USER")
            .env_remove("LOGNAME");
    };
    let add = add_args("Acme", "T-9", "x");
    let writes: [&dyn Args; 5] = [
        &"customer add --name 'Blue Sky' --kind local",
        &add,
        &"ticket ack 1",
        &"ticket withdraw 1",
        &"ticket assign 2",
    ];
    for args in writes {
        let out = desk.run_with(args, anonymous);
        let err = runtime_failure(&out, args);
        let args = args.words();
        assert!(err.contains("SREDESK_ENGINEER"), "{args:?}: {err}");
        assert!(err.contains("--engineer"), "{args:?}: {err}");
        assert!(err.contains("engineer = "), "{args:?}: {err}");
    }
    // A blank name is no name.
    let out = desk.run_with("ticket ack 1", |c| {
        anonymous(c);
        c.env("SREDESK_ENGINEER", "   ");
    });
    runtime_failure(&out, "ticket ack");
    // Nor is one that could drive a terminal.
    let out = desk.run_with("ticket ack 1", |c| {
        c.env("SREDESK_ENGINEER", "evil\u{1b}[2J");
    });
    let err = runtime_failure(&out, "ticket ack");
    assert!(err.contains("control characters"), "{err}");
    assert_eq!(desk.snapshot(), before);

    // Reading needs no identity.
    let out = desk.run_with("ticket list --json", anonymous);
    assert_success(&out, "ticket list");
    // $USER is the fallback.
    let out = desk.run_with("ticket ack 1", |c| {
        anonymous(c);
        c.env("USER", "unix-user");
    });
    assert_success(&out, "ticket ack");
    assert_eq!(desk.show_ticket(1)["assignee"], "unix-user");
}

#[test]
fn a_bad_clock_override_is_refused() {
    let desk = desk_with_tickets();
    let before = desk.snapshot();
    let out = desk.run_with("ticket list", |c| {
        c.env("SREDESK_NOW", "soon");
    });
    let err = runtime_failure(&out, "ticket list");
    assert!(err.contains("SREDESK_NOW"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn a_file_that_is_not_a_store_is_refused_and_left_alone() {
    let desk = Desk::new();
    let junk = b"these are my notes, not a database\n".repeat(200);
    std::fs::write(desk.db(), &junk).unwrap();
    let err = desk.fails("ticket list");
    assert!(err.contains("is not a sredesk store"), "{err}");
    assert!(err.contains("s.db"), "{err}");
    let err = desk.fails("customer add --name Acme --kind local");
    assert!(err.contains("is not a sredesk store"), "{err}");
    assert_eq!(std::fs::read(desk.db()).unwrap(), junk);
}
