//! Configuration: a TOML file with defaults for everything, read and
//! checked before the terminal is taken so a mistake is reported plainly.

use std::path::{Path, PathBuf};

use serde::Deserialize;

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Who this desk engineer is, for the audit trail. Falls back to $USER.
    pub engineer: Option<String>,
    pub ui: UiConfig,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct UiConfig {
    /// Colour on or off; NO_COLOR in the environment also turns it off.
    pub color: bool,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig { color: true }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("config {path} is not valid: {message}")]
    Invalid { path: PathBuf, message: String },
}

impl Config {
    /// Reads `explicit` if given (it must exist), else the default file in
    /// the user's config directory if there is one, else the defaults.
    pub fn load(explicit: Option<&Path>) -> Result<Config, ConfigError> {
        match explicit {
            Some(path) => Self::read(path),
            None => match default_path() {
                Some(path) if path.exists() => Self::read(&path),
                _ => Ok(Config::default()),
            },
        }
    }

    fn read(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&text).map_err(|message| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        })
    }

    /// Parses and checks config text; the error names the key and line.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
        if let Some(name) = &config.engineer {
            if name.trim().is_empty() {
                return Err("key `engineer` is empty; give a name or remove the line".into());
            }
            if name.chars().any(char::is_control) {
                return Err("key `engineer` contains control characters".into());
            }
        }
        Ok(config)
    }

    /// Colour unless the config or the NO_COLOR convention says otherwise.
    pub fn color(&self, no_color_env: Option<&std::ffi::OsStr>) -> bool {
        self.ui.color && no_color_env.is_none_or(|v| v.is_empty())
    }
}

pub fn default_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

pub fn data_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.data_dir().to_path_buf())
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "sredesk")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn empty_text_gives_defaults() {
        let c = Config::parse("").unwrap();
        assert_eq!(c, Config::default());
        assert!(c.ui.color);
    }

    #[test]
    fn reads_known_keys() {
        let c = Config::parse("engineer = \"li.na\"\n[ui]\ncolor = false\n").unwrap();
        assert_eq!(c.engineer.as_deref(), Some("li.na"));
        assert!(!c.ui.color);
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let err = Config::parse("engineer = \"a\"\n[ui]\ncolour = true\n").unwrap_err();
        assert!(err.contains("colour"), "{err}");
        assert!(err.contains("line 3"), "{err}");
    }

    #[test]
    fn wrong_type_and_empty_engineer_are_refused() {
        let err = Config::parse("[ui]\ncolor = \"yes\"\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
        let err = Config::parse("engineer = \" \"").unwrap_err();
        assert!(err.contains("`engineer` is empty"), "{err}");
    }

    #[test]
    fn the_shipped_example_is_valid() {
        let text = include_str!("../assets/sredesk.example.toml");
        let c = Config::parse(text).unwrap();
        assert_eq!(c.engineer.as_deref(), Some("alice"));
    }

    #[test]
    fn no_color_convention() {
        let c = Config::default();
        assert!(c.color(None));
        assert!(c.color(Some(OsStr::new(""))));
        assert!(!c.color(Some(OsStr::new("1"))));
    }

    #[test]
    fn missing_explicit_file_is_an_error() {
        let err = Config::load(Some(Path::new("/nonexistent/sredesk.toml"))).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("cannot read config /nonexistent/sredesk.toml")
        );
    }
}
