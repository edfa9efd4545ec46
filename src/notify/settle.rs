//! Recording how a send went, which must not be given up lightly: a
//! delivery that went but is not recorded as sent is sent again once its
//! claim lapses. So a record the store cannot take yet (another process
//! holding its write lock longer than the busy timeout, a disk full for a
//! moment) is held in memory and written again until it is, and quitting
//! waits for it, within bounds, saying so.

use std::cell::RefCell;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::time::Instant;

use crate::clock::Clock;
use crate::domain::notice::{Delivery, DeliveryState, RetryPolicy, SendError, Sent};
use crate::store::Store;

/// How long a record is tried for while the drain runs on: long past any
/// lock a writer holds, short of a claim's lease (past it, the delivery
/// could be taken by another drain anyway).
const PATIENCE: Duration = Duration::from_secs(10 * 60);
/// How long it is tried for once the drain is asked to stop.
pub const PATIENCE_WHEN_STOPPING: Duration = Duration::from_secs(30);
const FIRST_WAIT: Duration = Duration::from_millis(100);
const LONGEST_WAIT: Duration = Duration::from_secs(2);

/// What a record waiting on the store has to say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// Sent, and its record waits for the store.
    Waiting { delivery: i64, why: String },
    /// The waiting record is written.
    Recorded { delivery: i64 },
    /// Sent, and never recorded: it goes again when its claim lapses.
    GaveUp { delivery: i64, why: String },
}

impl fmt::Display for Note {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Note::Waiting { delivery, why } => write!(
                f,
                "delivery #{delivery} went out but the store cannot record it yet ({why}); \
                 holding it and trying again"
            ),
            Note::Recorded { delivery } => {
                write!(f, "delivery #{delivery} is recorded as sent after waiting")
            }
            Note::GaveUp { delivery, why } => write!(
                f,
                "delivery #{delivery} went out but could not be recorded ({why}); it will be \
                 sent again when its claim lapses (with the same key, so a receiver that \
                 knows it drops the repeat)"
            ),
        }
    }
}

/// What a drain is watched by: when to stop claiming, and whom to tell
/// that a sent delivery waits to be recorded.
pub struct Watch<'a> {
    pub stop: &'a dyn Fn() -> bool,
    /// Sent deliveries not yet recorded (the store busy): quitting waits
    /// for them.
    pub unrecorded: &'a AtomicUsize,
    pub note: &'a dyn Fn(Note),
}

/// What recording needs.
pub(super) struct Settle<'a, 's> {
    pub store: &'a RefCell<&'s mut Store>,
    pub clock: &'a dyn Clock,
    pub policy: &'a RetryPolicy,
    pub watch: &'a Watch<'a>,
}

/// Records `result` for `d`: its state and the detail to report.
pub(super) async fn settle(
    ctx: &Settle<'_, '_>,
    d: &Delivery,
    result: Result<Sent, SendError>,
    refused: Option<String>,
) -> Result<(DeliveryState, String), String> {
    // Recorded as of when the far end answered, however long the store
    // keeps the record waiting.
    let at = ctx.clock.now();
    match result {
        Ok(sent) => {
            let write = |s: &mut Store| s.delivery_sent(d, &sent.reply, at);
            keep_trying(ctx, d, true, refused, write).await?;
            Ok((DeliveryState::Sent, sent.reply))
        }
        Err(e) => {
            let write =
                |s: &mut Store| s.delivery_failed(d, &e.reason, e.permanent, ctx.policy, at);
            let state = keep_trying(ctx, d, false, refused, write).await?;
            Ok((state, e.reason))
        }
    }
}

/// Runs `write` until it succeeds, waiting between tries (the store's own
/// busy timeout waits first), within [`PATIENCE`] or, once the drain is
/// asked to stop, [`PATIENCE_WHEN_STOPPING`]. `refused`: the store already
/// refused this record, written with others (see [`settle_at_once`], which
/// counted it as unrecorded).
async fn keep_trying<R>(
    ctx: &Settle<'_, '_>,
    d: &Delivery,
    sent: bool,
    refused: Option<String>,
    write: impl Fn(&mut Store) -> crate::store::Result<R>,
) -> Result<R, String> {
    let start = Instant::now();
    let mut stopping_since = None;
    let mut wait = FIRST_WAIT;
    let mut waiting = false;
    // Counted from the moment it is sent, not from the first write that
    // failed: the first write may wait the whole busy timeout, longer than
    // quitting's grace, and quitting must know there is a record to wait
    // for.
    if sent && refused.is_none() {
        ctx.watch.unrecorded.fetch_add(1, Ordering::SeqCst);
    }
    let mut refused = refused;
    loop {
        let tried = match refused.take() {
            Some(e) => Err(e),
            None => write(&mut ctx.store.borrow_mut()).map_err(|e| e.to_string()),
        };
        let e = match tried {
            Ok(r) => {
                if sent {
                    ctx.watch.unrecorded.fetch_sub(1, Ordering::SeqCst);
                }
                if waiting && sent {
                    let note = Note::Recorded { delivery: d.id };
                    tracing::info!("{note}");
                    (ctx.watch.note)(note);
                }
                return Ok(r);
            }
            Err(e) => e,
        };
        if !waiting {
            waiting = true;
            if sent {
                let note = Note::Waiting {
                    delivery: d.id,
                    why: e.clone(),
                };
                tracing::warn!("{note}");
                (ctx.watch.note)(note);
            }
        }
        if (ctx.watch.stop)() {
            stopping_since.get_or_insert_with(Instant::now);
        }
        let out_of_patience = start.elapsed() > PATIENCE
            || stopping_since.is_some_and(|t| t.elapsed() > PATIENCE_WHEN_STOPPING);
        if out_of_patience {
            if !sent {
                // The failure goes unrecorded: the claim lapses and the
                // delivery is tried again, as it would have been.
                let why = format!("delivery #{} failed and its record was lost: {e}", d.id);
                tracing::warn!("{why}");
                return Err(why);
            }
            ctx.watch.unrecorded.fetch_sub(1, Ordering::SeqCst);
            let note = Note::GaveUp {
                delivery: d.id,
                why: e,
            };
            tracing::error!("{note}");
            let text = note.to_string();
            (ctx.watch.note)(note);
            return Err(text);
        }
        tokio::time::sleep(wait).await;
        wait = (wait * 2).min(LONGEST_WAIT);
    }
}

/// Records every send in `sent` in one transaction, as of now. When the
/// store refuses, nothing is written and the error is returned: each is
/// then recorded on its own with [`settle`] given that error, which goes
/// on waiting on the store (the sent ones stay counted as unrecorded).
pub(super) fn settle_at_once(
    ctx: &Settle<'_, '_>,
    sent: &[(Delivery, Result<Sent, SendError>)],
) -> Result<Vec<(DeliveryState, String)>, String> {
    use crate::store::Settlement;
    if sent.is_empty() {
        return Ok(Vec::new());
    }
    let outcomes: Vec<(&Delivery, Settlement<'_>)> = sent
        .iter()
        .map(|(d, result)| {
            let s = match result {
                Ok(ok) => Settlement::Sent { reply: &ok.reply },
                Err(e) => Settlement::Failed {
                    reason: &e.reason,
                    permanent: e.permanent,
                },
            };
            (d, s)
        })
        .collect();
    let at = ctx.clock.now();
    // Counted before the write, which may wait the store's busy timeout
    // while quitting looks (see `keep_trying`).
    let went = sent.iter().filter(|(_, r)| r.is_ok()).count();
    ctx.watch.unrecorded.fetch_add(went, Ordering::SeqCst);
    let written = ctx
        .store
        .borrow_mut()
        .deliveries_settled(&outcomes, ctx.policy, at);
    if written.is_ok() {
        ctx.watch.unrecorded.fetch_sub(went, Ordering::SeqCst);
    }
    match written {
        Ok(states) => Ok(states
            .into_iter()
            .zip(sent)
            .map(|(state, (_, result))| {
                let detail = match result {
                    Ok(ok) => ok.reply.clone(),
                    Err(e) => e.reason.clone(),
                };
                (state, detail)
            })
            .collect()),
        Err(e) => Err(e.to_string()),
    }
}
