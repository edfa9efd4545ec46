//! The pipeline's dialogs (advance, R&D's rejection, the rollout plan) and
//! the legend its help ends with.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use crate::app::dialog::{Overlay, PlanForm};
use crate::app::field::Field;
use crate::app::keymap::{Action as A, FORM, label};
use crate::app::model::Model;
use crate::app::pipeline::state::ReqTarget;
use crate::domain::requirement::RequirementState;
use crate::text::inert;
use crate::ui::theme::Theme;
use crate::ui::widgets::{
    FORM_WIDTH, field_lines, fit, form, help_closing, key_line, popup, yes_no,
};

/// The pipeline's dialogs: advance, reject, rollout plan.
pub fn render(f: &mut Frame, area: Rect, o: &Overlay, theme: &Theme) {
    match o {
        Overlay::ConfirmStep(c) => {
            let lines = vec![
                Line::raw(format!(" {}", c.question)),
                Line::styled(format!(" {}", inert(&c.target.title)), theme.dim),
                Line::raw(""),
                yes_no("yes", theme),
            ];
            popup(f, area, " Advance ", lines, 64, theme);
        }
        Overlay::Reject { target, reason } => reject_form(f, area, target, reason, theme),
        Overlay::Plan(form) => plan_form(f, area, form, theme),
        _ => {}
    }
}

fn target_line<'a>(what: &str, t: &ReqTarget, width: u16, theme: &Theme) -> Line<'a> {
    let head = format!(" {what} #{} ", t.id);
    let room = (width as usize).saturating_sub(head.chars().count() + 1);
    Line::from(vec![
        Span::raw(head),
        Span::styled(fit(&inert(&t.title), room), theme.dim),
    ])
}

fn reject_form(f: &mut Frame, area: Rect, t: &ReqTarget, reason: &Field, theme: &Theme) {
    let inner = FORM_WIDTH.min(area.width).saturating_sub(2);
    let mut lines = vec![
        target_line("R&D rejects", t, inner, theme),
        Line::styled(
            format!(
                " It moves to {}; the reason is kept and told to the customer.",
                RequirementState::Rejected.label()
            ),
            theme.dim,
        ),
        Line::raw(""),
    ];
    let (field, x) = field_lines("reason", reason, "", true, inner, theme);
    let y = lines.len() as u16;
    lines.extend(field);
    lines.push(Line::raw(""));
    lines.push(key_line(
        &[
            (label(FORM, A::Submit), "reject"),
            (label(FORM, A::Back), "cancel"),
        ],
        theme,
    ));
    form(f, area, " Reject ", lines, x.map(|x| (x, y)), theme);
}

fn plan_form(f: &mut Frame, area: Rect, p: &PlanForm, theme: &Theme) {
    let inner = FORM_WIDTH.min(area.width).saturating_sub(2);
    let mut lines = vec![
        target_line("Rollout plan for", &p.target, inner, theme),
        Line::styled(
            " As pre-sales announced it: the date it ships and a note.",
            theme.dim,
        ),
        Line::raw(""),
    ];
    let mut cursor = None;
    for (label, field, hint, focused) in [
        ("date", &p.date, "YYYY-MM-DD", !p.on_note),
        ("note", &p.note, "", p.on_note),
    ] {
        let (field, x) = field_lines(label, field, hint, focused, inner, theme);
        if let Some(x) = x {
            cursor = Some((x, lines.len() as u16));
        }
        lines.extend(field);
    }
    lines.push(Line::raw(""));
    lines.push(key_line(
        &[
            (label(FORM, A::NextField), "other field"),
            (
                label(FORM, A::Submit),
                if p.on_note { "record" } else { "next" },
            ),
            (label(FORM, A::Back), "cancel"),
        ],
        theme,
    ));
    form(f, area, " Rollout plan ", lines, cursor, theme);
}

/// What the lanes and flags mean, with this desk's limits.
pub fn legend<'a>(lines: &mut Vec<Line<'a>>, m: &Model, theme: &Theme) {
    lines.extend([
        Line::styled(" Lanes", theme.label),
        Line::raw("   One per state, in order. Cards wait longest first (newest first in"),
        Line::raw("   the last lane); the bar under a lane's name is its load."),
        Line::from(vec![
            Span::raw("   "),
            Span::styled(" ⚑ ", theme.flag),
            Span::raw("  waiting in its state longer than the desk allows:"),
        ]),
    ]);
    let limits: Vec<String> = RequirementState::ALL
        .iter()
        .filter_map(|s| {
            m.stale_after
                .days(*s)
                .map(|d| format!("{} {d}d", s.label()))
        })
        .collect();
    for chunk in limits.chunks(3) {
        lines.push(Line::styled(
            format!("         {}", chunk.join(" · ")),
            theme.dim,
        ));
    }
    lines.extend([
        Line::styled(
            "         ([requirements.stale_days] in the config)",
            theme.dim,
        ),
        Line::raw(""),
        help_closing(theme),
    ]);
}
