//! The outbox's background sender while the dashboard is open: a thread of
//! its own with its own store connection, so a slow SMTP server never holds
//! up the screen or the engineer's writes.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use crate::clock::Clock;
use crate::domain::desk::DeskRules;
use crate::notify::dispatch::{DrainSettings, drain_until};
use crate::notify::transport::Transports;
use crate::store::Store;

/// How often it looks for work queued by anyone (this dashboard, a script,
/// another engineer): one cheap `data_version` read.
const POLL: Duration = Duration::from_millis(500);
/// How long quitting waits for a send in flight before leaving it to its
/// lease.
const STOP_GRACE: Duration = Duration::from_secs(3);

pub struct OutboxThread {
    stop: Arc<AtomicBool>,
    done: mpsc::Receiver<()>,
}

impl OutboxThread {
    pub fn spawn(
        path: PathBuf,
        rules: DeskRules,
        transports: Transports,
        settings: DrainSettings,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<OutboxThread> {
        let mut store = Store::open(&path)?;
        store.set_rules(rules);
        let stop = Arc::new(AtomicBool::new(false));
        let (done_tx, done) = mpsc::channel();
        let flag = stop.clone();
        std::thread::Builder::new()
            .name("sredesk-dispatcher".into())
            .spawn(move || {
                let runtime = match tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    Ok(r) => r,
                    Err(_) => return,
                };
                runtime.block_on(run(
                    &mut store,
                    &transports,
                    &settings,
                    clock.as_ref(),
                    &flag,
                ));
                let _ = done_tx.send(());
            })?;
        Ok(OutboxThread { stop, done })
    }
}

async fn run(
    store: &mut Store,
    transports: &Transports,
    settings: &DrainSettings,
    clock: &dyn Clock,
    stop: &AtomicBool,
) {
    let stopping = || stop.load(Ordering::Relaxed);
    let mut seen_version = None;
    let mut next_due = None;
    while !stopping() {
        let version = store.data_version().ok();
        let due_now = next_due.is_some_and(|t| t <= clock.now());
        if version != seen_version || due_now {
            // A failing store (locked, disk full) is tried again on the next
            // poll; deliveries stay safe in the outbox meanwhile.
            let _ = drain_until(store, transports, clock, settings, &stopping).await;
            next_due = store.next_delivery_due().ok().flatten();
            // The version read before the drain: our own writes never move
            // it, and reading it again here would swallow a notice queued
            // by another connection between the due time read just above
            // and that second read, leaving it unsent while nothing else
            // changes.
            seen_version = version;
        }
        tokio::time::sleep(POLL).await;
    }
}

impl Drop for OutboxThread {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        let _ = self.done.recv_timeout(STOP_GRACE);
    }
}
