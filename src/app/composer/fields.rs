//! The composer's kinds of field besides typed text: a choice among a
//! fixed list (cycled with ←/→ or picked by typing) and a row of toggles.

/// One of a fixed list of options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choice {
    pub index: usize,
    /// What has been typed to pick an option, kept while it keeps matching.
    pub typed: String,
}

impl Choice {
    pub fn at(index: usize) -> Choice {
        Choice {
            index,
            typed: String::new(),
        }
    }

    /// One step through `len` options, wrapping round.
    pub fn cycle(&mut self, len: usize, forward: bool) {
        if len == 0 {
            return;
        }
        self.index = if forward {
            (self.index + 1) % len
        } else {
            (self.index + len - 1) % len
        };
        self.typed.clear();
    }

    /// Type-ahead: `c` is added to what was typed and the first option
    /// whose names start with it (else contain it) is picked. When nothing
    /// matches, `c` alone starts again; when that matches nothing either the
    /// choice stays as it was. True if the choice moved.
    pub fn type_char(&mut self, c: char, names: &[Vec<String>]) -> bool {
        for attempt in [format!("{}{c}", self.typed), c.to_string()] {
            if let Some(i) = pick(&attempt, names) {
                let moved = i != self.index;
                self.index = i;
                self.typed = attempt;
                return moved;
            }
        }
        false
    }
}

/// The option that `typed` names best: a prefix of one of its names, else
/// a part of one, case aside.
fn pick(typed: &str, names: &[Vec<String>]) -> Option<usize> {
    let t = typed.trim().to_lowercase();
    if t.is_empty() {
        return None;
    }
    let lower = |n: &String| n.to_lowercase();
    names
        .iter()
        .position(|ns| ns.iter().any(|n| lower(n).starts_with(&t)))
        .or_else(|| {
            names
                .iter()
                .position(|ns| ns.iter().any(|n| lower(n).contains(&t)))
        })
}

/// A row of on/off switches with a cursor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Toggles<const N: usize> {
    pub on: [bool; N],
    pub cursor: usize,
}

impl<const N: usize> Toggles<N> {
    pub fn with(on: [bool; N]) -> Self {
        Toggles { on, cursor: 0 }
    }

    pub fn step(&mut self, forward: bool) {
        self.cursor = if forward {
            (self.cursor + 1).min(N - 1)
        } else {
            self.cursor.saturating_sub(1)
        };
    }

    pub fn toggle(&mut self) {
        if let Some(v) = self.on.get_mut(self.cursor) {
            *v = !*v;
        }
    }
}

/// What customers will notice during a change's window. The SLA answer is
/// unknown until the engineer gives it: an impact is evaluated only once
/// it says whether the effect stays within the SLA, as the CLI asks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImpactField {
    /// Availability, performance, data access.
    pub effects: [bool; 3],
    pub within_sla: Option<bool>,
    /// 0-2 the effects, 3 the SLA answer.
    pub cursor: usize,
}

impl ImpactField {
    pub const ITEMS: usize = 4;

    pub fn from(i: Option<crate::domain::change::Impact>) -> ImpactField {
        match i {
            Some(i) => ImpactField {
                effects: [i.availability, i.performance, i.data_access],
                within_sla: Some(i.within_sla),
                cursor: 0,
            },
            None => ImpactField::default(),
        }
    }

    pub fn step(&mut self, forward: bool) {
        self.cursor = if forward {
            (self.cursor + 1).min(Self::ITEMS - 1)
        } else {
            self.cursor.saturating_sub(1)
        };
    }

    /// Space: an effect on or off; the SLA answer goes unknown → within →
    /// outside → within.
    pub fn toggle(&mut self) {
        match self.cursor {
            i @ 0..=2 => self.effects[i] = !self.effects[i],
            _ => self.within_sla = Some(!self.within_sla.unwrap_or(false)),
        }
    }

    /// The impact, if it has been evaluated; an error if an effect is
    /// marked but the SLA question is unanswered.
    pub fn value(&self) -> Result<Option<crate::domain::change::Impact>, String> {
        let [availability, performance, data_access] = self.effects;
        match self.within_sla {
            Some(within_sla) => Ok(Some(crate::domain::change::Impact {
                availability,
                performance,
                data_access,
                within_sla,
            })),
            None if self.effects.iter().any(|e| *e) => {
                Err("say whether it stays within the SLA: → to 'SLA', then Space".to_string())
            }
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Vec<Vec<String>> {
        [
            ["os-vulnerability", "OS vulnerability"],
            [
                "third-party-vulnerability",
                "Critical third-party vulnerability",
            ],
            ["virus-outbreak", "Virus outbreak"],
        ]
        .iter()
        .map(|ns| ns.iter().map(|n| n.to_string()).collect())
        .collect()
    }

    #[test]
    fn choices_cycle_both_ways_and_wrap() {
        let mut c = Choice::at(0);
        c.cycle(3, false);
        assert_eq!(c.index, 2);
        c.cycle(3, true);
        assert_eq!(c.index, 0);
    }

    #[test]
    fn typing_picks_by_prefix_then_by_part() {
        let mut c = Choice::at(0);
        assert!(c.type_char('v', &names()));
        assert_eq!(c.index, 2);
        // "vi" still names the virus outbreak; "third" a prefix of the second.
        c.type_char('i', &names());
        assert_eq!((c.index, c.typed.as_str()), (2, "vi"));
        let mut c = Choice::at(0);
        for ch in "crit".chars() {
            c.type_char(ch, &names());
        }
        assert_eq!(c.index, 1);
        // Nothing matches 'z': the choice stays.
        assert!(!c.type_char('z', &names()));
        assert_eq!(c.index, 1);
    }

    #[test]
    fn an_impact_needs_its_sla_answer() {
        let mut i = ImpactField::default();
        assert_eq!(i.value(), Ok(None));
        i.toggle();
        assert!(i.value().unwrap_err().contains("within the SLA"));
        i.cursor = 3;
        i.toggle();
        let v = i.value().unwrap().unwrap();
        assert!(v.availability && v.within_sla);
        i.toggle();
        assert!(!i.value().unwrap().unwrap().within_sla);
    }
}
