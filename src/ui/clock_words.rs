//! Each recorded clock (`ClockCells`) worded for the model's time, with
//! the functions the views draw it with: what a patched cell says is what
//! a whole frame would.

use ratatui::style::Style;

use super::clock_cells::Clock;
use super::theme::Theme;
use crate::app::Model;
use crate::app::board::clocks;

/// The text and look a clock shows at the model's time; `None` where the
/// clock no longer applies (its row is gone), which draws the frame whole.
pub fn word(clock: Clock, m: &Model, theme: &Theme) -> Option<(String, Style)> {
    let rows = &m.board.page.rows;
    match clock {
        Clock::Header => Some((clocks::header_clock(m), theme.dim)),
        Clock::Row(i) => rows.get(i).map(|r| {
            let shown = super::board::clock_cell(r, m, theme);
            (shown.content.into_owned(), shown.style)
        }),
        Clock::Next(i) => rows.get(i).map(|r| {
            let shown = super::board::next_cell(r, m, theme);
            (shown.content.into_owned(), shown.style)
        }),
        Clock::UpdateDue(k, more) => {
            let i = m.updates_due.shown().nth(k)?;
            let (text, u) = super::board::countdown::right(i, m.now, more)?;
            Some((text, theme.urgency(u)))
        }
        Clock::QuotaTitle => Some((super::board::quotas::title_text(m), Style::new())),
    }
}
