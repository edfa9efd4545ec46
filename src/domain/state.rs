//! Escalation states, kinds and out-of-scope reasons, with their spellings.

/// Declares a closed set of words with one spelling each, used by the CLI,
/// the store and JSON alike, so the three can never disagree.
macro_rules! word_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $word:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Clone, Copy, Debug, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize,
        )]
        pub enum $name {
            $(#[serde(rename = $word)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $word),+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                // `pad`, not `write_str`: a width such as `{:<8}` in a CLI
                // column is honoured instead of silently ignored.
                f.pad(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = crate::domain::UnknownWord;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(wanted))
                    .ok_or_else(|| crate::domain::UnknownWord {
                        what: $what,
                        got: s.to_string(),
                        expected: $name::ALL.iter().map(|v| v.as_str()).collect(),
                    })
            }
        }
    };
}

pub(crate) use word_enum;

word_enum!(
    /// Where an escalation is in its lifecycle.
    EscalationState, "state" {
        New => "new",
        Acknowledged => "acknowledged",
        InProgress => "in_progress",
        Resolved => "resolved",
        Closed => "closed",
        Withdrawn => "withdrawn",
        OutOfScope => "out_of_scope",
    }
);

impl EscalationState {
    /// Open escalations are the ones the desk still owes work on.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            EscalationState::New | EscalationState::Acknowledged | EscalationState::InProgress
        )
    }

    /// Where the board puts it: unanswered escalations (0) above answered
    /// open ones (1); `None` for those that have left the board.
    pub fn board_rank(self) -> Option<i64> {
        match self {
            EscalationState::New => Some(0),
            EscalationState::Acknowledged | EscalationState::InProgress => Some(1),
            _ => None,
        }
    }

    /// Still racing the response clock: nobody has responded yet.
    pub fn awaits_response(self) -> bool {
        self == EscalationState::New
    }
}

word_enum!(
    /// What the customer asked for when escalating.
    EscalationKind, "kind" {
        Faster => "faster",
        Expert => "expert",
        General => "general",
    }
);

impl EscalationKind {
    pub fn label(self) -> &'static str {
        match self {
            EscalationKind::Faster => "faster ticket handling",
            EscalationKind::Expert => "direct expert support",
            EscalationKind::General => "general",
        }
    }
}

word_enum!(
    /// The seed's list of what the service does not cover.
    OutOfScopeReason, "out-of-scope reason" {
        CodeDevelopment => "code-development",
        ThirdPartySoftware => "third-party-software",
        IdcHardware => "idc-hardware",
        BeyondService => "beyond-service",
    }
);

impl OutOfScopeReason {
    pub fn label(self) -> &'static str {
        match self {
            OutOfScopeReason::CodeDevelopment => "code development",
            OutOfScopeReason::ThirdPartySoftware => "third-party software O&M",
            OutOfScopeReason::IdcHardware => "IDC / hardware maintenance",
            OutOfScopeReason::BeyondService => "beyond the service",
        }
    }
}

word_enum!(
    /// The two kinds of enterprise the seed distinguishes.
    CustomerKind, "customer kind" {
        Local => "local",
        InternationalChinese => "international-chinese",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    /// The CLI lines up columns with `{:<8}` and the like on these words.
    #[test]
    fn words_take_a_width_and_alignment() {
        assert_eq!(format!("{:<10}|", EscalationState::New), "new       |");
        assert_eq!(format!("{:>5}|", EscalationState::New), "  new|");
        assert_eq!(format!("{}|", EscalationState::New), "new|");
    }

    #[test]
    fn words_round_trip_and_errors_list_choices() {
        for s in EscalationState::ALL {
            assert_eq!(s.as_str().parse::<EscalationState>().unwrap(), *s);
        }
        assert_eq!(
            "In_Progress".parse::<EscalationState>().unwrap(),
            EscalationState::InProgress
        );
        let err = "urgent".parse::<EscalationKind>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown kind 'urgent': expected one of faster, expert, general"
        );
    }

    #[test]
    fn open_states() {
        let open: Vec<_> = EscalationState::ALL
            .iter()
            .filter(|s| s.is_open())
            .map(|s| s.as_str())
            .collect();
        assert_eq!(open, ["new", "acknowledged", "in_progress"]);
        assert!(EscalationState::New.awaits_response());
        assert!(!EscalationState::Acknowledged.awaits_response());
    }

    #[test]
    fn serde_uses_the_same_words() {
        let json = serde_json::to_string(&OutOfScopeReason::IdcHardware).unwrap();
        assert_eq!(json, "\"idc-hardware\"");
        let kind: CustomerKind = serde_json::from_str("\"international-chinese\"").unwrap();
        assert_eq!(kind, CustomerKind::InternationalChinese);
    }
}
