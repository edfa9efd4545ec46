//! `sredesk customer ...`: adding customers, the list, and one customer's
//! terms, quotas and deliverables.

use std::io::{self, Write};

use chrono::NaiveDate;
use clap::Subcommand;

use super::deliverables::deliverable_status_text;
use super::print::{cell, json_line};
use super::quotas::quota_text;
use crate::desk::Desk;
use crate::domain::desk_time;
use crate::domain::{Customer, CustomerKind, Language, NewCustomer};
use crate::store::{Actor, CustomerDetail};
use crate::text::{inert, plural};

#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// Add a customer
    Add {
        #[arg(long)]
        name: String,
        #[arg(long)]
        kind: CustomerKind,
        /// The customer's project owner (named contact)
        #[arg(long)]
        owner: Option<String>,
        /// The language of its notices: zh-CN or en (default: zh-CN for
        /// international Chinese enterprises, en for local ones)
        #[arg(long)]
        language: Option<Language>,
        /// Print what was recorded as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
    /// Set the language of a customer's notices: zh-CN, en, or default
    /// (its kind's)
    Language {
        name: String,
        language: String,
        /// Print what was recorded as JSON (times in UTC)
        #[arg(long)]
        json: bool,
    },
    /// List customers
    List {
        #[arg(long)]
        json: bool,
    },
    /// One customer: subscriptions, chat group, packages, this month's quotas
    Show {
        name: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(desk: &Desk, c: &CustomerCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match c {
        CustomerCommand::Add {
            name,
            kind,
            owner,
            language,
            json,
        } => {
            let engineer = desk.engineer()?;
            let actor = Actor {
                engineer,
                now: desk.now(),
            };
            let mut store = desk.create_store()?;
            let mut added = store.add_customer(
                &NewCustomer {
                    name: name.clone(),
                    kind: *kind,
                    owner: owner.clone(),
                },
                actor,
            )?;
            if let Some(l) = language.filter(|l| *l != added.language) {
                added = store.set_notice_language(&added.name, Some(l), actor)?;
            }
            if *json {
                json_line(out, &added)?;
                return Ok(());
            }
            writeln!(
                out,
                "added customer #{} {} ({})",
                added.id,
                inert(&added.name),
                added.kind
            )?;
        }
        CustomerCommand::Language {
            name,
            language,
            json,
        } => {
            let language = match language.as_str() {
                "default" => None,
                other => Some(
                    other
                        .parse::<Language>()
                        .map_err(|e| anyhow::anyhow!("{e}, or default"))?,
                ),
            };
            let engineer = desk.engineer()?;
            let c = desk.open_store()?.set_notice_language(
                name,
                language,
                Actor {
                    engineer,
                    now: desk.now(),
                },
            )?;
            if *json {
                json_line(out, &c)?;
                return Ok(());
            }
            writeln!(
                out,
                "{}: notices in {}{}",
                inert(&c.name),
                c.language,
                if c.language_chosen {
                    ""
                } else {
                    " (its kind's default)"
                }
            )?;
        }
        CustomerCommand::Show { name, json } => {
            let detail = desk.open_store()?.customer_detail(name, desk.now())?;
            if *json {
                json_line(out, &detail)?;
            } else {
                customer_detail(out, &detail, desk.today(), desk.tz())?;
            }
        }
        CustomerCommand::List { json } => {
            let customers = desk.open_store()?.customers()?;
            if *json {
                json_line(out, &customers)?;
            } else {
                customer_table(out, &customers)?;
            }
        }
    }
    Ok(())
}

fn customer_table(out: &mut dyn Write, customers: &[Customer]) -> io::Result<()> {
    writeln!(
        out,
        "{:>5}  {}  {}  OWNER",
        "ID",
        cell("NAME", 28),
        cell("KIND", 21)
    )?;
    for c in customers {
        writeln!(
            out,
            "{:>5}  {}  {}  {}",
            c.id,
            cell(&c.name, 28),
            cell(c.kind.as_str(), 21),
            inert(c.owner.as_deref().unwrap_or("-"))
        )?;
    }
    Ok(())
}

fn customer_detail(
    out: &mut dyn Write,
    d: &CustomerDetail,
    today: NaiveDate,
    tz: chrono_tz::Tz,
) -> io::Result<()> {
    let c = &d.customer;
    writeln!(out, "{} ({})", inert(&c.name), c.kind)?;
    writeln!(out, "  notices in         {}", c.language)?;
    writeln!(
        out,
        "  contact            {}",
        inert(c.owner.as_deref().unwrap_or("-"))
    )?;
    writeln!(
        out,
        "  desk owner         {}{}",
        inert(d.project_owner.as_ref().map_or("-", |t| t.owner.as_str())),
        d.owner_change.as_ref().map_or(String::new(), |t| format!(
            "  (changes to {} on {}, announced {})",
            inert(&t.owner),
            t.effective_on,
            t.announced_on
        ))
    )?;
    writeln!(
        out,
        "  subscription       {}",
        match d.active_subscription {
            Some(id) => format!(
                "#{id} active; {} left, {} consecutive",
                plural(d.months_left as usize, "month", "months"),
                d.consecutive_months
            ),
            None => format!("none active on {today}"),
        }
    )?;
    writeln!(out, "\n  subscriptions")?;
    for s in &d.subscriptions {
        writeln!(
            out,
            "    #{:<4} {} to {}  {}, applied {}",
            s.id,
            s.start_on,
            s.end_on,
            plural(s.months as usize, "month", "months"),
            s.applied_on
        )?;
    }
    writeln!(out, "\n  chat groups")?;
    for g in &d.chat_groups {
        let state = match g.dismissed_on {
            Some(day) => format!("dismissed {day}"),
            None if g.created_on > today => format!("opens {}", g.created_on),
            None => "active".to_string(),
        };
        writeln!(
            out,
            "    #{:<4} {:<7} created {}  {}  {}",
            g.id,
            g.platform.label(),
            g.created_on,
            state,
            inert(
                &g.webhook
                    .as_deref()
                    .map_or("(no robot)".into(), crate::domain::masking::masked_url)
            )
        )?;
    }
    writeln!(out, "\n  packages")?;
    for p in &d.packages {
        writeln!(
            out,
            "    #{:<4} {:<32} bought {}  {} of {} left  {}",
            p.id,
            p.kind.label(),
            p.bought_on,
            p.left(),
            p.units,
            p.expired(today).map_or_else(
                || format!("until {}", p.term_end),
                |why| format!("expired: {why}")
            )
        )?;
    }
    // Quotas belong to a subscription: without one there is nothing to
    // use, and counting "0 of 10" would say otherwise.
    if d.active_subscription.is_none() {
        writeln!(
            out,
            "\n  quotas: none, no active subscription today (escalations are refused)"
        )?;
    }
    for q in d.quotas.iter().filter(|_| d.active_subscription.is_some()) {
        writeln!(
            out,
            "\n  {} in {}: {}",
            q.kind.label(),
            q.month,
            quota_text(q)
        )?;
    }
    writeln!(out, "\n  deliverables")?;
    for s in &d.deliverables {
        writeln!(out, "    {}", deliverable_status_text(s, tz))?;
    }
    writeln!(out, "\n  used this month ({tz} time)")?;
    for u in &d.uses_this_month {
        writeln!(
            out,
            "    {}  {:<7} #{:<6} {}  {}{}",
            desk_time::minute(u.used_at, tz),
            u.quota,
            u.escalation_id,
            inert(&u.ticket_no),
            u.package_id
                .map_or("plan".to_string(), |id| format!("package #{id}")),
            if u.returned_at.is_some() {
                "  (given back)"
            } else {
                ""
            }
        )?;
    }
    Ok(())
}
