//! `sredesk status`: one line for a status bar (tmux, waybar, i3blocks,
//! cron): breached, due within the alarm mark, awaiting a response and
//! paused. It exits 2 while anything is breached, so monitoring needs no
//! parsing; a store it cannot read is an error, never an all-clear.

use std::io::Write;

use chrono::{DateTime, Utc};
use clap::{Args, ValueEnum};
use serde::Serialize;

use crate::desk::Desk;
use crate::domain::Severity;

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// text (people), tmux (with its colour codes, for status-right) or
    /// json (waybar's custom module, i3blocks, scripts)
    #[arg(long, value_enum, default_value = "text")]
    pub format: StatusFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    Text,
    Tmux,
    Json,
}

/// Exit code while anything is breached.
pub const EXIT_BREACHED: u8 = 2;

#[derive(Debug, Serialize)]
struct Status {
    /// What a bar shows, and waybar's tooltip and CSS class.
    text: String,
    tooltip: String,
    class: &'static str,
    breached: usize,
    /// Unanswered, within their severity's alarm mark, not yet breached.
    due: usize,
    awaiting: usize,
    paused: usize,
    open: usize,
    at: DateTime<Utc>,
}

pub fn run(desk: &Desk, a: &StatusArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let now = desk.now();
    let store = desk.open_store()?;
    let policy = &store.rules().sla;
    let counts = store.board_counts(now)?;
    let due = store.due_within_marks(now, Severity::ALL.map(|s| policy.mark(s)))?;
    let s = Status {
        text: format!("✖{} ‼{due} {} awaiting", counts.breached, counts.awaiting),
        tooltip: format!(
            "{} breached · {due} due within the alarm mark · {} awaiting a response · {} paused",
            counts.breached, counts.awaiting, counts.paused
        ),
        class: if counts.breached.n > 0 {
            "breached"
        } else if due > 0 {
            "due"
        } else {
            "ok"
        },
        breached: counts.breached.n,
        due,
        awaiting: counts.awaiting,
        paused: counts.paused,
        open: counts.open,
        at: now,
    };
    match a.format {
        StatusFormat::Json => super::print::json_line(out, &s)?,
        StatusFormat::Text => writeln!(
            out,
            "✖ {} breached · ‼ {due} due · {} awaiting · ‖ {} paused",
            s.breached, s.awaiting, s.paused
        )?,
        StatusFormat::Tmux => {
            // Colour only where there is something to see; the symbols
            // carry it on a bar without colour.
            let paint = |n: usize, colour: &str, text: String| {
                if n > 0 {
                    format!("#[fg={colour},bold]{text}#[default]")
                } else {
                    text
                }
            };
            writeln!(
                out,
                "{} {} {} awaiting",
                paint(s.breached, "red", format!("✖{}", s.breached)),
                paint(due, "yellow", format!("‼{due}")),
                s.awaiting
            )?
        }
    }
    if s.breached > 0 {
        return Err(super::exit::Exit {
            code: EXIT_BREACHED,
            message: format!(
                "{} breached",
                crate::text::plural(s.breached as usize, "escalation", "escalations")
            ),
        }
        .into());
    }
    Ok(())
}
