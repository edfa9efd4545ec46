//! The store worker's replies for the composer: a notice queued or
//! refused, a draft kept, the audience read, a customer found by name, the
//! preview rendered. Each goes to the composer it is for, on screen or
//! waiting for its send, and is dropped when it is stale.

use super::audience::unreachable_text;
use super::open::{put, recheck, render, save_draft, take};
use super::state::{ComposerState, NO_CUSTOMER, PreviewText};
use crate::app::board::load::{load_updates_due, refresh};
use crate::app::model::{Model, Screen, Status};
use crate::app::msg::{Effect, QueueRefused, QueuedNotice};
use crate::domain::notice::{Channel, ChatPlatform};
use crate::notify::Rendering;
use crate::store::AudienceMember;
use crate::text::plural;

/// The worker's answer to a send.
pub(crate) fn queued(m: &mut Model, result: Result<QueuedNotice, QueueRefused>) -> Vec<Effect> {
    m.dirty = true;
    let stashed = m.notices.sending.take();
    match result {
        Ok(q) => {
            let mut text = format!(
                "notice #{} queued: {} {}, {} to {}",
                q.notice_id,
                q.reference,
                q.stage,
                plural(q.deliveries, "delivery", "deliveries"),
                plural(q.customers, "customer", "customers")
            );
            if q.created {
                text = format!("{} opened; {text}", q.reference);
            }
            if !q.unreachable.is_empty() {
                text.push_str(&format!(
                    "; not reachable: {}",
                    unreachable_text(&q.unreachable)
                ));
            }
            m.status = Some(Status::info(text));
            m.notices.focus_notice = Some(q.notice_id);
            let mut fx = vec![Effect::LoadNotices, load_updates_due()];
            fx.push(refresh(m));
            fx
        }
        Err(refused) => {
            let Some(mut c) = stashed else {
                m.status = Some(Status::error(format!(
                    "notice not queued: {}",
                    refused.error
                )));
                return Vec::new();
            };
            // The record was created or edited before the store refused:
            // the form now speaks for it, so a retry does not open another.
            if let Some(r) = refused.record {
                c.base = Some(*r);
            }
            c.refused = Some(refused.error.clone());
            c.touched = c.shown_fields();
            recheck(m, &mut c);
            let fx = vec![save_draft(&c)];
            if matches!(m.screen, Screen::Notices) && m.overlay.is_none() {
                m.status = Some(Status::error(format!("not queued: {}", refused.error)));
                put(m, c);
            } else {
                m.status = Some(Status::error(format!(
                    "notice about {} not queued: {}; its draft is kept",
                    c.reference(),
                    refused.error
                )));
            }
            fx
        }
    }
}

/// Whichever composer this answer is for: the one on screen, or the one
/// waiting for its send.
fn composer_with(m: &mut Model, key: u64) -> Option<&mut ComposerState> {
    if let Screen::Composer(c) = &mut m.screen
        && c.draft.key == key
    {
        return Some(c);
    }
    m.notices
        .sending
        .as_deref_mut()
        .filter(|c| c.draft.key == key)
}

pub(crate) fn draft_saved(m: &mut Model, key: u64, result: Result<i64, String>) {
    let now = m.now;
    if let Some(c) = composer_with(m, key) {
        match result {
            Ok(id) => {
                c.draft.id = Some(id);
                c.draft.saved_at = Some(now);
                c.draft.error = None;
            }
            Err(e) => c.draft.error = Some(e),
        }
        m.dirty = true;
    }
}

pub(crate) fn audience_loaded(
    m: &mut Model,
    seq: u64,
    result: Result<Vec<AudienceMember>, String>,
) -> Vec<Effect> {
    let Some(mut c) = take(m) else {
        return Vec::new();
    };
    let mut fx = Vec::new();
    if seq == c.audience.seq {
        m.dirty = true;
        let before = c.audience.selected_member().map(|a| a.customer_id);
        match result {
            Ok(list) => {
                c.audience.computed = list;
                c.audience.loaded = true;
                c.audience.error = None;
            }
            Err(e) => c.audience.error = Some(e),
        }
        // The cursor stays on its customer when it is still listed.
        let members = c.audience.members();
        let n = members.len();
        c.audience.selected = before
            .and_then(|id| members.iter().position(|(a, _)| a.customer_id == id))
            .unwrap_or(c.audience.selected)
            .min(n.saturating_sub(1));
        if c.audience.selected_member().map(|a| a.customer_id) != before {
            fx = render(m, &mut c);
        }
    }
    put(m, c);
    fx
}

pub(crate) fn member_loaded(
    m: &mut Model,
    name: String,
    result: Result<AudienceMember, String>,
) -> Vec<Effect> {
    let Some(mut c) = take(m) else {
        return Vec::new();
    };
    m.dirty = true;
    let a = &mut c.audience;
    a.pending.retain(|p| !p.eq_ignore_ascii_case(&name));
    let mut fx = Vec::new();
    match result {
        Ok(member) => {
            a.excluded.retain(|x| *x != member.customer);
            let id = member.customer_id;
            if !a
                .computed
                .iter()
                .chain(&a.added)
                .any(|x| x.customer_id == id)
            {
                a.added.push(member);
            }
            if let Some(i) = a.members().iter().position(|(x, _)| x.customer_id == id) {
                a.selected = i;
            }
            fx.push(save_draft(&c));
            fx.extend(render(m, &mut c));
        }
        Err(e) => {
            a.error = Some(e);
            fx.push(save_draft(&c));
        }
    }
    put(m, c);
    fx
}

pub(crate) fn preview_rendered(m: &mut Model, seq: u64, result: Result<Rendering, String>) {
    let Screen::Composer(c) = &mut m.screen else {
        return;
    };
    if seq != c.preview.seq {
        return; // a newer rendering is on its way
    }
    m.dirty = true;
    let member = c.audience.selected_member();
    let customer = member.map_or_else(|| NO_CUSTOMER.to_string(), |a| a.customer.clone());
    let contact = member.and_then(|a| {
        a.contacts
            .iter()
            .find(|x| x.channel == Channel::Chat)
            .and_then(|x| x.platform)
    });
    c.preview.shown = Some(result.map(|r| PreviewText {
        customer,
        chat_contact: contact.is_some(),
        chat_platform: contact.unwrap_or(ChatPlatform::WeCom),
        chat_body: chat_text(match contact {
            Some(ChatPlatform::WeLink) => &r.welink_body,
            _ => &r.wecom_body,
        }),
        sms: crate::domain::sms::cost(&r.sms_text),
        email_subject: r.email_subject,
        email_body: r.email_body,
        sms_text: r.sms_text,
    }));
}

/// A group robot's body is JSON; people read the message in it: the
/// longest text it holds. Anything else is shown as it is.
pub fn chat_text(body: &str) -> String {
    fn longest<'a>(v: &'a serde_json::Value, best: &mut &'a str) {
        match v {
            serde_json::Value::String(s) if s.len() > best.len() => *best = s,
            serde_json::Value::Array(a) => a.iter().for_each(|x| longest(x, best)),
            serde_json::Value::Object(o) => o.values().for_each(|x| longest(x, best)),
            _ => {}
        }
    }
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(v) => {
            let mut best = "";
            longest(&v, &mut best);
            if best.is_empty() {
                body.to_string()
            } else {
                best.to_string()
            }
        }
        Err(_) => body.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::chat_text;

    #[test]
    fn a_robots_json_shows_as_its_message() {
        let wecom = r#"{"msgtype":"markdown","markdown":{"content":"**INC-3** patch now"}}"#;
        assert_eq!(chat_text(wecom), "**INC-3** patch now");
        assert_eq!(chat_text("plain text"), "plain text");
        assert_eq!(chat_text("{}"), "{}");
    }
}
