//! What the history screen holds: the search box, the page shown and
//! where the cursor is in it.

use tui_input::Input;

use crate::app::msg::Effect;
use crate::domain::search::SearchText;
use crate::store::{HistoryFrom, HistoryPage, HistoryQuery};

/// Where the cursor lands when the page asked for arrives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Land {
    First,
    Last,
    /// The same row number, as far as the page goes (a re-read).
    Stay,
}

#[derive(Clone, Debug)]
pub struct HistoryState {
    pub input: Input,
    /// The search box has the keyboard.
    pub editing: bool,
    /// The words the list shows matches of.
    pub applied: SearchText,
    /// Why what is typed cannot be searched, until it can.
    pub text_error: Option<String>,
    pub page: HistoryPage,
    /// What `page` was read from: a re-read asks for the same.
    pub from: HistoryFrom,
    pub cursor: usize,
    /// Rows a page holds: what fits on the screen.
    pub limit: usize,
    pub loaded: bool,
    /// The last read failed, and why: said over what is shown.
    pub error: Option<String>,
    /// Numbers each read; only the answer to the latest counts.
    pub seq: u64,
    /// The read under way: from where, and where the cursor lands.
    pub pending: Option<(HistoryFrom, Land)>,
}

impl HistoryState {
    pub fn new(limit: usize) -> HistoryState {
        HistoryState {
            input: Input::default(),
            editing: true,
            applied: SearchText::default(),
            text_error: None,
            page: HistoryPage::default(),
            from: HistoryFrom::Newest,
            cursor: 0,
            limit: limit.max(1),
            loaded: false,
            error: None,
            seq: 0,
            pending: None,
        }
    }

    /// Asks for the page from `from` with the applied words.
    pub fn read(&mut self, from: HistoryFrom, land: Land) -> Effect {
        self.seq += 1;
        self.pending = Some((from, land));
        Effect::LoadHistory {
            seq: self.seq,
            query: HistoryQuery {
                text: self.applied.clone(),
                from,
                limit: self.limit,
            },
        }
    }

    /// The page shown, read again (the store changed, or the screen is
    /// back from a detail).
    pub fn reread(&mut self) -> Effect {
        self.read(self.from, Land::Stay)
    }

    pub fn selected(&self) -> Option<&crate::store::HistoryRow> {
        self.page.rows.get(self.cursor)
    }
}
