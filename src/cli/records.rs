//! `sredesk incident|change|inventory|contact ...`: the records notices
//! speak for, and the customer data that decides who hears.

use std::io::Write;

use anyhow::{Context as _, anyhow, bail};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::args::{
    ChangeCommand, ChangeFields, ContactAddress, ContactCommand, ImpactArgs, IncidentCommand,
    IncidentFields, InventoryCommand,
};
use super::output;
use crate::desk::Desk;
use crate::domain::change::{Change, ChangeEdit, Impact, NewChange};
use crate::domain::contact::Contact;
use crate::domain::desk_time;
use crate::domain::incident::{Incident, IncidentEdit, NewIncident};
use crate::domain::inventory::{self, Holding};
use crate::domain::notice::{Channel, ChatPlatform, SubjectKind};
use crate::domain::record::reference;
pub use crate::domain::when::parse_when;
use crate::store::AuditEntry;
use crate::store::{Actor, AudienceMember, NoticeSummary, Store};
use crate::text::{inert, inert_lines};

/// Services or regions given as repeated and/or comma-separated values.
fn names(
    values: &[String],
    each: fn(&str) -> Result<String, String>,
) -> anyhow::Result<Vec<String>> {
    inventory::parse_list(&values.join(","), each).map_err(|e| anyhow!(e))
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
    })
}

/// A record with what a reader of `show` wants beside it.
#[derive(Serialize)]
struct RecordJson<'a, T: Serialize> {
    #[serde(flatten)]
    record: &'a T,
    reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    history: Option<&'a [AuditEntry]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    audience: Option<&'a [AudienceMember]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notices: Option<&'a [NoticeSummary]>,
}

impl<'a, T: Serialize> RecordJson<'a, T> {
    /// The record and its reference, for lists and the answer to a change.
    fn bare(record: &'a T, subject: SubjectKind, id: i64) -> Self {
        RecordJson {
            record,
            reference: reference(subject, id),
            history: None,
            audience: None,
            notices: None,
        }
    }
}

fn list_or_all(v: &[String]) -> String {
    if v.is_empty() {
        "all".into()
    } else {
        v.join(", ")
    }
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

fn text_block(out: &mut dyn Write, label: &str, text: &str) -> std::io::Result<()> {
    if text.trim().is_empty() {
        return Ok(());
    }
    writeln!(out, "{label}:")?;
    for line in inert_lines(text) {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}

/// What `show` prints under a record: who it reaches, its notices, its history.
struct Around {
    history: Vec<AuditEntry>,
    audience: Vec<AudienceMember>,
    notices: Vec<NoticeSummary>,
}

impl Around {
    fn load(
        store: &Store,
        subject: SubjectKind,
        id: i64,
        services: &[String],
        regions: &[String],
    ) -> crate::store::Result<Around> {
        Ok(Around {
            history: store.record_history(subject, id)?,
            audience: store.audience(services, regions)?,
            notices: store.notices(Some((subject, id)), 100)?,
        })
    }
}

impl<'a, T: Serialize> RecordJson<'a, T> {
    fn full(record: &'a T, subject: SubjectKind, id: i64, around: &'a Around) -> Self {
        RecordJson {
            history: Some(&around.history),
            audience: Some(&around.audience),
            notices: Some(&around.notices),
            ..RecordJson::bare(record, subject, id)
        }
    }
}

fn tail(out: &mut dyn Write, around: &Around, tz: Tz) -> std::io::Result<()> {
    let Around {
        history,
        audience,
        notices,
    } = around;
    writeln!(out, "audience: {} customers", audience.len())?;
    for m in audience {
        let holdings: Vec<_> = m
            .holdings
            .iter()
            .map(|h| format!("{}@{}", h.service, h.region))
            .collect();
        let reach: Vec<_> = Channel::ALL
            .iter()
            .filter(|c| m.reachable_on(**c))
            .map(|c| c.as_str())
            .collect();
        writeln!(
            out,
            "  {:<24} {}  (reachable: {})",
            inert(&m.customer),
            holdings.join(", "),
            if reach.is_empty() {
                "none".into()
            } else {
                reach.join(", ")
            }
        )?;
    }
    writeln!(out, "notices:")?;
    for n in notices {
        writeln!(out, "  {}", super::notices::notice_line(n, tz))?;
    }
    writeln!(out, "history:")?;
    for e in history {
        writeln!(
            out,
            "  {}  {:<8} {:<8} {}",
            desk_time::zoned(e.at, tz),
            inert(&e.engineer),
            e.action,
            inert(&e.detail)
        )?;
    }
    Ok(())
}

pub fn incident(desk: &Desk, c: &IncidentCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    let tz = desk.tz();
    let written = |out: &mut dyn Write, i: &Incident, json: bool, verb: &str| {
        if json {
            output::json_line(out, &RecordJson::bare(i, SubjectKind::Incident, i.id))
        } else {
            writeln!(
                out,
                "{} {verb}: now {}",
                reference(SubjectKind::Incident, i.id),
                i.state
            )
        }
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
            let i = desk
                .open_store()?
                .add_incident(&new, Actor { engineer, now })?;
            written(out, &i, *json, "opened")?;
        }
        IncidentCommand::Edit { id, fields, json } => {
            let edit = incident_edit(fields, now, tz)?;
            let engineer = desk.engineer()?;
            let i = desk
                .open_store()?
                .edit_incident(*id, &edit, Actor { engineer, now })?;
            written(out, &i, *json, "edited")?;
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
            written(out, &i, *json, "advanced")?;
        }
        IncidentCommand::List { all, json } => {
            let rows = desk.open_store()?.incidents(*all, 500)?;
            if *json {
                let rows: Vec<_> = rows
                    .iter()
                    .map(|i| RecordJson::bare(i, SubjectKind::Incident, i.id))
                    .collect();
                output::json_line(out, &rows)?;
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
            let around = Around::load(&store, SubjectKind::Incident, *id, &i.services, &i.regions)?;
            if *json {
                output::json_line(
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

pub fn change(desk: &Desk, c: &ChangeCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    let tz = desk.tz();
    let written = |out: &mut dyn Write, c: &Change, json: bool, verb: &str| {
        if json {
            output::json_line(out, &RecordJson::bare(c, SubjectKind::Change, c.id))
        } else {
            writeln!(
                out,
                "{} {verb}: now {}",
                reference(SubjectKind::Change, c.id),
                c.state
            )
        }
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
            let c = desk
                .open_store()?
                .add_change(&new, Actor { engineer, now })?;
            written(out, &c, *json, "planned")?;
        }
        ChangeCommand::Edit { id, fields, json } => {
            let edit = change_edit(fields, now, tz)?;
            let engineer = desk.engineer()?;
            let c = desk
                .open_store()?
                .edit_change(*id, &edit, Actor { engineer, now })?;
            written(out, &c, *json, "edited")?;
        }
        ChangeCommand::Advance {
            id,
            from,
            fields,
            json,
        } => {
            let edit = change_edit(fields, now, tz)?;
            let engineer = desk.engineer()?;
            let c =
                desk.open_store()?
                    .advance_change(*id, &edit, *from, Actor { engineer, now })?;
            written(out, &c, *json, "advanced")?;
        }
        ChangeCommand::List { all, json } => {
            let rows = desk.open_store()?.changes(*all, 500)?;
            if *json {
                let rows: Vec<_> = rows
                    .iter()
                    .map(|c| RecordJson::bare(c, SubjectKind::Change, c.id))
                    .collect();
                output::json_line(out, &rows)?;
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
            let around = Around::load(&store, SubjectKind::Change, *id, &c.services, &c.regions)?;
            if *json {
                output::json_line(
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
            tail(out, &around, tz)?;
        }
    }
    Ok(())
}

fn holdings(values: &[String]) -> anyhow::Result<Vec<Holding>> {
    values
        .iter()
        .map(|v| {
            let (s, r) = v
                .rsplit_once('@')
                .with_context(|| format!("'{v}' is not SERVICE@REGION, e.g. ECS@cn-north-4"))?;
            Ok(Holding {
                service: inventory::service(s).map_err(|e| anyhow!(e))?,
                region: inventory::region(r).map_err(|e| anyhow!(e))?,
            })
        })
        .collect()
}

pub fn inventory_cmd(desk: &Desk, c: &InventoryCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    match c {
        InventoryCommand::Add {
            customer,
            holdings: h,
        } => {
            let h = holdings(h)?;
            let engineer = desk.engineer()?;
            let n = desk
                .open_store()?
                .add_holdings(customer, &h, Actor { engineer, now })?;
            writeln!(out, "{n} added ({} already there)", h.len() - n)?;
        }
        InventoryCommand::Remove {
            customer,
            holdings: h,
        } => {
            let h = holdings(h)?;
            let engineer = desk.engineer()?;
            let n = desk
                .open_store()?
                .remove_holdings(customer, &h, Actor { engineer, now })?;
            writeln!(out, "{n} removed ({} were not there)", h.len() - n)?;
        }
        InventoryCommand::Show { customer, json } => {
            let (name, h) = desk.open_store()?.inventory(customer)?;
            if *json {
                output::json_line(out, &serde_json::json!({ "customer": name, "holdings": h }))?;
            } else if h.is_empty() {
                writeln!(out, "{}: no services on record", inert(&name))?;
            } else {
                writeln!(out, "{}:", inert(&name))?;
                for x in &h {
                    writeln!(out, "  {:<6} {}", x.service, x.region)?;
                }
            }
        }
    }
    Ok(())
}

fn contact_of(a: &ContactAddress) -> anyhow::Result<Contact> {
    let (channel, address, platform) = match a {
        ContactAddress { email: Some(e), .. } => (Channel::Email, e, None),
        ContactAddress { sms: Some(s), .. } => (Channel::Sms, s, None),
        ContactAddress { wecom: Some(u), .. } => (Channel::Chat, u, Some(ChatPlatform::WeCom)),
        ContactAddress {
            welink: Some(u), ..
        } => (Channel::Chat, u, Some(ChatPlatform::WeLink)),
        _ => bail!("give one of --email, --sms, --wecom, --welink"),
    };
    Contact::new(channel, address, platform).map_err(|e| anyhow!(e))
}

pub fn contact(desk: &Desk, c: &ContactCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    match c {
        ContactCommand::Add { customer, address } => {
            let contact = contact_of(address)?;
            let engineer = desk.engineer()?;
            let added =
                desk.open_store()?
                    .add_contact(customer, &contact, Actor { engineer, now })?;
            let what = if added { "added" } else { "already there" };
            writeln!(
                out,
                "{} {}: {what}",
                contact.channel,
                inert(&contact.address)
            )?;
        }
        ContactCommand::Remove { customer, address } => {
            let contact = contact_of(address)?;
            let engineer = desk.engineer()?;
            let removed = desk.open_store()?.remove_contact(
                customer,
                contact.channel,
                &contact.address,
                Actor { engineer, now },
            )?;
            if !removed {
                bail!(
                    "{} has no {} contact {}",
                    customer,
                    contact.channel,
                    contact.address
                );
            }
            writeln!(
                out,
                "{} {}: removed",
                contact.channel,
                inert(&contact.address)
            )?;
        }
        ContactCommand::List { customer, json } => {
            let (name, list) = desk.open_store()?.contacts(customer)?;
            if *json {
                output::json_line(
                    out,
                    &serde_json::json!({ "customer": name, "contacts": list }),
                )?;
            } else if list.is_empty() {
                writeln!(
                    out,
                    "{}: no contacts; notices cannot reach it",
                    inert(&name)
                )?;
            } else {
                writeln!(out, "{}:", inert(&name))?;
                for x in &list {
                    let platform = x.platform.map(|p| format!(" ({p})")).unwrap_or_default();
                    writeln!(out, "  {:<6} {}{platform}", x.channel, inert(&x.address))?;
                }
            }
        }
    }
    Ok(())
}
