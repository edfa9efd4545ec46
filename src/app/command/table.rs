//! Every command by name: those that are a key's action by another name,
//! and those that take a value (`assign bob`, `sev S2`, `goto ST-42`).

use crate::app::keymap::Action;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// What the key for this action does, on the screen shown.
    Act(Action),
    Assign,
    Severity,
    Snooze,
    Filter,
    View,
    Goto,
    Sort,
    Quit,
}

/// Name, what it does, and (for those that take one) its value.
pub const COMMANDS: &[(&str, Command, &str)] = &[
    (
        "ack",
        Command::Act(Action::Acknowledge),
        "acknowledge the selected (or marked)",
    ),
    (
        "advance",
        Command::Act(Action::Advance),
        "advance the selected record or requirement (asks)",
    ),
    (
        "assign",
        Command::Assign,
        "assign NAME (none: to me), the selected or marked",
    ),
    (
        "board",
        Command::Act(Action::Back),
        "back towards the board",
    ),
    (
        "change",
        Command::Act(Action::NewChange),
        "a new platform change, notified in one form",
    ),
    (
        "close",
        Command::Act(Action::Close),
        "close a resolved escalation",
    ),
    (
        "compose",
        Command::Act(Action::Compose),
        "compose a notice about the selected record",
    ),
    (
        "customer",
        Command::Act(Action::Customer),
        "the selected escalation's customer",
    ),
    (
        "escalate",
        Command::Act(Action::Escalate),
        "escalate to R&D experts",
    ),
    (
        "filter",
        Command::Filter,
        "filter TEXT (none: clear), the language of /",
    ),
    (
        "goto",
        Command::Goto,
        "goto TICKET or #ID: open its detail, closed ones too",
    ),
    (
        "handoff",
        Command::Act(Action::HandOff),
        "hand off to another engineer, with a note",
    ),
    (
        "handover",
        Command::Act(Action::Handover),
        "the shift's handover",
    ),
    (
        "help",
        Command::Act(Action::Help),
        "every key and what it does",
    ),
    (
        "history",
        Command::Act(Action::History),
        "history: search every escalation, closed ones too",
    ),
    (
        "incident",
        Command::Act(Action::NewIncident),
        "a new incident, notified in one form",
    ),
    (
        "mark",
        Command::Act(Action::Mark),
        "mark or unmark the selected",
    ),
    (
        "markall",
        Command::Act(Action::MarkAll),
        "mark what the filter shows; again: unmark",
    ),
    (
        "new",
        Command::Act(Action::NewEscalation),
        "a new escalation",
    ),
    (
        "note",
        Command::Act(Action::Note),
        "a note on the escalation",
    ),
    (
        "notices",
        Command::Act(Action::Notices),
        "incidents, changes and notices",
    ),
    (
        "oos",
        Command::Act(Action::OutOfScope),
        "out of scope, picking the reason",
    ),
    (
        "pause",
        Command::Act(Action::Pause),
        "pause (waiting on the customer), or resume",
    ),
    (
        "pipeline",
        Command::Act(Action::Pipeline),
        "the requirement pipeline",
    ),
    (
        "plan",
        Command::Act(Action::Plan),
        "record an accepted requirement's rollout plan",
    ),
    ("quit", Command::Quit, "quit sredesk"),
    (
        "reject",
        Command::Act(Action::Reject),
        "reject a requirement (R&D's no), with a reason",
    ),
    (
        "resend",
        Command::Act(Action::Resend),
        "re-send a notice's failed deliveries (asks)",
    ),
    (
        "resolve",
        Command::Act(Action::Resolve),
        "resolve, writing how",
    ),
    (
        "sev",
        Command::Severity,
        "sev S1..S5 (none: pick), the selected or marked",
    ),
    (
        "snooze",
        Command::Snooze,
        "snooze SPAN or off, the selected or marked",
    ),
    (
        "sort",
        Command::Sort,
        "sort COLUMN [asc|desc]: the same column again reverses",
    ),
    ("start", Command::Act(Action::Start), "start work"),
    (
        "trends",
        Command::Act(Action::Trends),
        "trends: SLA attainment, breaches, quota use",
    ),
    (
        "update",
        Command::Act(Action::CustomerUpdate),
        "update the customer",
    ),
    (
        "view",
        Command::View,
        "view NAME: one of the desk's named filters",
    ),
    ("views", Command::Act(Action::Views), "pick a named view"),
    (
        "withdraw",
        Command::Act(Action::Withdraw),
        "withdraw, writing why",
    ),
];

/// The name a command is listed under.
pub fn name_of(command: Command) -> &'static str {
    COMMANDS
        .iter()
        .find(|(_, c, _)| *c == command)
        .map_or("?", |(n, ..)| n)
}

/// The command `name` names: exactly, or as the only one it begins.
pub fn find(name: &str) -> Result<Command, String> {
    let name = name.to_ascii_lowercase();
    if let Some((_, c, _)) = COMMANDS.iter().find(|(n, ..)| *n == name) {
        return Ok(*c);
    }
    let starting: Vec<&str> = names_starting(&name);
    match starting.as_slice() {
        [one] => find(one),
        [] => Err(format!(
            "no command '{name}' · Tab completes, :help lists the keys"
        )),
        many => Err(format!("'{name}' could be {}", many.join(", "))),
    }
}

pub fn names_starting(prefix: &str) -> Vec<&'static str> {
    COMMANDS
        .iter()
        .map(|(n, ..)| *n)
        .filter(|n| n.starts_with(prefix))
        .collect()
}

/// What a command's value may be, for Tab.
pub fn values(c: Command, views: &[(String, String)]) -> Vec<String> {
    match c {
        Command::Severity => ["S1", "S2", "S3", "S4", "S5"].map(String::from).to_vec(),
        Command::Snooze => ["30m", "1h", "2h", "off"].map(String::from).to_vec(),
        Command::View => views.iter().map(|(n, _)| n.clone()).collect(),
        Command::Sort => crate::domain::board_sort::SortColumn::ALL
            .iter()
            .map(|c| c.word().to_string())
            .collect(),
        _ => Vec::new(),
    }
}

/// The longest start every word in `words` shares.
pub fn common_prefix(words: &[String]) -> String {
    let Some(first) = words.first() else {
        return String::new();
    };
    let mut end = first.len();
    for w in &words[1..] {
        end = first
            .char_indices()
            .zip(w.chars())
            .take_while(|((_, a), b)| a == b)
            .map(|((i, a), _)| i + a.len_utf8())
            .last()
            .unwrap_or(0)
            .min(end);
    }
    first[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_names_and_unique_starts_find_a_command() {
        assert_eq!(find("ack"), Ok(Command::Act(Action::Acknowledge)));
        assert_eq!(find("ACK"), Ok(Command::Act(Action::Acknowledge)));
        assert_eq!(find("go"), Ok(Command::Goto));
        assert_eq!(find("handover"), Ok(Command::Act(Action::Handover)));
        assert!(
            find("hand")
                .unwrap_err()
                .contains("could be handoff, handover")
        );
        assert!(find("zap").unwrap_err().contains("no command 'zap'"));
        // "view" is a name, not just the start of "views".
        assert_eq!(find("view"), Ok(Command::View));
    }

    #[test]
    fn common_starts() {
        let w = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(common_prefix(&w(&["handoff", "handover"])), "hando");
        assert_eq!(common_prefix(&w(&["mark", "markall"])), "mark");
        assert_eq!(common_prefix(&w(&["ack"])), "ack");
        assert_eq!(common_prefix(&w(&["a", "b"])), "");
        assert_eq!(common_prefix(&[]), "");
    }

    #[test]
    fn every_action_named_is_bound_to_a_key() {
        for (name, c, _) in COMMANDS {
            if let Command::Act(a) = c {
                assert!(
                    crate::app::keymap::BINDINGS.iter().any(|b| b.action == *a),
                    "{name}"
                );
            }
        }
    }
}
