//! The notice composer's state: the record's fields, the notice's stage,
//! channels and message, who hears it, how it reads, and the draft that
//! keeps every edit.
//!
//! One form serves a new record (created on send, then advanced as far as
//! its fields allow) and an existing one (its edits applied on send).

use chrono::{DateTime, Utc};
use tui_input::Input;

use super::audience::{AudienceState, CHANNELS};
use super::fields::{Choice, ImpactField, Toggles};
use crate::domain::change::ChangeKind;
use crate::domain::incident::{IncidentKind, IncidentState};
use crate::domain::notice::{Channel, ChatPlatform, Stage, SubjectKind};
use crate::domain::record::Record;
use crate::domain::sms::SmsCost;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FieldId {
    Title,
    Kind,
    Level,
    WindowStart,
    WindowEnd,
    Services,
    Regions,
    Impact,
    Guidance,
    NextUpdate,
    Stage,
    Channels,
    Message,
}

impl FieldId {
    pub fn label(self) -> &'static str {
        match self {
            FieldId::Title => "title",
            FieldId::Kind => "kind",
            FieldId::Level => "level",
            FieldId::WindowStart => "starts",
            FieldId::WindowEnd => "ends",
            FieldId::Services => "services",
            FieldId::Regions => "regions",
            FieldId::Impact => "impact",
            FieldId::Guidance => "guidance",
            FieldId::NextUpdate => "next update",
            FieldId::Stage => "stage",
            FieldId::Channels => "channels",
            FieldId::Message => "message",
        }
    }

    /// Typed through tui-input (else a choice or toggles).
    pub fn is_text(self) -> bool {
        !matches!(
            self,
            FieldId::Kind | FieldId::Level | FieldId::Impact | FieldId::Stage | FieldId::Channels
        )
    }
}

/// Which part of the composer has the keyboard.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ComposerFocus {
    Field(FieldId),
    Audience,
    Preview,
}

/// Who the preview is rendered for while the audience is empty.
pub const NO_CUSTOMER: &str = "(customer)";

/// A notice as it would read for one customer, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PreviewText {
    pub customer: String,
    pub email_subject: String,
    pub email_body: String,
    /// "WeCom" or "WeLink", and whether the customer has such a group.
    pub chat_platform: ChatPlatform,
    pub chat_contact: bool,
    pub chat_body: String,
    pub sms_text: String,
    pub sms: SmsCost,
}

#[derive(Clone, Debug, Default)]
pub struct PreviewState {
    /// Numbers renders; only the newest answer counts.
    pub seq: u64,
    /// The last rendering, or why the templates refused.
    pub shown: Option<Result<PreviewText, String>>,
    pub scroll: u16,
}

/// The draft that holds the form: `key` names it to the store worker from
/// the first keystroke, before the store has given it an id.
#[derive(Clone, Debug, Default)]
pub struct DraftState {
    pub key: u64,
    pub id: Option<i64>,
    pub saved_at: Option<DateTime<Utc>>,
    pub error: Option<String>,
}

pub struct ComposerState {
    pub subject: SubjectKind,
    /// The record as last read, when the notice is about one that exists.
    pub base: Option<Record>,
    pub title: Input,
    /// Index into `IncidentKind::ALL` or `ChangeKind::ALL`.
    pub kind: Choice,
    /// 0 is "not evaluated", else the level's number.
    pub level: Choice,
    pub window_start: Input,
    pub window_end: Input,
    pub services: Input,
    pub regions: Input,
    pub impact: ImpactField,
    pub guidance: Input,
    pub next_update: Input,
    /// Index into the subject's stages.
    pub stage: Choice,
    /// In `CHANNELS` order.
    pub channels: Toggles<3>,
    pub message: Input,
    /// Fields whose errors are shown: those edited, and all after a send.
    pub touched: Vec<FieldId>,
    /// What is wrong with each field now (shown once touched).
    pub errors: std::collections::BTreeMap<FieldId, String>,
    /// What each field's text came to, shown beside it.
    pub notes: std::collections::BTreeMap<FieldId, String>,
    pub focus: ComposerFocus,
    /// The form's first line shown, when it does not fit the screen.
    pub form_scroll: u16,
    pub audience: AudienceState,
    pub preview: PreviewState,
    pub draft: DraftState,
    /// Why the store refused the last send.
    pub refused: Option<String>,
}

impl ComposerState {
    /// An empty form for a new record.
    pub fn new(subject: SubjectKind, draft_key: u64) -> ComposerState {
        ComposerState {
            subject,
            base: None,
            title: Input::default(),
            kind: Choice::default(),
            level: Choice::default(),
            window_start: Input::default(),
            window_end: Input::default(),
            services: Input::default(),
            regions: Input::default(),
            impact: ImpactField::default(),
            guidance: Input::default(),
            next_update: Input::default(),
            stage: Choice::default(),
            // Email and the chat group by default; SMS costs per segment,
            // so it is the engineer's choice.
            channels: Toggles::with([true, true, false]),
            message: Input::default(),
            touched: Vec::new(),
            errors: Default::default(),
            notes: Default::default(),
            focus: ComposerFocus::Field(FieldId::Title),
            form_scroll: 0,
            audience: AudienceState::default(),
            preview: PreviewState::default(),
            draft: DraftState {
                key: draft_key,
                ..DraftState::default()
            },
            refused: None,
        }
    }

    /// A form filled from an existing record, at the stage its state calls for.
    /// Times are shown in the desk's zone `tz`, as they are typed.
    pub fn for_record(record: Record, draft_key: u64, tz: chrono_tz::Tz) -> ComposerState {
        let mut c = ComposerState::new(record.subject(), draft_key);
        let text = |s: &str| Input::new(s.to_string());
        let list = |v: &[String]| Input::new(v.join(", "));
        match &record {
            Record::Incident(i) => {
                c.title = text(&i.title);
                c.kind = Choice::at(index_of(IncidentKind::ALL, &i.kind));
                c.level = Choice::at(i.level.map_or(0, |l| l.number() as usize));
                c.services = list(&i.services);
                c.regions = list(&i.regions);
                c.guidance = text(&i.guidance);
            }
            Record::Change(ch) => {
                c.title = text(&ch.title);
                c.kind = Choice::at(index_of(ChangeKind::ALL, &ch.kind));
                c.window_start = text(&crate::domain::desk_time::minute(ch.window_start, tz));
                c.window_end = text(&crate::domain::desk_time::minute(ch.window_end, tz));
                c.services = list(&ch.services);
                c.regions = list(&ch.regions);
                c.impact = ImpactField::from(ch.impact);
                c.guidance = text(&ch.guidance);
            }
        }
        c.stage = Choice::at(default_stage(&record));
        c.base = Some(record);
        c
    }

    pub fn is_new(&self) -> bool {
        self.base.is_none()
    }

    /// "INC-3", or "new incident".
    pub fn reference(&self) -> String {
        match &self.base {
            Some(r) => crate::domain::record::reference(r.subject(), r.id()),
            None => format!("new {}", self.subject),
        }
    }

    /// The fields in the order Tab visits them. A record's kind is fixed
    /// once it exists, so it is shown but not visited.
    pub fn fields(&self) -> Vec<FieldId> {
        use FieldId::*;
        let mut v = vec![Title];
        if self.is_new() {
            v.push(Kind);
        }
        match self.subject {
            SubjectKind::Incident => v.extend([Level, Services, Regions, Guidance, NextUpdate]),
            SubjectKind::Change => {
                v.extend([WindowStart, WindowEnd, Services, Regions, Impact, Guidance])
            }
        }
        v.extend([Stage, Channels, Message]);
        v
    }

    /// Every field shown, the fixed kind included.
    pub fn shown_fields(&self) -> Vec<FieldId> {
        let mut v = self.fields();
        if !self.is_new() {
            v.insert(1, FieldId::Kind);
        }
        v
    }

    pub fn input(&self, f: FieldId) -> Option<&Input> {
        Some(match f {
            FieldId::Title => &self.title,
            FieldId::WindowStart => &self.window_start,
            FieldId::WindowEnd => &self.window_end,
            FieldId::Services => &self.services,
            FieldId::Regions => &self.regions,
            FieldId::Guidance => &self.guidance,
            FieldId::NextUpdate => &self.next_update,
            FieldId::Message => &self.message,
            _ => return None,
        })
    }

    pub fn input_mut(&mut self, f: FieldId) -> Option<&mut Input> {
        Some(match f {
            FieldId::Title => &mut self.title,
            FieldId::WindowStart => &mut self.window_start,
            FieldId::WindowEnd => &mut self.window_end,
            FieldId::Services => &mut self.services,
            FieldId::Regions => &mut self.regions,
            FieldId::Guidance => &mut self.guidance,
            FieldId::NextUpdate => &mut self.next_update,
            FieldId::Message => &mut self.message,
            _ => return None,
        })
    }

    /// The stages this record may speak for, in lifecycle order.
    pub fn stages(&self) -> &'static [Stage] {
        match self.subject {
            SubjectKind::Incident => &Stage::INCIDENT,
            SubjectKind::Change => &Stage::CHANGE,
        }
    }

    pub fn stage_value(&self) -> Stage {
        let stages = self.stages();
        stages[self.stage.index.min(stages.len() - 1)]
    }

    pub fn channel_values(&self) -> Vec<Channel> {
        CHANNELS
            .iter()
            .zip(self.channels.on)
            .filter(|(_, on)| *on)
            .map(|(c, _)| *c)
            .collect()
    }

    /// The names each option of a choice field answers to, for typing.
    pub fn choice_names(&self, f: FieldId) -> Vec<Vec<String>> {
        let pair = |a: &str, b: &str| vec![a.to_string(), b.to_string()];
        match (f, self.subject) {
            (FieldId::Kind, SubjectKind::Incident) => IncidentKind::ALL
                .iter()
                .map(|k| pair(k.as_str(), k.label()))
                .collect(),
            (FieldId::Kind, SubjectKind::Change) => ChangeKind::ALL
                .iter()
                .map(|k| pair(k.as_str(), k.label()))
                .collect(),
            (FieldId::Level, _) => vec![
                pair("-", "not evaluated"),
                pair("1", "Level-1 (high risk)"),
                pair("2", "Level-2 (medium risk)"),
                pair("3", "Level-3 (low risk)"),
            ],
            (FieldId::Stage, _) => self
                .stages()
                .iter()
                .map(|s| pair(s.as_str(), s.label()))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn choice_mut(&mut self, f: FieldId) -> Option<&mut Choice> {
        match f {
            FieldId::Kind => Some(&mut self.kind),
            FieldId::Level => Some(&mut self.level),
            FieldId::Stage => Some(&mut self.stage),
            _ => None,
        }
    }

    /// The option a choice field shows.
    pub fn choice_label(&self, f: FieldId) -> String {
        let (choice, names) = match f {
            FieldId::Kind => (&self.kind, self.choice_names(f)),
            FieldId::Level => (&self.level, self.choice_names(f)),
            FieldId::Stage => (&self.stage, self.choice_names(f)),
            _ => return String::new(),
        };
        names
            .get(choice.index)
            .and_then(|n| n.get(1))
            .cloned()
            .unwrap_or_default()
    }

    pub fn touch(&mut self, f: FieldId) {
        if !self.touched.contains(&f) {
            self.touched.push(f);
        }
    }

    /// The error beside `f`, once it is shown.
    pub fn shown_error(&self, f: FieldId) -> Option<&str> {
        self.touched
            .contains(&f)
            .then(|| self.errors.get(&f).map(String::as_str))
            .flatten()
    }

    /// The record's state the form was opened on, when it exists.
    pub fn seen_state(&self) -> Option<&'static str> {
        self.base.as_ref().map(Record::state)
    }
}

/// The stage a record in its state most likely needs next.
pub fn default_stage(r: &Record) -> usize {
    use crate::domain::change::ChangeState as C;
    use IncidentState as I;
    match r {
        Record::Incident(i) => match i.state {
            I::Monitoring | I::Evaluated | I::GuidanceReady => 0,
            I::Notified | I::Coordinating => 1,
            I::Resolved => 2,
            I::Reviewed => 3,
        },
        Record::Change(c) => match c.state {
            C::Planned | C::ImpactEvaluated | C::GuidanceReady | C::Notified => 0,
            C::InProgress => 1,
            C::Completed => 2,
            C::FollowedUp => 3,
        },
    }
}

fn index_of<T: PartialEq>(all: &[T], x: &T) -> usize {
    all.iter().position(|v| v == x).unwrap_or(0)
}
