//! From a record to a queued notice: the audience read from the store,
//! the notice rendered for each customer, and every delivery queued in one
//! transaction. The CLI, the dashboard's store worker and the demo all
//! queue notices through here.

use super::compose::{self, Plan, Request};
use super::{NoticeContext, Rendering};
use crate::domain::inventory;
use crate::domain::record::Record;
use crate::store::{Actor, AudienceMember, Store};

/// Who hears a notice, as the engineer chose it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Choice<'a> {
    /// Only these customers, instead of those the record's inventory
    /// reaches.
    pub only: &'a [String],
    /// Customers added to those reached.
    pub also: &'a [String],
    /// Customers taken out.
    pub exclude: &'a [String],
}

/// The audience of `record` as chosen, each customer's contacts read now.
/// A name that matches no customer is refused.
pub fn audience(
    store: &Store,
    record: &Record,
    choice: Choice<'_>,
    now: chrono::DateTime<chrono::Utc>,
) -> crate::store::Result<Vec<AudienceMember>> {
    let (services, regions) = (record.services(), record.regions());
    let named = |names: &[String]| {
        names
            .iter()
            .map(|c| store.audience_member(c, services, regions, now))
            .collect::<crate::store::Result<Vec<_>>>()
    };
    let base = if choice.only.is_empty() {
        store.audience(services, regions, now)?
    } else {
        named(choice.only)?
    };
    let mut list = inventory::audience(base, named(choice.also)?, |m| m.customer_id);
    let out: Vec<i64> = named(choice.exclude)?
        .iter()
        .map(|m| m.customer_id)
        .collect();
    list.retain(|m| !out.contains(&m.customer_id));
    Ok(list)
}

/// A notice the store took.
pub struct Queued {
    pub notice_id: i64,
    pub plan: Plan,
}

/// Renders `req` about `record` for each of `audience` and queues it; the
/// store refuses it if the record moved since it was read.
pub fn queue(
    store: &mut Store,
    record: &Record,
    req: &Request,
    audience: &[AudienceMember],
    actor: Actor<'_>,
    render: &dyn Fn(&NoticeContext) -> Result<Rendering, String>,
) -> Result<Queued, String> {
    let plan = plan(store, record, req, audience, actor, render)?;
    let notice_id = store
        .queue_notice(&plan.notice, actor)
        .map_err(|e| e.to_string())?;
    Ok(Queued { notice_id, plan })
}

/// What `queue` would queue, written nowhere: for a dry run, and to refuse
/// a send before anything is written.
pub fn plan(
    store: &Store,
    record: &Record,
    req: &Request,
    audience: &[AudienceMember],
    actor: Actor<'_>,
    render: &dyn Fn(&NoticeContext) -> Result<Rendering, String>,
) -> Result<Plan, String> {
    let tz = store.rules().calendar.tz;
    compose::plan(record, req, audience, actor.engineer, actor.now, tz, render)
}
