//! The wiring: from flags, environment and config to what the program acts
//! with (the store and the desk's rules, the notice templates and
//! transports, the clock and the engineer). The CLI, the dashboard and the
//! demo all start here, so none of them reaches into another for it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context as _, anyhow, bail};
use chrono::{DateTime, NaiveDate, Utc};

use crate::clock::{Clock, ManualClock, SystemClock};
use crate::config::{self, Config};
use crate::domain::desk::DeskRules;
use crate::domain::when::parse_instant;
use crate::notify::dispatch::DrainSettings;
use crate::notify::templates::Templates;
use crate::notify::transport::Transports;
use crate::store::{Opening, Store};

/// What the command line says about where and who: each falls back to the
/// environment, then the config file, then a default.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub db: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub engineer: Option<String>,
    /// `--read-only`: with `[store] read_only`, the store is opened
    /// read-only at the SQLite level.
    pub read_only: bool,
    /// `--create`: any command may make the store.
    pub create: bool,
}

/// The desk this process acts for, resolved before anything touches the
/// store or the terminal, so a mistake is reported on a plain screen.
pub struct Desk {
    pub config: Config,
    pub clock: Arc<dyn Clock>,
    engineer: Option<String>,
    db: Option<PathBuf>,
    read_only: bool,
    create: bool,
}

impl Desk {
    pub fn resolve(opts: &Options) -> anyhow::Result<Desk> {
        let config = Config::load(opts.config.as_deref())?;
        let clock: Arc<dyn Clock> = match std::env::var("SREDESK_NOW") {
            Ok(s) if !s.trim().is_empty() => Arc::new(ManualClock::new(
                parse_instant(&s).map_err(|e| anyhow!("SREDESK_NOW: {e}"))?,
            )),
            _ => Arc::new(SystemClock),
        };
        let engineer = opts
            .engineer
            .clone()
            .or_else(|| config.engineer.clone())
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("LOGNAME").ok())
            .map(|e| e.trim().to_string())
            .filter(|e| !e.is_empty());
        let read_only = opts.read_only || config.store.read_only;
        Ok(Desk {
            config,
            clock,
            engineer,
            db: opts.db.clone(),
            read_only,
            create: opts.create,
        })
    }

    /// The engineer's name; every change needs one for the audit trail.
    pub fn engineer(&self) -> anyhow::Result<&str> {
        match self.engineer.as_deref() {
            Some(e) if e.chars().any(char::is_control) => {
                bail!("engineer name contains control characters")
            }
            Some(e) => Ok(e),
            None => bail!(
                "who are you? set `engineer = \"name\"` in the config file, \
                 pass --engineer NAME, or set SREDESK_ENGINEER or USER"
            ),
        }
    }

    /// For the demo store only: a newcomer should see the board even on a
    /// machine that does not say who they are.
    pub fn engineer_or_demo(&self) -> anyhow::Result<&str> {
        match self.engineer {
            Some(_) => self.engineer(),
            None => Ok("demo-engineer"),
        }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn rules(&self) -> DeskRules {
        self.config.desk_rules()
    }

    /// The desk's time zone: every time a person reads is in it.
    pub fn tz(&self) -> chrono_tz::Tz {
        self.rules().calendar.tz
    }

    /// Today in the desk's time zone.
    pub fn today(&self) -> NaiveDate {
        self.rules().calendar.date(self.now())
    }

    /// The store the user means: --db / SREDESK_DB, else `[store] url`,
    /// else the default file. A PostgreSQL URL comes back as a path too:
    /// opening tells the two apart.
    pub fn store_path(&self) -> anyhow::Result<PathBuf> {
        match (&self.db, &self.config.store.url) {
            (Some(p), _) => Ok(p.clone()),
            (None, Some(url)) => Ok(PathBuf::from(url)),
            (None, None) => Ok(data_dir()?.join("sredesk.db")),
        }
    }

    /// Where the demo goes, and whether the user named the file.
    pub fn demo_path(&self) -> anyhow::Result<(PathBuf, bool)> {
        match &self.db {
            Some(p) => Ok((p.clone(), true)),
            None => Ok((data_dir()?.join("demo.db"), false)),
        }
    }

    /// The store the user means: it must exist, unless `--create` asks
    /// for one.
    pub fn open_store(&self) -> anyhow::Result<Store> {
        if self.create {
            self.create_store()
        } else {
            self.open_existing_store()
        }
    }

    /// The store the user means, made when it does not exist yet: only for
    /// the commands that create (`customer add`, `demo`). Every other
    /// command refuses a path that holds no store, so a mistyped `--db`
    /// is said, not shown as an empty desk.
    pub fn create_store(&self) -> anyhow::Result<Store> {
        let path = self.store_path()?;
        self.open_at(&path)
    }

    /// The store the user means, which must exist.
    pub fn open_existing_store(&self) -> anyhow::Result<Store> {
        self.open_with(&self.store_path()?, false)
    }

    /// Opens a store with the desk's rules from the config, creating it
    /// when there is none.
    pub fn open_at(&self, path: &Path) -> anyhow::Result<Store> {
        self.open_with(path, true)
    }

    /// `--read-only` or `[store] read_only`: nothing is written, anywhere.
    pub fn read_only(&self) -> bool {
        self.read_only
    }

    fn open_with(&self, path: &Path, create: bool) -> anyhow::Result<Store> {
        let how = Opening {
            create,
            read_only: self.read_only,
            share_with_group: self.config.store.share_with_group,
        };
        if let Some(url) = path.to_str().filter(|p| crate::store::pg::is_url(p)) {
            let mut store = Store::open_postgres_with(url, how)?;
            store.set_rules(self.rules());
            return Ok(store);
        }
        if create && self.read_only && !path.exists() {
            bail!(
                "read-only: there is no store at {} and a read-only desk makes none",
                path.display()
            );
        }
        let mut store = Store::open_with(path, how)?;
        store.set_rules(self.rules());
        Ok(store)
    }

    /// The templates in use: the configured folder's files over the
    /// shipped ones.
    pub fn templates(&self) -> anyhow::Result<Templates> {
        let dir = self.templates_dir();
        Templates::load(dir.as_deref()).map_err(|e| anyhow!("{e}"))
    }

    /// `notify.templates_dir`, else `templates/` beside the config file
    /// when that folder exists.
    pub fn templates_dir(&self) -> Option<PathBuf> {
        self.config.notify.templates_dir.clone().or_else(|| {
            config::default_path()
                .and_then(|p| p.parent().map(|d| d.join("templates")))
                .filter(|d| d.is_dir())
        })
    }

    /// Where demo mode writes what it would send.
    pub fn demo_dir(&self) -> anyhow::Result<PathBuf> {
        match &self.config.notify.demo_dir {
            Some(d) => Ok(d.clone()),
            None => Ok(config::data_dir()
                .context("cannot tell where your data directory is; set notify.demo_dir")?
                .join("outbox")),
        }
    }

    /// The transports the config describes, secrets from the environment.
    pub fn transports(&self, templates: Arc<Templates>) -> anyhow::Result<Transports> {
        let demo = self.demo_dir()?;
        Transports::from_config(&self.config.notify, templates, &demo, &|name| {
            std::env::var(name).ok()
        })
        .map_err(|e| anyhow!(e))
    }

    /// How the outbox is drained: the retry policy, and a claim's lease
    /// longer than the slowest transport's longest send.
    pub fn drain_settings(&self) -> DrainSettings {
        let n = &self.config.notify;
        // An email's longest send: every phase (connect and greeting,
        // STARTTLS, AUTH, NOOP, MAIL, RCPT, DATA) to its limit, then the
        // reply after the message.
        let email = n
            .email
            .timeout_seconds
            .saturating_mul(7)
            .saturating_add(n.email.data_timeout_seconds);
        let longest = email.max(n.chat.timeout_seconds).max(n.sms.timeout_seconds);
        DrainSettings {
            pacing: n.chat.pacing(),
            ..DrainSettings::new(n.retry.policy(), longest)
        }
    }

    /// Writes a fresh demo store and returns where. The default demo file
    /// is rebuilt each time (its clocks are relative to now); a file or a
    /// PostgreSQL database named with --db must not hold escalations or
    /// customers already, so real data is never mixed with made-up data.
    pub fn prepare_demo(
        &self,
        size: crate::demo::Size,
        seed: u64,
        progress: &mut dyn FnMut(crate::demo::Step),
    ) -> anyhow::Result<PathBuf> {
        if self.read_only {
            bail!("read-only: the demo writes a store; run it without --read-only");
        }
        let (path, explicit) = self.demo_path()?;
        let server = path.to_str().filter(|p| crate::store::pg::is_url(p));
        // Only the default demo file is made anew: a server's database, as
        // a file named with --db, is the user's.
        if !explicit && server.is_none() {
            remove_store_files(&path)
                .with_context(|| format!("removing old demo store {}", path.display()))?;
        }
        let mut store = self.open_at(&path)?;
        let escalations = store.escalation_count()?;
        let held = store.customers()?.len();
        if escalations > 0 || held > 0 {
            let (shown, instead) = match server {
                Some(url) => (
                    crate::store::pg::mask(url),
                    "an empty database (`createdb`)",
                ),
                None => (
                    path.display().to_string(),
                    "a new file (pass another --db, or none for the default demo store)",
                ),
            };
            bail!(
                "{shown} already holds {escalations} escalations and {held} customers; demo \
                 data goes into {instead}"
            );
        }
        crate::demo::fill_telling(&mut store, size, seed, self.now(), progress)?;
        Ok(path)
    }
}

fn data_dir() -> anyhow::Result<PathBuf> {
    config::data_dir().context("cannot tell where your data directory is; pass --db PATH")
}

/// Removes a store file and SQLite's `-wal` and `-shm` beside it.
pub fn remove_store_files(path: &Path) -> std::io::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
