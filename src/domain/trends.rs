//! Trends over past periods: response SLA attainment, breaches, opened
//! and answered escalations and the median response time, per desk day,
//! week or month and per severity.
//!
//! Periods start at the desk's midnight (weeks on Monday), so a DST zone
//! has 23- and 25-hour days. Each escalation counts in the period it was
//! reported in (its cohort): met, breached (answered late, or unanswered
//! past its deadline now) or neither yet. "Answered" counts first
//! responses given in the period, whenever reported: opened against
//! answered says whether the desk keeps up.

use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use serde::Serialize;

use super::Severity;
use super::calendar::{DeskCalendar, Month};

/// The attainment the desk aims at when the config names none, in per
/// cent: the charts' target line.
pub const DEFAULT_TARGET: f64 = 95.0;

/// How far back the trends look, and how they are cut.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Span {
    /// The last 30 desk days, today included.
    Days,
    /// The last 12 weeks from Monday, this one included.
    Weeks,
    /// The last 12 desk months, this one included.
    Months,
}

impl Span {
    pub const ALL: [Span; 3] = [Span::Days, Span::Weeks, Span::Months];

    /// The next span, round again after the last.
    pub fn next(self) -> Span {
        match self {
            Span::Days => Span::Weeks,
            Span::Weeks => Span::Months,
            Span::Months => Span::Days,
        }
    }

    pub fn periods(self) -> u32 {
        match self {
            Span::Days => 30,
            Span::Weeks | Span::Months => 12,
        }
    }

    /// "30d", "12w", "12m": what `--since` takes.
    pub fn key(self) -> &'static str {
        match self {
            Span::Days => "30d",
            Span::Weeks => "12w",
            Span::Months => "12m",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Span::Days => "last 30 days",
            Span::Weeks => "last 12 weeks",
            Span::Months => "last 12 months",
        }
    }

    /// What one period is called: "day", "week", "month".
    pub fn unit(self) -> &'static str {
        match self {
            Span::Days => "day",
            Span::Weeks => "week",
            Span::Months => "month",
        }
    }

    pub fn parse(s: &str) -> Result<Span, String> {
        Span::ALL
            .into_iter()
            .find(|span| span.key() == s.trim())
            .ok_or_else(|| format!("'{}' is not a span: 30d, 12w or 12m", s.trim()))
    }
}

/// One period: from the desk's midnight of `first_day` to the next
/// period's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    pub first_day: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Window {
    /// "11-22" for a day or the Monday of a week, "2026-11" for a month.
    pub fn label(&self, span: Span) -> String {
        match span {
            Span::Days | Span::Weeks => self.first_day.format("%m-%d").to_string(),
            Span::Months => self.first_day.format("%Y-%m").to_string(),
        }
    }
}

/// The span's periods, oldest first, the last one holding `now`.
pub fn windows(span: Span, now: DateTime<Utc>, cal: &DeskCalendar) -> Vec<Window> {
    let today = cal.date(now);
    let n = span.periods();
    let mut firsts: Vec<NaiveDate> = match span {
        Span::Days => (0..n)
            .rev()
            .map(|i| today - Days::new(u64::from(i)))
            .collect(),
        Span::Weeks => {
            let monday = today - Days::new(u64::from(today.weekday().num_days_from_monday()));
            (0..n)
                .rev()
                .map(|i| monday - Days::new(7 * u64::from(i)))
                .collect()
        }
        Span::Months => {
            let this = Month::of(today);
            (0..n).rev().map(|i| this.minus(i).first_day()).collect()
        }
    };
    // The period after the last one ends it.
    let next = match span {
        Span::Days => today + Days::new(1),
        Span::Weeks => firsts.last().copied().unwrap_or(today) + Days::new(7),
        Span::Months => Month::of(today).next().first_day(),
    };
    firsts.push(next);
    firsts
        .windows(2)
        .map(|w| Window {
            first_day: w[0],
            start: cal.start_of(w[0]),
            end: cal.start_of(w[1]),
        })
        .collect()
}

/// How an escalation's first response stands against its deadline.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Answered within the target, after this many seconds.
    Met(i64),
    /// Answered late, after this many seconds.
    Late(i64),
    /// Not answered, and its deadline has passed.
    Overdue,
    /// Not answered yet and not due, paused, or closed without a response.
    Open,
}

/// One escalation as the trends read it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reported {
    pub at: DateTime<Utc>,
    pub severity: Severity,
    pub verdict: Verdict,
}

/// What one period (or the whole span) holds for one severity or all.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Cell {
    /// Escalations reported in the period.
    pub opened: u32,
    /// First responses given in the period, whenever reported.
    pub answered: u32,
    /// Of those opened: answered within the target.
    pub met: u32,
    /// Of those opened: answered late, or unanswered past the deadline.
    pub breached: u32,
    /// Of those opened and answered: the median time to the first
    /// response (the lower of the two middle ones for an even count).
    pub median_response_secs: Option<i64>,
    /// Met as a share of those judged (met + breached), in per cent;
    /// none when nothing was judged, never a made-up 100 %.
    pub attainment: Option<f64>,
}

impl Cell {
    fn from_acc(a: &Acc) -> Cell {
        let mut times = a.times.clone();
        times.sort_unstable();
        let judged = a.met + a.breached;
        Cell {
            opened: a.opened,
            answered: a.answered,
            met: a.met,
            breached: a.breached,
            median_response_secs: median(&times),
            attainment: (judged > 0).then(|| f64::from(a.met) * 100.0 / f64::from(judged)),
        }
    }
}

/// The middle of sorted `times`; the lower middle for an even count, so
/// the median is always a time someone actually waited.
pub fn median(sorted: &[i64]) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    Some(sorted[(sorted.len() - 1) / 2])
}

/// One period's cells.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PeriodTrend {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
    /// In desk time: "11-22", "2026-11".
    pub label: String,
    pub all: Cell,
    /// S1 first.
    #[serde(serialize_with = "by_severity")]
    pub severity: [Cell; 5],
}

fn by_severity<S: serde::Serializer>(cells: &[Cell; 5], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(5))?;
    for (sev, cell) in Severity::ALL.iter().zip(cells) {
        map.serialize_entry(&sev.to_string(), cell)?;
    }
    map.end()
}

/// The trends of one span: its periods and the span as a whole.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SlaTrend {
    pub span: Span,
    pub periods: Vec<PeriodTrend>,
    /// The whole span, as one period.
    pub total: PeriodTrend,
}

impl SlaTrend {
    /// The cell of `severity` (or all) in each period, oldest first.
    pub fn series(&self, severity: Option<Severity>) -> impl Iterator<Item = &Cell> {
        self.periods.iter().map(move |p| p.cell(severity))
    }

    pub fn is_empty(&self) -> bool {
        self.total.all.opened == 0 && self.total.all.answered == 0
    }
}

impl PeriodTrend {
    pub fn cell(&self, severity: Option<Severity>) -> &Cell {
        match severity {
            Some(s) => &self.severity[usize::from(s.number() - 1)],
            None => &self.all,
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Acc {
    opened: u32,
    answered: u32,
    met: u32,
    breached: u32,
    times: Vec<i64>,
}

impl Acc {
    fn add(&mut self, r: &Reported) {
        self.opened += 1;
        match r.verdict {
            Verdict::Met(secs) => {
                self.met += 1;
                self.times.push(secs);
            }
            Verdict::Late(secs) => {
                self.breached += 1;
                self.times.push(secs);
            }
            Verdict::Overdue => self.breached += 1,
            Verdict::Open => {}
        }
    }
}

/// Counts escalations into the span's periods as the store reads them.
pub struct Tally {
    span: Span,
    windows: Vec<Window>,
    /// Per period: all, then S1..S5.
    cells: Vec<[Acc; 6]>,
}

impl Tally {
    pub fn new(span: Span, windows: Vec<Window>) -> Tally {
        let cells = vec![Default::default(); windows.len()];
        Tally {
            span,
            windows,
            cells,
        }
    }

    /// Where the span starts and ends, for the store's range.
    pub fn range(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        match (self.windows.first(), self.windows.last()) {
            (Some(a), Some(b)) => (a.start, b.end),
            _ => (DateTime::UNIX_EPOCH, DateTime::UNIX_EPOCH),
        }
    }

    fn index(&self, at: DateTime<Utc>) -> Option<usize> {
        let i = self.windows.partition_point(|w| w.end <= at);
        (i < self.windows.len() && self.windows[i].start <= at).then_some(i)
    }

    /// An escalation reported in the span; one outside it is ignored.
    pub fn reported(&mut self, r: &Reported) {
        if let Some(i) = self.index(r.at) {
            let cells = &mut self.cells[i];
            cells[0].add(r);
            cells[usize::from(r.severity.number())].add(r);
        }
    }

    /// A first response given at `at`.
    pub fn answered(&mut self, at: DateTime<Utc>, severity: Severity) {
        if let Some(i) = self.index(at) {
            let cells = &mut self.cells[i];
            cells[0].answered += 1;
            cells[usize::from(severity.number())].answered += 1;
        }
    }

    pub fn finish(self) -> SlaTrend {
        let span = self.span;
        let mut whole: [Acc; 6] = Default::default();
        let periods = self
            .windows
            .iter()
            .zip(&self.cells)
            .map(|(w, cells)| {
                for (sum, c) in whole.iter_mut().zip(cells) {
                    sum.opened += c.opened;
                    sum.answered += c.answered;
                    sum.met += c.met;
                    sum.breached += c.breached;
                    sum.times.extend_from_slice(&c.times);
                }
                period(w.start, w.end, w.label(span), cells)
            })
            .collect();
        let (start, end) = self.range();
        SlaTrend {
            span,
            periods,
            total: period(start, end, span.label().to_string(), &whole),
        }
    }
}

fn period(start: DateTime<Utc>, end: DateTime<Utc>, label: String, c: &[Acc; 6]) -> PeriodTrend {
    PeriodTrend {
        start,
        end,
        label,
        all: Cell::from_acc(&c[0]),
        severity: std::array::from_fn(|i| Cell::from_acc(&c[i + 1])),
    }
}

/// "12m", "3h05m", "45s": a response time as a person reads it.
pub fn duration_text(secs: i64) -> String {
    let secs = secs.max(0);
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

/// "95.0%" or "—" when nothing was judged.
pub fn percent_text(p: Option<f64>) -> String {
    p.map_or_else(|| "—".to_string(), |p| format!("{p:.1}%"))
}

#[cfg(test)]
#[path = "trends_tests.rs"]
mod tests;

/// Everything the trends screen and `report trends` show.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trends {
    pub sla: SlaTrend,
    /// The last 12 desk months, oldest first: the quota columns.
    pub quota_months: Vec<String>,
    /// The customers who ran out most often, then used most.
    pub quotas: Vec<super::quota_trend::CustomerQuotaTrend>,
    /// How many customers used a quota in those months, shown or not.
    pub quota_customers: usize,
}
