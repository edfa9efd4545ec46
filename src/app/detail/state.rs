//! One escalation in full: fields, notes and hand-offs, history.

use crate::store::EscalationFile;

pub struct DetailState {
    pub id: i64,
    pub loaded: Option<Box<EscalationFile>>,
    pub error: Option<String>,
    pub scroll: u16,
    /// Counts each arrival of the escalation: its text may have changed.
    pub generation: u64,
    /// The view's long text (description, notes, history) as lines and
    /// the rows each wraps to, kept while the text, the width, the zone
    /// and the colours stay the same: a 1 MB description is wrapped once,
    /// not on every tick.
    pub body: std::cell::RefCell<Option<Body>>,
    /// Opened from the history: back goes there, as it was left.
    pub back: Option<Box<crate::app::history::state::HistoryState>>,
}

/// The detail's long text, laid out for one width.
pub struct Body {
    /// generation, width, time zone, colours.
    pub key: (u64, u16, chrono_tz::Tz, bool),
    pub lines: Vec<ratatui::text::Line<'static>>,
    /// Rows each line takes at the width.
    pub rows: Vec<usize>,
}
