//! The history (`F`): every escalation of the desk, closed, withdrawn and
//! resolved ones among the open, newest first in desk time; a search; one
//! with hostile text shown inert; a failed read said over what was read.

use sredesk::app::Msg;
use sredesk::domain::{Severity, TriageOp};
use sredesk::store::Store;

use super::{Screen, actor, add, assert_screen, at, desk};

/// The desk with one of each ended state and a long Chinese title.
fn history_desk() -> Store {
    let mut s = desk();
    let steps = [
        TriageOp::Start,
        TriageOp::Resolve {
            resolution: Some("route added".into()),
        },
    ];
    for op in &steps {
        s.triage(6, op, actor(at(7, 40))).unwrap();
    }
    s.triage(6, &TriageOp::Close, actor(at(7, 50))).unwrap();
    s.triage(
        5,
        &TriageOp::Withdraw {
            reason: Some("asked in the group".into()),
        },
        actor(at(10, 0)),
    )
    .unwrap();
    let cn = add(
        &mut s,
        "Jade River Bank",
        "ST2611-0100",
        Severity::S2,
        at(5, 0),
        "生产环境数据库连接超时，应用大量报错，请尽快协助排查网络与安全组配置",
    );
    s.triage(cn, &TriageOp::Acknowledge, actor(at(5, 10)))
        .unwrap();
    s.triage(cn, &TriageOp::Start, actor(at(5, 10))).unwrap();
    s.triage(cn, &TriageOp::Resolve { resolution: None }, actor(at(6, 0)))
        .unwrap();
    s
}

#[test]
fn history_screen() {
    let mut s = Screen::new(history_desk(), 160, 48);
    s.keys("F");
    let text = s.render();
    assert!(text.contains("REPORTED (CST)"), "{text}");
    assert!(text.contains("closed") && text.contains("withdrawn") && text.contains("resolved"));
    assert_screen!(text);
}

#[test]
fn history_screen_narrow() {
    let mut s = Screen::new(history_desk(), 80, 24);
    s.keys("F");
    let text = s.render();
    assert!(
        text.contains('…'),
        "long titles are cut with an ellipsis: {text}"
    );
    assert_screen!(text);
}

#[test]
fn history_searched_in_chinese() {
    let mut s = Screen::new(history_desk(), 80, 24);
    s.keys("F").keys("数据库");
    let text = s.render();
    assert!(text.contains("ST2611-0100"), "{text}");
    assert!(!text.contains("ST2611-0001"), "{text}");
    assert_screen!(text);
}

#[test]
fn history_with_nothing_found_and_a_word_too_short() {
    let mut s = Screen::new(history_desk(), 80, 24);
    s.keys("F").keys("zzzz");
    let text = s.render();
    assert!(
        text.contains("No escalation, open or closed, holds \"zzzz\""),
        "{text}"
    );
    s.keys(" q");
    let text = s.render();
    assert!(text.contains("'q' (at 6) is one letter"), "{text}");
    assert_screen!(text);
}

#[test]
fn history_read_failed() {
    let mut s = Screen::new(history_desk(), 80, 24);
    s.keys("F");
    // The re-read a change asks for, left unanswered, then failed.
    let _asked = sredesk::app::update(&mut s.m, Msg::StoreChanged);
    let seq = match &s.m.screen {
        sredesk::app::Screen::History(h) => h.seq,
        _ => panic!("not on the history"),
    };
    let fx = sredesk::app::update(
        &mut s.m,
        Msg::HistoryLoaded {
            seq,
            result: Err("disk I/O error".into()),
        },
    );
    assert!(fx.is_empty());
    let text = s.render();
    assert!(text.contains("Cannot read the history"), "{text}");
    assert!(
        text.contains("ST2611-0005"),
        "the rows read before stay: {text}"
    );
    assert_screen!(text);
}
