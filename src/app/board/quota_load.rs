//! The quota pane's window: which rows to ask the store for, moving the
//! selection within them, and taking a read in. The window is three
//! screens, two of them above the selection (the pane shows the rows up
//! to the selection, as a table scrolled to keep it in view), so a move
//! reads again only when the screen would leave the window.

use chrono::{DateTime, Utc};

use crate::app::model::{FOOTER_ROWS, HEADER_ROWS, Model};
use crate::app::msg::Effect;
use crate::store::{QuotaFrom, QuotaKey, QuotaQuery, QuotaWindow};

/// Rows the pane shows, as the board screen lays it out (its title and
/// its table's header take two).
pub(crate) fn screen_rows(m: &Model) -> usize {
    usize::from(
        m.height
            .saturating_sub(HEADER_ROWS + FOOTER_ROWS + 2)
            .max(1),
    )
}

fn query(m: &Model, from: QuotaFrom, moved: i64) -> QuotaQuery {
    let fits = screen_rows(m);
    QuotaQuery {
        from,
        moved,
        above: 2 * fits - 1,
        rows: 3 * fits,
    }
}

/// The read that brings the pane up to date where it stands: the window
/// around the selected customer (followed if its place changed), or the
/// move still on its way.
pub(crate) fn load(m: &Model) -> Effect {
    if let Some(jump) = &m.quotas.jump {
        return Effect::LoadQuotas(jump.clone());
    }
    let from = match m.quotas.selected_row() {
        Some(r) => QuotaFrom::At(QuotaKey::of(r)),
        None => QuotaFrom::Top,
    };
    Effect::LoadQuotas(query(m, from, 0))
}

/// Whether the screen's rows for a selection at index `at` are all in the
/// window: those above it up to a screen, and it.
fn on_screen(m: &Model, at: usize) -> bool {
    let q = &m.quotas;
    at < q.rows.len() && (q.first == 0 || at + 1 >= screen_rows(m))
}

/// Moves the selection `by` rows (negative is up) within the window, or
/// asks for the window where it lands.
pub(crate) fn move_by(m: &mut Model, by: i64) -> Vec<Effect> {
    if let Some(jump) = &mut m.quotas.jump {
        jump.moved = jump.moved.saturating_add(by);
        return vec![Effect::LoadQuotas(jump.clone())];
    }
    let q = &m.quotas;
    if q.rows.is_empty() {
        return Vec::new();
    }
    let last = q.rows.len() - 1;
    let at_top = q.first == 0;
    let at_end = q.first + q.rows.len() >= q.total;
    let target = i64::try_from(q.selected)
        .unwrap_or(i64::MAX)
        .saturating_add(by);
    let local = match usize::try_from(target) {
        Err(_) if at_top => Some(0),
        Ok(t) if t > last && at_end => Some(last),
        Ok(t) if on_screen(m, t) => Some(t),
        _ => None,
    };
    if let Some(t) = local {
        m.quotas.selected = t;
        return Vec::new();
    }
    let from = QuotaFrom::At(QuotaKey::of(&q.rows[q.selected]));
    jump(m, from, by)
}

/// The first row (`Top`) or the last (`Bottom`).
pub(crate) fn move_to(m: &mut Model, end: QuotaFrom) -> Vec<Effect> {
    let q = &mut m.quotas;
    let here = match end {
        QuotaFrom::Top if q.first == 0 => Some(0),
        QuotaFrom::Bottom if q.first + q.rows.len() >= q.total => {
            Some(q.rows.len().saturating_sub(1))
        }
        _ => None,
    };
    match here {
        Some(at) if q.jump.is_none() => {
            q.selected = at;
            Vec::new()
        }
        _ => jump(m, end, 0),
    }
}

fn jump(m: &mut Model, from: QuotaFrom, moved: i64) -> Vec<Effect> {
    let read = query(m, from, moved);
    m.quotas.jump = Some(read.clone());
    vec![Effect::LoadQuotas(read)]
}

/// A window read for `asked`. A failed read keeps the rows shown and says
/// what failed over them; the tick asks again.
pub(crate) fn loaded(
    m: &mut Model,
    asked: QuotaQuery,
    result: Result<(QuotaWindow, DateTime<Utc>), String>,
) -> Vec<Effect> {
    m.dirty = true;
    let answers_jump = m.quotas.jump.as_ref() == Some(&asked);
    if answers_jump {
        m.quotas.jump = None;
    }
    let (window, refill_at) = match result {
        Ok(read) => read,
        Err(e) => {
            m.quotas.error = Some(e);
            return Vec::new();
        }
    };
    let q = &mut m.quotas;
    // A move lands where the store put it; a refresh keeps the selected
    // customer selected wherever the order moved it.
    let keep = q
        .selected_row()
        .map(|r| r.customer.id)
        .filter(|_| !answers_jump);
    q.selected = keep
        .and_then(|id| window.rows.iter().position(|r| r.customer.id == id))
        .unwrap_or(window.selected);
    q.rows = window.rows;
    q.first = window.first;
    q.total = window.total;
    q.refill_at = Some(refill_at);
    q.loaded = true;
    q.error = None;
    // The kept customer sits too near the window's top for a full screen
    // above it: read the window around it.
    if !q.rows.is_empty() && !on_screen(m, m.quotas.selected) && m.quotas.jump.is_none() {
        return vec![load(m)];
    }
    Vec::new()
}
