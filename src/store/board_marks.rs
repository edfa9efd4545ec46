//! What "mark everything the filter shows" marks: the ids and ticket
//! labels of the open escalations the board's filter matches, in board
//! order, up to a limit.

use chrono::{DateTime, Utc};
use rusqlite::types::Value;

use super::board_filter::Matching;
use super::engine::{Sql, params_of};
use super::{Result, Store};
use crate::domain::board_filter::BoardFilter;
use crate::domain::triage::label;

impl Store {
    pub fn board_ids(
        &self,
        filter: Option<&BoardFilter>,
        now: DateTime<Utc>,
        limit: usize,
    ) -> Result<Vec<(i64, String)>> {
        let m = Matching::new(filter, now, self.engine());
        let mut args = m.args.clone();
        args.push(Value::Integer(i64::try_from(limit).unwrap_or(i64::MAX)));
        let sql = format!(
            "SELECT e.id, e.ticket_no {} WHERE {}
             ORDER BY e.open_rank, e.deadline, e.id LIMIT ?{}",
            m.from(),
            m.sql,
            args.len()
        );
        self.db().query_map(&sql, &params_of(&args), |r| {
            let id: i64 = r.get(0)?;
            let no = r.text(1)?;
            Ok((id, label(&no, id)))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::Severity;

    #[test]
    fn the_filtered_board_in_its_order_up_to_the_limit() {
        each_engine("the_filtered_board_in_its_order_up_to_th", |s| {
            let mut s = subscribed_on(s, "2026-11-01");
            for (no, sev) in [
                ("a", Severity::S3),
                ("b", Severity::S1),
                ("c", Severity::S1),
            ] {
                s.add_escalation(&new_esc(no, sev, t0()), actor(t0()))
                    .unwrap();
            }
            let f = BoardFilter::parse("sev:S1", "alice").unwrap();
            let ids = s.board_ids(f.as_ref(), t0(), 10).unwrap();
            assert_eq!(ids, [(2, "b (#2)".to_string()), (3, "c (#3)".to_string())]);
            assert_eq!(s.board_ids(None, t0(), 2).unwrap().len(), 2);
        });
    }
}
