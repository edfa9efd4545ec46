//! `report trends` through the binary (JSON in UTC, Markdown in desk time
//! and saying so) and the Ticket List's charts: two SVG files beside the
//! Markdown, linked from it; CSV and JSON stay data only.

use super::*;

/// Acme in November (Shanghai): an S1 answered in 10 minutes, an S1 in
/// 20 (late), an S3 in an hour.
fn november() -> Desk {
    let d = Desk::new();
    d.eligible_customer("Acme");
    let a = d.ticket("Acme", "T-1", "S1", "db down", "2026-11-10T02:00:00Z");
    d.triage("2026-11-10T02:10:00Z", "ack", a, &[]);
    let b = d.ticket("Acme", "T-2", "S1", "db down again", "2026-11-12T02:00:00Z");
    d.triage("2026-11-12T02:20:00Z", "ack", b, &[]);
    let c = d.ticket("Acme", "T-3", "S3", "slow disks", "2026-11-20T02:00:00Z");
    d.triage("2026-11-20T03:00:00Z", "ack", c, &[]);
    d
}

/// `export tickets` of `customer`'s November as `format`, then `extra`.
fn export<'a>(customer: &'a str, format: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "export",
        "tickets",
        "--customer",
        customer,
        "--period",
        "2026-11",
        "--format",
        format,
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn the_trends_report_gives_scripts_utc_and_people_desk_time() {
    let d = november();
    let v = d.json_at(DEC_1, "report trends --since 12m --format json");
    assert_eq!(v["generated_at"], "2026-12-01T02:00:00Z");
    assert_eq!(
        (v["time_zone"].as_str(), v["target"].as_f64()),
        (Some("Asia/Shanghai"), Some(95.0))
    );
    let periods = v["sla"]["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 12);
    let nov = periods.iter().find(|p| p["label"] == "2026-11").unwrap();
    // The desk's November starts at its midnight, in UTC.
    assert_eq!(nov["start"], "2026-10-31T16:00:00Z");
    assert_eq!(nov["all"]["opened"], 3);
    assert_eq!(
        (nov["all"]["met"].as_u64(), nov["all"]["breached"].as_u64()),
        (Some(2), Some(1))
    );
    assert_eq!(nov["severity"]["S1"]["attainment"], 50.0);
    // 10 and 20 minutes: the lower middle.
    assert_eq!(nov["severity"]["S1"]["median_response_secs"], 600);
    assert_eq!(v["quota_months"][11], "2026-12");

    let md = d.ok_at(DEC_1, "report trends --since 12m --format md");
    assert!(
        md.starts_with("# Trends: last 12 months by month\n"),
        "{md}"
    );
    assert!(
        md.contains("- Times: desk time (Asia/Shanghai); each month starts at the desk's midnight"),
        "{md}"
    );
    assert!(
        md.contains("| 2026-11 (from 2026-11-01 00:00) | 3 | 3 | 2 | 1 | 66.7% | 20m |"),
        "{md}"
    );
    let bad = usage_failure(
        &d.run("report trends --since 1y"),
        "report trends --since 1y",
    );
    assert!(bad.contains("'1y' is not a span: 30d, 12w or 12m"), "{bad}");
}

#[test]
fn the_ticket_list_can_bring_its_charts_beside_it() {
    let d = november();
    let out = d.path("acme-nov.md");
    let said = d.ok_at(
        DEC_1,
        &export("Acme", "md", &["--charts", "--out", out.to_str().unwrap()]),
    );
    assert!(said.contains("acme-nov-attainment.svg"), "{said}");
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("## Charts"), "{md}");
    assert!(md.contains("![Response SLA attainment per severity, Acme, 2026-11 (target 95%)](acme-nov-attainment.svg)"), "{md}");
    assert!(md.contains("](acme-nov-response.svg)"), "{md}");
    let svg = std::fs::read_to_string(d.path("acme-nov-attainment.svg")).unwrap();
    assert!(
        svg.starts_with("<svg") && svg.contains("\n50.0% of 2 ✗\n"),
        "{svg}"
    );
    let svg = std::fs::read_to_string(d.path("acme-nov-response.svg")).unwrap();
    // S1's median of 10 and 20 minutes is the lower, 10: within.
    assert!(
        svg.contains("\n10m of 15m\n") && svg.contains("\n1h00m of 3h00m\n"),
        "{svg}"
    );
    // Without --charts, the list is as it always was.
    let plain = d.path("plain.md");
    d.ok_at(
        DEC_1,
        &export("Acme", "md", &["--out", plain.to_str().unwrap()]),
    );
    assert!(
        !std::fs::read_to_string(&plain)
            .unwrap()
            .contains("## Charts")
    );
    // CSV and JSON stay data only; charts need a file to stand beside.
    for format in ["csv", "json"] {
        let err = d.fails_at(
            DEC_1,
            &export(
                "Acme",
                format,
                &["--charts", "--out", d.path("x").to_str().unwrap()],
            ),
        );
        assert!(
            err.contains("--charts: only with the Ticket List as Markdown"),
            "{err}"
        );
    }
    let err = d.run_at(DEC_1, &export("Acme", "md", &["--charts"]));
    assert!(stderr_of(&err).contains("--out"), "{}", stderr_of(&err));
}

#[test]
fn a_hostile_customer_name_is_inert_in_the_charts_and_their_links() {
    let d = november();
    let name = "<script>alert(1)</script> *b* [l](x) \x1b[2J \u{202e}rev";
    d.write_raw("customers", 1, "name", name);
    let out = d.path("h.md");
    d.ok_at(
        DEC_1,
        &export(name, "md", &["--charts", "--out", out.to_str().unwrap()]),
    );
    let md = std::fs::read_to_string(&out).unwrap();
    let charts = &md[md.find("## Charts").unwrap()..];
    assert!(
        !charts.contains("<script") && !charts.contains('\u{1b}') && !charts.contains('\u{202e}'),
        "{charts}"
    );
    assert!(
        charts.contains("\\[l\\](x) \\*b\\*") || charts.contains("\\*b\\* \\[l\\](x)"),
        "markup escaped in the alt text: {charts}"
    );
    for f in ["h-attainment.svg", "h-response.svg"] {
        let svg = std::fs::read_to_string(d.path(f)).unwrap();
        assert!(
            !svg.contains("<script") && !svg.contains('\u{1b}') && !svg.contains('\u{202e}'),
            "{svg}"
        );
        assert!(
            svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{svg}"
        );
    }
}
