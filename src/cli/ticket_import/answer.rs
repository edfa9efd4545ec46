//! The human answer to an import: on a dry run each row and the quota
//! unit it would take, after a real one the counts; on refusal the list
//! of bad rows.

use std::io::{self, Write};

use super::check::Bad;
use crate::domain::NewEscalation;
use crate::store::{Earlier, ImportOutcome, Imported};
use crate::text::{grouped, inert, plural};

/// The human answer: on a dry run every row with what it would take, in
/// order; after a real import the counts alone, however long the file.
pub(super) fn summary(
    out: &mut dyn Write,
    rows: &[(usize, NewEscalation)],
    outcome: &ImportOutcome,
    dry_run: bool,
) -> io::Result<()> {
    let (mut added, mut there) = (0, 0);
    for ((_, new), row) in rows.iter().zip(&outcome.rows) {
        let said = match &row.result {
            Imported::Added { quota, .. } => {
                added += 1;
                format!(
                    "{} {} {} {} — {}",
                    inert(new.ticket_no.trim()),
                    inert(new.customer.trim()),
                    new.severity,
                    new.kind,
                    // Its customer's name is the store's, typed by someone.
                    inert(quota.as_deref().unwrap_or("uses no quota"))
                )
            }
            Imported::AlreadyThere(earlier) => {
                there += 1;
                format!(
                    "{} {} — {}",
                    inert(new.ticket_no.trim()),
                    inert(new.customer.trim()),
                    already(*earlier)
                )
            }
            Imported::Refused(_) => continue,
        };
        if dry_run {
            writeln!(out, "line {}: {said}", row.line)?;
        }
    }
    let there = format!("{} already there", grouped(there));
    if dry_run {
        writeln!(
            out,
            "dry run: would import {}, {there}; nothing was written",
            plural(added, "escalation", "escalations")
        )
    } else {
        writeln!(
            out,
            "imported {}, {there}",
            plural(added, "escalation", "escalations")
        )
    }
}

fn already(earlier: Earlier) -> String {
    match earlier {
        Earlier::Stored(id) => format!("already there (#{id})"),
        Earlier::Line(line) => format!("already there (line {line} of this file)"),
    }
}

/// The error of an import that kept nothing: a count, then one line a
/// fault, in the file's order.
pub(super) fn refusal(bad: &[Bad], total: usize) -> String {
    let mut lines: Vec<usize> = bad.iter().map(|b| b.line).collect();
    lines.dedup();
    let mut text = format!(
        "nothing imported: {} of {} {} bad",
        grouped(lines.len()),
        grouped(total),
        if total == 1 { "row is" } else { "rows are" }
    );
    for b in bad {
        text.push('\n');
        text.push_str(&b.text());
    }
    text
}
