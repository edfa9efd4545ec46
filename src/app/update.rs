//! `update`: one message in, the model changed, effects out.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind};
use tui_input::backend::crossterm::EventHandler;

use super::keymap::{self, Action};
use super::model::{
    Confirm, CustomerState, DetailState, FOOTER_ROWS, Focus, HEADER_ROWS, Model, Overlay, Screen,
    Status,
};
use super::msg::{Effect, Msg};
use crate::domain::{OutOfScopeReason, Severity, TriageOp, check_allowed};
use crate::store::{Anchor, BoardPage, BoardQuery};

mod composer;
mod composer_answers;
mod notices;
mod pipeline;

/// What the dashboard asks for when it starts.
pub fn initial_effects(m: &mut Model) -> Vec<Effect> {
    vec![
        load(m, Anchor::Top),
        Effect::LoadQuotas,
        notices::load_updates_due(),
    ]
}

pub fn update(m: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Press => {
            m.dirty = true;
            on_key(m, key)
        }
        Msg::Key(_) => Vec::new(),
        Msg::Resize { width, height } => {
            m.width = width;
            m.height = height;
            m.dirty = true;
            clamp_scroll(m);
            // A taller screen may show rows beyond the loaded window.
            let mut fx = vec![refresh(m)];
            if matches!(m.screen, Screen::Pipeline) {
                pipeline::fit(m);
                fx.push(pipeline::load(m));
            }
            fx
        }
        Msg::Tick(now) => {
            m.now = now;
            // Countdowns move every second, so every tick redraws.
            m.dirty = true;
            let mut fx = vec![Effect::PollStore];
            let count_changed = m.board.page.counts.next_change.is_some_and(|t| t <= now);
            if count_changed || m.board.error.is_some() {
                fx.push(refresh(m));
            }
            // The desk's month turned: every quota refills.
            let q = &m.quotas;
            if q.refill_at.is_some_and(|t| t <= now) || q.error.is_some() {
                m.quotas.refill_at = None;
                fx.push(Effect::LoadQuotas);
            }
            // A requirement crossed its lane's threshold: its flag is due.
            let p = &mut m.pipeline;
            if matches!(m.screen, Screen::Pipeline)
                && (p.data.next_flag.is_some_and(|t| t <= now) || p.error.is_some())
            {
                p.data.next_flag = None;
                fx.push(pipeline::load(m));
            }
            if matches!(m.screen, Screen::Composer(_)) {
                composer::tick(m);
            }
            fx
        }
        Msg::BoardLoaded {
            seq,
            result: Ok(page),
        } => {
            apply_page(m, seq, page);
            Vec::new()
        }
        Msg::BoardLoaded { result: Err(e), .. } => {
            // Shown in the board and the footer until a read succeeds;
            // every tick tries again.
            m.dirty = true;
            m.board.error = Some(e);
            Vec::new()
        }
        Msg::DetailLoaded { id, result } => {
            if let Screen::Detail(d) = &mut m.screen
                && d.id == id
            {
                m.dirty = true;
                fill(&mut d.loaded, &mut d.error, result);
            }
            Vec::new()
        }
        Msg::Triaged { id, result } => {
            m.dirty = true;
            m.status = Some(match result {
                Ok(summary) => info(format!("#{id} {summary}")),
                Err(e) => error(e),
            });
            reload_all(m)
        }
        Msg::StoreChanged => reload_all(m),
        Msg::QuotasLoaded(Ok((rows, refill_at))) => {
            m.dirty = true;
            let q = &mut m.quotas;
            // The selection follows its customer as the order changes.
            let keep = q.selected_row().map(|r| r.customer.id);
            q.selected = keep
                .and_then(|id| rows.iter().position(|r| r.customer.id == id))
                .unwrap_or(q.selected)
                .min(rows.len().saturating_sub(1));
            q.rows = rows;
            q.refill_at = Some(refill_at);
            q.loaded = true;
            q.error = None;
            Vec::new()
        }
        Msg::QuotasLoaded(Err(e)) => {
            m.dirty = true;
            m.quotas.error = Some(e);
            Vec::new()
        }
        Msg::CustomerLoaded { name, result } => {
            if let Screen::Customer(c) = &mut m.screen
                && c.name == name
            {
                m.dirty = true;
                fill(&mut c.loaded, &mut c.error, result.map(|b| *b));
            }
            Vec::new()
        }
        Msg::PipelineLoaded { seq, result } => pipeline::loaded(m, seq, result),
        Msg::RequirementLoaded { id, result } => {
            pipeline::requirement_loaded(m, id, result);
            Vec::new()
        }
        Msg::RequirementStepped { id, result } => {
            m.dirty = true;
            m.status = Some(match result {
                Ok(summary) => info(format!("#{id} {summary}")),
                Err(e) => error(e),
            });
            reload_all(m)
        }
        Msg::NoticesLoaded(result) => {
            notices::loaded(m, result);
            Vec::new()
        }
        Msg::UpdatesDueLoaded(result) => {
            m.dirty = true;
            match result {
                Ok(rows) => {
                    m.updates_due.rows = rows;
                    m.updates_due.error = None;
                }
                Err(e) => m.updates_due.error = Some(e),
            }
            // The countdown lines take room from the table.
            clamp_scroll(m);
            Vec::new()
        }
        Msg::LedgerLoaded { id, result } => {
            notices::ledger_loaded(m, id, result);
            Vec::new()
        }
        Msg::RecordAdvanced(result) => {
            m.dirty = true;
            m.status = Some(match result {
                Ok(summary) => info(summary),
                Err(e) => error(e),
            });
            reload_all(m)
        }
        Msg::Resent { id, result } => {
            m.dirty = true;
            m.status = Some(match result {
                Ok(n) => info(format!(
                    "notice #{id}: {n} deliver{} queued again",
                    if n == 1 { "y" } else { "ies" }
                )),
                Err(e) => error(e),
            });
            reload_all(m)
        }
        Msg::AudienceLoaded { seq, result } => composer_answers::audience_loaded(m, seq, result),
        Msg::AudienceMemberLoaded { name, result } => {
            composer_answers::member_loaded(m, name, result)
        }
        Msg::PreviewRendered { seq, result } => {
            composer_answers::preview_rendered(m, seq, result);
            Vec::new()
        }
        Msg::DraftSaved { key, result } => {
            composer_answers::draft_saved(m, key, result);
            Vec::new()
        }
        Msg::NoticeSent(result) => composer_answers::sent(m, result),
    }
}

/// A screen's data arrived: keep it, or say why it did not.
fn fill<T>(loaded: &mut Option<T>, error: &mut Option<String>, result: Result<T, String>) {
    match result {
        Ok(value) => {
            *loaded = Some(value);
            *error = None;
        }
        Err(e) => *error = Some(e),
    }
}

/// Where a scrolling view goes for a movement key, kept within `max`;
/// `None` for keys that are not movements.
fn scrolled(action: Action, scroll: u16, max: u16, page: u16) -> Option<u16> {
    let scroll = scroll.min(max);
    Some(match action {
        Action::Down => scroll.saturating_add(1).min(max),
        Action::Up => scroll.saturating_sub(1),
        Action::PageDown => scroll.saturating_add(page).min(max),
        Action::PageUp => scroll.saturating_sub(page),
        Action::Top => 0,
        Action::Bottom => max,
        _ => return None,
    })
}

fn info(text: String) -> Status {
    Status { text, error: false }
}

fn error(text: String) -> Status {
    Status { text, error: true }
}

/// The board (where the selection is), the quotas, and what else is on
/// screen: the open detail, customer, pipeline or requirement.
fn reload_all(m: &mut Model) -> Vec<Effect> {
    let mut fx = vec![refresh(m), Effect::LoadQuotas, notices::load_updates_due()];
    match &m.screen {
        Screen::Detail(d) => fx.push(Effect::LoadDetail(d.id)),
        Screen::Customer(c) => fx.push(Effect::LoadCustomer(c.name.clone())),
        Screen::Requirement(r) => fx.push(Effect::LoadRequirement(r.id)),
        Screen::Pipeline => fx.push(pipeline::load(m)),
        Screen::Notices => fx.push(Effect::LoadNotices),
        // A dispatcher's progress shows as it happens.
        Screen::Ledger(l) => fx.push(Effect::LoadLedger(l.id)),
        // The form keeps what the engineer typed; the send checks the
        // record has not moved.
        Screen::Composer(_) | Screen::Board => {}
    }
    fx
}

fn open_customer(m: &mut Model, name: String) -> Vec<Effect> {
    m.screen = Screen::Customer(Box::new(CustomerState {
        name: name.clone(),
        loaded: None,
        error: None,
        scroll: 0,
    }));
    vec![Effect::LoadCustomer(name)]
}

fn load(m: &mut Model, anchor: Anchor) -> Effect {
    let rows = m.board_rows();
    let seq = m.board.next_seq;
    m.board.next_seq += 1;
    Effect::LoadBoard {
        seq,
        query: BoardQuery {
            filter: m.filter.text(),
            anchor,
            before: rows,
            after: rows * 2,
            now: m.now,
        },
    }
}

/// Re-reads the board around the current selection, or where a jump on
/// its way is going.
fn refresh(m: &mut Model) -> Effect {
    let anchor = match (&m.board.jump, m.board.selected_row()) {
        (Some((_, to)), _) => to.clone(),
        (None, Some(r)) => Anchor::Ticket {
            id: r.id,
            key: r.key,
        },
        (None, None) => Anchor::Top,
    };
    load(m, anchor)
}

fn jump(m: &mut Model, anchor: Anchor) -> Vec<Effect> {
    m.board.jump = Some((m.board.next_seq, anchor.clone()));
    vec![load(m, anchor)]
}

fn apply_page(m: &mut Model, seq: u64, page: BoardPage) {
    let b = &mut m.board;
    let jumping = match b.jump {
        Some((jump_seq, _)) if seq < jump_seq => return, // stale
        Some(_) => true,
        None => false,
    };
    m.dirty = true;
    let screen_row = b.selected_position().saturating_sub(b.scroll_top);
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
    b.error = None;
    b.jump = None;
    b.scroll_top = b.selected_position().saturating_sub(screen_row);
    clamp_scroll(m);
}

/// Keeps the selection on screen and the screen within the board.
fn clamp_scroll(m: &mut Model) {
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
}

fn move_by(m: &mut Model, delta: isize) -> Vec<Effect> {
    let len = m.board.page.rows.len();
    if len == 0 {
        return Vec::new();
    }
    let to = (m.board.selected as isize + delta).clamp(0, len as isize - 1) as usize;
    m.board.selected = to;
    clamp_scroll(m);
    // Re-centre the loaded window before the selection reaches its edge,
    // so scrolling never shows a gap.
    let h = m.board_rows();
    let p = &m.board.page;
    let more_above = p.first_position > 0;
    let more_below = p.first_position + len < p.total;
    if (more_above && to < h) || (more_below && to + h >= len) {
        vec![refresh(m)]
    } else {
        Vec::new()
    }
}

fn on_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if keymap::is_interrupt(&key) {
        m.quit = true;
        return vec![Effect::Quit];
    }
    m.status = None;
    if let Some(overlay) = m.overlay.take() {
        return on_overlay_key(m, overlay, key);
    }
    if m.filter.editing {
        return on_filter_key(m, key);
    }
    if matches!(m.screen, Screen::Composer(_)) {
        return composer::on_key(m, key);
    }
    let Some(action) = keymap::action_for(&key, m.scope()) else {
        return Vec::new();
    };
    match m.screen {
        Screen::Detail(_) => on_detail_action(m, action),
        Screen::Customer(_) => on_customer_action(m, action),
        Screen::Pipeline => pipeline::on_action(m, action),
        Screen::Requirement(_) => pipeline::on_requirement_action(m, action),
        Screen::Notices => notices::on_action(m, action),
        Screen::Ledger(_) => notices::on_ledger_action(m, action),
        Screen::Composer(_) => Vec::new(),
        Screen::Board if m.focus == Focus::Quotas => on_quota_action(m, action),
        Screen::Board => on_board_action(m, action),
    }
}

fn on_quota_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let q = &mut m.quotas;
    let last = q.rows.len().saturating_sub(1);
    let page = m
        .height
        .saturating_sub(HEADER_ROWS + FOOTER_ROWS + 2)
        .max(1) as usize;
    match action {
        Action::Down => q.selected = (q.selected + 1).min(last),
        Action::Up => q.selected = q.selected.saturating_sub(1),
        Action::PageDown => q.selected = (q.selected + page).min(last),
        Action::PageUp => q.selected = q.selected.saturating_sub(page),
        Action::Top => q.selected = 0,
        Action::Bottom => q.selected = last,
        Action::Open | Action::Customer => {
            if let Some(row) = q.selected_row() {
                let name = row.customer.name.clone();
                return open_customer(m, name);
            }
        }
        Action::SwitchPane | Action::Back => m.focus = Focus::Board,
        Action::Pipeline => return pipeline::open(m),
        Action::Notices => return notices::open(m),
        Action::Help => m.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Quit => {
            m.quit = true;
            return vec![Effect::Quit];
        }
        _ => {
            m.status = Some(error(
                "the quota pane has the keyboard: Tab goes back to the escalations".into(),
            ))
        }
    }
    Vec::new()
}

fn on_customer_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = m.board_rows() as u16;
    let max = match &m.screen {
        Screen::Customer(c) => crate::ui::customer_max_scroll(c, m),
        _ => return Vec::new(),
    };
    let Screen::Customer(c) = &mut m.screen else {
        return Vec::new();
    };
    if let Some(to) = scrolled(action, c.scroll, max, page) {
        c.scroll = to;
        return Vec::new();
    }
    match action {
        Action::Back | Action::Open | Action::Quit | Action::Customer => {
            m.screen = Screen::Board;
            return vec![refresh(m), Effect::LoadQuotas];
        }
        Action::Help => m.overlay = Some(Overlay::Help { scroll: 0 }),
        _ => {}
    }
    Vec::new()
}

fn on_board_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = m.board_rows() as isize;
    match action {
        Action::Down => move_by(m, 1),
        Action::Up => move_by(m, -1),
        Action::PageDown => move_by(m, page),
        Action::PageUp => move_by(m, -page),
        Action::Top => jump(m, Anchor::Top),
        Action::Bottom => jump(m, Anchor::Bottom),
        Action::Open => match m.board.selected_row() {
            Some(r) => {
                let id = r.id;
                m.screen = Screen::Detail(Box::new(DetailState {
                    id,
                    loaded: None,
                    error: None,
                    scroll: 0,
                }));
                vec![Effect::LoadDetail(id)]
            }
            None => Vec::new(),
        },
        Action::Back => {
            if m.filter.text().is_some() {
                m.filter.input.reset();
                jump(m, Anchor::Top)
            } else {
                Vec::new()
            }
        }
        Action::Filter => {
            m.filter.editing = true;
            Vec::new()
        }
        Action::Help => {
            m.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Action::Quit => {
            m.quit = true;
            vec![Effect::Quit]
        }
        Action::SwitchPane => {
            m.focus = Focus::Quotas;
            Vec::new()
        }
        Action::Pipeline => pipeline::open(m),
        Action::Notices => notices::open(m),
        Action::Customer => match m.board.selected_row() {
            Some(r) => {
                let name = r.customer.clone();
                open_customer(m, name)
            }
            None => Vec::new(),
        },
        triage_action => on_triage_action(m, triage_action),
    }
}

fn on_detail_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let page = m.board_rows() as u16;
    // The view knows how the text wraps, so it says how far is the end.
    let max = match &m.screen {
        Screen::Detail(d) => crate::ui::detail_max_scroll(d, m),
        _ => return Vec::new(),
    };
    let Screen::Detail(d) = &mut m.screen else {
        return Vec::new();
    };
    if let Some(to) = scrolled(action, d.scroll, max, page) {
        d.scroll = to;
        return Vec::new();
    }
    match action {
        Action::Back | Action::Open | Action::Quit => {
            m.screen = Screen::Board;
            return vec![refresh(m)];
        }
        Action::Help => m.overlay = Some(Overlay::Help { scroll: 0 }),
        Action::Filter | Action::SwitchPane => {}
        Action::Customer => {
            if let Some((e, _)) = &d.loaded {
                let name = e.customer.clone();
                return open_customer(m, name);
            }
        }
        triage_action => return on_triage_action(m, triage_action),
    }
    Vec::new()
}

fn on_triage_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let Some(target) = m.target() else {
        m.status = Some(error("no escalation selected".into()));
        return Vec::new();
    };
    let op = match action {
        Action::Acknowledge => TriageOp::Acknowledge,
        Action::Start => TriageOp::Start,
        Action::AssignMe => TriageOp::Assign(m.engineer.clone()),
        Action::Resolve => TriageOp::Resolve { note: None },
        Action::Withdraw => TriageOp::Withdraw,
        Action::Severity => TriageOp::SetSeverity(target.severity),
        Action::OutOfScope => TriageOp::OutOfScope(OutOfScopeReason::BeyondService),
        Action::Escalate => TriageOp::EscalateToExperts,
        _ => return Vec::new(),
    };
    // Refuse at once what the rules refuse, rather than after a dialog.
    if let Err(e) = check_allowed(target.id, target.state, &op) {
        m.status = Some(error(e.to_string()));
        return Vec::new();
    }
    match op {
        TriageOp::SetSeverity(current) => {
            let cursor = Severity::ALL
                .iter()
                .position(|s| *s == current)
                .unwrap_or(0);
            m.overlay = Some(Overlay::PickSeverity { target, cursor });
            Vec::new()
        }
        TriageOp::OutOfScope(_) => {
            m.overlay = Some(Overlay::PickReason { target, cursor: 0 });
            Vec::new()
        }
        TriageOp::Resolve { .. } | TriageOp::Withdraw | TriageOp::EscalateToExperts => {
            let question = match op {
                TriageOp::Withdraw => format!("Withdraw #{} {}?", target.id, target.ticket_no),
                TriageOp::EscalateToExperts => format!(
                    "Escalate #{} {} to R&D experts? It uses one Direct Expert Support unit.",
                    target.id, target.ticket_no
                ),
                _ => format!("Resolve #{} {}?", target.id, target.ticket_no),
            };
            m.overlay = Some(Overlay::Confirm(Confirm {
                target,
                op,
                question,
            }));
            Vec::new()
        }
        op => vec![Effect::Triage { id: target.id, op }],
    }
}

/// Moves a list cursor with j/k or picks by number (1-based).
fn pick(cursor: usize, len: usize, key: &KeyEvent) -> (usize, Option<usize>) {
    match key.code {
        KeyCode::Char('j') | KeyCode::Down => ((cursor + 1).min(len - 1), None),
        KeyCode::Char('k') | KeyCode::Up => (cursor.saturating_sub(1), None),
        KeyCode::Enter => (cursor, Some(cursor)),
        KeyCode::Char(c) => match c.to_digit(10) {
            Some(d) if (1..=len as u32).contains(&d) => (d as usize - 1, Some(d as usize - 1)),
            _ => (cursor, None),
        },
        _ => (cursor, None),
    }
}

fn is_cancel(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Esc | KeyCode::Char('q'))
}

fn on_overlay_key(m: &mut Model, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
    match overlay {
        Overlay::Help { scroll } => {
            let body = m.height.saturating_sub(HEADER_ROWS + FOOTER_ROWS);
            let max = crate::ui::help_max_scroll(body, m);
            let scroll = match key.code {
                KeyCode::Char('j') | KeyCode::Down => scroll.saturating_add(1).min(max),
                KeyCode::Char('k') | KeyCode::Up => scroll.saturating_sub(1),
                KeyCode::Esc | KeyCode::Char('q' | '?') | KeyCode::Enter | KeyCode::F(1) => {
                    return Vec::new();
                }
                _ => scroll,
            };
            m.overlay = Some(Overlay::Help { scroll });
            Vec::new()
        }
        Overlay::Confirm(c) => match key.code {
            KeyCode::Char('y' | 'Y') => vec![Effect::Triage {
                id: c.target.id,
                op: c.op,
            }],
            KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                m.status = Some(info("cancelled".into()));
                Vec::new()
            }
            _ => {
                m.overlay = Some(Overlay::Confirm(c));
                Vec::new()
            }
        },
        Overlay::PickSeverity { target, cursor } => {
            if is_cancel(&key) {
                return Vec::new();
            }
            match pick(cursor, Severity::ALL.len(), &key) {
                (_, Some(i)) if Severity::ALL[i] == target.severity => {
                    m.status = Some(info(format!("#{} stays {}", target.id, target.severity)));
                    Vec::new()
                }
                (_, Some(i)) => vec![Effect::Triage {
                    id: target.id,
                    op: TriageOp::SetSeverity(Severity::ALL[i]),
                }],
                (cursor, None) => {
                    m.overlay = Some(Overlay::PickSeverity { target, cursor });
                    Vec::new()
                }
            }
        }
        overlay @ (Overlay::ConfirmStep(_) | Overlay::Reject { .. } | Overlay::Plan(_)) => {
            pipeline::on_overlay_key(m, overlay, key)
        }
        overlay @ (Overlay::ConfirmAdvance { .. }
        | Overlay::ConfirmResend { .. }
        | Overlay::PickDraft(_)) => notices::on_overlay_key(m, overlay, key),
        overlay @ (Overlay::ConfirmSend { .. }
        | Overlay::ConfirmDiscard
        | Overlay::AddCustomer { .. }) => composer::on_overlay_key(m, overlay, key),
        Overlay::PickReason { target, cursor } => {
            if is_cancel(&key) {
                return Vec::new();
            }
            match pick(cursor, OutOfScopeReason::ALL.len(), &key) {
                (_, Some(i)) => vec![Effect::Triage {
                    id: target.id,
                    op: TriageOp::OutOfScope(OutOfScopeReason::ALL[i]),
                }],
                (cursor, None) => {
                    m.overlay = Some(Overlay::PickReason { target, cursor });
                    Vec::new()
                }
            }
        }
    }
}

fn on_filter_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Enter => {
            m.filter.editing = false;
            Vec::new()
        }
        KeyCode::Esc => {
            m.filter.editing = false;
            m.filter.input.reset();
            jump(m, Anchor::Top)
        }
        _ => {
            let before = m.filter.input.value().to_string();
            m.filter.input.handle_event(&Event::Key(key));
            if m.filter.input.value() != before {
                jump(m, Anchor::Top)
            } else {
                Vec::new()
            }
        }
    }
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;

#[cfg(test)]
#[path = "update_notices_tests.rs"]
mod notices_tests;
