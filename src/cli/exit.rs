//! A command that did its work but ends with a code of its own for
//! scripts: `notice send-pending` tells cron that deliveries did not go.

/// The message goes to stderr, the code is the process's exit code.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Exit {
    pub code: u8,
    pub message: String,
}

/// `notice send-pending`: some deliveries failed and will be tried again.
pub const EXIT_RETRYING: u8 = 3;
/// `notice send-pending`: some deliveries are dead (given up).
pub const EXIT_DEAD: u8 = 4;
