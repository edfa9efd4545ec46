//! Finding an escalation by what an engineer types: `#42` or `42` (its
//! id) or its ticket number, any customer's, any state.

use super::engine::{Dialect, Sql};
use super::{Result, Store};
use crate::sql_args;

impl Store {
    /// The id of the escalation `text` names, if one does. A ticket
    /// number two customers share is the newest one's.
    pub fn find_escalation(&self, text: &str) -> Result<Option<i64>> {
        let t = text.trim();
        if let Ok(id) = t.trim_start_matches('#').parse::<i64>() {
            let found: Option<i64> = self.db().query_opt(
                "SELECT id FROM escalations WHERE id = ?1",
                sql_args![id],
                |r| r.get(0),
            )?;
            if found.is_some() {
                return Ok(found);
            }
        }
        self.db().query_opt(
            &format!(
                "SELECT id FROM escalations WHERE ticket_no = ?1 COLLATE {}
                 ORDER BY id DESC LIMIT 1",
                self.engine().nocase()
            ),
            sql_args![t],
            |r| r.get(0),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use crate::domain::Severity;

    #[test]
    fn by_id_or_ticket_number() {
        each_engine("by_id_or_ticket_number", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            s.add_escalation(&new_esc("ST2612-0042", Severity::S2, t0()), actor(t0()))
                .unwrap();
            assert_eq!(s.find_escalation("#1").unwrap(), Some(1));
            assert_eq!(s.find_escalation("1").unwrap(), Some(1));
            assert_eq!(s.find_escalation("st2612-0042").unwrap(), Some(1));
            assert_eq!(s.find_escalation("ST2612-0043").unwrap(), None);
            assert_eq!(s.find_escalation("#9").unwrap(), None);
        });
    }
}
