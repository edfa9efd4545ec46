//! `update`: one message in, the model changed, effects out. This only
//! routes: each message and key goes to the screen it is for, in that
//! screen's folder.

use crossterm::event::{KeyEvent, KeyEventKind};

use super::board::load::{clamp_scroll, load, load_updates_due, refresh};
use super::board::state::BoardFocus;
use super::board::{quota_load, quotas, triage, update as board};
use super::composer::{keys as composer_keys, open as composer, replies, send as composer_send};
use super::customer::update as customer;
use super::detail::update as detail;
use super::dialog::Overlay;
use super::history::update as history;
use super::intake::update as intake;
use super::keymap::{self, Action, HELP};
use super::model::{FOOTER_ROWS, HEADER_ROWS, Model, Screen, Status};
use super::msg::{Effect, Msg};
use super::notices::update as notices;
use super::pipeline::{requirement, steps, update as pipeline};
use super::trends::update as trends;
use crate::store::Anchor;

/// What the dashboard asks for when it starts.
pub fn initial_effects(m: &mut Model) -> Vec<Effect> {
    let mut fx = vec![
        load(m, Anchor::Top),
        quota_load::load(m),
        load_updates_due(),
        // A mark passed while the dashboard was closed rings now.
        Effect::CheckAlarms,
    ];
    fx.extend(trends::fortnight(m));
    fx
}

pub fn update(m: &mut Model, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Key(key) if key.kind == KeyEventKind::Press => {
            m.dirty = true;
            let fx = on_key(m, key);
            super::alarms::seen(m);
            fx
        }
        Msg::Key(_) => Vec::new(),
        Msg::Mouse(ev) => {
            m.dirty = true;
            on_mouse(m, ev)
        }
        Msg::Paste(text) => {
            m.dirty = true;
            super::paste::on_paste(m, &text)
        }
        Msg::CustomersFound { seq, result } => intake::customers_found(m, seq, result),
        Msg::IntakePreviewed { seq, result } => {
            intake::previewed(m, seq, result);
            Vec::new()
        }
        Msg::EscalationAdded(result) => intake::added(m, result.map(|e| *e)),
        Msg::UpdatePreviewed { seq, result } => {
            triage::update_previewed(m, seq, result);
            Vec::new()
        }
        Msg::Resize { width, height } => {
            m.width = width;
            m.height = height;
            m.dirty = true;
            clamp_scroll(m);
            // A taller screen may show rows beyond the loaded window.
            let mut fx = vec![refresh(m)];
            if m.trend.fortnight.is_none() {
                fx.extend(trends::fortnight(m));
            }
            if matches!(m.screen, Screen::Pipeline) {
                pipeline::fit(m);
                fx.push(pipeline::load(m));
            }
            fx
        }
        Msg::Tick(now) => tick(m, now),
        Msg::BoardLoaded {
            seq,
            result: Ok(page),
        } => {
            super::board::load::apply_page(m, seq, page);
            Vec::new()
        }
        Msg::BoardLoaded { result: Err(e), .. } => {
            super::board::load::read_failed(m, e);
            Vec::new()
        }
        Msg::DetailLoaded { id, result } => {
            detail::loaded(m, id, result);
            Vec::new()
        }
        Msg::Triaged { id, result } => {
            m.dirty = true;
            triage::settled(m, id, result.is_ok());
            crate::app::board::unsent::answered(m, id, result.as_ref().err());
            m.status = Some(match result {
                Ok(summary) => Status::info(summary),
                Err(e) => Status::error(e),
            });
            reload_all(m)
        }
        Msg::RequirementStepped { result, .. } => {
            m.dirty = true;
            m.status = Some(match result {
                Ok(summary) => Status::info(summary),
                Err(e) => Status::error(e),
            });
            reload_all(m)
        }
        Msg::BulkTriaged {
            verb,
            done,
            refused,
        } => {
            crate::app::board::marks::triaged(m, &verb, done, refused);
            reload_all(m)
        }
        Msg::GotoFound { text, result } => match result {
            Ok(Some(id)) => detail::open(m, id),
            Ok(None) => {
                m.status = Some(Status::error(format!(
                    "no escalation '{}': give its ticket number or #id",
                    crate::text::inert(&text)
                )));
                Vec::new()
            }
            Err(e) => {
                m.status = Some(Status::error(format!("cannot look it up: {e}")));
                Vec::new()
            }
        },
        Msg::MarkedAll(result) => {
            crate::app::board::marks::marked_all(m, result);
            Vec::new()
        }
        Msg::StoreChanged => reload_all(m),
        Msg::OutboxNews { text, error } => {
            m.dirty = true;
            // Told as it is: it may quote a store error holding a path.
            let text = crate::text::inert(&text);
            m.status = Some(if error {
                Status::error(text)
            } else {
                Status::info(text)
            });
            Vec::new()
        }
        Msg::QuotasLoaded { query, result } => quota_load::loaded(m, query, result),
        Msg::CustomerLoaded { name, result } => {
            customer::loaded(m, name, result);
            Vec::new()
        }
        Msg::PipelineLoaded { seq, result } => pipeline::loaded(m, seq, result),
        Msg::RequirementLoaded { id, result } => {
            requirement::requirement_loaded(m, id, result);
            Vec::new()
        }
        Msg::NoticesLoaded(result) => {
            notices::loaded(m, result);
            Vec::new()
        }
        Msg::UpdatesDueLoaded(result) => {
            super::board::load::updates_due_loaded(m, result);
            Vec::new()
        }
        Msg::LedgerLoaded { id, result } => {
            notices::ledger_loaded(m, id, result);
            Vec::new()
        }
        Msg::RecordAdvanced(result) => {
            notices::record_advanced(m, result);
            reload_all(m)
        }
        Msg::Resent { id, result } => {
            notices::resent(m, id, result);
            reload_all(m)
        }
        Msg::AudienceLoaded { seq, result } => replies::audience_loaded(m, seq, result),
        Msg::AudienceMemberLoaded { name, result } => replies::member_loaded(m, name, result),
        Msg::PreviewRendered { seq, result } => {
            replies::preview_rendered(m, seq, result);
            Vec::new()
        }
        Msg::DraftSaved { key, result } => {
            replies::draft_saved(m, key, result);
            Vec::new()
        }
        Msg::NoticeQueued(result) => replies::queued(m, result),
        Msg::EngineersLoaded(result) => {
            triage::engineers_loaded(m, result);
            Vec::new()
        }
        Msg::ExpertChecked { target, result } => {
            triage::expert_checked(m, target, result);
            Vec::new()
        }
        Msg::AlarmsChecked(result) => super::alarms::checked(m, result),
        Msg::HandoverLoaded(result) => {
            super::handover::update::loaded(m, result);
            Vec::new()
        }
        Msg::TrendsLoaded { span, result } => {
            trends::loaded(m, span, result);
            Vec::new()
        }
        Msg::FortnightLoaded(result) => {
            trends::fortnight_loaded(m, result);
            Vec::new()
        }
        Msg::HistoryLoaded { seq, result } => history::loaded(m, seq, result),
    }
}

/// The clock moved on: countdowns redraw; what falls due is read again.
fn tick(m: &mut Model, now: chrono::DateTime<chrono::Utc>) -> Vec<Effect> {
    m.now = now;
    // Drawn only when a text that moves with time turned over; the
    // clock alone changes nothing else (`Model::clock_moved`).
    if super::frame::tick_needs_frame(m) {
        m.clock_moved = true;
    }
    // Marks are reached by the clock alone: looked at on the second the
    // last check said the next one falls (a store change looks at once).
    // The store thread looks for other writers itself, more often.
    let mut fx = Vec::new();
    if m.alarms.check_at.is_none_or(|t| t <= now) {
        fx.push(Effect::CheckAlarms);
    }
    let count_changed = m.board.page.counts.next_change.is_some_and(|t| t <= now);
    if count_changed || m.board.error.is_some() {
        fx.push(refresh(m));
        // A deadline passed: a breach for the header's fortnight too.
        fx.extend(trends::fortnight(m));
    }
    // The desk's month turned: every quota refills.
    let q = &m.quotas;
    if q.refill_at.is_some_and(|t| t <= now) || q.error.is_some() {
        m.quotas.refill_at = None;
        fx.push(quota_load::load(m));
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
    // A history read that failed is tried again every second.
    if let Screen::History(h) = &mut m.screen
        && h.error.is_some()
        && h.pending.is_none()
    {
        fx.push(h.reread());
    }
    fx
}

/// The board (where the selection is), the quotas, and what else is on
/// screen: the open detail, customer, pipeline or requirement.
fn reload_all(m: &mut Model) -> Vec<Effect> {
    let mut fx = vec![
        refresh(m),
        quota_load::load(m),
        load_updates_due(),
        // A change can bring a mark nearer (a new S1, a re-grade).
        Effect::CheckAlarms,
    ];
    fx.extend(trends::fortnight(m));
    if let Screen::History(h) = &mut m.screen {
        fx.push(h.reread());
    }
    match &m.screen {
        Screen::Detail(d) => fx.push(Effect::LoadDetail(d.id)),
        Screen::Customer(c) => fx.push(Effect::LoadCustomer(c.name.clone())),
        Screen::Handover(_) => fx.push(super::handover::update::load(m)),
        Screen::Trends(_) => fx.push(trends::load(m)),
        Screen::Requirement(r) => fx.push(Effect::LoadRequirement(r.id)),
        Screen::Pipeline => fx.push(pipeline::load(m)),
        Screen::Notices => fx.push(Effect::LoadNotices),
        // A dispatcher's progress shows as it happens.
        Screen::Ledger(l) => fx.push(Effect::LoadLedger(l.id)),
        // The form keeps what the engineer typed; the send checks the
        // record has not moved.
        Screen::Composer(_) | Screen::Intake(_) | Screen::Board | Screen::History(_) => {}
    }
    fx
}

/// Rows the wheel moves by, as most terminals' programs do.
const WHEEL_ROWS: usize = 3;

/// The wheel moves as the arrow keys do wherever a list or a text has the
/// keyboard's Up and Down, not in a form, where they move between fields;
/// a click acts on the board.
fn on_mouse(m: &mut Model, ev: crossterm::event::MouseEvent) -> Vec<Effect> {
    use crossterm::event::{KeyCode, KeyModifiers, MouseButton, MouseEventKind};
    let code = match ev.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            return crate::app::board::mouse::click(m, ev.column, ev.row);
        }
        MouseEventKind::ScrollDown => KeyCode::Down,
        MouseEventKind::ScrollUp => KeyCode::Up,
        _ => return Vec::new(),
    };
    let typing = m.filter.editing
        || m.command.editing
        || matches!(m.screen, Screen::Composer(_) | Screen::Intake(_))
        || !matches!(m.overlay, None | Some(Overlay::Help { .. }));
    if typing {
        return Vec::new();
    }
    (0..WHEEL_ROWS)
        .flat_map(|_| on_key(m, KeyEvent::new(code, KeyModifiers::NONE)))
        .collect()
}

fn on_key(m: &mut Model, key: KeyEvent) -> Vec<Effect> {
    if keymap::is_interrupt(&key) {
        m.quit = true;
        return vec![Effect::Quit];
    }
    if keymap::is_suspend(&key) {
        return vec![Effect::Suspend];
    }
    if let Some(Overlay::Message { text, error }) = &m.overlay {
        // Read and closed: the line beneath says it again.
        m.status = Some(Status {
            text: text.clone(),
            error: *error,
        });
        m.overlay = None;
        return Vec::new();
    }
    // `!` reads the line before a key clears it.
    let whole = m.overlay.is_none() && !m.filter.editing && !m.command.editing;
    if whole && m.keys.action_for(&key, m.scope()) == Some(Action::FullStatus) {
        super::status_line::show_whole(m);
        return Vec::new();
    }
    m.status = None;
    m.alarms.line = None;
    if let Some(overlay) = m.overlay.take() {
        return on_overlay_key(m, overlay, key);
    }
    if m.filter.editing {
        return board::on_filter_key(m, key);
    }
    if matches!(m.screen, Screen::Composer(_)) {
        return composer_keys::on_key(m, key);
    }
    if matches!(m.screen, Screen::Intake(_)) {
        return intake::on_key(m, key);
    }
    if matches!(&m.screen, Screen::History(h) if h.editing) && !m.command.editing {
        return history::on_input_key(m, key);
    }
    if m.command.editing {
        let mut fx = match super::command::on_key(m, key) {
            super::command::Outcome::Effects(fx) => fx,
            super::command::Outcome::Act(action) => on_action(m, action),
            super::command::Outcome::Then(mut fx, action) => {
                fx.extend(on_action(m, action));
                fx
            }
        };
        if std::mem::take(&mut m.command.unsaved) {
            fx.push(Effect::SaveCommands(m.command.history.clone()));
        }
        return fx;
    }
    let Some(action) = m.keys.action_for(&key, m.scope()) else {
        super::status_line::say_no_key(m, &key);
        return Vec::new();
    };
    // A key of the screen's table that does nothing on this view (help
    // does not list it) says so; the quota pane says why itself.
    let view = m.view();
    if !super::keys::acts::acts(view, action)
        && (view != keymap::AT_QUOTAS || action == Action::History)
    {
        super::status_line::say_no_key(m, &key);
        return Vec::new();
    }
    on_action(m, action)
}

/// What an action does on the screen shown, as its key would: the
/// command line's named actions come here too.
pub(crate) fn on_action(m: &mut Model, action: Action) -> Vec<Effect> {
    if action == Action::Command {
        super::command::open(m);
        return Vec::new();
    }
    // `:history` opens it from any screen; its key is the board's.
    if action == Action::History && !matches!(m.screen, Screen::History(_)) {
        return history::open(m);
    }
    if m.read_only && action.writes() {
        let (key, what) = (
            m.keys.label(m.scope(), action),
            m.keys.help(m.scope(), action),
        );
        m.status = Some(Status::error(format!(
            "read-only: {key} ({what}) not done; the store is open read-only"
        )));
        return Vec::new();
    }
    match m.screen {
        Screen::Detail(_) => detail::on_detail_action(m, action),
        Screen::Customer(_) => customer::on_customer_action(m, action),
        Screen::Handover(_) => super::handover::update::on_action(m, action),
        Screen::Trends(_) => trends::on_action(m, action),
        Screen::Pipeline => pipeline::on_action(m, action),
        Screen::Requirement(_) => requirement::on_requirement_action(m, action),
        Screen::Notices => notices::on_action(m, action),
        Screen::Ledger(_) => notices::on_ledger_action(m, action),
        Screen::History(_) => history::on_action(m, action),
        Screen::Composer(_) | Screen::Intake(_) => Vec::new(),
        Screen::Board if m.focus == BoardFocus::Quotas => quotas::on_quota_action(m, action),
        Screen::Board => board::on_board_action(m, action),
    }
}

/// A dialog has the keyboard: each screen answers its own.
fn on_overlay_key(m: &mut Model, overlay: Overlay, key: KeyEvent) -> Vec<Effect> {
    match overlay {
        Overlay::Help { scroll } => {
            let body = m.height.saturating_sub(HEADER_ROWS + FOOTER_ROWS);
            let max = crate::ui::help::help_max_scroll(body, m);
            let scroll = match keymap::action_for(&key, HELP) {
                Some(Action::Down) => scroll.saturating_add(1).min(max),
                Some(Action::Up) => scroll.saturating_sub(1),
                Some(Action::Back) => return Vec::new(),
                _ => scroll,
            };
            m.overlay = Some(Overlay::Help { scroll });
            Vec::new()
        }
        overlay @ (Overlay::Confirm(_)
        | Overlay::PickSeverity { .. }
        | Overlay::PickReason { .. }
        | Overlay::Text(_)
        | Overlay::HandOff(_)) => triage::on_overlay_key(m, overlay, key),
        overlay @ (Overlay::ConfirmStep(_) | Overlay::Reject { .. } | Overlay::Plan(_)) => {
            steps::on_overlay_key(m, overlay, key)
        }
        overlay @ (Overlay::ConfirmAdvance { .. } | Overlay::ConfirmResend { .. }) => {
            notices::on_overlay_key(m, overlay, key)
        }
        Overlay::PickDraft(p) => composer::on_pick_draft_key(m, p, key),
        Overlay::Message { .. } => Vec::new(),
        Overlay::PickView { cursor } => crate::app::board::views::on_key(m, cursor, key),
        Overlay::PickSort { cursor } => crate::app::board::sort::on_key(m, cursor, key),
        Overlay::Bulk(step) => crate::app::board::marks::on_key(m, step, key),
        overlay @ (Overlay::ConfirmSend { .. }
        | Overlay::ConfirmDiscard
        | Overlay::AddCustomer { .. }) => composer_send::on_overlay_key(m, overlay, key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outbox_senders_news_shows_in_the_status_bar() {
        let now = chrono::Utc::now();
        let mut m = Model::new("alice", "test.db", now);
        let text = "outbox: the outbox cannot claim deliveries: store: database is locked\x1b[2J";
        let effects = update(
            &mut m,
            Msg::OutboxNews {
                text: text.into(),
                error: true,
            },
        );
        assert!(effects.is_empty());
        let status = m.status.clone().unwrap();
        assert!(status.error && m.dirty);
        assert!(status.text.contains("database is locked"), "{status:?}");
        assert!(!status.text.contains('\x1b'), "shown inert: {status:?}");
        update(
            &mut m,
            Msg::OutboxNews {
                text: "outbox: delivery #3 is recorded as sent after waiting".into(),
                error: false,
            },
        );
        assert!(!m.status.unwrap().error);
    }

    #[test]
    fn ctrl_z_suspends_from_anywhere() {
        use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
        let mut m = Model::new("alice", "test.db", chrono::Utc::now());
        let key = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
        assert_eq!(update(&mut m, Msg::Key(key)), vec![Effect::Suspend]);
        assert!(!m.quit);
    }
}
