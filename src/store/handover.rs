//! The handover's reads: a shift's window of the audit trail, the notes
//! and the notices (each on an index of its time), and what stands open
//! now (on the board index). One read transaction, so every section is
//! the same moment.

use super::engine::{Dialect, Row, Sql};
use super::{Result, Store, StoreError, from_ts, ts};
use crate::domain::Severity;
use crate::domain::handover::{
    EscalationLine, Handover, Holder, IncidentLine, NoteLine, NoticeTally, PausedLine, QuotaLine,
};
use crate::sql_args;
use chrono::{DateTime, Utc};

const LINE: &str = "SELECT e.id, e.ticket_no, c.name, e.severity, e.state, e.title, e.assignee";
const FROM: &str = "FROM escalations e JOIN customers c ON c.id = e.customer_id";

/// How many open incidents the handover names.
const INCIDENTS_SHOWN: usize = 20;

fn line(r: &Row<'_>, at: i64) -> Result<EscalationLine> {
    let severity: i64 = r.get(3)?;
    Ok(EscalationLine {
        id: r.get(0)?,
        ticket_no: r.text(1)?,
        customer: r.text(2)?,
        severity: Severity::from_number(severity)
            .ok_or_else(|| StoreError::Corrupt(format!("column 3: severity {severity}")))?,
        state: r.word(4)?,
        title: r.text(5)?,
        assignee: r.text_lossy(6)?,
        at: from_ts(at)?,
        by: None,
    })
}

/// Escalations named by audit entries of `action` in the window, with the
/// time column `at` (7th) of each. Windows end at now inclusive: what was
/// written in the current second is in.
fn audited(
    conn: &impl Sql,
    action: &str,
    at: &str,
    window: (i64, i64),
) -> Result<Vec<(EscalationLine, Option<bool>)>> {
    let sql = format!(
        "{LINE}, {at}, e.response_met, a.engineer FROM audit_log a {}
             JOIN escalations e ON e.id = a.entity_id JOIN customers c ON c.id = e.customer_id
         WHERE a.at >= ?1 AND a.at <= ?2 AND a.entity = 'escalation' AND a.action = ?3
         ORDER BY {at}, e.id",
        conn.engine().indexed_by("audit_log_at")
    );
    conn.query_map(&sql, sql_args![window.0, window.1, action], |r| {
        let mut l = line(r, r.get::<Option<i64>>(7)?.unwrap_or(0))?;
        l.by = r.text_lossy(9)?;
        Ok((l, r.get(8)?))
    })
}

impl Store {
    pub fn handover(&mut self, since: DateTime<Utc>, now: DateTime<Utc>) -> Result<Handover> {
        // What stands open outside the window is read first; the window's
        // sections then come from one read transaction.
        let quotas = self.quotas_low(now)?;
        let incidents = self
            .incident_updates_due(INCIDENTS_SHOWN)?
            .into_iter()
            .map(|i| IncidentLine {
                id: i.id,
                title: i.title,
                state: i.state.to_string(),
                next_update_due: i.next_update_due,
            })
            .collect();
        let tx = self.db().read()?;
        let sections = window_sections(&tx, (ts(since), ts(now)))?;
        tx.commit()?;
        let mut quotas_low = Vec::new();
        for q in quotas {
            for (name, s) in [("faster", &q.faster), ("expert", &q.expert)] {
                if s.total() > 0 && s.left() * 5 <= s.total() {
                    quotas_low.push(QuotaLine {
                        customer: q.customer.name.clone(),
                        quota: name,
                        left: s.left(),
                        total: s.total(),
                    });
                }
            }
        }
        Ok(Handover {
            since,
            until: now,
            incidents,
            quotas_low,
            ..sections
        })
    }
}

/// The sections read from the shift's window and the board as it stands,
/// in one transaction; incidents and quotas are the caller's.
fn window_sections(conn: &impl Sql, window: (i64, i64)) -> Result<Handover> {
    let engine = conn.engine();
    let arrived = audited(conn, "reported", "e.reported_at", window)?
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    let (within, outside): (Vec<_>, Vec<_>) =
        audited(conn, "acknowledge", "e.responded_at", window)?
            .into_iter()
            .partition(|(_, met)| *met != Some(false));
    let breached_open = conn.query_map(
        &format!(
            "{LINE}, e.deadline {FROM} WHERE e.open_rank = 0 AND e.deadline < ?1
                 ORDER BY e.deadline, e.id"
        ),
        sql_args![window.1],
        |r| line(r, r.get(7)?),
    )?;
    // No one first, as SQLite orders NULL and PostgreSQL does not.
    let holders = conn.query_map(
        &format!(
            "SELECT assignee, COUNT(*), SUM({}) FROM escalations
                 WHERE open_rank IS NOT NULL GROUP BY assignee
                 ORDER BY COUNT(*) DESC, assignee IS NOT NULL, assignee",
            engine.flag("open_rank = 0 AND deadline < ?1")
        ),
        sql_args![window.1],
        |r| {
            Ok(Holder {
                engineer: r.text_lossy(0)?,
                open: r.get(1)?,
                breached: r.get(2)?,
            })
        },
    )?;
    let paused = conn.query_map(
        &format!(
            "{LINE}, e.paused_at, e.pause_reason {FROM} WHERE e.open_rank = 2
                 ORDER BY e.paused_at, e.id"
        ),
        sql_args![],
        |r| {
            let since: DateTime<Utc> = r
                .get::<Option<DateTime<Utc>>>(7)?
                .unwrap_or(DateTime::UNIX_EPOCH);
            Ok(PausedLine {
                escalation: line(r, ts(since))?,
                since,
                reason: r.text_lossy(8)?.unwrap_or_default(),
            })
        },
    )?;
    let notes = conn.query_map(
        "SELECT n.escalation_id, e.ticket_no, n.at, n.engineer, n.handed_to, n.for_customer,
                n.text
         FROM escalation_notes n JOIN escalations e ON e.id = n.escalation_id
         WHERE n.at >= ?1 AND n.at <= ?2 ORDER BY n.at, n.id",
        sql_args![window.0, window.1],
        |r| {
            Ok(NoteLine {
                escalation_id: r.get(0)?,
                ticket_no: r.text(1)?,
                at: r.get(2)?,
                engineer: r.text(3)?,
                handed_to: r.text_lossy(4)?,
                for_customer: r.get(5)?,
                text: r.text(6)?,
            })
        },
    )?;
    let state = |s: &str| engine.flag(s);
    let notices = conn.query_row(
        &format!(
            "SELECT COUNT(DISTINCT n.id), COALESCE(SUM({}), 0), COALESCE(SUM({}), 0),
                    COALESCE(SUM({}), 0), COALESCE(SUM({}), 0)
             FROM notices n LEFT JOIN deliveries d ON d.notice_id = n.id
             WHERE n.composed_at >= ?1 AND n.composed_at <= ?2 AND n.subject <> 'handover'",
            state("d.state = 'sent'"),
            state("d.state = 'queued' OR d.state = 'sending'"),
            state("d.state = 'failed'"),
            state("d.state = 'dead'"),
        ),
        sql_args![window.0, window.1],
        |r| {
            Ok(NoticeTally {
                notices: r.get(0)?,
                sent: r.get(1)?,
                pending: r.get(2)?,
                failed: r.get(3)?,
                dead: r.get(4)?,
            })
        },
    )?;
    Ok(Handover {
        since: from_ts(window.0)?,
        until: from_ts(window.1)?,
        arrived,
        answered_within: within.into_iter().map(|(l, _)| l).collect(),
        answered_outside: outside.into_iter().map(|(l, _)| l).collect(),
        breached_open,
        holders,
        paused,
        notes,
        incidents: Vec::new(),
        notices,
        quotas_low: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_plan::query_plan;
    use super::super::test_support::*;

    /// The shift's window is read on the indexes of its times, never by
    /// walking the whole audit trail, notes or notices. (Without the
    /// statistics ANALYZE keeps, SQLite would pick the audit trail's
    /// entity index, which holds every escalation's entries: hence the
    /// INDEXED BY.)
    #[test]
    fn the_window_is_read_on_its_time_indexes() {
        let s = store_with_customer();
        let plan = |sql: &str| query_plan(&s, sql, Vec::new());
        let audit = plan(
            "SELECT a.engineer FROM audit_log a INDEXED BY audit_log_at
             JOIN escalations e ON e.id = a.entity_id
             WHERE a.at >= 1 AND a.at < 2 AND a.entity = 'escalation' AND a.action = 'reported'",
        );
        assert!(audit.contains("USING INDEX audit_log_at"), "{audit}");
        let notes = plan("SELECT n.id FROM escalation_notes n WHERE n.at >= 1 AND n.at < 2");
        assert!(notes.contains("escalation_notes_at"), "{notes}");
        let notices =
            plan("SELECT n.id FROM notices n WHERE n.composed_at >= 1 AND n.composed_at < 2");
        assert!(notices.contains("notices_composed"), "{notices}");
    }
}
