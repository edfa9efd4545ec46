//! The same board on PostgreSQL: refresh + render at 10k and 1M tickets
//! and their ratio, the 1M board against the same store's SQLite file,
//! and the time from another connection's commit to the board drawn
//! with it (woken by `NOTIFY`, as the dashboard is).
//!
//! The server is a throwaway one started for the run (the tests' own,
//! with their durability shortcuts turned back on: `fsync`,
//! `synchronous_commit` and full-page writes as a real server has them),
//! on a Unix socket. Each store is the SQLite bench store copied in
//! with `store copy`, so both engines hold the same rows.

use std::sync::mpsc;
use std::time::{Duration, Instant};

use criterion::{BenchmarkId, Criterion};

use sredesk::domain::board_filter::BoardFilter;
use sredesk::domain::{EscalationKind, NewEscalation, Severity};
use sredesk::store::pg::{Target, cluster};
use sredesk::store::{Actor, Anchor, Store};

use super::{Bench, PLACES, SIZES, halves, interleaved_medians, now, store};

/// Writes timed from commit to the board drawn with them.
const WRITES: usize = 200;

pub fn run() {
    let server = match cluster::private(
        &[],
        &[
            ("fsync", "on"),
            ("synchronous_commit", "on"),
            ("full_page_writes", "on"),
        ],
    ) {
        Ok(s) => s,
        Err(why) => {
            println!("board on PostgreSQL: SKIPPED ({why})");
            return;
        }
    };
    let mut benches: Vec<(usize, Bench)> = SIZES
        .iter()
        .map(|n| (*n, Bench::over(copied(&server, *n))))
        .collect();

    let mut c = Criterion::default().configure_from_args();
    let mut group = c.benchmark_group(format!(
        "board refresh+render {}x{} top, PostgreSQL",
        super::WIDTH,
        super::HEIGHT
    ));
    for (n, b) in benches.iter_mut() {
        group.bench_function(BenchmarkId::from_parameter(n), |bench| {
            bench.iter(|| b.refresh_and_render(Anchor::Top))
        });
    }
    group.finish();
    c.final_summary();

    println!();
    for (name, depth) in PLACES {
        let m = interleaved_medians(&mut benches, depth, 300);
        println!(
            "PostgreSQL board refresh+render ({name}): 10k tickets {:.3} ms, 1M tickets {:.3} \
             ms, ratio {:.2}",
            m[0],
            m[1],
            m[1] / m[0]
        );
    }
    // The same 1M rows on both engines, in turn.
    let (_, on_pg) = benches.pop().unwrap();
    let mut both = vec![
        ("SQLite", Bench::over(store(1_000_000))),
        ("PostgreSQL", on_pg),
    ];
    for (name, depth) in PLACES {
        let m = interleaved_medians(&mut both, depth, 300);
        println!(
            "1M tickets ({name}): SQLite file {:.3} ms, PostgreSQL {:.3} ms, ratio {:.2}",
            m[0],
            m[1],
            m[1] / m[0]
        );
    }
    for (name, b) in both.iter_mut() {
        let [total, query, counts, render] = halves(b, Some(1_000));
        println!(
            "  {name}, 1M, 1,000 rows down: {total:.3} ms = window query {query:.3} ms, header \
             counts {counts:.3} ms, render {render:.3} ms"
        );
    }
    let (_, on_pg) = both.pop().unwrap();
    write_to_board(on_pg);
}

/// The SQLite bench store of `tickets` copied into a new database.
fn copied(server: &cluster::Cluster, tickets: usize) -> Store {
    let source = store(tickets);
    let url = server.fresh_database(&format!("bench board {tickets}"));
    let started = Instant::now();
    source
        .copy_to_postgres(&Target::parse(&url).unwrap(), &mut |_, _| {})
        .unwrap();
    println!(
        "copied the {tickets}-ticket store into PostgreSQL in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Store::open_postgres(&url, false).unwrap()
}

/// Another connection adds an escalation; the board's listener hears the
/// server's announcement, the board re-reads its window and draws it.
/// Timed from the writer's commit returning to the frame holding the
/// new row, and the writer's commit on its own.
fn write_to_board(mut board: Bench) {
    let mut writer = board.store.open_another().unwrap();
    let mut listener = board
        .store
        .change_source()
        .unwrap()
        .unwrap()
        .listen()
        .unwrap();
    let (heard_tx, heard) = mpsc::channel();
    // The listener's own thread, as in the dashboard: it only waits.
    std::thread::spawn(move || {
        loop {
            match listener.wait(Duration::from_secs(30)) {
                Ok(true) => {
                    if heard_tx.send(Instant::now()).is_err() {
                        return;
                    }
                }
                Ok(false) => {}
                Err(e) => panic!("the listener lost the server: {e}"),
            }
        }
    });
    let customer = board.query(Anchor::Top).rows[0].customer.clone();
    let (mut commits, mut shown) = (Vec::new(), Vec::new());
    for i in 0..WRITES {
        let ticket_no = format!("PROBE-{i:04}");
        // Narrowed to the probe's number, as an engineer waiting for one
        // ticket would: it is then in the window wherever it sorts.
        board.filter = BoardFilter::parse(&ticket_no, "bench").unwrap();
        let started = Instant::now();
        writer
            .add_escalation(
                &NewEscalation {
                    customer: customer.clone(),
                    ticket_no: ticket_no.clone(),
                    title: format!("benchprobe {i}"),
                    description: String::new(),
                    kind: EscalationKind::General,
                    severity: Severity::S5,
                    reported_at: now(),
                },
                Actor {
                    engineer: "bench",
                    now: now(),
                },
            )
            .unwrap();
        let committed = Instant::now();
        commits.push(ms(committed - started));
        heard
            .recv_timeout(Duration::from_secs(10))
            .expect("no announcement within 10 s of a commit");
        board.refresh_and_render(Anchor::Top);
        let page = &board.model.board.page;
        assert!(
            page.rows.iter().any(|r| r.ticket_no == ticket_no),
            "{ticket_no} is not on the board after its announcement"
        );
        shown.push(ms(committed.elapsed()));
        // Announcements of one commit come once; none must be left over.
        while heard.try_recv().is_ok() {}
    }
    let (c, s) = (spread(&mut commits), spread(&mut shown));
    println!(
        "another connection's write on the PostgreSQL board, 1M tickets, {WRITES} writes: \
         commit to drawn median {:.2} ms, p99 {:.2} ms, max {:.2} ms (the commit itself \
         median {:.2} ms, p99 {:.2} ms)",
        s[0], s[1], s[2], c[0], c[1]
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Median, p99 (nearest rank) and max.
fn spread(v: &mut [f64]) -> [f64; 3] {
    v.sort_by(f64::total_cmp);
    let rank = |p: f64| v[((p * v.len() as f64).ceil() as usize).clamp(1, v.len()) - 1];
    [v[(v.len() - 1) / 2], rank(0.99), v[v.len() - 1]]
}
