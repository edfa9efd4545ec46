//! The deliverable lists written out as CSV, Markdown or JSON.
//!
//! CSV and JSON keep every character of the stored text (a spreadsheet or
//! a script gets back exactly what the customer wrote); Markdown is a
//! report a customer can be sent, so its text is neutralised for the
//! renderer: control characters shown as escapes, markup characters
//! escaped, line breaks kept as `<br>`.

// Counts, ids and times read from the store or sent to customers must
// never wrap silently: a value too big is an error.
#![warn(clippy::cast_possible_truncation)]

pub mod change_report;
mod csv;
pub mod handover;
mod markdown;

use std::io::Write;

use chrono_tz::Tz;

use crate::domain::deliverable::Deliverable;
use crate::domain::state::word_enum;

word_enum!(
    /// How a deliverable is written.
    Format, "format" {
        Csv => "csv",
        Markdown => "md",
        Json => "json",
    }
);

/// Writes `list` in `format`, with times in `tz`. `for_terminal` makes CSV
/// text inert too (JSON and Markdown always are).
pub fn write(
    out: &mut dyn Write,
    list: &Deliverable,
    format: Format,
    tz: Tz,
    for_terminal: bool,
) -> std::io::Result<()> {
    match (format, list) {
        (Format::Json, Deliverable::Tickets(l)) => json(out, l),
        (Format::Json, Deliverable::Requirements(l)) => json(out, l),
        (Format::Csv, Deliverable::Tickets(l)) => csv::ticket_list(out, l, tz, for_terminal),
        (Format::Csv, Deliverable::Requirements(l)) => csv::requirements(out, l, tz, for_terminal),
        (Format::Markdown, Deliverable::Tickets(l)) => markdown::tickets(out, l, tz),
        (Format::Markdown, Deliverable::Requirements(l)) => markdown::requirements(out, l, tz),
    }
}

fn json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    crate::text::write_json(out, value)?;
    writeln!(out)
}
