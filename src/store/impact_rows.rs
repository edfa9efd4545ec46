//! The rows of each affected customer's impact of a change: read, written
//! and filled from the inventories when the change's impact is evaluated.

use super::engine::{Dialect, Row, Sql};
use super::inventory::affected_customers;
use super::record_events::unlist;
use super::{Actor, Result, ts};
use crate::domain::change::{Change, Impact};
use crate::domain::change_impact::{Confirmation, CustomerImpact, holding_text};
use crate::domain::inventory::Holding;
use crate::sql_args;

fn impact_row(r: &Row<'_>) -> Result<CustomerImpact> {
    let confirmation = match r.text_lossy(7)? {
        Some(by) => Some(Confirmation {
            by,
            at: r.get(8)?,
            note: r.text_lossy(9)?.unwrap_or_default(),
        }),
        None => None,
    };
    Ok(CustomerImpact {
        customer: r.text(0)?,
        holdings: unlist(r.text(1)?),
        impact: Impact {
            availability: r.get(2)?,
            performance: r.get(3)?,
            data_access: r.get(4)?,
            within_sla: r.get(5)?,
        },
        evaluated_by: r.text(6)?,
        evaluated_at: r.get(10)?,
        confirmation,
    })
}

pub(super) fn impacts_of(db: &impl Sql, change_id: i64) -> Result<Vec<CustomerImpact>> {
    db.query_map(
        &format!(
            "SELECT c.name, i.holdings, i.availability, i.performance, i.data_access,
                    i.within_sla, i.evaluated_by, i.confirmed_by, i.confirmed_at,
                    i.confirmation, i.evaluated_at
             FROM change_impacts i JOIN customers c ON c.id = i.customer_id
             WHERE i.change_id = ?1 ORDER BY c.name COLLATE {}, c.id",
            db.engine().nocase()
        ),
        sql_args![change_id],
        impact_row,
    )
}

pub(super) fn write_impact(
    db: &impl Sql,
    change_id: i64,
    customer_id: i64,
    holdings: &[Holding],
    i: Impact,
    actor: Actor<'_>,
) -> Result<()> {
    let holdings: Vec<String> = holdings.iter().map(holding_text).collect();
    // A new evaluation is not what the customer confirmed: it is asked
    // again.
    db.execute(
        "INSERT INTO change_impacts (change_id, customer_id, holdings, availability, performance,
             data_access, within_sla, evaluated_by, evaluated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (change_id, customer_id) DO UPDATE SET holdings = ?3, availability = ?4,
             performance = ?5, data_access = ?6, within_sla = ?7, evaluated_by = ?8,
             evaluated_at = ?9, confirmed_by = NULL, confirmed_at = NULL, confirmation = NULL",
        sql_args![
            change_id,
            customer_id,
            holdings.join(","),
            i.availability,
            i.performance,
            i.data_access,
            i.within_sla,
            actor.engineer,
            ts(actor.now)
        ],
    )?;
    Ok(())
}

/// When a change's impact is evaluated: every customer found from the
/// inventories that has no evaluation of its own gets the change's, on
/// its affected holdings.
pub(super) fn fill_impacts(db: &impl Sql, c: &Change, actor: Actor<'_>) -> Result<()> {
    let Some(i) = c.impact else {
        return Ok(());
    };
    for (customer_id, _, holdings) in affected_customers(db, &c.services, &c.regions)? {
        let known: Option<i64> = db.query_opt(
            "SELECT 1 FROM change_impacts WHERE change_id = ?1 AND customer_id = ?2",
            sql_args![c.id, customer_id],
            |r| r.get(0),
        )?;
        if known.is_none() {
            write_impact(db, c.id, customer_id, &holdings, i, actor)?;
        }
    }
    Ok(())
}
