//! The async shell around the pure core: terminal events, the clock and
//! store replies go in as messages; effects come out and are carried out.

mod alarm_out;
pub mod command_history;
pub mod outbox_thread;
pub mod paint;
mod restore;
mod signals;
mod store_worker;
mod terminal;
mod threads;

use std::sync::Arc;

use chrono::Utc;
use crossterm::event::{Event, EventStream};
use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::time::{Duration, Instant, MissedTickBehavior};

pub use signals::Signalled;
pub use store_worker::{Fatal, Session, StoreWorker, execute};
pub use terminal::TerminalGuard;

use crate::app::{self, Effect, Model, Msg};
use crate::clock::Clock;
use crate::desk::Desk;
use crate::notify::{Render, render_with};
use crate::store::Store;

/// Opens the dashboard on `store` and runs until the engineer quits.
pub fn run_dashboard(store: Store, desk: &Desk, engineer: &str) -> anyhow::Result<()> {
    let engineer = engineer.to_string();
    let theme = desk.config.theme(std::env::var_os("NO_COLOR").as_deref());
    let glyphs_ascii = desk
        .config
        .ui
        .glyphs
        .ascii(std::env::var("TERM").ok().as_deref());
    let label = store.path().display().to_string();
    // Templates and transports are checked before the terminal is taken,
    // so a bad template or a missing secret is reported on a plain screen.
    // The store worker renders previews and notices with the templates.
    let templates = Arc::new(desk.templates()?);
    let transports = desk.transports(templates.clone())?;
    let render = render_with(templates);
    // Either worker stopping ends the dashboard, saying why.
    let (fatal, stopped) = mpsc::unbounded_channel::<String>();
    // A read-only desk sends nothing: sending records, which writes.
    // What the outbox sender has to say, for the status bar.
    let (news, outbox_news) = mpsc::unbounded_channel::<(String, bool)>();
    let outbox = match store.path() {
        _ if store.is_read_only() => None,
        p if p == std::path::Path::new(":memory:") => None,
        _ => Some(outbox_thread::OutboxThread::spawn(
            store.open_another()?,
            desk.rules(),
            transports,
            desk.drain_settings(),
            desk.clock.clone(),
            fatal.clone(),
            news,
        )?),
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .enable_io()
        .build()?;
    let mut guard = TerminalGuard::take(desk.config.ui.mouse)?;
    let start = Start {
        store,
        engineer,
        render,
        label,
        clock: desk.clock.clone(),
        theme,
        glyphs_ascii,
        ack_keeps_place: desk.config.ui.ack_keeps_place,
        views: desk.config.views(),
        keys: desk.config.keymap(),
        trend_target: desk.config.trends.target,
        tz: desk.tz(),
        fatal,
        alarm_out: alarm_out::AlarmOut::new(
            desk.config.alarms.bell,
            &desk.config.alarms.notify,
            |k| std::env::var(k).ok(),
        ),
        outbox_news,
        outbox_wake: outbox.as_ref().map(|o| o.waker()),
    };
    tracing::info!("dashboard opened on {} as {}", start.label, start.engineer);
    let result = runtime.block_on(event_loop(&mut guard, start, stopped));
    drop(guard);
    match &result {
        Ok(None) => tracing::info!("dashboard closed"),
        Ok(Some(end)) => tracing::info!("dashboard closed: {end}"),
        Err(e) => tracing::error!("the dashboard stopped: {e:#}"),
    }
    // Ended by a signal: the process exits 128 + its number, as shells
    // expect.
    match result? {
        Some(end) => Err(end.into()),
        None => Ok(()),
    }
}

/// What the event loop starts from.
struct Start {
    store: Store,
    engineer: String,
    render: Render,
    /// Which store is open, for the header.
    label: String,
    clock: Arc<dyn Clock>,
    theme: crate::ui::theme::ThemeName,
    glyphs_ascii: bool,
    ack_keeps_place: bool,
    views: Vec<(String, String)>,
    keys: app::keys::Keymap,
    trend_target: f64,
    tz: chrono_tz::Tz,
    fatal: Fatal,
    alarm_out: alarm_out::AlarmOut,
    outbox_news: mpsc::UnboundedReceiver<(String, bool)>,
    outbox_wake: Option<Arc<tokio::sync::Notify>>,
}

async fn event_loop(
    guard: &mut TerminalGuard,
    start: Start,
    mut stopped: mpsc::UnboundedReceiver<String>,
) -> anyhow::Result<Option<Signalled>> {
    let Start {
        store,
        engineer,
        render,
        label,
        clock,
        theme,
        glyphs_ascii,
        ack_keeps_place,
        views,
        keys,
        trend_target,
        tz,
        fatal,
        alarm_out,
        mut outbox_news,
        outbox_wake,
    } = start;
    let (reply_tx, mut replies) = mpsc::channel::<Msg>(64);
    // The pane explains the store's flags with the same thresholds.
    let stale_after = store.rules().requirement_stale.clone();
    let pause_flag_after = store.rules().pause_flag_after;
    let sla = store.rules().sla.clone();
    let read_only = store.is_read_only();
    let mut env = Session::new(&engineer, clock.clone(), render);
    env.outbox = outbox_wake;
    let worker = StoreWorker::spawn(store, env, reply_tx, fatal)?;
    let mut model = Model::new(&engineer, &label, clock.now());
    model.tz = tz;
    model.ack_keeps_place = ack_keeps_place;
    model.views = views;
    model.keys = keys;
    model.stale_after = stale_after;
    model.pause_flag_after = pause_flag_after;
    model.sla = sla;
    model.read_only = read_only;
    model.trend.target = trend_target;
    let size = guard.terminal.size()?;
    model.width = size.width;
    model.height = size.height;
    let theme = crate::ui::Theme::named(theme).with_ascii(glyphs_ascii);
    let mut events = EventStream::new();
    // Tick on the wall clock's second boundaries so countdowns change
    // together with the clock in the header.
    let into_second = Duration::from_nanos(u64::from(Utc::now().timestamp_subsec_nanos()));
    let mut ticks = tokio::time::interval_at(
        Instant::now() + Duration::from_secs(1).saturating_sub(into_second),
        Duration::from_secs(1),
    );
    ticks.set_missed_tick_behavior(MissedTickBehavior::Skip);

    // Killed, hung up (an SSH session dropping), interrupted or told to
    // quit from outside: end the loop so the guard gives the terminal
    // back, as on quit; told to stop: give it back, stop, take it again.
    let mut signals = signals::Signals::listen()?;

    let mut pending = app::initial_effects(&mut model);
    // The commands of earlier sessions, for Up on the command line.
    let history = command_history::HistoryFile::in_state_dir();
    if let Some(file) = &history {
        let loaded = file.load();
        model.command.history = loaded.commands;
        if let Some(w) = loaded.warning {
            tracing::warn!("{w}");
            model.status = Some(app::model::Status::error(w));
        }
    }
    let mut shown_title = String::new();
    let mut painter = paint::Painter::default();
    let mouse = guard.mouse();
    let outcome = loop {
        let mut worker_gone = false;
        let mut suspend = false;
        for effect in pending.drain(..) {
            match effect {
                Effect::Quit => model.quit = true,
                Effect::Ring(text) => write_out(&alarm_out.ring(&text)),
                Effect::SaveCommands(lines) => {
                    if let Some(Err(e)) = history.as_ref().map(|h| h.save(&lines)) {
                        tracing::warn!("{e}");
                        model.status = Some(app::model::Status::error(e));
                        model.dirty = true;
                    }
                }
                Effect::Suspend => suspend = true,
                effect => worker_gone |= !worker.send(effect),
            }
        }
        if suspend {
            suspend_and_resume(guard)?;
            model.dirty = true;
            // Giving the terminal back gave its own title back too.
            shown_title.clear();
        }
        if worker_gone {
            break Err(anyhow::anyhow!("the store thread stopped unexpectedly"));
        }
        if model.quit {
            break Ok(None);
        }
        if model.needs_frame() {
            // Only the clock moved: its cells over the last frame, where
            // that comes out as the whole frame would.
            let clock_only = !model.dirty;
            guard.synced(|t| {
                if clock_only && painter.clocks(t, &model, &theme)? {
                    return Ok(());
                }
                painter.whole(t, &model, &theme)
            })?;
            app::frame::drawn(&mut model);
            let mut now_title = app::alarms::title(&model);
            if theme.ascii {
                now_title = crate::ui::glyphs::ascii_text(&now_title);
            }
            if now_title != shown_title {
                write_out(&alarm_out::title(&now_title));
                shown_title = now_title;
            }
        }
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(key))) => Msg::Key(key),
                Some(Ok(Event::Resize(width, height))) => {
                    guard.resize(width, height)?;
                    Msg::Resize { width, height }
                }
                Some(Ok(Event::Paste(text))) => Msg::Paste(text),
                // Only moves and releases are dropped: nothing acts on them.
                // With the mouse off, reports a terminal sends all the same
                // are dropped too.
                Some(Ok(Event::Mouse(ev))) if mouse && !matches!(
                    ev.kind,
                    crossterm::event::MouseEventKind::Moved
                        | crossterm::event::MouseEventKind::Up(_)
                        | crossterm::event::MouseEventKind::Drag(_)
                ) => Msg::Mouse(ev),
                Some(Ok(_)) => continue,
                Some(Err(e)) => break Err(anyhow::Error::from(e).context("reading the terminal")),
                None => break Ok(None),
            },
            _ = ticks.tick() => Msg::Tick(clock.now()),
            arrived = signals.next() => match arrived {
                signals::Arrived::Ends(end) => break Ok(Some(end)),
                signals::Arrived::Suspend => {
                    suspend_and_resume(guard)?;
                    model.dirty = true;
                    shown_title.clear();
                    continue;
                }
            },
            Some(why) = stopped.recv() => break Err(anyhow::anyhow!(why)),
            Some((text, error)) = outbox_news.recv() => Msg::OutboxNews { text, error },
            reply = replies.recv() => match reply {
                Some(msg) => msg,
                None => break Err(anyhow::anyhow!("the store thread stopped unexpectedly")),
            },
        };
        pending.extend(app::update(&mut model, msg));
        // Take whatever else is already waiting before drawing once.
        while let Ok(msg) = replies.try_recv() {
            pending.extend(app::update(&mut model, msg));
        }
    };
    // Drop the reply channel first so a worker blocked on sending wakes.
    drop(replies);
    drop(worker);
    outcome
}

/// Bytes for the terminal outside a frame (the bell, a notification, the
/// title). A terminal that cannot take them is logged, not fatal: the
/// board still shows what rang.
fn write_out(bytes: &[u8]) {
    use std::io::Write;
    let mut out = std::io::stdout();
    if let Err(e) = out.write_all(bytes).and_then(|()| out.flush()) {
        tracing::warn!("cannot write to the terminal: {e}");
    }
}

/// Gives the terminal back, stops until SIGCONT (`fg`), takes it again.
fn suspend_and_resume(guard: &mut TerminalGuard) -> anyhow::Result<()> {
    tracing::info!("suspended");
    guard.suspend();
    signals::stop_until_continued();
    tracing::info!("resumed");
    guard.resume()
}

#[cfg(test)]
pub(crate) mod test_support {
    use std::sync::Arc;

    use crate::notify::{NoticeContext, Render, Rendering};

    /// Tests never depend on template text: this renders the context's
    /// own words, the chat bodies as JSON like the real robots'.
    pub fn plain_render() -> Render {
        Arc::new(|c: &NoticeContext| {
            let head = format!("{} {} for {}", c.record.reference, c.stage, c.customer);
            Ok(Rendering {
                email_subject: head.clone(),
                email_body: format!("{head}\n{}", c.message),
                wecom_body: serde_json::json!({"msgtype": "text", "text": {"content": head}})
                    .to_string(),
                welink_body: serde_json::json!({"content": head}).to_string(),
                sms_text: head,
            })
        })
    }
}
