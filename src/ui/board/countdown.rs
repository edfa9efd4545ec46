//! Above the board: each open incident's next customer update, counting
//! down like the escalations' response clocks, in the alert style once it
//! is close or overdue.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::app::Model;
use crate::app::board::clocks::update_due;
use crate::domain::incident::Incident;
use crate::domain::notice::SubjectKind;
use crate::domain::record::reference;
use crate::domain::sla::Urgency;
use crate::text::inert;
use crate::ui::clock_cells::{Clock, ClockCells};
use crate::ui::theme::Theme;
use crate::ui::widgets::fit;

pub fn render(f: &mut Frame, area: Rect, m: &Model, theme: &Theme, clocks: &mut ClockCells) {
    let rows = m.countdown_rows() as usize;
    let more = m.updates_due.more();
    for (k, i) in m.updates_due.shown().take(rows).enumerate() {
        let rect = Rect {
            y: area.y + k as u16,
            height: 1,
            ..area
        };
        if rect.y >= area.bottom() {
            break;
        }
        let more = more && k + 1 == rows;
        if let Some(shown) = line(f, rect, i, m.now, more, theme) {
            // Right-aligned, it keeps its cells while its width does.
            let width = shown.width() as u16;
            match width <= rect.width {
                true => {
                    let at = Rect::new(rect.right() - width, rect.y, width, 1);
                    clocks.fixed(at, Clock::UpdateDue(k, more), &shown);
                }
                false => clocks.whole(Clock::UpdateDue(k, more), &shown),
            }
        }
    }
}

/// The countdown's text at the line's end ("update due in 12m04s "), and
/// how pressing it is.
pub fn right(i: &Incident, now: DateTime<Utc>, more: bool) -> Option<(String, Urgency)> {
    let (due, u) = update_due(i, now)?;
    Some((
        format!("{}{} ", due, if more { " · n: all" } else { "" }),
        u,
    ))
}

fn line(
    f: &mut Frame,
    rect: Rect,
    i: &Incident,
    now: DateTime<Utc>,
    more: bool,
    theme: &Theme,
) -> Option<Span<'static>> {
    let (right, u) = right(i, now, more)?;
    let style = theme.urgency(u);
    let level = i
        .level
        .map_or("L-".to_string(), |l| format!("L{}", l.number()));
    let head = format!(
        "{} {:<6} {level} ",
        u.symbol(),
        reference(SubjectKind::Incident, i.id)
    );
    let room =
        (rect.width as usize).saturating_sub(head.chars().count() + right.chars().count() + 2);
    let left = Line::from(vec![
        Span::styled(head, style),
        Span::styled(fit(&inert(&i.title), room), Style::new()),
    ]);
    f.render_widget(Paragraph::new(left), rect);
    f.render_widget(
        Paragraph::new(Line::styled(right.clone(), style).right_aligned()),
        rect,
    );
    Some(Span::styled(right, style))
}
