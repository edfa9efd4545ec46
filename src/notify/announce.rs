//! What the service promises to tell a customer besides incidents and
//! changes: a change of the desk's project owner, announced when it is
//! recorded, and R&D's decision on a requirement. Each is rendered in the
//! customer's language and goes by email and to its chat group through the
//! outbox, like any notice.

use chrono::NaiveDate;

use super::compose::{Plan, Unreachable, lay_out};
use super::{NoticeContext, OwnerView, RecordView, Rendering, RequirementView};
use crate::domain::desk_time::{day, with_offset};
use crate::domain::notice::{Channel, NoticeSubject, Stage};
use crate::domain::owner::OwnerTerm;
use crate::domain::requirement::{Requirement, RequirementState};
use crate::domain::text_rules::check_text;
use crate::store::{Actor, AudienceMember, NewNotice, Store};

type Render<'a> = &'a dyn Fn(&NoticeContext) -> Result<Rendering, String>;

/// Owner and requirement notices go by email and to the chat group.
pub const CHANNELS: [Channel; 2] = [Channel::Email, Channel::Chat];

pub(super) fn base(
    member: &AudienceMember,
    stage: Stage,
    actor: Actor<'_>,
    store: &Store,
) -> NoticeContext {
    NoticeContext {
        subject: stage.about(),
        stage,
        stage_label: stage.label().into(),
        customer: member.customer.clone(),
        language: member.language,
        record: RecordView::default(),
        message: String::new(),
        engineer: actor.engineer.to_string(),
        composed_at: with_offset(actor.now, store.rules().calendar.tz),
        owner: None,
        requirement: None,
        escalation: None,
    }
}

/// The notice for one customer, refused when it reaches nobody.
pub(super) fn one_customer(
    ctx: &NoticeContext,
    member: &AudienceMember,
    channels: &[Channel],
    render: Render<'_>,
    what: &str,
) -> Result<(NewNotice, Vec<Unreachable>, Rendering), String> {
    let r = render(ctx).map_err(|e| format!("rendering for {}: {e}", member.customer))?;
    let (mut deliveries, mut unreachable) = (Vec::new(), Vec::new());
    lay_out(member, &r, ctx, channels, &mut deliveries, &mut unreachable)?;
    if deliveries.is_empty() {
        let why: Vec<_> = unreachable.iter().map(|u| u.reason.clone()).collect();
        return Err(format!(
            "{what} cannot reach {}: {}; add a contact first (`sredesk contact add`)",
            member.customer,
            why.join("; ")
        ));
    }
    Ok((
        NewNotice {
            subject: ctx.subject,
            subject_id: 0,
            stage: ctx.stage,
            seen_state: String::new(),
            channels: channels.to_vec(),
            message: ctx.message.clone(),
            next_update_due: None,
            deliveries,
        },
        unreachable,
        r,
    ))
}

/// Records the desk's project owner for `customer`; a change (there is an
/// owner today) is announced to the customer in the same transaction, by
/// email and chat, and refused with nothing written when it can reach
/// neither. The first owner is named without a notice.
pub fn owner_change(
    store: &mut Store,
    customer: &str,
    owner: &str,
    effective: NaiveDate,
    announcement: Option<&str>,
    actor: Actor<'_>,
    render: Render<'_>,
) -> Result<(OwnerTerm, Option<Vec<Unreachable>>), String> {
    let member = store
        .audience_member(customer, &[], &[], actor.now)
        .map_err(|e| e.to_string())?;
    let ctx = base(&member, Stage::OwnerChange, actor, store);
    let left_out = std::cell::RefCell::new(None);
    let term = store
        .set_project_owner(
            customer,
            owner,
            effective,
            announcement,
            actor,
            &|term, previous| {
                let mut ctx = ctx.clone();
                ctx.record.reference = NoticeSubject::Owner.reference(term.id);
                ctx.owner = Some(OwnerView {
                    previous: Some(previous.to_string()),
                    new_owner: term.owner.clone(),
                    effective_on: term.effective_on.to_string(),
                    // The default text is English and kept as the record;
                    // the templates say it in the customer's language.
                    announcement: announcement
                        .map(str::trim)
                        .filter(|a| !a.is_empty())
                        .map(String::from),
                });
                let (notice, unreachable, _) =
                    one_customer(&ctx, &member, &CHANNELS, render, "the announcement")?;
                *left_out.borrow_mut() = Some(unreachable);
                Ok(Some(notice))
            },
        )
        .map_err(|e| e.to_string())?;
    Ok((term, left_out.into_inner()))
}

/// How R&D's decision is sent.
#[derive(Clone, Debug)]
pub struct ResultRequest {
    pub channels: Vec<Channel>,
    /// A line of the engineer's own.
    pub message: String,
}

impl Default for ResultRequest {
    fn default() -> Self {
        ResultRequest {
            channels: CHANNELS.to_vec(),
            message: String::new(),
        }
    }
}

/// What a queued result notice was.
pub struct Queued {
    pub notice_id: i64,
    pub plan: Plan,
}

fn requirement_view(r: &Requirement, store: &Store) -> RequirementView {
    RequirementView {
        reference: NoticeSubject::Requirement.reference(r.id),
        title: r.title.clone(),
        accepted: r.accepted,
        rollout_on: r.rollout.as_ref().map(|p| p.date.to_string()),
        rollout_note: r.rollout.as_ref().map(|p| p.note.clone()),
        rejection_reason: r.rejection_reason.clone(),
        submitted_on: day(r.submitted_at, store.rules().calendar.tz),
    }
}

/// Queues the notice of R&D's decision on requirement `id` (accepted with
/// the rollout plan when there is one, or rejected with R&D's reason);
/// the requirement is customer_notified once a delivery of it has gone.
pub fn requirement_result(
    store: &mut Store,
    id: i64,
    seen: Option<RequirementState>,
    req: &ResultRequest,
    actor: Actor<'_>,
    render: Render<'_>,
) -> Result<Queued, String> {
    check_text(
        "the message",
        &req.message,
        super::compose::MAX_MESSAGE,
        true,
    )?;
    if let Some(c) = req.channels.iter().find(|c| !CHANNELS.contains(c)) {
        return Err(format!("R&D's decision goes by email and chat, not {c}"));
    }
    let r = store.requirement(id).map_err(|e| e.to_string())?;
    let member = store
        .audience_member(&r.customer, &[], &[], actor.now)
        .map_err(|e| e.to_string())?;
    let stage = if r.accepted {
        Stage::RequirementAccepted
    } else {
        Stage::RequirementRejected
    };
    let mut ctx = base(&member, stage, actor, store);
    ctx.message = req.message.trim().to_string();
    ctx.record.reference = NoticeSubject::Requirement.reference(r.id);
    ctx.record.title = r.title.clone();
    ctx.requirement = Some(requirement_view(&r, store));
    let (notice, unreachable, rendering) =
        one_customer(&ctx, &member, &req.channels, render, "R&D's decision")?;
    let notice_id = store
        .queue_requirement_notice(id, seen, &notice, actor)
        .map_err(|e| e.to_string())?;
    Ok(Queued {
        notice_id,
        plan: Plan {
            notice,
            unreachable,
            renderings: vec![(member.customer, rendering)],
        },
    })
}
