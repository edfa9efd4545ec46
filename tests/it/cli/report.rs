//! The urgent-fault report: the template as the desk pins it, and filled
//! ones recorded as expert escalations with `ticket add --report`.

use std::io::Write as _;

use super::*;

const TEMPLATE_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/urgent-fault-report.txt"
);

/// The answers a customer gives, by the label as the template writes it.
const ANSWERS: &[(&str, &str)] = &[
    ("Customer", "Jade River Bank"),
    ("Contact", "Li Lei"),
    ("Phone", "+86 138 0013 8000"),
    ("Affected service", "RDS"),
    ("Region", "cn-north-4"),
    ("Production (yes/no)", "yes"),
    ("Impact", "core production down"),
    // 17:30 in Shanghai, half an hour before the tests' clock.
    ("Started at", "2026-11-22 17:30"),
    ("Service ticket", ""),
    (
        "Symptoms and error messages",
        "Primary does not accept writes\n  ERROR 1290: read-only",
    ),
    ("What was tried", "Failover from the console"),
];

/// The template as `ticket template` prints it, each answer written after
/// its label; `change` replaces answers first.
fn filled(desk: &Desk, change: &[(&str, &str)]) -> String {
    let template = desk.ok("ticket template");
    let mut out = String::new();
    for line in template.lines() {
        out.push_str(line);
        let label = line.strip_suffix(':').filter(|_| !line.starts_with('#'));
        if let Some(label) = label {
            let answer = change
                .iter()
                .chain(ANSWERS)
                .find(|(l, _)| *l == label)
                .map(|(_, a)| *a)
                .unwrap_or_else(|| panic!("no answer for {label:?}"));
            out.push(' ');
            out.push_str(answer);
        }
        out.push('\n');
    }
    out
}

fn write_report(desk: &Desk, text: &str) -> String {
    let path = desk.path("report.txt");
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// `args` with `text` on stdin.
fn run_with_stdin(desk: &Desk, args: &[&str], text: &str) -> Output {
    let mut child = desk
        .cmd(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn sredesk");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(text.as_bytes()).unwrap();
    drop(stdin);
    child.wait_with_output().unwrap()
}

#[test]
fn the_template_printed_is_the_shipped_file() {
    let desk = Desk::new();
    let shipped = std::fs::read_to_string(TEMPLATE_FILE).unwrap();
    assert_eq!(desk.ok("ticket template"), shipped);
    // Printing it needs no store.
    assert!(!desk.db().exists());
}

#[test]
fn a_filled_report_becomes_an_expert_escalation_with_its_fields() {
    let desk = Desk::new();
    desk.subscribed_customer("Jade River Bank");
    let file = write_report(&desk, &filled(&desk, &[]));
    let out = desk.ok(&["ticket", "add", "--report", &file]);
    assert_eq!(
        out,
        "added escalation #1 (S1 expert, respond by 2026-11-22 18:15 CST)\n"
    );
    let t = desk.show_ticket(1);
    assert_eq!(t["kind"], "expert");
    assert_eq!(t["severity"], "S1");
    assert_eq!(t["customer"], "Jade River Bank");
    assert_eq!(t["state"], "new");
    assert_eq!(t["ticket_no"], "UF-20261122-1730");
    assert_eq!(t["title"], "RDS cn-north-4: Primary does not accept writes");
    // Reported when the desk received it; the fault's start is in the text.
    assert_eq!(time(t["reported_at"].as_str().unwrap()), time(NOW));
    assert_eq!(
        time(t["deadline"].as_str().unwrap()),
        time("2026-11-22T10:15:00Z")
    );
    let description = t["description"].as_str().unwrap();
    for line in [
        "Customer: Jade River Bank",
        "Contact: Li Lei",
        "Phone: +86 138 0013 8000",
        "Affected service: RDS",
        "Region: cn-north-4",
        "Production: yes",
        "Impact: core production down (proposes S1",
        "Started at: 2026-11-22 17:30 CST",
        "Service ticket: none given",
        "Primary does not accept writes\n  ERROR 1290: read-only\n",
        "What was tried:\nFailover from the console",
    ] {
        assert!(description.contains(line), "{line:?} in:\n{description}");
    }
    // It takes a Direct Expert Support unit, as any expert escalation.
    let quota = desk.json("quota show --json");
    assert_eq!(quota[0]["expert"]["plan_used"], 1);
    assert_eq!(quota[0]["faster"]["plan_used"], 0);
    let detail = desk.json("customer show 'Jade River Bank' --json");
    let uses = detail["uses_this_month"].as_array().unwrap();
    assert_eq!(uses.len(), 1);
    assert_eq!(uses[0]["quota"], "expert");
    assert_eq!(uses[0]["ticket_no"], "UF-20261122-1730");
    let text = desk.ok("quota show");
    assert!(text.contains("1/5"), "{text}");
    // The same report again is the same ticket: refused, not doubled.
    let err = desk.fails(&["ticket", "add", "--report", &file]);
    assert!(err.contains("already has escalation #1"), "{err}");
}

#[test]
fn a_report_on_stdin_with_windows_line_endings_and_json_output() {
    let desk = Desk::new();
    desk.subscribed_customer("Jade River Bank");
    let text = filled(
        &desk,
        &[
            ("Service ticket", "ST2611-0042"),
            ("Impact", "Production faulty"),
            ("Started at", "2026-11-22 09:30 UTC"),
        ],
    )
    .replace('\n', "\r\n");
    let args = ["ticket", "add", "--report", "-", "--json"];
    let out = run_with_stdin(&desk, &args, &text);
    assert_success(&out, &args);
    let added: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(added["id"], 1);
    assert_eq!(added["kind"], "expert");
    assert_eq!(added["severity"], "S3");
    assert_eq!(added["ticket_no"], "ST2611-0042");
    assert_eq!(added["seconds_left"], 3 * 3600);
    let t = desk.show_ticket(1);
    assert_eq!(t["ticket_no"], "ST2611-0042");
    let description = t["description"].as_str().unwrap();
    assert!(!description.contains('\r'), "{description:?}");
    assert!(description.contains("Started at: 2026-11-22 17:30 CST"));
    assert!(description.contains("Service ticket: ST2611-0042"));
}

#[test]
fn flags_override_what_the_report_proposes() {
    let desk = Desk::new();
    desk.subscribed_customer("Jade River Bank");
    desk.subscribed_customer("Northwind");
    let file = write_report(&desk, &filled(&desk, &[]));
    let v = desk.json(&[
        "ticket",
        "add",
        "--report",
        &file,
        "--severity",
        "S2",
        "--json",
    ]);
    assert_eq!(v["severity"], "S2");
    assert_eq!(v["kind"], "expert");
    assert_eq!(v["seconds_left"], 30 * 60);
    // The description still says what the customer's impact proposed.
    assert!(
        v["description"]
            .as_str()
            .unwrap()
            .contains("core production down (proposes S1")
    );
    let v = desk.json(&[
        "ticket",
        "add",
        "--report",
        &file,
        "--customer",
        "Northwind",
        "--ticket-no",
        "NW-7",
        "--title",
        "Northwind's RDS",
        "--kind",
        "faster",
        "--reported-at",
        "2026-11-22T09:50:00Z",
        "--json",
    ]);
    assert_eq!(v["customer"], "Northwind");
    assert_eq!(v["ticket_no"], "NW-7");
    assert_eq!(v["title"], "Northwind's RDS");
    assert_eq!(v["kind"], "faster");
    assert_eq!(v["severity"], "S1");
    assert_eq!(
        time(v["reported_at"].as_str().unwrap()),
        time("2026-11-22T09:50:00Z")
    );
    // The description is the report's: it is not one flag to override.
    let args = ["ticket", "add", "--report", &file, "--description", "x"];
    let err = usage_failure(&desk.run(&args), &args);
    assert!(err.contains("--description"), "{err}");
    // Without a report every flag is needed, as before.
    let args = ["ticket", "add", "--customer", "Northwind"];
    let err = usage_failure(&desk.run(&args), &args);
    for flag in ["--severity", "--kind", "--ticket-no", "--title"] {
        assert!(err.contains(flag), "{flag}: {err}");
    }
}

#[test]
fn a_broken_report_lists_each_bad_line_and_writes_nothing() {
    let desk = Desk::new();
    desk.subscribed_customer("Jade River Bank");
    let text = filled(
        &desk,
        &[
            ("Phone", "ask Li"),
            ("Production (yes/no)", "sort of"),
            ("Impact", "on fire \u{1b}[2J"),
            ("Started at", "tomorrow"),
            ("Region", ""),
        ],
    );
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("What was tried"))
        .map(|l| format!("{l}\n"))
        .collect();
    let line = |label: &str| text.lines().position(|l| l.starts_with(label)).unwrap() + 1;
    let last = text.lines().count();
    let file = write_report(&desk, &text);
    let before = desk.snapshot();
    let err = desk.fails(&["ticket", "add", "--report", &file, "--json"]);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines[0],
        format!(
            "sredesk: {file} is not a complete urgent-fault report (6 problems); nothing was recorded:"
        )
    );
    let expected = [
        format!("  line {}, phone: 'ask Li' has 0 digits", line("Phone")),
        format!("  line {}, region: is empty", line("Region")),
        format!(
            "  line {}, production: 'sort of' is not yes or no",
            line("Production")
        ),
        // Shown inert: the customer's text never reaches the terminal raw.
        format!(
            "  line {}, impact: 'on fire \\x1b[2J' is not one of the impacts",
            line("Impact")
        ),
        format!(
            "  line {}, started at: 'tomorrow' is not a time",
            line("Started at")
        ),
        format!("  line {last}, what was tried: is missing"),
    ];
    assert_eq!(lines.len(), expected.len() + 1, "{err}");
    for (got, want) in lines[1..].iter().zip(&expected) {
        assert!(got.starts_with(want.as_str()), "{got:?}\nwanted {want:?}");
    }
    assert!(!err.contains('\u{1b}'), "{err:?}");
    // The same from stdin, and a file that is not there or not text.
    let args = ["ticket", "add", "--report", "-"];
    let err = runtime_failure(&run_with_stdin(&desk, &args, &text), &args);
    assert!(
        err.contains("the report on stdin is not a complete"),
        "{err}"
    );
    assert!(err.contains("started at: 'tomorrow'"), "{err}");
    let missing = desk.path("nowhere.txt");
    let err = desk.fails(&["ticket", "add", "--report", missing.to_str().unwrap()]);
    assert!(err.contains("reading the report"), "{err}");
    let latin1 = desk.path("latin1.txt");
    std::fs::write(&latin1, b"Customer: Caf\xe9\n").unwrap();
    let err = desk.fails(&["ticket", "add", "--report", latin1.to_str().unwrap()]);
    assert!(err.contains("is not UTF-8 text"), "{err}");
    let huge = desk.path("huge.txt");
    std::fs::write(&huge, "x".repeat(2 << 20)).unwrap();
    let err = desk.fails(&["ticket", "add", "--report", huge.to_str().unwrap()]);
    assert!(err.contains("larger than 1 MiB"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn a_report_for_a_customer_without_a_subscription_is_refused() {
    let desk = Desk::new();
    desk.customer("Jade River Bank");
    let file = write_report(&desk, &filled(&desk, &[]));
    let before = desk.snapshot();
    let err = desk.fails(&["ticket", "add", "--report", &file]);
    assert!(
        err.contains("Jade River Bank has no active subscription on 2026-11-22"),
        "{err}"
    );
    let err = desk.fails(&["ticket", "add", "--report", &file, "--kind", "general"]);
    assert!(err.contains("no active subscription"), "{err}");
    assert_eq!(desk.snapshot(), before);
    // An unknown customer is the store's refusal too, not the report's.
    let file = write_report(&desk, &filled(&desk, &[("Customer", "Nobody")]));
    let err = desk.fails(&["ticket", "add", "--report", &file]);
    assert!(err.contains("no customer named 'Nobody'"), "{err}");
    assert_eq!(desk.snapshot(), before);
}

#[test]
fn reports_use_up_the_expert_quota_then_are_refused() {
    let desk = Desk::new();
    desk.subscribed_customer("Jade River Bank");
    for minute in 0..5 {
        let started = format!("2026-11-22 17:{minute:02}");
        let file = write_report(&desk, &filled(&desk, &[("Started at", &started)]));
        desk.ok(&["ticket", "add", "--report", &file]);
    }
    let quota = desk.json("quota show --json");
    assert_eq!(quota[0]["expert"]["plan_used"], 5);
    let before = desk.snapshot();
    let file = write_report(&desk, &filled(&desk, &[("Started at", "2026-11-22 17:45")]));
    let err = desk.fails(&["ticket", "add", "--report", &file]);
    assert!(
        err.contains("Jade River Bank's Direct Expert Support quota is used up: 5 used in 2026-11"),
        "{err}"
    );
    assert_eq!(desk.snapshot(), before);
}
