//! What the form's text means: each field read with the domain's own
//! parsers, the record as it will be when the notice is queued (created or
//! edited, then advanced as far as its fields allow), and the stage judged
//! against that. Pure: the composer re-checks on every edit and tick.

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;

use super::state::{ComposerState, FieldId};
use crate::domain::change::{Change, ChangeKind, ChangeState, Impact, check_window};
use crate::domain::incident::{Incident, IncidentKind, IncidentLevel, IncidentState};
use crate::domain::inventory::{self, parse_list};
use crate::domain::notice::{
    Channel, Stage, SubjectKind, check_change_stage, check_incident_stage,
};
use crate::domain::record::Record;
use crate::domain::text_rules::{MAX_TEXT, MAX_TITLE, check_text};
use crate::domain::when::parse_when;
use crate::notify::compose::{MAX_MESSAGE, Request};

/// The form read: every value that parses, what is wrong with the rest,
/// and the record as queuing would find it.
#[derive(Clone, Debug)]
pub struct Checked {
    pub errors: BTreeMap<FieldId, String>,
    /// What a field's text came to, shown beside it: a time read in desk
    /// time, what the stage will do.
    pub notes: BTreeMap<FieldId, String>,
    pub title: String,
    pub level: Option<IncidentLevel>,
    pub services: Vec<String>,
    pub regions: Vec<String>,
    pub guidance: String,
    pub next_update_due: Option<DateTime<Utc>>,
    pub window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub impact: Option<Impact>,
    pub stage: Stage,
    pub channels: Vec<Channel>,
    pub message: String,
    /// The record created or edited and advanced as far as the form
    /// allows: what the stage is judged on and the preview renders.
    pub record: Record,
}

impl Checked {
    pub fn request(&self) -> Request {
        Request {
            stage: self.stage,
            channels: self.channels.clone(),
            message: self.message.clone(),
            next_update_due: self.next_update_due,
        }
    }
}

fn text_error(what: &str, s: &str, max: usize, multiline: bool) -> Option<String> {
    check_text(what, s, max, multiline).err()
}

/// Reads every field of `c` at `now` in the desk's zone `tz`.
pub fn check(c: &ComposerState, now: DateTime<Utc>, tz: Tz) -> Checked {
    let mut errors = BTreeMap::new();
    let mut err = |f: FieldId, e: Option<String>| {
        if let Some(e) = e {
            errors.insert(f, e);
        }
    };
    let title = c.title.value().trim().to_string();
    if title.is_empty() {
        err(FieldId::Title, Some("a title is needed".into()));
    }
    err(
        FieldId::Title,
        text_error("the title", &title, MAX_TITLE, false),
    );

    let level = match c.level.index {
        0 => None,
        n => IncidentLevel::new(n as u8).ok(),
    };
    let base_level = match &c.base {
        Some(Record::Incident(i)) => i.level,
        _ => None,
    };
    if c.subject == SubjectKind::Incident && level.is_none() && base_level.is_some() {
        err(
            FieldId::Level,
            Some("a level once set stays set: pick 1, 2 or 3".into()),
        );
    }

    let mut list = |f: FieldId, input: &tui_input::Input, each: fn(&str) -> _| match parse_list(
        input.value(),
        each,
    ) {
        Ok(v) => v,
        Err(e) => {
            err(f, Some(e));
            Vec::new()
        }
    };
    let services = list(FieldId::Services, &c.services, inventory::service);
    let regions = list(FieldId::Regions, &c.regions, inventory::region);

    let guidance = c.guidance.value().trim().to_string();
    err(
        FieldId::Guidance,
        text_error("the guidance", &guidance, MAX_TEXT, true),
    );

    let mut next_update_due = None;
    if c.subject == SubjectKind::Incident && !c.next_update.value().trim().is_empty() {
        match parse_when(c.next_update.value(), now, tz) {
            Ok(t) if t < now => err(
                FieldId::NextUpdate,
                Some(format!(
                    "that is already past (it is {} now)",
                    crate::domain::desk_time::minute(now, tz)
                )),
            ),
            Ok(t) => next_update_due = Some(t),
            Err(e) => err(FieldId::NextUpdate, Some(e)),
        }
    }

    let mut window = None;
    if c.subject == SubjectKind::Change {
        let when =
            |input: &tui_input::Input, f: FieldId| -> Result<DateTime<Utc>, (FieldId, String)> {
                match input.value().trim() {
                    "" => Err((f, "a time is needed: 2026-11-23 02:00, or +1d".into())),
                    s => parse_when(s, now, tz).map_err(|e| (f, e)),
                }
            };
        match (
            when(&c.window_start, FieldId::WindowStart),
            when(&c.window_end, FieldId::WindowEnd),
        ) {
            (Ok(s), Ok(e)) => match check_window(s, e) {
                Ok(()) => window = Some((s, e)),
                Err(_) if e <= s => err(
                    FieldId::WindowEnd,
                    Some("the window ends before or when it starts".into()),
                ),
                Err(msg) => err(FieldId::WindowEnd, Some(msg)),
            },
            (a, b) => {
                for r in [a, b] {
                    if let Err((f, e)) = r {
                        err(f, Some(e));
                    }
                }
            }
        }
    }

    let mut impact = None;
    if c.subject == SubjectKind::Change {
        let base_impact = match &c.base {
            Some(Record::Change(ch)) => ch.impact,
            _ => None,
        };
        match c.impact.value() {
            Ok(None) if base_impact.is_some() => err(
                FieldId::Impact,
                Some("an evaluated impact stays evaluated: answer the SLA question".into()),
            ),
            Ok(v) => impact = v,
            Err(e) => err(FieldId::Impact, Some(e)),
        }
    }

    let channels = c.channel_values();
    if channels.is_empty() {
        err(
            FieldId::Channels,
            Some("pick at least one: email, chat or sms".into()),
        );
    }
    let message = c.message.value().trim().to_string();
    err(
        FieldId::Message,
        text_error("the message", &message, MAX_MESSAGE, true),
    );

    let stage = c.stage_value();
    let mut checked = Checked {
        errors,
        notes: BTreeMap::new(),
        title,
        level,
        services,
        regions,
        guidance,
        next_update_due,
        window,
        impact,
        stage,
        channels,
        message,
        record: Record::Incident(placeholder_incident(now)),
    };
    checked.record = projected(c, &checked, now);
    let moved = c
        .base
        .as_ref()
        .is_none_or(|b| b.state() != checked.record.state());
    if let Some(e) = stage_error(&checked.record, stage, moved) {
        checked.errors.insert(FieldId::Stage, e);
    }
    checked.notes = notes(c, &checked, now, tz);
    checked
}

fn notes(c: &ComposerState, v: &Checked, now: DateTime<Utc>, tz: Tz) -> BTreeMap<FieldId, String> {
    let mut notes = BTreeMap::new();
    let at = |t: DateTime<Utc>| {
        let secs = (t - now).num_seconds().max(0) as u64;
        format!(
            "→ {}, in {}",
            crate::domain::desk_time::zoned(t, tz),
            crate::domain::sla::format_span(secs)
        )
    };
    if let Some(t) = v.next_update_due {
        notes.insert(FieldId::NextUpdate, at(t));
    } else if let Some(Record::Incident(i)) = &c.base
        && let Some(t) = i.next_update_due.filter(|_| i.state.is_open())
        && !v.errors.contains_key(&FieldId::NextUpdate)
    {
        notes.insert(
            FieldId::NextUpdate,
            format!("empty keeps {}", crate::domain::desk_time::zoned(t, tz)),
        );
    }
    if let Some((s, e)) = v.window {
        notes.insert(FieldId::WindowStart, at(s));
        notes.insert(
            FieldId::WindowEnd,
            format!(
                "→ {}, {} long",
                crate::domain::desk_time::zoned(e, tz),
                crate::domain::sla::format_span((e - s).num_seconds().max(0) as u64)
            ),
        );
    }
    if !v.errors.contains_key(&FieldId::Stage) {
        let step = match &v.record {
            Record::Incident(i) => check_incident_stage(v.stage, i.state)
                .ok()
                .flatten()
                .map(|s| s.to_string()),
            Record::Change(ch) => check_change_stage(v.stage, ch.state)
                .ok()
                .flatten()
                .map(|s| s.to_string()),
        };
        let label = v.stage.label();
        notes.insert(
            FieldId::Stage,
            match step {
                Some(to) => format!("{label}; the {} becomes {to}", c.subject),
                None => label.to_string(),
            },
        );
    }
    notes
}

fn placeholder_incident(now: DateTime<Utc>) -> Incident {
    Incident {
        id: 0,
        title: String::new(),
        kind: IncidentKind::Other,
        level: None,
        services: Vec::new(),
        regions: Vec::new(),
        guidance: String::new(),
        state: IncidentState::Monitoring,
        state_since: now,
        next_update_due: None,
        lessons: None,
        improvements: None,
        opened_at: now,
    }
}

/// The record as the store will hold it when the notice is queued: the
/// form's values over the record (or a new one), then each lifecycle step
/// up to guidance_ready that the values allow, as the worker takes them.
fn projected(c: &ComposerState, v: &Checked, now: DateTime<Utc>) -> Record {
    let keep = |new: &str, old: &str| {
        if new.is_empty() {
            old.to_string()
        } else {
            new.to_string()
        }
    };
    let services_ok = !v.errors.contains_key(&FieldId::Services);
    let regions_ok = !v.errors.contains_key(&FieldId::Regions);
    match c.subject {
        SubjectKind::Incident => {
            let mut i = match &c.base {
                Some(Record::Incident(i)) => i.clone(),
                _ => Incident {
                    kind: IncidentKind::ALL[c.kind.index.min(IncidentKind::ALL.len() - 1)],
                    ..placeholder_incident(now)
                },
            };
            i.title = keep(&v.title, &i.title);
            i.level = v.level.or(i.level);
            if services_ok {
                i.services = v.services.clone();
            }
            if regions_ok {
                i.regions = v.regions.clone();
            }
            i.guidance = v.guidance.clone();
            if v.next_update_due.is_some() {
                i.next_update_due = v.next_update_due;
            }
            let ready = rank(IncidentState::ALL, &IncidentState::GuidanceReady);
            while rank(IncidentState::ALL, &i.state) < ready {
                match crate::domain::incident::check_advance(&i) {
                    Ok(to) => i.state = to,
                    Err(_) => break,
                }
            }
            Record::Incident(i)
        }
        SubjectKind::Change => {
            let mut ch = match &c.base {
                Some(Record::Change(ch)) => ch.clone(),
                _ => Change {
                    id: 0,
                    title: String::new(),
                    kind: ChangeKind::ALL[c.kind.index.min(ChangeKind::ALL.len() - 1)],
                    window_start: now,
                    window_end: now + Duration::hours(1),
                    services: Vec::new(),
                    regions: Vec::new(),
                    impact: None,
                    guidance: String::new(),
                    state: ChangeState::Planned,
                    state_since: now,
                    follow_up: None,
                    started_at: None,
                    completed_at: None,
                },
            };
            ch.title = keep(&v.title, &ch.title);
            if let Some((s, e)) = v.window {
                ch.window_start = s;
                ch.window_end = e;
            }
            if services_ok {
                ch.services = v.services.clone();
            }
            if regions_ok {
                ch.regions = v.regions.clone();
            }
            ch.impact = v.impact.or(ch.impact);
            ch.guidance = v.guidance.clone();
            let ready = rank(ChangeState::ALL, &ChangeState::GuidanceReady);
            while rank(ChangeState::ALL, &ch.state) < ready {
                match crate::domain::change::check_advance(&ch) {
                    Ok(to) => ch.state = to,
                    Err(_) => break,
                }
            }
            Record::Change(ch)
        }
    }
}

fn rank<T: PartialEq>(all: &[T], x: &T) -> usize {
    all.iter().position(|v| v == x).unwrap_or(0)
}

/// Why `stage` cannot go out for `r` as it will be, with what the form
/// still lacks when that is the reason.
fn stage_error(r: &Record, stage: Stage, projected: bool) -> Option<String> {
    let (e, lacking) = match r {
        Record::Incident(i) => (
            check_incident_stage(stage, i.state).err()?,
            match i.state {
                IncidentState::Monitoring => Some("set the level to evaluate it"),
                IncidentState::Evaluated => Some("write the guidance to make it guidance_ready"),
                _ => None,
            },
        ),
        Record::Change(c) => (
            check_change_stage(stage, c.state).err()?,
            match c.state {
                ChangeState::Planned => Some("evaluate the impact (effects and the SLA answer)"),
                ChangeState::ImpactEvaluated => {
                    Some("write the guidance to make it guidance_ready")
                }
                _ => None,
            },
        ),
    };
    let early = matches!(stage, Stage::Initial | Stage::Notice);
    // The state judged is the one sending would reach, not (yet) the
    // record's: say so.
    let e = if projected {
        e.to_string()
            .replace("; it is ", "; as the form stands it would be ")
    } else {
        e.to_string()
    };
    Some(match lacking {
        Some(l) if early => format!("{e}: {l}"),
        _ => e,
    })
}
