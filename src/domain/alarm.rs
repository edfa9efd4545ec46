//! Alarms: the moments an unanswered escalation asks for someone — a new
//! S1 or S2 arriving, its time left reaching the severity's mark, its
//! deadline passing. Each mark rings once per engineer (the store keeps
//! which rang), acknowledging silences them, a snooze holds them back
//! until it ends, and a paused one waits on the customer, not the desk.

use chrono::{DateTime, Utc};

use super::Severity;
use super::sla_policy::SlaPolicy;

/// In rising order: a later mark covers the earlier ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mark {
    Arrived,
    Due,
    Breached,
}

impl Mark {
    pub const ALL: [Mark; 3] = [Mark::Arrived, Mark::Due, Mark::Breached];

    pub fn as_str(self) -> &'static str {
        match self {
            Mark::Arrived => "arrived",
            Mark::Due => "due",
            Mark::Breached => "breached",
        }
    }

    pub fn parse(s: &str) -> Option<Mark> {
        Mark::ALL.into_iter().find(|m| m.as_str() == s)
    }

    /// The symbol the board and the status line already use for it.
    pub fn symbol(self) -> &'static str {
        match self {
            Mark::Arrived => "●",
            Mark::Due => "‼",
            Mark::Breached => "✖",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Mark::Arrived => "new",
            Mark::Due => "due",
            Mark::Breached => "breached",
        }
    }
}

/// An unanswered escalation the store found near a mark.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub ticket_no: String,
    pub customer: String,
    pub severity: Severity,
    pub deadline: DateTime<Utc>,
    pub snoozed_until: Option<DateTime<Utc>>,
    /// New since the engineer's dashboards last looked.
    pub new: bool,
}

impl Candidate {
    /// The highest mark it has reached by `now`; none while snoozed.
    pub fn reached(&self, policy: &SlaPolicy, now: DateTime<Utc>) -> Option<Mark> {
        if self.snoozed_until.is_some_and(|u| u > now) {
            return None;
        }
        if now > self.deadline {
            Some(Mark::Breached)
        } else if self.deadline - now <= policy.mark(self.severity) {
            Some(Mark::Due)
        } else if self.new && self.severity <= Severity::S2 {
            Some(Mark::Arrived)
        } else {
            None
        }
    }
}

/// A mark that rang, with what the status line names it by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rung {
    pub id: i64,
    pub ticket_no: String,
    pub customer: String,
    pub severity: Severity,
    pub mark: Mark,
}

/// One line for the status bar and the desktop notification: the one
/// alarm by name, or how many of each. The caller makes the names inert.
pub fn summary(rung: &[Rung]) -> String {
    match rung {
        [] => String::new(),
        [r] => format!(
            "{} {} {} ({}, {})",
            r.mark.symbol(),
            r.ticket_no,
            r.mark.words(),
            r.customer,
            r.severity
        ),
        many => {
            let parts: Vec<String> = Mark::ALL
                .iter()
                .rev()
                .filter_map(|m| {
                    let n = many.iter().filter(|r| r.mark == *m).count();
                    (n > 0).then(|| format!("{} {n} {}", m.symbol(), m.words()))
                })
                .collect();
            format!("{} alarms: {}", many.len(), parts.join(" · "))
        }
    }
}

/// The terminal title: the counts first, so a tab strip shows them.
pub fn title(breached: crate::domain::tally::Tally, due: usize, label: &str) -> String {
    format!("sredesk ✖{breached} ‼{due} · {label}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tally::Tally;
    use chrono::{Duration, TimeZone};

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 22, 10, 0, 0).unwrap()
    }

    fn candidate(severity: Severity, left_mins: i64, new: bool) -> Candidate {
        Candidate {
            id: 1,
            ticket_no: "T-1".into(),
            customer: "Acme".into(),
            severity,
            deadline: t0() + Duration::minutes(left_mins),
            snoozed_until: None,
            new,
        }
    }

    #[test]
    fn the_highest_mark_reached() {
        let p = SlaPolicy::default();
        let at = |c: &Candidate| c.reached(&p, t0());
        // S1: a fifth of 15 min is 3 min.
        assert_eq!(at(&candidate(Severity::S1, 10, true)), Some(Mark::Arrived));
        assert_eq!(at(&candidate(Severity::S1, 10, false)), None);
        assert_eq!(at(&candidate(Severity::S1, 3, true)), Some(Mark::Due));
        assert_eq!(at(&candidate(Severity::S1, 0, false)), Some(Mark::Due));
        assert_eq!(at(&candidate(Severity::S1, -1, true)), Some(Mark::Breached));
        // S3 arriving is no alarm; its mark (36 min) is.
        assert_eq!(at(&candidate(Severity::S3, 100, true)), None);
        assert_eq!(at(&candidate(Severity::S3, 36, false)), Some(Mark::Due));
    }

    #[test]
    fn a_snooze_holds_every_mark_until_it_ends() {
        let p = SlaPolicy::default();
        let mut c = candidate(Severity::S1, -5, true);
        c.snoozed_until = Some(t0() + Duration::minutes(10));
        assert_eq!(c.reached(&p, t0()), None);
        assert_eq!(
            c.reached(&p, t0() + Duration::minutes(10) - Duration::seconds(1)),
            None
        );
        assert_eq!(
            c.reached(&p, t0() + Duration::minutes(10)),
            Some(Mark::Breached),
            "it rings as the snooze ends"
        );
    }

    #[test]
    fn the_summary_names_one_and_counts_many() {
        let r = |mark| Rung {
            id: 1,
            ticket_no: "ST-1".into(),
            customer: "Acme".into(),
            severity: Severity::S1,
            mark,
        };
        assert_eq!(summary(&[]), "");
        assert_eq!(summary(&[r(Mark::Breached)]), "✖ ST-1 breached (Acme, S1)");
        assert_eq!(
            summary(&[
                r(Mark::Due),
                r(Mark::Breached),
                r(Mark::Breached),
                r(Mark::Arrived)
            ]),
            "4 alarms: ✖ 2 breached · ‼ 1 due · ● 1 new"
        );
        assert_eq!(
            title(Tally::exact(3), 5, "desk.db"),
            "sredesk ✖3 ‼5 · desk.db"
        );
        assert_eq!(
            title(Tally::upto(600, 500), 5, "desk.db"),
            "sredesk ✖500+ ‼5 · desk.db"
        );
        assert_eq!(Mark::parse("due"), Some(Mark::Due));
        assert_eq!(Mark::parse("late"), None);
    }
}
