//! The requirement pipeline as the pane reads it: per lane a count, a
//! count of those waiting too long, and only the cards in view, from the
//! pipeline index, however many requirements the store holds.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::engine::Sql;
use super::{Result, Store, ts};
use crate::domain::requirement::RequirementState;
use crate::sql_args;

/// One card in a pipeline lane.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PipelineCard {
    pub id: i64,
    pub customer: String,
    pub title: String,
    pub state_since: DateTime<Utc>,
    pub stale: bool,
    /// R&D accepted it (kept once the customer is notified): a rollout
    /// plan may be recorded.
    pub accepted: bool,
}

/// One pipeline state: how many wait there, how many too long, and the
/// cards in view (oldest first; newest first in the final lane).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Lane {
    pub state: RequirementState,
    pub count: u64,
    pub stale: u64,
    /// Index of the first card in `cards` within the lane.
    pub offset: usize,
    pub cards: Vec<PipelineCard>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Pipeline {
    pub lanes: Vec<Lane>,
    /// The next moment a requirement crosses its lane's threshold and is
    /// flagged, by the clock alone: the pane re-reads then.
    pub next_flag: Option<DateTime<Utc>>,
}

/// What part of each lane the pane shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PipelineQuery {
    pub now: DateTime<Utc>,
    /// Cards per lane.
    pub rows: usize,
    /// First card shown, per lane in `RequirementState::ALL` order.
    pub offsets: Vec<usize>,
}

impl Store {
    /// Counts and the cards in view for every lane, read in one snapshot.
    /// Each lane reads its count from the pipeline index and only the cards
    /// shown, however many requirements the store holds.
    pub fn pipeline(&self, q: &PipelineQuery) -> Result<Pipeline> {
        let snapshot = self.db().read()?;
        let stale = &self.rules.requirement_stale;
        let mut lanes = Vec::with_capacity(RequirementState::ALL.len());
        let mut next_flag: Option<DateTime<Utc>> = None;
        for (i, &state) in RequirementState::ALL.iter().enumerate() {
            let count: u64 = snapshot.query_row(
                "SELECT COUNT(*) FROM requirements WHERE state = ?1",
                sql_args![state.as_str()],
                |r| r.get(0),
            )?;
            // Entered the state at or before this moment: waiting too long.
            let cutoff = stale
                .days(state)
                .map(|d| q.now - chrono::Duration::days(i64::from(d)));
            let stale_count: u64 = match cutoff {
                Some(cutoff) => snapshot.query_row(
                    "SELECT COUNT(*) FROM requirements WHERE state = ?1 AND state_since <= ?2",
                    sql_args![state.as_str(), ts(cutoff)],
                    |r| r.get(0),
                )?,
                None => 0,
            };
            // The oldest one not flagged yet is the lane's next to flag.
            if let (Some(cutoff), Some(days)) = (cutoff, stale.days(state)) {
                let oldest: Option<DateTime<Utc>> = snapshot.query_row(
                    "SELECT MIN(state_since) FROM requirements WHERE state = ?1 AND state_since > ?2",
                    sql_args![state.as_str(), ts(cutoff)],
                    |r| r.get(0),
                )?;
                if let Some(since) = oldest {
                    let at = since + chrono::Duration::days(i64::from(days));
                    next_flag = Some(next_flag.map_or(at, |n| n.min(at)));
                }
            }
            let offset = q.offsets.get(i).copied().unwrap_or(0);
            let order = if state.is_open() { "ASC" } else { "DESC" };
            let cards = snapshot.query_map(
                &format!(
                    "SELECT r.id, c.name, r.title, r.state_since, r.accepted FROM requirements r
                     JOIN customers c ON c.id = r.customer_id
                     WHERE r.state = ?1 ORDER BY r.state_since {order}, r.id {order}
                     LIMIT ?2 OFFSET ?3"
                ),
                sql_args![
                    state.as_str(),
                    i64::try_from(q.rows).unwrap_or(i64::MAX),
                    i64::try_from(offset).unwrap_or(i64::MAX)
                ],
                |r| {
                    let since: DateTime<Utc> = r.get(3)?;
                    Ok(PipelineCard {
                        id: r.get(0)?,
                        customer: r.text(1)?,
                        title: r.text(2)?,
                        state_since: since,
                        stale: cutoff.is_some_and(|c| since <= c),
                        accepted: r.get(4)?,
                    })
                },
            )?;
            lanes.push(Lane {
                state,
                count,
                stale: stale_count,
                offset,
                cards,
            });
        }
        snapshot.commit()?;
        Ok(Pipeline { lanes, next_flag })
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::*;
    use super::*;
    use crate::domain::requirement::RequirementOp;
    use chrono::Duration;

    #[test]
    fn pipeline_counts_flags_and_windows() {
        each_engine("pipeline_counts", |s| {
            let mut s = subscribed_on(s, "2026-06-01");
            for i in 0..5 {
                s.add_requirement(&new_req(&format!("r{i}")), actor(t0() + Duration::hours(i)))
                    .unwrap();
            }
            s.step_requirement(1, &RequirementOp::Advance, actor(t0() + Duration::hours(6)))
                .unwrap();
            let q = PipelineQuery {
                now: t0() + Duration::days(2) + Duration::hours(2),
                rows: 2,
                offsets: vec![1],
            };
            let p = s.pipeline(&q).unwrap();
            let submitted = &p.lanes[0];
            assert_eq!((submitted.count, submitted.stale), (4, 2));
            let ids: Vec<_> = submitted.cards.iter().map(|c| c.id).collect();
            assert_eq!(ids, [3, 4]);
            assert!(submitted.cards[0].stale && !submitted.cards[1].stale);
            assert_eq!(p.lanes[1].count, 1);
            assert_eq!(p.lanes[1].stale, 0);
            assert_eq!(p.lanes.len(), 7);
            // Submitted flags after 2 days: #4 (t0 + 3h) is next; analysing
            // (5 days) flags #1 at t0 + 6h + 5d, later.
            assert_eq!(
                p.next_flag,
                Some(t0() + Duration::hours(3) + Duration::days(2))
            );
            assert!(p.lanes.iter().flat_map(|l| &l.cards).all(|c| !c.accepted));
        });
    }

    #[test]
    fn next_flag_moves_on_and_accepted_cards_say_so() {
        each_engine("pipeline_next_flag", |s| {
            let mut s = subscribed_on(s, "2026-06-01");
            let r = s.add_requirement(&new_req("r"), actor(t0())).unwrap();
            for _ in 0..4 {
                s.step_requirement(r.id, &RequirementOp::Advance, actor(t0()))
                    .unwrap();
            }
            let at = |now| {
                s.pipeline(&PipelineQuery {
                    now,
                    rows: 5,
                    offsets: vec![],
                })
                .unwrap()
            };
            // Accepted flags after 3 days.
            let p = at(t0());
            assert_eq!(p.next_flag, Some(t0() + Duration::days(3)));
            let card = &p.lanes[4].cards[0];
            assert!(card.accepted && !card.stale);
            // Once flagged, nothing else is due to flip.
            let p = at(t0() + Duration::days(3));
            assert!(p.lanes[4].cards[0].stale);
            assert_eq!(p.next_flag, None);
        });
    }
}
