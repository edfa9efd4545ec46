//! The notice composer: the form (each field with what is wrong with it
//! beside it), the audience it reaches, and the preview.
//! Wide terminals show all three; narrow ones the part that has the
//! keyboard, under a strip naming the parts.

mod audience;
pub mod dialogs;
mod form;
mod preview;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::composer::state::{ComposerFocus, ComposerState};
use crate::app::keymap::COMPOSER;
use crate::app::model::Model;
use crate::domain::notice::SubjectKind;
use crate::text::inert;
use crate::ui::theme::Theme;

/// From this width (and height) the form, audience and preview share the screen.
pub const WIDE: u16 = 120;

const WIDE_HEIGHT: u16 = 28;

/// Whether a terminal this size shows the preview beside the form; below
/// it the preview is a tab of its own.
pub fn side_by_side(width: u16, height: u16) -> bool {
    width >= WIDE && height >= WIDE_HEIGHT
}

pub fn render(f: &mut Frame, area: Rect, c: &ComposerState, m: &Model, theme: &Theme) {
    let [top, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(area);
    f.render_widget(Paragraph::new(title(c, m, theme)), top);
    if side_by_side(area.width, area.height) {
        let form_width = body.width * 3 / 5;
        let lines = form::lines(c, form_width.saturating_sub(2), theme).lines;
        let top_h = (lines.len() as u16 + 2).clamp(8, body.height * 3 / 5);
        let [upper, lower] =
            Layout::vertical([Constraint::Length(top_h), Constraint::Min(0)]).areas(body);
        let [left, right] =
            Layout::horizontal([Constraint::Length(form_width), Constraint::Min(0)]).areas(upper);
        form::render(f, left, c, theme);
        audience::render(f, right, c, theme);
        preview::render(f, lower, c, &m.keys, theme);
    } else {
        let [tabs, pane] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(body);
        f.render_widget(Paragraph::new(strip(c, m, theme)), tabs);
        match c.focus {
            ComposerFocus::Field(_) => form::render(f, pane, c, theme),
            ComposerFocus::Audience => audience::render(f, pane, c, theme),
            ComposerFocus::Preview => preview::render(f, pane, c, &m.keys, theme),
        }
    }
}

/// ` Compose · new incident · draft saved 10:02:13`
fn title<'a>(c: &ComposerState, m: &Model, theme: &Theme) -> Line<'a> {
    let what = match (&c.base, c.subject) {
        (None, SubjectKind::Incident) => "Compose · new incident".to_string(),
        (None, SubjectKind::Change) => "Compose · new platform change".to_string(),
        (Some(_), _) => format!("Compose · notice about {}", c.reference()),
    };
    let mut spans = vec![Span::styled(format!(" {what} "), theme.title)];
    match (&c.draft.error, c.draft.saved_at) {
        (Some(e), _) => spans.push(Span::styled(
            format!("· draft NOT saved: {}", inert(e)),
            theme.error,
        )),
        (None, Some(at)) => spans.push(Span::styled(
            format!(
                "· draft saved {}",
                crate::domain::desk_time::clock(at, m.tz)
            ),
            theme.dim,
        )),
        (None, None) if c.draft.id.is_some() => {
            spans.push(Span::styled("· from a draft", theme.dim))
        }
        (None, None) => spans.push(Span::styled("· every edit is kept as a draft", theme.dim)),
    }
    Line::from(spans)
}

/// ` Form │ Audience 3/4 │ Preview ` with the part that has the keyboard lit.
fn strip<'a>(c: &ComposerState, m: &Model, theme: &Theme) -> Line<'a> {
    let included = c.audience.included().len();
    let listed = c.audience.members().len();
    let parts = [
        (
            matches!(c.focus, ComposerFocus::Field(_)),
            "Form".to_string(),
        ),
        (
            c.focus == ComposerFocus::Audience,
            format!("Audience {included}/{listed}"),
        ),
        (c.focus == ComposerFocus::Preview, "Preview".to_string()),
    ];
    let mut spans = vec![Span::raw(" ")];
    for (i, (on, name)) in parts.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" │ ", theme.dim));
        }
        spans.push(Span::styled(name, if on { theme.key } else { theme.dim }));
    }
    spans.push(Span::styled(
        m.keys.prose(COMPOSER, "   {next_field} moves on"),
        theme.dim,
    ));
    Line::from(spans)
}
