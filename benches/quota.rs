//! The quota pane's refresh + render at 160x48 with 1,000 and 10,000
//! subscribed customers, as the dashboard does it on a store change: ask
//! whether anything the pane shows changed (the quota version), read every
//! customer's quotas again only if so, hand them to `update`, and draw the
//! board screen with the pane beside it. The goal is a cost that grows far
//! slower than the customers (10k at most 1.5 times 1k) on a change that
//! leaves quotas alone, which is nearly every change; a change of quotas
//! pays for one aggregate read, measured apart.
//!
//! Stores are generated once into Cargo's target tmp dir and reused.

// A benchmark that cannot set up fails: unwrapping says where.
#![allow(clippy::unwrap_used)]

mod common;

use std::time::Instant;

use chrono::{DateTime, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use sredesk::app::{Model, Msg, update};
use sredesk::store::Store;
use sredesk::ui::{Theme, draw};

const CUSTOMERS: [usize; 2] = [1_000, 10_000];
const WIDTH: u16 = 160;
const HEIGHT: u16 = 48;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
}

fn store(customers: usize) -> Store {
    common::cached_store(&format!("quota-{customers}"), |s| {
        sredesk::demo::fill(s, customers, 3_000, 1, now()).unwrap()
    })
}

struct Bench {
    store: Store,
    model: Model,
    terminal: Terminal<TestBackend>,
    theme: Theme,
    /// The quota version of the last read.
    read: Option<i64>,
}

impl Bench {
    fn new(customers: usize) -> Bench {
        let mut model = Model::new("bench", "bench.db", now());
        model.width = WIDTH;
        model.height = HEIGHT;
        Bench {
            store: store(customers),
            model,
            terminal: Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap(),
            theme: Theme::new(true),
            read: None,
        }
    }

    /// What a store change costs the pane: the version, the read when
    /// quotas changed (`changed`, or never read), `update`, a draw.
    fn refresh_and_render(&mut self, changed: bool) {
        let version = self.store.quota_version().unwrap();
        if changed || self.read != Some(version) {
            let refill = self.store.rules().calendar.next_month_start(now());
            let rows = self.store.quota_board(now()).unwrap();
            update(&mut self.model, Msg::QuotasLoaded(Ok((rows, refill))));
            self.read = Some(version);
        }
        self.terminal.clear().unwrap();
        let (model, theme) = (&self.model, &self.theme);
        self.terminal.draw(|f| draw(f, model, theme)).unwrap();
    }
}

/// Median milliseconds of each bench's refresh+render, alternating.
fn interleaved_medians(benches: &mut [(usize, Bench)], changed: bool, runs: usize) -> Vec<f64> {
    let mut times = vec![Vec::with_capacity(runs); benches.len()];
    for _ in 0..runs {
        for (i, (_, b)) in benches.iter_mut().enumerate() {
            let t = Instant::now();
            b.refresh_and_render(changed);
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

const CASES: [(&str, bool); 2] = [("quotas unchanged", false), ("quotas changed", true)];

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut benches: Vec<(usize, Bench)> = CUSTOMERS.iter().map(|n| (*n, Bench::new(*n))).collect();
    for (name, changed) in CASES {
        let mut group = c.benchmark_group(format!(
            "quota pane refresh+render {WIDTH}x{HEIGHT}, {name}"
        ));
        for (n, b) in benches.iter_mut() {
            group.bench_function(BenchmarkId::from_parameter(n), |bench| {
                bench.iter(|| b.refresh_and_render(changed))
            });
        }
        group.finish();
    }
    c.final_summary();

    println!();
    for (name, changed) in CASES {
        let runs = if changed { 40 } else { 400 };
        let m = interleaved_medians(&mut benches, changed, runs);
        println!(
            "quota pane refresh+render {WIDTH}x{HEIGHT} ({name}): 1k customers {:.3} ms, \
             10k customers {:.3} ms, ratio {:.2}",
            m[0],
            m[1],
            m[1] / m[0]
        );
    }
}
