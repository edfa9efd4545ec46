use chrono::TimeZone;

use super::read::*;
use super::*;
use crate::domain::escalation::{MAX_DESCRIPTION, MAX_TICKET_NO};
use crate::domain::{EscalationKind, Severity};

const TZ: Tz = chrono_tz::Asia::Shanghai;

fn now() -> DateTime<Utc> {
    // 18:00 in Shanghai.
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

/// An answer for every field, by the name errors give it.
fn answers() -> Vec<(&'static str, String)> {
    [
        ("customer", "Jade River Bank"),
        ("contact", "Li Lei (on-call DBA)"),
        ("phone", "+86 138 0013 8000"),
        ("affected service", "RDS"),
        ("region", "cn-north-4"),
        ("production", "yes"),
        ("impact", "core production down"),
        ("started at", "2026-11-22 17:30"),
        ("service ticket", "ST2611-0042"),
        (
            "symptoms and error messages",
            "Primary does not accept writes\nERROR 1290: read-only\n  at pool.go:88",
        ),
        (
            "what was tried",
            "Failover from the console\nRestarted the app",
        ),
    ]
    .into_iter()
    .map(|(f, v)| (f, v.to_string()))
    .collect()
}

/// The shipped template with `answers` written after their labels, as a
/// customer fills it in; a field not in `answers` keeps its bare label.
fn fill(answers: &[(&str, String)]) -> String {
    fill_without(None, answers)
}

/// `fill`, with the label of `left_out` (and so its answer) taken out of
/// the template.
fn fill_without(left_out: Option<Field>, answers: &[(&str, String)]) -> String {
    let mut out = String::new();
    for line in TEMPLATE.lines() {
        if left_out.is_some() && label_of(line).map(|(f, _)| f) == left_out {
            continue;
        }
        out.push_str(line);
        let field = (!line.starts_with('#'))
            .then(|| label_of(line))
            .flatten()
            .map(|(f, _)| spec_of(f).label);
        if let Some((_, v)) = answers.iter().find(|(f, _)| Some(*f) == field) {
            out.push(' ');
            out.push_str(v);
        }
        out.push('\n');
    }
    out
}

fn with(field: &str, value: &str) -> String {
    let mut a = answers();
    for (f, v) in &mut a {
        if *f == field {
            *v = value.to_string();
        }
    }
    fill(&a)
}

/// The 1-based line that starts with `prefix`.
fn line_of(text: &str, prefix: &str) -> usize {
    text.lines()
        .position(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starts with {prefix:?}"))
        + 1
}

fn errors(text: &str) -> Vec<ReportError> {
    parse(text, TZ, now()).expect_err("the report should not parse")
}

fn one_error(text: &str) -> ReportError {
    let e = errors(text);
    assert_eq!(e.len(), 1, "{e:#?}");
    e.into_iter().next().unwrap()
}

#[test]
fn the_shipped_template_filled_in_reads_back_every_field() {
    let r = parse(&fill(&answers()), TZ, now()).unwrap();
    assert_eq!(
        r,
        FaultReport {
            customer: "Jade River Bank".into(),
            contact: "Li Lei (on-call DBA)".into(),
            phone: "+86 138 0013 8000".into(),
            service: "RDS".into(),
            region: "cn-north-4".into(),
            production: true,
            impact: Impact::CoreProductionDown,
            started_at: Utc.with_ymd_and_hms(2026, 11, 22, 9, 30, 0).unwrap(),
            service_ticket: Some("ST2611-0042".into()),
            symptoms: "Primary does not accept writes\nERROR 1290: read-only\n  at pool.go:88"
                .into(),
            tried: "Failover from the console\nRestarted the app".into(),
        }
    );
}

#[test]
fn the_template_lists_every_field_once_in_order_and_its_impact_words() {
    let labels: Vec<&str> = TEMPLATE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| spec_of(label_of(l).expect("every other line is a label").0).label)
        .collect();
    let specs: Vec<&str> = SPECS.iter().map(|s| s.label).collect();
    assert_eq!(labels, specs);
    for (i, s) in SPECS.iter().enumerate() {
        assert_eq!(s.field as usize, i, "SPECS is in Field's order");
    }
    for i in Impact::ALL {
        assert!(TEMPLATE.contains(i.as_str()), "{i}");
    }
    assert!(TEMPLATE.contains(&format!("up to {MAX_LONG}")));
    // Pinned as it ships, nothing answered: each required field is empty.
    let e = errors(TEMPLATE);
    assert_eq!(e.len(), 10, "{e:#?}");
    assert!(e.iter().all(|e| e.message == "is empty"), "{e:#?}");
    assert!(!e.iter().any(|e| e.field == "service ticket"));
}

#[test]
fn each_missing_field_is_named_at_the_last_line() {
    for spec in SPECS.iter().filter(|s| s.required) {
        let text = fill_without(Some(spec.field), &answers());
        let last = text.lines().count();
        let e = one_error(&text);
        assert_eq!((e.line, e.field), (last, spec.label), "{e}");
        assert!(e.message.starts_with("is missing"), "{e}");
    }
    // The service ticket may be left out, or left empty, or said to be none.
    let text = fill_without(Some(Field::ServiceTicket), &answers());
    assert_eq!(parse(&text, TZ, now()).unwrap().service_ticket, None);
    for none in ["", "none", "N/A", "-", "  none.  "] {
        let r = parse(&with("service ticket", none), TZ, now()).unwrap();
        assert_eq!(r.service_ticket, None, "{none:?}");
    }
    // Nothing at all.
    let e = errors("");
    assert_eq!(e.len(), 10);
    assert!(e.iter().all(|e| e.line == 1), "{e:#?}");
}

#[test]
fn each_malformed_field_is_named_at_its_line() {
    let long = |n: usize| "x".repeat(n);
    let cases: Vec<(&str, String, &str)> = vec![
        ("customer", "Jade\u{1b}[2J".into(), "control characters"),
        ("customer", long(201), "201 characters long; at most 200"),
        ("contact", " ".into(), "is empty"),
        ("contact", long(201), "at most 200"),
        ("phone", "call me".into(), "has 0 digits"),
        ("phone", "12345".into(), "has 5 digits"),
        ("phone", format!("+86 {}", "1".repeat(60)), "at most 50"),
        ("affected service", long(201), "at most 200"),
        ("region", long(300), "300 characters"),
        ("production", "maybe".into(), "'maybe' is not yes or no"),
        (
            "impact",
            "production slow".into(),
            "'production slow' is not one of",
        ),
        (
            "impact",
            "core production down | production down".into(),
            "write one of core production down, production down, production faulty, \
             non-production faulty, question",
        ),
        (
            "impact",
            "non-production faulty".into(),
            "but Production says yes",
        ),
        (
            "started at",
            "yesterday".into(),
            "'yesterday' is not a time",
        ),
        ("started at", "2026-11-22 19:00".into(), "is in the future"),
        (
            "started at",
            "2026-11-22 17:30 PST".into(),
            "not a time zone",
        ),
        ("service ticket", long(65), "at most 64"),
        (
            "symptoms and error messages",
            long(MAX_LONG + 1),
            "at most 8000",
        ),
        ("what was tried", long(MAX_LONG + 1), "at most 8000"),
    ];
    for (field, value, says) in cases {
        let text = with(field, &value);
        let label = template_label(SPECS.iter().find(|s| s.label == field).unwrap());
        let e = one_error(&text);
        assert_eq!((e.line, e.field), (line_of(&text, label), field), "{e}");
        assert!(e.message.contains(says), "{field}: {e}");
    }
    // Long values are cut where a message quotes them.
    let e = one_error(&with("impact", &"y".repeat(10_000)));
    assert!(e.message.chars().count() < 250, "{e}");
}

#[test]
fn every_problem_is_listed_in_line_order() {
    let mut a = answers();
    for (f, v) in &mut a {
        match *f {
            "production" => *v = "perhaps".into(),
            "impact" => *v = "on fire".into(),
            "started at" => *v = "soon".into(),
            _ => {}
        }
    }
    let filled: String = fill(&a)
        .lines()
        .filter(|l| !l.starts_with("Contact"))
        .map(|l| format!("{l}\n"))
        .collect();
    let text = format!("Hello desk,\nhere is our report\n{filled}Impact: again\n");
    let e = errors(&text);
    let got: Vec<(usize, &str)> = e.iter().map(|e| (e.line, e.field)).collect();
    let last = text.lines().count();
    assert_eq!(
        got,
        vec![
            (1, "report"),
            (line_of(&text, "Production"), "production"),
            (line_of(&text, "Impact"), "impact"),
            (line_of(&text, "Started at"), "started at"),
            (last, "impact"),
            (last, "contact"),
        ],
        "{e:#?}"
    );
    assert!(
        e[0].message
            .starts_with("2 lines of text before the first label")
    );
    assert!(e[4].message.contains("given twice"), "{}", e[4]);
    assert_eq!(
        e[1].to_string(),
        format!(
            "line {}, production: 'perhaps' is not yes or no",
            line_of(&text, "Production")
        )
    );
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_read_the_same() {
    let text = fill(&answers());
    let crlf = format!("\u{feff}{}", text.replace('\n', "\r\n"));
    assert_eq!(parse(&crlf, TZ, now()), parse(&text, TZ, now()));
    assert!(parse(&crlf, TZ, now()).is_ok());
    let e = errors(&with("impact", "bad").replace('\n', "\r\n"));
    assert_eq!(e[0].line, line_of(&with("impact", "bad"), "Impact"));
}

#[test]
fn labels_are_read_as_people_write_them() {
    let text = "# a note\n\
        **Customer**: Jade River Bank\n\
        CONTACT : Li Lei\n\
        Contact phone：+86 138 0013 8000\n\
        Affected service:\n   RDS\n\
        \x20 Region: cn-north-4\n\
        Production: Y\n\
        Impact (see the list): Core-Production-Down.\n\
        Started at: 2026-11-22 09:30 +08:00\n\
        Symptoms:\n\n\
        \x20 Error: 1290 read-only\n\
        # dropped, a note\n\
        \x20# mysql -e 'select 1'\n\
        Contact person: not a label, part of the symptoms\n\n\n\
        What was tried: nothing yet   \n\n";
    let r = parse(text, TZ, now()).unwrap();
    assert_eq!(r.customer, "Jade River Bank");
    assert_eq!(r.contact, "Li Lei");
    assert_eq!(r.phone, "+86 138 0013 8000");
    assert_eq!(r.service, "RDS");
    assert_eq!(r.region, "cn-north-4");
    assert!(r.production);
    assert_eq!(r.impact, Impact::CoreProductionDown);
    assert_eq!(r.service_ticket, None);
    assert_eq!(
        r.symptoms,
        "  Error: 1290 read-only\n # mysql -e 'select 1'\n\
         Contact person: not a label, part of the symptoms"
    );
    assert_eq!(r.tried, "nothing yet");
}

#[test]
fn a_one_line_field_that_goes_on_is_refused_not_cut() {
    let text = fill(&answers()).replace("Region: cn-north-4", "Region: cn-north-4\nand cn-east-3");
    let e = one_error(&text);
    assert_eq!(
        (e.line, e.field),
        (line_of(&text, "and cn-east-3"), "region")
    );
    assert!(e.message.contains("takes one line"), "{e}");
}

#[test]
fn impact_words_propose_the_severity_of_the_sla_table() {
    let table = [
        ("core production down", Severity::S1, true),
        ("production down", Severity::S2, true),
        ("production faulty", Severity::S3, true),
        ("non-production faulty", Severity::S4, false),
        ("question", Severity::S5, false),
    ];
    for (words, severity, production) in table {
        let i: Impact = words.parse().unwrap();
        assert_eq!(i.as_str(), words);
        assert_eq!(i.proposed_severity(), severity);
        let yes_no = if production { "yes" } else { "no" };
        let mut a = answers();
        for (f, v) in &mut a {
            match *f {
                "impact" => *v = words.to_uppercase(),
                "production" => *v = yes_no.into(),
                _ => {}
            }
        }
        let r = parse(&fill(&a), TZ, now()).unwrap();
        assert_eq!(r.impact, i);
        assert_eq!(r.to_new_escalation(now(), TZ).severity, severity);
    }
    for s in [" Production  down ", "production_down", "PRODUCTION DOWN!"] {
        assert_eq!(s.parse::<Impact>(), Ok(Impact::ProductionDown), "{s}");
    }
    assert_eq!(
        "nonproduction faulty".parse(),
        Ok(Impact::NonProductionFaulty)
    );
    assert!("down".parse::<Impact>().is_err());
    // A question may be about either kind of system.
    let q = with("impact", "question");
    assert!(parse(&q, TZ, now()).is_ok());
    assert!(
        parse(
            &q.replace("Production (yes/no): yes", "Production (yes/no): no"),
            TZ,
            now()
        )
        .is_ok()
    );
}

#[test]
fn the_report_becomes_an_expert_escalation_reported_when_received() {
    let r = parse(&fill(&answers()), TZ, now()).unwrap();
    let received = now() - chrono::Duration::minutes(2);
    let new = r.to_new_escalation(received, TZ);
    assert_eq!(new.kind, EscalationKind::Expert);
    assert_eq!(new.severity, Severity::S1);
    assert_eq!(new.customer, "Jade River Bank");
    assert_eq!(new.ticket_no, "ST2611-0042");
    assert_eq!(new.title, "RDS cn-north-4: Primary does not accept writes");
    assert_eq!(new.reported_at, received);
    assert_eq!(new.validate(now()), Ok(()));
    assert_eq!(
        new.description,
        "Urgent-fault report (Direct Expert Support)\n\
         Customer: Jade River Bank\n\
         Contact: Li Lei (on-call DBA)\n\
         Phone: +86 138 0013 8000\n\
         Affected service: RDS\n\
         Region: cn-north-4\n\
         Production: yes\n\
         Impact: core production down (proposes S1: core production system unavailable)\n\
         Started at: 2026-11-22 17:30 CST\n\
         Service ticket: ST2611-0042\n\
         Symptoms and error messages:\n\
         Primary does not accept writes\nERROR 1290: read-only\n  at pool.go:88\n\
         What was tried:\n\
         Failover from the console\nRestarted the app"
    );
    // Without a ticket of its own: one from the start, in desk time.
    let r = parse(&with("service ticket", ""), TZ, now()).unwrap();
    let new = r.to_new_escalation(now(), TZ);
    assert_eq!(new.ticket_no, "UF-20261122-1730");
    assert!(new.description.contains("Service ticket: none given"));
    assert_eq!(new.validate(now()), Ok(()));
}

#[test]
fn titles_are_cut_on_a_character_and_the_longest_report_still_fits() {
    let mut a = answers();
    for (f, v) in &mut a {
        *v = match *f {
            "customer" | "contact" | "affected service" | "region" => "名".repeat(200),
            "phone" => "8".repeat(50),
            "service ticket" => "T".repeat(MAX_TICKET_NO),
            "symptoms and error messages" | "what was tried" => "错误\n".repeat(MAX_LONG / 3) + "é",
            _ => continue,
        };
    }
    let r = parse(&fill(&a), TZ, now()).unwrap();
    let new = r.to_new_escalation(now(), TZ);
    assert_eq!(new.title.chars().count(), MAX_TITLE);
    assert!(new.title.ends_with('…'));
    assert!(new.description.chars().count() <= MAX_DESCRIPTION);
    assert_eq!(new.validate(now()), Ok(()));
}

#[test]
fn hostile_text_is_kept_as_text() {
    const NASTY: &str =
        "\u{1b}[2J\u{1b}]0;pwned\u{7} \u{9b}31m \u{202e}evil\u{202c} \u{2066}x\u{2069} \u{0}";
    let mut a = answers();
    for (f, v) in &mut a {
        if matches!(
            *f,
            "contact" | "affected service" | "symptoms and error messages" | "what was tried"
        ) {
            *v = format!("{NASTY} {v}");
        }
    }
    let r = parse(&fill(&a), TZ, now()).unwrap();
    assert!(r.contact.starts_with(NASTY));
    assert!(r.symptoms.starts_with(NASTY));
    assert!(r.tried.starts_with(NASTY));
    // The escalation it becomes holds no control character: the report's
    // escape sequences are gone, the rest of the text stays (bidi marks are
    // made inert where shown).
    let new = r.to_new_escalation(now(), TZ);
    let printable: String = NASTY.chars().filter(|c| !c.is_control()).collect();
    assert!(new.title.starts_with(&printable), "{:?}", new.title);
    assert!(new.description.contains(&printable));
    assert!(!new.title.contains('\u{1b}') && !new.description.contains('\u{1b}'));
    assert_eq!(new.validate(now()), Ok(()));

    // A very long line: refused by its length, quoted short.
    let huge = "\u{1b}".repeat(200_000);
    let e = one_error(&with("symptoms and error messages", &huge));
    assert!(e.message.contains("200000 characters"), "{e}");
    let e = errors(&huge);
    assert_eq!(e[0].field, "report");

    // Whatever is pasted, the reader answers and never panics.
    let mut rng = fastrand::Rng::with_seed(11);
    let bits = [
        "Customer:",
        "Impact:",
        "Started at:",
        "Phone",
        ":",
        "：",
        "#",
        " ",
        "\n",
        "\r\n",
        "\r",
        "é",
        "名",
        "\u{1b}",
        "\u{202e}",
        "(",
        ")",
        "*",
        "+08:00",
        "2026-11-22 ",
        "09:30",
        "T",
        "yes",
        "Symptoms:",
        "\u{feff}",
        "\u{0}",
    ];
    for _ in 0..2_000 {
        let text: String = (0..rng.usize(0..60))
            .map(|_| bits[rng.usize(..bits.len())])
            .collect();
        if let Err(e) = parse(&text, TZ, now()) {
            assert!(!e.is_empty());
            assert!(e.iter().all(|e| e.line >= 1), "{text:?}: {e:#?}");
        }
    }
}
