//! The trends screen's keys and its read.

use crate::app::board::load::refresh;
use crate::app::dialog::Overlay;
use crate::app::keymap::Action;
use crate::app::model::{Model, Screen, fill};
use crate::app::msg::Effect;
use crate::domain::trends::{Span, Trends};

use super::state::{FORTNIGHT_WIDTH, SECTIONS, TrendsState};

/// How many days the board header's sparkline covers.
pub const FORTNIGHT: usize = 14;

/// The header's fortnight, read only where it is shown.
pub(crate) fn fortnight(m: &Model) -> Option<Effect> {
    (m.width >= FORTNIGHT_WIDTH).then_some(Effect::LoadFortnight)
}

pub(crate) fn open(m: &mut Model) -> Vec<Effect> {
    m.screen = Screen::Trends(Box::default());
    vec![load(m)]
}

/// Reads the trends of the screen's span.
pub(crate) fn load(m: &Model) -> Effect {
    let span = match &m.screen {
        Screen::Trends(t) => t.span,
        _ => Span::Days,
    };
    Effect::LoadTrends { span }
}

/// An answer for another span than the one now shown is dropped: the
/// engineer pressed on.
pub(crate) fn loaded(m: &mut Model, span: Span, result: Result<Box<Trends>, String>) {
    let Screen::Trends(t) = &mut m.screen else {
        return;
    };
    if t.span == span {
        m.dirty = true;
        fill(&mut t.loaded, &mut t.error, result.map(|b| *b));
    }
}

pub(crate) fn fortnight_loaded(m: &mut Model, result: Result<Vec<Option<f64>>, String>) {
    m.dirty = true;
    match result {
        Ok(days) => m.trend.fortnight = Some(days),
        // The header then shows no sparkline rather than a wrong one.
        Err(e) => {
            tracing::warn!("cannot read the fortnight's attainment: {e}");
            m.trend.fortnight = None;
        }
    }
}

pub(crate) fn on_action(m: &mut Model, action: Action) -> Vec<Effect> {
    let Screen::Trends(t) = &mut m.screen else {
        return Vec::new();
    };
    match action {
        Action::Back | Action::Quit | Action::Trends => {
            m.screen = Screen::Board;
            vec![refresh(m)]
        }
        Action::ShiftSpan => {
            // What is read goes; where the engineer looks stays.
            **t = TrendsState {
                span: t.span.next(),
                severity: t.severity,
                scroll: t.scroll,
                ..TrendsState::default()
            };
            vec![load(m)]
        }
        Action::TrendSeverity => {
            t.severity = t.next_severity();
            Vec::new()
        }
        Action::Down => {
            t.scroll = (t.scroll + 1).min(SECTIONS - 1);
            Vec::new()
        }
        Action::Up => {
            t.scroll = t.scroll.saturating_sub(1);
            Vec::new()
        }
        Action::Top => {
            t.scroll = 0;
            Vec::new()
        }
        Action::Help => {
            m.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        _ => Vec::new(),
    }
}
