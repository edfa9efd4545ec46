//! The quota pane's window: the rows around a place in the pane's order
//! (least left first, then name), read by key from the kept summaries,
//! with the window's place and the total, so a refresh reads the rows on
//! screen and not every subscribed customer.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::customer_views::CustomerQuota;
use super::customers::JOINED_COLUMNS;
use super::engine::{Db, Dialect, Param, Sql, Tx};
use super::quota_summary::{SUMMARY_COLUMNS, is_settled, settle, summary_at, total};
use super::{Result, Store};
use crate::sql_args;

/// A row's place in the pane's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuotaKey {
    pub least_left: u32,
    pub name: String,
    pub customer_id: i64,
}

impl QuotaKey {
    pub fn of(r: &CustomerQuota) -> QuotaKey {
        QuotaKey {
            least_left: r.least_left(),
            name: r.customer.name.clone(),
            customer_id: r.customer.id,
        }
    }

    /// As SQLite compares the row value `(least_left, name, customer_id)`.
    fn cmp_row(&self, r: &CustomerQuota) -> std::cmp::Ordering {
        (self.least_left, self.name.as_str(), self.customer_id).cmp(&(
            r.least_left(),
            r.customer.name.as_str(),
            r.customer.id,
        ))
    }
}

/// Where a window is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum QuotaFrom {
    /// The first row.
    Top,
    /// The last row.
    Bottom,
    /// This customer's row as it stands now (it follows the customer when
    /// the order changes); where the key was, once the customer has no row.
    At(QuotaKey),
}

/// A window of the pane: the selection `moved` rows from `from` (negative
/// is up), with up to `above` rows over it, `rows` rows in all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuotaQuery {
    pub from: QuotaFrom,
    pub moved: i64,
    pub above: usize,
    pub rows: usize,
}

/// What a window read gives: its rows, the place of the first (0-based),
/// the selection within them, and how many customers have a row.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuotaWindow {
    pub rows: Vec<CustomerQuota>,
    pub first: usize,
    pub selected: usize,
    pub total: usize,
}

/// The rows read on both sides of the anchor, and the anchor's place.
struct Around {
    /// Before the anchor, nearest first.
    before: Vec<CustomerQuota>,
    /// From the anchor on.
    after: Vec<CustomerQuota>,
    /// How many rows come before `after[0]` in the whole order.
    place: usize,
    total: usize,
}

impl QuotaQuery {
    fn before_limit(&self) -> usize {
        self.rows + usize::try_from(-self.moved.min(0)).unwrap_or(usize::MAX / 2)
    }

    fn after_limit(&self) -> usize {
        self.rows + usize::try_from(self.moved.max(0)).unwrap_or(usize::MAX / 2)
    }

    /// Cuts the window out of what was read around the anchor.
    fn place(&self, around: Around) -> QuotaWindow {
        let anchor = around.before.len();
        let mut all: Vec<CustomerQuota> = around.before.into_iter().rev().collect();
        all.extend(around.after);
        if all.is_empty() {
            return QuotaWindow {
                total: around.total,
                ..QuotaWindow::default()
            };
        }
        let last = all.len() - 1;
        let target = i64::try_from(anchor)
            .unwrap_or(i64::MAX)
            .saturating_add(self.moved)
            .clamp(0, i64::try_from(last).unwrap_or(i64::MAX));
        let target = usize::try_from(target).unwrap_or(last);
        let start = target
            .saturating_sub(self.above)
            .min(all.len().saturating_sub(self.rows.max(1)));
        let rows: Vec<CustomerQuota> = all.into_iter().skip(start).take(self.rows.max(1)).collect();
        QuotaWindow {
            first: (around.place + start).saturating_sub(anchor),
            selected: target - start,
            total: around.total,
            rows,
        }
    }
}

/// The anchor's key as the store would seek it: before every row (top),
/// after every row (bottom), or the customer's current key.
fn anchor_key(conn: &impl Sql, from: &QuotaFrom) -> Result<QuotaKey> {
    let edge = |least_left| QuotaKey {
        least_left,
        name: String::new(),
        customer_id: 0,
    };
    Ok(match from {
        QuotaFrom::Top => edge(0),
        QuotaFrom::Bottom => edge(u32::MAX),
        QuotaFrom::At(key) => {
            let now: Option<(u32, String)> = conn.query_opt(
                "SELECT least_left, name FROM quota_summary WHERE customer_id = ?1",
                sql_args![key.customer_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )?;
            match now {
                Some((least_left, name)) => QuotaKey {
                    least_left,
                    name,
                    customer_id: key.customer_id,
                },
                None => key.clone(),
            }
        }
    })
}

fn read_rows(
    conn: &impl Sql,
    ahead: bool,
    key: &QuotaKey,
    limit: usize,
) -> Result<Vec<CustomerQuota>> {
    // The summary's index is the outer loop: the rows come in its order
    // and the LIMIT stops the walk.
    let (op, order) = match ahead {
        true => (">=", "s.least_left, s.name, s.customer_id"),
        false => ("<", "s.least_left DESC, s.name DESC, s.customer_id DESC"),
    };
    let limit = i64::try_from(limit).unwrap_or(i64::MAX);
    conn.query_map(
        &format!(
            "SELECT {JOINED_COLUMNS}, {SUMMARY_COLUMNS}
             FROM quota_summary s {} customers c ON c.id = s.customer_id
             WHERE (s.least_left, s.name, s.customer_id) {op} (?1, ?2, ?3)
             ORDER BY {order} LIMIT ?4",
            conn.engine().join_in_order()
        ),
        sql_args![key.least_left, key.name, key.customer_id, limit],
        summary_at,
    )
}

/// The window from the kept summaries: two short reads by key, the count
/// above the anchor, and the total (one row).
fn window_of(conn: &impl Sql, q: &QuotaQuery) -> Result<QuotaWindow> {
    let key = anchor_key(conn, &q.from)?;
    let mut before = read_rows(conn, false, &key, q.before_limit())?;
    let mut after = read_rows(conn, true, &key, q.after_limit())?;
    let total = total(conn)?;
    let place = match q.from {
        QuotaFrom::Top => 0,
        // The last row is the anchor.
        QuotaFrom::Bottom => {
            after = before.drain(..before.len().min(1)).collect();
            total.saturating_sub(after.len())
        }
        QuotaFrom::At(_) => conn.query_row(
            "SELECT COUNT(*) FROM quota_summary
             WHERE (least_left, name, customer_id) < (?1, ?2, ?3)",
            sql_args![key.least_left, key.name, key.customer_id],
            |r| r.get(0),
        )?,
    };
    Ok(q.place(Around {
        before,
        after,
        place,
        total,
    }))
}

/// The same window cut from every row computed in memory.
pub(super) fn window_in(all: Vec<CustomerQuota>, q: &QuotaQuery) -> QuotaWindow {
    let total = all.len();
    let at = match &q.from {
        QuotaFrom::Top => 0,
        QuotaFrom::Bottom => total.saturating_sub(1),
        QuotaFrom::At(key) => all
            .iter()
            .position(|r| r.customer.id == key.customer_id)
            .unwrap_or_else(|| all.partition_point(|r| key.cmp_row(r).is_gt())),
    };
    let mut all = all;
    let after: Vec<CustomerQuota> = all.drain(at..).take(q.after_limit()).collect();
    let before = all.into_iter().rev().take(q.before_limit()).collect();
    q.place(Around {
        before,
        after,
        place: at,
        total,
    })
}

/// Settles the stale summaries and runs `read` in one write transaction.
/// The summaries are derived: a commit of them lost to a power cut takes
/// the stale marks' removal with it, so they are computed again. This
/// commit need not wait for the disk as the desk's own writes do (that
/// wait was most of a refresh after a quota use).
fn settle_then<T>(
    db: &Db,
    rules: &crate::domain::desk::DeskRules,
    now: DateTime<Utc>,
    read: impl Fn(&Tx<'_>) -> Result<T>,
) -> Result<T> {
    let lazy = |on: bool| -> Result<()> {
        if let Db::Lite(c) = db {
            let mode = if on {
                "NORMAL"
            } else {
                super::open::DURABILITY
            };
            c.pragma_update(None, "synchronous", mode)?;
        }
        Ok(())
    };
    lazy(true)?;
    let found = (|| {
        let tx = db.write()?;
        if db.engine() == super::engine::Engine::Postgres {
            tx.execute("SET LOCAL synchronous_commit TO OFF", sql_args![])?;
        }
        settle(&tx, rules, now)?;
        let found = read(&tx)?;
        tx.commit()?;
        Ok(found)
    })();
    lazy(false)?;
    found
}

impl Store {
    /// Runs `read` on summaries that are right for `now`, in the
    /// transaction that makes them so: a read one when nothing is stale,
    /// else a write one that computes the stale rows first. `None` when
    /// they are stale and may not be written (`may_write` false, or a
    /// read-only store).
    fn read_settled<T>(
        &self,
        now: DateTime<Utc>,
        may_write: bool,
        read: impl Fn(&Tx<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        {
            let tx = self.db.read()?;
            if is_settled(&tx, &self.rules, now)? {
                let found = read(&tx)?;
                tx.commit()?;
                return Ok(Some(found));
            }
        }
        if self.read_only || !may_write {
            return Ok(None);
        }
        settle_then(&self.db, &self.rules, now, read).map(Some)
    }

    /// A window of the quota pane (see [`QuotaQuery`]).
    pub fn quota_window(&mut self, now: DateTime<Utc>, q: &QuotaQuery) -> Result<QuotaWindow> {
        match self.read_settled(now, true, |c| window_of(c, q))? {
            Some(w) => Ok(w),
            None => Ok(window_in(self.quota_board_computed(now)?, q)),
        }
    }

    /// Every customer with a subscription today, least left first: one
    /// read of the kept rows (the pane's reads keep them; this one, like
    /// every read a command makes, writes nothing, and computes them all
    /// when they are stale).
    pub fn quota_board(&mut self, now: DateTime<Utc>) -> Result<Vec<CustomerQuota>> {
        self.quotas_where(now, "1 = 1", &[], |_| true)
    }

    /// One customer's row, if it has a subscription today: one read.
    pub fn quota_of(
        &mut self,
        customer_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<CustomerQuota>> {
        let rows = self.quotas_where(now, "s.customer_id = ?1", &[&customer_id], |r| {
            r.customer.id == customer_id
        })?;
        Ok(rows.into_iter().next())
    }

    /// The customers with a quota at a fifth or less left (the handover's
    /// list), least left first: the index finds them without the rest.
    pub fn quotas_low(&mut self, now: DateTime<Utc>) -> Result<Vec<CustomerQuota>> {
        // A fifth in thousandths, rounded down as `least_left` is: every
        // low row is within it, and the domain's own test says which are.
        self.quotas_where(now, "s.least_left <= 200", &[], |r| {
            [&r.faster, &r.expert]
                .iter()
                .any(|s| s.total() > 0 && s.left() * 5 <= s.total())
        })
    }

    fn quotas_where(
        &mut self,
        now: DateTime<Utc>,
        condition: &str,
        values: &[&dyn Param],
        keep: impl Fn(&CustomerQuota) -> bool,
    ) -> Result<Vec<CustomerQuota>> {
        let sql = format!(
            "SELECT {JOINED_COLUMNS}, {SUMMARY_COLUMNS}
             FROM quota_summary s {} customers c ON c.id = s.customer_id
             WHERE {condition} ORDER BY s.least_left, s.name, s.customer_id",
            self.engine().join_in_order()
        );
        let read = |t: &Tx<'_>| t.query_map(&sql, values, summary_at);
        let mut rows = match self.read_settled(now, false, read)? {
            Some(rows) => rows,
            None => self.quota_board_computed(now)?,
        };
        rows.retain(|r| keep(r));
        Ok(rows)
    }
}
