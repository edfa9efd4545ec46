//! Every legal and illegal step of a requirement, the rollout plan, and
//! the timestamped history.

use super::*;

/// Drives a new requirement along `path` (commands after `add`), one hour
/// apart from `NOW`, and returns its id.
fn requirement_through(desk: &Desk, path: &[&[&str]]) -> i64 {
    let id = desk.add_at(NOW, "Acme", "dark mode for the console");
    for (i, step) in path.iter().enumerate() {
        let at = format!("2026-11-22T{:02}:00:00Z", 11 + i);
        if step[0] == "notify" {
            desk.notify_requirement(&at, "tester", id);
            continue;
        }
        let mut args = vec!["requirement", step[0]];
        let id = id.to_string();
        args.push(&id);
        args.extend_from_slice(&step[1..]);
        desk.ok_at(&at, &args);
    }
    id
}

const ADVANCE: &[&str] = &["advance"];

/// R&D's decision sent to the customer: customer_notified once it went.
const NOTIFY: &[&str] = &["notify"];

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
            &[ADVANCE, ADVANCE, ADVANCE, ADVANCE, NOTIFY],
        ),
        (
            "customer_notified",
            &[ADVANCE, ADVANCE, ADVANCE, REJECT, NOTIFY],
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
            "accepted" | "rejected" => None,
            "customer_notified" => None,
            _ => unreachable!(),
        };
        match expected {
            // Telling the customer is a notice that has gone, not a key.
            None if state != "customer_notified" => {
                let before = desk.requirement_snapshot(id);
                let err = desk.fails_at(later, &format!("requirement advance {sid}"));
                assert!(
                    err.contains(&format!(
                        "requirement #{id} is {state}: it becomes customer_notified when the \
                         notice of R&D's decision has been sent"
                    )),
                    "{err}"
                );
                assert_eq!(desk.requirement_snapshot(id), before, "#{id} ({state})");
                // Queued is not told: it waits for a delivery that went.
                desk.ok_at(later, &format!("requirement notify {sid}"));
                assert_eq!(desk.requirement_state(id), state);
                desk.ok_at(later, "notice send-pending");
                let r = desk.show_requirement(id);
                assert_eq!(r["state"], "customer_notified");
                assert_eq!(r["state_since"], later);
                let last = r["history"].as_array().unwrap().last().unwrap().clone();
                assert_eq!(last["from"], state);
                assert!(
                    last["note"].as_str().unwrap().ends_with(" delivered"),
                    "{last}"
                );
            }
            Some(to) => {
                let out = desk.ok_at(later, &format!("requirement advance {sid}"));
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
                let err = desk.fails_at(later, &format!("requirement advance {sid}"));
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
            let err = desk.fails_at(later, &format!("requirement reject {sid} --reason no"));
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
            &desk.run_as(later, "tester", &format!("requirement reject {sid}")),
            "",
        );
        assert!(err.contains("--reason"), "{err}");
        let v = desk.json_at(
            later,
            &format!("requirement reject {sid} --reason '  not on the roadmap for 2027  ' --json"),
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
        let err = desk.fails_at(later, &format!("requirement reject {sid} --reason again"));
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
            &format!("requirement plan {sid} --date 2027-04-01 --note ' '"),
        );
        assert_eq!(err, "sredesk: a rollout plan needs a note\n");
        desk.ok_at(
            "2026-11-24T02:00:00Z",
            &format!("requirement plan {sid} --date 2027-04-01 --note 'slipped to April'"),
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
            "requirement plan 5 --date 2027-02-30 --note n",
        ),
        "",
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
        "requirement add --customer Acme --title SSO --json",
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
    desk.notify_requirement("2026-11-27T05:00:00Z", "erin", sid.parse().unwrap());
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
             "engineer": "erin", "note": "notice #1 delivered", "rollout_on": null},
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
    let text = desk.ok(&format!("requirement show {sid}"));
    assert!(text.contains("history (Asia/Shanghai time)"), "{text}");
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
            "",
        );
    }
    assert_eq!(desk.requirement_counts(), (0, 0));
}
