//! Who may submit a requirement: more than three consecutive months of
//! subscription; and what `requirement add` refuses.

use super::*;

#[test]
fn three_consecutive_months_are_refused_and_the_fourth_is_eligible() {
    let desk = Desk::new();
    desk.customer("Acme");
    // August (from the 3rd), September, October, ...
    desk.subscribe("Acme", "2026-07-01", "2026-08-03", 6);
    // 23:59:59 on 31 October in Shanghai: still the third month.
    let before = desk.requirement_counts();
    let err = desk.fails_at("2026-10-31T15:59:59Z", &add_args("Acme", "dark mode"));
    assert!(
        err.contains("customer 'Acme' cannot submit requirements yet"),
        "{err}"
    );
    assert!(err.contains("more than three consecutive months"), "{err}");
    assert!(err.contains("this is month 3 of the current run"), "{err}");
    assert!(err.contains("can be submitted from 2026-11"), "{err}");
    assert_eq!(
        desk.requirement_counts(),
        before,
        "a refused add writes nothing"
    );
    assert_eq!(desk.requirement_counts(), (0, 0));
    assert_eq!(
        desk.json("requirement list --json"),
        json!([]),
        "nothing listed after a refusal"
    );
    // Midnight in Shanghai (still 31 October in UTC): the fourth month.
    let id = desk.add_at("2026-10-31T16:00:00Z", "Acme", "dark mode");
    let r = desk.show_requirement(id);
    assert_eq!(r["state"], "submitted");
    assert_eq!(r["submitted_at"], "2026-10-31T16:00:00Z");
    assert_eq!(desk.requirement_counts(), (1, 1));
}

#[test]
fn renewals_without_a_gap_count_towards_the_months() {
    let desk = Desk::new();
    desk.customer("Acme");
    // May to July, renewed for August to October with no gap.
    desk.subscribe("Acme", "2026-04-20", "2026-05-04", 3);
    desk.subscribe("Acme", "2026-07-20", "2026-08-01", 3);
    // 10 August: the fourth consecutive month, though the renewal is in
    // its first.
    desk.add_at("2026-08-10T02:00:00Z", "Acme", "audit log export");
    // The last day of July is still the third.
    let err = desk.fails_at("2026-07-31T02:00:00Z", &add_args("Acme", "too soon"));
    assert!(err.contains("month 3"), "{err}");
    assert!(err.contains("from 2026-08"), "{err}");
    assert_eq!(desk.requirement_counts(), (1, 1));
}

#[test]
fn a_gap_starts_the_count_again_and_the_refusal_names_the_month() {
    let desk = Desk::new();
    desk.customer("Acme");
    // May to July; nothing in August; again from September.
    desk.subscribe("Acme", "2026-04-20", "2026-05-04", 3);
    desk.subscribe("Acme", "2026-08-20", "2026-09-01", 6);
    let err = desk.fails(&add_args("Acme", "dark mode"));
    assert!(err.contains("this is month 3 of the current run"), "{err}");
    assert!(err.contains("can be submitted from 2026-12"), "{err}");
    assert_eq!(desk.requirement_counts(), (0, 0));
    // 1 December in Shanghai: the fourth month since the gap.
    desk.add_at("2026-11-30T16:00:00Z", "Acme", "dark mode");

    // A single missing day also breaks the run.
    desk.customer("Beta");
    desk.subscribe("Beta", "2026-04-20", "2026-05-04", 3);
    desk.subscribe("Beta", "2026-07-20", "2026-08-02", 6);
    let err = desk.fails_at("2026-10-15T02:00:00Z", &add_args("Beta", "x"));
    assert!(err.contains("month 3"), "{err}");
    assert!(err.contains("from 2026-11"), "{err}");
}

#[test]
fn a_run_too_short_to_reach_the_fourth_month_says_it_needs_a_renewal() {
    let desk = Desk::new();
    desk.customer("Acme");
    // September to November only.
    desk.subscribe("Acme", "2026-08-20", "2026-09-01", 3);
    let err = desk.fails(&add_args("Acme", "x"));
    assert!(err.contains("month 3 of the current run"), "{err}");
    assert!(err.contains("which ends on 2026-11-30"), "{err}");
    assert!(
        err.contains("renewed without a gap, requirements can be submitted from 2026-12"),
        "{err}"
    );
    assert_eq!(desk.requirement_counts(), (0, 0));
}

#[test]
fn no_subscription_today_is_refused_with_the_reason() {
    let desk = Desk::new();
    desk.customer("Acme");
    let err = desk.fails(&add_args("Acme", "x"));
    assert!(
        err.contains("the customer has no subscription today"),
        "{err}"
    );
    // One that starts later names when requirements open.
    desk.subscribe("Acme", "2026-11-20", "2026-12-01", 6);
    let err = desk.fails(&add_args("Acme", "x"));
    assert!(
        err.contains(
            "the next one starts on 2026-12-01, so requirements can be submitted from 2027-03"
        ),
        "{err}"
    );
    // An expired one is no subscription either.
    desk.customer("Old");
    desk.subscribe("Old", "2026-01-05", "2026-02-02", 8);
    let err = desk.fails(&add_args("Old", "x"));
    assert!(err.contains("no subscription today"), "{err}");
    assert_eq!(desk.requirement_counts(), (0, 0));
}

#[test]
fn add_refuses_bad_input_and_writes_nothing() {
    let desk = Desk::new();
    desk.eligible_customer("Acme");
    let err = desk.fails(&add_args("Nobody", "x"));
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    let err = desk.fails(&add_args("Acme", "   "));
    assert!(err.contains("title is empty"), "{err}");
    let long = "x".repeat(201);
    let err = desk.fails(&add_args("Acme", &long));
    assert!(err.contains("title is 201 characters long"), "{err}");
    let args = [
        "requirement",
        "add",
        "--customer",
        "Acme",
        "--title",
        "t",
        "--description",
        &"d".repeat(20_001),
    ];
    let err = desk.fails(&args);
    assert!(
        err.contains("description is 20001 characters long"),
        "{err}"
    );
    let err = usage_failure(
        &desk.run_as(NOW, "tester", "requirement add --customer Acme"),
        "",
    );
    assert!(err.contains("--title"), "{err}");
    assert_eq!(desk.requirement_counts(), (0, 0));
    // The customer is found whatever the case; the title is trimmed.
    let v = desk.json(&[
        "requirement",
        "add",
        "--customer",
        "acme",
        "--title",
        "  dark mode  ",
        "--description",
        "for the console\n",
        "--json",
    ]);
    assert_eq!(v["customer"], "Acme");
    assert_eq!(v["title"], "dark mode");
    assert_eq!(v["description"], "for the console");
}
