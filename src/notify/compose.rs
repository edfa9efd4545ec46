//! From a record, a stage and an audience to a notice ready to queue: one
//! rendering per customer, one delivery per contact on each chosen channel.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;

use super::{NoticeContext, RecordView, Rendering};
use crate::domain::desk_time::{with_offset, zoned};
use crate::domain::notice::{Channel, Stage, SubjectKind};
use crate::domain::record::{Record, reference};
use crate::domain::text_rules::check_text;
use crate::store::{AudienceMember, NewDelivery, NewNotice};

pub const MAX_MESSAGE: usize = 2000;

/// The record as templates see it, times in desk time.
pub fn record_view(record: &Record, tz: Tz) -> RecordView {
    let t = |at: DateTime<Utc>| with_offset(at, tz);
    match record {
        Record::Incident(i) => RecordView {
            id: i.id,
            reference: reference(SubjectKind::Incident, i.id),
            title: i.title.clone(),
            kind: i.kind.label().into(),
            state: i.state.to_string(),
            services: i.services.clone(),
            regions: i.regions.clone(),
            guidance: i.guidance.clone(),
            level: i.level.map(|l| l.number()),
            level_label: i.level.map(|l| l.risk().into()),
            next_update_due: i.next_update_due.map(t),
            lessons: i.lessons.clone(),
            improvements: i.improvements.clone(),
            ..RecordView::default()
        },
        Record::Change(c) => RecordView {
            id: c.id,
            reference: reference(SubjectKind::Change, c.id),
            title: c.title.clone(),
            kind: c.kind.label().into(),
            state: c.state.to_string(),
            services: c.services.clone(),
            regions: c.regions.clone(),
            guidance: c.guidance.clone(),
            window_start: Some(t(c.window_start)),
            window_end: Some(t(c.window_end)),
            impact: c.impact.map(|i| i.describe()),
            follow_up: c.follow_up.clone(),
            ..RecordView::default()
        },
    }
}

/// Initial and update notices tell customers when they hear next: that time
/// must be ahead (a past one is a typo, or the record's promise from hours
/// ago). Later stages promise nothing, so they set nothing.
fn check_next_update(
    record: &Record,
    req: &Request,
    now: DateTime<Utc>,
    tz: Tz,
) -> Result<(), String> {
    let promises = matches!(req.stage, Stage::Initial | Stage::Update);
    if let Some(due) = req.next_update_due {
        if !promises {
            return Err(format!(
                "a {} notice promises no next update; leave out --next-update",
                req.stage
            ));
        }
        if due <= now {
            return Err(format!(
                "the next update ({}) is already past; give a later time",
                zoned(due, tz)
            ));
        }
    } else if let Record::Incident(i) = record
        && promises
        && let Some(due) = i.next_update_due.filter(|d| *d <= now)
    {
        return Err(format!(
            "{} promised the next update by {}, already past; give a new time with --next-update",
            reference(SubjectKind::Incident, i.id),
            zoned(due, tz)
        ));
    }
    Ok(())
}

/// WeCom's group robot refuses a markdown message over 4096 bytes and a
/// text message over 2048 (errcode 40058); caught here, before anything is
/// queued, rather than as a dead delivery once the other channels went.
pub(super) fn check_wecom(body: &str) -> Result<(), String> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
        return Ok(());
    };
    for (kind, max) in [("markdown", 4096), ("text", 2048)] {
        if let Some(content) = v[kind]["content"].as_str()
            && content.len() > max
        {
            return Err(format!(
                "WeCom takes at most {max} bytes of {kind} content and this one is {}; \
                 shorten the guidance or the message, or leave out the chat channel",
                content.len()
            ));
        }
    }
    Ok(())
}

/// The notice's values for an SMS provider's registered template (the
/// gateway template reads them as `params`): short, one line each.
fn sms_params(ctx: &NoticeContext) -> String {
    serde_json::json!({
        "reference": ctx.record.reference,
        "stage": ctx.stage_label,
        "title": super::sanitize::clip(&ctx.record.title, 20),
        "next_update": ctx.record.next_update_due,
    })
    .to_string()
}

/// One delivery per contact of `m` on each of `channels`, in its form for
/// the channel (chat: the body for its group's platform, checked against
/// the platform's limits); a channel with no contact is unreachable, with
/// the reason.
pub fn lay_out(
    m: &AudienceMember,
    r: &Rendering,
    ctx: &NoticeContext,
    channels: &[Channel],
    deliveries: &mut Vec<NewDelivery>,
    unreachable: &mut Vec<Unreachable>,
) -> Result<(), String> {
    for &channel in channels {
        let contacts: Vec<_> = m.contacts.iter().filter(|c| c.channel == channel).collect();
        if contacts.is_empty() {
            unreachable.push(Unreachable {
                customer: m.customer.clone(),
                channel,
                reason: match (channel, &m.chat_unreachable) {
                    (Channel::Chat, Some(reason)) => reason.clone(),
                    _ => format!("no {channel} contact"),
                },
            });
        }
        for c in contacts {
            let (subject, body) = match channel {
                Channel::Email => (r.email_subject.clone(), r.email_body.clone()),
                Channel::Sms => (String::new(), r.sms_text.clone()),
                Channel::Chat => match c.platform {
                    Some(crate::domain::notice::ChatPlatform::WeLink) => {
                        check_welink(&r.welink_body)
                            .map_err(|e| format!("the chat message for {}: {e}", m.customer))?;
                        (String::new(), r.welink_body.clone())
                    }
                    _ => {
                        check_wecom(&r.wecom_body)
                            .map_err(|e| format!("the chat message for {}: {e}", m.customer))?;
                        (String::new(), r.wecom_body.clone())
                    }
                },
            };
            deliveries.push(NewDelivery {
                customer_id: Some(m.customer_id),
                channel,
                platform: c.platform,
                address: c.address.clone(),
                subject,
                body,
                params: (channel == Channel::Sms).then(|| sms_params(ctx)),
            });
        }
    }
    Ok(())
}

/// What an engineer asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub stage: Stage,
    pub channels: Vec<Channel>,
    pub message: String,
    /// Incidents: the next customer update promised in this notice.
    pub next_update_due: Option<DateTime<Utc>>,
}

/// A customer left out on a channel, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Unreachable {
    pub customer: String,
    pub channel: Channel,
    /// "no email contact", "its WeLink group was dismissed on ...".
    pub reason: String,
}

/// WeLink's group robot takes a text message of 1 to 500 characters;
/// caught here, before anything is queued, as WeCom's limit is.
pub const WELINK_MAX_CHARS: usize = 500;

pub(super) fn check_welink(body: &str) -> Result<(), String> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
        return Ok(());
    };
    if let Some(text) = v["content"]["text"].as_str() {
        let n = text.chars().count();
        if n == 0 {
            return Err("WeLink does not take an empty text message".into());
        }
        if n > WELINK_MAX_CHARS {
            return Err(format!(
                "WeLink takes at most {WELINK_MAX_CHARS} characters of text and this one is {n}; \
                 shorten the guidance or the message, or leave out the chat channel"
            ));
        }
    }
    Ok(())
}

/// A notice rendered for its audience, not yet queued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub notice: NewNotice,
    pub unreachable: Vec<Unreachable>,
    /// One rendering per customer, in audience order, for previews.
    pub renderings: Vec<(String, Rendering)>,
}

/// What the templates see for one customer: `plan` renders this for each
/// member of the audience, and the dashboard's preview for the one shown.
pub fn context(
    record: &Record,
    req: &Request,
    customer: &str,
    engineer: &str,
    now: DateTime<Utc>,
    tz: Tz,
) -> NoticeContext {
    let mut view = record_view(record, tz);
    if let Some(due) = req.next_update_due {
        view.next_update_due = Some(with_offset(due, tz));
    }
    NoticeContext {
        subject: record.subject().into(),
        stage: req.stage,
        stage_label: req.stage.label().into(),
        customer: customer.to_string(),
        language: crate::domain::Language::En,
        record: view,
        message: req.message.trim().to_string(),
        engineer: engineer.to_string(),
        composed_at: with_offset(now, tz),
        owner: None,
        requirement: None,
        escalation: None,
    }
}

/// Renders `req` for each member of `audience` and lays out a delivery per
/// contact. Nothing is written; queue the plan's notice with the store.
pub fn plan(
    record: &Record,
    req: &Request,
    audience: &[AudienceMember],
    engineer: &str,
    now: DateTime<Utc>,
    tz: Tz,
    render: &dyn Fn(&NoticeContext) -> Result<Rendering, String>,
) -> Result<Plan, String> {
    record.check_stage(req.stage)?;
    check_text("the message", &req.message, MAX_MESSAGE, true)?;
    if req.channels.is_empty() {
        return Err("name at least one channel: email, chat or sms".into());
    }
    if audience.is_empty() {
        return Err(format!(
            "{} touches no customer's inventory; name the customers to notify",
            reference(record.subject(), record.id())
        ));
    }
    check_next_update(record, req, now, tz)?;
    let mut deliveries = Vec::new();
    let mut unreachable = Vec::new();
    let mut renderings = Vec::new();
    for m in audience {
        let mut ctx = context(record, req, &m.customer, engineer, now, tz);
        ctx.language = m.language;
        let r = render(&ctx).map_err(|e| format!("rendering for {}: {e}", m.customer))?;
        lay_out(
            m,
            &r,
            &ctx,
            &req.channels,
            &mut deliveries,
            &mut unreachable,
        )?;
        renderings.push((m.customer.clone(), r));
    }
    Ok(Plan {
        notice: NewNotice {
            subject: record.subject().into(),
            subject_id: record.id(),
            stage: req.stage,
            seen_state: record.state().to_string(),
            channels: req.channels.clone(),
            message: req.message.trim().to_string(),
            next_update_due: req.next_update_due,
            deliveries,
        },
        unreachable,
        renderings,
    })
}
