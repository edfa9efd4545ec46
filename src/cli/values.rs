//! The domain's closed vocabularies as the parser knows them: each word
//! set is read by its own `FromStr` (case and spelling as before, errors
//! naming what was expected), and its words are given to clap, so `--help`
//! lists them and completions offer them.

use std::ffi::OsStr;
use std::marker::PhantomData;
use std::str::FromStr;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser, ValueParserFactory};

use crate::domain::change::{ChangeKind, ChangeState};
use crate::domain::deliverable::DeliverableKind;
use crate::domain::incident::{IncidentKind, IncidentLevel, IncidentState};
use crate::domain::notice::{Stage, SubjectKind};
use crate::domain::quota::PackageKind;
use crate::domain::requirement::RequirementState;
use crate::domain::subscription::ChatPlatform;
use crate::domain::{
    CustomerKind, EscalationKind, EscalationState, Language, OutOfScopeReason, Severity,
};
use crate::export::Format;

/// Parses with `T`'s own `FromStr` and offers `words` as its values.
#[derive(Clone)]
pub struct Words<T> {
    words: fn() -> Vec<&'static str>,
    parsed: PhantomData<fn() -> T>,
}

impl<T> TypedValueParser for Words<T>
where
    T: FromStr + Clone + Send + Sync + 'static,
    T::Err: std::fmt::Display,
{
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<T, clap::Error> {
        // As clap reads any `FromStr` value, so errors read as before.
        StringValueParser::new()
            .try_map(|s| s.parse::<T>().map_err(|e| e.to_string()))
            .parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.words)().into_iter().map(PossibleValue::new)))
    }
}

macro_rules! words {
    ($($t:ty => $words:expr),+ $(,)?) => {
        $(impl ValueParserFactory for $t {
            type Parser = Words<$t>;
            fn value_parser() -> Words<$t> {
                Words { words: $words, parsed: PhantomData }
            }
        })+
    };
}

/// A word set's spellings, in its order.
macro_rules! all {
    ($t:ty) => {
        || <$t>::ALL.iter().map(|v| v.as_str()).collect()
    };
}

words!(
    EscalationState => all!(EscalationState),
    EscalationKind => all!(EscalationKind),
    OutOfScopeReason => all!(OutOfScopeReason),
    CustomerKind => all!(CustomerKind),
    Language => all!(Language),
    ChangeKind => all!(ChangeKind),
    ChangeState => all!(ChangeState),
    IncidentKind => all!(IncidentKind),
    IncidentState => all!(IncidentState),
    RequirementState => all!(RequirementState),
    DeliverableKind => all!(DeliverableKind),
    PackageKind => all!(PackageKind),
    ChatPlatform => all!(ChatPlatform),
    SubjectKind => all!(SubjectKind),
    // What `notice compose` takes: a record's stages, not the ones the
    // desk's own notices (owner, requirement, handover) speak at.
    Stage => || Stage::INCIDENT.iter().chain(&Stage::CHANGE).map(|s| s.as_str()).collect(),
    Format => all!(Format),
    Severity => || SEVERITIES.to_vec(),
    IncidentLevel => || vec!["1", "2", "3"],
);

/// Written out: clap keeps `&'static str`s, and `Severity` prints itself.
const SEVERITIES: [&str; 5] = ["S1", "S2", "S3", "S4", "S5"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_offered_word_parses() {
        let severities: Vec<Severity> = SEVERITIES.iter().map(|s| s.parse().unwrap()).collect();
        assert_eq!(severities, Severity::ALL);
        for n in ["1", "2", "3"] {
            assert!(n.parse::<IncidentLevel>().is_ok());
        }
    }
}
