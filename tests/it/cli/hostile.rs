//! Control characters in ticket text are shown inert in every listing.

use super::*;

#[test]
fn control_characters_in_ticket_text_are_shown_inert() {
    const TITLE: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}";
    const DESCRIPTION: &str = "first line\n\u{9b}31mred\u{1b}[0m\ttab";
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    desk.ok(&[
        "ticket",
        "add",
        "--customer",
        "Acme",
        "--severity",
        "S1",
        "--kind",
        "faster",
        "--ticket-no",
        "T-1",
        "--title",
        "clean",
        "--reported-at",
        "2026-11-22T09:55:00Z",
    ]);
    // Typed, these are refused; written by another tool, shown inert.
    desk.write_raw("escalations", 1, "ticket_no", "T-\u{7}1");
    desk.write_raw("escalations", 1, "title", TITLE);
    desk.write_raw("escalations", 1, "description", DESCRIPTION);
    desk.ok("ticket ack 1");

    let no_raw_controls = |what: &str, s: &str| {
        assert!(!s.contains('\u{1b}'), "{what}: raw ESC in {s:?}");
        assert!(!s.contains('\u{7}'), "{what}: raw BEL in {s:?}");
        assert!(!s.contains('\u{9b}'), "{what}: raw CSI in {s:?}");
    };

    let list = desk.ok("ticket list");
    no_raw_controls("ticket list", &list);
    assert!(list.contains("\\x1b[2J\\x1b]0;pwned\\x07"), "{list}");
    assert!(list.contains("T-\\x071"), "{list}");
    let open = desk.ok("ticket list --open");
    no_raw_controls("ticket list --open", &open);

    let show = desk.ok("ticket show 1");
    no_raw_controls("ticket show", &show);
    assert!(show.contains("#1 \\x1b[2J\\x1b]0;pwned\\x07"), "{show}");
    assert!(show.contains("\\x9b31mred\\x1b[0m"), "{show}");
    // Line breaks in a description stay line breaks.
    assert!(show.contains("    first line\n"), "{show}");

    // Triage messages quote text too.
    let out = desk.ok("ticket start 1");
    no_raw_controls("start", &out);
    // A resolution typed with escapes is refused, the store unchanged.
    let e = desk.fails(&[
        "ticket",
        "resolve",
        "1",
        "--note",
        "fixed\u{1b}[31m\u{9b}0m",
    ]);
    assert!(
        e.contains("the resolution contains control characters"),
        "{e}"
    );
    let out = desk.ok("ticket resolve 1 --note fixed");
    no_raw_controls("resolve", &out);
    assert!(
        out.contains("T-\\x071"),
        "the ticket number, quoted inert: {out}"
    );
    desk.write_raw("escalations", 1, "resolution", "fixed\u{1b}[31m\u{9b}0m");

    for args in [
        &["ticket", "list", "--json"][..],
        &["ticket", "show", "1", "--json"][..],
    ] {
        let json = desk.ok(args);
        no_raw_controls(&format!("{args:?}"), &json);
        let v: Value = serde_json::from_str(&json).unwrap();
        let t = if v.is_array() { &v[0] } else { &v };
        assert_eq!(t["title"].as_str().unwrap(), TITLE, "{args:?}");
        assert_eq!(t["description"].as_str().unwrap(), DESCRIPTION, "{args:?}");
        assert_eq!(t["ticket_no"].as_str().unwrap(), "T-\u{7}1", "{args:?}");
        assert_eq!(t["resolution"].as_str().unwrap(), "fixed\u{1b}[31m\u{9b}0m");
    }
}
