//! One requirement in full: where it is in the pipeline and for how long,
//! R&D's decision, the rollout plan, the description and every step with
//! who took it and when.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::age;
use crate::app::Model;
use crate::app::model::{FOOTER_ROWS, HEADER_ROWS};
use crate::app::pipeline::state::RequirementDetailState;
use crate::domain::desk_time::minute;
use crate::domain::requirement::{Requirement, RequirementState, Transition};
use crate::text::{inert, inert_lines};
use crate::ui::theme::Theme;

pub fn render(f: &mut Frame, area: Rect, r: &RequirementDetailState, m: &Model, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(
            format!(" Requirement #{} ", r.id),
            theme.title,
        ));
    let scroll = r.scroll.min(max_scroll(r, m));
    f.render_widget(content(r, m, theme).block(block).scroll((scroll, 0)), area);
}

fn content<'a>(r: &'a RequirementDetailState, m: &Model, theme: &Theme) -> Paragraph<'a> {
    let lines = match (&r.loaded, &r.error) {
        (_, Some(e)) => vec![Line::styled(format!(" {}", inert(e)), theme.error)],
        (Some((req, history)), None) => lines(req, history, m, theme),
        (None, None) => vec![Line::styled(" Loading…", theme.dim)],
    };
    Paragraph::new(lines).wrap(Wrap { trim: false })
}

/// How far the view can scroll before its last line leaves the bottom.
pub fn max_scroll(r: &RequirementDetailState, m: &Model) -> u16 {
    let rows = m.height.saturating_sub(HEADER_ROWS + FOOTER_ROWS + 1);
    let lines = content(r, m, &Theme::new(false)).line_count(m.width);
    (lines as u16).saturating_sub(rows)
}

fn field<'a>(name: &'a str, value: Vec<Span<'a>>, theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::styled(format!(" {name:<12}"), theme.label)];
    spans.extend(value);
    Line::from(spans)
}

/// Desk time, as the CLI, the exports and the customer view give it.
/// The way through the pipeline, this requirement's branch taken:
/// `✓ Submitted › ▶ Analysing › Confirmed › …`.
fn path<'a>(r: &Requirement, theme: &Theme) -> Vec<Span<'a>> {
    use RequirementState::*;
    let decision = if r.accepted {
        Accepted
    } else if r.state == Rejected || r.rejection_reason.is_some() {
        Rejected
    } else {
        ReportedToRnd // undecided: both branches are shown
    };
    let steps = [
        Submitted,
        Analysing,
        Confirmed,
        ReportedToRnd,
        decision,
        CustomerNotified,
    ];
    let here = match r.state {
        Accepted | Rejected => 4,
        s => steps.iter().position(|x| *x == s).unwrap_or(0),
    };
    let mut out = Vec::new();
    for (i, s) in steps.iter().enumerate() {
        if i > 0 {
            out.push(Span::styled(" › ", theme.dim));
        }
        let label = if i == 4 && decision == ReportedToRnd {
            "Accepted | Rejected".to_string()
        } else {
            s.label().to_string()
        };
        out.push(match i.cmp(&here) {
            std::cmp::Ordering::Less => Span::styled(format!("✓ {label}"), theme.dim),
            std::cmp::Ordering::Equal => Span::styled(format!("▶ {label}"), theme.key),
            std::cmp::Ordering::Greater => Span::raw(label),
        });
    }
    out
}

/// What the engineer can do next, in keys.
fn next<'a>(r: &Requirement, theme: &Theme) -> Vec<Span<'a>> {
    use RequirementState::*;
    let key = |k: &'static str| Span::styled(k, theme.key);
    let mut out = match r.state.next() {
        Some(to) => vec![key("a"), Span::raw(format!(" move to {}", to.label()))],
        None => vec![Span::styled(
            "nothing: the customer has been told the result",
            theme.dim,
        )],
    };
    if r.state == ReportedToRnd {
        out.extend([
            Span::raw("   "),
            key("x"),
            Span::raw(" reject with a reason"),
        ]);
    }
    if r.accepted {
        let what = match r.rollout {
            Some(_) => " change the rollout plan",
            None => " record the rollout plan",
        };
        out.extend([Span::raw("   "), key("R"), Span::raw(what)]);
    }
    out
}

fn lines<'a>(
    r: &'a Requirement,
    history: &'a [Transition],
    m: &Model,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let waited = age((m.now - r.state_since).num_seconds().max(0) as u64);
    let mut state = vec![
        Span::styled(r.state.label(), theme.key),
        Span::raw(format!(
            " for {waited}, since {}",
            minute(r.state_since, m.tz)
        )),
    ];
    if let Some(days) = m.stale_after.days(r.state) {
        if m.stale_after.is_stale(r.state, r.state_since, m.now) {
            state.push(Span::styled(
                format!("  ⚑ waiting too long (flagged after {days}d)"),
                theme.flag,
            ));
        } else {
            state.push(Span::styled(
                format!("  (flagged after {days}d)"),
                theme.dim,
            ));
        }
    }
    let mut out = vec![
        Line::styled(format!(" {}", inert(&r.title)), theme.title),
        Line::raw(""),
        field(
            "customer",
            vec![Span::raw(inert(&r.customer).into_owned())],
            theme,
        ),
        field("state", state, theme),
        field("pipeline", path(r, theme), theme),
        field(
            "submitted",
            vec![Span::raw(minute(r.submitted_at, m.tz))],
            theme,
        ),
    ];
    if r.accepted {
        out.push(field(
            "R&D",
            vec![Span::styled("accepted", theme.met)],
            theme,
        ));
    }
    if let Some(reason) = &r.rejection_reason {
        // A reason may run over lines; the first goes beside the label.
        let mut reason = inert_lines(reason).into_iter();
        out.push(field(
            "rejected",
            vec![Span::styled(reason.next().unwrap_or_default(), theme.late)],
            theme,
        ));
        out.extend(reason.map(|l| Line::raw(format!("{:13}{l}", ""))));
    }
    match &r.rollout {
        Some(plan) => out.push(field(
            "rollout",
            vec![
                Span::styled(plan.date.to_string(), theme.key),
                Span::raw(format!("  {}", inert(&plan.note))),
            ],
            theme,
        )),
        None if r.accepted => out.push(field(
            "rollout",
            vec![Span::styled("no plan recorded yet", theme.dim)],
            theme,
        )),
        None => {}
    }
    out.push(field("next", next(r, theme), theme));
    out.push(Line::raw(""));
    out.push(Line::styled(" Description", theme.label));
    if r.description.trim().is_empty() {
        out.push(Line::styled("   (none)", theme.dim));
    }
    for line in inert_lines(&r.description) {
        out.push(Line::raw(format!("   {line}")));
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        format!(" History ({} time)", m.tz),
        theme.label,
    ));
    for t in history {
        let what = match (t.rollout_on, t.from) {
            (Some(date), _) => format!("rollout plan for {date}"),
            (None, None) => "submitted".to_string(),
            (None, Some(from)) => format!("{} → {}", from.label(), t.to.label()),
        };
        let mut spans = vec![
            Span::styled(format!("   {}  ", minute(t.at, m.tz)), theme.dim),
            Span::styled(format!("{:<10} ", inert(&t.engineer)), theme.key),
            Span::raw(what),
        ];
        if let Some(note) = &t.note {
            spans.push(Span::raw(format!(": {}", inert(note))));
        }
        out.push(Line::from(spans));
    }
    out
}
