//! Whose file this is: the header and table names read before anything
//! is written, judged as an empty file, a sredesk store (at a version), or
//! another program's database.

use rusqlite::Connection;

/// The `application_id` in the header of every sredesk store: "SRDK" in
/// ASCII (0x5352444B). Set when a store is created or migrated; a file
/// with another program's id is refused and left untouched.
pub const APPLICATION_ID: i32 = 0x5352_444B;

/// What a file holds, read before anything is written.
#[derive(Debug, PartialEq, Eq)]
pub enum Found {
    /// A new, empty database: ours to create.
    Empty,
    /// A sredesk store at this schema version.
    Ours { version: usize },
    /// Another program's database, and why we say so.
    Foreign(String),
}

/// Reads the header and the table names in one read transaction: no
/// write lock, so a writer elsewhere neither waits nor is waited on.
pub fn inspect(conn: &Connection) -> rusqlite::Result<Found> {
    let tx = conn.unchecked_transaction()?;
    let app: i32 = tx.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    // Negative is no version of ours: treat it as new, as SQLite does 0.
    let version = usize::try_from(version).unwrap_or(0);
    let tables: Vec<String> = tx
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // Only read: ending it writes nothing either way.
    tx.rollback()?;
    Ok(judge(app, version, &tables))
}

fn judge(app: i32, version: usize, tables: &[String]) -> Found {
    if app == APPLICATION_ID {
        return Found::Ours { version };
    }
    if app != 0 {
        return Found::Foreign(format!("its application id is {app:#010x}, not sredesk's"));
    }
    let has = |name: &str| tables.iter().any(|t| t == name);
    match (version, tables.is_empty()) {
        (0, true) => Found::Empty,
        // A store from before the id was set holds the first step's tables.
        (v, _) if v > 0 && has("customers") && has("escalations") => Found::Ours { version: v },
        _ => {
            let shown: Vec<&str> = tables.iter().take(3).map(String::as_str).collect();
            let more = if tables.len() > 3 { ", ..." } else { "" };
            Found::Foreign(format!(
                "it holds tables that are not a sredesk store's: {}{more}",
                shown.join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_file_is_ours_by_its_id_or_by_the_first_steps_tables() {
        assert_eq!(judge(0, 0, &[]), Found::Empty);
        assert_eq!(judge(APPLICATION_ID, 3, &[]), Found::Ours { version: 3 });
        let old = names(&["audit_log", "customers", "escalations"]);
        assert_eq!(judge(0, 2, &old), Found::Ours { version: 2 });
    }

    #[test]
    fn another_programs_id_or_tables_are_foreign() {
        assert!(
            matches!(judge(0x0F05_5112, 0, &[]), Found::Foreign(w) if w.contains("0x0f055112"))
        );
        let theirs = names(&["a", "b", "c", "d"]);
        match judge(0, 0, &theirs) {
            Found::Foreign(w) => assert!(w.ends_with("a, b, c, ..."), "{w}"),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            judge(0, 7, &names(&["customers"])),
            Found::Foreign(_)
        ));
    }
}
