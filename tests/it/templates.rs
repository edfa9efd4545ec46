//! The notice templates: every stage of an incident and of a change in
//! every channel's form (compared with golden files under
//! tests/golden/templates/), hostile text escaped for each format, an
//! override folder, and the length of an SMS.
//!
//! Golden files: `UPDATE_GOLDEN=1 cargo test --test it templates::` rewrites
//! them; review the diff by eye before keeping it.

use crate::common;

use serde_json::Value;

use sredesk::domain::notice::{Stage, SubjectKind};
use sredesk::domain::sms::{SmsEncoding, cost};
use sredesk::notify::templates::GatewayRequest;
use sredesk::notify::templates::{self, Templates};
use sredesk::notify::{NoticeContext, RecordView, Rendering};

fn golden(name: &str, actual: &str) {
    common::golden(&format!("templates/{name}"), actual)
}

fn incident() -> RecordView {
    RecordView {
        id: 12,
        reference: "INC-12".into(),
        title: "ECS instances unreachable in cn-north-4".into(),
        kind: "outage".into(),
        state: "notified".into(),
        services: vec!["ECS".into(), "EVS".into()],
        regions: vec!["cn-north-4".into()],
        guidance: "Fail over to cn-east-3 where you can.\n\
                   Do not restart affected instances: they recover on their own."
            .into(),
        level: Some(2),
        level_label: Some("Major".into()),
        next_update_due: Some("2026-11-23 10:30 UTC+08:00".into()),
        lessons: Some("A rack switch firmware update went out without a canary.".into()),
        improvements: Some(
            "Switch firmware now goes to one rack first and waits an hour.\n\
             Packet loss alerts per rack, not per zone."
                .into(),
        ),
        impact: Some("Instances in one rack lost network for 47 minutes.".into()),
        ..RecordView::default()
    }
}

fn change() -> RecordView {
    RecordView {
        id: 4,
        reference: "CHG-4".into(),
        title: "RDS minor version upgrade".into(),
        kind: "upgrade".into(),
        state: "notified".into(),
        services: vec!["RDS".into()],
        regions: vec!["cn-east-3".into(), "ap-southeast-1".into()],
        guidance: "Make sure your applications reconnect on their own.".into(),
        window_start: Some("2026-11-28 01:00 UTC+08:00".into()),
        window_end: Some("2026-11-28 03:00 UTC+08:00".into()),
        impact: Some(
            "Each database instance restarts once; connections drop for up to 30 seconds.".into(),
        ),
        follow_up: Some(
            "All 14 instances were upgraded; the longest interruption was 22 seconds.".into(),
        ),
        ..RecordView::default()
    }
}

/// The fixed context of the golden files: the engineer writes a message on
/// the first two stages of each record and none after.
pub(crate) fn context(stage: Stage) -> NoticeContext {
    let subject = stage.subject();
    let message = match stage {
        Stage::Initial => "We have isolated the faulty switch and are moving traffic away from it.",
        Stage::Update => "Traffic is moved; instances are coming back one by one.",
        Stage::Notice => "The upgrade is needed for a security fix.",
        Stage::InProgress => "Half of the instances are done.",
        _ => "",
    };
    NoticeContext {
        language: sredesk::domain::Language::En,
        subject: subject.into(),
        stage,
        stage_label: stage.label().into(),
        customer: "Northwind Logistics".into(),
        record: match subject {
            SubjectKind::Incident => incident(),
            SubjectKind::Change => change(),
        },
        message: message.into(),
        engineer: "Li Wei".into(),
        composed_at: "2026-11-23 09:30 UTC+08:00".into(),
        owner: None,
        requirement: None,
        escalation: None,
    }
}

pub(crate) fn all_stages() -> impl Iterator<Item = Stage> {
    Stage::INCIDENT.into_iter().chain(Stage::CHANGE)
}

fn json(text: &str, what: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what} is not JSON ({e}):\n{text}"))
}

fn wecom_content(r: &Rendering) -> String {
    let v = json(&r.wecom_body, "the WeCom body");
    assert_eq!(v["msgtype"], "markdown", "{v}");
    v["markdown"]["content"].as_str().unwrap().to_string()
}

fn welink_text(r: &Rendering) -> String {
    let v = json(&r.welink_body, "the WeLink body");
    assert_eq!(v["messageType"], "text", "{v}");
    assert!(
        v.get("timeStamp").is_some() && v.get("uuid").is_some(),
        "{v}"
    );
    v["content"]["text"].as_str().unwrap().to_string()
}

#[test]
fn every_stage_in_every_channel_matches_its_golden_file() {
    let t = Templates::load(None).unwrap();
    for stage in all_stages() {
        let r = t.render(&context(stage)).unwrap();
        let name = format!("{}-{}", stage.subject(), stage);
        golden(
            &format!("{name}.email.txt"),
            &format!("Subject: {}\n\n{}", r.email_subject, r.email_body),
        );
        golden(&format!("{name}.wecom.json"), &r.wecom_body);
        golden(&format!("{name}.welink.json"), &r.welink_body);
        golden(&format!("{name}.sms.txt"), &r.sms_text);

        // Each stage reads as itself, and names its record everywhere.
        let reference = &context(stage).record.reference;
        for text in [
            &r.email_subject,
            &r.email_body,
            &wecom_content(&r),
            &welink_text(&r),
            &r.sms_text,
        ] {
            assert!(text.contains(reference.as_str()), "{stage}: {text}");
        }
        assert!(
            r.email_subject.contains(stage.label()),
            "{}",
            r.email_subject
        );
    }
    let none = serde_json::json!({});
    let body = t
        .sms_gateway_body(&GatewayRequest {
            to: "+8613800000000",
            text: "Incident INC-12.",
            sender: "CloudDesk",
            key: "n7-d21",
            template_id: None,
            params: &none,
        })
        .unwrap();
    golden("sms-gateway.json", &body);
    assert_eq!(
        json(&body, "the gateway body"),
        serde_json::json!({
            "to": "+8613800000000", "sender": "CloudDesk",
            "text": "Incident INC-12.", "reference": "n7-d21"
        })
    );
}

#[test]
fn stages_say_different_things() {
    let t = Templates::load(None).unwrap();
    let bodies: Vec<String> = all_stages()
        .map(|s| t.render(&context(s)).unwrap().email_body)
        .collect();
    for (i, a) in bodies.iter().enumerate() {
        for b in &bodies[i + 1..] {
            assert_ne!(a, b);
        }
    }
    let review = t.render(&context(Stage::Review)).unwrap();
    assert!(review.email_body.contains("Packet loss alerts per rack"));
    assert!(!review.email_body.contains("Next update by"));
    let notice = t.render(&context(Stage::Notice)).unwrap();
    assert!(
        notice
            .email_subject
            .contains("2026-11-28 01:00 UTC+08:00 to 2026-11-28 03:00 UTC+08:00")
    );
    let follow_up = t.render(&context(Stage::FollowUp)).unwrap();
    assert!(welink_text(&follow_up).contains("longest interruption was 22 seconds"));
}

/// Every kind of trouble at once, in every string of the context.
fn hostile(s: &str) -> String {
    format!(
        "{s} **bold** _em_ [link](http://evil.example) <font color=\"red\">x</font> & \
         `code` # ## > quote\r\n- item\r\n1. one \u{1b}[2J\u{1b}]0;title\u{7} \
         \u{202e}desrever\u{202c} \"quoted\" back\\slash \u{7f}\u{9b}31m tab\there"
    )
}

fn hostile_context(stage: Stage) -> NoticeContext {
    let mut ctx = context(stage);
    let r = &mut ctx.record;
    r.reference = "INC-12".into();
    r.title = format!("{}\r\nBcc: victim@example.com", hostile("Title"));
    r.services = vec![hostile("ECS"), "EVS".into()];
    r.regions = vec![hostile("cn-north-4")];
    r.guidance = hostile("Guidance");
    r.level_label = Some(hostile("Major"));
    r.next_update_due = Some(hostile("10:30"));
    r.lessons = Some(hostile("Lessons"));
    r.improvements = Some(hostile("Improvements"));
    r.window_start = Some(hostile("01:00"));
    r.window_end = Some(hostile("03:00"));
    r.impact = Some(hostile("Impact"));
    r.follow_up = Some(hostile("Follow-up"));
    ctx.customer = hostile("Customer");
    ctx.message = hostile("Message");
    ctx.engineer = hostile("Engineer");
    ctx.composed_at = hostile("09:30");
    ctx
}

/// No character a terminal or a reader acts on: C0 and C1 controls, DEL,
/// bidi overrides; line breaks only where `newlines` allows.
fn assert_inert(what: &str, text: &str, newlines: bool) {
    for c in text.chars() {
        let allowed = newlines && c == '\n';
        assert!(
            allowed || !sredesk::text::needs_escape(c),
            "{what} holds {c:?}:\n{text}"
        );
    }
    assert!(
        !text.contains("[2J"),
        "{what} keeps the escape sequence:\n{text}"
    );
}

#[test]
fn hostile_text_is_escaped_for_each_format() {
    let t = Templates::load(None).unwrap();
    for stage in all_stages() {
        let r = t.render(&hostile_context(stage)).unwrap();

        // The subject is one line: no header can be added to the mail.
        assert_inert("subject", &r.email_subject, false);
        assert!(r.email_subject.contains("Bcc: victim@example.com"));
        assert!(!r.email_subject.contains("  "), "{}", r.email_subject);
        assert_inert("email body", &r.email_body, true);
        assert!(
            r.email_body.contains("Message **bold**"),
            "{}",
            r.email_body
        );
        // Paragraphs keep their lines; a title is one line wherever it goes.
        assert!(
            r.email_body.contains("> quote\n- item\n1. one"),
            "{}",
            r.email_body
        );
        assert!(!r.email_body.contains("\nBcc:"), "{}", r.email_body);

        // JSON bodies parse, and their text carries the input's characters.
        for raw in [&r.wecom_body, &r.welink_body] {
            assert_inert("chat body", raw, false);
        }
        let md = wecom_content(&r);
        assert_inert("WeCom content", &md, true);
        // WeCom's markdown has no escape syntax (a backslash shows as it
        // is), so its marks become full-width look-alikes instead.
        for (raw, escaped) in [
            ("**bold**", "＊＊bold＊＊"),
            (
                "[link](http://evil.example)",
                "［link］(http://evil.example)",
            ),
            ("<font color=\"red\">", "＜font color=\"red\"＞"),
            ("`code`", "'code'"),
        ] {
            assert!(!md.contains(raw), "{stage}: WeCom keeps {raw}:\n{md}");
            assert!(
                md.contains(escaped),
                "{stage}: WeCom lacks {escaped}:\n{md}"
            );
        }
        assert!(md.contains("back\\slash"), "{md}");
        assert!(!md.contains("back\\\\slash"), "{md}");
        // No line the engineer did not write starts a heading or a quote
        // (WeCom's markdown has no lists).
        for line in md.lines() {
            for start in ["#", "> "] {
                assert!(!line.starts_with(start), "{stage}: line {line:?}");
            }
        }
        let text = welink_text(&r);
        assert_inert("WeLink text", &text, true);
        assert!(text.contains("\"quoted\" back\\slash"), "{text}");

        // The SMS is plain: one line, single spaces, the words left as typed.
        assert_inert("sms", &r.sms_text, false);
        assert!(!r.sms_text.contains("  "), "{}", r.sms_text);
        assert!(!r.sms_text.contains("\\*"), "{}", r.sms_text);
    }
    let params = serde_json::json!({ "title": hostile("Title") });
    let body = t
        .sms_gateway_body(&GatewayRequest {
            to: "+86 138\r\n0000",
            text: &hostile("Text"),
            sender: "Desk\u{1b}[2J\"",
            key: "k\"1",
            template_id: Some("SMS_1\u{1b}"),
            params: &params,
        })
        .unwrap();
    assert_inert("gateway body", &body, false);
    let v = json(&body, "the gateway body");
    assert_eq!(v["to"], "+86 138 0000");
    assert_eq!(v["sender"], "Desk\"");
    assert_eq!(v["reference"], "k\"1");
    assert_eq!(v["template_id"], "SMS_1");
    assert_inert("gateway params", &v["params"]["title"].to_string(), false);
}

#[test]
fn an_override_folder_replaces_templates_file_by_file() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(templates::SMS),
        "{{ record.reference }}: {{ stage_label }}\n\n   for {{ customer }}",
    )
    .unwrap();
    // A README beside the templates is not mistaken for one.
    std::fs::write(dir.path().join("README.txt"), "our wording").unwrap();
    let t = Templates::load(Some(dir.path())).unwrap();
    let r = t.render(&context(Stage::Initial)).unwrap();
    assert_eq!(
        r.sms_text,
        "INC-12: Incident notice for Northwind Logistics"
    );
    let shipped = Templates::load(None)
        .unwrap()
        .render(&context(Stage::Initial))
        .unwrap();
    assert_eq!(r.email_body, shipped.email_body);
    assert_eq!(r.wecom_body, shipped.wecom_body);
}

#[test]
fn a_broken_override_is_named_with_its_line_at_load() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(templates::EMAIL_BODY);
    std::fs::write(
        &path,
        "Dear {{ customer }},\n\n{% if stage == \"initial\" %}\nno end\n",
    )
    .unwrap();
    let e = Templates::load(Some(dir.path()))
        .err()
        .expect("a syntax error");
    assert_eq!(e.file, path.display().to_string());
    assert_eq!(e.line, Some(4), "{e}");
    assert!(e.to_string().contains(templates::EMAIL_BODY), "{e}");
    assert!(e.to_string().contains("line 4"), "{e}");

    // A misspelt name would be ignored without a word.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("email_body.txt.j2"), "x").unwrap();
    let e = Templates::load(Some(dir.path()))
        .err()
        .expect("an unknown name");
    assert!(e.to_string().contains("email_body.txt.j2"), "{e}");
    assert!(e.to_string().contains(templates::EMAIL_BODY), "{e}");

    let e = Templates::load(Some(&dir.path().join("missing")))
        .err()
        .expect("no folder");
    assert!(e.to_string().contains("missing"), "{e}");
}

#[test]
fn an_override_that_makes_broken_json_or_misspells_a_variable_fails_on_render() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(templates::CHAT_WECOM),
        "{\"msgtype\": \"markdown\", \"markdown\": {\"content\": \"{{ record.title }}\"}}",
    )
    .unwrap();
    let t = Templates::load(Some(dir.path())).unwrap();
    // JSON auto-escaping quotes the title a second time.
    let e = t.render(&context(Stage::Initial)).unwrap_err();
    assert!(e.to_string().contains(templates::CHAT_WECOM), "{e}");
    assert!(e.message.contains("not valid JSON"), "{e}");

    std::fs::remove_file(dir.path().join(templates::CHAT_WECOM)).unwrap();
    std::fs::write(
        dir.path().join(templates::SMS),
        "line one\n{{ record.titel }}",
    )
    .unwrap();
    let t = Templates::load(Some(dir.path())).unwrap();
    let e = t.render(&context(Stage::Initial)).unwrap_err();
    assert!(e.file.ends_with(templates::SMS), "{e}");
    assert_eq!(e.line, Some(2), "{e}");
}

#[test]
fn sms_texts_stay_short() {
    let t = Templates::load(None).unwrap();
    for stage in all_stages() {
        let sms = t.render(&context(stage)).unwrap().sms_text;
        let c = cost(&sms);
        assert_eq!(c.encoding, SmsEncoding::Gsm7, "{sms}");
        assert!(c.segments <= 2, "{stage}: {c:?}: {sms}");
        assert!(!sms.contains("**") && !sms.contains('\n'), "{sms}");
    }
    // Long Chinese text in every field is clipped, not sent in ten parts.
    for stage in all_stages() {
        let mut ctx = context(stage);
        ctx.record.title = "云服务器实例无法访问".repeat(20);
        ctx.message = "正在迁移流量".repeat(40);
        ctx.record.services = (0..30).map(|i| format!("服务{i}")).collect();
        let sms = t.render(&ctx).unwrap().sms_text;
        let c = cost(&sms);
        assert!(c.segments <= 4, "{stage}: {c:?}: {sms}");
    }
}

#[test]
fn the_shipped_templates_can_be_written_out_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("templates");
    let written = templates::write_defaults(&folder).unwrap();
    assert_eq!(written.len(), templates::file_names().count());
    for name in templates::file_names() {
        assert_eq!(
            std::fs::read_to_string(folder.join(name)).unwrap(),
            templates::shipped(name).unwrap()
        );
    }
    // An engineer's edit survives a second init.
    std::fs::write(folder.join(templates::SMS), "{{ record.reference }}").unwrap();
    assert!(templates::write_defaults(&folder).unwrap().is_empty());
    let t = Templates::load(Some(&folder)).unwrap();
    let r = t.render(&context(Stage::Update)).unwrap();
    assert_eq!(r.sms_text, "INC-12");
    let shipped = Templates::load(None)
        .unwrap()
        .render(&context(Stage::Update))
        .unwrap();
    assert_eq!(r.email_body, shipped.email_body);
}
