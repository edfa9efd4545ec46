//! `sredesk notice ...`: composing notices, reading the outbox and
//! draining it once.

use std::io::Write;
use std::sync::Arc;

use anyhow::{anyhow, bail};
use chrono_tz::Tz;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::print::{cell, json_line, pad};
use super::when::{WHEN, parse_when};
use crate::desk::Desk;
use crate::domain::desk_time;
use crate::domain::notice::{
    Channel, ChatPlatform, DeliveryState, Stage, SubjectKind, parse_channels,
};
use crate::domain::record::{Record, reference};
use crate::domain::sms;
use crate::notify::compose::Request;
use crate::notify::dispatch::{DrainReport, Watch, drain_watched};
use crate::notify::queue;
use crate::notify::settle::Note;
use crate::notify::{NoticeContext, Rendering};
use crate::store::{Actor, AudienceMember, NoticeSummary};
use crate::text::{inert, inert_lines, plural};

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub struct NoticeAbout {
    #[arg(long, value_name = "ID")]
    pub incident: Option<i64>,
    #[arg(long, value_name = "ID")]
    pub change: Option<i64>,
}

#[derive(Debug, Subcommand)]
pub enum NoticeCommand {
    /// Render a notice for the affected customers and queue it (one
    /// delivery per recipient and channel, in one transaction)
    Compose {
        #[command(flatten)]
        about: NoticeAbout,
        /// incident: initial, update, resolved, review;
        /// change: notice, in-progress, completed, follow-up
        #[arg(long)]
        stage: Stage,
        /// email, chat, sms (comma-separated)
        #[arg(long, default_value = "email,chat,sms")]
        channels: String,
        /// Only these customers (repeatable; default: the computed audience)
        #[arg(long = "customer", value_name = "NAME")]
        customers: Vec<String>,
        /// Add a customer to the computed audience (repeatable)
        #[arg(long = "also", value_name = "NAME", conflicts_with = "customers")]
        also: Vec<String>,
        /// Leave a customer out (repeatable)
        #[arg(long = "exclude", value_name = "NAME")]
        exclude: Vec<String>,
        /// A line of your own for this notice only
        #[arg(long, default_value = "")]
        message: String,
        /// Incidents: when customers get the next update
        #[arg(long, value_name = WHEN)]
        next_update: Option<String>,
        /// Show the audience and renderings, queue nothing
        #[arg(long)]
        dry_run: bool,
        #[arg(long)]
        json: bool,
    },
    /// Notices, newest first, with their delivery counts
    List {
        #[arg(long, value_name = "ID", conflicts_with = "change")]
        incident: Option<i64>,
        #[arg(long, value_name = "ID")]
        change: Option<i64>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// One notice: each recipient and channel with its delivery state
    Show {
        id: i64,
        /// Print each delivery's subject and body too
        #[arg(long)]
        bodies: bool,
        #[arg(long)]
        json: bool,
    },
    /// Drain the outbox once: send what is due, report what went and what failed
    SendPending {
        #[arg(long)]
        json: bool,
    },
    /// Queue a notice's failed and dead deliveries again
    Resend {
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

pub fn notice_line(n: &NoticeSummary, tz: Tz) -> String {
    let d = &n.deliveries;
    format!(
        "#{:<4} {}  {:<7} {:<12} {}/{}  {}",
        n.id,
        desk_time::zoned(n.composed_at, tz),
        n.reference,
        n.stage,
        d.sent,
        d.total(),
        d.describe()
    )
}

/// What one customer would get: the email, its own chat group's message
/// (only the platform its group is on) and the SMS.
#[derive(Serialize)]
struct Preview<'a> {
    customer: &'a str,
    email_subject: &'a str,
    email_body: &'a str,
    /// The customer's group platform, when it can be reached on chat.
    chat_platform: Option<ChatPlatform>,
    chat_body: Option<&'a str>,
    chat_unreachable: Option<&'a str>,
    sms_text: &'a str,
    sms: sms::SmsCost,
}

fn preview<'a>(customer: &'a str, r: &'a Rendering, m: Option<&'a AudienceMember>) -> Preview<'a> {
    let platform = m.and_then(|m| {
        m.contacts
            .iter()
            .find(|c| c.channel == Channel::Chat)
            .and_then(|c| c.platform)
    });
    Preview {
        customer,
        email_subject: &r.email_subject,
        email_body: &r.email_body,
        chat_platform: platform,
        chat_body: platform.map(|p| match p {
            ChatPlatform::WeCom => r.wecom_body.as_str(),
            ChatPlatform::WeLink => r.welink_body.as_str(),
        }),
        chat_unreachable: m.and_then(|m| m.chat_unreachable.as_deref()),
        sms_text: &r.sms_text,
        sms: sms::cost(&r.sms_text),
    }
}

fn about(a: &NoticeAbout) -> (SubjectKind, i64) {
    match (a.incident, a.change) {
        (Some(id), _) => (SubjectKind::Incident, id),
        (_, Some(id)) => (SubjectKind::Change, id),
        // clap's group makes one of the two required.
        _ => (SubjectKind::Incident, 0),
    }
}

fn print_report(out: &mut dyn Write, r: &DrainReport) -> std::io::Result<()> {
    if r.outcomes.is_empty() && r.errors.is_empty() {
        return writeln!(out, "nothing due");
    }
    for o in &r.outcomes {
        writeln!(
            out,
            "#{:<4} {:<5} {:<7} {} {}",
            o.notice,
            o.channel,
            o.state,
            pad(&o.address, 32),
            inert(&o.detail)
        )?;
    }
    writeln!(
        out,
        "{}: {} sent, {} to retry, {} dead",
        plural(r.outcomes.len(), "delivery", "deliveries"),
        r.count(DeliveryState::Sent),
        r.count(DeliveryState::Failed),
        r.count(DeliveryState::Dead)
    )
}

pub fn run(desk: &Desk, c: &NoticeCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    let tz = desk.tz();
    match c {
        NoticeCommand::Compose {
            about: a,
            stage,
            channels,
            customers,
            also,
            exclude,
            message,
            next_update,
            dry_run,
            json,
        } => {
            let (subject, id) = about(a);
            let channels = parse_channels(channels).map_err(|e| anyhow!("--channels: {e}"))?;
            let next_update_due = next_update
                .as_deref()
                .map(|s| parse_when(s, now, tz).map_err(|e| anyhow!("--next-update: {e}")))
                .transpose()?;
            if next_update_due.is_some() && subject != SubjectKind::Incident {
                bail!("--next-update is for incident notices");
            }
            let engineer = desk.engineer()?;
            let templates = desk.templates()?;
            let mut store = desk.open_store()?;
            let record = store.record(subject, id)?;
            let choice = queue::Choice {
                only: customers,
                also,
                exclude,
            };
            let audience = queue::audience(&store, &record, choice, now)?;
            let req = Request {
                stage: *stage,
                channels,
                message: message.clone(),
                next_update_due,
            };
            let render = |c: &NoticeContext| templates.render(c).map_err(|e| e.to_string());
            let actor = Actor { engineer, now };
            if *dry_run {
                let plan = queue::plan(&store, &record, &req, &audience, actor, &render)
                    .map_err(|e| anyhow!(e))?;
                let previews: Vec<_> = plan
                    .renderings
                    .iter()
                    .map(|(customer, r)| {
                        preview(
                            customer,
                            r,
                            audience.iter().find(|m| &m.customer == customer),
                        )
                    })
                    .collect();
                if *json {
                    json_line(
                        out,
                        &serde_json::json!({
                            "deliveries": plan.notice.deliveries.len(),
                            "unreachable": plan.unreachable,
                            "previews": previews,
                        }),
                    )?;
                } else {
                    for p in &previews {
                        writeln!(out, "== {}", inert(p.customer))?;
                        writeln!(out, "email subject: {}", inert(p.email_subject))?;
                        for line in inert_lines(p.email_body) {
                            writeln!(out, "  {line}")?;
                        }
                        match (p.chat_platform, p.chat_body, p.chat_unreachable) {
                            (Some(platform), Some(body), _) => {
                                writeln!(out, "{platform}: {}", inert(body))?
                            }
                            (_, _, Some(reason)) => {
                                writeln!(out, "chat: unreachable: {}", inert(reason))?
                            }
                            _ => {}
                        }
                        writeln!(
                            out,
                            "sms ({} chars, {}, {:?}): {}",
                            p.sms.chars,
                            plural(p.sms.segments, "segment", "segments"),
                            p.sms.encoding,
                            inert(p.sms_text)
                        )?;
                    }
                    writeln!(
                        out,
                        "dry run: {} would be queued; nothing was written",
                        plural(plan.notice.deliveries.len(), "delivery", "deliveries")
                    )?;
                }
                return Ok(());
            }
            let queue::Queued { notice_id, plan } =
                queue::queue(&mut store, &record, &req, &audience, actor, &render)
                    .map_err(|e| anyhow!(e))?;
            if *json {
                json_line(
                    out,
                    &serde_json::json!({
                        "notice": notice_id,
                        "deliveries": plan.notice.deliveries.len(),
                        "customers": audience.len(),
                        "unreachable": plan.unreachable,
                    }),
                )?;
            } else {
                writeln!(
                    out,
                    "notice #{notice_id} queued: {} {}, {} to {}",
                    compose_ref(&record),
                    stage,
                    plural(plan.notice.deliveries.len(), "delivery", "deliveries"),
                    plural(audience.len(), "customer", "customers")
                )?;
                for u in &plan.unreachable {
                    writeln!(
                        out,
                        "  not reachable on {}: {}: {}",
                        u.channel,
                        inert(&u.customer),
                        inert(&u.reason)
                    )?;
                }
                writeln!(
                    out,
                    "delivery: the open dashboard sends it, or run `sredesk notice send-pending`"
                )?;
            }
        }
        NoticeCommand::List {
            incident,
            change,
            limit,
            json,
        } => {
            let filter = incident
                .map(|i| (SubjectKind::Incident, i))
                .or(change.map(|c| (SubjectKind::Change, c)));
            let rows = desk.open_store()?.notices(filter, *limit)?;
            if *json {
                json_line(out, &rows)?;
            } else if rows.is_empty() {
                writeln!(out, "no notices")?;
            } else {
                for n in &rows {
                    writeln!(out, "{}", notice_line(n, tz))?;
                }
            }
        }
        NoticeCommand::Show { id, bodies, json } => {
            let d = desk.open_store()?.notice(*id)?;
            if *json {
                json_line(out, &d)?;
                return Ok(());
            }
            let n = &d.notice;
            writeln!(
                out,
                "notice #{}  {} {}  {}",
                n.id,
                n.reference,
                n.stage,
                inert(&n.title)
            )?;
            writeln!(
                out,
                "composed {} by {}; channels {}",
                desk_time::zoned(n.composed_at, tz),
                inert(&n.composed_by),
                n.channels
                    .iter()
                    .map(|c| c.as_str())
                    .collect::<Vec<_>>()
                    .join(",")
            )?;
            // The message is a paragraph: its lines are shown as lines,
            // not as "\x0d\x0a" escapes.
            if !n.message.is_empty() {
                writeln!(out, "message:")?;
                for line in inert_lines(&n.message) {
                    writeln!(out, "  {line}")?;
                }
            }
            for r in &d.deliveries {
                let detail = match r.state {
                    DeliveryState::Sent => r.reply.clone().unwrap_or_default(),
                    DeliveryState::Queued | DeliveryState::Failed => {
                        let next = r
                            .next_attempt_at
                            .map(|t| format!("next try {}", desk_time::zoned(t, tz)))
                            .unwrap_or_default();
                        match &r.last_error {
                            Some(e) => format!("{e}; {next}"),
                            None => next,
                        }
                    }
                    _ => r.last_error.clone().unwrap_or_default(),
                };
                writeln!(
                    out,
                    "  {} {:<5} {} {:<7} {:>2}  {}",
                    cell(&r.customer, 20),
                    r.channel,
                    pad(&r.address, 34),
                    r.state,
                    r.attempts,
                    inert(&detail)
                )?;
                for a in &r.attempt_log {
                    writeln!(
                        out,
                        "      {}  {:<6} {}",
                        desk_time::zoned(a.at, tz),
                        a.outcome,
                        inert(&a.detail)
                    )?;
                }
                if *bodies {
                    if !r.subject.is_empty() {
                        writeln!(out, "      subject: {}", inert(&r.subject))?;
                    }
                    for line in inert_lines(&r.body) {
                        writeln!(out, "      | {line}")?;
                    }
                }
            }
        }
        NoticeCommand::SendPending { json } => {
            let templates = Arc::new(desk.templates()?);
            let transports = desk.transports(templates)?;
            let settings = desk.drain_settings();
            let mut store = desk.open_store()?;
            store.refuse_if_read_only()?;
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let unrecorded = std::sync::atomic::AtomicUsize::new(0);
            // A sent delivery waiting for the store to take its record is
            // said at once: the run is not stuck, it is holding on to it.
            let note = |n: Note| eprintln!("sredesk: {}", inert(&n.to_string()));
            let watch = Watch {
                stop: &|| false,
                unrecorded: &unrecorded,
                note: &note,
            };
            let mut report = runtime.block_on(drain_watched(
                &mut store,
                &transports,
                desk.clock.as_ref(),
                &settings,
                &watch,
            ));
            // Channels settle side by side, in no set order: a script
            // reads them in the outbox's.
            report.outcomes.sort_by_key(|o| o.delivery);
            if *json {
                json_line(out, &report)?;
            } else {
                print_report(out, &report)?;
            }
            let (failed, dead) = (
                report.count(DeliveryState::Failed),
                report.count(DeliveryState::Dead),
            );
            // The store failing on the way is the command failing (exit 1),
            // after the report of what did settle.
            if !report.errors.is_empty() {
                bail!(
                    "the outbox run did not finish cleanly ({dead} dead, {failed} to retry):\n{}",
                    report.errors.join("\n")
                );
            }
            // Cron sees a run that left work undone: dead outranks failed.
            if dead > 0 {
                return Err(super::exit::Exit {
                    code: super::exit::EXIT_DEAD,
                    message: format!(
                        "{} dead (given up) and {failed} will be retried; \
                         see `sredesk notice show`, then `sredesk notice resend`",
                        are(dead, "delivery is", "deliveries are")
                    ),
                }
                .into());
            }
            if failed > 0 {
                return Err(super::exit::Exit {
                    code: super::exit::EXIT_RETRYING,
                    message: format!(
                        "{} failed and will be retried",
                        plural(failed, "delivery", "deliveries")
                    ),
                }
                .into());
            }
        }
        NoticeCommand::Resend { id, json } => {
            let engineer = desk.engineer()?;
            let n = desk
                .open_store()?
                .resend_failed(*id, Actor { engineer, now })?;
            if *json {
                json_line(out, &serde_json::json!({ "notice": id, "queued": n }))?;
            } else {
                writeln!(out, "notice #{id}: {n} failed deliveries queued again")?;
            }
        }
    }
    Ok(())
}

fn compose_ref(r: &Record) -> String {
    reference(r.subject(), r.id())
}

/// "1 delivery is", "2 deliveries are".
fn are(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
