//! Views: each pane renders the model and nothing else. No store access
//! here; what a view needs is already in the model. The folders mirror
//! `app/`: one view per screen, `widgets` for the pieces they share.

pub mod board;
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

pub use theme::Theme;

use crate::app::board::state::BoardFocus;
use crate::app::model::{FOOTER_ROWS, HEADER_ROWS, MIN_HEIGHT, MIN_WIDTH, QUOTA_PANE_WIDTH};
use crate::app::model::{Model, Screen};

pub fn draw(f: &mut Frame, m: &Model, theme: &Theme) {
    draw_screen(f, m, theme);
    if theme.ascii {
        glyphs::to_ascii(f.buffer_mut());
    }
}

fn draw_screen(f: &mut Frame, m: &Model, theme: &Theme) {
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(f, area, theme);
        return;
    }
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(HEADER_ROWS),
        Constraint::Min(0),
        Constraint::Length(FOOTER_ROWS),
    ])
    .areas(area);
    header::render(f, top, m, theme);
    match &m.screen {
        Screen::Board if m.side_by_side() => {
            let [left, right] =
                Layout::horizontal([Constraint::Min(0), Constraint::Length(QUOTA_PANE_WIDTH)])
                    .areas(body);
            board::render(f, left, m, theme);
            board::quotas::render(f, right, m, theme);
        }
        Screen::Board if m.focus == BoardFocus::Quotas => board::quotas::render(f, body, m, theme),
        Screen::Board => board::render(f, body, m, theme),
        Screen::Detail(d) => detail::render(f, body, d, m, theme),
        Screen::Handover(h) => handover::render(f, body, h, m, theme),
        Screen::Trends(t) => trends::render(f, body, t, m, theme),
        Screen::Customer(c) => customer::render(f, body, c, m, theme),
        Screen::Pipeline => pipeline::render(f, body, m, theme),
        Screen::Requirement(r) => pipeline::requirement::render(f, body, r, m, theme),
        Screen::Notices => notices::render(f, body, m, theme),
        Screen::Ledger(l) => notices::ledger::render(f, body, l, m, theme),
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
