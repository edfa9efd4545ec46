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
use crate::domain::incident::Incident;
use crate::domain::notice::SubjectKind;
use crate::domain::record::reference;
use crate::domain::sla::{Urgency, format_span};
use crate::text::inert;
use crate::ui::theme::Theme;
use crate::ui::widgets::fit;

/// How pressing an update due at `due` is at `now`: overdue, within a
/// quarter hour, within the hour, or not yet.
pub fn urgency(due: DateTime<Utc>, now: DateTime<Utc>) -> Urgency {
    let left = (due - now).num_seconds();
    match left {
        l if l < 0 => Urgency::Breached,
        l if l < 15 * 60 => Urgency::Urgent,
        l if l < 60 * 60 => Urgency::Warning,
        _ => Urgency::Normal,
    }
}

/// "update due in 12m04s", or "update overdue 5m00s".
pub fn due_text(due: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (due - now).num_seconds();
    if secs < 0 {
        format!("update overdue {}", format_span(secs.unsigned_abs()))
    } else {
        format!("update due in {}", format_span(secs as u64))
    }
}

pub fn render(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
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
        let last = k + 1 == rows;
        line(f, rect, i, m.now, last && more, theme);
    }
}

fn line(f: &mut Frame, rect: Rect, i: &Incident, now: DateTime<Utc>, more: bool, theme: &Theme) {
    let Some(due) = i.next_update_due else {
        return;
    };
    let u = urgency(due, now);
    let style = theme.urgency(u);
    let right = format!(
        "{}{} ",
        due_text(due, now),
        if more { " · n: all" } else { "" }
    );
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
        Paragraph::new(Line::styled(right, style).right_aligned()),
        rect,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn updates_grow_urgent_as_they_near_and_pass() {
        let t = DateTime::from_timestamp(1_800_000_000, 0).unwrap();
        let at = |m: i64| t + Duration::minutes(m);
        assert_eq!(urgency(at(90), t), Urgency::Normal);
        assert_eq!(urgency(at(59), t), Urgency::Warning);
        assert_eq!(urgency(at(14), t), Urgency::Urgent);
        assert_eq!(urgency(at(-1), t), Urgency::Breached);
        assert_eq!(due_text(at(12), t), "update due in 12m00s");
        assert_eq!(due_text(at(-5), t), "update overdue 5m00s");
    }
}
