//! The dashboard's alarms: each check's answer lights the rows that rang
//! (until the engineer has seen them), says it in the status bar and asks
//! the runtime to ring (bell, desktop notification); the terminal title
//! carries the counts. What rings, and once, is the store's decision.

use super::model::{Model, Screen, Status};
use super::msg::Effect;
use crate::domain::alarm;
use crate::store::AlarmCheck;
use crate::text::inert;

pub mod state;
pub use state::AlarmState;

/// What a check found.
pub(crate) fn checked(m: &mut Model, result: Result<AlarmCheck, String>) -> Vec<Effect> {
    let check = match result {
        Ok(c) => c,
        Err(e) => {
            // A check that cannot run is said, never taken as silence.
            if m.alarms.failed.as_deref() != Some(e.as_str()) {
                tracing::error!(error = %e, "alarm check failed");
                m.status = Some(Status::error(format!("alarms cannot be checked: {e}")));
                m.alarms.failed = Some(e);
                m.dirty = true;
            }
            m.alarms.check_at = None;
            return Vec::new();
        }
    };
    m.alarms.failed = None;
    m.alarms.check_at = Some(
        check
            .next_at
            .unwrap_or(chrono::DateTime::<chrono::Utc>::MAX_UTC),
    );
    if m.alarms.due != check.due {
        m.alarms.due = check.due;
        m.dirty = true;
    }
    if check.rung.is_empty() {
        return Vec::new();
    }
    let mut rung = check.rung;
    for r in &mut rung {
        // Names from tickets are untrusted: they reach the status bar, the
        // terminal's notification and the log.
        r.ticket_no = inert(&r.ticket_no).into_owned();
        r.customer = inert(&r.customer).into_owned();
        m.alarms.lit.insert(r.id, r.mark);
    }
    let line = alarm::summary(&rung);
    tracing::info!(alarm = %line, "alarm");
    m.alarms.line = Some(line.clone());
    m.dirty = true;
    vec![Effect::Ring(line)]
}

/// The selected row has been seen: its light goes out.
pub(crate) fn seen(m: &mut Model) {
    if !matches!(m.screen, Screen::Board | Screen::Detail(_)) {
        return;
    }
    let id = match &m.screen {
        Screen::Detail(d) => Some(d.id),
        _ => m.board.selected_row().map(|r| r.id),
    };
    if let Some(id) = id
        && m.alarms.lit.remove(&id).is_some()
    {
        m.dirty = true;
    }
}

/// The terminal title: counts, then the store's file name.
pub fn title(m: &Model) -> String {
    let label = std::path::Path::new(&m.store_label)
        .file_name()
        .map_or_else(
            || m.store_label.clone(),
            |n| n.to_string_lossy().into_owned(),
        );
    alarm::title(m.board.page.counts.breached, m.alarms.due, &inert(&label))
}

#[cfg(test)]
mod tests;
