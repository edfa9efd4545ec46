use chrono::Duration;

use super::super::test_plan::query_plan;
use super::super::test_support::*;
use super::*;
use crate::domain::note::NewNote;
use crate::domain::{Severity, TriageOp};
use crate::sql_args;

fn query(text: &str, from: HistoryFrom, limit: usize) -> HistoryQuery {
    HistoryQuery {
        text: SearchText::parse(text).unwrap(),
        from,
        limit,
    }
}

fn tickets(s: &Store, text: &str) -> Vec<String> {
    let page = s.history(&query(text, HistoryFrom::Newest, 50)).unwrap();
    page.rows.into_iter().map(|r| r.ticket_no).collect()
}

/// Acme with one escalation titled `title`, reported `mins` after t0.
fn add(s: &mut Store, ticket: &str, title: &str, description: &str, mins: i64) -> i64 {
    let mut new = new_esc(ticket, Severity::S3, t0() + Duration::minutes(mins));
    new.title = title.into();
    new.description = description.into();
    s.add_escalation(&new, actor(t0() + Duration::minutes(mins)))
        .unwrap()
        .id
}

#[test]
fn open_and_closed_escalations_are_found_newest_first() {
    each_engine("history_open_and_closed_escalations_are_found_ne", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        let open = add(&mut s, "T-1", "Disk latency on ECS", "", 0);
        let closed = add(&mut s, "T-2", "disk full on RDS", "", 10);
        let now = t0() + Duration::hours(1);
        for op in [
            TriageOp::Acknowledge,
            TriageOp::Start,
            TriageOp::Resolve {
                resolution: Some("grown".into()),
            },
            TriageOp::Close,
        ] {
            s.triage(closed, &op, actor(now)).unwrap();
        }
        let withdrawn = add(&mut s, "T-3", "Disk question", "", 20);
        s.triage(withdrawn, &TriageOp::Withdraw { reason: None }, actor(now))
            .unwrap();
        let page = s.history(&query("DISK", HistoryFrom::Newest, 10)).unwrap();
        let got: Vec<_> = page.rows.iter().map(|r| (r.id, r.state)).collect();
        assert_eq!(
            got,
            [
                (withdrawn, EscalationState::Withdrawn),
                (closed, EscalationState::Closed),
                (open, EscalationState::New),
            ]
        );
        assert!(!page.more_older && !page.more_newer);
        assert_eq!(page.rows[1].customer, "Acme");
        assert!(tickets(&s, "latency").contains(&"T-1".to_string()));
        // Ticket numbers and descriptions are searched too.
        assert_eq!(tickets(&s, "t-2"), ["T-2"]);
        assert!(tickets(&s, "nothing-like-this").is_empty());
    });
}

#[test]
fn every_word_must_match_somewhere() {
    each_engine("history_every_word_must_match_somewhere", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        add(&mut s, "T-1", "VPN tunnel down", "since the upgrade", 0);
        add(&mut s, "T-2", "VPN slow", "", 1);
        assert_eq!(tickets(&s, "vpn upgrade"), ["T-1"]);
        assert_eq!(tickets(&s, "vpn"), ["T-2", "T-1"]);
    });
}

#[test]
fn notes_are_found_and_follow_their_escalation() {
    each_engine("history_notes_are_found_and_follow_their_escalat", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        let id = add(&mut s, "T-1", "Slow queries", "", 0);
        add(&mut s, "T-2", "Other", "", 1);
        assert!(tickets(&s, "checkpoint").is_empty());
        let note = |text: &str| NewNote {
            text: text.into(),
            for_customer: false,
        };
        s.add_note(id, &note("customer ran a checkpoint"), actor(t0()))
            .unwrap();
        s.add_note(id, &note("index rebuilt"), actor(t0())).unwrap();
        assert_eq!(tickets(&s, "checkpoint"), ["T-1"]);
        assert_eq!(tickets(&s, "rebuilt checkpoint"), ["T-1"]);
        // Changed or removed behind the store's back, as another tool might.
        s.db()
            .execute(
                "UPDATE escalation_notes SET text = 'vacuum' WHERE text = 'index rebuilt'",
                sql_args![],
            )
            .unwrap();
        assert!(tickets(&s, "rebuilt").is_empty());
        assert_eq!(tickets(&s, "vacuum checkpoint"), ["T-1"]);
        s.db()
            .execute(
                "DELETE FROM escalation_notes WHERE text = 'vacuum'",
                sql_args![],
            )
            .unwrap();
        assert!(tickets(&s, "vacuum").is_empty());
        assert_eq!(tickets(&s, "checkpoint"), ["T-1"]);
    });
}

#[test]
fn updates_and_deletes_of_escalations_reach_the_index() {
    each_engine("history_updates_and_deletes_of_escalations_reach", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        let id = add(&mut s, "T-1", "Kafka lag", "consumer group stuck", 0);
        s.add_note(
            id,
            &NewNote {
                text: "restarted brokers".into(),
                for_customer: false,
            },
            actor(t0()),
        )
        .unwrap();
        s.db()
            .execute(
                "UPDATE escalations SET title = 'Pulsar lag' WHERE id = ?1",
                sql_args![id],
            )
            .unwrap();
        assert!(tickets(&s, "kafka").is_empty());
        assert_eq!(tickets(&s, "pulsar"), ["T-1"]);
        // The notes stay with the row indexed again.
        assert_eq!(tickets(&s, "brokers"), ["T-1"]);
        // A new reported time moves it in the order and keeps it found once.
        add(&mut s, "T-2", "Pulsar topic", "", 30);
        assert_eq!(tickets(&s, "pulsar"), ["T-2", "T-1"]);
        let later = ts(t0() + Duration::hours(2));
        s.db()
            .execute(
                "UPDATE escalations SET reported_at = ?2 WHERE id = ?1",
                sql_args![id, later],
            )
            .unwrap();
        assert_eq!(tickets(&s, "pulsar"), ["T-1", "T-2"]);
        s.db()
            .execute(
                "DELETE FROM escalation_notes WHERE escalation_id = ?1",
                sql_args![id],
            )
            .unwrap();
        s.db()
            .execute("DELETE FROM audit_log WHERE entity_id = ?1", sql_args![id])
            .unwrap();
        s.db()
            .execute("DELETE FROM escalations WHERE id = ?1", sql_args![id])
            .unwrap();
        assert_eq!(tickets(&s, "pulsar"), ["T-2"]);
    });
}

#[test]
fn search_syntax_typed_is_text_and_never_an_error() {
    each_engine("history_search_syntax_typed_is_text_and_never_an", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        add(&mut s, "T-1", "S1-outage: \"db primary down", "", 0);
        add(&mut s, "T-2", "S1 outage of the db", "", 1);
        // Punctuation is not searched for: the words are.
        assert_eq!(tickets(&s, "S1-outage: \"db"), ["T-2", "T-1"]);
        assert_eq!(tickets(&s, "primary"), ["T-1"]);
        for text in [
            "\"\"\"",
            "***",
            "AND NOT",
            "NEAR(abc def)",
            "col:abc",
            "-abc",
            "^abc",
            "abc*",
            "(((",
            "{ticket_no}: T-1",
            "')))",
            "1=1 ---",
        ] {
            // Only punctuation is refused before any read; the rest reads.
            let text = match SearchText::parse(text) {
                Ok(t) => t,
                Err(e) => {
                    assert!(e.to_string().contains("no letter or digit"), "{text}: {e}");
                    continue;
                }
            };
            let q = HistoryQuery {
                text,
                from: HistoryFrom::Newest,
                limit: 10,
            };
            assert!(s.history(&q).is_ok(), "{q:?}");
        }
        // Column filters are not syntax either: it is looked for as written.
        assert!(tickets(&s, "title:S1").is_empty());
    });
}

#[test]
fn words_split_at_punctuation_and_accents_fold_alike_on_both_engines() {
    each_engine("history_punctuation_and_accents", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        add(
            &mut s,
            "T-1",
            "db01.example.com unreachable",
            "see /var/log/syslog",
            0,
        );
        add(
            &mut s,
            "T-2",
            "Café POS timeout",
            "user@shop.example.org reports",
            1,
        );
        add(&mut s, "T-3", "S1-outage: Émile's ERP", "rate 1.5x", 2);
        assert_eq!(tickets(&s, "example"), ["T-2", "T-1"]);
        assert_eq!(tickets(&s, "example.com"), ["T-1"]);
        assert_eq!(tickets(&s, "syslog"), ["T-1"]);
        assert_eq!(tickets(&s, "var/log"), ["T-1"]);
        assert_eq!(tickets(&s, "shop"), ["T-2"]);
        assert_eq!(tickets(&s, "cafe"), ["T-2"]);
        assert_eq!(tickets(&s, "CAFÉ"), ["T-2"]);
        assert_eq!(tickets(&s, "emile"), ["T-3"]);
        assert_eq!(tickets(&s, "outage"), ["T-3"]);
        assert_eq!(tickets(&s, "1.5"), ["T-3"]);
        assert_eq!(tickets(&s, "t-2"), ["T-2"]);
        // A phrase stays a phrase: the words apart do not match it.
        assert!(tickets(&s, "com.example").is_empty());
    });
}

#[test]
fn chinese_text_is_found_by_any_run_of_its_characters() {
    each_engine("history_chinese_text_is_found_by_any_run_of_its_", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        add(
            &mut s,
            "T-1",
            "华为云数据库连接超时",
            "客户反馈生产环境数据库无法连接",
            0,
        );
        add(&mut s, "T-2", "对象存储上传失败", "", 1);
        assert_eq!(tickets(&s, "数据库"), ["T-1"]);
        assert_eq!(tickets(&s, "连接超时"), ["T-1"]);
        assert_eq!(tickets(&s, "无法连接 生产环境"), ["T-1"]);
        assert_eq!(tickets(&s, "上传失败"), ["T-2"]);
        assert!(tickets(&s, "数据仓库").is_empty());
        // Mixed with Latin letters, any case.
        add(&mut s, "T-3", "ECS实例重启", "", 2);
        assert_eq!(tickets(&s, "ecs实例"), ["T-3"]);
        // Two characters, or one, are words too.
        assert_eq!(tickets(&s, "超时"), ["T-1"]);
        assert_eq!(tickets(&s, "库"), ["T-1"]);
        // Found as a phrase: the characters together, not anywhere apart.
        assert!(tickets(&s, "库华").is_empty());
    });
}

#[test]
fn pages_follow_each_other_by_key_both_ways() {
    each_engine("history_pages_follow_each_other_by_key_both_ways", |s| {
        let mut s = subscribed_on(s, "2026-11-01");
        // Two reported at the same minute: the higher id is newer.
        for (i, mins) in [0, 5, 5, 9, 12, 20, 21].into_iter().enumerate() {
            add(
                &mut s,
                &format!("T-{i}"),
                &format!("router flap {i}"),
                "",
                mins,
            );
        }
        for text in ["", "router"] {
            let all: Vec<HistoryRow> = s
                .history(&query(text, HistoryFrom::Newest, 100))
                .unwrap()
                .rows;
            let keys: Vec<HistoryKey> = all.iter().map(HistoryRow::key).collect();
            let mut sorted = keys.clone();
            sorted.sort_by(|a, b| b.cmp(a));
            assert_eq!(keys, sorted, "{text:?}");
            assert_eq!(all.len(), 7);
            assert_eq!(all[4].ticket_no, "T-2");
            assert_eq!(all[5].ticket_no, "T-1");

            let first = s.history(&query(text, HistoryFrom::Newest, 3)).unwrap();
            assert_eq!(first.rows, all[0..3]);
            assert!(first.more_older && !first.more_newer);
            let second = s
                .history(&query(text, HistoryFrom::Older(first.rows[2].key()), 3))
                .unwrap();
            assert_eq!(second.rows, all[3..6]);
            assert!(second.more_older && second.more_newer);
            let third = s
                .history(&query(text, HistoryFrom::Older(second.rows[2].key()), 3))
                .unwrap();
            assert_eq!(third.rows, all[6..]);
            assert!(!third.more_older);
            let back = s
                .history(&query(text, HistoryFrom::Newer(third.rows[0].key()), 3))
                .unwrap();
            assert_eq!(back.rows, all[3..6]);
            let last = s.history(&query(text, HistoryFrom::Oldest, 3)).unwrap();
            assert_eq!(last.rows, all[4..]);
            assert!(last.more_newer && !last.more_older);
        }
    });
}

#[test]
fn a_page_seeks_its_index_and_sorts_nothing() {
    let s = store_with_customer();
    let key = HistoryKey {
        reported_at: 1_800_000_000,
        id: 7,
    };
    for text in ["", "disk full"] {
        for from in [HistoryFrom::Older(key), HistoryFrom::Newer(key)] {
            let (sql, args, _) = statement(Engine::Sqlite, &query(text, from, 20)).unwrap();
            let plan = query_plan(&s, &sql, args);
            assert!(!plan.contains("TEMP B-TREE"), "{text:?}: {plan}");
            assert!(!plan.contains("SCAN e"), "{text:?}: {plan}");
            if text.is_empty() {
                assert!(plan.contains("escalations_reported"), "{plan}");
            } else {
                assert!(plan.contains("VIRTUAL TABLE"), "{plan}");
            }
        }
    }
}
