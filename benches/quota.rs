//! The quota pane's refresh + render at 160x48 with 1,000 and 10,000
//! subscribed customers, as the dashboard does it on a store change:
//! `update` asks for the pane's window, the store worker's `execute`
//! answers it (nothing read when the quota version and the window are as
//! last read), `update` takes the answer in, and the board screen is
//! drawn with the pane beside it. Two cases: a change that leaves quotas
//! alone (nearly every change), and one customer's use taken or given
//! back before each refresh (untimed), which makes the store compute that
//! customer's summary again and read the window. The goal is a cost that
//! grows far slower than the customers: 10k at most 1.5 times 1k.
//!
//! Stores are generated once into Cargo's target tmp dir and reused.

// A benchmark that cannot set up fails: unwrapping says where.
#![allow(clippy::unwrap_used)]

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeZone, Utc};
use criterion::{BenchmarkId, Criterion};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use sredesk::app::{Effect, Model, Msg, update};
use sredesk::clock::ManualClock;
use sredesk::domain::{EscalationKind, NewEscalation, Severity, TriageOp};
use sredesk::runtime::{Session, execute};
use sredesk::store::{Actor, Store};
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
    session: Session,
    /// The customer whose quota each change uses or gives back.
    customer: String,
    /// The escalation holding the unit taken last, to withdraw next.
    taken: Option<i64>,
    changes: u64,
}

impl Bench {
    fn new(customers: usize) -> Bench {
        let mut model = Model::new("bench", "bench.db", now());
        model.width = WIDTH;
        model.height = HEIGHT;
        let mut store = store(customers);
        // The customer with the most left, so a unit is always there.
        let customer = store
            .quota_board(now())
            .unwrap()
            .last()
            .unwrap()
            .customer
            .name
            .clone();
        let render: sredesk::notify::Render =
            Arc::new(|_: &sredesk::notify::NoticeContext| Err("no notices here".to_string()));
        Bench {
            store,
            model,
            terminal: Terminal::new(TestBackend::new(WIDTH, HEIGHT)).unwrap(),
            theme: Theme::new(true),
            session: Session::new("bench", Arc::new(ManualClock::new(now())), render),
            customer,
            taken: None,
            changes: 0,
        }
    }

    /// Another engineer's change to one customer's quota: a Faster
    /// Service unit taken, or (next time) given back by withdrawing the
    /// escalation within the grace period, so the quota stays level.
    fn change_quota(&mut self) {
        let actor = Actor {
            engineer: "other",
            now: now(),
        };
        match self.taken.take() {
            Some(id) => {
                let op = TriageOp::Withdraw { reason: None };
                self.store.triage(id, &op, actor).unwrap();
            }
            None => {
                self.changes += 1;
                let e = NewEscalation {
                    customer: self.customer.clone(),
                    ticket_no: format!("BENCH-{}-{}", std::process::id(), self.changes),
                    title: "bench".into(),
                    description: String::new(),
                    kind: EscalationKind::Faster,
                    severity: Severity::S4,
                    reported_at: now(),
                };
                self.taken = Some(self.store.add_escalation(&e, actor).unwrap().id);
            }
        }
    }

    /// What a store change costs the pane: `update`'s window request,
    /// `execute` (the store worker's), `update` with the answer, a draw.
    fn refresh_and_render(&mut self) {
        let mut fx: Vec<Effect> = update(&mut self.model, Msg::StoreChanged)
            .into_iter()
            .filter(|e| matches!(e, Effect::LoadQuotas(_)))
            .collect();
        while let Some(e) = fx.pop() {
            if let Some(msg) = execute(&mut self.store, &e, &mut self.session) {
                fx.extend(update(&mut self.model, msg));
            }
        }
        self.terminal.clear().unwrap();
        let (model, theme) = (&self.model, &self.theme);
        self.terminal.draw(|f| draw(f, model, theme)).unwrap();
    }

    /// One timed refresh, after an untimed quota change when `changed`.
    fn timed(&mut self, changed: bool) -> Duration {
        if changed {
            self.change_quota();
        }
        let t = Instant::now();
        self.refresh_and_render();
        t.elapsed()
    }
}

/// Median milliseconds of each bench's refresh+render, alternating.
fn interleaved_medians(benches: &mut [(usize, Bench)], changed: bool, runs: usize) -> Vec<f64> {
    let mut times = vec![Vec::with_capacity(runs); benches.len()];
    for _ in 0..runs {
        for (i, (_, b)) in benches.iter_mut().enumerate() {
            times[i].push(b.timed(changed).as_secs_f64() * 1000.0);
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
        if changed {
            // Each timed refresh follows an untimed, synced write: keep
            // the count of them (and the run's length) down.
            group
                .sample_size(10)
                .warm_up_time(Duration::from_millis(300))
                .measurement_time(Duration::from_secs(1));
        }
        for (n, b) in benches.iter_mut() {
            group.bench_function(BenchmarkId::from_parameter(n), |bench| {
                bench.iter_custom(|iters| (0..iters).map(|_| b.timed(changed)).sum())
            });
        }
        group.finish();
    }
    c.final_summary();

    println!();
    for (name, changed) in CASES {
        let runs = 400;
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
