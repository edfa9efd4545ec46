//! `sredesk handover`: what the next shift needs to know, for the last
//! `--since` (8 hours unless given), as text, Markdown or JSON (UTC);
//! with `--send`, queued to the desk's own chat group and email
//! (`[handover]` in the config) for the dispatcher to send.

use std::io::Write;

use anyhow::anyhow;
use clap::{Args, ValueEnum};

use crate::desk::Desk;
use crate::domain::handover::Handover;
use crate::domain::masking::masked_url;
use crate::domain::notice::Channel;
use crate::domain::pause::parse_span;
use crate::notify::escalation_update::chat_text;
use crate::notify::handover_notice::desk_notice;
use crate::store::{Actor, NewNotice};
use crate::text::{inert, inert_lines};

#[derive(Debug, Args)]
pub struct HandoverArgs {
    /// How far back the shift goes: "8h", "12h", "1d"
    #[arg(long, default_value = "8h")]
    pub since: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: HandoverFormat,
    /// Queue it to the desk's chat group and email ([handover] in the
    /// config) instead of printing it
    #[arg(long)]
    pub send: bool,
    /// With --send: show what would go where, and queue nothing
    #[arg(long, requires = "send")]
    pub dry_run: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum HandoverFormat {
    Text,
    Md,
    Json,
}

pub fn run(desk: &Desk, a: &HandoverArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let span = parse_span(&a.since).map_err(|e| anyhow!("--since: {e}"))?;
    if a.send && !a.dry_run && desk.read_only() {
        return Err(anyhow!(
            "the store is open read-only: the handover is not queued (print it without --send)"
        ));
    }
    let now = desk.now();
    let mut store = desk.open_store()?;
    let h = store.handover(now - span, now)?;
    let tz = desk.tz();
    if a.send {
        return send(desk, a, &h, &mut store, out);
    }
    match a.format {
        HandoverFormat::Text => crate::export::handover::text(out, &h, tz)?,
        HandoverFormat::Md => crate::export::handover::markdown(out, &h, tz)?,
        HandoverFormat::Json => super::print::json_line(out, &h)?,
    }
    Ok(())
}

fn send(
    desk: &Desk,
    a: &HandoverArgs,
    h: &Handover,
    store: &mut crate::store::Store,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let to = desk
        .config
        .handover
        .recipients(&|name| std::env::var(name).ok())
        .map_err(|e| anyhow!(e))?;
    let engineer = desk.engineer()?;
    let notice = desk_notice(h, &to, desk.tz(), engineer, &a.since).map_err(|e| anyhow!(e))?;
    let queued = if a.dry_run {
        None
    } else {
        Some(store.queue_handover(
            &notice,
            Actor {
                engineer,
                now: desk.now(),
            },
        )?)
    };
    if a.format == HandoverFormat::Json {
        let to: Vec<_> = notice
            .deliveries
            .iter()
            .map(|d| serde_json::json!({"channel": d.channel, "platform": d.platform, "address": shown(d)}))
            .collect();
        return Ok(super::print::json_line(
            out,
            &serde_json::json!({
                "notice": queued.map(|q| q.0),
                "handover": queued.map(|q| q.1),
                "dry_run": a.dry_run,
                "deliveries": to,
            }),
        )?);
    }
    let to = destinations(&notice);
    match queued {
        Some((id, number)) => writeln!(
            out,
            "handover HO-{number} queued as notice #{id}: to {to}; the dispatcher sends it \
             (`sredesk notice show {id}` for its deliveries)"
        )?,
        None => {
            writeln!(
                out,
                "dry run, nothing queued: the handover would go to {to}"
            )?;
            preview(&notice, out)?;
        }
    }
    Ok(())
}

/// A robot's address carries its key: shown masked.
fn shown(d: &crate::store::NewDelivery) -> String {
    match d.channel {
        Channel::Chat => masked_url(&d.address),
        _ => d.address.clone(),
    }
}

fn destinations(n: &NewNotice) -> String {
    n.deliveries
        .iter()
        .map(|d| match d.platform {
            Some(p) => format!("the desk's {} group ({})", p.label(), shown(d)),
            None => inert(&d.address).into_owned(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn preview(n: &NewNotice, out: &mut dyn Write) -> std::io::Result<()> {
    if let Some(d) = n.deliveries.iter().find(|d| d.channel == Channel::Chat) {
        writeln!(out, "  the group reads:")?;
        for line in inert_lines(&chat_text(&d.body)) {
            writeln!(out, "    {line}")?;
        }
    }
    if let Some(d) = n.deliveries.iter().find(|d| d.channel == Channel::Email) {
        writeln!(out, "  email subject: {}", inert(&d.subject))?;
        for line in inert_lines(&d.body) {
            writeln!(out, "    {line}")?;
        }
    }
    Ok(())
}
