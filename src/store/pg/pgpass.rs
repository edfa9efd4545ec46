//! The password file libpq reads (`~/.pgpass`, or `PGPASSFILE`): one
//! `host:port:database:user:password` per line, `*` for any, `\:` and
//! `\\` for a literal colon or backslash, `#` for a comment. As libpq
//! does, a file others may read is not trusted with a password.

use std::path::{Path, PathBuf};

/// Where the password file is: `PGPASSFILE`, else `~/.pgpass`.
pub fn location() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PGPASSFILE") {
        return Some(PathBuf::from(p));
    }
    directories::BaseDirs::new().map(|d| d.home_dir().join(".pgpass"))
}

/// What a connection is looked up by.
#[derive(Debug)]
pub struct Lookup<'a> {
    pub host: &'a str,
    pub port: u16,
    pub database: &'a str,
    pub user: &'a str,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Group or others may read it: libpq ignores such a file too.
    Readable { mode: u32 },
}

/// The password for `want` from the file at `path`, if it names one. A
/// missing file is no password; an unreadable one is said in the log.
pub fn find(path: &Path, want: &Lookup<'_>) -> Result<Option<String>, Refused> {
    let Ok(meta) = std::fs::metadata(path) else {
        return Ok(None);
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o077 != 0 {
            return Err(Refused::Readable { mode });
        }
    }
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!("cannot read the password file {}: {e}", path.display());
            return Ok(None);
        }
    };
    Ok(password_in(&text, want))
}

/// The first line of `text` that matches `want`, as libpq takes it.
pub fn password_in(text: &str, want: &Lookup<'_>) -> Option<String> {
    let port = want.port.to_string();
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(fields)
        .find(|f| {
            matches(&f[0], want.host)
                && matches(&f[1], &port)
                && matches(&f[2], want.database)
                && matches(&f[3], want.user)
        })
        .map(|mut f| f.swap_remove(4))
}

fn matches(field: &str, value: &str) -> bool {
    field == "*" || field == value
}

/// A line's five fields, unescaped; `None` for a line with fewer.
fn fields(line: &str) -> Option<Vec<String>> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            // The password is the rest of the line, colons and all.
            ':' if out.len() < 5 => out.push(String::new()),
            '\\' => {
                if let Some(next) = chars.next() {
                    out.last_mut()?.push(next);
                }
            }
            c => out.last_mut()?.push(c),
        }
    }
    (out.len() == 5).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn want<'a>(host: &'a str, database: &'a str, user: &'a str) -> Lookup<'a> {
        Lookup {
            host,
            port: 5432,
            database,
            user,
        }
    }

    #[test]
    fn the_first_matching_line_gives_the_password() {
        let text = "# desk servers\n\
                    db1:5432:desk:alice:first\n\
                    *:*:desk:alice:second\n\
                    *:*:*:*:any\n";
        assert_eq!(
            password_in(text, &want("db1", "desk", "alice")).as_deref(),
            Some("first")
        );
        assert_eq!(
            password_in(text, &want("db2", "desk", "alice")).as_deref(),
            Some("second")
        );
        assert_eq!(
            password_in(text, &want("db2", "other", "bob")).as_deref(),
            Some("any")
        );
    }

    #[test]
    fn escaped_colons_and_backslashes_are_literal() {
        let text = "db\\:1:5432:desk:alice:pa\\:ss\\\\word:with:colons\n";
        assert_eq!(
            password_in(text, &want("db:1", "desk", "alice")).as_deref(),
            Some("pa:ss\\word:with:colons")
        );
    }

    #[test]
    fn a_short_line_or_another_port_is_no_match() {
        let text = "db1:5432:desk\ndb1:5433:desk:alice:x\n";
        assert_eq!(password_in(text, &want("db1", "desk", "alice")), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_file_others_may_read_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pgpass");
        std::fs::write(&path, "*:*:*:*:secret\n").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(
            find(&path, &want("h", "d", "u")),
            Err(Refused::Readable { mode: 0o644 })
        );
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert_eq!(find(&path, &want("h", "d", "u")), Ok(Some("secret".into())));
        assert_eq!(
            find(&dir.path().join("none"), &want("h", "d", "u")),
            Ok(None)
        );
    }
}
