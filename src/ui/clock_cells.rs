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
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};
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
    /// A line of the detail's head, the clock's line and those after it,
    /// while the head has this many lines.
    DetailHead { line: u8, of: u8 },
    /// The second line of a pipeline card (how long it has waited): the
    /// lane, the card's place in the lane's window, the card's width.
    Card { lane: u8, card: u8, width: u16 },
    /// The next-update or window cell of the notices screen's record at
    /// this index.
    RecordNext(usize),
    /// The detail cell of a notice's delivery at this index (its next try).
    DeliveryDetail(usize),
    /// The first line of the selected delivery in full, at the ledger's foot.
    DeliveryFull,
    /// The desk's date, which the customer view's quotas and packages are
    /// read against: a new day draws the frame whole.
    Today,
}

/// What a clock shows: a text in one style, or a line of spans.
#[derive(Clone, Debug, PartialEq)]
pub enum Shown {
    Text(String, Style),
    Line(Line<'static>),
}

impl From<&Span<'_>> for Shown {
    fn from(s: &Span<'_>) -> Shown {
        Shown::Text(s.content.to_string(), s.style)
    }
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
    /// A whole line of a paragraph over `base`, left-aligned from the
    /// rect's left edge, in the rect's rows (wrapped where `wrap`): laid
    /// out afresh while it takes as many rows. Not `shown`: scrolled out
    /// of sight, where only its rows matter (they move what is shown).
    Lines {
        base: Style,
        wrap: bool,
        shown: bool,
    },
}

#[derive(Clone, Debug)]
struct ClockCell {
    rect: Rect,
    clock: Clock,
    fit: Fit,
    shown: Shown,
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
        self.push(rect, clock, Fit::Cell { base }, shown.into());
    }

    /// A clock drawn as its own cells inside a shared line, at `rect`
    /// (as wide as its text).
    pub fn fixed(&mut self, rect: Rect, clock: Clock, shown: &Span) {
        self.push(rect, clock, Fit::Fixed, shown.into());
    }

    /// A time-moved text that is never rewritten in place.
    pub fn whole(&mut self, clock: Clock, shown: &Span) {
        self.push(Rect::ZERO, clock, Fit::Whole, shown.into());
    }

    /// A line that a paragraph over `base` lays out alone in `rect` (its
    /// rows, as wide as the paragraph), wrapped where `wrap`.
    pub fn line(&mut self, rect: Rect, clock: Clock, base: Style, wrap: bool, shown: &Line) {
        let fit = Fit::Lines {
            base,
            wrap,
            shown: true,
        };
        self.push(rect, clock, fit, Shown::Line(owned(shown)));
    }

    /// A wrapped line scrolled out of sight that takes `rows` rows at
    /// `width`: it may change while it takes as many.
    pub fn hidden_line(&mut self, width: u16, rows: u16, clock: Clock, shown: &Line) {
        let fit = Fit::Lines {
            base: Style::new(),
            wrap: true,
            shown: false,
        };
        let rect = Rect::new(0, 0, width, rows);
        self.push(rect, clock, fit, Shown::Line(owned(shown)));
    }

    fn push(&mut self, rect: Rect, clock: Clock, fit: Fit, shown: Shown) {
        self.cells.push(ClockCell {
            rect,
            clock,
            fit,
            shown,
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
        word: &dyn Fn(Clock) -> Option<Shown>,
        ascii: bool,
        buf: &mut Buffer,
    ) -> Option<Vec<(Position, Cell)>> {
        if !self.complete {
            return None;
        }
        let mut changed = Vec::new();
        for c in &mut self.cells {
            let now = word(c.clock)?;
            if now == c.shown {
                continue;
            }
            if let Fit::Lines { shown: false, .. } = c.fit {
                // Out of sight: fine while it takes the rows it took.
                let Shown::Line(line) = &now else { return None };
                if rows_of(line, c.rect.width) != usize::from(c.rect.height) {
                    return None;
                }
                c.shown = now;
                continue;
            }
            if !buf.area.contains(c.rect.as_position())
                || c.rect.right() > buf.area.right()
                || c.rect.bottom() > buf.area.bottom()
            {
                return None;
            }
            let before: Vec<Cell> = c.rect.positions().map(|p| buf[p].clone()).collect();
            rewrite(c, &now, buf)?;
            if ascii {
                for p in c.rect.positions() {
                    super::glyphs::cell_to_ascii(&mut buf[p]);
                }
            }
            for (p, was) in c.rect.positions().zip(before) {
                if buf[p] != was {
                    changed.push((p, was));
                }
            }
            c.shown = now;
        }
        Some(changed)
    }
}

/// Writes `now` into the clock's cells of `buf` as a whole frame would
/// lay it there; `None` where that would not be exact.
fn rewrite(c: &ClockCell, now: &Shown, buf: &mut Buffer) -> Option<()> {
    match (c.fit, now, &c.shown) {
        (Fit::Whole, ..) => None,
        (Fit::Fixed, Shown::Text(text, style), Shown::Text(was, was_style)) => {
            let same_shape = text.width() == was.width() && style == was_style;
            if !same_shape || !narrow(text) || !narrow(was) {
                return None;
            }
            for (x, g) in (c.rect.x..).zip(text.chars()) {
                buf[(x, c.rect.y)].set_char(g);
            }
            Some(())
        }
        (Fit::Cell { base }, Shown::Text(text, style), _) => {
            if !narrow(text) {
                return None;
            }
            // As the table lays a row: the row's style over a blank, then
            // the cell's text over that, a character a cell (each is one
            // wide), cut at the cell's edge.
            let mut blank = Cell::EMPTY;
            blank.set_style(base);
            let mut chars = text.chars();
            for x in c.rect.x..c.rect.right() {
                let cell = &mut buf[(x, c.rect.y)];
                *cell = blank.clone();
                if let Some(ch) = chars.next() {
                    cell.set_char(ch).set_style(*style);
                }
            }
            Some(())
        }
        (Fit::Lines { base, wrap, .. }, Shown::Line(line), Shown::Line(was)) => {
            // Cell by cell on the terminal: a wide character's neighbour
            // would be left to it.
            let narrow_line = |l: &Line| l.spans.iter().all(|s| narrow(&s.content));
            if !narrow_line(line) || !narrow_line(was) {
                return None;
            }
            if wrap && rows_of(line, c.rect.width) != usize::from(c.rect.height) {
                return None;
            }
            // As the paragraph drew it on a fresh frame: blank cells,
            // its style over them, the line laid from the left.
            for p in c.rect.positions() {
                buf[p] = Cell::EMPTY;
            }
            let text = Paragraph::new(line.clone()).style(base);
            let text = if wrap { text.wrap(WRAP) } else { text };
            text.render(c.rect, buf);
            Some(())
        }
        _ => None,
    }
}

const WRAP: Wrap = Wrap { trim: false };

/// Rows a line takes wrapped at `width`.
fn rows_of(line: &Line, width: u16) -> usize {
    Paragraph::new(line.clone()).wrap(WRAP).line_count(width)
}

fn owned(line: &Line) -> Line<'static> {
    let spans = line
        .spans
        .iter()
        .map(|s| Span::styled(s.content.to_string(), s.style));
    Line {
        style: line.style,
        alignment: line.alignment,
        spans: spans.collect(),
    }
}

/// One cell a character: a wide one would leave its neighbour to the
/// terminal, which cell-by-cell writes do not reproduce.
fn narrow(text: &str) -> bool {
    text.chars()
        .all(|c| unicode_width::UnicodeWidthChar::width(c) == Some(1))
}
