//! What the handover screen holds.

use chrono::Duration;

use crate::domain::handover::Handover;

/// The shift lengths `t` steps through, the first one shown first.
pub const SPANS: [i64; 3] = [8, 12, 24];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandoverState {
    /// Hours back from now; one of `SPANS`.
    pub hours: i64,
    pub loaded: Option<Handover>,
    pub error: Option<String>,
    pub scroll: u16,
    /// Counts each answer from the store: what is shown may have changed.
    pub generation: u64,
    /// The screen's lines laid out for one width (see `Laid`), kept until
    /// the next answer or resize: the screen redraws every second for the
    /// header's clock, and the handover changes far less often.
    pub laid: std::cell::RefCell<Option<Laid>>,
}

/// The handover as lines at one width.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Laid {
    /// generation, width, time zone, colours.
    pub key: (u64, u16, chrono_tz::Tz, bool),
    pub lines: Vec<ratatui::text::Line<'static>>,
}

impl Default for HandoverState {
    fn default() -> Self {
        HandoverState {
            hours: SPANS[0],
            loaded: None,
            error: None,
            scroll: 0,
            generation: 0,
            laid: Default::default(),
        }
    }
}

impl HandoverState {
    pub fn span(&self) -> Duration {
        Duration::hours(self.hours)
    }

    /// The next span in `SPANS`, round again after the last.
    pub fn next_span(&self) -> i64 {
        let at = SPANS.iter().position(|h| *h == self.hours).unwrap_or(0);
        SPANS[(at + 1) % SPANS.len()]
    }
}
