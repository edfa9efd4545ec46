//! A click on the board: on a column title it sorts by that column (again:
//! reversed); on a row it selects it, and on the selected row opens it;
//! beside the board, on the quota pane, it gives that pane the keyboard.

use super::columns::{Columns, table_area};
use super::load::clamp_scroll;
use super::state::BoardFocus;
use crate::app::keymap::Action;
use crate::app::model::{Model, Screen};
use crate::app::msg::Effect;
use crate::domain::board_sort::SortColumn;

pub(crate) fn click(m: &mut Model, x: u16, y: u16) -> Vec<Effect> {
    if !matches!(m.screen, Screen::Board) || m.overlay.is_some() {
        return Vec::new();
    }
    let table = table_area(m);
    if m.side_by_side() {
        let on_quotas = x >= table.width;
        m.focus = if on_quotas {
            BoardFocus::Quotas
        } else {
            BoardFocus::Board
        };
        if on_quotas {
            return Vec::new();
        }
    } else if m.focus == BoardFocus::Quotas {
        return Vec::new();
    }
    if y < table.y || y >= table.y + table.height {
        return Vec::new();
    }
    if y == table.y {
        let cols = Columns::for_width(table.width, m);
        return match cols
            .title_at(table.width, x)
            .and_then(SortColumn::for_title)
        {
            Some(column) => super::sort::by_column(m, column),
            None => Vec::new(),
        };
    }
    let b = &m.board;
    let position = b.scroll_top + usize::from(y - table.y - 1);
    let Some(index) = position
        .checked_sub(b.page.first_position)
        .filter(|i| *i < b.page.rows.len())
    else {
        return Vec::new();
    };
    if index == b.selected {
        return super::update::on_board_action(m, Action::Open);
    }
    m.board.selected = index;
    clamp_scroll(m);
    Vec::new()
}

#[cfg(test)]
mod tests {
    use crate::app::model::Screen;
    use crate::app::msg::Msg;
    use crate::app::test_harness::Harness;
    use crate::domain::board_sort::SortColumn;
    use crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};

    fn at(kind: MouseEventKind, column: u16, row: u16) -> Msg {
        Msg::Mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        })
    }

    fn click(h: &mut Harness, x: u16, y: u16) {
        let fx = h.send(at(MouseEventKind::Down(MouseButton::Left), x, y));
        h.run(fx);
    }

    /// The harness's screen is 80x14: header 2 rows, the column titles on
    /// row 2, the first escalation on row 3.
    #[test]
    fn a_click_selects_a_row_and_a_second_one_opens_it() {
        let mut h = Harness::new(6);
        let third = h.m.board.page.rows[2].ticket_no.clone();
        click(&mut h, 40, 5);
        assert_eq!(h.selected(), third);
        assert!(matches!(h.m.screen, Screen::Board));
        click(&mut h, 40, 5);
        assert!(matches!(h.m.screen, Screen::Detail(_)), "opened");
        // Below the last row nothing happens.
        let mut h = Harness::new(2);
        click(&mut h, 40, 20);
        assert_eq!(h.m.board.selected, 0);
    }

    #[test]
    fn a_click_on_a_column_title_sorts_and_again_reverses() {
        let mut h = Harness::new(4);
        // SEV starts after the mark and CLOCK (1 + 9 + 1).
        click(&mut h, 12, 2);
        assert_eq!(h.m.board.sort.column, SortColumn::Severity);
        assert!(!h.m.board.sort.descending);
        click(&mut h, 12, 2);
        assert!(h.m.board.sort.descending);
        click(&mut h, 3, 2);
        assert_eq!(h.m.board.sort.column, SortColumn::Urgency);
    }

    #[test]
    fn the_wheel_moves_the_selection_three_rows() {
        let mut h = Harness::new(8);
        let fx = h.send(at(MouseEventKind::ScrollDown, 40, 10));
        h.run(fx);
        assert_eq!(h.m.board.selected, 3);
        let fx = h.send(at(MouseEventKind::ScrollUp, 40, 10));
        h.run(fx);
        assert_eq!(h.m.board.selected, 0);
    }
}
