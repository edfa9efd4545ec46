//! `sredesk ticket template` and `sredesk ticket add --report`: the desk's
//! urgent-fault report printed as it ships, to pin in each chat group, and
//! a filled one read into the expert escalation it proposes.

use std::io::{Read, Write};
use std::path::Path;

use anyhow::{Context as _, anyhow, bail};
use chrono::{DateTime, Utc};

use crate::desk::Desk;
use crate::domain::NewEscalation;
use crate::domain::fault_report::{self, TEMPLATE};

/// A report is a page of text; a file far larger is something else,
/// and is not read whole into memory to find out.
const MAX_REPORT_BYTES: u64 = 1 << 20;

pub(super) fn print_template(out: &mut dyn Write) -> anyhow::Result<()> {
    out.write_all(TEMPLATE.as_bytes())?;
    Ok(())
}

/// The expert escalation the report at `source` (`-`: stdin) proposes,
/// received by the desk `now`. One that does not parse is refused with
/// every problem on a line of its own, before anything is opened.
pub(super) fn proposed(
    desk: &Desk,
    source: &Path,
    now: DateTime<Utc>,
) -> anyhow::Result<NewEscalation> {
    let (name, text) = read_report(source)?;
    let tz = desk.tz();
    match fault_report::parse(&text, tz, now) {
        Ok(report) => Ok(report.to_new_escalation(now, tz)),
        Err(problems) => {
            let n = problems.len();
            let list: Vec<String> = problems.iter().map(ToString::to_string).collect();
            bail!(
                "{name} is not a complete urgent-fault report ({n} problem{}); nothing was \
                 recorded:\n{}",
                if n == 1 { "" } else { "s" },
                list.join("\n")
            )
        }
    }
}

fn read_report(source: &Path) -> anyhow::Result<(String, String)> {
    let mut bytes = Vec::new();
    let name = if source == Path::new("-") {
        std::io::stdin()
            .lock()
            .take(MAX_REPORT_BYTES + 1)
            .read_to_end(&mut bytes)
            .context("reading the report from stdin")?;
        "the report on stdin".to_string()
    } else {
        let name = source.display().to_string();
        std::fs::File::open(source)
            .and_then(|f| f.take(MAX_REPORT_BYTES + 1).read_to_end(&mut bytes))
            .with_context(|| format!("reading the report {name}"))?;
        name
    };
    if bytes.len() as u64 > MAX_REPORT_BYTES {
        bail!("{name} is larger than 1 MiB; an urgent-fault report is a page of text");
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow!(
            "{name} is not UTF-8 text (byte {} is not); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok((name, text))
}
