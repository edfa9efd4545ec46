//! The outbox under faults: a store locked by another process just as a
//! send goes through, a mail relay that accepts and never answers beside a
//! robot that does, and a drain whose retries fall due while it runs.

use std::path::PathBuf;
use std::sync::atomic::AtomicUsize;
use std::sync::{Arc, Mutex};
use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use sredesk::clock::{Clock, ManualClock};
use sredesk::domain::notice::{Channel, DeliveryState};
use sredesk::notify::dispatch::{Watch, drain_once, drain_watched};
use sredesk::notify::settle::Note;

use super::{closed_port, live, runtime, settings, states, store_with_notice, t0, transports};
use crate::common::http::HttpReceiver;

/// A group robot that, as it takes the first message, has another
/// connection take the store's write lock and hold it for `hold` (longer
/// than the store's 5 s busy timeout), then answers "ok". Every request is
/// counted.
fn robot_that_locks(db: PathBuf, hold: StdDuration) -> (String, Arc<Mutex<usize>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let url = format!(
        "http://{}/robot/send?key=acme-robot-key",
        server.server_addr().to_ip().unwrap()
    );
    let seen = Arc::new(Mutex::new(0));
    let count = seen.clone();
    std::thread::spawn(move || {
        while let Ok(request) = server.recv() {
            let first = {
                let mut n = count.lock().unwrap();
                *n += 1;
                *n == 1
            };
            if first {
                let conn = crate::common::raw_connection(&db).unwrap();
                conn.execute_batch("BEGIN IMMEDIATE").unwrap();
                std::thread::spawn(move || {
                    std::thread::sleep(hold);
                    conn.execute_batch("COMMIT").unwrap();
                });
            }
            let ok = tiny_http::Response::from_string(r#"{"errcode":0,"errmsg":"ok"}"#);
            let _ = request.respond(ok);
        }
    });
    (url, seen)
}

#[test]
fn a_send_recorded_after_a_long_lock_is_sent_once() {
    let dir = tempfile::tempdir().unwrap();
    let (url, requests) = robot_that_locks(dir.path().join("s.db"), StdDuration::from_secs(7));
    let mut store = store_with_notice(&dir, &url, &[Channel::Chat]);
    let t = transports(&live(closed_port(), "http://127.0.0.1:9/sms"), &dir);
    let clock = ManualClock::new(t0());
    let rt = runtime();
    let notes = Mutex::new(Vec::new());
    let note = |n: Note| notes.lock().unwrap().push(n);
    let unrecorded = AtomicUsize::new(0);
    let watch = Watch {
        stop: &|| false,
        unrecorded: &unrecorded,
        note: &note,
    };
    let report = rt.block_on(drain_watched(&mut store, &t, &clock, &settings(), &watch));
    assert_eq!(report.count(DeliveryState::Sent), 1, "{report:?}");
    assert!(report.errors.is_empty(), "{report:?}");
    assert_eq!(states(&store), [(Channel::Chat, DeliveryState::Sent)]);
    // It said it was waiting, and then that the record was written.
    let notes = notes.lock().unwrap().clone();
    assert!(
        matches!(notes.first(), Some(Note::Waiting { why, .. }) if why.contains("locked")),
        "{notes:?}"
    );
    assert!(
        matches!(notes.last(), Some(Note::Recorded { .. })),
        "{notes:?}"
    );
    // The store's error text never carries the robot's key.
    assert!(!format!("{notes:?}").contains("acme-robot-key"));
    // Long after any lease, nothing sends it again.
    clock.advance(Duration::hours(2));
    let report = rt.block_on(drain_once(&mut store, &t, &clock, &settings()));
    assert!(report.outcomes.is_empty(), "{report:?}");
    assert_eq!(*requests.lock().unwrap(), 1, "the robot got one copy");
}

/// An SMTP server that accepts connections and never says a word.
fn silent_smtp() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    port
}

#[test]
fn a_silent_mail_relay_does_not_hold_the_chat_back() {
    let dir = tempfile::tempdir().unwrap();
    let robot = HttpReceiver::start(200, r#"{"errcode":0,"errmsg":"ok"}"#);
    // Email first in the outbox, so a drain taking one at a time would
    // wait out the relay before the chat.
    let mut store = store_with_notice(&dir, &robot.url("/robot"), &[Channel::Email, Channel::Chat]);
    let mut cfg = live(silent_smtp(), &robot.url("/sms"));
    cfg.email.timeout_seconds = 2;
    let t = transports(&cfg, &dir);
    let clock = ManualClock::new(t0());
    let report = runtime().block_on(drain_once(&mut store, &t, &clock, &settings()));
    let settled: Vec<_> = report
        .outcomes
        .iter()
        .map(|o| (o.channel, o.state))
        .collect();
    assert_eq!(
        settled,
        [
            (Channel::Chat, DeliveryState::Sent),
            (Channel::Email, DeliveryState::Failed)
        ],
        "{report:?}"
    );
    assert!(
        report.outcomes[1].detail.contains("timed out"),
        "{report:?}"
    );
    assert_eq!(robot.requests().len(), 1);
}

/// A clock that moves a minute each time it is read: every retry falls due
/// while the drain is still running.
struct Racing(ManualClock);

impl Clock for Racing {
    fn now(&self) -> DateTime<Utc> {
        let now = self.0.now();
        self.0.advance(Duration::minutes(1));
        now
    }
}

#[test]
fn a_drain_tries_each_delivery_once_and_ends() {
    let dir = tempfile::tempdir().unwrap();
    let http = format!("http://127.0.0.1:{}", closed_port());
    let mut store = store_with_notice(
        &dir,
        &format!("{http}/robot"),
        &[Channel::Email, Channel::Chat, Channel::Sms],
    );
    let t = transports(&live(closed_port(), &format!("{http}/sms")), &dir);
    let clock = Racing(ManualClock::new(t0()));
    let report = runtime().block_on(drain_once(&mut store, &t, &clock, &settings()));
    // One outcome a delivery: the retries wait for the next run.
    let mut tried: Vec<_> = report.outcomes.iter().map(|o| o.delivery).collect();
    tried.sort();
    assert_eq!(tried, [1, 2, 3], "{report:?}");
    assert_eq!(report.count(DeliveryState::Failed), 3);
    let attempts: Vec<_> = store
        .notice(1)
        .unwrap()
        .deliveries
        .iter()
        .map(|d| d.attempts)
        .collect();
    assert_eq!(attempts, [1, 1, 1]);
}

/// The dashboard's sender asked to stop while a sent delivery waits for
/// the store: quitting waits for the record (past its usual grace), says
/// so, and the delivery ends sent, once.
#[test]
fn quitting_waits_for_a_sent_delivery_to_be_recorded() {
    use sredesk::runtime::outbox_thread::OutboxThread;
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    let (url, requests) = robot_that_locks(db.clone(), StdDuration::from_secs(7));
    let store = store_with_notice(&dir, &url, &[Channel::Chat]);
    let rules = store.rules().clone();
    drop(store);
    let t = transports(&live(closed_port(), "http://127.0.0.1:9/sms"), &dir);
    let (fatal, _stopped) = tokio::sync::mpsc::unbounded_channel();
    let (news, mut told) = tokio::sync::mpsc::unbounded_channel();
    let clock = Arc::new(ManualClock::new(t0()));
    let sender = OutboxThread::spawn(
        sredesk::store::Store::open(&db).unwrap(),
        rules,
        t,
        settings(),
        clock,
        fatal,
        news,
    )
    .unwrap();
    // Quit as soon as the robot has the message (the store locked).
    while *requests.lock().unwrap() == 0 {
        std::thread::sleep(StdDuration::from_millis(20));
    }
    drop(sender);
    let store = sredesk::store::Store::open(&db).unwrap();
    assert_eq!(states(&store), [(Channel::Chat, DeliveryState::Sent)]);
    assert_eq!(*requests.lock().unwrap(), 1);
    // The status bar was told it waited.
    let mut lines = Vec::new();
    while let Ok((text, _)) = told.try_recv() {
        lines.push(text);
    }
    assert!(
        lines.iter().any(|l| l.contains("cannot record it yet")),
        "{lines:?}"
    );
}
