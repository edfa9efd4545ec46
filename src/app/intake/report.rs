//! A filled urgent-fault report pasted into the form: its answers fill the
//! fields (an expert escalation, the severity its impact proposes), or
//! every problem it has is listed with its line and field and nothing
//! typed is touched.

use super::state::{IntakeField, IntakeState};
use crate::app::field::{Field, MultiField};
use crate::app::model::{Model, Status};
use crate::domain::fault_report;

/// Fills `s` from the report in `text`; false when it does not parse (the
/// problems are then in `s.report_problems`).
pub(crate) fn fill(m: &mut Model, s: &mut IntakeState, text: &str) -> bool {
    match fault_report::parse(text, m.tz, m.now) {
        Ok(report) => {
            let new = report.to_new_escalation(m.now, m.tz);
            s.customer = Field::with(&new.customer);
            s.ticket_no = Field::with(&new.ticket_no);
            s.title = Field::with(&new.title);
            s.description = MultiField::from_top(&new.description);
            s.severity = new.severity;
            s.kind = new.kind;
            // Reported when the desk received it: now, as the CLI does.
            s.reported = Field::default();
            s.from_report = true;
            s.report_problems.clear();
            s.focus = IntakeField::Severity;
            for f in IntakeField::ALL {
                s.touch(f);
            }
            let keys = m.keys.prose(
                crate::app::keymap::INTAKE,
                "{choice_left}/{choice_right} changes it, {send} saves",
            );
            m.status = Some(Status::info(format!(
                "report read: {} proposed from \"{}\"; {keys}",
                new.severity, report.impact
            )));
            true
        }
        Err(problems) => {
            s.from_report = false;
            s.report_problems = problems
                .iter()
                .map(|p| format!("line {}, {}: {}", p.line, p.field, p.message))
                .collect();
            m.status = Some(Status::error(format!(
                "the pasted report was not used: {} problem{} (listed above the form); nothing typed was changed",
                problems.len(),
                if problems.len() == 1 { "" } else { "s" }
            )));
            false
        }
    }
}
