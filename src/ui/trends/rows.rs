//! Cutting rows off the top of an area, for the sections stacked down
//! the screen.

use ratatui::layout::Rect;

pub(super) fn shrink_top(r: Rect, rows: u16) -> Rect {
    let rows = rows.min(r.height);
    Rect {
        y: r.y + rows,
        height: r.height - rows,
        ..r
    }
}

pub(super) fn split(r: Rect, h: u16) -> (Rect, Rect) {
    let h = h.min(r.height);
    (Rect { height: h, ..r }, shrink_top(r, h))
}
