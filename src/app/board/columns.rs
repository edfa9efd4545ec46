//! Where the board's table sits and how its columns are laid out: one
//! answer for the view that draws it and for the mouse that clicks on it.

use ratatui::layout::{Constraint, Layout, Rect};

use crate::app::model::{FOOTER_ROWS, HEADER_ROWS, Model, QUOTA_PANE_WIDTH};
use crate::domain::board_sort::{BoardSort, SortColumn};

/// Columns give way on narrow terminals, least needed first.
pub struct Columns {
    /// The follow-up clocks' column, where the desk sets any.
    pub next: bool,
    pub ticket: bool,
    pub assignee: bool,
    /// Room for "SEV" and, while sorted by it, its arrow.
    sev: u16,
}

/// The selection mark's column, before the first cell.
pub const MARK_WIDTH: u16 = 1;

impl Columns {
    pub fn for_width(width: u16, m: &Model) -> Columns {
        let sort = m.board.sort;
        Columns {
            sev: if sort.column == SortColumn::Severity {
                4
            } else {
                3
            },
            next: super::clocks::next_column_shown(width, m),
            ticket: width >= 80,
            assignee: width >= 100,
        }
    }

    pub fn widths(&self, width: u16) -> Vec<Constraint> {
        let customer = if width >= 140 { 22 } else { 16 };
        let mut w = vec![Constraint::Length(9)];
        if self.next {
            w.push(Constraint::Length(12));
        }
        w.extend([Constraint::Length(self.sev), Constraint::Length(customer)]);
        if self.ticket {
            w.push(Constraint::Length(14));
        }
        w.push(Constraint::Fill(1));
        w.push(Constraint::Length(12));
        if self.assignee {
            w.push(Constraint::Length(10));
        }
        w
    }

    pub fn titles(&self) -> Vec<&'static str> {
        let mut t = vec!["CLOCK"];
        if self.next {
            t.push("NEXT");
        }
        t.extend(["SEV", "CUSTOMER"]);
        if self.ticket {
            t.push("TICKET");
        }
        t.extend(["TITLE", "STATE"]);
        if self.assignee {
            t.push("ASSIGNEE");
        }
        t
    }

    /// The titles as drawn: the sorted column's with its arrow (none for
    /// the default order, which is the board's own).
    pub fn titles_sorted(&self, sort: BoardSort) -> Vec<String> {
        self.titles()
            .into_iter()
            .map(|t| match SortColumn::for_title(t) {
                Some(c) if c == sort.column && !sort.is_default() => format!("{t}{}", sort.arrow()),
                _ => t.to_string(),
            })
            .collect()
    }

    /// Each column's start (from the table's left edge) and width, as the
    /// table lays them out after the selection mark.
    pub fn laid(&self, width: u16) -> Vec<(u16, u16)> {
        Layout::horizontal(self.widths(width))
            .spacing(1)
            .split(Rect::new(
                MARK_WIDTH,
                0,
                width.saturating_sub(MARK_WIDTH),
                1,
            ))
            .iter()
            .map(|r| (r.x, r.width))
            .collect()
    }

    /// The column title at `x` (from the table's left edge), if any.
    pub fn title_at(&self, width: u16, x: u16) -> Option<&'static str> {
        let titles = self.titles();
        self.laid(width)
            .into_iter()
            .position(|(start, w)| x >= start && x < start + w)
            .and_then(|i| titles.get(i).copied())
    }
}

/// The board table's place on screen: its column titles' line is the
/// first row.
pub fn table_area(m: &Model) -> Rect {
    let width = if m.side_by_side() {
        m.width.saturating_sub(QUOTA_PANE_WIDTH)
    } else {
        m.width
    };
    let above = HEADER_ROWS + m.countdown_rows() + m.banner_rows();
    Rect::new(
        0,
        above,
        width,
        m.height.saturating_sub(above + FOOTER_ROWS),
    )
}
