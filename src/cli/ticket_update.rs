//! `sredesk ticket update ID --text ...`: an update to the customer about
//! one escalation, queued to its chat group (and by email when asked) for
//! the dispatcher to send, and written into the escalation's history.

use std::io::Write;

use anyhow::anyhow;

use super::print::{json_line, unreachable_lines};
use crate::desk::Desk;
use crate::domain::notice::Channel;
use crate::domain::notice::parse_channels;
use crate::domain::triage::label;
use crate::notify::escalation_update::{UpdateRequest, chat_text, customer_update};
use crate::store::Actor;
use crate::text::{inert, inert_lines};

#[derive(clap::Args, Debug)]
pub struct UpdateArgs {
    pub id: i64,
    /// What the customer is told; several lines are kept
    #[arg(long)]
    pub text: String,
    /// chat, email (comma-separated)
    #[arg(long, default_value = "chat")]
    pub channels: String,
    /// Show what would go to whom, and queue nothing
    #[arg(long)]
    pub dry_run: bool,
    #[arg(long)]
    pub json: bool,
}

pub(super) fn run(desk: &Desk, a: &UpdateArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let req = UpdateRequest {
        channels: parse_channels(&a.channels).map_err(|e| anyhow!("--channels: {e}"))?,
        text: a.text.clone(),
    };
    let engineer = desk.engineer()?;
    let templates = desk.templates()?;
    let render = |c: &crate::notify::NoticeContext| templates.render(c).map_err(|e| e.to_string());
    let mut store = desk.open_store()?;
    let now = desk.now();
    let u = customer_update(
        &mut store,
        a.id,
        &req,
        a.dry_run,
        Actor { engineer, now },
        &render,
    )
    .map_err(|e| anyhow!(e))?;
    let deliveries = &u.plan.notice.deliveries;
    if a.json {
        let to: Vec<_> = deliveries
            .iter()
            .map(|d| serde_json::json!({"channel": d.channel, "platform": d.platform}))
            .collect();
        return Ok(json_line(
            out,
            &serde_json::json!({
                "notice": u.notice_id,
                "dry_run": a.dry_run,
                "deliveries": to,
                "unreachable": u.plan.unreachable,
            }),
        )?);
    }
    let e = store.escalation(a.id)?;
    let by: Vec<String> = deliveries
        .iter()
        .map(|d| match d.platform {
            Some(p) => format!("{} group", p.label()),
            None => d.channel.to_string(),
        })
        .collect();
    match u.notice_id {
        Some(n) => writeln!(
            out,
            "notice #{n} queued: update to {} about {} by {}",
            inert(&e.customer),
            inert(&label(&e.ticket_no, e.id)),
            by.join(", ")
        )?,
        None => {
            writeln!(
                out,
                "dry run, nothing queued: the update to {} about {} would go by {}",
                inert(&e.customer),
                inert(&label(&e.ticket_no, e.id)),
                by.join(", ")
            )?;
            for d in deliveries.iter().filter(|d| d.channel == Channel::Chat) {
                writeln!(out, "  the group reads:")?;
                for line in inert_lines(&chat_text(&d.body)) {
                    writeln!(out, "    {line}")?;
                }
            }
            if req.channels.contains(&Channel::Email) {
                for (_, r) in &u.plan.renderings {
                    writeln!(out, "  email subject: {}", inert(&r.email_subject))?;
                    for line in inert_lines(&r.email_body) {
                        writeln!(out, "    {line}")?;
                    }
                }
            }
        }
    }
    unreachable_lines(out, &u.plan.unreachable)?;
    Ok(())
}
