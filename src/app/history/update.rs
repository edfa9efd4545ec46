//! The history screen's keys and its reads.

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::backend::crossterm::EventHandler;

use super::state::{HistoryState, Land};
use crate::app::board::load::refresh;
use crate::app::dialog::Overlay;
use crate::app::keymap::Action;
use crate::app::model::{FOOTER_ROWS, HEADER_ROWS, Model, Screen, Status};
use crate::app::msg::Effect;
use crate::domain::search::SearchText;
use crate::store::{HistoryFrom, HistoryPage};

/// Rows above the list: the search box and the column titles.
pub const CHROME_ROWS: u16 = 2;

/// How many rows fit on the screen, so a page is what is seen.
pub(crate) fn page_rows(m: &Model) -> usize {
    usize::from(
        m.height
            .saturating_sub(HEADER_ROWS + FOOTER_ROWS + CHROME_ROWS)
            .max(1),
    )
}

pub(crate) fn open(m: &mut Model) -> Vec<Effect> {
    let mut h = HistoryState::new(page_rows(m));
    let fx = h.read(HistoryFrom::Newest, Land::First);
    m.screen = Screen::History(Box::new(h));
    vec![fx]
}

/// The page read with request `seq`, if it is still the latest.
pub(crate) fn loaded(m: &mut Model, seq: u64, result: Result<HistoryPage, String>) -> Vec<Effect> {
    let Screen::History(h) = &mut m.screen else {
        return Vec::new();
    };
    if seq != h.seq {
        return Vec::new();
    }
    m.dirty = true;
    let Some((from, land)) = h.pending.take() else {
        return Vec::new();
    };
    let page = match result {
        Ok(page) => page,
        Err(e) => {
            h.error = Some(e);
            return Vec::new();
        }
    };
    h.error = None;
    h.loaded = true;
    let beyond = matches!(from, HistoryFrom::Older(_) | HistoryFrom::Newer(_));
    if beyond && page.rows.is_empty() {
        // Nothing past the page shown: it stays, and says it is the end.
        match from {
            HistoryFrom::Older(_) => h.page.more_older = false,
            _ => h.page.more_newer = false,
        }
        return Vec::new();
    }
    // A short page at either end is the whole end page instead, so the
    // screen stays full.
    let short = page.rows.len() < h.limit;
    match from {
        HistoryFrom::Newer(_) if short && !page.more_newer => {
            return vec![h.read(HistoryFrom::Newest, land)];
        }
        HistoryFrom::Older(_) if short && !page.more_older => {
            return vec![h.read(HistoryFrom::Oldest, land)];
        }
        _ => {}
    }
    h.from = from;
    h.page = page;
    let last = h.page.rows.len().saturating_sub(1);
    h.cursor = match land {
        Land::First => 0,
        Land::Last => last,
        Land::Stay => h.cursor.min(last),
    };
    Vec::new()
}

pub(crate) fn on_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let rows = page_rows(m);
    let Screen::History(h) = &mut m.screen else {
        return Vec::new();
    };
    let last = h.page.rows.len().saturating_sub(1);
    let first_key = h.page.rows.first().map(|r| r.key());
    let last_key = h.page.rows.last().map(|r| r.key());
    let older = |h: &mut HistoryState, land| match last_key {
        Some(k) if h.page.more_older => vec![h.read(HistoryFrom::Older(k), land)],
        _ => {
            h.cursor = last;
            Vec::new()
        }
    };
    let newer = |h: &mut HistoryState, land| match first_key {
        Some(k) if h.page.more_newer => vec![h.read(HistoryFrom::Newer(k), land)],
        _ => {
            h.cursor = 0;
            Vec::new()
        }
    };
    match action {
        Action::Down if h.cursor < last => h.cursor += 1,
        Action::Down | Action::PageDown => return older(h, Land::First),
        Action::Up if h.cursor > 0 => h.cursor -= 1,
        Action::Up => return newer(h, Land::Last),
        Action::PageUp => return newer(h, Land::First),
        Action::Top => {
            h.limit = rows;
            return vec![h.read(HistoryFrom::Newest, Land::First)];
        }
        Action::Bottom => {
            h.limit = rows;
            return vec![h.read(HistoryFrom::Oldest, Land::Last)];
        }
        Action::Filter => h.editing = true,
        Action::Open => {
            if let Some(id) = h.selected().map(|r| r.id) {
                let Screen::History(h) = std::mem::replace(&mut m.screen, Screen::Board) else {
                    unreachable!("matched above")
                };
                return crate::app::detail::update::open_from_history(m, id, h);
            }
        }
        Action::Back | Action::Quit | Action::History => {
            m.screen = Screen::Board;
            return vec![refresh(m)];
        }
        Action::Help => m.overlay = Some(Overlay::Help { scroll: 0 }),
        _ => {}
    }
    Vec::new()
}

/// The search box has the keyboard: every key is text but Enter (to the
/// list) and Esc (leave the box, keeping what it found). Each change that
/// can be searched is searched at once.
pub(crate) fn on_input_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    let rows = page_rows(m);
    let Screen::History(h) = &mut m.screen else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Enter | KeyCode::Esc | KeyCode::Down => {
            if let Some(e) = &h.text_error {
                m.status = Some(Status::error(format!("search: {}", crate::text::inert(e))));
                if key.code == KeyCode::Enter {
                    return Vec::new();
                }
            }
            h.editing = false;
            Vec::new()
        }
        _ => {
            let before = h.input.value().to_string();
            h.input.handle_event(&Event::Key(key));
            if h.input.value() == before {
                return Vec::new();
            }
            match SearchText::parse(h.input.value()) {
                Ok(text) => {
                    h.text_error = None;
                    if text == h.applied {
                        return Vec::new();
                    }
                    h.applied = text;
                    h.limit = rows;
                    vec![h.read(HistoryFrom::Newest, Land::First)]
                }
                Err(e) => {
                    h.text_error = Some(e.to_string());
                    Vec::new()
                }
            }
        }
    }
}
