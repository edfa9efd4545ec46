//! The ticket and requirement lists against their golden files, with
//! SLA figures computed by hand, and periods cut in the desk's zone.

use super::*;

#[test]
fn ticket_list_golden_files_and_hand_computed_sla_figures() {
    let d = data_set();
    let month = ["--period", "2026-11"];
    let csv = export(&d, "tickets", &month, "csv");
    let md = export(&d, "tickets", &month, "md");
    let js = export(&d, "tickets", &month, "json");
    golden("tickets-2026-11.csv", &csv);
    golden("tickets-2026-11.md", &md);
    golden("tickets-2026-11.json", &js);
    // Notes go on the list only when marked for the customer.
    for text in [&csv, &md, &js] {
        assert!(
            text.contains("Listener config in cn-east-3 is being rolled back"),
            "{text}"
        );
        assert!(!text.contains("DESK ONLY"), "{text}");
    }

    // The same period given three ways gives the same bytes.
    for other in [
        &["--period", "2026-11-01..2026-11-30"][..],
        &["--from", "2026-11-01", "--to", "2026-11-30"][..],
    ] {
        assert_eq!(export(&d, "tickets", other, "csv"), csv, "{other:?}");
        assert_eq!(export(&d, "tickets", other, "json"), js, "{other:?}");
    }
    // --out writes the same bytes and says so.
    let file = d.path("tickets.md");
    let said = export(
        &d,
        "tickets",
        &["--period", "2026-11", "--out", file.to_str().unwrap()],
        "md",
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), md);
    assert_eq!(
        said,
        format!(
            "wrote the Customer Service Ticket List of Jade Cloud for 2026-11 (7 rows) to {}\n",
            file.display()
        )
    );

    // By hand, from the cases above: which tickets, and their outcomes.
    let november: Vec<&Case> = CASES.iter().filter(|c| c.in_november).collect();
    let count = |o: &str| november.iter().filter(|c| c.outcome == o).count();
    assert_eq!(
        (
            november.len(),
            count("met"),
            count("breached"),
            count("pending"),
            count("n/a")
        ),
        (7, 3, 2, 1, 1)
    );
    // Attainment: met / (met + breached) = 3 / 5 = 60.0%.
    let attainment = "60.0%";

    // CSV: one row per ticket in report order, then the totals.
    let rows = read_csv(&csv);
    assert_eq!(rows[0][0], "record");
    let tickets: Vec<_> = rows.iter().filter(|r| r[0] == "ticket").collect();
    let order: Vec<&str> = tickets.iter().map(|r| r[1].as_str()).collect();
    assert_eq!(
        order,
        [
            "T-101", "T-102", "T-103", "T-104", "T-105", "T-108", "T-106"
        ],
        "November's tickets in report order; T-099 and T-107 fall in other months \
         in Shanghai; Other Co's ticket is not Jade's"
    );
    for r in &tickets {
        let case = CASES.iter().find(|c| c.no == r[1]).unwrap();
        assert_eq!(r[5], case.severity, "{}", case.no);
        assert_eq!(r[11], case.outcome, "{}", case.no);
    }
    let t101 = tickets[0];
    assert_eq!(t101[6], "2026-11-01T01:00:00+08:00", "reported, desk time");
    assert_eq!(t101[7], "2026-11-01T01:12:30+08:00");
    assert_eq!((t101[8].as_str(), t101[9].as_str()), ("750", "12m 30s"));
    assert_eq!(t101[10], "15m");
    let totals: Vec<_> = rows.iter().filter(|r| r[0] == "total").collect();
    assert_eq!(totals[0][5], "all");
    assert_eq!(
        totals[0][3],
        "7 tickets: 3 met, 2 breached, 1 pending, 1 n/a"
    );
    assert_eq!(totals[0][11], attainment);
    let per_sev: Vec<(&str, &str, &str)> = totals[1..]
        .iter()
        .map(|r| (r[5].as_str(), r[3].as_str(), r[11].as_str()))
        .collect();
    assert_eq!(
        per_sev,
        [
            ("S1", "1 ticket: 1 met, 0 breached", "100.0%"),
            ("S2", "1 ticket: 0 met, 1 breached", "0.0%"),
            ("S3", "1 ticket: 1 met, 0 breached", "100.0%"),
            ("S4", "1 ticket: 0 met, 1 breached", "0.0%"),
            // T-105 n/a, T-108 met, T-106 pending: 1 of 1 decided.
            ("S5", "3 tickets: 1 met, 0 breached", "100.0%"),
        ]
    );

    // Markdown: the same figures in the report's words.
    assert!(md.contains("- Escalations: 7\n"), "{md}");
    assert!(
        md.contains("- Response SLA met: 3, breached: 2, still pending: 1, not applicable: 1\n"),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "- SLA attainment: {attainment} (met out of 5 with a decided response)\n"
        )),
        "{md}"
    );
    assert!(md.contains("| S5 | 16h | 3 | 1 | 0 | 100.0% |"), "{md}");

    // JSON: the same figures, attainment included.
    let v: Value = serde_json::from_str(&js).unwrap();
    assert_eq!(v["customer"], CUSTOMER);
    assert_eq!(v["period"], "2026-11");
    assert_eq!(v["time_zone"], "Asia/Shanghai");
    let outcomes: Vec<(&str, &str)> = v["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["ticket_no"].as_str().unwrap(), l["sla"].as_str().unwrap()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("T-101", "met"),
            ("T-102", "breached"),
            ("T-103", "met"),
            ("T-104", "breached"),
            ("T-105", "not_applicable"),
            ("T-108", "met"),
            ("T-106", "pending"),
        ]
    );
    let t = &v["totals"];
    assert_eq!(
        (
            &t["tickets"],
            &t["met"],
            &t["breached"],
            &t["pending"],
            &t["not_applicable"]
        ),
        (&json!(7), &json!(3), &json!(2), &json!(1), &json!(1))
    );
    assert_eq!(t["attainment"], attainment, "{t}");
    assert_eq!(t["attainment_permille"], 600, "{t}");
    assert_eq!(
        t["by_severity"][3],
        json!({"severity": "S4", "tickets": 1, "met": 0, "breached": 1, "attainment": "0.0%"})
    );
    assert_eq!(
        t["by_severity"][4],
        json!({"severity": "S5", "tickets": 3, "met": 1, "breached": 0, "attainment": "100.0%"})
    );
}

#[test]
fn an_empty_period_has_no_attainment() {
    let d = data_set();
    let js = export(&d, "tickets", &["--period", "2026-09"], "json");
    let v: Value = serde_json::from_str(&js).unwrap();
    assert_eq!(v["lines"], json!([]));
    assert_eq!(v["totals"]["attainment"], Value::Null);
    let md = export(&d, "tickets", &["--period", "2026-09"], "md");
    assert!(
        md.contains("No escalations were reported in this period."),
        "{md}"
    );
    assert!(md.contains("- SLA attainment: n/a"), "{md}");
    let csv = read_csv(&export(&d, "tickets", &["--period", "2026-09"], "csv"));
    assert_eq!(csv.len(), 2, "header and the one total row: {csv:?}");
    assert_eq!(csv[1][3], "0 tickets: 0 met, 0 breached, 0 pending, 0 n/a");
    assert_eq!(csv[1][11], "n/a");
}

#[test]
fn period_edges_follow_the_desk_time_zone() {
    let d = data_set();
    let nos = |period: &[&str]| -> Vec<String> {
        let v: Value = serde_json::from_str(&export(&d, "tickets", period, "json")).unwrap();
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["ticket_no"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(nos(&["--period", "2026-10"]), ["T-099"]);
    assert_eq!(nos(&["--period", "2026-12"]), ["T-107"]);
    // One desk day each: 1 November and 30 November in Shanghai.
    assert_eq!(nos(&["--period", "2026-11-01..2026-11-01"]), ["T-101"]);
    assert_eq!(
        nos(&["--from", "2026-11-30", "--to", "2026-11-30"]),
        ["T-106"]
    );
    // In Los Angeles, 31 Oct 17:00Z is still October, and 30 Nov 16:00Z
    // is still November.
    let config = d.path("la.toml");
    std::fs::write(&config, "[desk]\ntime_zone = \"America/Los_Angeles\"\n").unwrap();
    let la = |period: &str| -> Vec<String> {
        let v = d.json_at(
            DEC_1,
            &[
                "--config",
                config.to_str().unwrap(),
                "export",
                "tickets",
                "--customer",
                CUSTOMER,
                "--period",
                period,
                "--format",
                "json",
            ],
        );
        assert_eq!(v["time_zone"], "America/Los_Angeles");
        v["lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["ticket_no"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(la("2026-10"), ["T-099", "T-101"]);
    assert!(la("2026-11").contains(&"T-107".to_string()));
}

#[test]
fn requirement_list_golden_files_show_each_requirement_as_at_the_period_end() {
    let d = data_set();
    let month = ["--period", "2026-11"];
    let csv = export(&d, "requirements", &month, "csv");
    let md = export(&d, "requirements", &month, "md");
    let js = export(&d, "requirements", &month, "json");
    golden("requirements-2026-11.csv", &csv);
    golden("requirements-2026-11.md", &md);
    golden("requirements-2026-11.json", &js);
    assert_eq!(
        export(
            &d,
            "requirements",
            &["--from", "2026-11-01", "--to", "2026-11-30"],
            "json"
        ),
        js
    );

    let v: Value = serde_json::from_str(&js).unwrap();
    let lines = v["lines"].as_array().unwrap();
    let seen: Vec<(&str, &str)> = lines
        .iter()
        .map(|l| (l["title"].as_str().unwrap(), l["state"].as_str().unwrap()))
        .collect();
    // Tag-based billing was notified in October; Bulk ECS tagging is
    // December's (1 Dec 00:30 in Shanghai).
    assert_eq!(
        seen,
        [
            ("Cross-region OBS replication", "accepted"),
            ("Export audit logs as *CSV* | JSON", "customer_notified"),
            ("Dark mode for the console", "analysing"),
        ]
    );
    // Replication: accepted on 18 Nov with the March plan, though since
    // then notified and re-planned for April (in December).
    let r2 = &lines[0];
    assert_eq!(r2["state_since"], "2026-11-18T02:00:00Z");
    assert_eq!(r2["accepted"], true);
    assert_eq!(
        r2["rollout"],
        json!({"date": "2027-03-01", "note": "March release, cn-north-4 first"})
    );
    let last = r2["transitions"].as_array().unwrap().last().unwrap();
    assert_eq!(last["at"], "2026-11-20T02:00:00Z", "no December step");
    let r2_now = d.json_at(
        DEC_1,
        &["requirement", "show", &r2["id"].to_string(), "--json"],
    );
    assert_eq!(r2_now["state"], "customer_notified");
    assert_eq!(r2_now["rollout"]["date"], "2027-04-01");
    // The rejection is kept with its reason.
    assert_eq!(
        lines[1]["rejection_reason"],
        "Covered by CTS: use its trace export"
    );

    let rows = read_csv(&csv);
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[1][col("state")], "accepted");
    assert_eq!(rows[1][col("accepted_at")], "2026-11-18T10:00:00+08:00");
    assert_eq!(
        rows[1][col("customer_notified_at")],
        "",
        "December's step left out"
    );
    assert_eq!(rows[1][col("rollout_on")], "2027-03-01");
    assert_eq!(
        rows[2][col("description")],
        "Needed for the \"SOC 2\" audit,\nby Q1."
    );
    assert_eq!(rows[2][col("rejected_at")], "2026-11-20T11:00:00+08:00");

    assert!(md.contains("states as at the end of 2026-11-30"), "{md}");
    assert!(
        md.contains("| Accepted | 2026-11-18 10:00 | 2026-10-25 10:00 | Rollout 2027-03-01: March release, cn-north-4 first |"),
        "{md}"
    );
    assert!(!md.contains("April"), "{md}");

    // October: the billing requirement (notified on 28 Oct) and the
    // replication one (analysing since 26 Oct).
    let oct: Value = serde_json::from_str(&export(
        &d,
        "requirements",
        &["--period", "2026-10"],
        "json",
    ))
    .unwrap();
    let seen: Vec<(&str, &str)> = oct["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["title"].as_str().unwrap(), l["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        seen,
        [
            ("Tag-based billing", "customer_notified"),
            ("Cross-region OBS replication", "analysing"),
        ]
    );
}
