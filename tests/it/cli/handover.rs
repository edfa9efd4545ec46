//! `sredesk handover` on a fixed shift (02:00Z to 10:00Z, 10:00 to 18:00
//! in Shanghai): every section from data written at known times, compared
//! with golden files in text, Markdown and JSON; hostile text inert in
//! each; a quiet shift said in one line; a bad span refused.

use super::*;

/// The desk at NOW (10:00Z) after one shift.
pub(super) fn shift() -> Desk {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.subscribed_customer("Jade River");
    let add = |at: &str, customer: &str, no: &str, sev: &str, kind: &str, title: &str| {
        desk.ok_at(
            at,
            &[
                "ticket",
                "add",
                "--customer",
                customer,
                "--severity",
                sev,
                "--kind",
                kind,
                "--ticket-no",
                no,
                "--title",
                title,
            ],
        );
    };
    let as_at = |at: &str, who: &str, args: &str| {
        desk.ok_as(at, who, args);
    };
    // Before the shift: Jade River uses 9 of its 10 faster units; alice
    // holds them all.
    for i in 1..=9 {
        add(
            "2026-11-22T01:00:00Z",
            "Jade River",
            &format!("J-{i}"),
            "S4",
            "faster",
            "batch job slow",
        );
        as_at("2026-11-22T01:30:00Z", "alice", &format!("ticket ack {i}"));
    }
    add(
        "2026-11-22T03:00:00Z",
        "Acme",
        "T-1",
        "S1",
        "general",
        "RDS primary unreachable",
    );
    as_at("2026-11-22T03:10:00Z", "bob", "ticket ack 10");
    as_at(
        "2026-11-22T03:20:00Z",
        "bob",
        "ticket note 10 --text 'restarted the primary\nfailover verified'",
    );
    add(
        "2026-11-22T04:00:00Z",
        "Acme",
        "T-2",
        "S2",
        "general",
        "ELB 502s | *intermittent*",
    );
    as_at("2026-11-22T05:00:00Z", "carol", "ticket ack 11");
    as_at(
        "2026-11-22T05:30:00Z",
        "carol",
        "ticket assign 11 dave --note 'listener config rolled back; watch it'",
    );
    add(
        "2026-11-22T06:00:00Z",
        "Acme",
        "T-4",
        "S3",
        "general",
        "OBS latency",
    );
    as_at(
        "2026-11-22T07:00:00Z",
        "bob",
        "ticket pause 12 --reason 'bucket access logs from the customer'",
    );
    add(
        "2026-11-22T09:30:00Z",
        "Acme",
        "T-3",
        "S1",
        "general",
        "DNS down",
    );
    // Another tool wrote a hostile title.
    desk.write_raw(
        "escalations",
        13,
        "title",
        "DNS \x1b[31mdown\x1b[0m <b>now</b>",
    );
    desk.ok_at(
        "2026-11-22T08:00:00Z",
        "incident add --title 'Backbone loss' --kind backbone-network-fault --region cn-south-1 \
         --next-update 2026-11-22T10:30:00Z",
    );
    desk
}

#[test]
fn a_shift_in_text_markdown_and_json() {
    let desk = shift();
    golden("handover.txt", &desk.ok("handover"));
    let md = desk.ok("handover --since 8h --format md");
    assert!(!md.contains('\x1b'), "{md}");
    assert!(md.contains("ELB 502s \\| \\*intermittent\\*"), "{md}");
    golden("handover.md", &md);
    let v = desk.json("handover --format json");
    assert_eq!(v["since"], "2026-11-22T02:00:00Z", "JSON is UTC");
    assert_eq!(v["arrived"].as_array().unwrap().len(), 4);
    assert_eq!(v["answered_within"][0]["ticket_no"], "T-1");
    assert_eq!(v["answered_outside"][0]["ticket_no"], "T-2");
    assert_eq!(v["breached_open"][0]["ticket_no"], "T-3");
    assert_eq!(
        v["paused"][0]["reason"],
        "bucket access logs from the customer"
    );
    assert_eq!(v["notes"].as_array().unwrap().len(), 2);
    assert_eq!(v["quotas_low"][0]["customer"], "Jade River");
    assert_eq!(v["holders"][0]["engineer"], "alice");
    assert_eq!(v["holders"][0]["open"], 9);
}

#[test]
fn a_shorter_window_leaves_out_what_came_before_it() {
    let desk = shift();
    let v = desk.json("handover --since 2h --format json");
    let arrived: Vec<&str> = v["arrived"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["ticket_no"].as_str().unwrap())
        .collect();
    assert_eq!(arrived, vec!["T-3"]);
    assert_eq!(v["answered_within"], serde_json::json!([]));
    // What stands open is the same, whatever the window.
    assert_eq!(v["breached_open"][0]["ticket_no"], "T-3");
}

#[test]
fn a_quiet_shift_says_so_and_a_bad_span_is_refused() {
    let desk = Desk::new();
    desk.customer("Acme");
    assert_eq!(
        desk.ok("handover"),
        "Handover 11-22 10:00 – 11-22 18:00 (Asia/Shanghai time)\n\
         A quiet shift: nothing came in, nothing waits, nothing is owed.\n"
    );
    assert!(
        desk.fails("handover --since soon")
            .contains("--since: 'soon' is not a span")
    );
    let missing = Desk::new();
    assert!(missing.fails("handover").contains("s.db"));
}
