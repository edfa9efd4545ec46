//! The outbox's background sender while the dashboard is open: a thread of
//! its own with its own store connection, so a slow SMTP server never holds
//! up the screen or the engineer's writes. What goes wrong on the way (the
//! store refusing a claim, a sent delivery waiting to be recorded) is
//! logged and told to the dashboard's status bar.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::Duration;

use tokio::sync::Notify;

use chrono::{DateTime, Utc};

use super::store_worker::Fatal;
use super::threads::{self, panic_text};
use crate::clock::Clock;
use crate::domain::desk::DeskRules;
use crate::notify::dispatch::{DrainSettings, Watch, drain_watched};
use crate::notify::settle::{Note, PATIENCE_WHEN_STOPPING};
use crate::notify::transport::Transports;
use crate::store::Store;

/// How soon a drain that failed (a locked store, a full disk) is tried
/// again.
const RETRY: Duration = Duration::from_millis(500);
/// The longest it sleeps with nothing due: work queued by anyone wakes it
/// sooner (the store thread sees every other connection's commit and says
/// so), so this only bounds the cost of a wake-up that went missing.
const IDLE: Duration = Duration::from_secs(60);
/// The shortest sleep between two looks.
const SOONEST: Duration = Duration::from_millis(100);
/// How long quitting waits for a send in flight before leaving it to its
/// lease.
const STOP_GRACE: Duration = Duration::from_secs(3);

/// What the sender has to tell the dashboard: a line for the status bar,
/// an error or not.
pub type News = tokio::sync::mpsc::UnboundedSender<(String, bool)>;

pub struct OutboxThread {
    stop: Arc<AtomicBool>,
    /// Rung when the store may hold new work for it, and when it is to stop.
    wake: Arc<Notify>,
    /// Sent deliveries whose record waits for the store.
    unrecorded: Arc<AtomicUsize>,
    done: mpsc::Receiver<()>,
}

impl OutboxThread {
    /// `store`: a connection of the thread's own to the desk.
    pub fn spawn(
        mut store: Store,
        rules: DeskRules,
        transports: Transports,
        settings: DrainSettings,
        clock: Arc<dyn Clock>,
        fatal: Fatal,
        news: News,
    ) -> anyhow::Result<OutboxThread> {
        store.set_rules(rules);
        let stop = Arc::new(AtomicBool::new(false));
        let wake = Arc::new(Notify::new());
        let woken = wake.clone();
        let (done_tx, done) = mpsc::channel();
        let flag = stop.clone();
        let unrecorded = Arc::new(AtomicUsize::new(0));
        let waiting = unrecorded.clone();
        std::thread::Builder::new()
            .name(threads::OUTBOX.into())
            .spawn(move || {
                let work = std::panic::AssertUnwindSafe(|| {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                        .map_err(|e| format!("the outbox sender cannot start: {e}"))?;
                    let sender = Sender {
                        transports: &transports,
                        settings: &settings,
                        clock: clock.as_ref(),
                        stop: &flag,
                        wake: &woken,
                        unrecorded: &waiting,
                        news: &news,
                    };
                    runtime.block_on(sender.run(&mut store));
                    Ok::<(), String>(())
                });
                let stopped = match std::panic::catch_unwind(work) {
                    Ok(Ok(())) => None,
                    Ok(Err(why)) => Some(why),
                    Err(panic) => Some(format!(
                        "the outbox sender stopped: {}",
                        panic_text(&*panic)
                    )),
                };
                if let Some(why) = stopped {
                    tracing::error!("{why}");
                    // Deliveries stay queued in the store; the next
                    // dashboard or `notice send-pending` sends them.
                    if fatal
                        .send(format!("{why}; queued notices wait in the outbox"))
                        .is_err()
                    {
                        tracing::error!("the outbox sender stopped after the dashboard");
                    }
                }
                // Quitting waits on this; a quit already past its wait
                // has no one to tell.
                if done_tx.send(()).is_err() {
                    tracing::debug!("the outbox sender stopped after quitting gave up on it");
                }
            })?;
        Ok(OutboxThread {
            stop,
            wake,
            unrecorded,
            done,
        })
    }

    /// What wakes the sender: rung by the store thread when another
    /// connection committed or this dashboard wrote.
    pub fn waker(&self) -> Arc<Notify> {
        self.wake.clone()
    }
}

struct Sender<'a> {
    transports: &'a Transports,
    settings: &'a DrainSettings,
    clock: &'a dyn Clock,
    stop: &'a AtomicBool,
    wake: &'a Notify,
    unrecorded: &'a AtomicUsize,
    news: &'a News,
}

impl Sender<'_> {
    /// Logged, and shown unless it is what the status bar was last told
    /// (a store that stays locked is said once, not every poll).
    fn trouble(&self, text: String, last: &mut Option<String>) {
        tracing::warn!("{text}");
        if last.as_deref() != Some(text.as_str()) {
            self.tell(text.clone(), true);
            *last = Some(text);
        }
    }

    fn tell(&self, text: String, error: bool) {
        if self.news.send((text, error)).is_err() {
            tracing::debug!("the dashboard is gone; the outbox sender's news is only logged");
        }
    }

    async fn run(&self, store: &mut Store) {
        let stopping = || self.stop.load(Ordering::Relaxed);
        let note = |n: Note| {
            let error = !matches!(n, Note::Recorded { .. });
            self.tell(format!("outbox: {n}"), error);
        };
        let watch = Watch {
            stop: &stopping,
            unrecorded: self.unrecorded,
            note: &note,
        };
        let mut last_trouble = None;
        let mut seen_version = None;
        let mut next_due = None;
        while !stopping() {
            let mut failed = false;
            let version = match store.data_version() {
                Ok(v) => Some(v),
                Err(e) => {
                    let why = format!("the outbox sender cannot read the store's version: {e}");
                    self.trouble(why, &mut last_trouble);
                    failed = true;
                    None
                }
            };
            let due_now = next_due.is_some_and(|t| t <= self.clock.now());
            if version != seen_version || due_now {
                // A failing store (locked, disk full) is tried again soon;
                // deliveries stay safe in the outbox meanwhile.
                let report =
                    drain_watched(store, self.transports, self.clock, self.settings, &watch).await;
                failed |= !report.errors.is_empty();
                for e in report.errors {
                    self.trouble(format!("outbox: {e} (tried again soon)"), &mut last_trouble);
                }
                next_due = match store.next_delivery_due() {
                    Ok(due) => due,
                    Err(e) => {
                        let why = format!("the outbox's next due delivery cannot be read: {e}");
                        self.trouble(why, &mut last_trouble);
                        failed = true;
                        None
                    }
                };
                // The version read before the drain: our own writes never
                // move it, and reading it again here would swallow a notice
                // queued by another connection between the due time read
                // just above and that second read, leaving it unsent while
                // nothing else changes.
                seen_version = version;
            }
            // Trouble said in the status bar is said to be over, once: a
            // lost server connection made again, a lock let go.
            if !failed && last_trouble.take().is_some() {
                self.tell(
                    "outbox: the store answers again; sending resumed".into(),
                    false,
                );
            }
            let wait = sleep_for(failed, next_due, self.clock.now());
            // A wake-up rung while draining is kept by the Notify, so a
            // notice queued meanwhile is not slept through.
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(wait) => {}
            }
        }
    }
}

/// How long the sender may sleep: until the next due delivery (a retry's
/// backoff ending), sooner after a failure, at most `IDLE`; never less
/// than `SOONEST`, so a delivery still due after a drain (held by another
/// sender's claim, paced) is not spun on.
fn sleep_for(failed: bool, next_due: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Duration {
    let until_due = next_due.map_or(IDLE, |t| (t - now).to_std().unwrap_or(Duration::ZERO));
    let wait = until_due.clamp(SOONEST, IDLE);
    if failed { wait.min(RETRY) } else { wait }
}

impl Drop for OutboxThread {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.wake.notify_one();
        if self.done.recv_timeout(STOP_GRACE).is_ok() {
            return;
        }
        let waiting = self.unrecorded.load(Ordering::SeqCst);
        if waiting == 0 {
            // Its claims lapse and another drain takes them over.
            tracing::warn!(
                "quitting without waiting longer for a send in flight ({}s)",
                STOP_GRACE.as_secs()
            );
            return;
        }
        // Sent but not recorded: leaving now would send them again once
        // their claims lapse. The terminal is already given back, so this
        // is said on stderr as well as in the log.
        let patience = PATIENCE_WHEN_STOPPING + Duration::from_secs(5);
        say(&format!(
            "waiting up to {}s for the store to record {waiting} sent deliveries \
             (another process holds it)",
            patience.as_secs()
        ));
        let deadline = std::time::Instant::now() + patience;
        while self.unrecorded.load(Ordering::SeqCst) > 0 && std::time::Instant::now() < deadline {
            // The thread may still be in another send; what matters is
            // the records.
            if self.done.recv_timeout(Duration::from_millis(100)).is_ok() {
                break;
            }
        }
        if self.unrecorded.load(Ordering::SeqCst) == 0 {
            say("the sent deliveries are recorded");
            return;
        }
        let left = self.unrecorded.load(Ordering::SeqCst);
        say(&format!(
            "quitting with {left} sent deliveries not recorded: they will be sent again \
             when their claims lapse"
        ));
    }
}

fn say(text: &str) {
    tracing::warn!("{text}");
    eprintln!("sredesk: {text}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 2, 9, 0, 0).unwrap()
    }

    #[test]
    fn sleeps_until_the_next_due_delivery_and_no_longer_than_a_minute() {
        let secs = |s: i64| Some(t0() + chrono::Duration::seconds(s));
        assert_eq!(sleep_for(false, secs(7), t0()), Duration::from_secs(7));
        assert_eq!(sleep_for(false, None, t0()), IDLE);
        assert_eq!(sleep_for(false, secs(3600), t0()), IDLE);
        // Due already (held by another sender's claim): not spun on.
        assert_eq!(sleep_for(false, secs(-5), t0()), SOONEST);
        // A failed drain is tried again soon, whatever is due.
        assert_eq!(sleep_for(true, None, t0()), RETRY);
        assert_eq!(sleep_for(true, secs(7), t0()), RETRY);
    }
}
