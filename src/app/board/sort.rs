//! The board's order (`S`, `:sort`, a click on a column title): any
//! column, ascending or reversed, the default being breached-first by
//! time left. The board shows the new order from its top.

use crossterm::event::KeyEvent;

use super::load::jump;
use crate::app::dialog::{Overlay, Picked, pick};
use crate::app::model::{Model, Status};
use crate::app::msg::Effect;
use crate::domain::board_sort::{BoardSort, SortColumn};
use crate::store::Anchor;

pub(crate) fn open(m: &mut Model) -> Vec<Effect> {
    let cursor = SortColumn::ALL
        .iter()
        .position(|c| *c == m.board.sort.column)
        .unwrap_or(0);
    m.overlay = Some(Overlay::PickSort { cursor });
    Vec::new()
}

pub(crate) fn on_key(m: &mut Model, cursor: usize, key: KeyEvent) -> Vec<Effect> {
    match pick(cursor, SortColumn::ALL.len(), &key) {
        Picked::Cancelled => Vec::new(),
        Picked::Chosen(i) => by_column(m, SortColumn::ALL[i]),
        moved => {
            m.overlay = Some(Overlay::PickSort {
                cursor: moved.cursor_or(cursor),
            });
            Vec::new()
        }
    }
}

/// The column chosen: sorted by it, or reversed if it already was.
pub(crate) fn by_column(m: &mut Model, column: SortColumn) -> Vec<Effect> {
    let sort = m.board.sort.choose(column);
    apply(m, sort)
}

/// `:sort COLUMN [asc|desc]`.
pub(crate) fn command(m: &mut Model, args: &str) -> Result<Vec<Effect>, String> {
    let sort = m.board.sort.parse_command(args)?;
    Ok(apply(m, sort))
}

pub(crate) fn apply(m: &mut Model, sort: BoardSort) -> Vec<Effect> {
    m.board.sort = sort;
    let how = if sort.descending {
        "reversed"
    } else {
        sort.column.describe()
    };
    m.status = Some(Status::info(if sort.is_default() {
        format!("sorted by the clock ({how})")
    } else {
        format!(
            "sorted by {} ({how}); S picks another column, the same one reverses",
            sort.column.word()
        )
    }));
    // To the top of the new order: kept on its escalation, the cursor
    // would show an S5 first after sorting S1 first (seen in tmux).
    jump(m, Anchor::Top)
}

#[cfg(test)]
mod tests {
    use crate::app::dialog::Overlay;
    use crate::app::test_harness::Harness;
    use crate::domain::board_sort::SortColumn;
    use crossterm::event::KeyCode;

    #[test]
    fn s_picks_a_column_and_the_same_again_reverses_it_keeping_the_cursor() {
        let mut h = Harness::new(5);
        h.keys("jj");
        let on = h.selected();
        h.keys("S");
        assert!(matches!(h.m.overlay, Some(Overlay::PickSort { cursor: 0 })));
        // 5: the title.
        h.keys("5");
        assert!(h.m.overlay.is_none());
        assert_eq!(h.m.board.sort.column, SortColumn::Title);
        assert!(!h.m.board.sort.descending);
        assert_eq!(h.m.board.selected, 0, "the new order from its top");
        assert!(h.status().contains("sorted by title"), "{}", h.status());
        let titles: Vec<String> =
            h.m.board
                .page
                .rows
                .iter()
                .map(|r| r.title.to_lowercase())
                .collect();
        let mut sorted = titles.clone();
        sorted.sort();
        assert_eq!(titles, sorted);
        h.keys("S");
        assert!(matches!(h.m.overlay, Some(Overlay::PickSort { cursor: 4 })));
        h.key(KeyCode::Enter);
        assert!(h.m.board.sort.descending);
        assert!(h.status().contains("title (reversed)"), "{}", h.status());
        assert_ne!(h.selected(), on);
        // Esc leaves the order as it is.
        h.keys("S");
        h.key(KeyCode::Esc);
        assert!(h.m.overlay.is_none() && h.m.board.sort.descending);
    }

    #[test]
    fn the_command_line_sorts_and_says_what_it_cannot() {
        let mut h = Harness::new(4);
        let run = |h: &mut Harness, line: &str| {
            h.keys(line);
            h.key(KeyCode::Enter);
        };
        run(&mut h, ":sort sev desc");
        assert_eq!(h.m.board.sort.to_string(), "sev↓");
        let sevs: Vec<u8> =
            h.m.board
                .page
                .rows
                .iter()
                .map(|r| r.severity.number())
                .collect();
        assert!(sevs.windows(2).all(|w| w[0] >= w[1]), "{sevs:?}");
        run(&mut h, ":sort zebra");
        assert!(h.status().contains("no column 'zebra'"), "{}", h.status());
        assert_eq!(h.m.board.sort.to_string(), "sev↓", "unchanged");
        run(&mut h, ":sort clock asc");
        assert!(h.m.board.sort.is_default());
    }
}
