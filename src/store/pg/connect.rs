//! Reaching the desk's PostgreSQL server: the URL as an engineer writes
//! it, the password from the environment or the password file (never
//! from the URL or the store), TLS as `sslmode` asks, and the address
//! shown in every message without a secret in it.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use postgres::config::{Host, SslMode};

use super::pgpass;
use crate::store::StoreError;

/// Where libpq builds put the server's socket by default (Debian's, the
/// upstream one).
const DEFAULT_SOCKET_DIRS: &[&str] = &["/var/run/postgresql", "/run/postgresql", "/tmp"];

/// Whether `--db` names a server rather than a file.
pub fn is_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// A server to connect to, read from a URL.
#[derive(Clone, Debug)]
pub struct Target {
    config: postgres::Config,
    shown: String,
}

fn refused(url: &str, reason: impl Into<String>) -> StoreError {
    StoreError::PgUrl {
        url: mask(url),
        reason: reason.into(),
    }
}

/// The URL without its password, for messages and logs.
pub fn mask(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
            let hidden = if userinfo.contains(':') { ":***" } else { "" };
            format!("{scheme}://{user}{hidden}@{host}{tail}")
        }
        None => url.to_string(),
    }
}

impl Target {
    pub fn parse(url: &str) -> Result<Target, StoreError> {
        let mut config =
            postgres::Config::from_str(url).map_err(|e| refused(url, e.to_string()))?;
        if config.get_password().is_some() {
            return Err(refused(
                url,
                "a password in the URL would be seen in `ps` and in config files: \
                 put it in PGPASSWORD or ~/.pgpass (see the README)",
            ));
        }
        // libpq's defaults, so `postgres:///desk` means what it does to psql.
        if config.get_hosts().is_empty() {
            match std::env::var("PGHOST") {
                Ok(h) if h.starts_with('/') => config.host_path(h),
                Ok(h) => config.host(&h),
                Err(_) if std::path::Path::new("/var/run/postgresql").is_dir() => {
                    config.host_path("/var/run/postgresql")
                }
                Err(_) => config.host("localhost"),
            };
        }
        if config.get_ports().is_empty()
            && let Ok(p) = std::env::var("PGPORT")
        {
            let port = p
                .parse()
                .map_err(|_| refused(url, format!("PGPORT={p} is not a port")))?;
            config.port(port);
        }
        if config.get_user().is_none() {
            let user = std::env::var("PGUSER")
                .or_else(|_| std::env::var("USER"))
                .map_err(|_| refused(url, "no user: write postgres://USER@HOST/DB"))?;
            config.user(&user);
        }
        if config.get_dbname().is_none() {
            let db = std::env::var("PGDATABASE")
                .ok()
                .or_else(|| config.get_user().map(str::to_string))
                .unwrap_or_default();
            config.dbname(&db);
        }
        config
            .application_name("sredesk")
            .connect_timeout(Duration::from_secs(10))
            // A connection lost to a dead network is noticed in about a
            // minute, not the kernel's two hours.
            .keepalives_idle(Duration::from_secs(30));
        Ok(Target {
            shown: mask(url),
            config,
        })
    }

    /// The URL as messages show it.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    pub fn user(&self) -> &str {
        self.config.get_user().unwrap_or_default()
    }

    pub fn database(&self) -> &str {
        self.config.get_dbname().unwrap_or_default()
    }

    /// Connects, with the password from `PGPASSWORD` or the password file
    /// when the server asks for one.
    pub fn connect(&self) -> Result<postgres::Client, StoreError> {
        let mut config = self.config.clone();
        if let Some(password) = self.password()? {
            config.password(password);
        }
        let failed = |e: postgres::Error| StoreError::PgConnect {
            url: self.shown.clone(),
            reason: super::describe_connect(&e),
        };
        // As libpq: a Unix socket is local, and TLS over it is none.
        let local = config
            .get_hosts()
            .iter()
            .all(|h| !matches!(h, Host::Tcp(_)));
        match config.get_ssl_mode() {
            SslMode::Disable => config.connect(postgres::NoTls).map_err(failed),
            _ if local => config.connect(postgres::NoTls).map_err(failed),
            _ => config.connect(super::tls::connector()?).map_err(failed),
        }
    }

    fn password(&self) -> Result<Option<String>, StoreError> {
        if let Ok(p) = std::env::var("PGPASSWORD") {
            return Ok(Some(p));
        }
        let Some(path) = pgpass::location() else {
            return Ok(None);
        };
        let host = pgpass_host(self.config.get_hosts().first());
        let want = pgpass::Lookup {
            host: &host,
            port: self.config.get_ports().first().copied().unwrap_or(5432),
            database: self.database(),
            user: self.user(),
        };
        pgpass::find(&path, &want).map_err(|pgpass::Refused::Readable { mode }| {
            StoreError::PgConnect {
                url: self.shown.clone(),
                reason: format!(
                    "the password file {} may be read by others (mode {mode:o}); \
                     `chmod 600` it, as psql asks too",
                    path.display()
                ),
            }
        })
    }
}

/// The host a connection is looked up by in the password file.
fn pgpass_host(host: Option<&Host>) -> String {
    match host {
        Some(Host::Tcp(h)) => h.clone(),
        // As libpq: a socket in the default directory is `localhost`, any
        // other socket is looked up by its directory.
        Some(Host::Unix(dir)) if !DEFAULT_SOCKET_DIRS.iter().any(|d| dir == Path::new(d)) => {
            dir.display().to_string()
        }
        _ => "localhost".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_is_told_from_a_path() {
        assert!(is_url("postgres://alice@db1/desk"));
        assert!(is_url("postgresql:///desk"));
        assert!(!is_url("/var/lib/sredesk/desk.db"));
        assert!(!is_url("postgres.db"));
    }

    #[test]
    fn a_password_is_never_shown() {
        assert_eq!(
            mask("postgres://alice:s3cret@db1:5432/desk?sslmode=require"),
            "postgres://alice:***@db1:5432/desk?sslmode=require"
        );
        assert_eq!(
            mask("postgres://alice@db1/desk"),
            "postgres://alice@db1/desk"
        );
        assert_eq!(mask("postgres:///desk"), "postgres:///desk");
    }

    #[test]
    fn a_password_in_the_url_is_refused_without_showing_it() {
        let e = Target::parse("postgres://alice:s3cret@db1/desk")
            .unwrap_err()
            .to_string();
        assert!(e.contains("PGPASSWORD"), "{e}");
        assert!(!e.contains("s3cret"), "{e}");
    }

    #[test]
    fn a_bad_url_says_what_is_wrong() {
        let e = Target::parse("postgres://alice@db1/desk?sslmode=sometimes")
            .unwrap_err()
            .to_string();
        assert!(e.contains("postgres://alice@db1/desk"), "{e}");
        assert!(e.contains("sslmode"), "{e}");
    }

    #[test]
    fn a_socket_is_looked_up_as_libpq_does_in_the_password_file() {
        let unix = |d: &str| Host::Unix(d.into());
        assert_eq!(pgpass_host(Some(&unix("/var/run/postgresql"))), "localhost");
        assert_eq!(pgpass_host(Some(&unix("/srv/pg/sock"))), "/srv/pg/sock");
        assert_eq!(pgpass_host(Some(&Host::Tcp("db1".into()))), "db1");
    }
}
