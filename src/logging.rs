//! The log: tracing to a file under the XDG state directory
//! (`~/.local/state/sredesk/sredesk.log`), never to the terminal, which
//! the dashboard owns. Warnings and errors by default; `SREDESK_LOG`
//! says otherwise (`off`, `error`, `warn`, `info`, `debug`, `trace`, or
//! directives such as `sredesk=debug,reqwest=warn`). Secrets never reach
//! it: what is logged is what is shown, masked the same way.

use std::fs::{self, File, OpenOptions};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::Mutex;

use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// A log this large is moved aside (to `sredesk.log.1`) when the next
/// process starts, so the file never grows without end.
const ROTATE_AT: u64 = 10 * 1024 * 1024;

/// Where the log goes: `SREDESK_LOG_FILE`, else the state directory.
pub fn path() -> Option<PathBuf> {
    match std::env::var_os("SREDESK_LOG_FILE") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => crate::config::state_dir().map(|d| d.join("sredesk.log")),
    }
}

/// What `SREDESK_LOG` asks for; a value that does not parse is refused,
/// naming what would have been understood.
pub fn filter(value: Option<&str>) -> Result<Targets, String> {
    let Some(value) = value.map(str::trim).filter(|v| !v.is_empty()) else {
        return Ok(Targets::new().with_default(LevelFilter::WARN));
    };
    if let Ok(level) = LevelFilter::from_str(value) {
        return Ok(Targets::new().with_default(level));
    }
    let refused = |why: String| {
        format!(
            "SREDESK_LOG='{value}' is not a log level{why}: use off, error, warn, info, \
             debug or trace, or directives such as sredesk=debug"
        )
    };
    // A bare word that is not a level would be read as a target to trace
    // ("debgu"): a typo, not a wish.
    if !value.contains('=') {
        return Err(refused(String::new()));
    }
    Targets::from_str(value).map_err(|e| refused(format!(" ({e})")))
}

/// Starts logging for this process. A bad `SREDESK_LOG` is an error; a
/// log file that cannot be opened is not (the desk works without it), and
/// the caller says so before the terminal is taken.
pub fn init() -> Result<Option<String>, String> {
    let filter = filter(std::env::var("SREDESK_LOG").ok().as_deref())?;
    if filter.default_level() == Some(LevelFilter::OFF) && filter.iter().next().is_none() {
        return Ok(None);
    }
    let Some(path) = path() else {
        return Ok(Some(
            "cannot tell where the state directory is; running without a log".into(),
        ));
    };
    let file = match open(&path) {
        Ok(f) => f,
        Err(e) => {
            return Ok(Some(format!(
                "cannot write the log to {}: {e}; running without a log",
                path.display()
            )));
        }
    };
    let layer = tracing_subscriber::fmt::layer()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_thread_names(true)
        .with_target(true);
    if tracing_subscriber::registry()
        .with(layer)
        .with(filter)
        .try_init()
        .is_err()
    {
        // Set up before in this process (only tests do that): keep it.
        tracing::debug!("logging was already set up");
    }
    Ok(None)
}

fn open(path: &Path) -> std::io::Result<File> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir)?;
    }
    if fs::metadata(path).is_ok_and(|m| m.len() > ROTATE_AT) {
        let mut old = path.as_os_str().to_owned();
        old.push(".1");
        fs::rename(path, old)?;
    }
    OpenOptions::new().create(true).append(true).open(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warnings_unless_told_otherwise() {
        assert_eq!(
            filter(None).unwrap().default_level(),
            Some(LevelFilter::WARN)
        );
        assert_eq!(
            filter(Some(" ")).unwrap().default_level(),
            Some(LevelFilter::WARN)
        );
        assert_eq!(
            filter(Some("debug")).unwrap().default_level(),
            Some(LevelFilter::DEBUG)
        );
        assert_eq!(
            filter(Some("off")).unwrap().default_level(),
            Some(LevelFilter::OFF)
        );
        let t = filter(Some("sredesk=debug,reqwest=warn")).unwrap();
        assert!(t.would_enable("sredesk::runtime", &tracing::Level::DEBUG));
        assert!(!t.would_enable("reqwest", &tracing::Level::INFO));
    }

    #[test]
    fn a_value_that_is_not_a_level_is_refused_with_the_choices() {
        let e = filter(Some("loud")).unwrap_err();
        assert!(
            e.contains("SREDESK_LOG='loud'") && e.contains("debug"),
            "{e}"
        );
    }

    #[test]
    fn a_large_log_is_moved_aside() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("state/sredesk.log");
        drop(open(&p).unwrap());
        fs::write(&p, vec![b'x'; ROTATE_AT as usize + 1]).unwrap();
        drop(open(&p).unwrap());
        assert_eq!(fs::metadata(&p).unwrap().len(), 0);
        assert!(dir.path().join("state/sredesk.log.1").exists());
    }
}
