//! `sredesk handover`: what the next shift needs to know, for the last
//! `--since` (8 hours unless given), as text, Markdown or JSON (UTC).

use std::io::Write;

use clap::{Args, ValueEnum};

use crate::desk::Desk;
use crate::domain::pause::parse_span;

#[derive(Debug, Args)]
pub struct HandoverArgs {
    /// How far back the shift goes: "8h", "12h", "1d"
    #[arg(long, default_value = "8h")]
    pub since: String,
    #[arg(long, value_enum, default_value = "text")]
    pub format: HandoverFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum HandoverFormat {
    Text,
    Md,
    Json,
}

pub fn run(desk: &Desk, a: &HandoverArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let span = parse_span(&a.since).map_err(|e| anyhow::anyhow!("--since: {e}"))?;
    let now = desk.now();
    let mut store = desk.open_store()?;
    let h = store.handover(now - span, now)?;
    let tz = desk.tz();
    match a.format {
        HandoverFormat::Text => crate::export::handover::text(out, &h, tz)?,
        HandoverFormat::Md => crate::export::handover::markdown(out, &h, tz)?,
        HandoverFormat::Json => super::print::json_line(out, &h)?,
    }
    Ok(())
}
