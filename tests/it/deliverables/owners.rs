//! The desk's project owner for a customer, and the notice a change
//! needs.

use super::*;

/// Friday 20 November 2026, 10:00 in Shanghai.
const FRIDAY: &str = "2026-11-20T02:00:00Z";

fn owner_set<'a>(customer: &'a str, name: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut a = vec!["owner", "set", "--customer", customer, "--name", name];
    a.extend_from_slice(extra);
    a
}

#[test]
fn the_first_owner_needs_no_notice_and_a_change_needs_three_working_days() {
    let d = Desk::new();
    d.customer("Acme");
    d.ok("contact add Acme --email ops@acme.example");
    let v = d.json_at(FRIDAY, &owner_set("Acme", "Zhao Lei", &["--json"]));
    assert_eq!(v["owner"], "Zhao Lei");
    assert_eq!(v["effective_on"], "2026-11-20", "today: no notice needed");
    assert_eq!(v["announced_on"], "2026-11-20");
    assert_eq!(v["announcement"], Value::Null);
    assert_eq!(v["recorded_by"], "tester");
    let show = || d.json_at(FRIDAY, "owner show --customer Acme --json");
    let before = show();

    // Announced on Friday: Monday, Tuesday, Wednesday. Tuesday is too soon.
    for day in ["2026-11-20", "2026-11-23", "2026-11-24"] {
        let err = d.fails_at(
            FRIDAY,
            &owner_set("Acme", "Chen Hui", &["--effective", day]),
        );
        assert_eq!(
            err,
            format!(
                "sredesk: project owner change refused: a change of project owner is announced \
                 at least 3 working days ahead: announced on 2026-11-20, it can take effect on \
                 2026-11-25 at the earliest, not {day}\n"
            )
        );
    }
    assert_eq!(show(), before, "refusals write nothing");

    let text = "Dear Acme,\nfrom Wednesday Chen Hui | 陈辉 is your desk's project owner.";
    let out = d.ok_at(
        FRIDAY,
        &owner_set(
            "Acme",
            "Chen Hui",
            &["--effective", "2026-11-25", "--announcement", text],
        ),
    );
    assert_eq!(
        out,
        "Chen Hui is the project owner for Acme from 2026-11-25\nannounced on 2026-11-20:\n  \
         Dear Acme,\n  from Wednesday Chen Hui | 陈辉 is your desk's project owner.\n\
         the announcement is queued for the customer (email and chat); the open dashboard \
         sends it, or `sredesk notice send-pending`\n  \
         not reachable on chat: Acme has no chat group: it opens with the first subscription\n"
    );
    let terms = show();
    assert_eq!(terms.as_array().unwrap().len(), 2);
    assert_eq!(
        terms[1]["announcement"], text,
        "the announcement is kept exactly"
    );
    assert_eq!(terms[1]["announced_on"], "2026-11-20");

    let text_view = d.ok_at(FRIDAY, "owner show --customer Acme");
    assert!(
        text_view.starts_with(
            "project owner: Zhao Lei (since 2026-11-20)\nannounced change: Chen Hui from \
             2026-11-25 (announced on 2026-11-20)\n"
        ),
        "{text_view}"
    );
    assert!(
        text_view.contains("      Dear Acme,\n      from Wednesday"),
        "{text_view}"
    );
    let customer = d.ok_at(FRIDAY, "customer show Acme");
    assert!(
        customer.contains(
            "desk owner         Zhao Lei  (changes to Chen Hui on 2026-11-25, announced 2026-11-20)"
        ),
        "{customer}"
    );

    // A second change while one is pending.
    let err = d.fails_at(
        "2026-11-23T02:00:00Z",
        &owner_set("Acme", "Sun Mei", &["--effective", "2026-12-10"]),
    );
    assert!(
        err.contains("a change to Chen Hui taking effect on 2026-11-25 is already announced"),
        "{err}"
    );
    assert_eq!(show(), terms);

    // Once it has taken effect, the next change may be announced; with no
    // --effective it takes the earliest day (Wednesday + 3 = Monday).
    let wed = "2026-11-25T02:00:00Z";
    let now = d.ok_at(wed, "owner show --customer Acme");
    assert!(
        now.starts_with("project owner: Chen Hui (since 2026-11-25)\n"),
        "{now}"
    );
    let v = d.json_at(wed, &owner_set("Acme", "Sun Mei", &["--json"]));
    assert_eq!(v["effective_on"], "2026-11-30");
    let default = v["announcement"].as_str().unwrap();
    assert!(
        default.contains("from 2026-11-30 Sun Mei takes over from Chen Hui"),
        "{default}"
    );
}

#[test]
fn holidays_from_the_config_push_the_earliest_change_further() {
    let d = Desk::new();
    d.customer("Acme");
    d.ok("contact add Acme --email ops@acme.example");
    let config = d.path("desk.toml");
    std::fs::write(
        &config,
        "[desk]\nholidays = [\"2026-11-24\", \"2026-11-25\"]\n",
    )
    .unwrap();
    let c = config.to_str().unwrap();
    let with = |args: Vec<&str>| -> Vec<String> {
        ["--config", c]
            .into_iter()
            .chain(args)
            .map(String::from)
            .collect()
    };
    let run = |now: &str, args: Vec<&str>| -> Output {
        let a = with(args);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        d.run_at(now, &a)
    };
    assert_success(&run(FRIDAY, owner_set("Acme", "Zhao Lei", &[])), "");
    // Monday, (holidays), Thursday, Friday.
    for day in ["2026-11-25", "2026-11-26"] {
        let err = runtime_failure(
            &run(FRIDAY, owner_set("Acme", "Chen Hui", &["--effective", day])),
            "",
        );
        assert!(
            err.contains(&format!(
                "it can take effect on 2026-11-27 at the earliest, not {day}"
            )),
            "{err}"
        );
    }
    let out = run(FRIDAY, owner_set("Acme", "Chen Hui", &["--json"]));
    assert_success(&out, "");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["effective_on"], "2026-11-27");
    // The same store without the holidays: Wednesday would have done.
    d.customer("Beta");
    d.ok("contact add Beta --email ops@beta.example");
    d.ok_at(FRIDAY, &owner_set("Beta", "Zhao Lei", &[]));
    let v = d.json_at(FRIDAY, &owner_set("Beta", "Chen Hui", &["--json"]));
    assert_eq!(v["effective_on"], "2026-11-25");
}

#[test]
fn owner_set_refuses_bad_input_and_writes_nothing() {
    let d = Desk::new();
    d.customer("Acme");
    d.ok_at(FRIDAY, &owner_set("Acme", "Zhao Lei", &[]));
    let before = d.dump(&["project_owners"]);
    for (args, says) in [
        (owner_set("Nobody", "X", &[]), "no customer named 'Nobody'"),
        (
            owner_set("Acme", "  ", &["--effective", "2026-12-01"]),
            "project owner name is empty",
        ),
        (
            owner_set("Acme", "Chen\x1b[2J", &["--effective", "2026-12-01"]),
            "project owner name contains control characters",
        ),
        (
            owner_set("Acme", "Zhao Lei", &["--effective", "2026-12-01"]),
            "Zhao Lei is already the project owner",
        ),
        (
            owner_set("Acme", "Chen Hui", &["--effective", "2026-11-19"]),
            "the change cannot take effect in the past (2026-11-19; today is 2026-11-20)",
        ),
    ] {
        let err = d.fails_at(FRIDAY, &args);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let long = "x".repeat(4_001);
    let err = d.fails_at(
        FRIDAY,
        &owner_set(
            "Acme",
            "Chen Hui",
            &["--effective", "2026-12-01", "--announcement", &long],
        ),
    );
    assert!(
        err.contains("announcement is 4001 characters long"),
        "{err}"
    );
    let args = owner_set("Acme", "Chen Hui", &["--effective", "2026-11-31"]);
    let err = usage_failure(&d.run_at(FRIDAY, &args), &args);
    assert!(err.contains("--effective"), "{err}");
    // A change the customer cannot be told of is not recorded.
    let err = d.fails_at(
        FRIDAY,
        &owner_set("Acme", "Chen Hui", &["--effective", "2026-12-01"]),
    );
    assert_eq!(
        err,
        "sredesk: the announcement cannot reach Acme: no email contact; Acme has no chat \
         group: it opens with the first subscription; add a contact first (`sredesk contact \
         add`)\n"
    );
    assert_eq!(d.count("notices"), 0);
    let err = d.fails_at(FRIDAY, "owner show --customer Nobody");
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    assert_eq!(d.dump(&["project_owners"]), before);
    // A customer with none yet says so.
    d.customer("Beta");
    let out = d.ok_at(FRIDAY, "owner show --customer Beta");
    assert!(out.starts_with("project owner: none recorded\n"), "{out}");
    assert_eq!(
        d.json_at(FRIDAY, "owner show --customer Beta --json"),
        json!([])
    );
}
