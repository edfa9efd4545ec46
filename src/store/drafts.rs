//! The composer's drafts: its fields as typed, kept on every edit so that
//! nothing is lost if the program stops.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::engine::Sql;
use super::{Actor, Result, Store, ts};
use crate::domain::notice::SubjectKind;
use crate::sql_args;

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
        let tx = self.write()?;
        // A draft deleted meanwhile (sent from another screen) is saved anew.
        let kept = match id {
            Some(id) => {
                tx.execute(
                    "UPDATE drafts SET kind = ?2, fields = ?3, engineer = ?4, updated_at = ?5
                 WHERE id = ?1",
                    sql_args![id, kind.as_str(), fields, actor.engineer, ts(actor.now)],
                )? > 0
            }
            None => false,
        };
        let id = match (id, kept) {
            (Some(id), true) => id,
            _ => tx.insert(
                "INSERT INTO drafts (kind, fields, engineer, updated_at) VALUES (?1, ?2, ?3, ?4)
                 RETURNING id",
                sql_args![kind.as_str(), fields, actor.engineer, ts(actor.now)],
            )?,
        };
        tx.commit()?;
        Ok(id)
    }

    /// Latest first.
    pub fn drafts(&self) -> Result<Vec<Draft>> {
        self.db().query_map(
            "SELECT id, kind, fields, engineer, updated_at FROM drafts
             ORDER BY updated_at DESC, id DESC",
            sql_args![],
            |r| {
                Ok(Draft {
                    id: r.get(0)?,
                    kind: r.word(1)?,
                    fields: r.text(2)?,
                    engineer: r.text(3)?,
                    updated_at: r.get(4)?,
                })
            },
        )
    }

    pub fn delete_draft(&mut self, id: i64) -> Result<()> {
        let tx = self.write()?;
        tx.execute("DELETE FROM drafts WHERE id = ?1", sql_args![id])?;
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;

    #[test]
    fn drafts_are_kept_until_deleted() {
        each_engine("drafts_are_kept_until_deleted", |mut s| {
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
            // An id no longer there is saved as a new draft.
            let again = s
                .save_draft(Some(id), SubjectKind::Incident, "{}", actor(t0()))
                .unwrap();
            let kept = s.drafts().unwrap();
            assert_eq!(kept.len(), 1);
            assert_eq!(kept[0].id, again);
            assert_eq!(s.drafts().unwrap()[0].kind, SubjectKind::Incident);
        });
    }
}
