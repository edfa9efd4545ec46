//! Drains the outbox: claims due deliveries, hands each to its transport
//! and records how it went. The store keeps every state, so a dispatcher
//! dropped mid-drain loses nothing: what it had claimed is due again once
//! the claim's lease lapses, and what was marked sent stays sent.
//!
//! Channels drain side by side: one send at a time to the SMTP relay and to
//! the SMS gateway (each is one server), and up to
//! [`DrainSettings::robots_at_once`] to distinct group robots, so a relay
//! that hangs holds back its own mail and nothing else. A drain tries each
//! delivery at most once: a retry that falls due meanwhile waits for the
//! next drain, so a drain always ends.

use std::cell::RefCell;
use std::future::Future;
use std::sync::atomic::AtomicUsize;

use chrono::Duration;
use futures_util::StreamExt;
use futures_util::stream::FuturesUnordered;
use serde::Serialize;

pub use super::settle::Watch;
use super::settle::{Note, Settle, settle};
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
    /// Messages a minute each group robot takes.
    pub pacing: crate::domain::pacing::Pacing,
}

impl DrainSettings {
    pub fn new(policy: RetryPolicy, longest_send_seconds: u32) -> DrainSettings {
        DrainSettings {
            policy,
            lease: Duration::seconds(i64::from(longest_send_seconds) + 60),
            robots_at_once: 4,
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
    let mut report = DrainReport::default();
    let mut lanes = Lanes::new(settings.robots_at_once);
    let mut in_flight = FuturesUnordered::new();
    let mut claiming = true;
    loop {
        while claiming && !(watch.stop)() {
            let claimed = store.borrow_mut().claim_due_skipping(
                clock.now(),
                1,
                settings.lease,
                &settings.pacing,
                &lanes.skip,
            );
            match claimed {
                Ok(mut due) => {
                    let Some(d) = due.pop() else { break };
                    lanes.take(&d);
                    let ctx = Settle {
                        store: &store,
                        clock,
                        policy: &settings.policy,
                        watch,
                    };
                    in_flight.push(attempt(ctx, transport, d));
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
        let Some((d, settled)) = in_flight.next().await else {
            break;
        };
        lanes.free(&d);
        match settled {
            Ok(outcome) => report.outcomes.push(outcome),
            Err(why) => report.errors.push(why),
        }
    }
    report
}

/// One send and its record.
async fn attempt<T: Transport>(
    ctx: Settle<'_, '_>,
    transport: &T,
    d: Delivery,
) -> (Delivery, Result<Outcome, String>) {
    let result = transport.send(&d).await;
    let settled = settle(&ctx, &d, result).await;
    let outcome = settled.map(|(state, detail)| {
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
    });
    (d, outcome)
}

/// Where sends are in flight, as what the next claim passes over: the
/// deliveries already tried, a channel whose one server is busy, the
/// robots being posted to (and every robot once enough are).
struct Lanes {
    skip: Skip,
    robots_at_once: usize,
}

impl Lanes {
    fn new(robots_at_once: usize) -> Lanes {
        Lanes {
            skip: Skip::default(),
            robots_at_once: robots_at_once.max(1),
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
            other => self.skip.channels.push(other),
        }
    }

    fn free(&mut self, d: &Delivery) {
        if d.channel == Channel::Chat
            && let Some(i) = self.skip.robots.iter().position(|a| *a == d.address)
        {
            self.skip.robots.swap_remove(i);
        }
        if d.channel != Channel::Chat || self.skip.robots.len() < self.robots_at_once {
            self.skip.channels.retain(|c| *c != d.channel);
        }
    }
}

impl Transport for super::transport::Transports {
    fn send(&self, d: &Delivery) -> impl Future<Output = Result<Sent, SendError>> {
        super::transport::Transports::send(self, d)
    }
}
