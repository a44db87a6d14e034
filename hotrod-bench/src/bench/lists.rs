//! Lists and exports: the views that return more than [`LIST_ABOVE_ROWS`] rows
//! at year scale. Nobody reads those whole on a dashboard; a reader pages
//! through them by their declared key (`#[view(page(...))]`) and an export
//! streams them with `COPY (SELECT …) TO STDOUT`. So they are judged by a
//! page of [`PAGE_ROWS`] rows (≤ [`PAGE_TARGET_MS`]) and by COPY throughput
//! (≥ [`COPY_TARGET_ROWS_PER_S`]) instead of by reading every row at once.

use super::stats::percentile;
use anyhow::{Context, Result};
use futures_util::TryStreamExt;
use schema_engine::model::View;
use schema_engine::sql::quote::{ident, literal};
use schema_testkit::plans;
use sqlx::{Connection, PgConnection, Row};
use std::time::Instant;

/// A view returning more rows than this is a list (or an export).
pub const LIST_ABOVE_ROWS: usize = 1_000;
/// Rows in a page.
pub const PAGE_ROWS: usize = 1_000;
/// A page's p95 target: the dictionary's 200 ms divided by ten for an
/// interactive list, with the 2× margin the benchmark asks of every target.
pub const PAGE_TARGET_MS: f64 = 20.0;
/// What an export must stream at.
pub const COPY_TARGET_ROWS_PER_S: f64 = 300_000.0;
/// Timed reads of a list's every row (shown, not judged).
pub const WHOLE_READS: usize = 3;
/// Timed COPY runs per view (after one warm-up).
const COPY_RUNS: usize = 3;

/// How a list pages and exports.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ListResult {
    /// The declared page order, or none (then the list fails: it cannot be paged).
    pub order_by: Option<String>,
    /// p95 of the first page.
    pub first_page_p95_ms: Option<f64>,
    /// p95 of a page from the middle of the list, resumed by key.
    pub middle_page_p95_ms: Option<f64>,
    /// Median rows per second of `COPY (SELECT * FROM view) TO STDOUT`.
    pub copy_rows_per_s: f64,
    pub copy_mib_per_s: f64,
}

impl ListResult {
    pub fn page_p95_ms(&self) -> Option<f64> {
        Some(self.first_page_p95_ms?.max(self.middle_page_p95_ms?))
    }

    pub fn passes(&self) -> bool {
        self.page_p95_ms().is_some_and(|p| p <= PAGE_TARGET_MS) && self.copy_rows_per_s >= COPY_TARGET_ROWS_PER_S
    }
}

/// Pages through `view` by its key and exports it, as an operator.
pub async fn measure(conn: &mut PgConnection, view: &View, rows: usize, iterations: usize) -> Result<ListResult> {
    let name = &view.name.name;
    let relation = format!("public.{}", ident(name));
    let (order_by, first, middle) = match &view.page {
        Some(page) => {
            let order_by = schema_engine::sql::page_order_by(page);
            let first = format!("SELECT * FROM {relation} {order_by} LIMIT {PAGE_ROWS}");
            let first_p95 = percentile(&super::timed_reads(conn, name, &first, iterations).await?.0, 95.0);
            // Resume after the row in the middle, as a reader deep in the list would.
            let after = middle_key(conn, view, &relation, &order_by, rows / 2).await?;
            let middle = format!("SELECT * FROM {relation} WHERE {after} {order_by} LIMIT {PAGE_ROWS}");
            let middle_p95 = percentile(&super::timed_reads(conn, name, &middle, iterations).await?.0, 95.0);
            (Some(order_by), Some(first_p95), Some(middle_p95))
        }
        None => (None, None, None),
    };
    let (copy_rows_per_s, copy_mib_per_s) = copy_throughput(conn, name, &relation).await?;
    Ok(ListResult { order_by, first_page_p95_ms: first, middle_page_p95_ms: middle, copy_rows_per_s, copy_mib_per_s })
}

/// The key condition of the page after the row at `offset`, with that row's
/// key written as typed literals (`(created_at, id) < ('…'::timestamptz, '…'::uuid)`).
async fn middle_key(conn: &mut PgConnection, view: &View, relation: &str, order_by: &str, offset: usize) -> Result<String> {
    let page = view.page.as_ref().expect("a paged view");
    let texts: Vec<String> = page.columns.iter().map(|c| format!("{}::text", ident(c))).collect();
    let sql = format!("SELECT {} FROM {relation} {order_by} OFFSET {offset} LIMIT 1", texts.join(", "));
    let mut tx = conn.begin().await?;
    plans::act_as(&mut tx, &crate::operator()).await?;
    let row = sqlx::query(&sql).fetch_one(&mut *tx).await.with_context(|| format!("reading {relation}'s middle key"))?;
    tx.rollback().await?;
    let mut values = Vec::new();
    for (at, column) in page.columns.iter().enumerate() {
        let value: String = row.try_get(at)?;
        let data_type = view.columns.iter().find(|c| &c.name == column).map(|c| c.data_type.as_str().to_owned()).unwrap_or_default();
        values.push(format!("{}::{data_type}", literal(&value)));
    }
    Ok(schema_engine::sql::page_after(page, &values))
}

/// Median rows/s and MiB/s of exporting the whole view with COPY, as an operator.
async fn copy_throughput(conn: &mut PgConnection, view: &str, relation: &str) -> Result<(f64, f64)> {
    let sql = format!("COPY (SELECT * FROM {relation}) TO STDOUT");
    let mut rates = Vec::new();
    let mut bandwidth = Vec::new();
    for run in 0..=COPY_RUNS {
        let mut tx = conn.begin().await?;
        plans::act_as(&mut tx, &crate::operator()).await?;
        let started = Instant::now();
        let mut stream = tx.copy_out_raw(&sql).await.with_context(|| format!("COPY of {view}"))?;
        let (mut lines, mut bytes) = (0usize, 0usize);
        while let Some(chunk) = stream.try_next().await.with_context(|| format!("COPY of {view}"))? {
            lines += chunk.iter().filter(|b| **b == b'\n').count();
            bytes += chunk.len();
        }
        drop(stream);
        let seconds = started.elapsed().as_secs_f64();
        tx.rollback().await?;
        if run > 0 {
            rates.push(lines as f64 / seconds);
            bandwidth.push(bytes as f64 / seconds / (1024.0 * 1024.0));
        }
    }
    rates.sort_by(f64::total_cmp);
    bandwidth.sort_by(f64::total_cmp);
    Ok((percentile(&rates, 50.0), percentile(&bandwidth, 50.0)))
}
