//! The composer's fields as the store keeps them in a draft: text exactly
//! as typed, choices by their words, so a draft reads back the same after
//! the program stops, and a draft from an older build still opens.

use serde::{Deserialize, Serialize};
use tui_input::Input;

use super::audience::CHANNELS;
use super::fields::{Choice, ImpactField, Toggles};
use super::state::{ComposerState, FieldId};
use crate::domain::change::ChangeKind;
use crate::domain::incident::IncidentKind;
use crate::domain::notice::{Channel, SubjectKind};
use crate::domain::record::Record;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftFields {
    /// The record the notice is about; none for a record not created yet.
    pub record: Option<i64>,
    pub title: String,
    pub kind: String,
    pub level: u8,
    pub window_start: String,
    pub window_end: String,
    pub services: String,
    pub regions: String,
    pub impact: DraftImpact,
    pub guidance: String,
    pub next_update: String,
    pub stage: String,
    pub channels: Vec<Channel>,
    pub message: String,
    /// Customers taken out of the audience, and added to it by name.
    pub excluded: Vec<String>,
    pub added: Vec<String>,
    /// Fields whose errors were showing.
    pub touched: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DraftImpact {
    pub availability: bool,
    pub performance: bool,
    pub data_access: bool,
    pub within_sla: Option<bool>,
}

const TOUCHABLE: [FieldId; 13] = [
    FieldId::Title,
    FieldId::Kind,
    FieldId::Level,
    FieldId::WindowStart,
    FieldId::WindowEnd,
    FieldId::Services,
    FieldId::Regions,
    FieldId::Impact,
    FieldId::Guidance,
    FieldId::NextUpdate,
    FieldId::Stage,
    FieldId::Channels,
    FieldId::Message,
];

impl DraftFields {
    pub fn of(c: &ComposerState) -> DraftFields {
        let kind = match c.subject {
            SubjectKind::Incident => IncidentKind::ALL
                .get(c.kind.index)
                .map(|k| k.as_str())
                .unwrap_or_default(),
            SubjectKind::Change => ChangeKind::ALL
                .get(c.kind.index)
                .map(|k| k.as_str())
                .unwrap_or_default(),
        };
        let [availability, performance, data_access] = c.impact.effects;
        DraftFields {
            record: c.base.as_ref().map(Record::id),
            title: c.title.value().into(),
            kind: kind.into(),
            level: c.level.index as u8,
            window_start: c.window_start.value().into(),
            window_end: c.window_end.value().into(),
            services: c.services.value().into(),
            regions: c.regions.value().into(),
            impact: DraftImpact {
                availability,
                performance,
                data_access,
                within_sla: c.impact.within_sla,
            },
            guidance: c.guidance.value().into(),
            next_update: c.next_update.value().into(),
            stage: c.stage_value().as_str().into(),
            channels: c.channel_values(),
            message: c.message.value().into(),
            excluded: c.audience.excluded.clone(),
            added: c.audience.added_names(),
            touched: c.touched.iter().map(|f| f.label().to_string()).collect(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    pub fn from_json(s: &str) -> Result<DraftFields, String> {
        serde_json::from_str(s).map_err(|e| format!("the draft cannot be read: {e}"))
    }

    /// A form holding this draft. `base` is the record it is about, as
    /// read now; the draft's own values go over it.
    pub fn restore(
        &self,
        subject: SubjectKind,
        base: Option<Record>,
        draft_key: u64,
        draft_id: i64,
        tz: chrono_tz::Tz,
    ) -> ComposerState {
        let mut c = match base {
            Some(r) => ComposerState::for_record(r, draft_key, tz),
            None => ComposerState::new(subject, draft_key),
        };
        let text = |s: &str| Input::new(s.to_string());
        c.title = text(&self.title);
        if c.is_new() {
            c.kind = Choice::at(match subject {
                SubjectKind::Incident => IncidentKind::ALL
                    .iter()
                    .position(|k| k.as_str() == self.kind)
                    .unwrap_or(0),
                SubjectKind::Change => ChangeKind::ALL
                    .iter()
                    .position(|k| k.as_str() == self.kind)
                    .unwrap_or(0),
            });
        }
        c.level = Choice::at(usize::from(self.level.min(3)));
        c.window_start = text(&self.window_start);
        c.window_end = text(&self.window_end);
        c.services = text(&self.services);
        c.regions = text(&self.regions);
        c.impact = ImpactField {
            effects: [
                self.impact.availability,
                self.impact.performance,
                self.impact.data_access,
            ],
            within_sla: self.impact.within_sla,
            cursor: 0,
        };
        c.guidance = text(&self.guidance);
        c.next_update = text(&self.next_update);
        if let Some(i) = c.stages().iter().position(|s| s.as_str() == self.stage) {
            c.stage = Choice::at(i);
        }
        c.channels = Toggles::with(CHANNELS.map(|ch| self.channels.contains(&ch)));
        c.message = text(&self.message);
        c.audience.excluded = self.excluded.clone();
        c.audience.pending = self.added.clone();
        c.touched = TOUCHABLE
            .iter()
            .copied()
            .filter(|f| self.touched.iter().any(|t| t == f.label()))
            .collect();
        c.draft.id = Some(draft_id);
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_reads_back_as_it_was_typed() {
        let mut c = ComposerState::new(SubjectKind::Change, 7);
        c.title = Input::new("RDS minor upgrade".into());
        c.kind = Choice::at(1);
        c.window_start = Input::new("+1d".into());
        c.services = Input::new("rds, ecs".into());
        c.impact.effects[1] = true;
        c.channels = Toggles::with([false, true, true]);
        c.audience.excluded = vec!["Borealis".into()];
        c.audience.pending = vec!["Cape Health".into()];
        c.touch(FieldId::Services);
        let json = DraftFields::of(&c).to_json();
        let back = DraftFields::from_json(&json).unwrap().restore(
            SubjectKind::Change,
            None,
            8,
            41,
            chrono_tz::UTC,
        );
        assert_eq!(back.title.value(), "RDS minor upgrade");
        assert_eq!(back.kind.index, 1);
        assert_eq!(back.window_start.value(), "+1d");
        assert_eq!(back.services.value(), "rds, ecs");
        assert_eq!(back.impact.effects, [false, true, false]);
        assert_eq!(back.channels.on, [false, true, true]);
        assert_eq!(back.audience.excluded, ["Borealis"]);
        assert_eq!(back.audience.pending, ["Cape Health"]);
        assert_eq!(back.touched, [FieldId::Services]);
        assert_eq!((back.draft.key, back.draft.id), (8, Some(41)));
    }

    #[test]
    fn an_unreadable_or_older_draft_is_said_or_filled_with_defaults() {
        assert!(DraftFields::from_json("not json").is_err());
        let d = DraftFields::from_json(r#"{"title":"x"}"#).unwrap();
        assert_eq!(d.title, "x");
        assert!(d.channels.is_empty());
    }
}
