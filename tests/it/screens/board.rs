//! The escalation board: its rows and columns at several sizes, the
//! filter, the footer's outcomes, the SLA countdown and its colours, the
//! header, and a failed read.

use chrono::Duration;
use crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};

use sredesk::app::{Model, Msg, update};
use sredesk::domain::{CustomerKind, NewCustomer};
use sredesk::store::Store;
use sredesk::ui::Theme;

use super::{Screen, actor, assert_screen, at, desk, find, now};

#[test]
fn board() {
    let s = Screen::new(desk(), 160, 24);
    assert_screen!(s.render());
}

#[test]
fn board_narrow_terminal_drops_columns() {
    let s = Screen::new(desk(), 80, 16);
    assert_screen!(s.render());
}

#[test]
fn board_empty() {
    let mut store = Store::open_in_memory().unwrap();
    store
        .add_customer(
            &NewCustomer {
                name: "Quiet Co".into(),
                kind: CustomerKind::Local,
                owner: None,
            },
            actor(at(8, 0)),
        )
        .unwrap();
    let s = Screen::new(store, 100, 12);
    assert_screen!(s.render());
}

#[test]
fn filter_while_typing() {
    let mut s = Screen::new(desk(), 120, 16);
    s.keys("/jade");
    assert_screen!(s.render());
}

/// Fields narrow the board and the header names the filter; a term that
/// does not parse says where, in red where the position stood, while the
/// board keeps the last filter that did.
#[test]
fn filter_by_fields_and_a_mistake_while_typing() {
    let mut s = Screen::new(desk(), 120, 16);
    s.keys("/sev:S1,S2 !state:ack").key(KeyCode::Enter);
    assert_screen!("filter_by_fields", s.render());
    s.keys("/ kind:urgent");
    let typing = s.render();
    assert!(
        typing.contains("✖ column 22: 'urgent' is not a kind: faster, expert or general"),
        "{typing}"
    );
    assert!(
        typing.contains("ST2611-0002"),
        "the last filter stands: {typing}"
    );
    assert_screen!("filter_mistake_while_typing", typing);
}

/// Marked rows carry ■ before the title and the footer counts them; a
/// bulk step asks once; refusals are listed with their reasons.
#[test]
fn marks_and_a_bulk_step() {
    let mut s = Screen::new(desk(), 120, 16);
    s.keys(" j ");
    assert_screen!("marked_rows", s.render());
    s.keys("a");
    assert_screen!("bulk_confirm", s.render());
    s.keys("y");
    let done = s.render();
    assert!(
        done.contains("acknowledge: 2 of 2 escalations done"),
        "{done}"
    );
    assert_screen!("bulk_done", done);
    // Two answered ones marked: the summary gives each refusal's reason.
    s.keys("G k gay");
    assert_screen!("bulk_refusals", s.render());
}

/// The command line: what is typed after `:`, and what Tab offers.
#[test]
fn command_line_with_completions() {
    let mut s = Screen::new(desk(), 100, 10);
    s.keys(":han");
    s.key(KeyCode::Tab);
    let shown = s.render();
    assert!(
        shown.contains(" :hando") && shown.contains("handoff handover"),
        "{shown}"
    );
    assert_screen!(shown);
}

/// At 80 columns a long filter gives way in the header, never over the
/// quotas tab, who you are or the clock.
#[test]
fn a_long_filter_at_80_columns_is_cut_not_drawn_over() {
    let mut s = Screen::new(desk(), 80, 10);
    s.keys("/sev:S1,S2 !state:ack !@bob").key(KeyCode::Enter);
    let text = s.render();
    let head = text.lines().next().unwrap();
    assert!(head.contains("(sev:S1,S2"), "{head}");
    assert!(head.contains("…) │ quotas"), "{head}");
    assert!(head.contains("alice · "), "{head}");
}

#[test]
fn views_picker() {
    let mut s = Screen::new(desk(), 100, 20);
    s.keys("v");
    assert_screen!(s.render());
}

#[test]
fn filter_with_no_match() {
    let mut s = Screen::new(desk(), 100, 12);
    s.keys("/zzz").key(KeyCode::Enter);
    assert_screen!(s.render());
}

#[test]
fn outcome_and_refusal_in_the_footer() {
    let mut s = Screen::new(desk(), 120, 14);
    s.keys("a");
    let acknowledged = s.render();
    assert!(acknowledged.contains("(#1) acknowledged after 30m00s (outside the S1 SLA of 15m00s)"));
    s.keys("gr");
    assert_screen!(s.render());
}

#[test]
fn tiny_terminal() {
    for (w, h) in [(30, 6), (0, 0), (1, 1), (49, 40), (160, 7)] {
        let s = Screen::new(desk(), w, h);
        let text = s.render();
        if w >= 20 {
            assert!(
                text.contains("Terminal too small") || text.contains("Terminal"),
                "{w}x{h}"
            );
        }
    }
    let s = Screen::new(desk(), 40, 6);
    assert_screen!(s.render());
}

#[test]
fn urgency_colours_and_their_non_colour_cues() {
    let s = Screen::new(desk(), 160, 24);
    let buf = s.render_with(&Theme::new(true));
    let (x, y) = find(&buf, "✖ -15m00s");
    assert_eq!(buf[(x, y)].bg, Color::Red, "breached is loud");
    assert!(buf[(x, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = find(&buf, "‼ 5m00s");
    assert_eq!(buf[(x, y)].fg, Color::LightRed);
    let (x, y) = find(&buf, "! 1h30m");
    assert_eq!(buf[(x, y)].fg, Color::Yellow);

    // NO_COLOR: no colour anywhere, but the symbols and emphasis remain.
    let plain = s.render_with(&Theme::new(false));
    for cell in plain.content() {
        assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
    }
    let (x, y) = find(&plain, "✖ -15m00s");
    assert!(plain[(x, y)].modifier.contains(Modifier::BOLD));
    let (x, y) = find(&plain, "ST2611-0001");
    assert!(
        plain[(x, y)].modifier.contains(Modifier::REVERSED),
        "selection is reversed"
    );
}

#[test]
fn countdown_moves_with_the_clock() {
    let mut s = Screen::new(desk(), 160, 24);
    assert!(s.render().contains("‼ 5m00s"));
    let fx = update(&mut s.m, Msg::Tick(now() + Duration::seconds(301)));
    s.run(fx);
    let text = s.render();
    assert!(text.contains("✖ -0m01s"), "{text}");
    assert!(text.contains("✖ 2 breached"));
}

#[test]
fn header_keeps_engineer_and_clock_and_shortens_the_path() {
    let mut s = Screen::new(desk(), 80, 12);
    s.m.store_label = "/home/alice/.local/share/sredesk/archive/2026/november/sredesk.db".into();
    let text = s.render();
    let first = text.lines().next().unwrap();
    assert!(first.contains("alice · …"), "{first}");
    assert!(
        first.contains("/sredesk.db · 2026-11-22 18:00 CST"),
        "{first}"
    );
    assert!(first.contains(" sredesk escalations"), "{first}");
}

#[test]
fn a_failed_read_is_shown_not_hidden() {
    let mut m = Model::new("alice", "desk.db", now());
    m.width = 100;
    m.height = 10;
    let seq = m.board.next_seq;
    update(
        &mut m,
        Msg::BoardLoaded {
            seq,
            result: Err("database disk image is malformed".into()),
        },
    );
    let s = Screen::with_model(m, Store::open_in_memory().unwrap());
    let text = s.render();
    assert!(
        text.contains("Cannot read the board: database disk image is malformed"),
        "{text}"
    );
    assert!(text.contains("cannot read the board (retrying)"), "{text}");
    // Never zeros that read as all clear.
    assert!(text.contains("✖ counts unknown"), "{text}");
    assert!(!text.contains("0 open"), "{text}");
}

/// The header's tabs are the same whichever screen is shown; only the
/// width decides them (at 50 columns, only the screen shown is named).
#[test]
fn header_tabs_stay_put_between_screens() {
    for width in [80, 120, 160] {
        let tabs = |keys: &str| {
            let mut s = Screen::new(desk(), width, 24);
            s.keys(keys);
            let text = s.render();
            let head = text.lines().next().unwrap().to_string();
            head.split("alice").next().unwrap().trim_end().to_string()
        };
        let board = tabs("");
        for keys in ["p", "n", "H", "T"] {
            assert_eq!(tabs(keys), board, "{width} columns, after {keys:?}");
        }
    }
    let mut s = Screen::new(desk(), 50, 24);
    s.keys("n");
    let text = s.render();
    let head = text.lines().next().unwrap();
    // Named, and never run into who you are.
    assert!(head.starts_with("\" sredesk notices "), "{head}");
    assert!(
        head.contains("notices  ") && head.contains(" alice · "),
        "{head}"
    );
}

/// Past what the board counts, the header's clock counts and a sparse
/// filter's total say "N+" (a floor), never a wrong number.
#[test]
fn past_what_the_board_counts_the_header_and_footer_say_n_plus() {
    let mut store = Store::open_in_memory().unwrap();
    let size = sredesk::demo::Size {
        customers: 12,
        tickets: 6_000,
        open: Some(5_000),
        notices: true,
    };
    sredesk::demo::fill_telling(&mut store, size, 1, now(), &mut |_| {}).unwrap();
    let mut s = Screen::new(store, 160, 24);
    let top = s.render();
    assert!(top.contains("‼ 500+ due within 1h"), "{top}");
    s.keys("/latency").key(KeyCode::Enter);
    let filtered = s.render();
    // The rendered lines are quoted: the position is the last word.
    let footer = filtered.lines().last().unwrap_or_default();
    let position = footer.trim_matches('"').split_whitespace().last();
    let position = position.unwrap_or_default();
    assert!(
        position.starts_with("1/") && position.ends_with('+'),
        "{footer}"
    );
}
