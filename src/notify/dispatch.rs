//! Drains the outbox: claims due deliveries, hands each to its transport
//! and records how it went. The store keeps every state, so a dispatcher
//! dropped mid-drain loses nothing: what it had claimed is due again once
//! the claim's lease lapses, and what was marked sent stays sent.
//!
//! Channels drain side by side: up to [`DrainSettings::emails_at_once`]
//! messages to the SMTP relay (each over its own kept connection), one at
//! a time to the SMS gateway, and up to [`DrainSettings::robots_at_once`]
//! to distinct group robots (one at a time to each, within its pacing), so
//! a relay that hangs holds back its own mail and nothing else. Each send
//! is its own claim. A drain tries each delivery at most once: a retry
//! that falls due meanwhile waits for the next drain, so a drain always
//! ends.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::AtomicUsize;

use chrono::Duration;
use futures_util::stream::FuturesUnordered;
use futures_util::{FutureExt, StreamExt};
use serde::Serialize;

pub use super::settle::Watch;
use super::settle::{Note, Settle, settle, settle_at_once};
use crate::clock::Clock;
use crate::domain::notice::{Channel, Delivery, DeliveryState, RetryPolicy, SendError, Sent};
use crate::store::{Skip, Store};

/// Anything that can take a delivery: the real transports, or in tests a
/// transport pointed at servers the test runs.
pub trait Transport {
    fn send(&self, d: &Delivery) -> impl Future<Output = Result<Sent, SendError>>;
}

/// How a drain goes about it.
#[derive(Clone, Copy, Debug)]
pub struct DrainSettings {
    pub policy: RetryPolicy,
    /// How long a claim holds before another drain may take it. Longer
    /// than any transport's longest send, so a slow send is never doubled.
    pub lease: Duration,
    /// Sends in flight at once to distinct group robots.
    pub robots_at_once: usize,
    /// Messages in flight at once to the SMTP relay.
    pub emails_at_once: usize,
    /// Messages a minute each group robot takes.
    pub pacing: crate::domain::pacing::Pacing,
}

impl DrainSettings {
    pub fn new(policy: RetryPolicy, longest_send_seconds: u32) -> DrainSettings {
        DrainSettings {
            policy,
            lease: Duration::seconds(i64::from(longest_send_seconds) + 60),
            robots_at_once: 4,
            emails_at_once: 4,
            pacing: crate::domain::pacing::Pacing::default(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub delivery: i64,
    pub notice: i64,
    /// For people to read: a robot's key is masked.
    pub address: String,
    pub channel: Channel,
    pub state: DeliveryState,
    /// The server's answer when sent, the reason when not.
    pub detail: String,
}

/// What one drain did, in the order the deliveries settled.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DrainReport {
    pub outcomes: Vec<Outcome>,
    /// What went wrong with the store on the way (a claim that could not
    /// be taken, an outcome that could not be recorded): never silent.
    pub errors: Vec<String>,
}

impl DrainReport {
    pub fn count(&self, state: DeliveryState) -> usize {
        self.outcomes.iter().filter(|o| o.state == state).count()
    }
}

/// Sends everything due now, once each: a delivery that fails is given a
/// later time (or given up), and waits for the next drain.
pub async fn drain_once<T: Transport>(
    store: &mut Store,
    transport: &T,
    clock: &dyn Clock,
    settings: &DrainSettings,
) -> DrainReport {
    drain_until(store, transport, clock, settings, &|| false).await
}

/// As [`drain_once`], checking `stop` before each claim: nothing is
/// claimed that is not tried, so a clean shutdown leaves nothing waiting
/// on a lease.
pub async fn drain_until<T: Transport>(
    store: &mut Store,
    transport: &T,
    clock: &dyn Clock,
    settings: &DrainSettings,
    stop: &dyn Fn() -> bool,
) -> DrainReport {
    let unrecorded = AtomicUsize::new(0);
    let watch = Watch {
        stop,
        unrecorded: &unrecorded,
        note: &|n: Note| tracing::debug!("{n}"),
    };
    drain_watched(store, transport, clock, settings, &watch).await
}

/// As [`drain_until`], telling `watch` what waits.
pub async fn drain_watched<T: Transport>(
    store: &mut Store,
    transport: &T,
    clock: &dyn Clock,
    settings: &DrainSettings,
    watch: &Watch<'_>,
) -> DrainReport {
    let store = RefCell::new(store);
    let ctx = Settle {
        store: &store,
        clock,
        policy: &settings.policy,
        watch,
    };
    let mut report = DrainReport::default();
    let mut lanes = Lanes::new(settings);
    let mut in_flight: FuturesUnordered<Pin<Box<dyn Future<Output = Step> + '_>>> =
        FuturesUnordered::new();
    let mut claiming = true;
    loop {
        while claiming && !(watch.stop)() {
            if !lanes.has_room() {
                break;
            }
            // One delivery a claim: a stop asked for between two claims
            // leaves the rest unclaimed, waiting on no lease.
            let claimed = store.borrow_mut().claim_due_skipping(
                clock.now(),
                1,
                settings.lease,
                &settings.pacing,
                &lanes.skip,
            );
            match claimed {
                Ok(due) if due.is_empty() => break,
                Ok(due) => {
                    for d in due {
                        lanes.take(&d);
                        in_flight.push(Box::pin(async move {
                            let result = transport.send(&d).await;
                            Step::Sent(d, result)
                        }));
                    }
                }
                Err(e) => {
                    // The sends in flight still finish and are recorded.
                    let why = format!("the outbox cannot claim deliveries: {e}");
                    tracing::warn!("{why}");
                    report.errors.push(why);
                    claiming = false;
                }
            }
        }
        let Some(first) = in_flight.next().await else {
            break;
        };
        // Every send that has finished meanwhile is recorded with it, in
        // one commit: a burst costs a commit per turn, not per delivery.
        let mut sent = Vec::new();
        let mut next = Some(first);
        while let Some(step) = next {
            match step {
                Step::Sent(d, result) => sent.push((d, result)),
                Step::Settled(d, settled) => finish(&mut lanes, &mut report, &d, settled),
            }
            next = in_flight.next().now_or_never().flatten();
        }
        match settle_at_once(&ctx, &sent) {
            Ok(states) => {
                for ((d, _), settled) in sent.iter().zip(states) {
                    finish(&mut lanes, &mut report, d, Ok(outcome(d, settled)));
                }
            }
            // The store refused them: each is recorded on its own, waiting
            // on the store as long as it takes, while other sends go on.
            Err(why) => {
                for (d, result) in sent {
                    let (ctx, why) = (&ctx, why.clone());
                    in_flight.push(Box::pin(async move {
                        let settled = settle(ctx, &d, result, Some(why)).await;
                        let settled = settled.map(|s| outcome(&d, s));
                        Step::Settled(d, settled)
                    }));
                }
            }
        }
    }
    report
}

/// Where a delivery in flight is.
enum Step {
    /// The far end answered (or did not); not recorded yet.
    Sent(Delivery, Result<Sent, SendError>),
    /// Recorded, or given up on recording.
    Settled(Delivery, Result<Outcome, String>),
}

fn finish(
    lanes: &mut Lanes,
    report: &mut DrainReport,
    d: &Delivery,
    settled: Result<Outcome, String>,
) {
    let done =
        matches!(&settled, Ok(o) if matches!(o.state, DeliveryState::Sent | DeliveryState::Dead));
    lanes.free(d, done);
    match settled {
        Ok(outcome) => report.outcomes.push(outcome),
        Err(why) => report.errors.push(why),
    }
}

/// A recorded send, for the report and the log.
fn outcome(d: &Delivery, (state, detail): (DeliveryState, String)) -> Outcome {
    // Addresses stay out of the log: a robot's URL carries its key.
    match state {
        DeliveryState::Sent => {
            tracing::debug!(delivery = d.id, notice = d.notice_id, channel = %d.channel, "sent")
        }
        _ => tracing::info!(
            delivery = d.id,
            notice = d.notice_id,
            channel = %d.channel,
            %state,
            "not sent: {detail}"
        ),
    }
    Outcome {
        delivery: d.id,
        notice: d.notice_id,
        address: match d.channel {
            Channel::Chat => crate::domain::masking::masked_url(&d.address),
            _ => d.address.clone(),
        },
        channel: d.channel,
        state,
        detail,
    }
}

/// Where sends are in flight, as what the next claim passes over: the
/// deliveries tried and not settled for good, a channel whose server has
/// as many sends as it takes, the robots being posted to (and every robot
/// once enough are).
struct Lanes {
    skip: Skip,
    robots_at_once: usize,
    emails_at_once: usize,
    emails: usize,
}

impl Lanes {
    fn new(settings: &DrainSettings) -> Lanes {
        Lanes {
            skip: Skip::default(),
            robots_at_once: settings.robots_at_once.max(1),
            emails_at_once: settings.emails_at_once.max(1),
            emails: 0,
        }
    }

    fn take(&mut self, d: &Delivery) {
        self.skip.ids.push(d.id);
        match d.channel {
            Channel::Chat => {
                self.skip.robots.push(d.address.clone());
                if self.skip.robots.len() >= self.robots_at_once {
                    self.skip.channels.push(Channel::Chat);
                }
            }
            Channel::Email => {
                self.emails += 1;
                if self.emails >= self.emails_at_once {
                    self.skip.channels.push(Channel::Email);
                }
            }
            other => self.skip.channels.push(other),
        }
    }

    /// Whether any lane takes another send.
    fn has_room(&self) -> bool {
        Channel::ALL.iter().any(|c| !self.skip.channels.contains(c))
    }

    /// `done`: sent or given up, so no claim can return it (the list a
    /// claim passes over stays as short as the sends in flight and the
    /// failures, not the whole burst).
    fn free(&mut self, d: &Delivery, done: bool) {
        if done {
            self.skip.ids.retain(|id| *id != d.id);
        }
        let full = match d.channel {
            Channel::Chat => {
                if let Some(i) = self.skip.robots.iter().position(|a| *a == d.address) {
                    self.skip.robots.swap_remove(i);
                }
                self.skip.robots.len() >= self.robots_at_once
            }
            Channel::Email => {
                self.emails = self.emails.saturating_sub(1);
                self.emails >= self.emails_at_once
            }
            Channel::Sms => false,
        };
        if !full {
            self.skip.channels.retain(|c| *c != d.channel);
        }
    }
}

impl Transport for super::transport::Transports {
    fn send(&self, d: &Delivery) -> impl Future<Output = Result<Sent, SendError>> {
        super::transport::Transports::send(self, d)
    }
}
