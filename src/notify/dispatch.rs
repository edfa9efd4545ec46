//! Drains the outbox: claims due deliveries, hands each to its transport
//! and records how it went. The store keeps every state, so a dispatcher
//! dropped mid-drain loses nothing: what it had claimed is due again once
//! the claim's lease lapses, and what was marked sent stays sent.

use std::future::Future;

use chrono::Duration;
use serde::Serialize;

use crate::clock::Clock;
use crate::domain::notice::{Delivery, DeliveryState, RetryPolicy, SendError, Sent};
use crate::store::{Result, Store};

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
    /// than any transport's timeout, so a slow send is never doubled.
    pub lease: Duration,
    /// Deliveries claimed at a time.
    pub batch: usize,
    /// Messages a minute each group robot takes.
    pub pacing: crate::domain::pacing::Pacing,
}

impl DrainSettings {
    pub fn new(policy: RetryPolicy, longest_timeout_seconds: u32) -> DrainSettings {
        DrainSettings {
            policy,
            lease: Duration::seconds(i64::from(longest_timeout_seconds) + 60),
            // One at a time: a claim's lease starts when it is claimed, so a
            // delivery waiting behind slow ones in a batch could see its
            // lease lapse and be taken (and sent) by another process too.
            batch: 1,
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
    pub channel: crate::domain::notice::Channel,
    pub state: DeliveryState,
    /// The server's answer when sent, the reason when not.
    pub detail: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct DrainReport {
    pub outcomes: Vec<Outcome>,
}

impl DrainReport {
    pub fn count(&self, state: DeliveryState) -> usize {
        self.outcomes.iter().filter(|o| o.state == state).count()
    }
}

/// Sends everything due now, once each: a delivery that fails is given a
/// later time (or given up), so the drain ends.
pub async fn drain_once<T: Transport>(
    store: &mut Store,
    transport: &T,
    clock: &dyn Clock,
    settings: &DrainSettings,
) -> Result<DrainReport> {
    drain_until(store, transport, clock, settings, &|| false).await
}

/// As [`drain_once`], checking `stop` before each delivery: claims not yet
/// tried are given back, so a clean shutdown leaves nothing waiting on a
/// lease.
pub async fn drain_until<T: Transport>(
    store: &mut Store,
    transport: &T,
    clock: &dyn Clock,
    settings: &DrainSettings,
    stop: &dyn Fn() -> bool,
) -> Result<DrainReport> {
    let mut report = DrainReport::default();
    loop {
        if stop() {
            return Ok(report);
        }
        let due = store.claim_due_paced(
            clock.now(),
            settings.batch,
            settings.lease,
            &settings.pacing,
        )?;
        if due.is_empty() {
            return Ok(report);
        }
        let mut due = due.into_iter();
        while let Some(d) = due.next() {
            if stop() {
                for left in std::iter::once(d).chain(due.by_ref()) {
                    store.release_delivery(&left, clock.now())?;
                }
                return Ok(report);
            }
            let (state, detail) = match transport.send(&d).await {
                Ok(sent) => {
                    store.delivery_sent(&d, &sent.reply, clock.now())?;
                    (DeliveryState::Sent, sent.reply)
                }
                Err(e) => {
                    let state = store.delivery_failed(
                        &d,
                        &e.reason,
                        e.permanent,
                        &settings.policy,
                        clock.now(),
                    )?;
                    (state, e.reason)
                }
            };
            // Addresses stay out of the log: a robot's URL carries its key.
            match state {
                DeliveryState::Sent => tracing::debug!(
                    delivery = d.id,
                    notice = d.notice_id,
                    channel = %d.channel,
                    "sent"
                ),
                _ => tracing::info!(
                    delivery = d.id,
                    notice = d.notice_id,
                    channel = %d.channel,
                    %state,
                    "not sent: {detail}"
                ),
            }
            report.outcomes.push(Outcome {
                delivery: d.id,
                notice: d.notice_id,
                address: match d.channel {
                    crate::domain::notice::Channel::Chat => {
                        crate::domain::masking::masked_url(&d.address)
                    }
                    _ => d.address.clone(),
                },
                channel: d.channel,
                state,
                detail,
            });
        }
    }
}

impl Transport for super::transport::Transports {
    fn send(&self, d: &Delivery) -> impl Future<Output = Result<Sent, SendError>> {
        super::transport::Transports::send(self, d)
    }
}
