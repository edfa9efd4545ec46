//! `sredesk ticket import`: a file of escalations kept whole or not at
//! all, every bad row named by its line, re-runs that add nothing, and a
//! dry run that shows the quota each row would take.

use std::io::Write as _;

use super::*;

const HEADER: &str = "customer,severity,kind,ticket_no,title,description,reported_at";

/// Everything the CLI shows plus the raw rows of the tables an import
/// writes: equal before and after means the store did not change.
fn state(desk: &Desk) -> (Snapshot, Vec<String>) {
    (
        desk.snapshot(),
        desk.dump(&["escalations", "quota_uses", "audit_log", "open_counts"]),
    )
}

fn write(desk: &Desk, name: &str, lines: &[String]) -> String {
    let path = desk.path(name);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path.to_str().unwrap().to_string()
}

fn row(customer: &str, sev: &str, kind: &str, ticket_no: &str, reported: &str) -> String {
    format!("{customer},{sev},{kind},{ticket_no},problem {ticket_no},,{reported}")
}

/// Ten faster rows for Acme (lines 2 to 11): the whole month's plan.
fn ten_faster() -> Vec<String> {
    let mut lines = vec![HEADER.to_string()];
    lines.extend((1..=10).map(|n| row("Acme", "S2", "faster", &format!("ST-{n}"), "")));
    lines
}

/// `key` of every object in the array `list`: a column of a JSON answer.
fn pluck(list: &Value, key: &str) -> Vec<Value> {
    let list = list.as_array().expect("a JSON array");
    list.iter().map(|o| o[key].clone()).collect()
}

fn import_fails(desk: &Desk, args: &[&str]) -> Vec<String> {
    let err = desk.fails(args);
    err.lines().map(str::to_string).collect()
}

#[test]
fn one_run_lists_every_bad_row_by_line_and_writes_nothing() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.add_ticket("Acme", "OLD-1", "S3", "2026-11-22T09:00:00Z");
    let mut lines = ten_faster();
    lines[4] = row("Acme", "S9", "faster", "ST-4", ""); // line 5: no such severity
    lines[7] = row("Nobody Ltd", "S2", "general", "ST-7", ""); // line 8
    // Lines 5 and 8 take no unit, so these are the ninth, tenth and eleventh.
    for n in 11..=13 {
        lines.push(row("Acme", "S2", "faster", &format!("ST-{n}"), ""));
    }
    let file = write(&desk, "bad.csv", &lines);
    let before = state(&desk);

    let err = import_fails(&desk, &["ticket", "import", &file]);
    assert_eq!(
        err[0], "sredesk: nothing imported: 3 of 13 rows are bad",
        "{err:?}"
    );
    assert_eq!(
        err[1],
        "  line 5, severity: unknown severity 'S9': expected S1, S2, S3, S4 or S5"
    );
    assert_eq!(
        err[2],
        "  line 8, customer: no customer named 'Nobody Ltd' (see `sredesk customer list`)"
    );
    assert!(err[3].starts_with("  line 14, kind: Acme's Faster Service Ticket Handling quota is used up: 10 used in 2026-11"), "{err:?}");
    assert_eq!(err.len(), 4, "{err:?}");
    assert_eq!(state(&desk), before, "the store is unchanged");

    // --json says the same, row by row, and still writes nothing.
    let out = desk.run(&["ticket", "import", &file, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["written"], false);
    assert_eq!(pluck(&v["refused"], "line"), [5, 8, 14]);
    assert_eq!(
        pluck(&v["refused"], "field"),
        ["severity", "customer", "kind"]
    );
    assert!(v["added"][0]["id"].is_null(), "nothing was kept: {v}");
    assert_eq!(state(&desk), before);
}

#[test]
fn importing_the_same_file_again_adds_nothing_and_succeeds() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let kept = desk.add_ticket("Acme", "ST-0", "S3", "2026-11-22T09:00:00Z");
    let mut lines = vec![HEADER.to_string()];
    lines.push(row("Acme", "S3", "general", "ST-0", "")); // line 2: in the store already
    lines.push(row("Acme", "S2", "faster", "ST-1", "2026-11-22T09:30:00Z"));
    lines.push(row("acme", "S4", "general", "ST-2", "2026-11-22 17:00")); // desk time
    lines.push(row("Acme", "S4", "general", " ST-1", "")); // line 5: as line 3
    let file = write(&desk, "t.csv", &lines);

    let out = desk.ok(&["ticket", "import", &file]);
    assert_eq!(out, "imported 2 escalations, 2 already there\n");
    let list = desk.json("ticket list --json");
    assert_eq!(list.as_array().unwrap().len(), 3);
    let st2 = &list[2];
    assert_eq!(st2["ticket_no"], "ST-2");
    assert_eq!(
        st2["reported_at"], "2026-11-22T09:00:00Z",
        "17:00 in Shanghai"
    );
    let after_first = state(&desk);

    let v = desk.json(&["ticket", "import", &file, "--json"]);
    assert_eq!(v["written"], true);
    assert!(v["added"].as_array().unwrap().is_empty(), "{v}");
    assert!(v["refused"].as_array().unwrap().is_empty(), "{v}");
    assert_eq!(pluck(&v["already_there"], "id"), [kept, 2, 3, 2]);
    assert_eq!(
        desk.ok(&["ticket", "import", &file]),
        "imported 0 escalations, 4 already there\n"
    );
    assert_eq!(state(&desk), after_first, "nothing was added");
}

#[test]
fn a_dry_run_shows_each_row_and_its_quota_unit_in_order_and_writes_nothing() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.ok("package add --customer Acme --kind expert-support --bought-on 2026-11-10");
    for n in 1..=4 {
        desk.ok(&format!(
            "ticket add --customer Acme --severity S2 --kind expert --ticket-no E-{n} \
             --title t --reported-at 2026-11-20T09:00:00Z"
        ));
    }
    let mut lines = vec![HEADER.to_string()];
    lines.push(row("Acme", "S2", "faster", "ST-42", "2026-11-22T08:00:00Z"));
    lines.push(row("Acme", "S1", "expert", "ST-43", ""));
    lines.push(row("Acme", "S3", "general", "ST-44", ""));
    lines.push(row("Acme", "S1", "expert", "ST-45", ""));
    lines.push(row("Acme", "S2", "faster", "E-1", ""));
    let file = write(&desk, "plan.csv", &lines);
    let before = state(&desk);

    let out = desk.ok(&["ticket", "import", "--dry-run", &file]);
    let said: Vec<&str> = out.lines().collect();
    assert_eq!(
        said,
        [
            "line 2: ST-42 Acme S2 faster — takes Faster Service Ticket Handling unit 1 of 10 for Acme (2026-11)",
            "line 3: ST-43 Acme S1 expert — takes Direct Expert Support unit 5 of 5 for Acme (2026-11)",
            "line 4: ST-44 Acme S3 general — uses no quota",
            "line 5: ST-45 Acme S1 expert — takes a Direct Expert Support unit from package #1 for Acme \
             (4 left in it after; the plan's 5 for 2026-11 are used)",
            "line 6: E-1 Acme — already there (#1)",
            "dry run: would import 4 escalations, 1 already there; nothing was written",
        ]
    );
    assert_eq!(state(&desk), before, "a dry run writes nothing");

    // The real run takes the very units the dry run named.
    let v = desk.json(&["ticket", "import", &file, "--json"]);
    assert_eq!(v["dry_run"], false);
    let quota = pluck(&v["added"], "quota");
    assert!(quota[1].as_str().unwrap().contains("unit 5 of 5"), "{v}");
    assert!(quota[2].is_null());
    assert!(quota[3].as_str().unwrap().contains("package #1"), "{v}");
    assert_eq!(v["added"][0]["id"], 5);
    assert_eq!(v["added"][0]["reported_at"], "2026-11-22T08:00:00Z");
    assert_eq!(v["added"][0]["deadline"], "2026-11-22T08:30:00Z");
    let show = desk.show_ticket(5);
    let details = pluck(&show["history"], "detail");
    let used = details[1].as_str().unwrap();
    assert!(
        used.starts_with("used one faster unit from the plan (1 of 10"),
        "{details:?}"
    );
}

const JSON_LINES: &str = r#"{"customer": "Acme", "severity": "S2", "kind": "faster", "ticket_no": "J-1", "title": "ECS down", "reported_at": "2026-11-22T09:00:00Z"}

{"customer": "Acme", "severity": 3, "kind": "general", "ticket_no": "J-2", "title": "slow OBS", "description": "since\nmonday", "reported_at": null}
"#;

#[test]
fn json_lines_and_csv_of_the_same_rows_import_alike() {
    let as_csv = Desk::new();
    let as_json = Desk::new();
    for d in [&as_csv, &as_json] {
        d.subscribed_customer("Acme");
    }
    let csv = format!(
        "{HEADER}\nAcme,S2,faster,J-1,ECS down,,2026-11-22T09:00:00Z\n\
         Acme,S3,general,J-2,slow OBS,\"since\nmonday\",\n"
    );
    let csv_file = as_csv.path("rows.txt");
    std::fs::write(&csv_file, csv).unwrap();
    // Told apart by their content, not their names.
    let json_file = as_json.path("rows.txt");
    std::fs::write(&json_file, JSON_LINES).unwrap();
    let out = as_csv.ok(&["ticket", "import", csv_file.to_str().unwrap()]);
    assert_eq!(out, "imported 2 escalations, 0 already there\n");
    let out = as_json.ok(&["ticket", "import", json_file.to_str().unwrap()]);
    assert_eq!(out, "imported 2 escalations, 0 already there\n");
    assert_eq!(
        as_csv.ok("ticket list --json"),
        as_json.ok("ticket list --json")
    );
    assert_eq!(as_json.show_ticket(2)["description"], "since\nmonday");
}

#[test]
fn json_lines_errors_name_the_line_and_the_key() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let file = desk.path("bad.jsonl");
    std::fs::write(
        &file,
        [
            r#"{"customer": "Acme", "severity": "S2", "kind": "faster", "ticket_no": "J-1", "title": "ok"}"#,
            r#"{"customer": "Acme", "severity": "S2", "kind": "fast", "ticket_no": "J-2", "title": "x", "priority": "high"}"#,
            r#"{"customer": "Acme", "severity": "S2", "kind": "faster", "title": 7}"#,
            r#"not json"#,
        ]
        .join("\n"),
    )
    .unwrap();
    let before = state(&desk);
    let err = import_fails(&desk, &["ticket", "import", file.to_str().unwrap()]);
    assert_eq!(
        err[1..],
        [
            "  line 2, row: unknown key 'priority' (known: customer, severity, kind, ticket_no, \
             title, description, reported_at)",
            "  line 3, title: is a number, not a string",
            "  line 3, row: has no ticket_no",
            "  line 4, row: is not a JSON object: expected ident at line 1 column 2",
        ],
        "{err:?}"
    );
    assert_eq!(state(&desk), before);
}

#[test]
fn stdin_is_read_for_a_dash() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let mut child = desk
        .cmd(&["ticket", "import", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(JSON_LINES.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_success(&out, "ticket import -");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        pluck(&v["added"], "line"),
        [1, 3],
        "the blank line counts: {v}"
    );
    assert_eq!(desk.count("escalations"), 2);

    // A CSV on stdin, with its errors named after stdin.
    let out = desk.run_with(&["ticket", "import", "-"], |c| {
        c.stdin(Stdio::from(std::fs::File::open(desk_file(&desk)).unwrap()));
    });
    let err = runtime_failure(&out, "ticket import -");
    assert!(
        err.starts_with("sredesk: stdin: line 1: unknown column 'priority'"),
        "{err}"
    );
}

fn desk_file(desk: &Desk) -> PathBuf {
    let path = desk.path("priority.csv");
    std::fs::write(&path, "customer,priority\nAcme,high\n").unwrap();
    path
}

#[test]
fn the_header_is_checked_before_any_row() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let before = state(&desk);
    let cases = [
        (
            "customer,severity,kind,ticket_no,title,priority,owner\n",
            "line 1: unknown columns 'priority', 'owner' (known: customer, severity, kind, \
             ticket_no, title, description, reported_at)",
        ),
        (
            "customer,Severity,kind,Ticket-No\nAcme,S1,general,T-1\n",
            "line 1: the header has no title (columns:",
        ),
        (
            "customer,severity,kind,ticket_no,title,kind\n",
            "line 1: column kind is given twice",
        ),
        ("", "is empty: a CSV file needs a header row"),
    ];
    for (i, (text, said)) in cases.iter().enumerate() {
        let file = desk.path(&format!("h{i}.csv"));
        std::fs::write(&file, text).unwrap();
        let file = file.to_str().unwrap();
        let err = desk.fails(&["ticket", "import", file]);
        assert!(
            err.starts_with(&format!("sredesk: {file}: {said}")),
            "{err}"
        );
    }
    assert_eq!(state(&desk), before);
    let err = desk.fails("ticket import /nonexistent/rows.csv");
    assert!(err.contains("cannot open /nonexistent/rows.csv"), "{err}");
}

#[test]
fn csv_rows_are_named_by_their_physical_line() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let file = write(
        &desk,
        "lines.csv",
        &[
            HEADER.to_string(),
            "Acme,S2,general,T-1,\"a title\",\"three\nline\ndescription\",".to_string(),
            "Acme,S2,general,T-2,short row".to_string(),
            "Acme,S2,general,,,,2026-11-23T10:00:00Z".to_string(),
        ],
    );
    let err = import_fails(&desk, &["ticket", "import", &file]);
    assert_eq!(
        err[1..],
        [
            "  line 5, row: has 5 fields; the header has 7",
            "  line 6, ticket_no: is empty",
            "  line 6, title: is empty",
        ],
        "{err:?}"
    );
}

#[test]
fn hostile_text_from_the_file_is_inert_wherever_it_is_echoed() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    let title = "\u{1b}[2J\u{1b}]0;pwned\u{7}";
    let good = serde_json::json!({
        "customer": "Acme", "severity": "S2", "kind": "general",
        "ticket_no": "T-\u{9b}1", "title": title,
    });
    // A value with a line break must not forge a line of the report.
    let forged = serde_json::json!({
        "customer": "Acme", "severity": "S9\n  line 99, title: forged\u{1b}[31m",
        "kind": "general", "ticket_no": "T-2", "title": "x",
    });
    let file = desk.path("hostile.jsonl");
    std::fs::write(&file, format!("{good}\n{forged}\n")).unwrap();
    let file = file.to_str().unwrap();
    let no_raw = |what: &str, s: &str| {
        for c in ['\u{1b}', '\u{7}', '\u{9b}'] {
            assert!(!s.contains(c), "{what}: raw {c:?} in {s:?}");
        }
    };

    let err = import_fails(&desk, &["ticket", "import", file]);
    no_raw("errors", &err.join("\n"));
    assert_eq!(err.len(), 3, "one line per fault: {err:?}");
    // Escapes in a row are refused as `ticket add` refuses them.
    assert_eq!(
        err[1],
        "  line 1, ticket_no: ticket number contains line breaks or control characters"
    );
    assert!(
        err[2].contains("'S9\\x0a  line 99, title: forged\\x1b[31m'"),
        "{err:?}"
    );
    let out = desk.run(&["ticket", "import", file, "--json"]);
    no_raw("json", &String::from_utf8_lossy(&out.stdout));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["refused"][0]["field"], "ticket_no", "{v}");
    assert_eq!(v["written"], false, "{v}");

    std::fs::write(file, format!("{good}\n")).unwrap();
    let err = import_fails(&desk, &["ticket", "import", file, "--dry-run"]);
    no_raw("dry run", &err.join("\n"));
    assert_eq!(desk.count("escalations"), 0);
    let unknown = desk.path("hostile.csv");
    std::fs::write(&unknown, "customer,\u{1b}[2Jpriority\n").unwrap();
    let err = desk.fails(&["ticket", "import", unknown.to_str().unwrap()]);
    no_raw("header", &err);
    assert!(err.contains("unknown column '\\x1b[2Jpriority'"), "{err}");
}

#[test]
fn a_row_is_refused_in_the_very_words_of_ticket_add() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.customer("Borealis"); // no subscription
    let file = write(
        &desk,
        "refused.csv",
        &[
            HEADER.to_string(),
            row("Borealis", "S3", "general", "B-1", ""),
            row("Acme", "S2", "general", "T-1", "2026-11-22T11:00:00Z"),
        ],
    );
    let err = import_fails(&desk, &["ticket", "import", &file]);
    // What `ticket add` says of the same row, as a line of the report.
    let as_add = |line: usize, field: &str, customer: &str, reported: &str| {
        let said = desk.fails(&format!(
            "ticket add --customer {customer} --severity S3 --kind general --ticket-no X \
             --title t --reported-at {reported}"
        ));
        let said = said.trim().trim_start_matches("sredesk: ").to_string();
        format!("  line {line}, {field}: {said}")
    };
    assert_eq!(
        err[1],
        as_add(2, "customer", "Borealis", "2026-11-22T09:00:00Z")
    );
    assert!(
        err[1].contains("no active subscription on 2026-11-22"),
        "{err:?}"
    );
    let future = "2026-11-22T11:00:00Z";
    assert_eq!(err[2], as_add(3, "reported_at", "Acme", future));
    assert_eq!(err.len(), 3, "{err:?}");
}

#[test]
fn a_missing_store_is_named_and_not_created_by_an_import_or_a_dry_run() {
    let desk = Desk::new();
    let file = write(
        &desk,
        "t.csv",
        &[HEADER.to_string(), row("Acme", "S3", "general", "T-1", "")],
    );
    for args in [
        vec!["ticket", "import", "--dry-run", &file],
        vec!["ticket", "import", &file],
    ] {
        let err = desk.fails(&args[..]);
        assert!(
            err.starts_with(&format!("sredesk: no store at {}", desk.db().display())),
            "{err}"
        );
        assert!(!desk.db().exists(), "{args:?} created the store");
    }
    // Nor a folder for it.
    let err = desk.run_with(&["ticket", "import", "--dry-run", &file], |c| {
        c.env("SREDESK_DB", desk.path("nowhere/s.db"));
    });
    assert!(runtime_failure(&err, "ticket import --dry-run").contains("no store at"));
    assert!(!desk.path("nowhere").exists());
}

#[test]
fn a_file_of_many_rows_is_kept_whole_with_its_audit_and_quota() {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.subscribed_customer("Borealis");
    let mut lines = vec![HEADER.to_string()];
    for n in 0..300 {
        let (customer, kind) = match n % 3 {
            0 if n < 30 => ("Acme", "faster"),
            1 if n < 15 => ("Borealis", "expert"),
            0 => ("Acme", "general"),
            _ => ("Borealis", "general"),
        };
        lines.push(row(
            customer,
            "S4",
            kind,
            &format!("M-{n}"),
            "2026-11-21T08:00:00Z",
        ));
    }
    let file = write(&desk, "many.csv", &lines);
    assert_eq!(
        desk.ok(&["ticket", "import", &file]),
        "imported 300 escalations, 0 already there\n"
    );
    assert_eq!(desk.count("escalations"), 300);
    // Ten faster units for Acme, five expert ones for Borealis: the month's plans.
    assert_eq!(desk.count("quota_uses"), 15);
    let quotas = desk.ok("quota show");
    let acme = quotas.lines().find(|l| l.starts_with("Acme")).unwrap();
    let borealis = quotas.lines().find(|l| l.starts_with("Borealis")).unwrap();
    assert!(acme.contains("10/10") && acme.contains("0/5"), "{quotas}");
    assert!(
        borealis.contains("0/10") && borealis.contains("5/5"),
        "{quotas}"
    );
    let show = desk.show_ticket(300);
    assert_eq!(show["history"][0]["engineer"], "tester", "{show}");
    assert_eq!(show["history"][0]["action"], "reported", "{show}");
}
