//! The notice fan-out figure, re-measurable: a store of N customers (1,000
//! by default), each on ECS in cn-north-4 with an email contact and its
//! chat group's robot, one incident notice composed to all of them by
//! email and chat, and the real dispatcher draining the outbox to an SMTP
//! server and an HTTP receiver on 127.0.0.1 started here. Prints the time
//! the drain took, deliveries per second, and what each server received:
//! every delivery exactly once (by its key). Exits 1 if any was lost,
//! doubled or not marked sent.
//!
//!     scripts/fanout-figures.sh            # or, after a release build:
//!     cargo run --release --example fanout_figures -- [CUSTOMERS]

// The receivers are the tests' own (which unwrap: a receiver that cannot
// start says where); this uses only part of them.
#[allow(dead_code, clippy::unwrap_used)]
#[path = "../tests/common/http.rs"]
mod http;
#[allow(dead_code, clippy::unwrap_used)]
#[path = "../tests/common/smtp.rs"]
mod smtp;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context as _, bail};
use chrono::{DateTime, Duration, TimeZone, Utc};

use sredesk::clock::ManualClock;
use sredesk::domain::contact::Contact;
use sredesk::domain::incident::{IncidentEdit, IncidentKind, IncidentLevel, NewIncident};
use sredesk::domain::inventory::Holding;
use sredesk::domain::notice::{Channel, DeliveryState, RetryPolicy, Stage, SubjectKind};
use sredesk::domain::subscription::NewSubscription;
use sredesk::domain::{CustomerKind, NewCustomer};
use sredesk::notify::compose::{self, Request};
use sredesk::notify::config::{DeliveryMode, EmailConfig, NotifyConfig, SmsConfig, SmtpSecurity};
use sredesk::notify::dispatch::{DrainSettings, drain_once};
use sredesk::notify::templates::Templates;
use sredesk::notify::transport::Transports;
use sredesk::store::{Actor, Store};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 2, 0, 0)
        .single()
        .unwrap_or_default()
}

/// N customers reachable by email and chat, and one incident notice to
/// all of them queued; returns the deliveries queued.
fn build(store: &mut Store, customers: usize, http: &str) -> anyhow::Result<usize> {
    let a = Actor {
        engineer: "bench",
        now: now(),
    };
    store.bulk_load_mode()?;
    let new: Vec<NewCustomer> = (0..customers)
        .map(|i| NewCustomer {
            name: format!("Customer {i:05}"),
            // Both platforms: WeCom robots for one kind, WeLink for the other.
            kind: if i % 2 == 0 {
                CustomerKind::InternationalChinese
            } else {
                CustomerKind::Local
            },
            owner: None,
        })
        .collect();
    let start = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).context("a date")?;
    let subscription = NewSubscription {
        applied_on: start - chrono::Days::new(7),
        start_on: start,
        months: 12,
    };
    let earlier = Actor {
        now: now() - Duration::days(200),
        ..a
    };
    let ecs = [Holding {
        service: "ECS".into(),
        region: "cn-north-4".into(),
    }];
    for c in store.add_customers(&new, a)? {
        let n = &c.name[9..];
        let robot = format!("{http}/robot/send?key=robot-{n}");
        store.add_subscription(&c.name, &subscription, Some(&robot), earlier)?;
        store.add_holdings(&c.name, &ecs, a)?;
        let email = Contact::new(Channel::Email, &format!("ops{n}@customer.example"), None)
            .map_err(anyhow::Error::msg)?;
        store.add_contact(&c.name, &email, a)?;
    }
    store.end_bulk_load()?;
    let i = store.add_incident(
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
    )?;
    for _ in 0..2 {
        store.advance_incident(i.id, &IncidentEdit::default(), None, a)?;
    }
    let record = store.record(SubjectKind::Incident, i.id)?;
    let started = Instant::now();
    let audience = store.audience(record.services(), record.regions(), a.now)?;
    println!(
        "audience of {} read in {:.1} ms",
        audience.len(),
        started.elapsed().as_secs_f64() * 1e3
    );
    let templates = Templates::load(None).map_err(|e| anyhow::anyhow!("{e}"))?;
    let render =
        |c: &sredesk::notify::NoticeContext| templates.render(c).map_err(|e| e.to_string());
    let req = Request {
        stage: Stage::Initial,
        channels: channels(),
        message: String::new(),
        next_update_due: None,
    };
    let plan = compose::plan(
        &record,
        &req,
        &audience,
        "bench",
        now(),
        chrono_tz::Asia::Shanghai,
        &render,
    )
    .map_err(anyhow::Error::msg)?;
    let queued = plan.notice.deliveries.len();
    store.queue_notice(&plan.notice, a)?;
    Ok(queued)
}

/// Email and chat, or only the one `FANOUT_CHANNELS` names (to see
/// which costs what).
fn channels() -> Vec<Channel> {
    match std::env::var("FANOUT_CHANNELS").as_deref() {
        Ok("email") => vec![Channel::Email],
        Ok("chat") => vec![Channel::Chat],
        _ => vec![Channel::Email, Channel::Chat],
    }
}

fn config(smtp_port: u16, sms_url: &str) -> NotifyConfig {
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

/// How many times each key arrived.
fn tally(keys: impl Iterator<Item = Option<String>>) -> BTreeMap<String, usize> {
    let mut seen = BTreeMap::new();
    for k in keys {
        *seen.entry(k.unwrap_or_default()).or_insert(0) += 1;
    }
    seen
}

fn main() -> anyhow::Result<()> {
    let customers: usize = match std::env::args().nth(1) {
        Some(n) => n.parse().context("CUSTOMERS is a number")?,
        None => 1_000,
    };
    let dir = tempfile::tempdir()?;
    let smtp = smtp::SmtpReceiver::start(&[]);
    // Both platforms' ways of saying "taken".
    let http = http::HttpReceiver::start(200, r#"{"errcode":0,"code":"0","errmsg":"ok"}"#);
    // FANOUT_DB keeps the store to look into afterwards.
    let path = std::env::var_os("FANOUT_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("fanout.db"));
    let mut store = Store::open(&path)?;
    let started = Instant::now();
    let queued = build(&mut store, customers, &http.base)?;
    println!(
        "{customers} customers, {queued} deliveries queued in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let templates = Arc::new(Templates::load(None).map_err(|e| anyhow::anyhow!("{e}"))?);
    let cfg = config(smtp.port(), &http.url("/sms"));
    let transports = Transports::from_config(&cfg, templates, dir.path(), &|_| None)
        .map_err(anyhow::Error::msg)?;
    let policy = RetryPolicy {
        max_attempts: 5,
        base: Duration::seconds(30),
        cap: Duration::minutes(10),
    };
    let settings = DrainSettings::new(policy, 5);
    let clock = ManualClock::new(now());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let started = Instant::now();
    let report = runtime.block_on(drain_once(&mut store, &transports, &clock, &settings));
    let took = started.elapsed().as_secs_f64();
    let sent = report.count(DeliveryState::Sent);
    println!(
        "drained {} deliveries in {took:.2} s: {:.0} deliveries/s ({sent} sent, {} errors)",
        report.outcomes.len(),
        report.outcomes.len() as f64 / took,
        report.errors.len()
    );
    for e in report.errors.iter().take(5) {
        println!("  error: {e}");
    }

    let mail = tally(smtp.messages().iter().map(|m| m.header("X-Sredesk-Key")));
    let chat = tally(
        http.requests()
            .iter()
            .map(|r| r.header("Idempotency-Key").map(str::to_string)),
    );
    let twice = |t: &BTreeMap<String, usize>| t.values().filter(|&&n| n > 1).count();
    println!(
        "SMTP server: {} messages, {} distinct, {} twice, over {} connections",
        mail.values().sum::<usize>(),
        mail.len(),
        twice(&mail),
        smtp.connections()
    );
    println!(
        "HTTP receiver: {} posts, {} distinct, {} twice",
        chat.values().sum::<usize>(),
        chat.len(),
        twice(&chat)
    );
    let lost = queued - mail.len().min(queued) - chat.len().min(queued);
    if sent != queued || mail.len() + chat.len() != queued || twice(&mail) + twice(&chat) > 0 {
        bail!("{queued} queued, {sent} sent, {lost} not received, or some received twice");
    }
    println!("none lost, none twice");
    Ok(())
}
