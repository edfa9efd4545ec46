//! Board refresh + render at 160x48 on stores of 10k and 1M tickets.
//!
//! A refresh is what the dashboard does when the store changes: read the
//! window around the selection plus the header counts, hand the page to
//! `update`, and draw the whole screen. The goal is a cost that does not
//! depend on the size of the store (ratio near 1) and at most 1 ms.
//!
//! Stores are generated once into Cargo's target tmp dir and reused (the
//! generator is deterministic for a seed and a fixed `now`).
//!
//! Then the same on PostgreSQL (`board/pg.rs`), when the server's
//! binaries are installed. `SREDESK_BENCH_ONLY=sqlite` or `=postgres`
//! runs one engine's part alone.

// A test or a benchmark that cannot set up fails: unwrapping says where.
#![allow(clippy::unwrap_used)]

mod common;
#[path = "board/pg.rs"]
mod pg;

use std::time::Instant;

use chrono::{DateTime, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use sredesk::app::{Model, Msg, update};
use sredesk::domain::board_sort::{BoardSort, SortColumn};
use sredesk::store::{Anchor, BoardQuery, Store};
use sredesk::ui::{Theme, draw};

const SIZES: [usize; 2] = [10_000, 1_000_000];
const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

fn store(tickets: usize) -> Store {
    common::cached_store(&format!("board-{tickets}"), |s| {
        sredesk::demo::fill(s, 12, tickets, 1, now()).unwrap()
    })
}

/// The 1M store with 100,000 escalations open instead of the usual 1,500.
fn store_with_open(tickets: usize, open: usize) -> Store {
    common::cached_store(&format!("board-{tickets}-open-{open}"), |s| {
        let size = sredesk::demo::Size {
            customers: 12,
            tickets,
            open: Some(open),
            notices: true,
        };
        sredesk::demo::fill_telling(s, size, 1, now(), &mut |_| {}).unwrap()
    })
}

struct Bench {
    store: Store,
    /// What the board is narrowed to, as typed on `/`.
    filter: Option<sredesk::domain::board_filter::BoardFilter>,
    /// The column the board is sorted by, as chosen with `S`.
    sort: BoardSort,
    model: Model,
    terminal: Terminal<TestBackend>,
    theme: Theme,
}

impl Bench {
    fn new(tickets: usize) -> Bench {
        Bench::over(store(tickets))
    }

    fn over(store: Store) -> Bench {
        let mut model = Model::new("bench", "bench.db", now());
        model.width = WIDTH;
        model.height = HEIGHT;
        Bench {
            store,
            filter: None,
            sort: BoardSort::default(),
            model,
            terminal: Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap(),
            theme: Theme::new(true),
        }
    }

    /// One refresh as the runtime does it, then one full draw.
    fn refresh_and_render(&mut self, anchor: Anchor) {
        let page = self.query(anchor);
        let seq = self.model.board.next_seq;
        update(
            &mut self.model,
            Msg::BoardLoaded {
                seq,
                result: Ok(page),
            },
        );
        self.render();
    }

    fn query(&self, anchor: Anchor) -> sredesk::store::BoardPage {
        let rows = self.model.board_rows();
        self.store
            .board(&BoardQuery {
                filter: self.filter.clone(),
                sort: self.sort,
                anchor,
                before: rows,
                after: rows * 2,
                now: now(),
                newer_than: None,
            })
            .unwrap()
    }

    /// A full draw; the terminal is cleared first so every frame paints
    /// every cell, as after a change that touches the whole board.
    fn render(&mut self) {
        self.terminal.clear().unwrap();
        let (model, theme) = (&self.model, &self.theme);
        self.terminal.draw(|f| draw(f, model, theme)).unwrap();
    }

    /// An anchor `depth` rows down the board, as after scrolling there.
    fn anchor_at(&self, depth: usize) -> Anchor {
        let page = self
            .store
            .board(&BoardQuery {
                filter: self.filter.clone(),
                sort: self.sort,
                anchor: Anchor::Top,
                before: 0,
                after: depth + 1,
                now: now(),
                newer_than: None,
            })
            .unwrap();
        let row = page.rows.last().unwrap();
        Anchor::Ticket {
            id: row.id,
            key: row.key.clone(),
        }
    }
}

/// Median milliseconds per refresh+render for each bench, measured in
/// alternation so that noise from the machine falls on both alike.
fn interleaved_medians<K>(
    benches: &mut [(K, Bench)],
    depth: Option<usize>,
    runs: usize,
) -> Vec<f64> {
    let anchors: Vec<Anchor> = benches.iter().map(|(_, b)| anchor(b, depth)).collect();
    let mut times = vec![Vec::with_capacity(runs); benches.len()];
    for _ in 0..runs {
        for (i, (_, b)) in benches.iter_mut().enumerate() {
            let t = Instant::now();
            b.refresh_and_render(anchors[i].clone());
            times[i].push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    times
        .iter_mut()
        .map(|t| {
            t.sort_by(f64::total_cmp);
            t[runs / 2]
        })
        .collect()
}

/// Where the window sits: at the top, or 1,000 rows down (the position
/// count in the header then walks those rows).
const PLACES: [(&str, Option<usize>); 2] = [("top", None), ("1000 rows down", Some(1_000))];

fn anchor(b: &Bench, depth: Option<usize>) -> Anchor {
    depth.map_or(Anchor::Top, |d| b.anchor_at(d))
}

fn main() {
    let only = std::env::var("SREDESK_BENCH_ONLY").unwrap_or_default();
    if only != "postgres" {
        on_sqlite();
    }
    if only != "sqlite" {
        pg::run();
    }
}

fn on_sqlite() {
    let mut c = Criterion::default().configure_from_args();
    let mut benches: Vec<(usize, Bench)> = SIZES.iter().map(|n| (*n, Bench::new(*n))).collect();

    for (name, depth) in PLACES {
        let mut group = c.benchmark_group(format!("board refresh+render {WIDTH}x{HEIGHT} {name}"));
        for (n, b) in benches.iter_mut() {
            let at = anchor(b, depth);
            group.bench_function(BenchmarkId::from_parameter(n), |bench| {
                bench.iter(|| b.refresh_and_render(at.clone()))
            });
        }
        group.finish();
    }
    // The trends screen's read on open or store change: the year's
    // periods and quota use, whatever the store's size.
    use sredesk::domain::trends::Span;
    for (n, b) in benches.iter() {
        for (span, name) in [(Span::Days, "30 days"), (Span::Months, "12 months")] {
            c.bench_function(&format!("trends {name}, {n}"), |bench| {
                bench.iter(|| b.store.trends(span, now(), 20).unwrap())
            });
        }
    }
    // The two halves of a refresh, on the large store.
    let (_, big) = benches.last_mut().unwrap();
    c.bench_function("board query only, 1M, top", |bench| {
        bench.iter(|| big.query(Anchor::Top))
    });
    c.bench_function("board counts only, 1M", |bench| {
        bench.iter(|| {
            big.store
                .board_counts_upto(now(), Some(sredesk::store::CLOCK_COUNTED))
                .unwrap()
        })
    });
    // What `sredesk status` reads (it must stay well under 20 ms at 1M).
    let marks = sredesk::domain::Severity::ALL.map(|s| s.response_target() / 5);
    c.bench_function("status counts, 1M", |bench| {
        bench.iter(|| {
            let counts = big.store.board_counts(now()).unwrap();
            (counts, big.store.due_within_marks(now(), marks).unwrap())
        })
    });
    // A dashboard's alarm check, once a second: what changed since the
    // last look, the deadlines crossing, snoozes ending.
    let mut watch = None;
    let mut heard = std::collections::HashSet::new();
    let mut second = 0;
    c.bench_function("alarm check, 1M", |bench| {
        bench.iter(|| {
            second += 1;
            let at = now() + chrono::Duration::seconds(second);
            let (check, w) = big
                .store
                .ring_alarms("bench", at, watch, &mut heard)
                .unwrap();
            watch = Some(w);
            check
        })
    });
    c.bench_function("board render only 160x48", |bench| {
        bench.iter(|| big.render())
    });
    c.final_summary();

    println!();
    for (name, depth) in PLACES {
        let medians = interleaved_medians(&mut benches, depth, 500);
        println!(
            "board refresh+render {WIDTH}x{HEIGHT} ({name}): 10k tickets {:.3} ms, \
             1M tickets {:.3} ms, ratio {:.2}",
            medians[0],
            medians[1],
            medians[1] / medians[0]
        );
    }
    // A large open set: the same 1M store with 100,000 open. The halves
    // apart say which one grows.
    let (_, usual) = benches.pop().unwrap();
    let mut open = vec![
        ("1.5k open", usual),
        (
            "100k open",
            Bench::over(store_with_open(1_000_000, 100_000)),
        ),
    ];
    for (name, depth) in PLACES {
        let m = interleaved_medians(&mut open, depth, 300);
        println!(
            "board refresh+render ({name}), 1M tickets: 1.5k open {:.3} ms, 100k open {:.3} ms, \
             ratio {:.2}",
            m[0],
            m[1],
            m[1] / m[0]
        );
    }
    for (name, b) in open.iter_mut() {
        let [_, query, counts, render] = halves(b, Some(1_000));
        println!(
            "  {name}, 1,000 rows down: window query {query:.3} ms, header counts {counts:.3} ms, \
             render {render:.3} ms"
        );
    }
    // Filtered boards on the 1M store, with the usual 1.5k open and with
    // 100k open: the filter is read in the window query, the filtered
    // total and the position count.
    for (name, b) in open.iter_mut() {
        for text in ["sev:S1,S2 @me", "cust:jade", "latency", "sev:S1 breached"] {
            let filter = sredesk::domain::board_filter::BoardFilter::parse(text, "alice").unwrap();
            // Filtered and unfiltered in turn, so load on the machine
            // weighs on both alike: the medians of five rounds each.
            let (mut with, mut without) = (Vec::new(), Vec::new());
            let mut parts = [0.0; 4];
            for _ in 0..5 {
                b.filter = None;
                without.push(halves(b, Some(1_000))[0]);
                b.filter = filter.clone();
                parts = halves(b, Some(1_000));
                with.push(parts[0]);
            }
            let mid = |mut v: Vec<f64>| {
                v.sort_by(f64::total_cmp);
                v[v.len() / 2]
            };
            let (total, unfiltered) = (mid(with), mid(without));
            let [_, query, counts, render] = parts;
            println!(
                "filtered '{text}' (1M, {name}), 1,000 rows down: refresh+render {total:.3} ms \
                 against {unfiltered:.3} ms unfiltered, ratio {:.2} (window query {query:.3} ms, \
                 counts {counts:.3} ms, render {render:.3} ms), {}{} match",
                total / unfiltered,
                b.model.board.page.total,
                if b.model.board.page.total_exact {
                    ""
                } else {
                    "+"
                }
            );
        }
        b.filter = None;
    }
    // Sorted boards, 1,000 rows down: each order's window is read off its
    // own index, seeking the row value of the selection's place.
    for (name, b) in open.iter_mut() {
        for column in [SortColumn::State, SortColumn::Assignee, SortColumn::Title] {
            b.sort = BoardSort {
                column,
                descending: false,
            };
            let [total, query, _, _] = halves(b, Some(1_000));
            println!(
                "sorted by {} (1M, {name}), 1,000 rows down: refresh+render {total:.3} ms \
                 (window query {query:.3} ms)",
                column.word()
            );
        }
        b.sort = BoardSort::default();
    }
}

/// Median milliseconds of a refresh and render, and of its parts apart:
/// the window query (with the header's n/total position), the header
/// counts, the repaint. A filter matching fewer than `depth` rows is
/// measured at its last row.
fn halves(b: &mut Bench, depth: Option<usize>) -> [f64; 4] {
    let at = match depth {
        Some(d) => {
            let top = b.query(Anchor::Top);
            b.anchor_at(d.min(top.total.saturating_sub(1)))
        }
        None => Anchor::Top,
    };
    let median = |mut t: Vec<f64>| {
        t.sort_by(f64::total_cmp);
        t[t.len() / 2]
    };
    let time = |f: &mut dyn FnMut()| {
        median(
            (0..101)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed().as_secs_f64() * 1000.0
                })
                .collect(),
        )
    };
    let query = time(&mut || {
        b.query(at.clone());
    });
    let counts = time(&mut || {
        b.store
            .board_counts_upto(now(), Some(sredesk::store::CLOCK_COUNTED))
            .unwrap();
    });
    let page = b.query(at.clone());
    let seq = b.model.board.next_seq;
    update(
        &mut b.model,
        Msg::BoardLoaded {
            seq,
            result: Ok(page),
        },
    );
    let render = time(&mut || b.render());
    let total = time(&mut || b.refresh_and_render(at.clone()));
    [total, query, counts, render]
}
