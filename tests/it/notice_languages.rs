//! Notices in the customer's language, and the notices besides incidents
//! and changes (a change of project owner, R&D's decision on a
//! requirement): each in every channel's form compared with golden files
//! under tests/golden/templates/ (English at the top, Chinese in zh-CN/).
//!
//! `UPDATE_GOLDEN=1 cargo test --test it notice_languages::` rewrites them;
//! review the diff by eye before keeping it.

use crate::common;
use crate::templates::{all_stages, context};

use sredesk::domain::Language;
use sredesk::domain::notice::Stage;
use sredesk::notify::templates::Templates;
use sredesk::notify::{NoticeContext, Rendering, sample_contexts};

fn golden_set(dir: &str, name: &str, r: &Rendering) {
    let g = |ext: &str, text: &str| common::golden(&format!("templates/{dir}{name}.{ext}"), text);
    g(
        "email.txt",
        &format!("Subject: {}\n\n{}", r.email_subject, r.email_body),
    );
    g("wecom.json", &r.wecom_body);
    g("welink.json", &r.welink_body);
    if !r.sms_text.is_empty() {
        g("sms.txt", &r.sms_text);
    }
}

/// The owner and requirement samples, with the golden context's customer
/// and engineer.
fn promised() -> Vec<NoticeContext> {
    sample_contexts()
        .into_iter()
        .filter(|c| !matches!(c.stage, Stage::Initial))
        .map(|c| NoticeContext {
            customer: "Northwind Logistics".into(),
            engineer: "Li Wei".into(),
            composed_at: "2026-11-23 09:30 UTC+08:00".into(),
            ..c
        })
        .collect()
}

#[test]
fn owner_and_requirement_notices_match_their_golden_files() {
    let t = Templates::load(None).unwrap();
    for language in [Language::En, Language::ZhCn] {
        let dir = match language {
            Language::En => "",
            Language::ZhCn => "zh-CN/",
        };
        for mut ctx in promised() {
            ctx.language = language;
            let r = t.render(&ctx).unwrap();
            golden_set(dir, &ctx.stage.to_string(), &r);
            // No SMS: these go by email and chat only.
            assert_eq!(r.sms_text, "", "{}", ctx.stage);
            let reference = &ctx.record.reference;
            assert!(
                r.email_body.contains(reference.as_str()),
                "{}",
                r.email_body
            );
            assert!(
                r.wecom_body.contains(reference.as_str()),
                "{}",
                r.wecom_body
            );
        }
    }
    let [owner, accepted, rejected, update] = &promised()[..] else {
        panic!("four samples");
    };
    let r = t.render(update).unwrap();
    assert!(
        r.email_body
            .contains("Severity: S1 (core production system unavailable)")
    );
    let r = t.render(owner).unwrap();
    assert!(r.email_body.contains("Omar Haddad") && r.email_body.contains("2026-11-26"));
    let r = t.render(accepted).unwrap();
    assert!(r.email_body.contains("2027-03-01") && r.email_body.contains("March release"));
    let r = t.render(rejected).unwrap();
    assert!(r.email_body.contains("Not on the roadmap for 2027."));
}

#[test]
fn chinese_notices_match_their_golden_files_and_say_the_desks_words_in_chinese() {
    let t = Templates::load(None).unwrap();
    for stage in all_stages() {
        let mut ctx = context(stage);
        ctx.language = Language::ZhCn;
        let r = t.render(&ctx).unwrap();
        golden_set("zh-CN/", &format!("{}-{}", stage.subject(), stage), &r);
        assert!(r.email_body.starts_with("尊敬的 Northwind Logistics："));
        // The desk's own words are Chinese; the engineer's stay as written.
        assert!(
            !r.email_subject.contains(stage.label()),
            "{}",
            r.email_subject
        );
        assert!(r.email_body.contains(&ctx.record.reference));
        // Times say their offset, never an abbreviation.
        assert!(r.email_body.contains("UTC+08:00"), "{}", r.email_body);
        assert!(!r.email_body.contains("CST"), "{}", r.email_body);
    }
    let en = t.render(&context(Stage::Initial)).unwrap();
    assert!(en.email_body.starts_with("Dear Northwind Logistics"));
}
