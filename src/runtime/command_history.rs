//! The command line's history between sessions: one command a line in
//! the state directory (`$XDG_STATE_HOME/sredesk/commands`), the newest
//! last, at most `HISTORY_KEPT`. A file that cannot be read whole is
//! reported and what can be read of it is kept; it never stops the
//! dashboard.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::app::command::state::HISTORY_KEPT;

pub struct HistoryFile {
    path: PathBuf,
}

/// What was read, and what to tell the engineer about the rest.
pub struct Loaded {
    pub commands: Vec<String>,
    pub warning: Option<String>,
}

impl HistoryFile {
    /// The file in the state directory; none when there is no home.
    pub fn in_state_dir() -> Option<HistoryFile> {
        crate::config::state_dir().map(|d| HistoryFile::at(d.join("commands")))
    }

    pub fn at(path: PathBuf) -> HistoryFile {
        HistoryFile { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn load(&self) -> Loaded {
        let bytes = match std::fs::read(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Loaded {
                    commands: Vec::new(),
                    warning: None,
                };
            }
            Err(e) => {
                return Loaded {
                    commands: Vec::new(),
                    warning: Some(format!(
                        "command history {}: cannot read it ({e}); starting without it",
                        self.path.display()
                    )),
                };
            }
        };
        let mut commands = Vec::new();
        let mut bad = Vec::new();
        for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
            match std::str::from_utf8(line) {
                Ok(text) if text.chars().any(char::is_control) => bad.push(i + 1),
                Ok(text) if text.trim().is_empty() => {}
                Ok(text) => commands.push(text.trim().to_string()),
                Err(_) => bad.push(i + 1),
            }
        }
        let skip = commands.len().saturating_sub(HISTORY_KEPT);
        commands.drain(..skip);
        let warning = (!bad.is_empty()).then(|| {
            let lines: Vec<String> = bad.iter().take(5).map(|n| n.to_string()).collect();
            format!(
                "command history {}: line {}{} not text, left out (the rest is kept)",
                self.path.display(),
                lines.join(", "),
                if bad.len() > 5 { " …" } else { "" }
            )
        });
        Loaded { commands, warning }
    }

    /// Writes `commands` (the last `HISTORY_KEPT`) in place of the file,
    /// through a file beside it, so a crash leaves the old or the new.
    pub fn save(&self, commands: &[String]) -> Result<(), String> {
        let fail = |e: std::io::Error| {
            format!(
                "cannot keep the command history in {}: {e}",
                self.path.display()
            )
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let skip = commands.len().saturating_sub(HISTORY_KEPT);
        let next = self.path.with_extension("new");
        let mut file = std::fs::File::create(&next).map_err(fail)?;
        for c in &commands[skip..] {
            // A line break in a command would split it in two on reading.
            writeln!(file, "{}", c.replace(['\n', '\r'], " ")).map_err(fail)?;
        }
        file.sync_all().map_err(fail)?;
        std::fs::rename(&next, &self.path).map_err(fail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_and_loaded_newest_last_and_bounded() {
        let dir = tempfile::tempdir().unwrap();
        let file = HistoryFile::at(dir.path().join("state/sredesk/commands"));
        let none = file.load();
        assert!(none.commands.is_empty() && none.warning.is_none());
        let many: Vec<String> = (0..HISTORY_KEPT + 20)
            .map(|i| format!(":goto T{i}"))
            .collect();
        file.save(&many).unwrap();
        let back = file.load();
        assert_eq!(back.commands.len(), HISTORY_KEPT);
        assert_eq!(
            back.commands.last().unwrap(),
            &format!(":goto T{}", HISTORY_KEPT + 19)
        );
        assert_eq!(back.commands[0], ":goto T20");
        assert!(back.warning.is_none());
        let text = std::fs::read_to_string(file.path()).unwrap();
        assert_eq!(text.lines().count(), HISTORY_KEPT);
    }

    #[test]
    fn a_corrupt_file_is_reported_and_its_good_lines_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("commands");
        std::fs::write(&path, b"ack\n\xff\xfe\nsev S2\nbad\x1b[2J\n").unwrap();
        let back = HistoryFile::at(path.clone()).load();
        assert_eq!(back.commands, ["ack", "sev S2"]);
        let w = back.warning.unwrap();
        assert!(
            w.contains(&path.display().to_string()) && w.contains("line 2, 4"),
            "{w}"
        );
        // A directory in its place is reported, not fatal.
        let dir_path = dir.path().join("adir");
        std::fs::create_dir(&dir_path).unwrap();
        let back = HistoryFile::at(dir_path.clone()).load();
        assert!(back.commands.is_empty());
        assert!(back.warning.unwrap().contains("cannot read it"));
        assert!(HistoryFile::at(dir_path).save(&["ack".into()]).is_err());
    }
}
