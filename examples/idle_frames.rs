//! What idle seconds of a screen of the demo desk cost the screen's
//! thread: the demo store (12 customers, 300 escalations, as `sredesk
//! demo` makes it) at 120x40 on a weekday morning, the board or another
//! screen opened with its keys (`detail`: the first row's; `ledger`: the
//! last notice's; `customer`: the first row's customer), ticked a second
//! at a time with nothing else happening, each tick drawn as the event
//! loop draws it (`clocks`: the clock cells over the last frame where
//! that is exact, else whole) or, as before, whole on every tick that
//! turned a clock (`whole`). The frames go through crossterm into a sink.
//! For callgrind, the cost of N ticks is the difference between a run of
//! N and a run of 0:
//!
//!     cargo build --release --example idle_frames
//!     valgrind --tool=callgrind target/release/examples/idle_frames clocks 45 detail
//!     valgrind --tool=callgrind target/release/examples/idle_frames clocks 0 detail
//!
//! The screens: board (the default), detail, pipeline, notices, ledger,
//! customer.
//!
//! The effects a tick asks of the store thread (an alarm check, a reread
//! when a count changes) are left out: this is the screen's own work.

use std::sync::Arc;

use anyhow::Context;
use chrono::{Duration, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

use sredesk::app::model::Screen;
use sredesk::app::{Effect, Model, Msg, initial_effects, update};
use sredesk::clock::ManualClock;
use sredesk::notify::{NoticeContext, Render};
use sredesk::runtime::paint::Painter;
use sredesk::runtime::{Session, execute};
use sredesk::store::Store;
use sredesk::ui::{Theme, draw};

const WIDTH: u16 = 120;
const HEIGHT: u16 = 40;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "clocks".into());
    let ticks: i64 = args.next().map_or(Ok(45), |n| n.parse())?;
    let screen = args.next().unwrap_or_else(|| "board".into());
    let whole_only = match mode.as_str() {
        "clocks" => false,
        "whole" => true,
        other => anyhow::bail!("idle_frames: the mode is clocks or whole, not {other}"),
    };
    let keys = keys_to(&screen)?;
    // 10:00 desk time (UTC+8) on a Thursday: inside business hours.
    let now = Utc
        .with_ymd_and_hms(2026, 12, 3, 2, 0, 0)
        .single()
        .context("the start time")?;
    let dir = tempfile::tempdir()?;
    let mut store = Store::open(&dir.path().join("demo.db"))?;
    sredesk::demo::fill(&mut store, 12, sredesk::demo::DEFAULT_TICKETS, 1, now)?;
    let clock = ManualClock::new(now);
    // No notice is sent here: rendering one would be a mistake.
    let render: Render = Arc::new(|_: &NoticeContext| Err("no notices while idle".into()));
    let mut env = Session::new("idle", Arc::new(clock.clone()), render);
    let mut m = Model::new("idle", "demo.db", now);
    (m.width, m.height) = (WIDTH, HEIGHT);
    m.sla = store.rules().sla.clone();
    m.pause_flag_after = store.rules().pause_flag_after;
    let fx = initial_effects(&mut m);
    run(&mut store, &mut env, &mut m, fx);
    for &code in keys {
        let fx = update(&mut m, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        run(&mut store, &mut env, &mut m, fx);
    }

    let theme = Theme::new(true);
    let mut t = Terminal::with_options(
        CrosstermBackend::new(std::io::sink()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, WIDTH, HEIGHT)),
        },
    )?;
    let mut painter = Painter::default();
    painter.whole(&mut t, &m, &theme)?;
    sredesk::app::frame::drawn(&mut m);
    let (mut drew, mut whole) = (0, 0);
    for s in 1..=ticks {
        let at = now + Duration::seconds(s);
        clock.set(at);
        // Only the tick: what it asks of the store is not the screen's.
        let _asked_of_the_store = update(&mut m, Msg::Tick(at));
        if !m.needs_frame() {
            continue;
        }
        drew += 1;
        if whole_only {
            t.draw(|f| draw(f, &m, &theme))?;
            whole += 1;
        } else if m.dirty || !painter.clocks(&mut t, &m, &theme)? {
            painter.whole(&mut t, &m, &theme)?;
            whole += 1;
        }
        sredesk::app::frame::drawn(&mut m);
    }
    println!(
        "{mode} on the {}: {ticks} ticks, {drew} drew, {whole} of them whole",
        shown(&m.screen)
    );
    Ok(())
}

/// The screen the keys reached, as the command line names it.
fn shown(screen: &Screen) -> &'static str {
    match screen {
        Screen::Board => "board",
        Screen::Detail(_) => "detail",
        Screen::Pipeline => "pipeline",
        Screen::Notices => "notices",
        Screen::Ledger(_) => "ledger",
        Screen::Customer(_) => "customer",
        _ => "wrong screen",
    }
}

/// The keys that open `screen` from the board.
fn keys_to(screen: &str) -> anyhow::Result<&'static [KeyCode]> {
    Ok(match screen {
        "board" => &[],
        "detail" => &[KeyCode::Enter],
        "pipeline" => &[KeyCode::Char('p')],
        "notices" => &[KeyCode::Char('n')],
        "ledger" => &[KeyCode::Char('n'), KeyCode::End, KeyCode::Enter],
        "customer" => &[KeyCode::Char('c')],
        other => anyhow::bail!(
            "idle_frames: the screen is board, detail, pipeline, notices, ledger or customer, not {other}"
        ),
    })
}

/// Carries effects out against the store until none are left, as the
/// store thread would, feeding each answer back to `update`.
fn run(store: &mut Store, env: &mut Session, m: &mut Model, mut effects: Vec<Effect>) {
    while !effects.is_empty() {
        let mut next = Vec::new();
        for e in &effects {
            if let Some(msg) = execute(store, e, env) {
                next.extend(update(m, msg));
            }
        }
        effects = next;
    }
}
