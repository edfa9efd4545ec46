//! `sredesk requirement ...`: the pipeline from the command line.

use std::io::Write;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::Subcommand;
use serde::Serialize;

use super::print::{cell, json_line, unreachable_lines};
use super::when::parse_day;
use crate::desk::Desk;
use crate::domain::desk_time;
use crate::domain::requirement::{
    NewRequirement, Requirement, RequirementOp, RequirementState, RolloutPlan, StaleAfter,
    Transition,
};
use crate::store::{Actor, RequirementFilter};
use crate::text::{inert, inert_lines};

#[derive(Debug, Subcommand)]
pub enum RequirementCommand {
    /// Record a requirement (the customer needs more than three consecutive
    /// months of subscription)
    Add {
        #[arg(long)]
        customer: String,
        #[arg(long)]
        title: String,
        #[arg(long, default_value = "")]
        description: String,
        #[arg(long)]
        json: bool,
    },
    /// List requirements
    List {
        #[arg(long)]
        customer: Option<String>,
        #[arg(long)]
        state: Option<RequirementState>,
        /// Only those the customer has not been notified of yet
        #[arg(long)]
        open: bool,
        #[arg(long)]
        json: bool,
    },
    /// One requirement with its history
    Show {
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Move a requirement to its next state (reported_to_rnd advances to
    /// accepted; customer_notified is reached when `notify`'s notice has
    /// been sent)
    Advance {
        id: i64,
        /// Only if it is still in this state (a script's guard against a
        /// colleague having moved it meanwhile)
        #[arg(long, value_name = "STATE")]
        from: Option<RequirementState>,
        #[arg(long)]
        json: bool,
    },
    /// R&D rejected it (only from reported_to_rnd)
    Reject {
        id: i64,
        #[arg(long)]
        reason: String,
        #[arg(long)]
        json: bool,
    },
    /// Tell the customer R&D's decision (accepted with the rollout plan
    /// when there is one, or rejected with the reason) by email and chat;
    /// the requirement is customer_notified once a delivery has gone
    Notify {
        id: i64,
        /// email, chat (comma-separated)
        #[arg(long, default_value = "email,chat")]
        channels: String,
        /// A line of your own for this notice only
        #[arg(long, default_value = "")]
        message: String,
        #[arg(long)]
        json: bool,
    },
    /// Record the rollout plan pre-sales announced (only once accepted)
    Plan {
        id: i64,
        #[arg(long, value_parser = parse_day)]
        date: chrono::NaiveDate,
        #[arg(long)]
        note: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Serialize)]
struct RequirementJson<'a> {
    #[serde(flatten)]
    requirement: &'a Requirement,
    /// Waiting in its state longer than the configured threshold.
    stale: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<&'a [Transition]>,
}

pub fn run(desk: &Desk, c: &RequirementCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    let rules = desk.rules();
    let stale = &rules.requirement_stale;
    let tz = rules.calendar.tz;
    let json_of = |r| json_of(r, stale, now);
    match c {
        RequirementCommand::Add {
            customer,
            title,
            description,
            json,
        } => {
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let r = store.add_requirement(
                &NewRequirement {
                    customer: customer.clone(),
                    title: title.clone(),
                    description: description.clone(),
                },
                Actor { engineer, now },
            )?;
            if *json {
                json_line(out, &json_of(&r))?;
            } else {
                writeln!(
                    out,
                    "requirement #{} for {}: submitted",
                    r.id,
                    inert(&r.customer)
                )?;
            }
        }
        RequirementCommand::List {
            customer,
            state,
            open,
            json,
        } => {
            let store = desk.open_store()?;
            let rows = store.requirements(&RequirementFilter {
                customer: customer.clone(),
                state: *state,
                open_only: *open,
                limit: None,
            })?;
            if *json {
                let rows: Vec<_> = rows.iter().map(json_of).collect();
                json_line(out, &rows)?;
            } else {
                table(out, &rows, stale, now, tz)?;
            }
        }
        RequirementCommand::Show { id, json } => {
            let store = desk.open_store()?;
            let r = store.requirement(*id)?;
            let history = store.requirement_history(*id)?;
            if *json {
                json_line(
                    out,
                    &RequirementJson {
                        history: Some(&history),
                        ..json_of(&r)
                    },
                )?;
            } else {
                detail(out, &r, &history, stale, now, tz)?;
            }
        }
        RequirementCommand::Advance { id, from, json } => step(
            desk,
            (*id, *from),
            &RequirementOp::Advance,
            *json,
            out,
            stale,
        )?,
        RequirementCommand::Reject { id, reason, json } => step(
            desk,
            (*id, None),
            &RequirementOp::Reject {
                reason: reason.clone(),
            },
            *json,
            out,
            stale,
        )?,
        RequirementCommand::Notify {
            id,
            channels,
            message,
            json,
        } => {
            let engineer = desk.engineer()?;
            let templates = desk.templates()?;
            let render =
                |c: &crate::notify::NoticeContext| templates.render(c).map_err(|e| e.to_string());
            let mut store = desk.open_store()?;
            let req = crate::notify::announce::ResultRequest {
                channels: crate::domain::notice::parse_channels(channels)
                    .map_err(|e| anyhow::anyhow!("--channels: {e}"))?,
                message: message.clone(),
            };
            let q = crate::notify::announce::requirement_result(
                &mut store,
                *id,
                None,
                &req,
                Actor { engineer, now },
                &render,
            )
            .map_err(|e| anyhow::anyhow!(e))?;
            if *json {
                json_line(
                    out,
                    &serde_json::json!({
                        "notice": q.notice_id,
                        "deliveries": q.plan.notice.deliveries.len(),
                        "unreachable": q.plan.unreachable,
                    }),
                )?;
            } else {
                writeln!(
                    out,
                    "notice #{} queued: R&D's decision on requirement #{id}, {}; \
                     it becomes customer_notified once one has been sent",
                    q.notice_id,
                    crate::text::plural(q.plan.notice.deliveries.len(), "delivery", "deliveries")
                )?;
                unreachable_lines(out, &q.plan.unreachable)?;
            }
        }
        RequirementCommand::Plan {
            id,
            date,
            note,
            json,
        } => step(
            desk,
            (*id, None),
            &RequirementOp::Plan(RolloutPlan {
                date: *date,
                note: note.clone(),
            }),
            *json,
            out,
            stale,
        )?,
    }
    Ok(())
}

fn json_of<'r>(r: &'r Requirement, stale: &StaleAfter, now: DateTime<Utc>) -> RequirementJson<'r> {
    RequirementJson {
        requirement: r,
        stale: stale.is_stale(r.state, r.state_since, now),
        history: None,
    }
}

fn step(
    desk: &Desk,
    (id, seen): (i64, Option<RequirementState>),
    op: &RequirementOp,
    json: bool,
    out: &mut dyn Write,
    stale: &StaleAfter,
) -> anyhow::Result<()> {
    let engineer = desk.engineer()?;
    let mut store = desk.open_store()?;
    let r = store.step_requirement_seen(
        id,
        seen,
        op,
        Actor {
            engineer,
            now: desk.now(),
        },
    )?;
    if json {
        json_line(out, &json_of(&r, stale, desk.now()))?;
    } else {
        match (op, &r.rollout) {
            (RequirementOp::Plan(_), Some(plan)) => writeln!(
                out,
                "requirement #{id}: rollout plan {}: {}",
                plan.date,
                inert(&plan.note)
            )?,
            _ => writeln!(out, "requirement #{id}: now {}", r.state)?,
        }
    }
    Ok(())
}

fn table(
    out: &mut dyn Write,
    rows: &[Requirement],
    stale: &StaleAfter,
    now: DateTime<Utc>,
    tz: Tz,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{:>5}  {:<18} {:<17} {:<16}  TITLE",
        "ID",
        "CUSTOMER",
        "STATE",
        format!("SINCE ({})", desk_time::zone(now, tz))
    )?;
    for r in rows {
        let flag = if stale.is_stale(r.state, r.state_since, now) {
            "⚑ "
        } else {
            ""
        };
        writeln!(
            out,
            "{:>5}  {} {:<17} {:<16}  {flag}{}",
            r.id,
            cell(&r.customer, 18),
            r.state.as_str(),
            desk_time::minute(r.state_since, tz),
            inert(&r.title)
        )?;
    }
    if rows.is_empty() {
        writeln!(out, "(no requirements)")?;
    }
    Ok(())
}

fn detail(
    out: &mut dyn Write,
    r: &Requirement,
    history: &[Transition],
    stale: &StaleAfter,
    now: DateTime<Utc>,
    tz: Tz,
) -> std::io::Result<()> {
    writeln!(out, "requirement #{}  {}", r.id, inert(&r.title))?;
    writeln!(out, "customer   {}", inert(&r.customer))?;
    let flag = match stale.flag_at(r.state, r.state_since) {
        Some(at) if now >= at => "  ⚑ waiting longer than the desk allows".to_string(),
        Some(at) => format!("  (flagged from {})", desk_time::zoned(at, tz)),
        None => String::new(),
    };
    writeln!(
        out,
        "state      {} since {}{flag}",
        r.state,
        desk_time::zoned(r.state_since, tz)
    )?;
    if let Some(reason) = &r.rejection_reason {
        writeln!(out, "rejected   {}", inert(reason))?;
    }
    if let Some(plan) = &r.rollout {
        writeln!(out, "rollout    {}: {}", plan.date, inert(&plan.note))?;
    }
    if !r.description.is_empty() {
        writeln!(out)?;
        for line in inert_lines(&r.description) {
            writeln!(out, "  {line}")?;
        }
    }
    writeln!(out)?;
    writeln!(out, "history ({} time)", tz.name())?;
    for t in history {
        let what = match (t.rollout_on, t.from) {
            (Some(d), _) => format!("rollout plan {d}"),
            (None, Some(from)) => format!("{from} -> {}", t.to),
            (None, None) => t.to.to_string(),
        };
        let note = t
            .note
            .as_deref()
            .map(|n| format!(": {}", inert(n)))
            .unwrap_or_default();
        writeln!(
            out,
            "  {}  {} {what}{note}",
            desk_time::minute(t.at, tz),
            cell(&t.engineer, 12)
        )?;
    }
    Ok(())
}
