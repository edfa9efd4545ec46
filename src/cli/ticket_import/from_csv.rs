//! A CSV file with a header row naming its columns, read row by row.

use std::io::BufRead;

use anyhow::{Context as _, bail};

use super::check::Rows;
use super::fields::{Field, Values, columns};

impl Rows {
    /// Reads every record; a fault in a row is kept with the others, one
    /// in the header or in the CSV itself ends the reading.
    pub(super) fn csv(&mut self, input: Box<dyn BufRead>) -> anyhow::Result<()> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            // Checked here, so a short row is reported with the others.
            .flexible(true)
            .from_reader(input);
        let header = reader.byte_headers().context("reading the header row")?;
        if header.is_empty() {
            bail!("is empty: a CSV file needs a header row naming its columns");
        }
        let columns = columns(header)?;
        let mut record = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) => return Ok(()),
                Err(e) => match e.position() {
                    Some(p) => bail!("line {}: {e}", line_no(p)),
                    None => bail!(e),
                },
            }
            self.total += 1;
            // The line the record starts on, as an editor counts: a quoted
            // value may run over several.
            let line = record.position().map_or(0, line_no);
            if record.len() != columns.len() {
                self.bad(
                    line,
                    "row",
                    format!(
                        "has {} fields; the header has {}",
                        record.len(),
                        columns.len()
                    ),
                );
                continue;
            }
            let mut values: Values<'_> = [None; Field::ALL.len()];
            let mut readable = true;
            for (field, raw) in columns.iter().zip(record.iter()) {
                match std::str::from_utf8(raw) {
                    Ok(s) => values[*field as usize] = Some(s),
                    Err(_) => {
                        readable = false;
                        self.bad(line, field.name(), "is not UTF-8 text".into());
                    }
                }
            }
            if readable {
                self.check(line, &values);
            }
        }
    }
}

fn line_no(p: &csv::Position) -> usize {
    usize::try_from(p.line()).unwrap_or(usize::MAX)
}
