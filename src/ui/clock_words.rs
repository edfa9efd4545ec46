//! Each recorded clock (`ClockCells`) worded for the model's time, with
//! the functions the views draw it with: what a patched cell says is what
//! a whole frame would.

use ratatui::style::Style;

use super::clock_cells::{Clock, Shown};
use super::theme::Theme;
use crate::app::Model;
use crate::app::board::clocks;

/// What a clock shows at the model's time; `None` where the clock no
/// longer applies (its row is gone, another screen is shown), which draws
/// the frame whole.
pub fn word(clock: Clock, m: &Model, theme: &Theme) -> Option<Shown> {
    let rows = &m.board.page.rows;
    let text = |s: String, style: Style| Some(Shown::Text(s, style));
    match clock {
        Clock::Header => text(clocks::header_clock(m), theme.dim),
        Clock::Row(i) => rows
            .get(i)
            .map(|r| (&super::board::clock_cell(r, m, theme)).into()),
        Clock::Next(i) => rows
            .get(i)
            .map(|r| (&super::board::next_cell(r, m, theme)).into()),
        Clock::UpdateDue(k, more) => {
            let i = m.updates_due.shown().nth(k)?;
            let (words, u) = super::board::countdown::right(i, m.now, more)?;
            text(words, theme.urgency(u))
        }
        Clock::QuotaTitle => text(super::board::quotas::title_text(m), Style::new()),
        Clock::DetailHead { line, of } => {
            super::detail::head_line(m, theme, line.into(), of.into()).map(Shown::Line)
        }
        Clock::Card { lane, card, width } => {
            super::pipeline::card_meta(m, theme, lane.into(), card.into(), width).map(Shown::Line)
        }
        Clock::RecordNext(i) => super::notices::record_next(m, theme, i).map(|s| (&s).into()),
        Clock::DeliveryDetail(i) => {
            super::notices::ledger::delivery_detail(m, i).map(|s| Shown::Text(s, Style::new()))
        }
        Clock::DeliveryFull => super::notices::ledger::full_head(m, theme).map(Shown::Line),
        Clock::Today => text(super::customer::today(m), Style::new()),
    }
}
