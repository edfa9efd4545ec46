//! The board's reads: a window of rows around the selection (or where a
//! jump goes), the page that answers it, and the update countdowns above
//! the table. Every screen that returns to the board reads it through here.

use crate::app::model::Model;
use crate::app::msg::Effect;
use crate::app::notices::state::COUNTDOWNS_SHOWN;
use crate::domain::incident::Incident;
use crate::store::{Anchor, BoardPage, BoardQuery};

pub(crate) fn load(m: &mut Model, anchor: Anchor) -> Effect {
    let rows = m.board_rows();
    let seq = m.board.next_seq;
    m.board.next_seq += 1;
    Effect::LoadBoard {
        seq,
        query: BoardQuery {
            filter: m.filter.applied.clone(),
            sort: m.board.sort,
            anchor,
            before: rows,
            after: rows * 2,
            now: m.now,
            newer_than: m.board.seen_max_id,
        },
    }
}

/// Re-reads the board around the current selection, or where a jump on
/// its way is going.
pub(crate) fn refresh(m: &mut Model) -> Effect {
    let anchor = match (&m.board.jump, m.board.selected_row()) {
        (Some((_, to)), _) => to.clone(),
        (None, Some(r)) => Anchor::Ticket {
            id: r.id,
            key: r.key.clone(),
        },
        (None, None) => Anchor::Top,
    };
    load(m, anchor)
}

pub(crate) fn jump(m: &mut Model, anchor: Anchor) -> Vec<Effect> {
    m.board.jump = Some((m.board.next_seq, anchor.clone()));
    vec![load(m, anchor)]
}

pub(crate) fn apply_page(m: &mut Model, seq: u64, page: BoardPage) {
    let now = m.now;
    let b = &mut m.board;
    let jumping = match b.jump {
        Some((jump_seq, _)) if seq < jump_seq => return, // stale
        Some(_) => true,
        None => false,
    };
    m.dirty = true;
    let screen_row = b.selected_position().saturating_sub(b.scroll_top);
    let at_top = b.loaded && b.scroll_top == 0;
    // The cursor follows its escalation through refreshes; an explicit
    // jump (g, G, a new filter) goes where it was sent.
    let kept = b
        .selected_row()
        .map(|r| r.id)
        .filter(|_| !jumping)
        .and_then(|id| page.rows.iter().position(|r| r.id == id));
    b.selected = kept
        .unwrap_or(page.anchor_index)
        .min(page.rows.len().saturating_sub(1));
    b.page = page;
    b.loaded = true;
    b.loaded_at = Some(now);
    b.error = None;
    b.jump = None;
    // A board whose top was on screen keeps it there, so a new escalation
    // sorting first is seen; otherwise the cursor keeps its screen row and
    // what came in above is counted until scrolled to.
    b.scroll_top = if at_top && !jumping {
        0
    } else {
        b.selected_position().saturating_sub(screen_row)
    };
    clamp_scroll(m);
    let b = &mut m.board;
    let seen = b.seen_max_id;
    if let Some(seen) = seen {
        // New ones above the window, and those in it above the screen.
        let first = b.page.first_position;
        let top = b.scroll_top;
        let in_window = b.page.rows.iter().enumerate();
        let hidden = in_window
            .filter(|(i, r)| r.id > seen && first + i < top)
            .map(|(_, r)| r.id);
        let above: Vec<i64> = b.page.new_above.iter().copied().chain(hidden).collect();
        b.new_above.extend(above);
    }
    b.seen_max_id = seen.max(b.page.max_id);
}

/// Keeps the selection on screen and the screen within the board.
pub(crate) fn clamp_scroll(m: &mut Model) {
    let h = m.board_rows();
    let b = &mut m.board;
    let sel = b.selected_position();
    let mut top = b.scroll_top.min(b.page.total.saturating_sub(h));
    if sel < top {
        top = sel;
    }
    if sel >= top + h {
        top = sel + 1 - h;
    }
    b.scroll_top = top;
    // A new row counts as seen once it is on screen (or the top is).
    let first = b.page.first_position;
    let on_page: std::collections::HashMap<i64, usize> = b
        .page
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id, first + i))
        .collect();
    b.new_above
        .retain(|id| top > 0 && on_page.get(id).is_none_or(|&p| p < top));
}

/// A board read failed: a banner over the board says what, and the
/// header's counts are the last good ones marked stale (never zeros),
/// until a read succeeds; every tick tries again.
pub(crate) fn read_failed(m: &mut Model, e: String) {
    m.dirty = true;
    if m.board.error.as_deref() != Some(e.as_str()) {
        tracing::warn!("the board cannot be read: {e}");
    }
    m.board.error = Some(e);
    // The banner takes a line from the table.
    clamp_scroll(m);
}

pub(crate) fn load_updates_due() -> Effect {
    // One more than shown, to know whether there are more.
    Effect::LoadUpdatesDue {
        limit: COUNTDOWNS_SHOWN + 1,
    }
}

/// The countdowns arrived; their lines take room from the table.
pub(crate) fn updates_due_loaded(m: &mut Model, result: Result<Vec<Incident>, String>) {
    m.dirty = true;
    match result {
        Ok(rows) => {
            m.updates_due.rows = rows;
            m.updates_due.error = None;
        }
        Err(e) => m.updates_due.error = Some(e),
    }
    clamp_scroll(m);
}
