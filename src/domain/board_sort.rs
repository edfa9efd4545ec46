//! The board's order: by urgency unless the engineer sorts by a column.
//!
//! The default keeps the desk's priorities: unanswered first by time
//! left (breached on top), then answered ones by deadline, then those
//! waiting on the customer, the longest wait first. Any column may be
//! chosen instead, ascending or reversed; ties go by deadline, then by
//! escalation id, so the order is total and paging never skips a row.

use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortColumn {
    /// The CLOCK column: the default order described above.
    #[default]
    Urgency,
    Severity,
    Customer,
    Ticket,
    Title,
    State,
    Assignee,
    /// When the customer reported it (oldest first): no column of its
    /// own, but "what has waited longest" is a question the desk asks.
    Reported,
}

impl SortColumn {
    pub const ALL: [SortColumn; 8] = [
        SortColumn::Urgency,
        SortColumn::Severity,
        SortColumn::Customer,
        SortColumn::Ticket,
        SortColumn::Title,
        SortColumn::State,
        SortColumn::Assignee,
        SortColumn::Reported,
    ];

    /// The word typed after `:sort` and shown in the header.
    pub fn word(self) -> &'static str {
        match self {
            SortColumn::Urgency => "clock",
            SortColumn::Severity => "sev",
            SortColumn::Customer => "customer",
            SortColumn::Ticket => "ticket",
            SortColumn::Title => "title",
            SortColumn::State => "state",
            SortColumn::Assignee => "assignee",
            SortColumn::Reported => "reported",
        }
    }

    /// What the sort picker says of it.
    pub fn describe(self) -> &'static str {
        match self {
            SortColumn::Urgency => "default: time left, answered, longest paused",
            SortColumn::Severity => "S1 first",
            SortColumn::Customer => "the customer's name, A to Z",
            SortColumn::Ticket => "the customer's ticket number",
            SortColumn::Title => "A to Z, case ignored",
            SortColumn::State => "new, acknowledged, in progress",
            SortColumn::Assignee => "unassigned first, then A to Z",
            SortColumn::Reported => "the oldest first",
        }
    }

    /// The column a board header title sorts by (its text as drawn).
    pub fn for_title(title: &str) -> Option<SortColumn> {
        Some(match title {
            "CLOCK" => SortColumn::Urgency,
            "SEV" => SortColumn::Severity,
            "CUSTOMER" => SortColumn::Customer,
            "TICKET" => SortColumn::Ticket,
            "TITLE" => SortColumn::Title,
            "STATE" => SortColumn::State,
            "ASSIGNEE" => SortColumn::Assignee,
            _ => return None,
        })
    }

    /// A typed name, cut to any start only one column has (`cu`, `ass`).
    pub fn parse(text: &str) -> Result<SortColumn, String> {
        let t = text.trim().to_ascii_lowercase();
        if t.is_empty() {
            return Err(format!("sort by what? {}", Self::names()));
        }
        let aliases = [
            ("severity", SortColumn::Severity),
            ("due", SortColumn::Urgency),
        ];
        let found: Vec<SortColumn> = Self::ALL
            .iter()
            .map(|c| (c.word(), *c))
            .chain(aliases)
            .filter(|(w, _)| w.starts_with(&t))
            .map(|(_, c)| c)
            .fold(Vec::new(), |mut v, c| {
                if !v.contains(&c) {
                    v.push(c);
                }
                v
            });
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(format!("no column '{text}' to sort by: {}", Self::names())),
            many => Err(format!(
                "'{text}' could be {}",
                many.iter()
                    .map(|c| c.word())
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
        }
    }

    fn names() -> String {
        Self::ALL
            .iter()
            .map(|c| c.word())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The board's order as chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct BoardSort {
    pub column: SortColumn,
    pub descending: bool,
}

impl BoardSort {
    pub fn is_default(self) -> bool {
        self == BoardSort::default()
    }

    /// Choosing the column already sorted by reverses it; another column
    /// starts ascending.
    pub fn choose(self, column: SortColumn) -> BoardSort {
        if column == self.column {
            BoardSort {
                column,
                descending: !self.descending,
            }
        } else {
            BoardSort {
                column,
                descending: false,
            }
        }
    }

    /// `:sort COLUMN [asc|desc]`; without a direction, as [`Self::choose`].
    pub fn parse_command(self, args: &str) -> Result<BoardSort, String> {
        let mut words = args.split_whitespace();
        let column = SortColumn::parse(words.next().unwrap_or(""))?;
        let sort = match words.next().map(str::to_ascii_lowercase).as_deref() {
            None => self.choose(column),
            Some("asc" | "up") => BoardSort {
                column,
                descending: false,
            },
            Some("desc" | "down" | "rev") => BoardSort {
                column,
                descending: true,
            },
            Some(other) => return Err(format!("'{other}': write asc or desc")),
        };
        match words.next() {
            Some(extra) => Err(format!(
                "'{extra}' after the direction: :sort COLUMN [asc|desc]"
            )),
            None => Ok(sort),
        }
    }

    /// The arrow beside the sorted column's title.
    pub fn arrow(self) -> &'static str {
        if self.descending { "↓" } else { "↑" }
    }
}

impl fmt::Display for BoardSort {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.column.word(), self.arrow())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choosing_the_sorted_column_reverses_it_and_another_starts_ascending() {
        let s = BoardSort::default();
        assert!(s.is_default());
        let r = s.choose(SortColumn::Urgency);
        assert!(r.descending && !r.is_default());
        let c = r.choose(SortColumn::Customer);
        assert_eq!(
            c,
            BoardSort {
                column: SortColumn::Customer,
                descending: false
            }
        );
        assert_eq!(c.choose(SortColumn::Customer).to_string(), "customer↓");
    }

    #[test]
    fn a_column_is_named_by_any_start_only_it_has() {
        assert_eq!(SortColumn::parse("cu"), Ok(SortColumn::Customer));
        assert_eq!(SortColumn::parse("ASS"), Ok(SortColumn::Assignee));
        assert_eq!(SortColumn::parse("severity"), Ok(SortColumn::Severity));
        assert_eq!(SortColumn::parse("due"), Ok(SortColumn::Urgency));
        assert_eq!(
            SortColumn::parse("t").unwrap_err(),
            "'t' could be ticket or title"
        );
        assert!(
            SortColumn::parse("zebra")
                .unwrap_err()
                .starts_with("no column 'zebra'")
        );
        assert!(
            SortColumn::parse(" ")
                .unwrap_err()
                .starts_with("sort by what?")
        );
    }

    #[test]
    fn the_command_takes_a_direction_or_toggles() {
        let s = BoardSort::default();
        let by = |a: &str| s.parse_command(a);
        assert_eq!(by("title desc").unwrap().to_string(), "title↓");
        assert_eq!(by("title asc").unwrap().to_string(), "title↑");
        assert_eq!(by("clock").unwrap().to_string(), "clock↓");
        assert!(by("title sideways").unwrap_err().contains("asc or desc"));
        assert!(
            by("title desc now")
                .unwrap_err()
                .contains("after the direction")
        );
    }

    #[test]
    fn every_header_title_but_next_sorts() {
        for t in [
            "CLOCK", "SEV", "CUSTOMER", "TICKET", "TITLE", "STATE", "ASSIGNEE",
        ] {
            assert!(SortColumn::for_title(t).is_some(), "{t}");
        }
        assert_eq!(SortColumn::for_title("NEXT"), None);
    }
}
