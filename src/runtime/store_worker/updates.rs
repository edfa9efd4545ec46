//! The dashboard's update to a customer about an escalation, queued by
//! the store worker as the CLI queues it, answered as a status line.

use crate::domain::notice::Channel;
use crate::domain::triage::label;
use crate::notify::Render;
use crate::notify::escalation_update::{UpdateRequest, chat_text, customer_update as queue};
use crate::store::{Actor, Store};

fn request(text: &str, by_email: bool) -> UpdateRequest {
    let mut channels = vec![Channel::Chat];
    if by_email {
        channels.push(Channel::Email);
    }
    UpdateRequest {
        channels,
        text: text.to_string(),
    }
}

/// The text the customer's chat group would read (the robot's message
/// body, not its JSON), and the mail's subject when by email too.
pub(super) fn preview(
    store: &mut Store,
    id: i64,
    text: &str,
    by_email: bool,
    actor: Actor<'_>,
    render: &Render,
) -> Result<String, String> {
    // An empty text is the engineer still to write: show the rest of it.
    let text = if text.trim().is_empty() { "…" } else { text };
    let u = queue(store, id, &request(text, by_email), true, actor, &**render)?;
    // One customer: its group's message, then the mail's subject.
    let mut out: Vec<String> = u
        .plan
        .notice
        .deliveries
        .iter()
        .filter(|d| d.channel == Channel::Chat)
        .map(|d| chat_text(&d.body))
        .collect();
    if by_email && let Some((_, r)) = u.plan.renderings.first() {
        out.push(format!("email: {}", r.email_subject));
    }
    for gap in &u.plan.unreachable {
        out.push(format!("not by {}: {}", gap.channel, gap.reason));
    }
    Ok(out.join("\n"))
}

pub(super) fn customer_update(
    store: &mut Store,
    id: i64,
    text: &str,
    by_email: bool,
    actor: Actor<'_>,
    render: &Render,
) -> Result<String, String> {
    let u = queue(store, id, &request(text, by_email), false, actor, &**render)?;
    let e = store.escalation(id).map_err(|e| e.to_string())?;
    let n = u.plan.notice.deliveries.len();
    let mut said = format!(
        "{}: update to {} queued as notice #{} ({n} deliver{})",
        label(&e.ticket_no, id),
        e.customer,
        u.notice_id.unwrap_or_default(),
        if n == 1 { "y" } else { "ies" }
    );
    for gap in &u.plan.unreachable {
        said.push_str(&format!("; not by {}: {}", gap.channel, gap.reason));
    }
    Ok(said)
}
