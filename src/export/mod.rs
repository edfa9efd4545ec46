//! The deliverable lists written out as CSV, Markdown or JSON.
//!
//! JSON keeps every character of the stored text (a script gets back
//! exactly what the customer wrote); CSV does too with `--raw`, and by
//! default guards each cell against being read as a spreadsheet formula
//! and replaces control characters; Markdown is a
//! report a customer can be sent, so its text is neutralised for the
//! renderer: control characters shown as escapes, markup characters
//! escaped, line breaks kept as `<br>`.

// Counts, ids and times read from the store or sent to customers must
// never wrap silently: a value too big is an error.
#![warn(clippy::cast_possible_truncation)]

pub mod change_report;
pub mod charts;
mod csv;
pub mod handover;
pub mod trends;

pub use csv::{CsvText, safe_cell};
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

/// Writes `list` in `format`, with times in `tz`; `text` says how CSV text
/// is written (JSON and Markdown are always inert).
pub fn write(
    out: &mut dyn Write,
    list: &Deliverable,
    format: Format,
    tz: Tz,
    text: CsvText,
) -> std::io::Result<()> {
    match (format, list) {
        (Format::Json, Deliverable::Tickets(l)) => json(out, l),
        (Format::Json, Deliverable::Requirements(l)) => json(out, l),
        (Format::Csv, Deliverable::Tickets(l)) => csv::ticket_list(out, l, tz, text),
        (Format::Csv, Deliverable::Requirements(l)) => csv::requirements(out, l, tz, text),
        (Format::Markdown, Deliverable::Tickets(l)) => markdown::tickets(out, l, tz),
        (Format::Markdown, Deliverable::Requirements(l)) => markdown::requirements(out, l, tz),
    }
}

fn json<T: serde::Serialize>(out: &mut dyn Write, value: &T) -> std::io::Result<()> {
    crate::text::write_json(out, value)?;
    writeln!(out)
}
