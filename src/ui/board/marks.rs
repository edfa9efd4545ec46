//! The bulk-triage dialogs: the one question for every marked
//! escalation, the severity, reason and span it asks for, and the summary
//! of what was done and refused.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;

use crate::app::board::marks::BulkStep;
use crate::app::keymap::{Action as A, FORM, label};
use crate::app::model::Model;
use crate::text::inert;
use crate::ui::theme::Theme;
use crate::ui::widgets::{FORM_WIDTH, field_lines, form, key_line, popup, yes_no};

pub fn render(f: &mut Frame, area: Rect, step: &BulkStep, m: &Model, theme: &Theme) {
    let marked = m.board.marked.len();
    let inner = FORM_WIDTH.min(area.width).saturating_sub(2);
    match step {
        BulkStep::Confirm { question, .. } => {
            let lines = vec![
                Line::raw(format!(" {}", inert(question))),
                Line::styled(
                    " Each in its own step: one refused does not stop the rest.",
                    theme.dim,
                ),
                Line::raw(""),
                yes_no("yes", theme),
            ];
            popup(f, area, " Marked escalations ", lines, 76, theme);
        }
        BulkStep::Severity { cursor } => {
            let mut lines = vec![Line::raw(format!(" Re-grade the {marked} marked to:"))];
            lines.extend(super::dialogs::severity_choices(*cursor, theme));
            popup(f, area, " Severity ", lines, 76, theme);
        }
        BulkStep::Reason { field } | BulkStep::Span { field } => {
            let (title, head, name, hint, verb) = match step {
                BulkStep::Reason { .. } => (
                    " Withdraw ",
                    format!(" Withdraw the {marked} marked: why (kept in each history)?"),
                    "reason",
                    "",
                    "next",
                ),
                _ => (
                    " Snooze ",
                    format!(" Snooze the {marked} marked's alarms for how long?"),
                    "for",
                    "30m, 2h, or off",
                    "next",
                ),
            };
            let mut lines = vec![Line::raw(head), Line::raw("")];
            let (field, x) = field_lines(name, field, hint, true, inner, theme);
            let y = lines.len() as u16;
            lines.extend(field);
            lines.push(Line::raw(""));
            lines.push(key_line(
                &[
                    (label(FORM, A::Submit), verb),
                    (label(FORM, A::Back), "cancel"),
                ],
                theme,
            ));
            form(f, area, title, lines, x.map(|x| (x, y)), theme);
        }
        BulkStep::Summary { lines } => {
            let mut shown: Vec<Line> = lines
                .iter()
                .map(|l| {
                    let style = if l.starts_with('✖') {
                        theme.error
                    } else {
                        ratatui::style::Style::new()
                    };
                    Line::styled(format!(" {}", inert(l)), style)
                })
                .collect();
            shown.push(Line::raw(""));
            shown.push(Line::styled(" any key closes", theme.dim));
            popup(f, area, " Done and refused ", shown, 84, theme);
        }
    }
}
