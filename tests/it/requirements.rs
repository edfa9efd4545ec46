//! The requirement pipeline through the `sredesk` binary: who may submit
//! (more than three consecutive months of subscription), every legal and
//! illegal step, the rollout plan, and the timestamped history. Each test
//! runs the real executable on a store in its own temporary directory with
//! the clock set per command (`SREDESK_NOW`); the desk's zone is the
//! default, Asia/Shanghai (UTC+8, no daylight saving).

use crate::common::*;

use serde_json::{Value, json};

impl Desk {
    fn add_at(&self, now: &str, customer: &str, title: &str) -> i64 {
        let v = self.json_at(
            now,
            &[
                "requirement",
                "add",
                "--customer",
                customer,
                "--title",
                title,
                "--json",
            ],
        );
        v["id"].as_i64().expect("id")
    }

    fn show_requirement(&self, id: i64) -> Value {
        self.json(&["requirement", "show", &id.to_string(), "--json"])
    }

    fn requirement_state(&self, id: i64) -> String {
        self.show_requirement(id)["state"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Raw row counts of the requirement tables, to prove a refusal wrote
    /// nothing.
    fn requirement_counts(&self) -> (i64, i64) {
        (self.count("requirements"), self.count("requirement_events"))
    }

    /// Everything the store says about a requirement, and the table sizes.
    fn requirement_snapshot(&self, id: i64) -> (Value, (i64, i64)) {
        (self.show_requirement(id), self.requirement_counts())
    }
}

fn add_args<'a>(customer: &'a str, title: &'a str) -> Vec<&'a str> {
    vec![
        "requirement",
        "add",
        "--customer",
        customer,
        "--title",
        title,
    ]
}

// ------------------------------------------------------------- eligibility

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
        desk.json(&["requirement", "list", "--json"]),
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
        &desk.run_as(NOW, "tester", &["requirement", "add", "--customer", "Acme"]),
        &[],
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

// ------------------------------------------------------------- transitions

/// Drives a new requirement along `path` (commands after `add`), one hour
/// apart from `NOW`, and returns its id.
fn requirement_through(desk: &Desk, path: &[&[&str]]) -> i64 {
    let id = desk.add_at(NOW, "Acme", "dark mode for the console");
    for (i, step) in path.iter().enumerate() {
        let at = format!("2026-11-22T{:02}:00:00Z", 11 + i);
        let mut args = vec!["requirement", step[0]];
        let id = id.to_string();
        args.push(&id);
        args.extend_from_slice(&step[1..]);
        desk.ok_at(&at, &args);
    }
    id
}

const ADVANCE: &[&str] = &["advance"];
const REJECT: &[&str] = &["reject", "--reason", "not on the roadmap"];

/// One requirement in each state (two ways to be customer_notified).
fn one_in_each_state(desk: &Desk) -> Vec<(&'static str, i64)> {
    let paths: [(&str, &[&[&str]]); 8] = [
        ("submitted", &[]),
        ("analysing", &[ADVANCE]),
        ("confirmed", &[ADVANCE, ADVANCE]),
        ("reported_to_rnd", &[ADVANCE, ADVANCE, ADVANCE]),
        ("accepted", &[ADVANCE, ADVANCE, ADVANCE, ADVANCE]),
        ("rejected", &[ADVANCE, ADVANCE, ADVANCE, REJECT]),
        (
            "customer_notified",
            &[ADVANCE, ADVANCE, ADVANCE, ADVANCE, ADVANCE],
        ),
        (
            "customer_notified",
            &[ADVANCE, ADVANCE, ADVANCE, REJECT, ADVANCE],
        ),
    ];
    paths
        .iter()
        .map(|(state, path)| {
            let id = requirement_through(desk, path);
            assert_eq!(desk.requirement_state(id), *state, "#{id} via {path:?}");
            (*state, id)
        })
        .collect()
}

#[test]
fn advance_from_every_state() {
    let desk = Desk::new();
    desk.eligible_customer("Acme");
    let later = "2026-11-23T02:00:00Z";
    for (state, id) in one_in_each_state(&desk) {
        let sid = id.to_string();
        let expected = match state {
            "submitted" => Some("analysing"),
            "analysing" => Some("confirmed"),
            "confirmed" => Some("reported_to_rnd"),
            "reported_to_rnd" => Some("accepted"),
            "accepted" | "rejected" => Some("customer_notified"),
            "customer_notified" => None,
            _ => unreachable!(),
        };
        match expected {
            Some(to) => {
                let out = desk.ok_at(later, &["requirement", "advance", &sid]);
                assert_eq!(out, format!("requirement #{id}: now {to}\n"));
                let r = desk.show_requirement(id);
                assert_eq!(r["state"], to);
                assert_eq!(r["state_since"], later);
                let last = r["history"].as_array().unwrap().last().unwrap().clone();
                assert_eq!(last["from"], state);
                assert_eq!(last["to"], to);
                assert_eq!(last["at"], later);
            }
            None => {
                let before = desk.requirement_snapshot(id);
                let err = desk.fails_at(later, &["requirement", "advance", &sid]);
                assert_eq!(
                    err,
                    format!(
                        "sredesk: requirement #{id} is customer_notified: the customer has been \
                         notified, nothing follows\n"
                    )
                );
                assert_eq!(
                    desk.requirement_snapshot(id),
                    before,
                    "#{id}: a refusal writes nothing"
                );
            }
        }
    }
}

#[test]
fn only_reported_to_rnd_may_be_rejected_and_only_with_a_reason() {
    let desk = Desk::new();
    desk.eligible_customer("Acme");
    let later = "2026-11-23T02:00:00Z";
    for (state, id) in one_in_each_state(&desk) {
        let sid = id.to_string();
        let before = desk.requirement_snapshot(id);
        if state != "reported_to_rnd" {
            let err = desk.fails_at(later, &["requirement", "reject", &sid, "--reason", "no"]);
            assert!(
                err.contains(&format!("cannot reject requirement #{id}: it is {state}")),
                "{err}"
            );
            assert!(err.contains("once it is reported_to_rnd"), "{err}");
            assert_eq!(desk.requirement_snapshot(id), before, "#{id} ({state})");
            continue;
        }
        for empty in ["", "   ", "\n\t"] {
            let err = desk.fails_at(later, &["requirement", "reject", &sid, "--reason", empty]);
            assert_eq!(err, "sredesk: a rejection needs a reason\n");
            assert_eq!(desk.requirement_snapshot(id), before);
        }
        let err = usage_failure(
            &desk.run_as(later, "tester", &["requirement", "reject", &sid]),
            &[],
        );
        assert!(err.contains("--reason"), "{err}");
        let v = desk.json_at(
            later,
            &[
                "requirement",
                "reject",
                &sid,
                "--reason",
                "  not on the roadmap for 2027  ",
                "--json",
            ],
        );
        assert_eq!(v["state"], "rejected");
        assert_eq!(v["rejection_reason"], "not on the roadmap for 2027");
        assert_eq!(v["accepted"], false);
        let r = desk.show_requirement(id);
        let last = r["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(last["from"], "reported_to_rnd");
        assert_eq!(last["to"], "rejected");
        assert_eq!(last["note"], "not on the roadmap for 2027");
        // Rejected is not rejected twice.
        let err = desk.fails_at(later, &["requirement", "reject", &sid, "--reason", "again"]);
        assert!(err.contains("it is rejected"), "{err}");
    }
}

#[test]
fn the_rollout_plan_is_recorded_only_after_accepted() {
    let desk = Desk::new();
    desk.eligible_customer("Acme");
    let later = "2026-11-23T02:00:00Z";
    let states = one_in_each_state(&desk);
    let (notified_accepted, notified_rejected) = (states[6].1, states[7].1);
    for (state, id) in &states {
        let sid = id.to_string();
        let plan = [
            "requirement",
            "plan",
            &sid,
            "--date",
            "2027-03-01",
            "--note",
            "March release",
        ];
        let before = desk.requirement_snapshot(*id);
        let allowed = *state == "accepted" || *id == notified_accepted;
        if !allowed {
            let err = desk.fails_at(later, &plan);
            assert!(
                err.contains(&format!(
                    "cannot record a rollout plan for requirement #{id}: it is {state}"
                )),
                "{err}"
            );
            assert!(err.contains("only after R&D accepted it"), "{err}");
            assert_eq!(desk.requirement_snapshot(*id), before);
            continue;
        }
        let out = desk.ok_at(later, &plan);
        assert_eq!(
            out,
            format!("requirement #{id}: rollout plan 2027-03-01: March release\n")
        );
        let r = desk.show_requirement(*id);
        assert_eq!(r["state"], *state, "a plan does not move the requirement");
        assert_eq!(r["state_since"], before.0["state_since"]);
        assert_eq!(
            r["rollout"],
            json!({"date": "2027-03-01", "note": "March release"})
        );
        let last = r["history"].as_array().unwrap().last().unwrap().clone();
        assert_eq!(
            last,
            json!({
                "from": state, "to": state, "at": later, "engineer": "tester",
                "note": "March release", "rollout_on": "2027-03-01"
            })
        );
        // An empty note is refused; a new plan replaces the old one and
        // both stay in the history.
        let err = desk.fails_at(
            later,
            &[
                "requirement",
                "plan",
                &sid,
                "--date",
                "2027-04-01",
                "--note",
                " ",
            ],
        );
        assert_eq!(err, "sredesk: a rollout plan needs a note\n");
        desk.ok_at(
            "2026-11-24T02:00:00Z",
            &[
                "requirement",
                "plan",
                &sid,
                "--date",
                "2027-04-01",
                "--note",
                "slipped to April",
            ],
        );
        let r = desk.show_requirement(*id);
        assert_eq!(r["rollout"]["date"], "2027-04-01");
        let plans: Vec<_> = r["history"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|t| t["rollout_on"].as_str())
            .collect();
        assert_eq!(plans, ["2027-03-01", "2027-04-01"]);
    }
    assert!(desk.show_requirement(notified_rejected)["rollout"].is_null());
    // A date that does not exist is a usage error.
    let err = usage_failure(
        &desk.run_as(
            later,
            "tester",
            &[
                "requirement",
                "plan",
                "5",
                "--date",
                "2027-02-30",
                "--note",
                "n",
            ],
        ),
        &[],
    );
    assert!(err.contains("--date"), "{err}");
}

#[test]
fn every_transition_is_timestamped_with_the_engineer() {
    let desk = Desk::new();
    desk.eligible_customer("Acme");
    let steps: [(&str, &str, &[&str]); 6] = [
        ("2026-11-22T10:00:00Z", "alice", &[]),
        ("2026-11-22T11:30:00Z", "bob", &["advance"]),
        ("2026-11-23T01:00:00Z", "carol", &["advance"]),
        ("2026-11-24T02:15:00Z", "alice", &["advance"]),
        ("2026-11-25T03:00:00Z", "dave", &["advance"]),
        ("2026-11-26T04:00:00Z", "bob", &["plan"]),
    ];
    let v = desk.ok_as(
        steps[0].0,
        steps[0].1,
        &[
            "requirement",
            "add",
            "--customer",
            "Acme",
            "--title",
            "SSO",
            "--json",
        ],
    );
    let id: Value = serde_json::from_str(&v).unwrap();
    let sid = id["id"].as_i64().unwrap().to_string();
    for (at, who, step) in &steps[1..] {
        let mut args = vec!["requirement", step[0], &sid];
        if step[0] == "plan" {
            args.extend(["--date", "2027-01-15", "--note", "January release"]);
        }
        desk.ok_as(at, who, &args);
    }
    desk.ok_as(
        "2026-11-27T05:00:00Z",
        "erin",
        &["requirement", "advance", &sid],
    );
    let r = desk.show_requirement(sid.parse().unwrap());
    assert_eq!(
        r["history"],
        json!([
            {"from": null, "to": "submitted", "at": "2026-11-22T10:00:00Z",
             "engineer": "alice", "note": null, "rollout_on": null},
            {"from": "submitted", "to": "analysing", "at": "2026-11-22T11:30:00Z",
             "engineer": "bob", "note": null, "rollout_on": null},
            {"from": "analysing", "to": "confirmed", "at": "2026-11-23T01:00:00Z",
             "engineer": "carol", "note": null, "rollout_on": null},
            {"from": "confirmed", "to": "reported_to_rnd", "at": "2026-11-24T02:15:00Z",
             "engineer": "alice", "note": null, "rollout_on": null},
            {"from": "reported_to_rnd", "to": "accepted", "at": "2026-11-25T03:00:00Z",
             "engineer": "dave", "note": null, "rollout_on": null},
            {"from": "accepted", "to": "accepted", "at": "2026-11-26T04:00:00Z",
             "engineer": "bob", "note": "January release", "rollout_on": "2027-01-15"},
            {"from": "accepted", "to": "customer_notified", "at": "2026-11-27T05:00:00Z",
             "engineer": "erin", "note": null, "rollout_on": null},
        ])
    );
    assert_eq!(r["state"], "customer_notified");
    assert_eq!(r["state_since"], "2026-11-27T05:00:00Z");
    assert_eq!(r["submitted_at"], "2026-11-22T10:00:00Z");
    assert_eq!(
        r["accepted"], true,
        "R&D's acceptance is kept once notified"
    );
    // The text view gives the same steps in the desk's time.
    let text = desk.ok(&["requirement", "show", &sid]);
    assert!(text.contains("history (Asia/Shanghai)"), "{text}");
    assert!(
        text.contains("2026-11-22 19:30  bob          submitted -> analysing"),
        "{text}"
    );
    assert!(
        text.contains("2026-11-26 12:00  bob          rollout plan 2027-01-15: January release"),
        "{text}"
    );
    assert!(
        text.contains("state      customer_notified since 2026-11-27 13:00"),
        "{text}"
    );
}

#[test]
fn unknown_requirement_ids_are_refused_without_a_panic() {
    let desk = Desk::new();
    desk.eligible_customer("Acme");
    for args in [
        vec!["requirement", "show", "999"],
        vec!["requirement", "show", "999", "--json"],
        vec!["requirement", "advance", "999"],
        vec!["requirement", "reject", "999", "--reason", "r"],
        vec![
            "requirement",
            "plan",
            "999",
            "--date",
            "2027-01-01",
            "--note",
            "n",
        ],
    ] {
        let err = desk.fails(&args);
        assert_eq!(err, "sredesk: no requirement #999\n", "{args:?}");
    }
    for bad in ["abc", "-1x", "99999999999999999999"] {
        usage_failure(
            &desk.run_as(NOW, "tester", &["requirement", "advance", bad]),
            &[],
        );
    }
    assert_eq!(desk.requirement_counts(), (0, 0));
}

// ------------------------------------------------------------- listing

#[test]
fn list_filters_by_customer_state_and_open() {
    let desk = Desk::new();
    desk.eligible_customer("Acme");
    desk.eligible_customer("Beta");
    let a1 = desk.add_at(NOW, "Acme", "one");
    let a2 = desk.add_at(NOW, "Acme", "two");
    let b1 = desk.add_at(NOW, "Beta", "three");
    desk.ok(&["requirement", "advance", &a2.to_string()]);
    for _ in 0..5 {
        desk.ok(&["requirement", "advance", &b1.to_string()]);
    }
    assert_eq!(desk.requirement_state(b1), "customer_notified");
    let all = desk.json(&["requirement", "list", "--json"]);
    assert_eq!(ids(&all), [a1, a2, b1]);
    let acme = desk.json(&["requirement", "list", "--customer", "ACME", "--json"]);
    assert_eq!(ids(&acme), [a1, a2]);
    let analysing = desk.json(&["requirement", "list", "--state", "analysing", "--json"]);
    assert_eq!(ids(&analysing), [a2]);
    let open = desk.json(&["requirement", "list", "--open", "--json"]);
    assert_eq!(ids(&open), [a1, a2]);
    let none = desk.json(&[
        "requirement",
        "list",
        "--customer",
        "Beta",
        "--open",
        "--json",
    ]);
    assert_eq!(none, json!([]));
    let text = desk.ok(&["requirement", "list", "--customer", "Beta", "--open"]);
    assert!(text.contains("(no requirements)"), "{text}");
    let err = desk.fails(&["requirement", "list", "--customer", "Nobody"]);
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    let err = usage_failure(
        &desk.run_as(NOW, "tester", &["requirement", "list", "--state", "done"]),
        &[],
    );
    assert!(err.contains("unknown requirement state 'done'"), "{err}");
}

#[test]
fn requirements_waiting_too_long_are_flagged_from_the_configured_threshold() {
    let desk = Desk::new();
    desk.eligible_customer("Acme");
    let config = desk.path("desk.toml");
    std::fs::write(&config, "[requirements.stale_days]\nsubmitted = 1\n").unwrap();
    let config = config.to_str().unwrap();
    let id = desk.add_at(NOW, "Acme", "dark mode");
    let stale = |now: &str| {
        desk.json_at(now, &["--config", config, "requirement", "list", "--json"])[0]["stale"]
            .clone()
    };
    assert_eq!(stale("2026-11-23T09:59:59Z"), false);
    assert_eq!(stale("2026-11-23T10:00:00Z"), true);
    // The default for submitted is two days.
    let v = desk.json_at(
        "2026-11-23T10:00:00Z",
        &["requirement", "show", &id.to_string(), "--json"],
    );
    assert_eq!(v["stale"], false);
}
