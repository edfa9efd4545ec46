//! `sredesk ticket search`: closed escalations and notes found by any
//! word, newest first, in desk time for people and UTC in JSON.

use super::*;

fn desk_with_history() -> Desk {
    let desk = Desk::new();
    desk.subscribed_customer("华为云客户");
    let old = desk.add_ticket("华为云客户", "T-1", "S2", "2026-11-22T08:00:00Z");
    let new = desk.add_ticket("华为云客户", "T-2", "S3", "2026-11-22T09:00:00Z");
    desk.ok(&format!(
        "ticket note {old} --text 'failover to the standby 数据库 worked'"
    ));
    desk.ok(&format!(
        "ticket withdraw {old} --reason 'customer fixed it'"
    ));
    desk.ok(&format!("ticket note {new} --text 'standby lagging'"));
    desk
}

#[test]
fn a_withdrawn_escalation_is_found_by_its_note_newest_first() {
    let desk = desk_with_history();
    let found = desk.json("ticket search standby --json");
    let rows = found.as_array().unwrap();
    let tickets: Vec<&str> = rows
        .iter()
        .map(|r| r["ticket_no"].as_str().unwrap())
        .collect();
    assert_eq!(tickets, ["T-2", "T-1"]);
    assert_eq!(rows[1]["state"], "withdrawn");
    assert_eq!(rows[1]["severity"], "S2");
    assert_eq!(rows[1]["customer"], "华为云客户");
    // UTC in JSON.
    assert_eq!(
        time(rows[1]["reported_at"].as_str().unwrap()).to_rfc3339(),
        "2026-11-22T08:00:00+00:00"
    );
    assert_eq!(
        desk.json("ticket search 数据库 --json")
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        desk.json("ticket search --json --limit 1")
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn the_text_table_is_in_desk_time_aligned_by_display_width() {
    let desk = desk_with_history();
    let text = desk.ok("ticket search standby failover");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(lines[0].contains("REPORTED (CST)"), "{text}");
    // 08:00 UTC is 16:00 at the desk (Asia/Shanghai).
    assert!(lines[1].contains("2026-11-22 16:00"), "{text}");
    assert!(lines[1].contains("withdrawn"), "{text}");
    use unicode_width::UnicodeWidthStr;
    let at = |l: &str, word: &str| l[..l.find(word).unwrap()].width();
    assert_eq!(at(lines[0], "REPORTED"), at(lines[1], "2026-11-22"));
    assert_eq!(at(lines[0], "TITLE"), at(lines[1], "problem"));
}

#[test]
fn search_syntax_is_text_and_a_short_word_is_refused_by_name() {
    let desk = desk_with_history();
    desk.ok("ticket note 2 --text 'S1-outage: \"db primary'");
    let found = desk.json(&["ticket", "search", "S1-outage: \"db", "--json"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    // A word starting with '-' comes after `--`, as for any command.
    for text in ["AND", "NEAR(x", "title:*", "-abc"] {
        desk.ok(&["ticket", "search", "--json", "--", text]);
    }
    let err = desk.fails("ticket search d");
    assert!(err.contains("'d'") && err.contains("one letter"), "{err}");
    let err = desk.fails(&["ticket", "search", "--", "\"\"\""]);
    assert!(err.contains("no letter or digit"), "{err}");
}

#[test]
fn more_than_the_limit_says_so_and_a_missing_store_is_refused() {
    let desk = desk_with_history();
    let text = desk.ok("ticket search --limit 1");
    assert!(
        text.contains("the newest 1 match; --limit N for more"),
        "{text}"
    );
    let err = desk.fails("ticket search abc --db /nonexistent/x.db");
    assert!(err.contains("no store at /nonexistent/x.db"), "{err}");
    assert!(!Path::new("/nonexistent").exists());
}
