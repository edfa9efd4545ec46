//! `sredesk ticket import FILE`: many escalations at once from a CSV file
//! with a header row or from JSON Lines, kept whole or not at all.
//!
//! The format is read from the content: a first non-blank character `{`
//! means JSON Lines, anything else CSV (so the extension does not matter,
//! and stdin needs no flag). Every row is read and checked before the
//! store is asked; then the store tries them all in one transaction.

mod answer;
mod check;
mod fields;
mod from_csv;
mod from_jsonl;
mod json;

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};
use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::Args;

use super::print::json_line;
use crate::desk::Desk;
use crate::store::Actor;
use answer::{refusal, summary};
use check::{Bad, Rows};
use json::ImportJson;

#[derive(Debug, Args)]
pub struct TicketImportArgs {
    /// CSV with a header row, or JSON Lines (one object per line); `-`
    /// reads stdin. Columns or keys: customer, severity, kind, ticket_no,
    /// title, and optionally description and reported_at (RFC 3339 or
    /// desk time "YYYY-MM-DD HH:MM"; default: now)
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Check every row and say what each would do, quota units included;
    /// write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// One JSON object: the rows added, already there and refused, by line
    #[arg(long)]
    pub json: bool,
}

pub fn run(desk: &Desk, a: &TicketImportArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    let engineer = desk.engineer()?;
    let rows = read(a, Rows::new(now, desk.tz()))?;
    // An import can only add to customers the store knows: a missing
    // store is a mistaken path, not one to create (least of all on a dry
    // run, which changes nothing).
    let mut store = desk.open_existing_store()?;
    let Rows {
        good,
        mut bad,
        total,
        ..
    } = rows;
    // Rows that did not even parse make the import fail; the store is
    // still asked about the others, so one run lists every bad row.
    let keep_nothing = a.dry_run || !bad.is_empty();
    let outcome = store.import_escalations(&good, Actor { engineer, now }, keep_nothing)?;
    bad.extend(outcome.refused().map(|(line, e)| Bad {
        line,
        field: refused_field(e),
        message: e.to_string(),
    }));
    // Stable, by line only, so a row's faults keep the order they were found in.
    bad.sort_by_key(|b| b.line);
    if a.json {
        json_line(out, &ImportJson::new(&good, &outcome, &bad, a.dry_run))?;
    } else if bad.is_empty() {
        summary(out, &good, &outcome, a.dry_run)?;
    }
    if !bad.is_empty() {
        bail!(refusal(&bad, total));
    }
    Ok(())
}

/// Every row of the file, checked; errors that end the reading (the
/// header, the file itself) name the file.
fn read(a: &TicketImportArgs, mut rows: Rows) -> anyhow::Result<Rows> {
    let source = match a.file.as_os_str() == "-" {
        true => "stdin".to_string(),
        false => a.file.display().to_string(),
    };
    let mut input = open(a)?;
    if starts_with_brace(&mut *input).with_context(|| format!("reading {source}"))? {
        rows.json_lines(input)
            .with_context(|| format!("reading {source}"))?;
    } else {
        rows.csv(input).with_context(|| source.clone())?;
    }
    Ok(rows)
}

fn open(a: &TicketImportArgs) -> anyhow::Result<Box<dyn BufRead>> {
    // Large enough that the format test sees past any blank lines a file
    // starts with.
    const BUFFER: usize = 64 * 1024;
    if a.file.as_os_str() == "-" {
        return Ok(Box::new(BufReader::with_capacity(BUFFER, io::stdin())));
    }
    let f = File::open(&a.file).with_context(|| format!("cannot open {}", a.file.display()))?;
    Ok(Box::new(BufReader::with_capacity(BUFFER, f)))
}

/// Looks at the start of the input without taking it: JSON Lines begin
/// with `{` (after a byte-order mark and blanks); a CSV header cannot.
fn starts_with_brace(input: &mut dyn BufRead) -> io::Result<bool> {
    let buf = input.fill_buf()?;
    let buf = buf.strip_prefix(b"\xef\xbb\xbf").unwrap_or(buf);
    Ok(buf.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{'))
}

/// The column a store's refusal is about, so the line names it as the
/// row's own faults do.
fn refused_field(e: &crate::store::StoreError) -> &'static str {
    use crate::store::StoreError as E;
    match e {
        E::NoCustomer(_) | E::NotSubscribed { .. } => "customer",
        E::DuplicateTicket { .. } => "ticket_no",
        E::Quota(_) => "kind",
        _ => "row",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_are_told_from_csv_by_their_first_character() {
        let mut jsonl: &[u8] = b"\xef\xbb\xbf\n  {\"customer\": \"Acme\"}\n";
        assert!(starts_with_brace(&mut jsonl).unwrap());
        let mut csv: &[u8] = b"customer,severity\n{odd},S1\n";
        assert!(!starts_with_brace(&mut csv).unwrap());
        let mut empty: &[u8] = b"";
        assert!(!starts_with_brace(&mut empty).unwrap());
    }
}
