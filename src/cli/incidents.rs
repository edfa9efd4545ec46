//! `sredesk incident ...`: security and network incidents, from opening
//! to the post-incident review.

use std::io::Write;

use anyhow::anyhow;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use clap::{Args, Subcommand};

use super::print::json_line;
use super::record::{Around, Before, RecordJson, list_or_all, names, tail, text_block};
use super::when::{WHEN, parse_when};
use crate::desk::Desk;
use crate::domain::desk_time;
use crate::domain::incident::{
    Incident, IncidentEdit, IncidentKind, IncidentLevel, IncidentState, NewIncident,
};
use crate::domain::inventory;
use crate::domain::notice::SubjectKind;
use crate::domain::record::reference;
use crate::store::Actor;
use crate::text::inert;

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Open an incident (it starts in monitoring)
    Add {
        #[arg(long)]
        title: String,
        #[arg(long)]
        kind: IncidentKind,
        /// 1 (high risk), 2 (medium) or 3 (low)
        #[arg(long)]
        level: Option<IncidentLevel>,
        /// Affected services, comma-separated or repeated (none: all)
        #[arg(long = "service", value_name = "SERVICES")]
        services: Vec<String>,
        /// Affected regions, comma-separated or repeated (none: all)
        #[arg(long = "region", value_name = "REGIONS")]
        regions: Vec<String>,
        #[arg(long)]
        guidance: Option<String>,
        /// When customers get the next update (RFC 3339, desk time "YYYY-MM-DD HH:MM", or "+2h")
        #[arg(long, value_name = WHEN)]
        next_update: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Change an incident's fields without moving it
    Edit {
        #[arg(value_parser = super::when::parse_incident_id)]
        id: i64,
        #[command(flatten)]
        fields: IncidentFields,
        #[arg(long)]
        json: bool,
    },
    /// Move an incident to its next state, setting fields first
    /// (evaluated needs a level, guidance_ready the guidance, reviewed the
    /// lessons and improvements)
    Advance {
        #[arg(value_parser = super::when::parse_incident_id)]
        id: i64,
        /// Only if it is still in this state
        #[arg(long, value_name = "STATE")]
        from: Option<IncidentState>,
        #[command(flatten)]
        fields: IncidentFields,
        #[arg(long)]
        json: bool,
    },
    /// Incidents, newest first (open ones unless --all)
    List {
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// One incident with its history, audience and notices
    Show {
        #[arg(value_parser = super::when::parse_incident_id)]
        id: i64,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct IncidentFields {
    #[arg(long)]
    pub title: Option<String>,
    #[arg(long)]
    pub level: Option<IncidentLevel>,
    /// Replaces the affected services
    #[arg(long = "service", value_name = "SERVICES")]
    pub services: Vec<String>,
    /// Replaces the affected regions
    #[arg(long = "region", value_name = "REGIONS")]
    pub regions: Vec<String>,
    #[arg(long)]
    pub guidance: Option<String>,
    #[arg(long, value_name = WHEN, conflicts_with = "no_next_update")]
    pub next_update: Option<String>,
    /// Clear the next update
    #[arg(long)]
    pub no_next_update: bool,
    /// Post-incident review: lessons learned
    #[arg(long)]
    pub lessons: Option<String>,
    /// Post-incident review: improvement suggestions
    #[arg(long)]
    pub improvements: Option<String>,
}

fn incident_edit(f: &IncidentFields, now: DateTime<Utc>, tz: Tz) -> anyhow::Result<IncidentEdit> {
    let when = |s: &String| parse_when(s, now, tz).map_err(|e| anyhow!("--next-update: {e}"));
    Ok(IncidentEdit {
        title: f.title.clone(),
        level: f.level,
        services: (!f.services.is_empty())
            .then(|| names(&f.services, inventory::service))
            .transpose()?,
        regions: (!f.regions.is_empty())
            .then(|| names(&f.regions, inventory::region))
            .transpose()?,
        guidance: f.guidance.clone(),
        next_update_due: match (&f.next_update, f.no_next_update) {
            (Some(s), _) => Some(Some(when(s)?)),
            (None, true) => Some(None),
            (None, false) => None,
        },
        lessons: f.lessons.clone(),
        improvements: f.improvements.clone(),
    })
}

fn incident_line(i: &Incident, tz: Tz) -> String {
    let due = match i.next_update_due {
        Some(t) if i.state.is_open() => format!("  next update {}", desk_time::zoned(t, tz)),
        _ => String::new(),
    };
    format!(
        "{:<7} {:<14} L{} {:<26} {}{}",
        reference(SubjectKind::Incident, i.id),
        i.state,
        i.level.map_or("-".into(), |l| l.number().to_string()),
        i.kind.as_str(),
        inert(&i.title),
        due
    )
}

pub fn run(desk: &Desk, c: &IncidentCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    let tz = desk.tz();
    let written = |out: &mut dyn Write, i: &Incident, json, verb, before| {
        let of = (SubjectKind::Incident, i.id);
        super::record::written(out, i, of, i.state.as_str(), json, verb, before)
    };
    match c {
        IncidentCommand::Add {
            title,
            kind,
            level,
            services,
            regions,
            guidance,
            next_update,
            json,
        } => {
            let new = NewIncident {
                title: title.clone(),
                kind: *kind,
                level: *level,
                services: names(services, inventory::service)?,
                regions: names(regions, inventory::region)?,
                guidance: guidance.clone().unwrap_or_default(),
                next_update_due: next_update
                    .as_deref()
                    .map(|s| parse_when(s, now, tz).map_err(|e| anyhow!("--next-update: {e}")))
                    .transpose()?,
            };
            let engineer = desk.engineer()?;
            let actor = Actor { engineer, now };
            let mut store = desk.open_store()?;
            let i = store.add_incident(&new, actor)?;
            // As the composer does: a level evaluates it, guidance makes
            // it guidance_ready.
            let i = match store.advance_while_ready(SubjectKind::Incident, i.id, actor)? {
                crate::domain::record::Record::Incident(i) => i,
                _ => i,
            };
            written(
                out,
                &i,
                *json,
                "opened",
                Before::Starts(IncidentState::Monitoring.as_str()),
            )?;
        }
        IncidentCommand::Edit { id, fields, json } => {
            let edit = incident_edit(fields, now, tz)?;
            let engineer = desk.engineer()?;
            let i = desk
                .open_store()?
                .edit_incident(*id, &edit, Actor { engineer, now })?;
            written(out, &i, *json, "edited", Before::Was(i.state.as_str()))?;
        }
        IncidentCommand::Advance {
            id,
            from,
            fields,
            json,
        } => {
            let edit = incident_edit(fields, now, tz)?;
            let engineer = desk.engineer()?;
            let i =
                desk.open_store()?
                    .advance_incident(*id, &edit, *from, Actor { engineer, now })?;
            written(out, &i, *json, "advanced", Before::Moved)?;
        }
        IncidentCommand::List { all, json } => {
            let rows = desk.open_store()?.incidents(*all, 500)?;
            if *json {
                let rows: Vec<_> = rows
                    .iter()
                    .map(|i| RecordJson::bare(i, SubjectKind::Incident, i.id))
                    .collect();
                json_line(out, &rows)?;
            } else if rows.is_empty() {
                writeln!(out, "no {}incidents", if *all { "" } else { "open " })?;
            } else {
                for i in &rows {
                    writeln!(out, "{}", incident_line(i, tz))?;
                }
            }
        }
        IncidentCommand::Show { id, json } => {
            let store = desk.open_store()?;
            let i = store.incident(*id)?;
            let around = Around::load(
                &store,
                SubjectKind::Incident,
                *id,
                &i.services,
                &i.regions,
                now,
            )?;
            if *json {
                json_line(
                    out,
                    &RecordJson::full(&i, SubjectKind::Incident, i.id, &around),
                )?;
                return Ok(());
            }
            writeln!(
                out,
                "{}  {}",
                reference(SubjectKind::Incident, i.id),
                inert(&i.title)
            )?;
            writeln!(out, "kind:      {}", i.kind.label())?;
            writeln!(
                out,
                "level:     {}",
                i.level.map_or("not evaluated", |l| l.label())
            )?;
            writeln!(
                out,
                "state:     {} since {}",
                i.state,
                desk_time::zoned(i.state_since, tz)
            )?;
            writeln!(out, "services:  {}", list_or_all(&i.services))?;
            writeln!(out, "regions:   {}", list_or_all(&i.regions))?;
            if let (Some(t), true) = (i.next_update_due, i.state.is_open()) {
                writeln!(out, "next customer update due: {}", desk_time::zoned(t, tz))?;
            }
            text_block(out, "guidance", &i.guidance)?;
            text_block(out, "lessons", i.lessons.as_deref().unwrap_or(""))?;
            text_block(out, "improvements", i.improvements.as_deref().unwrap_or(""))?;
            tail(out, &around, tz)?;
        }
    }
    Ok(())
}
