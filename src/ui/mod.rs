//! Views: each pane renders the model and nothing else. No store access
//! here; what a view needs is already in the model. The folders mirror
//! `app/`: one view per screen, `widgets` for the pieces they share.

pub mod board;
pub mod clock_cells;
pub mod clock_words;
pub mod composer;
pub mod customer;
pub mod detail;
pub mod dialog;
pub mod footer;
pub mod glyphs;
pub mod handover;
pub mod header;
pub mod help;
pub mod history;
pub mod intake;
pub mod notices;
pub mod pipeline;
pub mod theme;
pub mod trends;
pub mod widgets;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub use clock_cells::{Clock, ClockCells, Shown};
pub use theme::Theme;

use crate::app::board::state::BoardFocus;
use crate::app::model::{FOOTER_ROWS, HEADER_ROWS, MIN_HEIGHT, MIN_WIDTH, QUOTA_PANE_WIDTH};
use crate::app::model::{Model, Screen};

pub fn draw(f: &mut Frame, m: &Model, theme: &Theme) {
    draw_recording(f, m, theme);
}

/// Draws the frame and says where its clocks are, for a tick that moves
/// only the clock to rewrite them over it (`ClockCells::patch`). The
/// board's, the detail's, the pipeline's, the notices', a ledger's and the
/// customer view's clocks are recorded; on other screens, under a dialog
/// or with a cursor on the footer the next tick draws the frame whole.
pub fn draw_recording(f: &mut Frame, m: &Model, theme: &Theme) -> ClockCells {
    let screen = matches!(
        m.screen,
        Screen::Board
            | Screen::Detail(_)
            | Screen::Pipeline
            | Screen::Notices
            | Screen::Ledger(_)
            | Screen::Customer(_)
    );
    let recorded = screen
        && m.overlay.is_none()
        && !m.filter.editing
        && !m.command.editing
        // A failed read's banner and header count its age.
        && m.board.error.is_none();
    let mut clocks = match recorded {
        true => ClockCells::recording(),
        false => ClockCells::incomplete(),
    };
    draw_screen(f, m, theme, &mut clocks);
    if theme.ascii {
        glyphs::to_ascii(f.buffer_mut());
    }
    clocks
}

fn draw_screen(f: &mut Frame, m: &Model, theme: &Theme, clocks: &mut ClockCells) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(f, area, theme);
        *clocks = ClockCells::incomplete();
        return;
    }
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(HEADER_ROWS),
        Constraint::Min(0),
        Constraint::Length(FOOTER_ROWS),
    ])
    .areas(area);
    header::render(f, top, m, theme, clocks);
    match &m.screen {
        Screen::Board if m.side_by_side() => {
            let [left, right] =
                Layout::horizontal([Constraint::Min(0), Constraint::Length(QUOTA_PANE_WIDTH)])
                    .areas(body);
            board::render(f, left, m, theme, clocks);
            board::quotas::render(f, right, m, theme);
            clocks.whole(Clock::QuotaTitle, &board::quotas::title_text(m).into());
        }
        Screen::Board if m.focus == BoardFocus::Quotas => {
            board::quotas::render(f, body, m, theme);
            clocks.whole(Clock::QuotaTitle, &board::quotas::title_text(m).into());
        }
        Screen::Board => board::render(f, body, m, theme, clocks),
        Screen::Detail(d) => detail::render(f, body, d, m, theme, clocks),
        Screen::Handover(h) => handover::render(f, body, h, m, theme),
        Screen::Trends(t) => trends::render(f, body, t, m, theme),
        Screen::Customer(c) => customer::render(f, body, c, m, theme, clocks),
        Screen::Pipeline => pipeline::render(f, body, m, theme, clocks),
        Screen::Requirement(r) => pipeline::requirement::render(f, body, r, m, theme),
        Screen::Notices => notices::render(f, body, m, theme, clocks),
        Screen::Ledger(l) => notices::ledger::render(f, body, l, m, theme, clocks),
        Screen::Composer(c) => composer::render(f, body, c, m, theme),
        Screen::Intake(s) => intake::render(f, body, s, m, theme),
        Screen::History(h) => history::render(f, body, h, m, theme),
    }
    footer::render(f, bottom, m, theme);
    if let Some(o) = &m.overlay {
        dialog::render(f, body, o, m, theme);
    }
}

fn too_small(f: &mut Frame, area: Rect, theme: &Theme) {
    let text = vec![
        Line::styled("Terminal too small", theme.title),
        Line::raw(format!(
            "{}x{}; sredesk needs {MIN_WIDTH}x{MIN_HEIGHT}. Enlarge it, or q to quit.",
            area.width, area.height
        )),
    ];
    f.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}
