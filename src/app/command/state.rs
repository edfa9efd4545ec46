//! The command line's state: what is typed, the commands typed before
//! (Up and Down walk them), and what Tab offers.

use tui_input::Input;

#[derive(Default)]
pub struct CommandState {
    pub input: Input,
    /// The command line has the keyboard.
    pub editing: bool,
    /// Commands run, oldest first: this session's after those kept from
    /// before (the runtime loads and saves them).
    pub history: Vec<String>,
    /// A command was added since the history was last handed out to be
    /// kept.
    pub unsaved: bool,
    /// Where Up has walked to in `history`.
    pub recalled: Option<usize>,
    /// What Tab found for the word typed, when more than one fits.
    pub offered: Vec<String>,
}

/// How many commands the history keeps.
pub const HISTORY_KEPT: usize = 500;
