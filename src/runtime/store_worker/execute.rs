//! One effect carried out on the store, and the message that says what
//! came of it. The worker thread runs these; so do the tests that drive
//! `update` against a real store.

use std::collections::HashMap;
use std::sync::Arc;

use super::notices;
use crate::app::msg::{Effect, Msg};
use crate::clock::Clock;
use crate::domain::requirement::{Requirement, RequirementOp};
use crate::domain::triage::label;
use crate::notify::Render;
use crate::store::{Actor, Store};

/// What the worker acts with and remembers between requests.
pub struct Session {
    pub engineer: String,
    pub clock: Arc<dyn Clock>,
    pub render: Render,
    /// The store's data_version at the last poll.
    pub seen_version: Option<i64>,
    /// ComposerState draft keys and the ids the store gave them.
    pub drafts: HashMap<u64, i64>,
    /// Where this dashboard's alarm checks last looked.
    pub alarm_watch: Option<crate::store::AlarmWatch>,
    /// What rang here on a read-only store, which cannot record it.
    pub alarms_heard: std::collections::HashSet<(i64, crate::domain::alarm::Mark)>,
    /// The quota version and desk day of the quota pane's last good read:
    /// the same again means its rows are still right.
    pub quotas_read: Option<(i64, chrono::NaiveDate, crate::store::QuotaQuery)>,
    /// Wakes the dashboard's outbox sender, when it has one.
    pub outbox: Option<Arc<tokio::sync::Notify>>,
}

impl Session {
    pub fn new(engineer: &str, clock: Arc<dyn Clock>, render: Render) -> Session {
        Session {
            engineer: engineer.to_string(),
            clock,
            render,
            seen_version: None,
            drafts: HashMap::new(),
            alarm_watch: None,
            alarms_heard: Default::default(),
            quotas_read: None,
            outbox: None,
        }
    }

    /// The store may hold new work for the outbox sender.
    pub fn wake_outbox(&self) {
        if let Some(w) = &self.outbox {
            w.notify_one();
        }
    }
}

/// Carries out one store effect and says what came of it. Shared by the
/// worker thread and by tests that drive `update` against a real store.
pub fn execute(store: &mut Store, effect: &Effect, env: &mut Session) -> Option<Msg> {
    let text = |e: crate::store::StoreError| e.to_string();
    let now = env.clock.now();
    let engineer = env.engineer.as_str();
    let actor = Actor { engineer, now };
    match effect {
        Effect::LoadBoard { seq, query } => Some(Msg::BoardLoaded {
            seq: *seq,
            result: store.board(query).map_err(text),
        }),
        Effect::LoadDetail(id) => {
            let result = store.escalation_file(*id).map(Box::new).map_err(text);
            Some(Msg::DetailLoaded { id: *id, result })
        }
        Effect::Triage { id, op } => {
            let result = store
                .triage(*id, op, actor)
                .map(|t| format!("{} {}", label(&t.after.ticket_no, *id), t.summary))
                .map_err(text);
            Some(Msg::Triaged { id: *id, result })
        }
        Effect::BulkTriage { ids, op } => {
            let (mut done, mut refused) = (Vec::new(), Vec::new());
            for (id, label) in ids {
                match store.triage(*id, op, Actor { engineer, now }) {
                    Ok(_) => done.push((*id, label.clone())),
                    Err(e) => refused.push((*id, label.clone(), e.to_string())),
                }
            }
            Some(Msg::BulkTriaged {
                verb: op.verb().to_string(),
                done,
                refused,
            })
        }
        Effect::Goto(text) => Some(Msg::GotoFound {
            text: text.clone(),
            result: store.find_escalation(text).map_err(text_of),
        }),
        Effect::MarkAll { filter } => Some(Msg::MarkedAll(
            store
                .board_ids(
                    filter.as_ref(),
                    now,
                    crate::app::board::marks::MARK_ALL_LIMIT,
                )
                .map_err(text),
        )),
        Effect::LoadQuotas(query) => {
            // Nothing the pane shows has changed since its last read of
            // the same window (and the day, so every subscription's
            // standing, is the same): no need to read it again.
            let day = store.rules().calendar.date(now);
            let read = match store.quota_version() {
                Ok(v) => Some((v, day, query.clone())),
                Err(e) => {
                    tracing::debug!("the quota version cannot be read ({e}); reading the window");
                    None
                }
            };
            if read.is_some() && read == env.quotas_read {
                return None;
            }
            let refill = store.rules().calendar.next_month_start(now);
            let result = store.quota_window(now, query).map(|w| (w, refill));
            env.quotas_read = if result.is_ok() { read } else { None };
            Some(Msg::QuotasLoaded {
                query: query.clone(),
                result: result.map_err(text),
            })
        }
        Effect::LoadCustomer(name) => Some(Msg::CustomerLoaded {
            name: name.clone(),
            result: store.customer_detail(name, now).map(Box::new).map_err(text),
        }),
        Effect::LoadPipeline { seq, query } => Some(Msg::PipelineLoaded {
            seq: *seq,
            result: store.pipeline(query).map_err(text),
        }),
        Effect::LoadRequirement(id) => {
            let result = store
                .requirement(*id)
                .and_then(|r| Ok((r, store.requirement_history(*id)?)))
                .map_err(text);
            Some(Msg::RequirementLoaded { id: *id, result })
        }
        Effect::StepRequirement { id, seen, op } if *op == RequirementOp::Notify => {
            let render = env.render.clone();
            let result = crate::notify::announce::requirement_result(
                store,
                *id,
                *seen,
                &crate::notify::announce::ResultRequest::default(),
                actor,
                &*render,
            )
            .map(|q| {
                format!(
                    "R&D's decision queued as notice #{} ({}); customer notified once one has gone",
                    q.notice_id,
                    crate::text::plural(q.plan.notice.deliveries.len(), "delivery", "deliveries")
                )
            });
            Some(Msg::RequirementStepped { id: *id, result })
        }
        Effect::StepRequirement { id, seen, op } => {
            let result = store
                .step_requirement_seen(*id, *seen, op, actor)
                .map(|r| format!("#{id} {}", step_summary(&r, op)))
                .map_err(text);
            Some(Msg::RequirementStepped { id: *id, result })
        }
        Effect::LoadNotices => Some(Msg::NoticesLoaded(
            notices::notices_page(store, engineer).map(Box::new),
        )),
        Effect::LoadUpdatesDue { limit } => Some(Msg::UpdatesDueLoaded(
            store.incident_updates_due(*limit).map_err(text),
        )),
        Effect::LoadLedger(id) => Some(Msg::LedgerLoaded {
            id: *id,
            result: store.notice(*id).map(Box::new).map_err(text),
        }),
        Effect::AdvanceRecord(step) => {
            Some(Msg::RecordAdvanced(notices::advance(store, step, actor)))
        }
        Effect::Resend(id) => Some(Msg::Resent {
            id: *id,
            result: store.resend_failed(*id, actor).map_err(text),
        }),
        Effect::LoadAudience {
            seq,
            services,
            regions,
        } => Some(Msg::AudienceLoaded {
            seq: *seq,
            result: store.audience(services, regions, now).map_err(text),
        }),
        Effect::LoadAudienceMember {
            name,
            services,
            regions,
        } => Some(Msg::AudienceMemberLoaded {
            name: name.clone(),
            result: store
                .audience_member(name, services, regions, now)
                .map_err(text),
        }),
        Effect::RenderPreview { seq, context } => Some(Msg::PreviewRendered {
            seq: *seq,
            result: (env.render)(context),
        }),
        Effect::SaveDraft {
            key,
            id,
            kind,
            fields,
        } => Some(Msg::DraftSaved {
            key: *key,
            result: notices::save_draft(store, &mut env.drafts, *key, *id, *kind, fields, actor),
        }),
        Effect::DeleteDraft { key, id } => {
            // Nothing to tell the screen: the composer is already closed.
            // A draft that cannot be deleted is offered again.
            if let Err(e) = notices::delete_draft(store, &mut env.drafts, *key, *id) {
                tracing::warn!("a discarded draft was not deleted: {e}");
            }
            None
        }
        Effect::QueueNotice(out) => {
            let render = env.render.clone();
            Some(Msg::NoticeQueued(notices::queue(
                store,
                out,
                &mut env.drafts,
                engineer,
                now,
                &render,
            )))
        }
        Effect::PollStore => {
            // data_version moves only for other connections' commits.
            let now = match store.data_version() {
                Ok(v) => Some(v),
                Err(e) => {
                    tracing::warn!("the store's version cannot be read: {e}");
                    None
                }
            };
            // The first sighting is a baseline, not news. A failed read
            // keeps the last version seen: the one read after it (a
            // server's connection made again moves it) is news, not a
            // new baseline that would hide what changed meanwhile.
            let now = now?;
            let seen = env.seen_version.replace(now);
            (seen.is_some_and(|v| v != now)).then_some(Msg::StoreChanged)
        }
        Effect::AddNote { id, note } => {
            let result = store
                .add_note(*id, note, actor)
                .and_then(|n| {
                    let e = store.escalation(*id)?;
                    let whom = if n.for_customer {
                        "note for the customer's Ticket List"
                    } else {
                        "note"
                    };
                    Ok(format!("{} {whom} added", label(&e.ticket_no, *id)))
                })
                .map_err(text);
            Some(Msg::Triaged { id: *id, result })
        }
        Effect::CustomerUpdate { id, text, by_email } => {
            let render = env.render.clone();
            let result =
                super::updates::customer_update(store, *id, text, *by_email, actor, &render);
            Some(Msg::Triaged { id: *id, result })
        }
        Effect::PreviewUpdate {
            seq,
            id,
            text,
            by_email,
        } => {
            let render = env.render.clone();
            let result = super::updates::preview(store, *id, text, *by_email, actor, &render);
            Some(Msg::UpdatePreviewed { seq: *seq, result })
        }
        Effect::LoadEngineers => Some(Msg::EngineersLoaded(
            store.engineers(ENGINEERS_OFFERED).map_err(text),
        )),
        Effect::CheckExpertQuota(target) => Some(Msg::ExpertChecked {
            target: target.clone(),
            result: store.expert_preview(target.id, now).map_err(text),
        }),
        Effect::FindCustomers { seq, text, limit } => Some(Msg::CustomersFound {
            seq: *seq,
            result: store.find_customers(text, *limit).map_err(text_of),
        }),
        Effect::PreviewIntake { seq, new } => Some(Msg::IntakePreviewed {
            seq: *seq,
            result: store.intake_preview(new, now).map_err(text_of),
        }),
        Effect::AddEscalation(new) => Some(Msg::EscalationAdded(
            store
                .add_escalation(new, actor)
                .map(Box::new)
                .map_err(text_of),
        )),
        Effect::CheckAlarms => {
            let checked = store.ring_alarms(engineer, now, env.alarm_watch, &mut env.alarms_heard);
            Some(Msg::AlarmsChecked(match checked {
                Ok((check, watch)) => {
                    env.alarm_watch = Some(watch);
                    Ok(check)
                }
                Err(e) => Err(e.to_string()),
            }))
        }
        Effect::LoadHandover { since } => Some(Msg::HandoverLoaded(
            store.handover(*since, now).map(Box::new).map_err(text),
        )),
        Effect::LoadTrends { span } => Some(Msg::TrendsLoaded {
            span: *span,
            result: store
                .trends(*span, now, crate::app::trends::state::CUSTOMERS_SHOWN)
                .map(Box::new)
                .map_err(text),
        }),
        Effect::LoadFortnight => Some(Msg::FortnightLoaded(
            store
                .attainment_days(crate::app::trends::update::FORTNIGHT, now)
                .map_err(text),
        )),
        Effect::LoadHistory { seq, query } => Some(Msg::HistoryLoaded {
            seq: *seq,
            result: store.history(query).map_err(text),
        }),
        // The runtime rings; the store has nothing to do with it.
        Effect::Ring(_) | Effect::SaveCommands(_) | Effect::Quit | Effect::Suspend => None,
    }
}

fn text_of(e: crate::store::StoreError) -> String {
    e.to_string()
}

/// How many engineers the hand-off picker offers.
const ENGINEERS_OFFERED: usize = 50;

/// What a pipeline step did, for the status line.
fn step_summary(r: &Requirement, op: &RequirementOp) -> String {
    match op {
        RequirementOp::Advance => format!("is now {}", r.state.label()),
        RequirementOp::Reject { .. } => "rejected; the reason is recorded".to_string(),
        RequirementOp::Plan(p) => format!("rollout plan recorded: {}", p.date),
        RequirementOp::Notify => "R&D's decision queued for the customer".to_string(),
    }
}
