//! The shift's handover sent to the desk itself: the full text by email
//! to the desk's addresses, and a short summary to the desk's own chat
//! group (a robot takes 500 characters on WeLink), through the outbox
//! like any notice. Never to a customer: its deliveries have none.
//!
//! Written here rather than from templates: it speaks to engineers, not
//! customers, in the same words as `sredesk handover`.

use chrono_tz::Tz;

use super::compose::{WELINK_MAX_CHARS, check_wecom, check_welink};
use super::sanitize::{clip, markdown, one_line};
use crate::config::DeskRecipients;
use crate::domain::handover::{EscalationLine, Handover};
use crate::domain::notice::{Channel, ChatPlatform, NoticeSubject, Stage};
use crate::store::{NewDelivery, NewNotice};

/// How many breached escalations the chat summary names.
const NAMED: usize = 5;

/// The handover's notice, ready to queue: `since` is how `--since` was
/// written, so the summary can say how to read the rest.
pub fn desk_notice(
    h: &Handover,
    to: &DeskRecipients,
    tz: Tz,
    engineer: &str,
    since: &str,
) -> Result<NewNotice, String> {
    let mut deliveries = Vec::new();
    let mut channels = Vec::new();
    if !to.email.is_empty() {
        channels.push(Channel::Email);
        let subject = email_subject(h, tz);
        let body = email_body(h, tz, engineer);
        for address in &to.email {
            deliveries.push(NewDelivery {
                customer_id: None,
                channel: Channel::Email,
                platform: None,
                address: address.clone(),
                subject: subject.clone(),
                body: body.clone(),
                params: None,
            });
        }
    }
    if let Some((platform, webhook)) = &to.chat {
        channels.push(Channel::Chat);
        let lines = summary(h, tz, engineer, since, !to.email.is_empty());
        let body = chat_body(*platform, &lines);
        match platform {
            ChatPlatform::WeCom => check_wecom(&body)?,
            ChatPlatform::WeLink => check_welink(&body)?,
        }
        deliveries.push(NewDelivery {
            customer_id: None,
            channel: Channel::Chat,
            platform: Some(*platform),
            address: webhook.clone(),
            subject: String::new(),
            body,
            params: None,
        });
    }
    Ok(NewNotice {
        subject: NoticeSubject::Handover,
        // Numbered by the store when queued.
        subject_id: 0,
        stage: Stage::ShiftHandover,
        seen_state: String::new(),
        channels,
        message: crate::export::handover::shift(h, tz),
        next_update_due: None,
        deliveries,
    })
}

/// One line (a Subject with a line break would start new headers), with
/// the counts a lead reads first and no customer text.
fn email_subject(h: &Handover, tz: Tz) -> String {
    one_line(&format!(
        "{}: {}",
        crate::export::handover::title(h, tz),
        counts(h)
    ))
}

fn email_body(h: &Handover, tz: Tz, engineer: &str) -> String {
    let mut out = Vec::new();
    // Writing into memory cannot fail.
    if let Err(e) = crate::export::handover::text(&mut out, h, tz) {
        tracing::error!("writing the handover into memory: {e}");
    }
    let mut text = String::from_utf8_lossy(&out).into_owned();
    text.push_str(&format!("\n-- \nSent by {engineer} with sredesk.\n"));
    text
}

fn counts(h: &Handover) -> String {
    let late = h.answered_outside.len();
    let mut parts = vec![
        format!("{} breached and open", h.breached_open.len()),
        format!("{} came in", h.arrived.len()),
        format!("{} answered ({late} late)", h.answered_within.len() + late),
        format!("{} waiting on customers", h.paused.len()),
    ];
    if h.notices.failed + h.notices.dead > 0 {
        parts.push(format!(
            "{} notice deliveries failed",
            h.notices.failed + h.notices.dead
        ));
    }
    parts.join(", ")
}

/// The chat summary's lines, untrusted text still raw (each platform's
/// body makes it inert its own way) but cut short.
fn summary(h: &Handover, tz: Tz, engineer: &str, since: &str, by_email: bool) -> Vec<String> {
    let mut lines = vec![
        format!("{} · {engineer}", crate::export::handover::title(h, tz)),
        counts(h),
    ];
    if !h.breached_open.is_empty() {
        // The gravest first, then the longest overdue.
        let mut worst: Vec<&EscalationLine> = h.breached_open.iter().collect();
        worst.sort_by_key(|l| (l.severity, l.at));
        let named: Vec<String> = worst.into_iter().take(NAMED).map(named).collect();
        let more = h.breached_open.len().saturating_sub(NAMED);
        let tail = if more > 0 {
            format!("; and {more} more")
        } else {
            String::new()
        };
        lines.push(format!("Breached: {}{tail}", named.join("; ")));
    }
    if !h.incidents.is_empty() {
        lines.push(format!("Incidents open: {}", h.incidents.len()));
    }
    if !h.quotas_low.is_empty() {
        lines.push(format!("Quotas nearly used up: {}", h.quotas_low.len()));
    }
    lines.push(if by_email {
        "The full handover went by email.".to_string()
    } else {
        format!(
            "The full handover: sredesk handover --since {}",
            one_line(since)
        )
    });
    lines
}

fn named(l: &EscalationLine) -> String {
    format!(
        "{} {} {}",
        clip(&one_line(&l.ticket_no), 24),
        l.severity,
        clip(&one_line(&l.customer), 32)
    )
}

/// The exact JSON for the group's robot: WeCom's markdown (its first line
/// bold) or WeLink's text, cut to WeLink's 500 characters.
fn chat_body(platform: ChatPlatform, lines: &[String]) -> String {
    let clean: Vec<String> = lines.iter().map(|l| super::sanitize::clean(l)).collect();
    match platform {
        ChatPlatform::WeCom => {
            let mut content = String::new();
            for (i, l) in clean.iter().enumerate() {
                let l = markdown(l);
                if i == 0 {
                    content.push_str(&format!("**{l}**"));
                } else {
                    content.push('\n');
                    content.push_str(&l);
                }
            }
            serde_json::json!({"msgtype": "markdown", "markdown": {"content": content}}).to_string()
        }
        ChatPlatform::WeLink => {
            let text = clip(&clean.join("\n"), WELINK_MAX_CHARS);
            serde_json::json!({
                "messageType": "text",
                "content": {"text": text},
                "timeStamp": 0,
                "uuid": "",
                "isAt": false,
                "isAtAll": false,
                "atAccounts": []
            })
            .to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::handover::NoticeTally;
    use crate::domain::{EscalationState, Severity};
    use chrono::{TimeZone, Utc};

    fn line(no: usize, severity: Severity, customer: &str) -> EscalationLine {
        EscalationLine {
            id: no as i64,
            ticket_no: format!("T-{no}"),
            customer: customer.into(),
            severity,
            state: EscalationState::New,
            title: "untrusted".into(),
            assignee: None,
            at: Utc.with_ymd_and_hms(2026, 11, 22, 9, 0, 0).unwrap()
                + chrono::Duration::minutes(no as i64),
            by: None,
        }
    }

    fn shift(breached: Vec<EscalationLine>) -> Handover {
        Handover {
            since: Utc.with_ymd_and_hms(2026, 11, 22, 2, 0, 0).unwrap(),
            until: Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap(),
            arrived: Vec::new(),
            answered_within: Vec::new(),
            answered_outside: Vec::new(),
            breached_open: breached,
            holders: Vec::new(),
            paused: Vec::new(),
            notes: Vec::new(),
            incidents: Vec::new(),
            notices: NoticeTally::default(),
            quotas_low: Vec::new(),
        }
    }

    fn to(platform: ChatPlatform) -> DeskRecipients {
        DeskRecipients {
            email: Vec::new(),
            chat: Some((platform, "https://robot.example/hook?key=k".into())),
        }
    }

    fn chat(h: &Handover, platform: ChatPlatform) -> String {
        let n = desk_notice(h, &to(platform), chrono_tz::Asia::Shanghai, "tess", "8h").unwrap();
        assert_eq!(n.deliveries.len(), 1);
        assert!(n.deliveries.iter().all(|d| d.customer_id.is_none()));
        super::super::escalation_update::chat_text(&n.deliveries[0].body)
    }

    const HOSTILE: &str =
        "Evil\x1b[31m **Corp** <font color=\"warning\">[x](http://e)</font>\u{202e}";

    #[test]
    fn the_gravest_are_named_first_and_the_rest_counted() {
        let h = shift(
            (1..=8)
                .map(|i| {
                    line(
                        i,
                        if i % 3 == 0 {
                            Severity::S1
                        } else {
                            Severity::S4
                        },
                        "Acme",
                    )
                })
                .collect(),
        );
        let text = chat(&h, ChatPlatform::WeLink);
        assert!(
            text.contains("Breached: T-3 S1 Acme; T-6 S1 Acme; T-1 S4 Acme; T-2 S4 Acme; T-4 S4 Acme; and 3 more"),
            "{text}"
        );
        assert!(
            text.ends_with("The full handover: sredesk handover --since 8h"),
            "{text}"
        );
    }

    #[test]
    fn welink_gets_at_most_500_characters_and_hostile_names_are_inert() {
        let long = HOSTILE.repeat(20);
        let long_ticket = |i| EscalationLine {
            ticket_no: format!("{i}-{}", "N".repeat(40)),
            ..line(i, Severity::S2, &long)
        };
        let mut h = shift((1..=40).map(long_ticket).collect());
        h.quotas_low = vec![
            crate::domain::handover::QuotaLine {
                customer: long.clone(),
                quota: "faster",
                left: 1,
                total: 10,
            };
            3
        ];
        let text = chat(&h, ChatPlatform::WeLink);
        assert!(
            text.chars().count() <= WELINK_MAX_CHARS,
            "{}",
            text.chars().count()
        );
        assert!(
            text.ends_with("--since 8h"),
            "the way to the rest survives: {text}"
        );
        let cut = chat_body(ChatPlatform::WeLink, &[long.clone(), long]);
        let cut = super::super::escalation_update::chat_text(&cut);
        assert!(
            cut.chars().count() <= WELINK_MAX_CHARS,
            "{}",
            cut.chars().count()
        );
        assert!(cut.ends_with("..."), "{cut}");
        assert!(
            !text.contains('\x1b') && !text.contains('\u{202e}'),
            "{text:?}"
        );
    }

    #[test]
    fn wecom_markdown_from_customers_is_shown_not_acted_on() {
        let h = shift(vec![line(1, Severity::S1, HOSTILE)]);
        let text = chat(&h, ChatPlatform::WeCom);
        let named = text.lines().find(|l| l.starts_with("Breached:")).unwrap();
        assert!(
            !named.contains('*') && !named.contains('<') && !named.contains('['),
            "{named}"
        );
        assert!(named.contains("\u{ff0a}\u{ff0a}Corp"), "{named}");
        assert!(
            !text.contains('\x1b') && !text.contains('\u{202e}'),
            "{text:?}"
        );
        assert!(text.starts_with("**Handover 11-22 10:00"), "{text}");
    }
}
