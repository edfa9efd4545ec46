//! Frames on the terminal: drawn whole through ratatui, or, on a tick that
//! moved only the clock, just the clocks rewritten over the last frame and
//! the cells that changed written straight to the terminal (no layout, no
//! diff of the whole screen: an idle board's second costs a few dozen
//! cells instead of a table).
//!
//! ratatui's own copy of the screen does not see those writes, and its
//! next diff would skip a cell the whole frame draws as ratatui last drew
//! it while the terminal shows a later clock there. So the cells of the
//! last whole frame under every clock written since are kept and put back
//! first: the screen is then what ratatui believes it is, and its diff is
//! exact.

use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect};

use crate::app::Model;
use crate::ui::{ClockCells, Theme};

#[derive(Default)]
pub struct Painter {
    /// The screen as it stands: the last whole frame and the clocks
    /// written over it since.
    shown: Option<Buffer>,
    clocks: ClockCells,
    /// The last whole frame's cells where clocks were written since.
    under: Vec<(Position, Cell)>,
    /// Which of the screen's cells are in `under`, by buffer index.
    kept: Vec<bool>,
}

impl Painter {
    /// Draws the model's frame whole.
    pub fn whole<B: Backend>(
        &mut self,
        t: &mut Terminal<B>,
        m: &Model,
        theme: &Theme,
    ) -> Result<(), B::Error> {
        let under = std::mem::take(&mut self.under);
        let same_area = self.shown.as_ref().map(|b| b.area) == Some(area_of(m));
        if same_area && !under.is_empty() {
            t.backend_mut()
                .draw(under.iter().map(|(p, c)| (p.x, p.y, c)))?;
        }
        let mut clocks = ClockCells::incomplete();
        let done = t.draw(|f| clocks = crate::ui::draw_recording(f, m, theme))?;
        self.kept.clear();
        self.kept.resize(done.buffer.content.len(), false);
        self.shown = Some(done.buffer.clone());
        self.clocks = clocks;
        Ok(())
    }

    /// Rewrites only the clocks, for the model's time, over the last
    /// frame; false where that cannot be exact (then draw it whole).
    pub fn clocks<B: Backend>(
        &mut self,
        t: &mut Terminal<B>,
        m: &Model,
        theme: &Theme,
    ) -> Result<bool, B::Error> {
        let Some(shown) = self.shown.as_mut().filter(|b| b.area == area_of(m)) else {
            return Ok(false);
        };
        let word = |c| crate::ui::clock_words::word(c, m, theme);
        let Some(changed) = self.clocks.patch(&word, theme.ascii, shown) else {
            return Ok(false);
        };
        if changed.is_empty() {
            return Ok(true);
        }
        for (p, was) in &changed {
            let i = shown.index_of(p.x, p.y);
            if !self.kept[i] {
                self.kept[i] = true;
                self.under.push((*p, was.clone()));
            }
        }
        let backend = t.backend_mut();
        backend.draw(changed.iter().map(|(p, _)| (p.x, p.y, &shown[*p])))?;
        Backend::flush(backend)?;
        Ok(true)
    }
}

fn area_of(m: &Model) -> Rect {
    Rect::new(0, 0, m.width, m.height)
}

#[cfg(test)]
#[path = "paint_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "paint_screens_tests.rs"]
mod screens_tests;
