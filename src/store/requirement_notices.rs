//! A requirement's result told to the customer: the step to
//! customer_notified is taken when a delivery of the result notice has
//! gone, not when someone says so.

use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};

use super::requirements::record_event;
use super::{Actor, Result, parse_word, ts};
use crate::domain::requirement::RequirementState;

/// After a delivery of notice `notice_id` was sent: if the notice tells a
/// requirement's result and the requirement still waits for it, the
/// requirement is customer_notified from `now`.
pub(super) fn settled(conn: &Connection, notice_id: i64, now: DateTime<Utc>) -> Result<()> {
    let found: Option<(i64, RequirementState, String)> = conn
        .prepare_cached(
            "SELECT r.id, r.state, n.composed_by FROM notices n
             JOIN requirements r ON r.id = n.subject_id
             WHERE n.id = ?1 AND n.subject = 'requirement'",
        )?
        .query_row([notice_id], |r| {
            Ok((r.get(0)?, parse_word(r, 1)?, r.get(2)?))
        })
        .optional()?;
    let Some((id, state, engineer)) = found else {
        return Ok(());
    };
    if !matches!(
        state,
        RequirementState::Accepted | RequirementState::Rejected
    ) {
        return Ok(());
    }
    conn.execute(
        "UPDATE requirements SET state = 'customer_notified', state_since = ?2, updated_at = ?2
         WHERE id = ?1",
        params![id, ts(now)],
    )?;
    record_event(
        conn,
        id,
        Actor {
            engineer: &engineer,
            now,
        },
        Some(state),
        RequirementState::CustomerNotified,
        Some(&format!("notice #{notice_id} delivered")),
        None,
    )?;
    Ok(())
}
