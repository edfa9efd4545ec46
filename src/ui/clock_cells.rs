//! The cells of a frame that move with the clock, recorded by the views
//! as they draw them, so that a tick which moved nothing but the clock
//! can rewrite those cells over the last frame instead of drawing it all
//! again (90 % of an idle board's cost was laying out a table that had
//! not changed). The patch words each cell with the same functions the
//! views use; where it cannot come out exactly as a full frame would (a
//! text that moves inside a shared line changed width or colour, a
//! screen whose clocks are not recorded), it declines and the caller
//! draws the frame whole.

use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

/// Which clock a cell shows, to be worded again for a later time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// The header's desk time.
    Header,
    /// The board's clock column of the loaded row at this index.
    Row(usize),
    /// The board's follow-up column of the loaded row at this index.
    Next(usize),
    /// The update countdown of the incident shown at this place above the
    /// board; `true` where the line also says that more are hidden.
    UpdateDue(usize, bool),
    /// The quota pane's title (its month and refill): drawn into a border,
    /// so a change there draws the frame whole.
    QuotaTitle,
}

/// How a clock's text sits in its rect.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Fit {
    /// Alone in a table cell, left-aligned, over the row's `base` style:
    /// any new text is laid out afresh in the cell.
    Cell { base: Style },
    /// Its own cells inside a line it shares: rewritten only while its
    /// width and look stay the same.
    Fixed,
    /// Not rewritten at all: any change draws the frame whole.
    Whole,
}

#[derive(Clone, Debug)]
struct ClockCell {
    rect: Rect,
    clock: Clock,
    fit: Fit,
    text: String,
    style: Style,
}

/// What a frame showed that moves with time, and where.
#[derive(Clone, Debug, Default)]
pub struct ClockCells {
    cells: Vec<ClockCell>,
    /// Every time-moved text of the frame is among `cells`: false on
    /// screens whose clocks are not recorded, under a dialog, and with a
    /// cursor shown (writing cells would move it); see
    /// `ui::draw_recording`.
    complete: bool,
}

impl ClockCells {
    /// Starts recording a frame whose clocks are all to be recorded.
    pub fn recording() -> ClockCells {
        ClockCells {
            cells: Vec::new(),
            complete: true,
        }
    }

    /// Not every clock of this frame is recorded: it cannot be patched.
    pub fn incomplete() -> ClockCells {
        ClockCells::default()
    }

    /// Something time-moved is drawn where it was not recorded.
    pub fn give_up(&mut self) {
        self.complete = false;
    }

    pub fn is_complete(&self) -> bool {
        self.complete
    }

    /// A clock alone in a table cell over the row's `base` style, as the
    /// cell shows it.
    pub fn cell(&mut self, rect: Rect, clock: Clock, base: Style, shown: &Span) {
        self.push(rect, clock, Fit::Cell { base }, shown);
    }

    /// A clock drawn as its own cells inside a shared line, at `rect`
    /// (as wide as its text).
    pub fn fixed(&mut self, rect: Rect, clock: Clock, shown: &Span) {
        self.push(rect, clock, Fit::Fixed, shown);
    }

    /// A time-moved text that is never rewritten in place.
    pub fn whole(&mut self, clock: Clock, shown: &Span) {
        self.push(Rect::ZERO, clock, Fit::Whole, shown);
    }

    fn push(&mut self, rect: Rect, clock: Clock, fit: Fit, shown: &Span) {
        self.cells.push(ClockCell {
            rect,
            clock,
            fit,
            text: shown.content.to_string(),
            style: shown.style,
        });
    }

    /// Rewrites the clocks in `buf` (the last frame) as `word` words them
    /// now (`ui::clock_words`, as the views do), as a full frame would
    /// draw them; returns where cells changed, each with the cell it
    /// replaced, or `None` where that cannot be exact and the frame must
    /// be drawn whole (`buf` may then be part-patched: it is to be
    /// replaced). `ascii`: the theme's stand-ins for glyphs.
    pub fn patch(
        &mut self,
        word: &dyn Fn(Clock) -> Option<(String, Style)>,
        ascii: bool,
        buf: &mut Buffer,
    ) -> Option<Vec<(Position, Cell)>> {
        if !self.complete {
            return None;
        }
        let mut changed = Vec::new();
        for c in &mut self.cells {
            let (text, style) = word(c.clock)?;
            if text == c.text && style == c.style {
                continue;
            }
            if !buf.area.contains(c.rect.as_position()) || c.rect.right() > buf.area.right() {
                return None;
            }
            let before: Vec<Cell> = cells_of(buf, c.rect).cloned().collect();
            match c.fit {
                Fit::Whole => return None,
                Fit::Fixed => {
                    let same_shape = text.width() == c.text.width() && style == c.style;
                    if !same_shape || !narrow(&text) || !narrow(&c.text) {
                        return None;
                    }
                    for (x, g) in (c.rect.x..).zip(text.chars()) {
                        buf[(x, c.rect.y)].set_char(g);
                    }
                }
                Fit::Cell { base } => {
                    if !narrow(&text) {
                        return None;
                    }
                    // As the table lays a row: the row's style over a
                    // blank, then the cell's text over that, a character
                    // a cell (each is one wide), cut at the cell's edge.
                    let mut blank = Cell::EMPTY;
                    blank.set_style(base);
                    let mut chars = text.chars();
                    for x in c.rect.x..c.rect.right() {
                        let cell = &mut buf[(x, c.rect.y)];
                        *cell = blank.clone();
                        if let Some(ch) = chars.next() {
                            cell.set_char(ch).set_style(style);
                        }
                    }
                }
            }
            if ascii {
                for x in c.rect.x..c.rect.right() {
                    super::glyphs::cell_to_ascii(&mut buf[(x, c.rect.y)]);
                }
            }
            for (x, was) in (c.rect.x..).zip(before) {
                if buf[(x, c.rect.y)] != was {
                    changed.push((Position::new(x, c.rect.y), was));
                }
            }
            c.text = text;
            c.style = style;
        }
        Some(changed)
    }
}

fn cells_of(buf: &Buffer, rect: Rect) -> impl Iterator<Item = &Cell> {
    (rect.x..rect.right()).map(move |x| &buf[(x, rect.y)])
}

/// One cell a character: a wide one would leave its neighbour to the
/// terminal, which cell-by-cell writes do not reproduce.
fn narrow(text: &str) -> bool {
    text.chars()
        .all(|c| unicode_width::UnicodeWidthChar::width(c) == Some(1))
}
