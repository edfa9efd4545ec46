//! Adding escalations, their deadlines, and listing them in board order.

use super::*;

#[test]
fn ticket_add_computes_deadline_and_seconds_left_per_severity() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    // (severity, reported at, deadline, seconds left at 10:00)
    let cases = [
        ("S1", "2026-11-22T09:50:00Z", "2026-11-22T10:05:00Z", 300),
        ("S1", "2026-11-22T09:30:00Z", "2026-11-22T09:45:00Z", -900),
        ("S2", "2026-11-22T09:40:00Z", "2026-11-22T10:10:00Z", 600),
        ("S3", "2026-11-22T08:00:00Z", "2026-11-22T11:00:00Z", 3600),
        ("S4", "2026-11-22T06:00:00Z", "2026-11-22T14:00:00Z", 14400),
        ("S5", "2026-11-22T00:00:00Z", "2026-11-22T16:00:00Z", 21600),
    ];
    for (i, (sev, reported, _, _)) in cases.iter().enumerate() {
        let kind = ["faster", "expert", "general"][i % 3];
        let no = format!("T-{i}");
        let out = desk.ok(&[
            "ticket",
            "add",
            "--customer",
            "acme", // names match without regard to case
            "--severity",
            sev,
            "--kind",
            kind,
            "--ticket-no",
            &no,
            "--title",
            &format!("title {i}"),
            "--description",
            "line one\nline two",
            "--reported-at",
            reported,
        ]);
        assert!(
            out.starts_with(&format!("added escalation #{} ({sev} {kind}", i + 1)),
            "{out}"
        );
    }

    let list = desk.json("ticket list --open --json");
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), cases.len());
    for (i, (sev, reported, deadline, left)) in cases.iter().enumerate() {
        let t = list
            .iter()
            .find(|t| t["id"] == (i as i64 + 1))
            .unwrap_or_else(|| panic!("ticket {} missing", i + 1));
        assert_eq!(t["customer"], "Acme");
        assert_eq!(t["severity"], *sev);
        assert_eq!(t["state"], "new");
        assert_eq!(t["ticket_no"], format!("T-{i}"));
        assert_eq!(t["title"], format!("title {i}"));
        assert_eq!(t["description"], "line one\nline two");
        assert_eq!(t["kind"], ["faster", "expert", "general"][i % 3]);
        assert_eq!(time(t["reported_at"].as_str().unwrap()), time(reported));
        assert_eq!(time(t["deadline"].as_str().unwrap()), time(deadline));
        assert_eq!(t["seconds_left"], *left, "{t}");
        assert_eq!(t["breached"], *left < 0, "{t}");
        assert_eq!(t["assignee"], Value::Null);
        assert_eq!(t["responded_at"], Value::Null);
    }
    // The deadline is the report time plus the severity's target.
    for t in list {
        let target = match t["severity"].as_str().unwrap() {
            "S1" => 15 * 60,
            "S2" => 30 * 60,
            "S3" => 3 * 3600,
            "S4" => 8 * 3600,
            "S5" => 16 * 3600,
            other => panic!("severity {other}"),
        };
        let reported = time(t["reported_at"].as_str().unwrap());
        let deadline = time(t["deadline"].as_str().unwrap());
        assert_eq!((deadline - reported).num_seconds(), target, "{t}");
        assert_eq!(
            (deadline - time(NOW)).num_seconds(),
            t["seconds_left"].as_i64().unwrap()
        );
    }
}

#[test]
fn ticket_add_json_and_default_report_time_is_now() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let t = desk.json(
        "ticket add --customer Acme --severity S3 --kind expert --ticket-no INC-1 \
         --title '  disk full  ' --json",
    );
    assert_eq!(t["id"], 1);
    assert_eq!(t["title"], "disk full", "titles are trimmed");
    assert_eq!(t["description"], "");
    assert_eq!(time(t["reported_at"].as_str().unwrap()), time(NOW));
    assert_eq!(
        time(t["deadline"].as_str().unwrap()),
        time("2026-11-22T13:00:00Z")
    );
    assert_eq!(t["seconds_left"], 3 * 3600);
    assert_eq!(t["breached"], false);
    // The same result is what the store kept.
    let shown = desk.show_ticket(1);
    for key in [
        "id",
        "title",
        "severity",
        "state",
        "reported_at",
        "deadline",
    ] {
        assert_eq!(shown[key], t[key], "{key}");
    }
    // A report a few minutes "ahead" of our clock is clock drift, accepted.
    desk.add_ticket("Acme", "INC-2", "S5", "2026-11-22T10:04:00Z");
}

#[test]
fn open_list_puts_most_overdue_first_and_answered_last() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let a = desk.add_ticket("Acme", "A", "S1", "2026-11-22T09:30:00Z"); // -900
    let c = desk.add_ticket("Acme", "C", "S1", "2026-11-22T09:50:00Z"); // +300
    let b = desk.add_ticket("Acme", "B", "S2", "2026-11-22T09:20:00Z"); // -600
    let d = desk.add_ticket("Acme", "D", "S3", "2026-11-22T09:00:00Z"); // +7200
    let e = desk.add_ticket("Acme", "E", "S1", "2026-11-22T09:55:00Z"); // +600
    let f = desk.add_ticket("Acme", "F", "S1", "2026-11-22T09:00:00Z"); // -2700
    let g = desk.add_ticket("Acme", "G", "S5", "2026-11-22T09:00:00Z"); // off the board
    let h = desk.add_ticket("Acme", "H", "S4", "2026-11-22T09:59:00Z"); // +28740

    let list = desk.json("ticket list --open --json");
    assert_eq!(ids(&list), [f, a, b, c, e, d, h, g]);

    // Answering takes a ticket below every unanswered one, however late;
    // leaving the open states takes it off the open list.
    desk.ok(&format!("ticket ack {f}"));
    desk.ok(&format!("ticket ack {e}"));
    desk.ok(&format!("ticket start {e}"));
    desk.ok(&format!("ticket withdraw {g}"));
    let list = desk.json("ticket list --open --json");
    assert_eq!(ids(&list), [a, b, c, d, h, f, e]);
    let rows = list.as_array().unwrap();
    let lefts: Vec<Value> = rows.iter().map(|t| t["seconds_left"].clone()).collect();
    assert_eq!(
        lefts,
        [
            Value::from(-900),
            Value::from(-600),
            Value::from(300),
            Value::from(7200),
            Value::from(28740),
            Value::Null,
            Value::Null
        ]
    );
    // F was answered late: still breached. E was answered in time.
    assert_eq!(rows[5]["breached"], true);
    assert_eq!(rows[5]["response_met"], false);
    assert_eq!(rows[6]["breached"], false);
    assert_eq!(rows[6]["state"], "in_progress");

    // The text listing has the same order.
    let text = desk.ok("ticket list --open");
    let text_ids: Vec<i64> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap().parse().unwrap())
        .collect();
    assert_eq!(text_ids, [a, b, c, d, h, f, e]);

    // Without --open: everything, by id; filters narrow it.
    let all = desk.json("ticket list --json");
    assert_eq!(ids(&all), [a, c, b, d, e, f, g, h]);
    let withdrawn = desk.json("ticket list --state withdrawn --json");
    assert_eq!(ids(&withdrawn), [g]);
    let limited = desk.json("ticket list --open --limit 2 --json");
    assert_eq!(ids(&limited), [a, b]);
}

#[test]
fn list_filters_by_customer() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.subscribed_customer("Blue Sky");
    let a = desk.add_ticket("Acme", "T-1", "S3", "2026-11-22T09:00:00Z");
    // The same ticket number under another customer is a different ticket.
    let b = desk.add_ticket("Blue Sky", "T-1", "S3", "2026-11-22T09:00:00Z");
    let acme = desk.json("ticket list --customer ACME --json");
    assert_eq!(ids(&acme), [a]);
    let blue = desk.json("ticket list --customer 'blue sky' --json");
    assert_eq!(ids(&blue), [b]);
    // (Only stderr is checked here: see
    // `a_failed_listing_writes_nothing_to_stdout` for what reaches stdout.)
    let out = desk.run("ticket list --customer Nobody");
    assert_eq!(out.status.code(), Some(1));
    assert_no_panic(&out);
    let err = stderr_of(&out);
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
}

#[test]
fn a_failed_listing_writes_nothing_to_stdout() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    for args in [
        &["ticket", "list", "--customer", "Nobody"][..],
        &["ticket", "list", "--customer", "Nobody", "--json"][..],
    ] {
        let err = desk.fails(args);
        assert!(err.contains("no customer named 'Nobody'"), "{err}");
    }
}
