//! Rows another tool wrote that sredesk cannot read as it wrote them: a
//! title that is not UTF-8 is shown inert and the rest of the list still
//! comes; a value that cannot be read at all fails the command loudly,
//! never with a shorter list that looks whole.

use super::*;

/// Three escalations; `sql` then runs straight on the file.
fn desk_with_raw(sql: &str) -> Desk {
    let desk = Desk::new();
    desk.subscribed_customer("Acme");
    for (no, at) in [
        ("T-1", "2026-11-22T09:00:00Z"),
        ("T-2", "2026-11-22T09:10:00Z"),
        ("T-3", "2026-11-22T09:20:00Z"),
    ] {
        desk.add_ticket("Acme", no, "S2", at);
    }
    let conn = crate::common::raw_connection(desk.db()).unwrap();
    assert_eq!(conn.execute(sql, []).unwrap(), 1);
    desk
}

const BAD_TITLE: &str =
    "UPDATE escalations SET title = CAST(x'6272ff6b656e' AS TEXT) WHERE ticket_no = 'T-2'";

#[test]
fn a_title_that_is_not_utf8_is_shown_as_replacement_and_the_list_goes_on() {
    let desk = desk_with_raw(BAD_TITLE);
    let text = desk.ok("ticket list");
    for no in ["T-1", "T-2", "T-3"] {
        assert!(text.contains(no), "{no} missing:\n{text}");
    }
    assert!(text.contains("br\u{fffd}ken"), "{text}");

    let list = desk.json("ticket list --json");
    assert_eq!(ids(&list), [1, 2, 3]);
    assert_eq!(list[1]["title"], "br\u{fffd}ken");
    // The board order too (open ones), and the one escalation.
    assert_eq!(ids(&desk.json("ticket list --open --json")).len(), 3);
    assert_eq!(desk.show_ticket(2)["title"], "br\u{fffd}ken");
}

#[test]
fn a_row_that_cannot_be_read_fails_the_listing_with_nothing_on_stdout() {
    // A time no sredesk wrote: text in an INTEGER column.
    let desk = desk_with_raw("UPDATE escalations SET deadline = 'soon' WHERE ticket_no = 'T-2'");
    let err = desk.fails("ticket list --json");
    assert!(
        err.contains("holds a value this build cannot read: column `deadline` holds text"),
        "{err}"
    );
    let out = desk.run("ticket list --open --json");
    let err = runtime_failure(&out, "ticket list --open --json");
    assert!(!err.is_empty());
}
