//! Every command that changes the store answers a script with `--json`
//! (the changed object, times in UTC), and a person in the desk's time,
//! saying which, in words that agree with their numbers.

use super::*;

/// A time in JSON is UTC: RFC 3339 ending in `Z` or `+00:00`.
fn utc(v: &Value) -> chrono::DateTime<chrono::Utc> {
    let s = v.as_str().unwrap_or_else(|| panic!("{v} is not a time"));
    assert!(s.ends_with('Z') || s.ends_with("+00:00"), "{s} is not UTC");
    time(s)
}

#[test]
fn customers_subscriptions_packages_contacts_and_inventory_answer_in_json() {
    let desk = Desk::new();
    let c = desk.json("customer add --name Acme --kind local --owner 'Wang Li' --json");
    assert_eq!(
        (c["id"].as_i64(), &c["name"]),
        (Some(1), &Value::from("Acme"))
    );
    assert_eq!(utc(&c["created_at"]), time(NOW));
    let c = desk.json("customer language Acme zh-CN --json");
    assert_eq!(
        (&c["language"], &c["language_chosen"]),
        (&"zh-CN".into(), &true.into())
    );

    let s = desk.json(
        "subscription add --customer Acme --applied-on 2026-11-02 --start 2026-11-03 \
         --months 3 --json",
    );
    assert_eq!(s["subscription"]["months"], 3);
    assert_eq!(s["subscription"]["end_on"], "2027-01-31");
    assert!(s["chat_group"]["id"].as_i64().is_some(), "{s}");

    let p = desk.json("package add --customer Acme --kind ticket-handling --json");
    assert_eq!(
        (p["units"].as_u64(), p["used"].as_u64()),
        (Some(10), Some(0))
    );

    let robot = "https://open.welink.huaweicloud.com/api/werobot/v1/webhook/send?\
                 token=secret-robot-key-1234&channel=standard";
    let email = "contact add Acme --email ops@acme.example --json";
    let added = desk.json(email);
    assert_eq!(added["added"], true);
    assert_eq!(added["contact"]["address"], "ops@acme.example");
    let again = desk.json(email);
    assert_eq!(again["added"], false);
    let chat = desk.ok(&["contact", "add", "Acme", "--welink", robot, "--json"]);
    assert!(
        !chat.contains("secret-robot-key"),
        "the robot's key shown: {chat}"
    );
    let gone = desk.json(&[
        "contact",
        "remove",
        "Acme",
        "--email",
        "ops@acme.example",
        "--json",
    ]);
    assert_eq!(gone["removed"], true);

    let inv = desk.json("inventory add Acme ECS@cn-north-4 RDS@cn-east-3 --json");
    assert_eq!(
        (inv["added"].as_u64(), inv["unchanged"].as_u64()),
        (Some(2), Some(0))
    );
    assert_eq!(inv["holdings"].as_array().map(Vec::len), Some(2));
    let inv = desk.json("inventory remove Acme RDS@cn-east-3 OBS@cn-north-4 --json");
    assert_eq!(
        (inv["removed"].as_u64(), inv["unchanged"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(inv["holdings"][0]["service"], "ECS");
}

#[test]
fn every_triage_step_answers_with_the_escalation_in_json() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let id = desk.add_ticket("Acme", "T-1", "S2", "2026-11-22T09:50:00Z");
    let step = |args: &str| {
        let v = desk.json(&format!("ticket {args} --json"));
        assert_eq!(v["id"].as_i64(), Some(id), "{args}: {v}");
        v
    };
    let v = step(&format!("snooze {id} --for 30m"));
    assert_eq!(utc(&v["snoozed_until"]), time("2026-11-22T10:30:00Z"));
    step(&format!("snooze {id} --off"));
    let v = step(&format!("severity {id} S3"));
    assert_eq!(v["severity"], "S3");
    assert_eq!(utc(&v["deadline"]), time("2026-11-22T12:50:00Z"));
    let v = step(&format!("ack {id}"));
    assert_eq!(
        (&v["state"], utc(&v["responded_at"])),
        (&"acknowledged".into(), time(NOW))
    );
    let v = step(&format!("assign {id} bob --note 'over to you'"));
    assert_eq!(v["assignee"], "bob");
    assert_eq!(step(&format!("start {id}"))["state"], "in_progress");
    let v = step(&format!("resolve {id} --resolution 'restarted the pool'"));
    assert_eq!(v["state"], "resolved");
    assert_eq!(step(&format!("close {id}"))["state"], "closed");

    let other = desk.add_ticket("Acme", "T-2", "S3", "2026-11-22T09:00:00Z");
    let v = desk.json(&format!(
        "ticket withdraw {other} --reason duplicate --json"
    ));
    assert_eq!(v["state"], "withdrawn");
    let third = desk.add_ticket("Acme", "T-3", "S3", "2026-11-22T09:00:00Z");
    let v = desk.json(&format!(
        "ticket out-of-scope {third} --reason code-development --json"
    ));
    assert_eq!(v["state"], "out_of_scope");
    let fourth = desk.add_ticket("Acme", "T-4", "S3", "2026-11-22T09:00:00Z");
    let v = desk.json(&format!("ticket escalate {fourth} --json"));
    assert_eq!(v["kind"], "expert");
}

#[test]
fn times_a_person_reads_are_in_desk_time_and_say_so() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let out = desk.ok(
        "ticket add --customer Acme --severity S2 --kind faster --ticket-no T-1 --title x \
         --reported-at 2026-11-22T09:50:00Z",
    );
    // 09:50 UTC + 30 min is 18:20 in Shanghai.
    assert!(out.contains("respond by 2026-11-22 18:20 CST"), "{out}");
    let regraded = desk.ok("ticket severity 1 S3");
    assert!(
        regraded.contains("response deadline 2026-11-22 18:20 CST -> 2026-11-22 20:50 CST"),
        "{regraded}"
    );
    let snoozed = desk.ok("ticket snooze 1 --for 30m");
    assert!(snoozed.contains("until 2026-11-22 18:30 CST"), "{snoozed}");
    let show = desk.ok("ticket show 1");
    assert!(show.contains("reported 2026-11-22 17:50 CST"), "{show}");
    // The faster unit it used, under a desk month, at the desk's minute.
    let customer = desk.ok("customer show Acme");
    assert!(
        customer.contains("used this month (Asia/Shanghai time)\n    2026-11-22 18:00  faster"),
        "{customer}"
    );
    for text in [&out, &regraded, &snoozed, &show, &customer] {
        assert!(!text.contains("UTC"), "UTC in text a person reads:\n{text}");
    }
}

#[test]
fn counts_agree_with_their_nouns_and_only_moves_are_said() {
    let desk = Desk::new();
    desk.customer("Acme");
    desk.ok("inventory add Acme ECS@cn-north-4");
    desk.ok("contact add Acme --email ops@acme.example");
    let planned = desk.ok(
        "change add --title 'ECS maintenance' --kind maintenance --start '2026-11-28 01:00' \
         --end '2026-11-28 03:00' --service ECS --region cn-north-4",
    );
    assert_eq!(planned, "CHG-1 planned\n");
    let edited = desk.ok("change edit 1 --title 'ECS host maintenance'");
    assert_eq!(edited, "CHG-1 edited (still planned)\n");
    let opened = desk.ok(
        "incident add --title 'Port scan' --kind hacker-attack --service ECS --region cn-north-4",
    );
    assert_eq!(opened, "INC-1 opened (monitoring)\n");
    let advanced = desk.ok("incident advance 1 --level 2");
    assert_eq!(advanced, "INC-1 advanced: now evaluated\n");
    desk.ok("incident advance 1 --guidance 'Check your security groups.'");
    let queued = desk.ok("notice compose --incident 1 --stage initial --channels email");
    assert!(queued.contains("1 delivery to 1 customer\n"), "{queued}");
    let sent = desk.ok("notice send-pending");
    assert!(sent.contains("1 delivery: 1 sent"), "{sent}");
}
