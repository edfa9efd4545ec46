//! `sredesk report trends`: the trends screen's aggregates for scripts
//! (JSON, times in UTC) and people (Markdown, desk time, labelled).

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};
use serde::Serialize;

use crate::desk::Desk;
use crate::domain::trends::{Span, Trends};

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// Response SLA attainment, breaches, opened and answered and the
    /// median first response per period and severity, and quota use per
    /// customer and month
    Trends(TrendsArgs),
}

#[derive(Debug, Args)]
pub struct TrendsArgs {
    /// How far back: 30d (by day), 12w (by week), 12m (by month)
    #[arg(long, default_value = "30d", value_parser = parse_span)]
    pub since: Span,
    #[arg(long, value_enum, default_value = "md")]
    pub format: ReportFormat,
    /// How many customers' quota use (the ones who ran out most often)
    #[arg(long, default_value_t = 20)]
    pub customers: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Json,
}

fn parse_span(s: &str) -> Result<Span, String> {
    Span::parse(s)
}

/// The JSON: what was read, when, against which target; every time UTC.
#[derive(Serialize)]
struct TrendsJson<'a> {
    generated_at: chrono::DateTime<chrono::Utc>,
    /// The desk's zone, whose midnights start the periods.
    time_zone: String,
    target: f64,
    #[serde(flatten)]
    trends: &'a Trends,
}

pub fn run(desk: &Desk, c: &ReportCommand, out: &mut dyn Write) -> anyhow::Result<()> {
    let ReportCommand::Trends(a) = c;
    let now = desk.now();
    let store = desk.open_store()?;
    let trends = store.trends(a.since, now, a.customers)?;
    let tz = desk.tz();
    let target = desk.config.trends.target;
    match a.format {
        ReportFormat::Json => super::print::json_line(
            out,
            &TrendsJson {
                generated_at: now,
                time_zone: tz.to_string(),
                target,
                trends: &trends,
            },
        )?,
        ReportFormat::Md => crate::export::trends::markdown(out, &trends, target, now, tz)?,
    }
    Ok(())
}
