//! The command line on `:`: every action and screen by name (`:ack`,
//! `:assign bob`, `:sev S2`, `:goto ST2612-0042`, `:view mine`, `:quit`),
//! Tab to complete a name or a value, Up and Down for the commands typed
//! before. A named action does what its key does; one that takes a value
//! acts on the marked escalations when some are marked, else on the
//! selected one, checked by the same rules.

pub mod state;
pub mod table;

use crossterm::event::{Event, KeyCode, KeyEvent};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

use self::state::HISTORY_KEPT;
use self::table::{Command, common_prefix, find, name_of, names_starting, values};
use crate::app::board::load::jump;
use crate::app::board::state::BoardFocus;
use crate::app::keymap::Action;
use crate::app::keys::acts::acts;
use crate::app::model::{Model, Screen, Status};
use crate::app::msg::Effect;
use crate::domain::pause::parse_span;
use crate::domain::{Severity, TriageOp, check_allowed};
use crate::store::Anchor;

/// What a key on the command line comes to: effects, or an action for
/// the screen to carry out as its key would.
pub enum Outcome {
    Effects(Vec<Effect>),
    Act(Action),
    /// The effects of opening the screen where the action acts, then it.
    Then(Vec<Effect>, Action),
}

pub(crate) fn open(m: &mut Model) {
    m.command.editing = true;
    m.command.input = Input::default();
    m.command.recalled = None;
    m.command.offered.clear();
}

pub(crate) fn on_key(m: &mut Model, key: KeyEvent) -> Outcome {
    let c = &mut m.command;
    match key.code {
        KeyCode::Esc => {
            c.editing = false;
            c.offered.clear();
        }
        KeyCode::Enter => {
            c.editing = false;
            c.offered.clear();
            let line = c.input.value().trim().to_string();
            if !line.is_empty() {
                if c.history.last() != Some(&line) {
                    c.history.push(line.clone());
                    c.unsaved = true;
                }
                if c.history.len() > HISTORY_KEPT {
                    c.history.remove(0);
                }
                return run(m, &line);
            }
        }
        KeyCode::Up | KeyCode::Down => {
            let last = c.history.len();
            let at = match (key.code, c.recalled) {
                (KeyCode::Up, None) if last > 0 => Some(last - 1),
                (KeyCode::Up, Some(i)) => Some(i.saturating_sub(1)),
                (KeyCode::Down, Some(i)) if i + 1 < last => Some(i + 1),
                _ => None,
            };
            c.recalled = at;
            let text = at.map(|i| c.history[i].clone()).unwrap_or_default();
            c.input = Input::new(text);
        }
        KeyCode::Tab => complete(m),
        _ => {
            c.input.handle_event(&Event::Key(key));
            c.offered.clear();
        }
    }
    Outcome::Effects(Vec::new())
}

/// Completes the word typed: a command's name, or its value.
fn complete(m: &mut Model) {
    let text = m.command.input.value().to_string();
    let (head, word, candidates) = match text.split_once(' ') {
        None => (
            String::new(),
            text.clone(),
            names_starting(&text.to_ascii_lowercase())
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>(),
        ),
        Some((name, rest)) => {
            let vals = find(name).map(|c| values(c, &m.views)).unwrap_or_default();
            let rest = rest.trim_start().to_string();
            let fits = vals
                .into_iter()
                .filter(|v| {
                    v.to_ascii_lowercase()
                        .starts_with(&rest.to_ascii_lowercase())
                })
                .collect();
            (format!("{name} "), rest, fits)
        }
    };
    let c = &mut m.command;
    c.offered.clear();
    match candidates.as_slice() {
        [] => {}
        [one] => c.input = Input::new(format!("{head}{one} ")),
        many => {
            let common = common_prefix(many);
            if common.chars().count() > word.chars().count() {
                c.input = Input::new(format!("{head}{common}"));
            }
            c.offered = many.to_vec();
        }
    }
}

fn run(m: &mut Model, line: &str) -> Outcome {
    let (name, value) = match line.split_once(char::is_whitespace) {
        Some((n, v)) => (n, v.trim()),
        None => (line, ""),
    };
    let command = match find(name) {
        Ok(c) => c,
        Err(e) => return refused(m, e),
    };
    let fx = match command {
        Command::Act(a) => return act_here(m, command, a),
        Command::Quit => {
            m.quit = true;
            vec![Effect::Quit]
        }
        Command::Filter => {
            if value.is_empty() {
                m.filter.clear();
            } else {
                m.filter.set(value, &m.engineer);
                if let Some(e) = &m.filter.error {
                    let e = format!("filter: {e}");
                    m.filter.clear();
                    return refused(m, e);
                }
            }
            to_board(m)
        }
        Command::View => {
            let wanted = value.to_ascii_lowercase();
            let found: Vec<(String, String)> = m
                .views
                .iter()
                .filter(|(n, _)| n.to_ascii_lowercase().starts_with(&wanted))
                .cloned()
                .collect();
            let exact = found.iter().find(|(n, _)| n.to_ascii_lowercase() == wanted);
            let Some((name, text)) = exact
                .or(found.first().filter(|_| found.len() == 1))
                .cloned()
            else {
                let names: Vec<&str> = m.views.iter().map(|(n, _)| n.as_str()).collect();
                return refused(
                    m,
                    format!("no view '{value}': the views are {}", names.join(", ")),
                );
            };
            m.filter.set(&text, &m.engineer);
            m.status = Some(Status::info(format!("view {name}: {text}")));
            to_board(m)
        }
        Command::Goto if value.is_empty() => {
            return refused(m, "goto what: a ticket number or #id".into());
        }
        Command::Goto => vec![Effect::Goto(value.to_string())],
        Command::Sort => {
            if !matches!(m.screen, Screen::Board) {
                m.screen = Screen::Board;
            }
            match crate::app::board::sort::command(m, value) {
                Ok(fx) => fx,
                Err(e) => return refused(m, format!("sort: {e}")),
            }
        }
        Command::Severity if value.is_empty() => return Outcome::Act(Action::Severity),
        Command::Severity => match value.parse::<Severity>() {
            Ok(s) => step(
                m,
                command,
                TriageOp::SetSeverity(s),
                format!("Re-grade the {{n}} marked to {s}?"),
            ),
            Err(e) => return refused(m, e.to_string()),
        },
        Command::Assign if value.is_empty() => return Outcome::Act(Action::AssignMe),
        Command::Assign => {
            if value.chars().any(char::is_control) || value.contains(char::is_whitespace) {
                return refused(m, "assign to one engineer's name, as in :assign bob".into());
            }
            let op = TriageOp::Assign {
                to: value.to_string(),
                note: None,
            };
            step(
                m,
                command,
                op,
                format!("Assign the {{n}} marked to {value}?"),
            )
        }
        Command::Snooze if value.is_empty() => return Outcome::Act(Action::Snooze),
        Command::Snooze => {
            let until = match value {
                "off" => None,
                span => match parse_span(span) {
                    Ok(d) => Some(m.now + d),
                    Err(e) => return refused(m, format!("{e}, or off")),
                },
            };
            step(
                m,
                command,
                TriageOp::Snooze { until },
                format!("Snooze the {{n}} marked's alarms ({value})?"),
            )
        }
    };
    Outcome::Effects(fx)
}

/// A named action does what its key does where that key acts; a screen's
/// own command opens it from any screen, as one would expect of a name;
/// anywhere else it says so rather than doing nothing.
fn act_here(m: &mut Model, command: Command, action: Action) -> Outcome {
    let view = m.view();
    if acts(view, action) {
        return Outcome::Act(action);
    }
    if OPENS_A_SCREEN.contains(&action) {
        m.screen = Screen::Board;
        m.focus = BoardFocus::Board;
        return Outcome::Act(action);
    }
    if matches!(action, Action::NewIncident | Action::NewChange) {
        return Outcome::Then(crate::app::notices::update::open(m), action);
    }
    refused(m, nothing_here(command, view))
}

/// Screens a command opens from wherever it is typed (`:history` and
/// `:help` act everywhere already).
const OPENS_A_SCREEN: &[Action] = &[
    Action::Pipeline,
    Action::Notices,
    Action::Handover,
    Action::Trends,
    Action::NewEscalation,
    Action::Views,
];

fn nothing_here(command: Command, view: crate::app::keymap::Views) -> String {
    format!(
        ":{} does nothing on {} · :help lists what does",
        name_of(command),
        crate::app::keys::acts::name(view)
    )
}

fn refused(m: &mut Model, why: String) -> Outcome {
    m.status = Some(Status::error(why));
    Outcome::Effects(Vec::new())
}

fn to_board(m: &mut Model) -> Vec<Effect> {
    if !matches!(m.screen, Screen::Board) {
        m.screen = Screen::Board;
    }
    jump(m, Anchor::Top)
}

/// `op` on the marked escalations (asked once), else on the selected one
/// (refused at once where the rules refuse it).
fn step(m: &mut Model, command: Command, op: TriageOp, question: String) -> Vec<Effect> {
    let action = match command {
        Command::Severity => Action::Severity,
        Command::Snooze => Action::Snooze,
        _ => Action::AssignMe,
    };
    let view = m.view();
    if !acts(view, action) {
        m.status = Some(Status::error(nothing_here(command, view)));
        return Vec::new();
    }
    if m.read_only {
        m.status = Some(Status::error(format!(
            "read-only: {} not done; the store is open read-only",
            op.verb()
        )));
        return Vec::new();
    }
    if !m.board.marked.is_empty() && matches!(m.screen, Screen::Board) {
        let n = crate::app::board::marks::count(m.board.marked.len());
        crate::app::board::marks::confirm(m, op, question.replace("{n}", &n));
        return Vec::new();
    }
    let Some(target) = crate::app::board::triage::target(m) else {
        m.status = Some(Status::error("no escalation selected"));
        return Vec::new();
    };
    if let Err(e) = check_allowed(&target.label(), target.state, target.paused, &op) {
        m.status = Some(Status::error(e.to_string()));
        return Vec::new();
    }
    vec![Effect::Triage { id: target.id, op }]
}

#[cfg(test)]
mod tests;
