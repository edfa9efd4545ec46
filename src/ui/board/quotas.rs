//! The quota pane: each subscribed customer's two monthly quotas as
//! gauges, least left first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

use crate::app::Model;
use crate::app::board::state::BoardFocus;
use crate::domain::quota::QuotaStatus;
use crate::domain::sla::Urgency;
use crate::store::CustomerQuota;
use crate::text::inert;
use crate::ui::theme::Theme;
use crate::ui::widgets::fit;

/// " Quotas 2026-12 · refill in 3d04h ": the month and its refill move
/// with the clock.
pub fn title_text(m: &Model) -> String {
    let month = crate::domain::desk_time::month(m.now, m.tz);
    let refill = crate::app::board::clocks::refill(m);
    format!(" Quotas {month}{refill} ")
}

pub fn render(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let q = &m.quotas;
    let focused = m.focus == BoardFocus::Quotas;
    let title = Span::styled(
        title_text(m),
        if focused { theme.title } else { theme.label },
    );
    let block = Block::default()
        .borders(Borders::LEFT | Borders::TOP)
        .border_style(theme.border)
        .title(title);
    let mut inner = block.inner(area);
    f.render_widget(block, area);
    // A failed read keeps the last rows, under a line that says so: never
    // an empty pane that reads as all clear.
    if let (Some(e), false) = (&q.error, q.rows.is_empty()) {
        let said = format!(" Cannot read quotas: {}", inert(e));
        f.render_widget(
            Paragraph::new(Line::styled(said, theme.error)),
            Rect { height: 1, ..inner },
        );
        inner.y += 1;
        inner.height = inner.height.saturating_sub(1);
    }
    if q.rows.is_empty() {
        let text = match (&q.error, q.loaded) {
            (Some(e), _) => format!(" Cannot read quotas: {}", inert(e)),
            (None, false) => " Loading…".to_string(),
            (None, true) => " No customer has an active subscription.".to_string(),
        };
        f.render_widget(Paragraph::new(Line::styled(text, theme.dim)), inner);
        return;
    }
    // Only the rows that fit are built (the window holds a few screens),
    // from where the table would scroll to keep the selection in view.
    let fits = usize::from(inner.height.saturating_sub(1)).max(1);
    let first = (q.place().saturating_sub(fits - 1)).max(q.first) - q.first;
    // The selection is each row's base style, under the gauges' own, so a
    // selected used-up quota keeps its alarm colour (as on the board).
    // What the gauges, the months, the chat and the gaps leave (and the
    // cursor's column): a longer name ends with "…".
    let name_room = usize::from(inner.width).saturating_sub(1 + 17 + 13 + 2 + 6 + 4);
    let rows: Vec<Row> = q
        .rows
        .iter()
        .enumerate()
        .skip(first)
        .take(fits)
        .map(|(i, r)| match i == q.selected && focused {
            true => row(r, name_room, theme).style(theme.selected),
            false => row(r, name_room, theme),
        })
        .collect();
    let header = Row::new(["CUSTOMER", "FASTER", "EXPERT", "MO", "CHAT"]).style(theme.label);
    let widths = [
        Constraint::Fill(1),
        Constraint::Length(17),
        Constraint::Length(13),
        Constraint::Length(2),
        Constraint::Length(6),
    ];
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .highlight_symbol(if focused { "▶" } else { " " })
        .highlight_spacing(ratatui::widgets::HighlightSpacing::Always);
    let mut state = TableState::default().with_selected(Some(q.selected - first));
    f.render_stateful_widget(table, inner, &mut state);
}

/// How close to used up: the same cues as the board's clock.
fn urgency(q: &QuotaStatus) -> Urgency {
    match (q.left(), q.total()) {
        (0, _) => Urgency::Breached,
        (left, total) if left * 5 <= total => Urgency::Urgent,
        _ => Urgency::Normal,
    }
}

/// `▮▮▮▯▯ 3/5` with the package share after a plus: `13/10+10`.
fn gauge(q: &QuotaStatus, cells: u32, theme: &Theme) -> Cell<'static> {
    // Full only when used up; any use shows at least one cell.
    let (used, total) = (q.used(), q.total().max(1));
    let filled = match used {
        0 => 0,
        u if u >= total => cells,
        u => ((u * cells + total / 2) / total).clamp(1, cells - 1),
    };
    let bar = format!(
        "{}{}",
        "█".repeat(filled as usize),
        "░".repeat((cells - filled) as usize)
    );
    let numbers = if q.package_total > 0 {
        format!("{}/{}+{}", q.used(), q.plan_total, q.package_total)
    } else {
        format!("{}/{}", q.used(), q.total())
    };
    let u = urgency(q);
    Cell::from(Line::from(vec![
        Span::styled(u.symbol(), theme.urgency(u)),
        Span::styled(bar, theme.urgency(u)),
        Span::raw(format!(" {numbers}")),
    ]))
}

fn row<'a>(r: &'a CustomerQuota, name_room: usize, theme: &Theme) -> Row<'a> {
    Row::new(vec![
        Cell::from(fit(&inert(&r.customer.name), name_room)),
        gauge(&r.faster, 6, theme),
        gauge(&r.expert, 5, theme),
        Cell::from(format!("{:>2}", r.months_left)),
        Cell::from(r.platform.label()),
    ])
}
