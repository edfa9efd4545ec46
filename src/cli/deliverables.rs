//! `sredesk export`, `sredesk deliverable` and `sredesk owner`.

use std::io::{IsTerminal, Write};
use std::path::Path;

use anyhow::Context as _;
use serde::Serialize;

use super::{DeliverableCommand, ExportArgs, OwnerCommand, output};
use crate::desk::Desk;
use crate::domain::deliverable::{Deliverable, DeliverableKind, Period};
use crate::domain::owner::{current, earliest_change, pending};
use crate::export;
use crate::store::Actor;
use crate::text::{inert, inert_lines};

pub fn export(desk: &Desk, a: &ExportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let period = match (a.period, a.from, a.to) {
        (Some(p), None, None) => p,
        (None, Some(from), Some(to)) => Period::range(from, to).map_err(anyhow::Error::msg)?,
        _ => anyhow::bail!("give either --period or both --from and --to"),
    };
    let store = desk.open_store()?;
    let now = desk.now();
    let list = match a.kind {
        DeliverableKind::Tickets => {
            Deliverable::Tickets(store.ticket_list(&a.customer, period, now)?)
        }
        DeliverableKind::Requirements => {
            Deliverable::Requirements(store.requirement_list(&a.customer, period)?)
        }
    };
    let tz = store.rules().calendar.tz;
    match &a.out {
        Some(path) => {
            if is_store_file(path, store.path()) {
                anyhow::bail!(
                    "cannot write {}: it is the store itself (or one of its journal files)",
                    path.display()
                );
            }
            write_whole(path, |w| export::write(w, &list, a.format, tz, false))?;
            writeln!(
                out,
                "wrote the {} of {} for {period} ({}) to {}",
                a.kind.title(),
                inert(&customer_name(&list)),
                rows(list.items()),
                path.display()
            )?;
        }
        None => {
            let for_terminal = std::io::stdout().is_terminal();
            export::write(out, &list, a.format, tz, for_terminal)?;
        }
    }
    Ok(())
}

fn customer_name(list: &Deliverable) -> String {
    match list {
        Deliverable::Tickets(l) => l.customer.clone(),
        Deliverable::Requirements(l) => l.customer.clone(),
    }
}

/// Whether `path` names the store's file or a journal SQLite keeps beside
/// it: a report renamed over either would destroy the desk's data.
fn is_store_file(path: &Path, store: &Path) -> bool {
    let (Ok(path), Ok(store)) = (path.canonicalize(), store.canonicalize()) else {
        return false;
    };
    let store = store.as_os_str();
    ["", "-wal", "-shm", "-journal"].iter().any(|suffix| {
        let mut name = store.to_os_string();
        name.push(suffix);
        path.as_os_str() == name
    })
}

/// Writes beside the target and renames over it, so a failure half-way
/// never leaves a truncated report where a good one was.
fn write_whole(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {}: the directory {} does not exist",
            path.display(),
            dir.display()
        );
    }
    let cannot = |e: std::io::Error| anyhow::anyhow!("cannot write {}: {e}", path.display());
    let mut builder = tempfile::Builder::new();
    // A report is for sharing: a new one gets the usual mode (the umask
    // applies), one written over keeps the mode it had, not tempfile's 0600.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(cannot)?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file()
            .set_permissions(meta.permissions())
            .map_err(cannot)?;
    }
    {
        let mut w = std::io::BufWriter::new(tmp.as_file_mut());
        fill(&mut w).with_context(|| format!("writing {}", path.display()))?;
        w.flush()
            .with_context(|| format!("writing {}", path.display()))?;
    }
    // On disk before the rename, so a crash cannot leave an empty report
    // where a good one was.
    tmp.as_file().sync_all().map_err(cannot)?;
    tmp.persist(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}

pub fn deliverable(desk: &Desk, d: &DeliverableCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    match d {
        DeliverableCommand::Accept {
            customer,
            period,
            kind,
            by,
            json,
        } => {
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let a = store.accept_deliverable(
                customer,
                *period,
                *kind,
                by,
                Actor {
                    engineer,
                    now: desk.now(),
                },
            )?;
            if *json {
                output::json_line(out, &a)?;
            } else {
                writeln!(
                    out,
                    "recorded: {} accepted the {} of {} for {} ({})",
                    inert(&a.accepted_by),
                    a.kind.title(),
                    inert(&a.customer),
                    a.period,
                    rows(a.items)
                )?;
            }
        }
        DeliverableCommand::Status { customer, json } => {
            let store = desk.open_store()?;
            let recent = store.deliverable_statuses(
                customer,
                crate::store::RECENT_DELIVERABLE_MONTHS,
                desk.now(),
            )?;
            let accepted = store.acceptances(customer)?;
            if *json {
                #[derive(Serialize)]
                struct StatusJson<'a> {
                    recent: &'a [crate::domain::deliverable::DeliverableStatus],
                    acceptances: &'a [crate::domain::deliverable::Acceptance],
                }
                output::json_line(
                    out,
                    &StatusJson {
                        recent: &recent,
                        acceptances: &accepted,
                    },
                )?;
            } else {
                let tz = store.rules().calendar.tz;
                output::deliverable_statuses(out, &recent, tz)?;
                writeln!(out)?;
                writeln!(out, "acceptances recorded: {}", accepted.len())?;
                for a in &accepted {
                    writeln!(
                        out,
                        "  {:<22} {:<12} by {} on {} (recorded by {}, {})",
                        a.period.to_string(),
                        a.kind.as_str(),
                        inert(&a.accepted_by),
                        crate::domain::desk_time::minute(a.accepted_at, tz),
                        inert(&a.recorded_by),
                        rows(a.items)
                    )?;
                }
            }
        }
    }
    Ok(())
}

pub fn owner(desk: &Desk, o: &OwnerCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    let today = desk.today();
    match o {
        OwnerCommand::Set {
            customer,
            name,
            effective,
            announcement,
            json,
        } => {
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let terms = store.project_owners(customer)?;
            let effective = effective.unwrap_or_else(|| match current(&terms, today) {
                Some(_) => earliest_change(&store.rules().calendar, today),
                None => today,
            });
            let term = store.set_project_owner(
                customer,
                name,
                effective,
                announcement.as_deref(),
                Actor { engineer, now },
            )?;
            if *json {
                output::json_line(out, &term)?;
            } else {
                writeln!(
                    out,
                    "{} is the project owner for {} from {}",
                    inert(&term.owner),
                    inert(&term.customer),
                    term.effective_on
                )?;
                if let Some(text) = &term.announcement {
                    writeln!(out, "announced on {}:", term.announced_on)?;
                    for line in inert_lines(text) {
                        writeln!(out, "  {line}")?;
                    }
                }
            }
        }
        OwnerCommand::Cancel { customer, json } => {
            let engineer = desk.engineer()?;
            let mut store = desk.open_store()?;
            let term = store.cancel_owner_change(customer, Actor { engineer, now })?;
            if *json {
                output::json_line(out, &term)?;
            } else {
                writeln!(
                    out,
                    "cancelled the change to {} announced for {}",
                    inert(&term.owner),
                    term.effective_on
                )?;
            }
        }
        OwnerCommand::Show { customer, json } => {
            let store = desk.open_store()?;
            let terms = store.project_owners(customer)?;
            if *json {
                output::json_line(out, &terms)?;
            } else {
                match current(&terms, today) {
                    Some(t) => writeln!(
                        out,
                        "project owner: {} (since {})",
                        inert(&t.owner),
                        t.effective_on
                    )?,
                    None => writeln!(out, "project owner: none recorded")?,
                }
                if let Some(t) = pending(&terms, today) {
                    writeln!(
                        out,
                        "announced change: {} from {} (announced on {})",
                        inert(&t.owner),
                        t.effective_on,
                        t.announced_on
                    )?;
                }
                writeln!(out)?;
                writeln!(out, "history")?;
                for t in &terms {
                    let cancelled = match (&t.cancelled_at, &t.cancelled_by) {
                        (Some(at), by) => format!(
                            "  cancelled on {} by {}",
                            crate::domain::desk_time::day(*at, store.rules().calendar.tz),
                            inert(by.as_deref().unwrap_or("?"))
                        ),
                        (None, _) => String::new(),
                    };
                    writeln!(
                        out,
                        "  from {}  {}  (recorded by {} on {}){cancelled}",
                        t.effective_on,
                        output::cell(&t.owner, 24),
                        inert(&t.recorded_by),
                        t.announced_on
                    )?;
                    if let Some(text) = &t.announcement {
                        for line in inert_lines(text) {
                            writeln!(out, "      {line}")?;
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

fn rows(n: u32) -> String {
    if n == 1 {
        "1 row".into()
    } else {
        format!("{n} rows")
    }
}
