//! The dashboard's update to a customer about an escalation, queued by
//! the store worker as the CLI queues it, answered as a status line.

use crate::domain::notice::Channel;
use crate::domain::triage::label;
use crate::notify::Render;
use crate::notify::escalation_update::{UpdateRequest, customer_update as queue};
use crate::store::{Actor, Store};

pub(super) fn customer_update(
    store: &mut Store,
    id: i64,
    text: &str,
    by_email: bool,
    actor: Actor<'_>,
    render: &Render,
) -> Result<String, String> {
    let mut channels = vec![Channel::Chat];
    if by_email {
        channels.push(Channel::Email);
    }
    let req = UpdateRequest {
        channels,
        text: text.to_string(),
    };
    let u = queue(store, id, &req, false, actor, &**render)?;
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
