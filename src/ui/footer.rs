//! The bottom line: the filter being typed, the last outcome, or key hints;
//! and where the selection is in the board.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::board::state::BoardFocus;
use crate::app::{Model, Screen};
use crate::text::inert;

/// Where a hint applies: a set of these bits.
const BOARD: u16 = 1;
const DETAIL: u16 = 2;
const QUOTAS: u16 = 4;
const CUSTOMER: u16 = 8;
const PIPELINE: u16 = 16;
const REQUIREMENT: u16 = 32;
const NOTICES: u16 = 64;
const LEDGER: u16 = 128;
const COMPOSER: u16 = 256;
const TRIAGE: u16 = BOARD | DETAIL;
const STEPS: u16 = PIPELINE | REQUIREMENT;

/// Key hints, in the order shown; the help screen has the full list.
const HINTS: &[(&str, &str, u16)] = &[
    ("j/k", "move", NOTICES | LEDGER),
    ("Enter", "ledger / compose", NOTICES),
    ("N", "new incident", NOTICES),
    ("C", "new change", NOTICES),
    ("c", "compose", NOTICES),
    ("a", "advance", NOTICES),
    ("r", "re-send failed", NOTICES | LEDGER),
    ("Esc", "back", NOTICES | LEDGER),
    ("Tab", "next", COMPOSER),
    ("Ctrl-S", "send", COMPOSER),
    ("Ctrl-D", "discard", COMPOSER),
    ("Esc", "close (draft kept)", COMPOSER),
    ("F1", "help", COMPOSER),
    ("Esc", "back", DETAIL | CUSTOMER | REQUIREMENT),
    ("h/l", "lane", PIPELINE),
    ("j/k", "move", BOARD | QUOTAS),
    ("j/k", "card", PIPELINE),
    ("j/k", "scroll", DETAIL | CUSTOMER | REQUIREMENT),
    ("Enter", "detail", BOARD),
    ("Enter", "open", PIPELINE),
    ("Enter", "customer", QUOTAS),
    ("p", "pipeline", QUOTAS),
    ("a", "advance", STEPS),
    ("x", "reject", STEPS),
    ("R", "plan", STEPS),
    ("Esc", "board", PIPELINE),
    ("a", "ack", TRIAGE),
    ("i", "start", TRIAGE),
    ("s", "severity", TRIAGE),
    ("A", "assign me", TRIAGE),
    ("e", "experts", TRIAGE),
    ("r", "resolve", TRIAGE),
    ("w", "withdraw", TRIAGE),
    ("o", "out of scope", TRIAGE),
    ("c", "customer", TRIAGE),
    ("/", "filter", BOARD),
    ("p", "pipeline", BOARD),
    ("Tab", "quotas", BOARD),
    ("Tab", "escalations", QUOTAS),
    (
        "?",
        "help",
        BOARD | DETAIL | QUOTAS | CUSTOMER | STEPS | NOTICES | LEDGER,
    ),
    ("q", "quit", BOARD | QUOTAS),
    ("n", "notices", BOARD | QUOTAS),
];

pub fn render(f: &mut Frame, area: Rect, m: &Model, theme: &Theme) {
    let position = position(m);
    let [left, right] = Layout::horizontal([
        Constraint::Min(0),
        Constraint::Length(position.chars().count() as u16),
    ])
    .areas(area);
    f.render_widget(Paragraph::new(Line::styled(position, theme.dim)), right);

    if m.filter.editing {
        let prefix = " filter: ";
        let width = left.width.saturating_sub(prefix.len() as u16 + 1) as usize;
        let scroll = m.filter.input.visual_scroll(width);
        let shown: String = inert(m.filter.input.value()).chars().skip(scroll).collect();
        f.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(prefix, theme.key),
                Span::raw(shown),
            ])),
            left,
        );
        let x = left.x
            + prefix.len() as u16
            + (m.filter.input.visual_cursor().saturating_sub(scroll)) as u16;
        f.set_cursor_position(Position::new(x.min(left.right().saturating_sub(1)), left.y));
        return;
    }
    let read_error = match m.screen {
        Screen::Pipeline => m.pipeline.error.as_ref().map(|e| ("pipeline", e)),
        Screen::Notices => m.notices.error.as_ref().map(|e| ("notices", e)),
        Screen::Ledger(_) | Screen::Composer(_) => None,
        _ => m.board.error.as_ref().map(|e| ("board", e)),
    };
    let line = match (&m.status, read_error) {
        (Some(s), _) => Line::styled(
            format!(" {}", inert(&s.text)),
            if s.error { theme.error } else { theme.info },
        ),
        // Until a read succeeds, the rows above may be stale: say so.
        (None, Some((what, e))) => Line::styled(
            format!(" cannot read the {what} (retrying): {}", inert(e)),
            theme.error,
        ),
        (None, None) => hints(m, theme),
    };
    f.render_widget(Paragraph::new(line), left);
}

fn hints<'a>(m: &Model, theme: &Theme) -> Line<'a> {
    let here = match m.screen {
        Screen::Board if m.focus == BoardFocus::Quotas => QUOTAS,
        Screen::Board => BOARD,
        Screen::Detail(_) => DETAIL,
        Screen::Customer(_) => CUSTOMER,
        Screen::Pipeline => PIPELINE,
        Screen::Requirement(_) => REQUIREMENT,
        Screen::Notices => NOTICES,
        Screen::Ledger(_) => LEDGER,
        Screen::Composer(_) => COMPOSER,
    };
    let mut spans = Vec::new();
    if let Some(filter) = m.filter.text() {
        spans.push(Span::styled(" filter: ", theme.key));
        spans.push(Span::raw(format!("{} (Esc clears) ", inert(&filter))));
    }
    for (key, what, _) in HINTS.iter().filter(|(_, _, on)| on & here != 0) {
        spans.push(Span::styled(format!(" {key}"), theme.key));
        spans.push(Span::styled(format!(" {what}"), theme.dim));
    }
    Line::from(spans)
}

fn position(m: &Model) -> String {
    match &m.screen {
        Screen::Pipeline => {
            let p = &m.pipeline;
            return match p.count(p.lane) {
                0 => String::new(),
                n => format!(" {}/{n} ", p.cursor[p.lane] + 1),
            };
        }
        Screen::Requirement(_) | Screen::Composer(_) => return String::new(),
        Screen::Notices => {
            let n = &m.notices;
            return match n.rows() {
                0 => String::new(),
                rows => format!(" {}/{rows} ", n.selected + 1),
            };
        }
        Screen::Ledger(l) => {
            return match l.loaded.as_ref().map_or(0, |d| d.deliveries.len()) {
                0 => String::new(),
                rows => format!(" {}/{rows} ", l.selected + 1),
            };
        }
        _ => {}
    }
    if m.focus == BoardFocus::Quotas && matches!(m.screen, Screen::Board) {
        let q = &m.quotas;
        return match q.rows.len() {
            0 => String::new(),
            n => format!(" {}/{n} ", q.selected + 1),
        };
    }
    let b = &m.board;
    if b.page.total == 0 {
        return String::new();
    }
    format!(" {}/{} ", b.selected_position() + 1, b.page.total)
}
