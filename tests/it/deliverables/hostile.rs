//! Hostile text survives raw CSV and JSON, is made safe in CSV by default
//! and neutralised in Markdown.

use super::*;

/// Everything a spreadsheet, a Markdown renderer or a terminal might act on.
const HOSTILE: &str = "a,b \"q\" 'x' |pipe| <script>alert(1)</script> *b* _i_ [l](http://x) \
    `tick` ~~s~~ #h & &amp; \\ \x1b[2J\x1b]0;pwned\x07 \u{9b}31m \u{202e}rev\r\nline2\rcr\nline3";

#[test]
fn hostile_text_survives_csv_and_json_and_is_neutralised_in_markdown() {
    let d = Desk::new();
    d.eligible_customer("Acme");
    // An escalation's text is refused with escapes where it is typed; an
    // older store or another tool may still hold them.
    let t = d.ticket("Acme", "H-1", "S3", "plain", "2026-11-10T02:00:00Z");
    d.triage("2026-11-10T02:10:00Z", "ack", t, &[]);
    d.triage("2026-11-10T02:20:00Z", "start", t, &[]);
    d.triage("2026-11-10T03:00:00Z", "resolve", t, &["--note", "fixed"]);
    d.write_raw("escalations", t, "title", HOSTILE);
    d.write_raw("escalations", t, "resolution", HOSTILE);
    let r = d.requirement("2026-11-11T02:00:00Z", "Acme", HOSTILE, HOSTILE);
    for at in ["12", "13", "14"] {
        d.req_step(&format!("2026-11-{at}T02:00:00Z"), r, &["advance"]);
    }
    d.req_step("2026-11-15T02:00:00Z", r, &["reject", "--reason", HOSTILE]);
    let p = d.requirement("2026-11-16T02:00:00Z", "Acme", "plain", "");
    for at in ["17", "18", "19", "20"] {
        d.req_step(&format!("2026-11-{at}T02:00:00Z"), p, &["advance"]);
    }
    d.req_step(
        "2026-11-21T02:00:00Z",
        p,
        &["plan", "--date", "2027-01-01", "--note", HOSTILE],
    );
    // What the store kept (titles and notes are trimmed at the edges).
    let ticket = d.json_at(DEC_1, &format!("ticket show {t} --json"));
    let req = d.json_at(DEC_1, &format!("requirement show {r} --json"));
    let plan = d.json_at(DEC_1, &format!("requirement show {p} --json"));
    let s = |v: &Value| v.as_str().unwrap().to_string();
    let (title, resolution) = (s(&ticket["title"]), s(&ticket["resolution"]));
    let (rtitle, rdesc, reason) = (
        s(&req["title"]),
        s(&req["description"]),
        s(&req["rejection_reason"]),
    );
    let note = s(&plan["rollout"]["note"]);
    for kept in [&title, &resolution, &rtitle, &rdesc, &reason, &note] {
        assert!(kept.contains('\x1b') && kept.contains("\r\n"), "{kept:?}");
    }

    let out_with = |kind: &str, format: &str, extra: &[&str]| -> (String, Vec<u8>) {
        let file = d.path(&format!("{kind}.{format}"));
        let mut args = vec![
            "export",
            kind,
            "--customer",
            "Acme",
            "--period",
            "2026-11",
            "--format",
            format,
            "--out",
            file.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        d.ok_at(DEC_1, &args);
        let bytes = std::fs::read(&file).unwrap();
        (String::from_utf8(bytes.clone()).unwrap(), bytes)
    };
    let out = |kind: &str, format: &str| out_with(kind, format, &[]);

    // CSV by default: control characters replaced, line breaks kept.
    let (csv, _) = out("tickets", "csv");
    let rows = read_csv(&csv);
    let safe = "a,b \"q\" 'x' |pipe| <script>alert(1)</script> *b* _i_ [l](http://x) `tick` \
        ~~s~~ #h & &amp; \\ \u{fffd}[2J\u{fffd}]0;pwned\u{fffd} \u{fffd}31m \u{202e}rev\nline2\
        \u{fffd}cr\nline3";
    assert_eq!(rows[1][3], safe);
    assert!(!csv.contains('\x1b') && !csv.contains('\r'), "{csv:?}");

    // CSV with --raw: every character back exactly.
    let (csv, _) = out_with("tickets", "csv", &["--raw"]);
    let rows = read_csv(&csv);
    assert_eq!(rows[1][3], title);
    assert_eq!(rows[1][13], resolution);
    let (csv, _) = out_with("requirements", "csv", &["--raw"]);
    let rows = read_csv(&csv);
    let col = |name: &str| rows[0].iter().position(|h| h == name).unwrap();
    assert_eq!(rows[1][col("title")], rtitle);
    assert_eq!(rows[1][col("description")], rdesc);
    assert_eq!(rows[1][col("rejection_reason")], reason);
    assert_eq!(rows[2][col("rollout_note")], note);

    // JSON: no raw control byte, and the same strings back.
    for kind in ["tickets", "requirements"] {
        let (js, bytes) = out(kind, "json");
        assert!(
            !bytes.iter().any(|b| *b < 0x20 && *b != b'\n'),
            "{kind}: raw control byte in JSON"
        );
        assert_eq!(js.matches('\n').count(), 1, "one line of JSON");
        assert!(!js.contains('\u{7f}') && !js.contains('\u{9b}') && !js.contains('\u{202e}'));
        let v: Value = serde_json::from_str(&js).unwrap();
        let l = &v["lines"];
        if kind == "tickets" {
            assert_eq!(s(&l[0]["title"]), title);
            assert_eq!(s(&l[0]["resolution"]), resolution);
        } else {
            assert_eq!(s(&l[0]["title"]), rtitle);
            assert_eq!(s(&l[0]["description"]), rdesc);
            assert_eq!(s(&l[0]["rejection_reason"]), reason);
            assert_eq!(s(&l[1]["rollout"]["note"]), note);
        }
    }

    // Markdown: nothing a renderer or terminal would act on.
    for kind in ["tickets", "requirements"] {
        let (md, bytes) = out(kind, "md");
        assert!(!bytes.contains(&0x1b), "{kind}: raw ESC");
        assert!(!bytes.contains(&b'\r'), "{kind}: raw CR");
        assert!(!bytes.contains(&0x07), "{kind}: raw BEL");
        assert!(!md.contains('\u{9b}') && !md.contains('\u{202e}'), "{kind}");
        assert!(!md.contains("<script"), "{kind}");
        assert_eq!(
            md.matches('<').count(),
            md.matches("<br>").count(),
            "{kind}: a raw < other than the line breaks:\n{md}"
        );
        assert!(md.contains("&lt;script&gt;"), "{kind}");
        assert!(
            md.contains("&amp;amp;"),
            "{kind}: entities are shown, not decoded"
        );
        for line in md.lines().filter(|l| l.contains("\\x1b")) {
            for ch in ['*', '_', '[', ']', '`', '~'] {
                assert_eq!(unescaped(line, ch), 0, "{kind}: unescaped {ch} in {line:?}");
            }
        }
        // Every table row keeps its column count: no stray | in a cell.
        let mut columns = None;
        for line in md.lines() {
            if line.starts_with('|') {
                if line.starts_with("|---") {
                    continue;
                }
                let n = unescaped(line, '|');
                if line.starts_with("| Severity") {
                    columns = None;
                }
                match columns {
                    None => columns = Some(n),
                    Some(c) => assert_eq!(n, c, "{kind}: {line}"),
                }
            }
        }
        assert!(
            md.contains("\\x1b\\[2J"),
            "{kind}: the escape shown as text"
        );
        assert!(
            md.contains("rev<br>line2\\\\x0dcr<br>line3"),
            "{kind}:\n{md}"
        );
    }
}

#[test]
fn markdown_gives_no_block_structure_to_text_at_the_start_of_a_line() {
    // A description is the one text printed at the start of a line (the
    // requirement's history); whatever it starts with, it stays a plain
    // paragraph of the report.
    let d = Desk::new();
    d.eligible_customer("Acme");
    let starts = [
        "# Heading",
        "   # Indented heading",
        "  - indented item",
        "1. numbered item",
        "2026) also numbered",
        "    four spaces make code",
        "> quoted",
        "+ plus item",
        "=== rule",
    ];
    for text in starts {
        d.requirement("2026-11-10T02:00:00Z", "Acme", "t", text);
    }
    let md = export_for(&d, "Acme", "requirements", &["--period", "2026-11"], "md");
    let report_headings = ["# Customer Service Requirement List", "## History", "### #"];
    for line in md.lines() {
        assert!(
            !line.starts_with(' ') && !line.starts_with('\t'),
            "an indented line is code or a nested block: {line:?}\n{md}"
        );
        if line.starts_with('#') {
            assert!(
                report_headings.iter().any(|h| line.starts_with(h)),
                "a heading from the text: {line:?}"
            );
        }
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        assert!(
            !(digits > 0 && line[digits..].starts_with(['.', ')'])),
            "an ordered list from the text: {line:?}"
        );
        assert!(
            !line.starts_with("+ ") && !line.starts_with("> ") && !line.starts_with("==="),
            "block structure from the text: {line:?}"
        );
    }
    for shown in [
        "\\# Heading",
        "\\# Indented heading",
        "\\- indented item",
        "1\\. numbered item",
        "2026\\) also numbered",
        "four spaces make code",
        "&gt; quoted",
        "\\+ plus item",
        "\\=== rule",
    ] {
        assert!(md.contains(&format!("\n{shown}\n")), "{shown:?} in\n{md}");
    }
}
