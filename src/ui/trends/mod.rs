//! The trends screen: four sections drawn from what was read, never a
//! query. Each chart says in words what its colours say (a summary line,
//! value labels, a legend, glyphs), so it reads the same without colour.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

mod charts;
mod quotas;
mod rows;

use rows::{shrink_top, split};

pub use quotas::fortnight;

use super::theme::Theme;
use crate::app::Model;
use crate::app::trends::state::TrendsState;
use crate::domain::trends::Trends;
use crate::text::inert;

pub use crate::app::trends::state::SECTIONS;

const ATTAINMENT_ROWS: u16 = 11;
const BREACH_ROWS: u16 = 8;
const FLOW_ROWS: u16 = 9;
/// The fewest rows a section is drawn in below the first.
const MIN_SECTION_ROWS: u16 = 6;
/// The quota table's title, column heads and legend.
const QUOTA_CHROME: u16 = 3;

pub fn render(f: &mut Frame, area: Rect, t: &TrendsState, m: &Model, theme: &Theme) {
    let zone = m.now.with_timezone(&m.tz).format("%Z");
    let block = Block::default()
        .borders(Borders::TOP)
        .border_style(theme.border)
        .title(Span::styled(
            format!(
                " Trends: {} by {}, {} · target {}% · desk time ({zone}) ",
                t.span.label(),
                t.span.unit(),
                t.severity_label(),
                m.trend.target
            ),
            theme.title,
        ));
    let mut inner = block.inner(area);
    f.render_widget(block, area);
    if let Some(e) = &t.error {
        // A failed read says so above what was read before.
        let line = Line::styled(
            format!(" cannot read the trends: {}", inert(e)),
            theme.error,
        );
        f.render_widget(Paragraph::new(line), inner);
        inner = shrink_top(inner, 1);
    }
    let Some(tr) = &t.loaded else {
        if t.error.is_none() {
            f.render_widget(Paragraph::new(Line::styled(" Loading…", theme.dim)), inner);
        }
        return;
    };
    if tr.sla.is_empty() && tr.quotas.is_empty() {
        let text = vec![
            Line::raw(""),
            Line::raw(format!(
                " Nothing was reported or answered in the {}, and no quota was used \
                 in the last 12 months: there is no trend to draw yet.",
                t.span.label()
            )),
        ];
        f.render_widget(
            Paragraph::new(text).wrap(ratatui::widgets::Wrap { trim: false }),
            inner,
        );
        return;
    }
    sections(f, inner, t, tr, m, theme);
}

/// Lays the sections from the scrolled-to one down while they fit, and
/// says what is below.
fn sections(f: &mut Frame, area: Rect, t: &TrendsState, tr: &Trends, m: &Model, theme: &Theme) {
    let quota_rows = QUOTA_CHROME + (tr.quotas.len().max(1) as u16) * 2;
    let heights = [ATTAINMENT_ROWS, BREACH_ROWS, FLOW_ROWS, quota_rows];
    let names = [
        "attainment",
        "breaches",
        "opened vs answered, medians",
        "quota use",
    ];
    let first = usize::from(t.scroll.min(SECTIONS - 1));
    let mut room = area;
    for (i, height) in heights.iter().enumerate().skip(first) {
        let rest = heights.len() - i - 1;
        // A row kept for "more below" unless this is the last section.
        let keep = u16::from(rest > 0);
        // A section gives up rows to the room left, down to a readable
        // least; the first shown always takes what there is.
        let h = (*height).min(room.height.saturating_sub(keep));
        if i > first && h < (*height).min(MIN_SECTION_ROWS) {
            let more: Vec<&str> = names[i..].to_vec();
            let line = Line::styled(format!(" ↓ more below (j): {}", more.join(", ")), theme.dim);
            f.render_widget(Paragraph::new(line), room);
            return;
        }
        let (here, below) = split(room, h);
        match i {
            0 => charts::attainment(f, here, t, tr, m, theme),
            1 => charts::breaches(f, here, t, tr, theme),
            2 => charts::flow(f, here, t, tr, theme),
            _ => quotas::quotas(f, here, tr, theme),
        }
        room = below;
    }
}
