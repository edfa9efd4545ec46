//! The command line's state: what is typed, the commands typed before
//! (Up and Down walk them), and what Tab offers.

use tui_input::Input;

#[derive(Default)]
pub struct CommandState {
    pub input: Input,
    /// The command line has the keyboard.
    pub editing: bool,
    /// Commands run this session, oldest first.
    pub history: Vec<String>,
    /// Where Up has walked to in `history`.
    pub recalled: Option<usize>,
    /// What Tab found for the word typed, when more than one fits.
    pub offered: Vec<String>,
}

/// How many commands the history keeps.
pub const HISTORY_KEPT: usize = 200;
