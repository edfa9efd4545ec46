//! Configuration: a TOML file with defaults for everything, read and
//! checked before the terminal is taken so a mistake is reported plainly.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use serde::Deserialize;

use crate::domain::requirement::{RequirementState, StaleAfter};
use crate::domain::{
    calendar::{DeskCalendar, parse_date},
    desk::DeskRules,
};

mod handover;
mod keys;
mod sla;
mod ui;
pub use handover::{DeskRecipients, HandoverConfig};
pub use sla::{AlarmsConfig, SeverityConfig, SlaConfig};
pub use ui::{Glyphs, UiConfig};

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Who this desk engineer is, for the audit trail. Falls back to $USER.
    pub engineer: Option<String>,
    pub ui: UiConfig,
    pub desk: DeskConfig,
    pub requirements: RequirementsConfig,
    pub sla: SlaConfig,
    pub alarms: AlarmsConfig,
    pub store: StoreConfig,
    pub notify: crate::notify::config::NotifyConfig,
    pub handover: HandoverConfig,
    /// Named filters for the board (`v`): name = filter text. None given:
    /// the shipped ones (`default_views`).
    pub views: std::collections::BTreeMap<String, String>,
    pub trends: TrendsConfig,
    /// The desk's own keys per screen (`[keys.board] acknowledge = "a"`).
    pub keys: keys::KeysConfig,
    /// The keys as checked when parsed (the table with `keys` over it).
    #[serde(skip)]
    keymap: crate::app::keys::Keymap,
}

/// How the store file is made and opened.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct StoreConfig {
    /// A new store file and the directories made for it are the group's
    /// too (0660 / 0770), for a desk that shares one store between
    /// engineers' accounts; otherwise the owner's only (0600 / 0700).
    pub share_with_group: bool,
    /// Open the store read-only, as `--read-only` does: for a wall display
    /// or an engineer off shift.
    pub read_only: bool,
    /// The desk's store when `--db` and `SREDESK_DB` name none: a file, or
    /// a PostgreSQL server's `postgres://USER@HOST/DB` (never with a
    /// password in it: see the README).
    pub url: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct RequirementsConfig {
    /// Days a requirement may wait in a state before the pipeline flags it.
    pub stale_days: StaleDays,
}

/// One optional key per open pipeline state; missing ones keep the default.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct StaleDays {
    pub submitted: Option<u32>,
    pub analysing: Option<u32>,
    pub confirmed: Option<u32>,
    pub reported_to_rnd: Option<u32>,
    pub accepted: Option<u32>,
    pub rejected: Option<u32>,
}

impl StaleDays {
    fn entries(&self) -> [(RequirementState, Option<u32>); 6] {
        use RequirementState::*;
        [
            (Submitted, self.submitted),
            (Analysing, self.analysing),
            (Confirmed, self.confirmed),
            (ReportedToRnd, self.reported_to_rnd),
            (Accepted, self.accepted),
            (Rejected, self.rejected),
        ]
    }

    pub fn thresholds(&self) -> StaleAfter {
        let mut stale = StaleAfter::default();
        for (state, days) in self.entries() {
            if let Some(days) = days {
                stale.set(state, days);
            }
        }
        stale
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct DeskConfig {
    /// IANA zone whose midnight starts the desk's days and quota months.
    pub time_zone: String,
    /// Holidays (YYYY-MM-DD) on top of weekends, for working-day rules.
    pub holidays: Vec<String>,
    /// A TOML file with `holidays = [...]`, relative to this config file.
    pub holidays_file: Option<PathBuf>,
    /// Withdrawing this many minutes after a quota use gives it back.
    pub grace_minutes: u32,
}

impl Default for DeskConfig {
    fn default() -> Self {
        DeskConfig {
            time_zone: "Asia/Shanghai".into(),
            holidays: Vec::new(),
            holidays_file: None,
            grace_minutes: 10,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidayFile {
    holidays: Vec<String>,
}

/// The trends screen.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TrendsConfig {
    /// The response SLA attainment the desk aims at, in per cent: the
    /// target line on the charts.
    pub target: f64,
}

// The target is checked to be a number from 1 to 100, never NaN.
impl Eq for TrendsConfig {}

impl Default for TrendsConfig {
    fn default() -> Self {
        TrendsConfig {
            target: crate::domain::trends::DEFAULT_TARGET,
        }
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
        let mut config = Self::parse(&text).map_err(|message| ConfigError::Invalid {
            path: path.to_path_buf(),
            message,
        })?;
        if let Some(file) = &config.desk.holidays_file {
            let file = path.parent().unwrap_or(Path::new(".")).join(file);
            let text = std::fs::read_to_string(&file).map_err(|source| ConfigError::Read {
                path: file.clone(),
                source,
            })?;
            let list: HolidayFile = toml::from_str(&text).map_err(|e| ConfigError::Invalid {
                path: file.clone(),
                message: e.to_string().trim().to_string(),
            })?;
            for (i, h) in list.holidays.iter().enumerate() {
                parse_date(h).map_err(|e| ConfigError::Invalid {
                    path: file.clone(),
                    message: format!("holidays entry {}: {e}", i + 1),
                })?;
            }
            config.desk.holidays.extend(list.holidays);
        }
        Ok(config)
    }

    /// The desk's rules from `[desk]`; checked when parsed, so this holds.
    pub fn desk_rules(&self) -> DeskRules {
        let tz = self
            .desk
            .time_zone
            .parse::<Tz>()
            .unwrap_or(chrono_tz::Asia::Shanghai);
        let holidays = self.desk.holidays.iter().filter_map(|h| parse_date(h).ok());
        let calendar = DeskCalendar::new(tz, holidays);
        DeskRules {
            sla: self.sla.policy(&calendar).unwrap_or_default(),
            calendar,
            grace: chrono::Duration::minutes(i64::from(self.desk.grace_minutes)),
            requirement_stale: self.requirements.stale_days.thresholds(),
            pause_flag_after: self
                .sla
                .pause_flag_after()
                .unwrap_or(crate::domain::pause::DEFAULT_FLAG_AFTER),
        }
    }

    /// Parses and checks config text; the error names the key and line.
    pub fn parse(text: &str) -> Result<Config, String> {
        let mut config: Config =
            toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
        config.keymap = keys::keymap(&config.keys, text)?;
        if config.desk.time_zone.parse::<Tz>().is_err() {
            return Err(format!(
                "key `desk.time_zone`: '{}' is not an IANA time zone such as Asia/Shanghai",
                config.desk.time_zone
            ));
        }
        for (i, h) in config.desk.holidays.iter().enumerate() {
            parse_date(h).map_err(|e| format!("key `desk.holidays`, entry {}: {e}", i + 1))?;
        }
        if config.desk.grace_minutes > 24 * 60 {
            return Err("key `desk.grace_minutes`: at most 1440 (a day)".into());
        }
        for (state, days) in config.requirements.stale_days.entries() {
            if days.is_some_and(|d| !(1..=365).contains(&d)) {
                return Err(format!(
                    "key `requirements.stale_days.{state}`: from 1 to 365 days"
                ));
            }
        }
        config.sla.pause_flag_after()?;
        config.sla.policy(&DeskCalendar::default())?;
        config.alarms.check()?;
        config.notify.check()?;
        config.handover.check()?;
        for (name, text) in &config.views {
            if name.trim().is_empty() || name.chars().any(char::is_control) {
                return Err("key `views`: a view's name must be plain text".into());
            }
            crate::domain::board_filter::BoardFilter::parse(text, "me")
                .map_err(|e| format!("key `views.{name}`: {e}"))?;
        }
        let target = config.trends.target;
        if !(1.0..=100.0).contains(&target) {
            return Err(format!(
                "key `trends.target`: {target} is not a percentage from 1 to 100"
            ));
        }
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

    /// The keys as this desk has them.
    pub fn keymap(&self) -> crate::app::keys::Keymap {
        self.keymap.clone()
    }

    /// The board's named views, in name order: the config's, or the
    /// shipped ones when it names none.
    pub fn views(&self) -> Vec<(String, String)> {
        if self.views.is_empty() {
            return DEFAULT_VIEWS
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect();
        }
        self.views
            .iter()
            .map(|(n, t)| (n.clone(), t.clone()))
            .collect()
    }

    /// Colour unless the config or the NO_COLOR convention says otherwise.
    pub fn color(&self, no_color_env: Option<&std::ffi::OsStr>) -> bool {
        self.ui.color && no_color_env.is_none_or(|v| v.is_empty())
    }

    /// The theme asked for; monochrome whenever colour is off.
    pub fn theme(&self, no_color_env: Option<&std::ffi::OsStr>) -> crate::ui::theme::ThemeName {
        match self.color(no_color_env) {
            true => self.ui.theme,
            false => crate::ui::theme::ThemeName::Monochrome,
        }
    }
}

/// The views a desk has before it names its own.
pub const DEFAULT_VIEWS: [(&str, &str); 5] = [
    ("mine", "@me"),
    ("breached", "breached"),
    ("due soon", "due:<1h"),
    ("unassigned", "unassigned !paused"),
    ("waiting on customers", "paused"),
];

pub fn default_path() -> Option<PathBuf> {
    project_dirs().map(|d| d.config_dir().join("config.toml"))
}

pub fn data_dir() -> Option<PathBuf> {
    project_dirs().map(|d| d.data_dir().to_path_buf())
}

/// `$XDG_STATE_HOME/sredesk` (the log lives there).
pub fn state_dir() -> Option<PathBuf> {
    project_dirs().and_then(|d| d.state_dir().map(|p| p.to_path_buf()))
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
        assert!(c.ui.ack_keeps_place, "on unless turned off");
        let c = Config::parse("[ui]\nack_keeps_place = false\n").unwrap();
        assert!(!c.ui.ack_keeps_place);
        assert!(c.ui.mouse, "on unless turned off");
        let c = Config::parse("[ui]\nmouse = false\n").unwrap();
        assert!(!c.ui.mouse);
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
        assert!(err.contains("color"), "{err}");
        // The trends' target line: a percentage, named when wrong.
        assert_eq!(Config::default().trends.target, 95.0);
        let t = |text: &str| Config::parse(text).map(|c| c.trends.target);
        assert_eq!(t("[trends]\ntarget = 99.5\n"), Ok(99.5));
        assert_eq!(t("[trends]\ntarget = 90\n"), Ok(90.0));
        for bad in ["150", "0", "nan", "-5"] {
            let err = t(&format!("[trends]\ntarget = {bad}\n")).unwrap_err();
            assert!(err.starts_with("key `trends.target`: "), "{bad}: {err}");
        }
        let err = t("[trends]\ntarget = \"95%\"\n").unwrap_err();
        assert!(err.contains("target"), "{err}");
        assert!(err.contains("line 2"), "{err}");
        let err = Config::parse("engineer = \" \"").unwrap_err();
        assert!(err.contains("`engineer` is empty"), "{err}");
    }

    #[test]
    fn the_shipped_example_is_valid() {
        let text = include_str!("../../assets/sredesk.example.toml");
        let c = Config::parse(text).unwrap();
        assert_eq!(c.engineer.as_deref(), Some("alice"));
    }

    #[test]
    fn desk_settings_are_checked() {
        let c = Config::parse(
            "[desk]\ntime_zone = \"Europe/Istanbul\"\nholidays = [\"2026-10-29\"]\ngrace_minutes = 5\n",
        )
        .unwrap();
        let rules = c.desk_rules();
        assert_eq!(rules.calendar.tz, chrono_tz::Europe::Istanbul);
        assert_eq!(rules.grace, chrono::Duration::minutes(5));
        assert!(
            !rules
                .calendar
                .is_working_day(parse_date("2026-10-29").unwrap())
        );
        let err = Config::parse("[desk]\ntime_zone = \"Mars/Olympus\"\n").unwrap_err();
        assert!(err.contains("desk.time_zone"), "{err}");
        let err = Config::parse("[desk]\nholidays = [\"2026-02-30\"]\n").unwrap_err();
        assert!(
            err.contains("entry 1") && err.contains("2026-02-30"),
            "{err}"
        );
        assert_eq!(Config::default().desk_rules(), DeskRules::default());
    }

    #[test]
    fn stale_thresholds_are_read_and_checked() {
        let c = Config::parse("[requirements.stale_days]\nanalysing = 9\n").unwrap();
        let stale = c.desk_rules().requirement_stale;
        assert_eq!(stale.days(RequirementState::Analysing), Some(9));
        assert_eq!(
            stale.days(RequirementState::Submitted),
            StaleAfter::default().days(RequirementState::Submitted)
        );
        let err = Config::parse("[requirements.stale_days]\nconfirmed = 0\n").unwrap_err();
        assert!(err.contains("requirements.stale_days.confirmed"), "{err}");
        let err = Config::parse("[requirements.stale_days]\ncustomer_notified = 3\n").unwrap_err();
        assert!(err.contains("customer_notified"), "{err}");
    }

    #[test]
    fn the_pause_flag_is_read_and_checked() {
        let flag = |text: &str| Config::parse(text).map(|c| c.desk_rules().pause_flag_after);
        assert_eq!(flag(""), Ok(chrono::Duration::hours(24)));
        assert_eq!(
            flag("[sla]\npause_flag_after = \"4h\"\n"),
            Ok(chrono::Duration::hours(4))
        );
        let err = flag("[sla]\npause_flag_after = \"4 hours\"\n").unwrap_err();
        assert!(
            err.starts_with("key `sla.pause_flag_after`: '4 hours'"),
            "{err}"
        );
        let err = flag("[sla]\npause_flag_after = 4\n").unwrap_err();
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn holidays_file_is_read_beside_the_config() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("h.toml"), "holidays = [\"2026-10-01\"]\n").unwrap();
        let cfg = dir.path().join("c.toml");
        std::fs::write(&cfg, "[desk]\nholidays_file = \"h.toml\"\n").unwrap();
        let c = Config::load(Some(&cfg)).unwrap();
        assert_eq!(c.desk.holidays, ["2026-10-01"]);
        std::fs::write(dir.path().join("h.toml"), "holidays = [\"soon\"]\n").unwrap();
        let err = Config::load(Some(&cfg)).unwrap_err().to_string();
        assert!(err.contains("h.toml") && err.contains("entry 1"), "{err}");
    }

    #[test]
    fn the_shipped_holiday_list_is_valid() {
        let text = include_str!("../../assets/holidays.example.toml");
        let list: HolidayFile = toml::from_str(text).unwrap();
        assert!(list.holidays.iter().all(|h| parse_date(h).is_ok()));
    }

    #[test]
    fn views_are_checked_with_their_name_and_column() {
        let c = Config::parse("[views]\nmine = \"@me !state:new\"\n").unwrap();
        assert_eq!(
            c.views(),
            [("mine".to_string(), "@me !state:new".to_string())]
        );
        let e = Config::parse("[views]\nhot = \"sev:S1 sev:S7\"\n").unwrap_err();
        assert_eq!(
            e,
            "key `views.hot`: column 8: 's7' is not a severity: S1 to S5"
        );
        assert_eq!(Config::default().views().len(), DEFAULT_VIEWS.len());
        for (name, text) in DEFAULT_VIEWS {
            assert!(
                crate::domain::board_filter::BoardFilter::parse(text, "me").is_ok(),
                "{name}"
            );
        }
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
