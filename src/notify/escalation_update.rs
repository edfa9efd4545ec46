//! An update to the customer about one escalation: the engineer's text,
//! rendered in the customer's language with its ticket, to the customer's
//! chat group and, when asked, by email, through the outbox like any
//! notice. The escalation's history records it in the same transaction.

use super::announce::{base, one_customer};
use super::compose::{MAX_MESSAGE, Plan};
use super::i18n::escalation_state;
use super::{EscalationView, NoticeContext, Rendering};
use crate::domain::Escalation;
use crate::domain::desk_time::with_offset;
use crate::domain::notice::{Channel, Stage};
use crate::domain::text_rules::check_text;
use crate::store::{Actor, Store};

type Render<'a> = &'a dyn Fn(&NoticeContext) -> Result<Rendering, String>;

/// Updates go to the chat group, where the customer reported the fault,
/// and by email when asked; SMS is for incidents' short alerts.
pub const CHANNELS: [Channel; 2] = [Channel::Chat, Channel::Email];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UpdateRequest {
    pub channels: Vec<Channel>,
    /// What the customer is told: required.
    pub text: String,
}

/// A queued update, or (for a dry run) what would be queued.
pub struct Update {
    /// None for a dry run.
    pub notice_id: Option<i64>,
    pub plan: Plan,
}

/// In English; the templates' render says it in the customer's language.
fn view(e: &Escalation, store: &Store) -> EscalationView {
    EscalationView {
        ticket_no: e.ticket_no.clone(),
        title: e.title.clone(),
        severity: e.severity.to_string(),
        severity_meaning: e.severity.meaning().into(),
        state: escalation_state(e.state).into(),
        reported_at: with_offset(e.reported_at, store.rules().calendar.tz),
    }
}

fn check(req: &UpdateRequest) -> Result<(), String> {
    if req.text.trim().is_empty() {
        return Err("the update is empty: write what the customer should hear".into());
    }
    check_text("the update", &req.text, MAX_MESSAGE, true)?;
    if req.channels.is_empty() {
        return Err("name a channel: chat, email or both".into());
    }
    if let Some(c) = req.channels.iter().find(|c| !CHANNELS.contains(c)) {
        return Err(format!(
            "an escalation's update goes to the chat group and by email, not by {c}"
        ));
    }
    Ok(())
}

/// Renders the update about escalation `id` for its customer and, unless
/// `dry_run`, queues it. Refused, with nothing written, when the customer
/// cannot be reached on any channel asked for.
pub fn customer_update(
    store: &mut Store,
    id: i64,
    req: &UpdateRequest,
    dry_run: bool,
    actor: Actor<'_>,
    render: Render<'_>,
) -> Result<Update, String> {
    check(req)?;
    let e = store.escalation(id).map_err(|e| e.to_string())?;
    // Said before rendering, so a dry run or a preview says it too.
    if let Some(why) = crate::domain::triage::update_refused(&e) {
        return Err(why);
    }
    let member = store
        .audience_member(&e.customer, &[], &[], actor.now)
        .map_err(|e| e.to_string())?;
    let mut ctx = base(&member, Stage::EscalationUpdate, actor, store);
    ctx.message = req.text.trim().to_string();
    ctx.record.reference = e.ticket_no.clone();
    ctx.record.title = e.title.clone();
    ctx.escalation = Some(view(&e, store));
    let (notice, unreachable, rendering) =
        one_customer(&ctx, &member, &req.channels, render, "the update")?;
    let notice_id = if dry_run {
        None
    } else {
        Some(
            store
                .queue_escalation_update(id, &notice, actor)
                .map_err(|e| e.to_string())?,
        )
    };
    Ok(Update {
        notice_id,
        plan: Plan {
            notice,
            unreachable,
            renderings: vec![(member.customer.clone(), rendering)],
        },
    })
}

/// What a robot's JSON body shows in the group: WeCom's markdown content
/// or WeLink's text.
pub fn chat_text(body: &str) -> String {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
        return body.to_string();
    };
    v["markdown"]["content"]
        .as_str()
        .or_else(|| v["content"]["text"].as_str())
        .or_else(|| v["text"]["content"].as_str())
        .or_else(|| v["content"].as_str())
        .unwrap_or(body)
        .to_string()
}
