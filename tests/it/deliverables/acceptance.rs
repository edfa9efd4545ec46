//! A customer's acceptance of a list: once, after its period, and
//! marked when a ticket changes afterwards.

use super::*;

fn accept<'a>(period: &'a str, kind: &'a str, by: &'a str) -> Vec<&'a str> {
    vec![
        "deliverable",
        "accept",
        "--customer",
        "Acme",
        "--period",
        period,
        "--kind",
        kind,
        "--by",
        by,
    ]
}

#[test]
fn a_list_is_accepted_once_after_its_period_and_a_second_accept_says_by_whom_and_when() {
    let (d, _, _) = small_desk();
    // 23:59:59 on 30 November in Shanghai: the period is not over.
    let err = d.fails_at(
        "2026-11-30T15:59:59Z",
        &accept("2026-11", "tickets", "Li Lei"),
    );
    assert_eq!(
        err,
        "sredesk: period 2026-11 is not over yet (it ends on 2026-11-30); a list is accepted \
         once its period has ended\n"
    );
    assert!(d.dump(&["acceptances"]).is_empty());

    let mut args = accept("2026-11", "tickets", "Li Lei");
    args.push("--json");
    let a = d.ok_as("2026-11-30T16:00:00Z", "alice", &args);
    let a: Value = serde_json::from_str(&a).unwrap();
    assert_eq!(a["customer"], "Acme");
    assert_eq!(a["period"], "2026-11");
    assert_eq!(a["kind"], "tickets");
    assert_eq!(a["accepted_by"], "Li Lei");
    assert_eq!(a["accepted_at"], "2026-11-30T16:00:00Z");
    assert_eq!(a["recorded_by"], "alice");
    assert_eq!(a["items"], 2);
    let recorded = d.dump(&["acceptances"]);
    assert_eq!(recorded.len(), 1);

    // Again, by someone else, the month spelt as a span too: refused.
    for period in ["2026-11", "2026-11-01..2026-11-30"] {
        let out = d.run_as(DEC_1, "bob", &accept(period, "tickets", "Wang Fang"));
        let err = runtime_failure(&out, "");
        assert!(
            err.contains(
                "the Customer Service Ticket List of Acme for 2026-11 was already accepted by \
                 Li Lei on 2026-12-01 00:00 Asia/Shanghai (recorded by alice)"
            ),
            "{err}"
        );
    }
    assert_eq!(
        d.dump(&["acceptances"]),
        recorded,
        "the refusals changed nothing"
    );

    // The status shows it, in the desk's time.
    let text = d.ok_at(DEC_1, "deliverable status --customer Acme");
    assert!(
        text.contains("2026-11  tickets          2 rows  accepted by Li Lei on 2026-12-01\n"),
        "{text}"
    );
    assert!(
        text.contains("2026-11  requirements     1 row   not accepted\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "acceptances recorded: 1\n  2026-11                tickets      by Li Lei on \
             2026-12-01 00:00 CST (recorded by alice, 2 rows)"
        ),
        "{text}"
    );
    let v = d.json_at(DEC_1, "deliverable status --customer Acme --json");
    let recent = v["recent"].as_array().unwrap();
    assert_eq!(recent.len(), 6, "three months, two lists each");
    assert_eq!(recent[0]["period"], "2026-11");
    assert_eq!(recent[0]["kind"], "tickets");
    assert_eq!(recent[0]["acceptance"]["accepted_by"], "Li Lei");
    assert_eq!(recent[0]["changed_since_acceptance"], false);
    assert_eq!(recent[1]["kind"], "requirements");
    assert_eq!(recent[1]["acceptance"], Value::Null);
    assert_eq!(recent[2]["period"], "2026-10");
    assert_eq!(v["acceptances"].as_array().unwrap().len(), 1);
    let show = d.ok_at(DEC_1, "customer show Acme");
    assert!(
        show.contains("2026-11  tickets          2 rows  accepted by Li Lei on 2026-12-01"),
        "{show}"
    );
}

#[test]
fn a_ticket_changed_after_acceptance_marks_the_list_changed_since() {
    let (d, t2, r) = small_desk();
    d.ok_at(DEC_1, &accept("2026-11", "tickets", "Li Lei"));
    d.ok_at(DEC_1, &accept("2026-11", "requirements", "Li Lei"));
    let recorded = d.dump(&["acceptances"]);
    let changed = |now: &str| -> (Value, Value) {
        let v = d.json_at(now, "deliverable status --customer Acme --json");
        (
            v["recent"][0]["changed_since_acceptance"].clone(),
            v["recent"][1]["changed_since_acceptance"].clone(),
        )
    };
    assert_eq!(changed(DEC_1), (json!(false), json!(false)));
    // The requirement moves in December: November's list, as at its end,
    // is what was accepted.
    d.req_step("2026-12-01T03:00:00Z", r, &["advance"]);
    assert_eq!(
        changed("2026-12-01T03:00:00Z"),
        (json!(false), json!(false))
    );
    // A November ticket answered in December: the list differs.
    d.triage("2026-12-01T03:00:00Z", "ack", t2, &[]);
    assert_eq!(changed("2026-12-01T03:00:00Z"), (json!(true), json!(false)));
    let text = d.ok_at("2026-12-01T03:00:00Z", "deliverable status --customer Acme");
    assert!(
        text.contains(
            "2026-11  tickets          2 rows  accepted by Li Lei on 2026-12-01; changed since\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("2026-11  requirements     1 row   accepted by Li Lei on 2026-12-01\n"),
        "{text}"
    );
    assert_eq!(
        d.dump(&["acceptances"]),
        recorded,
        "the acceptance itself stays"
    );
}

#[test]
fn a_span_is_its_own_deliverable() {
    let (d, _, _) = small_desk();
    // The first half of November is over at midnight on the 16th.
    let err = d.fails_at(
        "2026-11-15T15:59:59Z",
        &accept("2026-11-01..2026-11-15", "tickets", "Li Lei"),
    );
    assert!(
        err.contains("period 2026-11-01..2026-11-15 is not over yet"),
        "{err}"
    );
    let out = d.ok_at(
        "2026-11-15T16:00:00Z",
        &accept("2026-11-01..2026-11-15", "tickets", "Li Lei"),
    );
    assert_eq!(
        out,
        "recorded: Li Lei accepted the Customer Service Ticket List of Acme for \
         2026-11-01..2026-11-15 (1 row)\n"
    );
    d.ok_at(DEC_1, &accept("2026-11", "tickets", "Li Lei"));
    let v = d.json_at(DEC_1, "deliverable status --customer Acme --json");
    let periods: Vec<&str> = v["acceptances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["period"].as_str().unwrap())
        .collect();
    assert_eq!(periods, ["2026-11", "2026-11-01..2026-11-15"]);
}

#[test]
fn acceptance_refuses_bad_input_and_writes_nothing() {
    let (d, _, _) = small_desk();
    for (by, says) in [
        ("", "who accepted is not named"),
        ("   ", "who accepted is not named"),
        ("Li\x1b[2JLei", "who accepted contains control characters"),
    ] {
        let err = d.fails_at(DEC_1, &accept("2026-11", "tickets", by));
        assert!(err.contains(says), "{by:?}: {err}");
    }
    let long = "x".repeat(201);
    let err = d.fails_at(DEC_1, &accept("2026-11", "tickets", &long));
    assert!(
        err.contains("who accepted is longer than 200 characters"),
        "{err}"
    );
    let err = d.fails_at(
        DEC_1,
        "deliverable accept --customer Nobody --period 2026-11 --kind tickets --by x",
    );
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    let err = d.fails_at(DEC_1, &accept("2026-12", "tickets", "Li Lei"));
    assert!(
        err.contains("period 2026-12 is not over yet (it ends on 2026-12-31)"),
        "{err}"
    );
    let err = d.fails_at(
        DEC_1,
        &accept("2026-11-20..2026-12-01", "tickets", "Li Lei"),
    );
    assert!(err.contains("not over yet"), "{err}");
    for (args, says) in [
        (
            accept("2026-11", "invoices", "x"),
            "unknown deliverable kind 'invoices'",
        ),
        (
            accept("2026-13", "tickets", "x"),
            "'2026-13' is not a period",
        ),
        (accept("Nov", "tickets", "x"), "'Nov' is not a period"),
    ] {
        let err = usage_failure(&d.run_at(DEC_1, &args), &args);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let err = usage_failure(
        &d.run_at(
            DEC_1,
            "deliverable accept --customer Acme --period 2026-11 --kind tickets",
        ),
        "",
    );
    assert!(err.contains("--by"), "{err}");
    let err = d.fails_at(DEC_1, "deliverable status --customer Nobody");
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    assert!(d.dump(&["acceptances"]).is_empty());
}
