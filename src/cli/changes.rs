//! `sredesk change ...`: cloud platform changes, from planning through
//! the customer's follow-up.

use std::io::Write;

use anyhow::{anyhow, bail};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::{Args, Subcommand};

use super::change_impacts;
use super::print::json_line;
use super::record::{Around, Before, RecordJson, list_or_all, names, tail, text_block};
use super::when::{WHEN, parse_when};
use crate::desk::Desk;
use crate::domain::change::{Change, ChangeEdit, ChangeKind, ChangeState, Impact, NewChange};
use crate::domain::desk_time;
use crate::domain::inventory;
use crate::domain::notice::SubjectKind;
use crate::domain::record::reference;
use crate::store::Actor;
use crate::text::inert;

#[derive(Debug, Subcommand)]
pub enum ChangeCommand {
    /// Plan a change (it starts in planned)
    Add {
        #[arg(long)]
        title: String,
        #[arg(long)]
        kind: ChangeKind,
        /// Window start
        #[arg(long, value_name = WHEN)]
        start: String,
        /// Window end
        #[arg(long, value_name = WHEN)]
        end: String,
        #[arg(long = "service", value_name = "SERVICES")]
        services: Vec<String>,
        #[arg(long = "region", value_name = "REGIONS")]
        regions: Vec<String>,
        #[command(flatten)]
        impact: ImpactArgs,
        #[arg(long)]
        guidance: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change a change's fields without moving it
    Edit {
        #[arg(value_parser = super::when::parse_change_id)]
        id: i64,
        #[command(flatten)]
        fields: ChangeFields,
        #[arg(long)]
        json: bool,
    },
    /// Move a change to its next state, setting fields first
    /// (impact_evaluated needs --impact, guidance_ready the guidance,
    /// followed_up the --follow-up)
    Advance {
        #[arg(value_parser = super::when::parse_change_id)]
        id: i64,
        #[arg(long, value_name = "STATE")]
        from: Option<ChangeState>,
        #[command(flatten)]
        fields: ChangeFields,
        /// Take in_progress or completed before the window opens, saying
        /// why (recorded in the history and the impact report)
        #[arg(long, value_name = "REASON")]
        force: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Record one affected customer's impact: which of its holdings (by
    /// default those the change touches), what it will notice, SLA
    Impact {
        #[arg(value_parser = super::when::parse_change_id)]
        id: i64,
        #[arg(long)]
        customer: String,
        /// SERVICE@REGION, repeatable (default: its holdings the change touches)
        #[arg(long = "holding", value_name = "SERVICE@REGION")]
        holdings: Vec<String>,
        #[command(flatten)]
        impact: ImpactArgs,
        #[arg(long)]
        json: bool,
    },
    /// Record a customer's confirmation at follow-up (once completed)
    Confirm {
        #[arg(value_parser = super::when::parse_change_id)]
        id: i64,
        #[arg(long)]
        customer: String,
        /// The customer's person who confirmed
        #[arg(long)]
        by: String,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long)]
        json: bool,
    },
    /// The change impact report: plan, window, actual start and end,
    /// incidents during it, customers affected with impact and
    /// confirmation (Markdown in desk time, or --json in UTC)
    Report {
        #[arg(value_parser = super::when::parse_change_id)]
        id: i64,
        #[arg(long)]
        json: bool,
    },
    /// Changes by window, latest first (not followed up unless --all)
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// One change with its history, audience and notices
    Show {
        #[arg(value_parser = super::when::parse_change_id)]
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ImpactArgs {
    /// What customers will notice: availability, performance, data-access
    /// (comma-separated), or none
    #[arg(long, value_name = "EFFECTS")]
    pub impact: Option<String>,
    /// The effect stays within the service's SLA
    #[arg(long, requires = "impact", conflicts_with = "outside_sla")]
    pub within_sla: bool,
    /// The effect goes beyond the service's SLA
    #[arg(long, requires = "impact")]
    pub outside_sla: bool,
}

#[derive(Debug, Args)]
pub struct ChangeFields {
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long, value_name = WHEN, requires = "end")]
    pub start: Option<String>,
    #[arg(long, value_name = WHEN, requires = "start")]
    pub end: Option<String>,
    #[arg(long = "service", value_name = "SERVICES")]
    pub services: Vec<String>,
    #[arg(long = "region", value_name = "REGIONS")]
    pub regions: Vec<String>,
    #[command(flatten)]
    pub impact: ImpactArgs,
    #[arg(long)]
    pub guidance: Option<String>,
    /// The customer's confirmation and the change impact report
    #[arg(long)]
    pub follow_up: Option<String>,
}

fn impact(a: &ImpactArgs) -> anyhow::Result<Option<Impact>> {
    let Some(text) = &a.impact else {
        return Ok(None);
    };
    if !a.within_sla && !a.outside_sla {
        bail!("with --impact, say --within-sla or --outside-sla");
    }
    let mut i = Impact {
        within_sla: a.within_sla,
        ..Impact::default()
    };
    for word in text.split(',').map(str::trim).filter(|w| !w.is_empty()) {
        match word.to_ascii_lowercase().as_str() {
            "availability" => i.availability = true,
            "performance" => i.performance = true,
            "data-access" | "data_access" => i.data_access = true,
            "none" => {}
            _ => bail!(
                "unknown impact '{word}': expected availability, performance, data-access or none"
            ),
        }
    }
    Ok(Some(i))
}

fn change_edit(f: &ChangeFields, now: DateTime<Utc>, tz: Tz) -> anyhow::Result<ChangeEdit> {
    let window = match (&f.start, &f.end) {
        (Some(s), Some(e)) => Some((
            parse_when(s, now, tz).map_err(|e| anyhow!("--start: {e}"))?,
            parse_when(e, now, tz).map_err(|e| anyhow!("--end: {e}"))?,
        )),
        _ => None,
    };
    Ok(ChangeEdit {
        title: f.title.clone(),
        window,
        services: (!f.services.is_empty())
            .then(|| names(&f.services, inventory::service))
            .transpose()?,
        regions: (!f.regions.is_empty())
            .then(|| names(&f.regions, inventory::region))
            .transpose()?,
        impact: impact(&f.impact)?,
        guidance: f.guidance.clone(),
        follow_up: f.follow_up.clone(),
        force: None,
    })
}

fn change_line(c: &Change, tz: Tz) -> String {
    format!(
        "{:<7} {:<16} {:<23} {} .. {}  {}",
        reference(SubjectKind::Change, c.id),
        c.state,
        c.kind.as_str(),
        desk_time::zoned(c.window_start, tz),
        desk_time::zoned(c.window_end, tz),
        inert(&c.title)
    )
}

pub fn run(desk: &Desk, c: &ChangeCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    let tz = desk.tz();
    let written = |out: &mut dyn Write, c: &Change, json, verb, before| {
        let of = (SubjectKind::Change, c.id);
        super::record::written(out, c, of, c.state.as_str(), json, verb, before)
    };
    match c {
        ChangeCommand::Add {
            title,
            kind,
            start,
            end,
            services,
            regions,
            impact: impact_args,
            guidance,
            json,
        } => {
            let new = NewChange {
                title: title.clone(),
                kind: *kind,
                window_start: parse_when(start, now, tz).map_err(|e| anyhow!("--start: {e}"))?,
                window_end: parse_when(end, now, tz).map_err(|e| anyhow!("--end: {e}"))?,
                services: names(services, inventory::service)?,
                regions: names(regions, inventory::region)?,
                impact: impact(impact_args)?,
                guidance: guidance.clone().unwrap_or_default(),
            };
            let engineer = desk.engineer()?;
            let actor = Actor { engineer, now };
            let mut store = desk.open_store()?;
            let c = store.add_change(&new, actor)?;
            // As the composer does: an impact evaluates it, guidance makes
            // it guidance_ready.
            let c = match store.advance_while_ready(SubjectKind::Change, c.id, actor)? {
                crate::domain::record::Record::Change(c) => c,
                _ => c,
            };
            written(
                out,
                &c,
                *json,
                "planned",
                Before::Starts(ChangeState::Planned.as_str()),
            )?;
        }
        ChangeCommand::Edit { id, fields, json } => {
            let edit = change_edit(fields, now, tz)?;
            let engineer = desk.engineer()?;
            let c = desk
                .open_store()?
                .edit_change(*id, &edit, Actor { engineer, now })?;
            written(out, &c, *json, "edited", Before::Was(c.state.as_str()))?;
        }
        ChangeCommand::Advance {
            id,
            from,
            fields,
            force,
            json,
        } => {
            let edit = ChangeEdit {
                force: force.clone(),
                ..change_edit(fields, now, tz)?
            };
            let engineer = desk.engineer()?;
            let c =
                desk.open_store()?
                    .advance_change(*id, &edit, *from, Actor { engineer, now })?;
            written(out, &c, *json, "advanced", Before::Moved)?;
        }
        ChangeCommand::Impact {
            id,
            customer,
            holdings,
            impact: impact_args,
            json,
        } => {
            let i = impact(impact_args)?
                .ok_or_else(|| anyhow!("say what the customer will notice with --impact"))?;
            change_impacts::impact(desk, *id, customer, holdings, i, *json, out)?;
        }
        ChangeCommand::Confirm {
            id,
            customer,
            by,
            note,
            json,
        } => change_impacts::confirm(desk, *id, customer, by, note, *json, out)?,
        ChangeCommand::Report { id, json } => change_impacts::report(desk, *id, *json, out)?,
        ChangeCommand::List { all, json } => {
            let rows = desk.open_store()?.changes(*all, 500)?;
            if *json {
                let rows: Vec<_> = rows
                    .iter()
                    .map(|c| RecordJson::bare(c, SubjectKind::Change, c.id))
                    .collect();
                json_line(out, &rows)?;
            } else if rows.is_empty() {
                writeln!(out, "no {}changes", if *all { "" } else { "open " })?;
            } else {
                for c in &rows {
                    writeln!(out, "{}", change_line(c, tz))?;
                }
            }
        }
        ChangeCommand::Show { id, json } => {
            let store = desk.open_store()?;
            let c = store.change(*id)?;
            let around = Around::load(
                &store,
                SubjectKind::Change,
                *id,
                &c.services,
                &c.regions,
                now,
            )?;
            if *json {
                json_line(
                    out,
                    &RecordJson::full(&c, SubjectKind::Change, c.id, &around),
                )?;
                return Ok(());
            }
            writeln!(
                out,
                "{}  {}",
                reference(SubjectKind::Change, c.id),
                inert(&c.title)
            )?;
            writeln!(out, "kind:      {}", c.kind.label())?;
            writeln!(
                out,
                "window:    {} .. {}",
                desk_time::zoned(c.window_start, tz),
                desk_time::zoned(c.window_end, tz)
            )?;
            writeln!(
                out,
                "state:     {} since {}",
                c.state,
                desk_time::zoned(c.state_since, tz)
            )?;
            writeln!(out, "services:  {}", list_or_all(&c.services))?;
            writeln!(out, "regions:   {}", list_or_all(&c.regions))?;
            writeln!(
                out,
                "impact:    {}",
                c.impact.map_or("not evaluated".into(), |i| i.describe())
            )?;
            text_block(out, "guidance", &c.guidance)?;
            text_block(out, "follow-up", c.follow_up.as_deref().unwrap_or(""))?;
            change_impacts::impact_lines(out, c.id, &store.customer_impacts(c.id)?, tz)?;
            tail(out, &around, tz)?;
        }
    }
    Ok(())
}
