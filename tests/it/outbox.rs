//! The outbox end to end: notices composed into a real store file, drained
//! by the real transports to servers on 127.0.0.1 that are down, come up,
//! or hang; the clock is the test's.

mod faults;

use crate::common::http::HttpReceiver;
use crate::common::smtp::SmtpReceiver;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex, mpsc};

use chrono::{DateTime, Duration, TimeZone, Utc};

use sredesk::clock::{Clock, ManualClock};
use sredesk::domain::contact::Contact;
use sredesk::domain::incident::{IncidentEdit, IncidentKind, IncidentLevel, NewIncident};
use sredesk::domain::inventory::Holding;
use sredesk::domain::notice::{Channel, ChatPlatform, DeliveryState, RetryPolicy, Stage};
use sredesk::domain::{CustomerKind, NewCustomer};
use sredesk::notify::compose::{self, Request};
use sredesk::notify::config::{DeliveryMode, EmailConfig, NotifyConfig, SmsConfig, SmtpSecurity};
use sredesk::notify::dispatch::{DrainSettings, drain_once, drain_until};
use sredesk::notify::templates::Templates;
use sredesk::notify::transport::Transports;
use sredesk::store::{Actor, Store};

pub(super) fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0).unwrap()
}

/// A port nothing listens on (until a test starts a server there).
pub(super) fn closed_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub(super) fn live(smtp_port: u16, sms_url: &str) -> NotifyConfig {
    NotifyConfig {
        mode: DeliveryMode::Live,
        email: EmailConfig {
            host: Some("127.0.0.1".into()),
            port: Some(smtp_port),
            security: SmtpSecurity::Plain,
            from: "Cloud Support Desk <desk@sredesk.test>".into(),
            timeout_seconds: 5,
            ..EmailConfig::default()
        },
        sms: SmsConfig {
            url: Some(sms_url.into()),
            timeout_seconds: 5,
            ..SmsConfig::default()
        },
        ..NotifyConfig::default()
    }
}

pub(super) fn settings() -> DrainSettings {
    DrainSettings::new(
        RetryPolicy {
            max_attempts: 5,
            base: Duration::seconds(30),
            cap: Duration::minutes(10),
        },
        5,
    )
}

/// A store file with Acme on ECS in cn-north-4, reachable at the given
/// chat webhook, by email and by SMS, and one incident ready to announce;
/// a notice on `channels` is queued.
pub(super) fn store_with_notice(
    dir: &tempfile::TempDir,
    chat_url: &str,
    channels: &[Channel],
) -> Store {
    let mut s = Store::open(&dir.path().join("s.db")).unwrap();
    let a = Actor {
        engineer: "alice",
        now: t0(),
    };
    s.add_customer(
        &NewCustomer {
            name: "Acme".into(),
            kind: CustomerKind::Local,
            owner: None,
        },
        a,
    )
    .unwrap();
    s.add_holdings(
        "Acme",
        &[Holding {
            service: "ECS".into(),
            region: "cn-north-4".into(),
        }],
        a,
    )
    .unwrap();
    // Acme's chat is its WeLink group's robot, which comes with its
    // subscription.
    let start = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    s.add_subscription(
        "Acme",
        &sredesk::domain::subscription::NewSubscription {
            applied_on: start - chrono::Days::new(7),
            start_on: start,
            months: 12,
        },
        None,
        Actor {
            now: t0() - Duration::days(200),
            ..a
        },
    )
    .unwrap();
    for c in [
        Contact::new(Channel::Email, "ops@acme.example", None),
        Contact::new(Channel::Sms, "+8613800000001", None),
        Contact::new(Channel::Chat, chat_url, Some(ChatPlatform::WeLink)),
    ] {
        s.add_contact("Acme", &c.unwrap(), a).unwrap();
    }
    let i = s
        .add_incident(
            &NewIncident {
                title: "OpenSSH regreSSHion".into(),
                kind: IncidentKind::OsVulnerability,
                level: IncidentLevel::new(1).ok(),
                services: vec!["ECS".into()],
                regions: vec!["cn-north-4".into()],
                guidance: "Upgrade openssh-server.".into(),
                next_update_due: None,
            },
            a,
        )
        .unwrap();
    for _ in 0..2 {
        s.advance_incident(i.id, &IncidentEdit::default(), None, a)
            .unwrap();
    }
    let record = s
        .record(sredesk::domain::notice::SubjectKind::Incident, i.id)
        .unwrap();
    let audience = s
        .audience(record.services(), record.regions(), a.now)
        .unwrap();
    let templates = Templates::load(None).unwrap();
    let render =
        |c: &sredesk::notify::NoticeContext| templates.render(c).map_err(|e| e.to_string());
    let req = Request {
        stage: Stage::Initial,
        channels: channels.to_vec(),
        message: String::new(),
        next_update_due: None,
    };
    let plan = compose::plan(
        &record,
        &req,
        &audience,
        "alice",
        t0(),
        chrono_tz::Asia::Shanghai,
        &render,
    )
    .unwrap();
    s.queue_notice(&plan.notice, a).unwrap();
    s
}

pub(super) fn transports(cfg: &NotifyConfig, dir: &tempfile::TempDir) -> Transports {
    let templates = Arc::new(Templates::load(None).unwrap());
    Transports::from_config(cfg, templates, dir.path(), &|_| None).unwrap()
}

pub(super) fn states(s: &Store) -> Vec<(Channel, DeliveryState)> {
    s.notice(1)
        .unwrap()
        .deliveries
        .iter()
        .map(|d| (d.channel, d.state))
        .collect()
}

/// One runtime for a whole test, as in the program: the SMTP pool lives on
/// the runtime that first sent.
pub(super) fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
}

#[test]
fn servers_down_then_up_every_delivery_ends_sent_once() {
    let dir = tempfile::tempdir().unwrap();
    let (smtp_port, http_port) = (closed_port(), closed_port());
    let base = format!("http://127.0.0.1:{http_port}");
    let mut store = store_with_notice(
        &dir,
        &format!("{base}/robot/send?key=acme"),
        &[Channel::Email, Channel::Chat, Channel::Sms],
    );
    let cfg = live(smtp_port, &format!("{base}/sms"));
    let t = transports(&cfg, &dir);
    let clock = ManualClock::new(t0());
    let rt = runtime();

    let report = rt.block_on(drain_once(&mut store, &t, &clock, &settings()));
    assert_eq!(report.count(DeliveryState::Failed), 3, "{report:?}");
    assert!(
        states(&store)
            .iter()
            .all(|(_, s)| *s == DeliveryState::Failed)
    );
    let next = store.notice(1).unwrap().deliveries[0].next_attempt_at;
    assert_eq!(next, Some(t0() + Duration::seconds(30)));

    let smtp = SmtpReceiver::start_on(smtp_port);
    let http = HttpReceiver::start_on(http_port, 200, r#"{"errcode":0,"errmsg":"ok"}"#);
    // Not due yet: the backoff holds even though the servers are up.
    clock.advance(Duration::seconds(29));
    let report = rt.block_on(drain_once(&mut store, &t, &clock, &settings()));
    assert!(report.outcomes.is_empty(), "{report:?}");
    clock.advance(Duration::seconds(1));
    let report = rt.block_on(drain_once(&mut store, &t, &clock, &settings()));
    assert_eq!(report.count(DeliveryState::Sent), 3, "{report:?}");

    // Later drains find nothing: none is sent twice.
    clock.advance(Duration::hours(2));
    let report = rt.block_on(drain_once(&mut store, &t, &clock, &settings()));
    assert!(report.outcomes.is_empty());
    assert_eq!(smtp.messages().len(), 1);
    assert_eq!(smtp.messages()[0].to, ["ops@acme.example"]);
    let reqs = http.requests();
    assert_eq!(reqs.len(), 2, "{reqs:?}");
    let paths: Vec<_> = reqs.iter().map(|r| r.path.as_str()).collect();
    assert!(
        paths.contains(&"/robot/send?key=acme") && paths.contains(&"/sms"),
        "{paths:?}"
    );
    let rows = store.notice(1).unwrap().deliveries;
    assert!(
        rows.iter()
            .all(|d| d.state == DeliveryState::Sent && d.attempts == 2),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .all(|d| d.reply.as_deref().is_some_and(|r| !r.is_empty()))
    );
}

#[test]
fn a_dead_delivery_says_why_and_resend_brings_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let http = HttpReceiver::start(200, r#"{"errcode":93000,"errmsg":"invalid webhook url"}"#);
    let mut store = store_with_notice(&dir, &http.url("/robot"), &[Channel::Chat]);
    let cfg = live(closed_port(), &http.url("/sms"));
    let t = transports(&cfg, &dir);
    let clock = ManualClock::new(t0());
    let rt = runtime();
    let report = rt.block_on(drain_once(&mut store, &t, &clock, &settings()));
    assert_eq!(report.count(DeliveryState::Dead), 1, "{report:?}");
    let row = &store.notice(1).unwrap().deliveries[0];
    assert!(
        row.last_error
            .as_deref()
            .unwrap()
            .contains("invalid webhook url"),
        "{row:?}"
    );
    let a = Actor {
        engineer: "alice",
        now: clock.now(),
    };
    assert_eq!(store.resend_failed(1, a).unwrap(), 1);
    assert_eq!(states(&store), [(Channel::Chat, DeliveryState::Queued)]);
}

/// An HTTP server whose first connection is accepted and never answered
/// (a send in flight when the program stops); later ones get 200. Each
/// request's Idempotency-Key is recorded.
struct HangingGateway {
    port: u16,
    first_accepted: mpsc::Receiver<()>,
    keys: Arc<Mutex<Vec<String>>>,
}

fn read_request(stream: &mut TcpStream) -> String {
    let mut buf = Vec::new();
    let mut byte = [0u8; 1];
    while !buf.ends_with(b"\r\n\r\n") {
        if stream.read(&mut byte).unwrap_or(0) == 0 {
            break;
        }
        buf.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&buf).into_owned();
    let len: usize = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-length")
                .then(|| v.trim().parse().ok())?
        })
        .unwrap_or(0);
    let mut body = vec![0u8; len];
    let _ = stream.read_exact(&mut body);
    head
}

impl HangingGateway {
    fn start() -> HangingGateway {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let (tx, first_accepted) = mpsc::channel();
        let keys = Arc::new(Mutex::new(Vec::new()));
        let seen = keys.clone();
        std::thread::spawn(move || {
            let mut held = Vec::new();
            for (n, stream) in listener.incoming().enumerate() {
                let Ok(mut stream) = stream else { continue };
                let head = read_request(&mut stream);
                let key = head
                    .lines()
                    .find_map(|l| {
                        let (k, v) = l.split_once(':')?;
                        k.eq_ignore_ascii_case("idempotency-key")
                            .then(|| v.trim().to_string())
                    })
                    .unwrap_or_default();
                seen.lock().unwrap().push(key);
                if n == 0 {
                    held.push(stream);
                    let _ = tx.send(());
                    continue;
                }
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 15\r\nConnection: close\r\n\r\n{\"status\":\"ok\"}",
                );
            }
        });
        HangingGateway {
            port,
            first_accepted,
            keys,
        }
    }
}

#[test]
fn a_dispatcher_stopped_mid_send_resumes_and_sent_ones_stay_sent() {
    let dir = tempfile::tempdir().unwrap();
    let gateway = HangingGateway::start();
    let smtp = SmtpReceiver::start(&[]);
    // The SMS's send hangs; the email goes beside it, and once it is
    // recorded the drain is dropped (the program killed mid-send).
    let db = dir.path().join("s.db");
    let mut store = store_with_notice(
        &dir,
        "https://unused.example/x",
        &[Channel::Sms, Channel::Email],
    );
    let cfg = live(
        smtp.port(),
        &format!("http://127.0.0.1:{}/sms", gateway.port),
    );
    let t = transports(&cfg, &dir);
    let clock = ManualClock::new(t0());
    let rt = runtime();
    let s = settings();

    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let accepted = gateway.first_accepted;
    std::thread::spawn(move || {
        if accepted.recv().is_err() {
            return;
        }
        let watcher = crate::common::raw_connection(&db).unwrap();
        let email_state = || -> String {
            watcher
                .query_row(
                    "SELECT state FROM deliveries WHERE channel = 'email'",
                    [],
                    |r| r.get(0),
                )
                .unwrap()
        };
        while email_state() != "sent" {
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let _ = stop_tx.send(());
    });
    rt.block_on(async {
        tokio::select! {
            _ = drain_once(&mut store, &t, &clock, &s) => panic!("the hung send cannot finish"),
            _ = stop_rx => {}
        }
    });
    assert_eq!(
        states(&store),
        [
            (Channel::Email, DeliveryState::Sent),
            (Channel::Sms, DeliveryState::Sending)
        ]
    );

    // Restarted at once: the email stays sent; the SMS caught mid-send
    // waits for its claim to lapse, so two dispatchers never send it side
    // by side.
    let report = rt.block_on(drain_once(&mut store, &t, &clock, &s));
    assert!(report.outcomes.is_empty(), "{report:?}");
    clock.advance(s.lease);
    let report = rt.block_on(drain_once(&mut store, &t, &clock, &s));
    assert_eq!(report.count(DeliveryState::Sent), 1, "{report:?}");
    assert_eq!(report.outcomes[0].channel, Channel::Sms);
    assert!(
        states(&store)
            .iter()
            .all(|(_, st)| *st == DeliveryState::Sent)
    );
    assert_eq!(smtp.messages().len(), 1, "the email went once");
    // The gateway saw the SMS twice (the first never answered) with one
    // key, so it can drop the repeat.
    let keys = gateway.keys.lock().unwrap().clone();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert_eq!(keys[0], keys[1]);
    // The key carries the store's own random id, so another desk's
    // deliveries never share it.
    let prefix = format!("sredesk-{}-", store.store_id().unwrap());
    assert!(keys[0].starts_with(&prefix), "{keys:?}");
}

#[test]
fn a_clean_stop_gives_back_what_it_had_not_tried() {
    let dir = tempfile::tempdir().unwrap();
    let smtp = SmtpReceiver::start(&[]);
    let http = HttpReceiver::start(200, r#"{"errcode":0,"errmsg":"ok"}"#);
    let mut store = store_with_notice(
        &dir,
        &http.url("/robot"),
        &[Channel::Email, Channel::Chat, Channel::Sms],
    );
    let cfg = live(smtp.port(), &http.url("/sms"));
    let t = transports(&cfg, &dir);
    let clock = ManualClock::new(t0());
    let rt = runtime();
    // Stop after the first claim: the drain asks before each one, so the
    // others are never claimed and wait on no lease.
    let asked = std::cell::Cell::new(0);
    let stop = || {
        asked.set(asked.get() + 1);
        asked.get() > 1
    };
    let report = rt.block_on(drain_until(&mut store, &t, &clock, &settings(), &stop));
    assert_eq!(report.outcomes.len(), 1);
    let pending: Vec<_> = states(&store)
        .into_iter()
        .filter(|(_, s)| *s != DeliveryState::Sent)
        .collect();
    assert_eq!(pending.len(), 2);
    assert!(
        pending.iter().all(|(_, s)| *s == DeliveryState::Queued),
        "{pending:?}"
    );
    // The next start sends the rest at once, with no lease to wait for.
    let report = rt.block_on(drain_once(&mut store, &t, &clock, &settings()));
    assert_eq!(report.count(DeliveryState::Sent), 2);
    assert_eq!(smtp.messages().len() + http.requests().len(), 3);
}
