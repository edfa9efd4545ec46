//! The composer's drafts: its fields as typed, kept on every edit so that
//! nothing is lost if the program stops.

use chrono::{DateTime, Utc};
use rusqlite::params;
use serde::Serialize;

use super::{Actor, Result, Store, from_ts, parse_word, ts};
use crate::domain::notice::SubjectKind;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Draft {
    pub id: i64,
    pub kind: SubjectKind,
    /// The composer's fields as JSON, exactly as typed.
    pub fields: String,
    pub engineer: String,
    pub updated_at: DateTime<Utc>,
}

impl Store {
    /// Saves the composer's fields; a new draft when `id` is None.
    pub fn save_draft(
        &mut self,
        id: Option<i64>,
        kind: SubjectKind,
        fields: &str,
        actor: Actor<'_>,
    ) -> Result<i64> {
        match id {
            Some(id) => {
                let n = self.lite()?.execute(
                    "UPDATE drafts SET kind = ?2, fields = ?3, engineer = ?4, updated_at = ?5
                     WHERE id = ?1",
                    params![id, kind.as_str(), fields, actor.engineer, ts(actor.now)],
                )?;
                if n > 0 {
                    return Ok(id);
                }
                self.save_draft(None, kind, fields, actor)
            }
            None => {
                self.lite()?.execute(
                    "INSERT INTO drafts (kind, fields, engineer, updated_at) VALUES (?1, ?2, ?3, ?4)",
                    params![kind.as_str(), fields, actor.engineer, ts(actor.now)],
                )?;
                Ok(self.lite()?.last_insert_rowid())
            }
        }
    }

    /// Latest first.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        let mut stmt = self.lite()?.prepare_cached(
            "SELECT id, kind, fields, engineer, updated_at FROM drafts ORDER BY updated_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Draft {
                id: r.get(0)?,
                kind: parse_word(r, 1)?,
                fields: r.get(2)?,
                engineer: r.get(3)?,
                updated_at: from_ts(r.get(4)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn delete_draft(&mut self, id: i64) -> Result<()> {
        self.lite()?
            .execute("DELETE FROM drafts WHERE id = ?1", [id])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn drafts_are_kept_until_deleted() {
        let mut s = store_with_customer();
        let id = s
            .save_draft(None, SubjectKind::Change, "{\"title\":\"x\"}", actor(t0()))
            .unwrap();
        assert_eq!(
            s.save_draft(Some(id), SubjectKind::Change, "{}", actor(t0()))
                .unwrap(),
            id
        );
        assert_eq!(s.drafts().unwrap()[0].fields, "{}");
        s.delete_draft(id).unwrap();
        assert!(s.drafts().unwrap().is_empty());
    }
}
