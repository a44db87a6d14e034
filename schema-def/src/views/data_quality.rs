//! Data quality views: automated checks, freshness, completeness, alerts, a
//! one-row health summary and statistical anomalies. `run_data_quality_checks()`
//! summarizes `v_data_quality_comprehensive`.

use super::group;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use schema_engine::model::View;
use schema_engine::ViewDef;
use schema_macros::View;

/// 10 automated quality checks: one row per check, always exactly ten, with its status
/// (`pass`/`warn`/`fail`) and the number of rows failing it. "The last 30 days" is today and
/// the 29 days before it (by `date`, `order_created_at` or `conversation_created_at`); "the latest
/// snapshot" is the newest `snapshot_date` of `inventory_snapshots`.
/// (1) `sales_missing_days` (sales_metrics_daily): days among the 30 ending yesterday without a
/// row; pass 0, warn 1-2, fail 3 or more.
/// (2) `sales_aov_mismatch` (sales_metrics_daily): days of the last 30 with orders whose
/// `avg_order_value` is NULL or differs from `total_revenue / total_orders` by more than 0.01;
/// pass 0, fail 1 or more.
/// (3) `sales_fulfillment_rate_mismatch` (sales_metrics_daily): days of the last 30 with
/// `orders_fulfilled > total_orders`, or with orders and a `fulfillment_rate_pct` NULL or off
/// `100 × orders_fulfilled / total_orders` by more than 0.01; pass 0, fail 1 or more.
/// (4) `fulfillment_sla_flag_mismatch` (fulfillment_tracking): non-cancelled orders of the last
/// 30 days with an `sla_deadline` whose `is_sla_breach` disagrees with it: fulfilled orders
/// against `fulfilled_at > sla_deadline`, open ones (no `fulfilled_at`) against
/// `now() > sla_deadline`; fail when any fulfilled order disagrees, warn when only open ones do
/// (their flag may lag until the next webhook), pass otherwise.
/// (5) `cx_resolved_without_resolved_at` (cx_conversations): conversations of the last 30 days
/// with status `resolved` and no `resolved_at`; pass 0, fail 1 or more.
/// (6) `cx_timestamps_out_of_order` (cx_conversations): conversations of the last 30 days whose
/// `first_response_at` or `resolved_at` is before `conversation_created_at`; pass 0, fail 1 or
/// more.
/// (7) `inventory_implausible_stock` (inventory_snapshots): rows of the latest snapshot with
/// negative `quantity_available`, `out_of_stock` with stock available, or `in_stock`/`overstock`
/// with none; pass 0, fail 1 or more.
/// (8) `inventory_duplicate_skus` (inventory_snapshots): rows of the latest snapshot whose SKU is
/// on more than one row; pass 0, fail 1 or more.
/// (9) `stale_data` (table_name `monitored tables`): tables of `v_data_freshness_monitoring` not
/// `fresh`; pass 0, warn when all of them are only `late`, fail when any is `stale` or `empty`.
/// (10) `customer_low_segment_confidence` (customer_segments): customers with
/// `segment_confidence < 0.5`; pass 0, warn up to 10% of customers, fail above.
#[derive(View)]
#[view(
    name = "v_data_quality_comprehensive",
    group = group::DATA_QUALITY,
    body = "sql/views/data_quality/v_data_quality_comprehensive.sql",
    cache(key = "check_name", refresh = "*/5 * * * *"),
    grant(to(authenticated, service_role), select)
)]
pub struct DataQualityComprehensive {
    /// The check's stable name (e.g. sales_missing_days)
    pub check_name: String,
    /// The table the check examines (`monitored tables` for stale_data)
    pub table_name: String,
    /// pass/warn/fail, by the check's rule
    pub status: String,
    /// Rows (days, orders, conversations, snapshot rows, customers or tables) failing the check
    pub failing_rows: i64,
    /// What was found, in words
    pub details: String,
}

/// Data staleness monitoring: one row per table of the dictionary's DATA REFRESH section, with
/// its newest data (`date`/`snapshot_date` for daily tables, the last write `updated_at` for
/// the others), its age in days and a status against the table's refresh cadence: `fresh` when
/// at most `max_age_days` old (1 day for daily, hourly and real-time tables, 3 for the manual
/// daily entry of ceo_time_savings), `late` up to twice that, `stale` beyond, `empty` without
/// rows.
#[derive(View)]
#[view(
    name = "v_data_freshness_monitoring",
    group = group::DATA_QUALITY,
    body = "sql/views/data_quality/v_data_freshness_monitoring.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct DataFreshnessMonitoring {
    /// The monitored table
    pub table_name: String,
    /// Its refresh cadence from the dictionary (daily, daily/hourly, real-time (webhook), manual daily entry, calculated daily)
    pub refresh_cadence: String,
    /// The column whose newest value is measured
    pub freshness_column: String,
    /// Date of the newest data (NULL when the table is empty)
    pub latest_date: Option<NaiveDate>,
    /// Newest `updated_at`, for tables measured by it (NULL for date-keyed tables)
    pub latest_at: Option<DateTime<Utc>>,
    /// Days between the newest data and today
    pub age_days: Option<i32>,
    /// The oldest the newest data may be and still be fresh, in days
    pub max_age_days: i32,
    /// fresh/late/stale/empty
    pub status: String,
}

/// Completeness metrics: one row per important nullable column of the main tables, with the
/// share of its rows that are NULL. Each row says which rows it measures: the last 30 days of
/// sales, the latest inventory snapshot, all SKUs, categories and customers, the orders and
/// conversations created in the last 30 days (for `fulfilled_at` and `days_to_fulfill`: the
/// fulfilled ones among them).
#[derive(View)]
#[view(
    name = "v_data_completeness_metrics",
    group = group::DATA_QUALITY,
    body = "sql/views/data_quality/v_data_completeness_metrics.sql",
    cache(key = "table_name, column_name", refresh = "*/5 * * * *"),
    grant(to(authenticated, service_role), select)
)]
pub struct DataCompletenessMetrics {
    /// The table
    pub table_name: String,
    /// The nullable column measured
    pub column_name: String,
    /// Which of the table's rows are measured
    pub scope: String,
    /// Rows measured
    pub total_rows: i64,
    /// Of those, rows where the column is NULL
    pub null_rows: i64,
    /// Share of NULLs (percent; NULL when no rows are measured)
    pub null_pct: Option<Decimal>,
    /// Share of non-NULL values (percent; NULL when no rows are measured)
    pub completeness_pct: Option<Decimal>,
}

/// Active quality alerts: one row per check of `v_data_quality_comprehensive` that warns or
/// fails (except `stale_data`, which the freshness alerts spell out table by table) and per
/// table of `v_data_freshness_monitoring` that is not fresh. Failing checks and stale or empty
/// tables are `critical`, the rest `warning`.
#[derive(View)]
#[view(
    name = "v_data_quality_alerts",
    group = group::DATA_QUALITY,
    body = "sql/views/data_quality/v_data_quality_alerts.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct DataQualityAlerts {
    /// critical (a failing check, a stale or empty table) or warning
    pub severity: String,
    /// quality_check or freshness
    pub alert_source: String,
    /// The check's name, or table_late/table_stale/table_empty
    pub alert_name: String,
    /// The table concerned
    pub table_name: String,
    /// warn or fail
    pub status: String,
    /// Rows failing the check (NULL for freshness alerts)
    pub failing_rows: Option<i64>,
    /// What was found, in words
    pub details: String,
}

/// Quality health summary: one row counting the checks by status, the fresh and not-fresh
/// tables, the alerts and the anomalies of the last 30 days. The quality score counts a passed
/// check fully and a warning half; the overall status is `fail` with any critical alert, `warn`
/// with any other alert, `pass` otherwise.
#[derive(View)]
#[view(
    name = "v_data_quality_dashboard",
    group = group::DATA_QUALITY,
    body = "sql/views/data_quality/v_data_quality_dashboard.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct DataQualityDashboard {
    /// Checks run (10)
    pub checks_total: i64,
    /// Checks passed
    pub checks_passed: i64,
    /// Checks warning
    pub checks_warned: i64,
    /// Checks failed
    pub checks_failed: i64,
    /// 100 × (passed + ½ warned) / checks run (percent)
    pub quality_score_pct: Option<Decimal>,
    /// Tables monitored for freshness
    pub tables_monitored: i64,
    /// Of those, fresh
    pub tables_fresh: i64,
    /// Of those, late, stale or empty
    pub tables_not_fresh: i64,
    /// Average completeness over the columns of v_data_completeness_metrics (percent)
    pub avg_completeness_pct: Option<Decimal>,
    /// Rows of v_data_quality_alerts
    pub active_alerts: i64,
    /// Of those, critical
    pub critical_alerts: i64,
    /// Anomalies of v_data_anomalies dated in the last 30 days
    pub anomalies_30d: i64,
    /// pass/warn/fail
    pub overall_status: String,
}

/// Statistical anomaly detection: one row per day of the last 90 and daily sales metric
/// (`total_revenue`, `total_orders` of `sales_metrics_daily`) whose value is more than 3 standard
/// deviations from its baseline: the mean of the 30 calendar days before it (days with a row, at
/// least 7 required; sample standard deviation). A baseline without variation flags nothing.
#[derive(View)]
#[view(
    name = "v_data_anomalies",
    group = group::DATA_QUALITY,
    body = "sql/views/data_quality/v_data_anomalies.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct DataAnomalies {
    /// The anomalous day
    pub date: NaiveDate,
    /// The table the metric comes from
    pub table_name: String,
    /// total_revenue or total_orders
    pub metric_name: String,
    /// The day's value
    pub observed_value: Decimal,
    /// Mean of the baseline days (2 decimals)
    pub baseline_mean: Decimal,
    /// Sample standard deviation of the baseline days (2 decimals)
    pub baseline_stddev: Decimal,
    /// Days with a row among the 30 before
    pub baseline_days: i64,
    /// (value − mean) / standard deviation, 2 decimals
    pub z_score: Decimal,
    /// spike (above the baseline) or drop (below)
    pub direction: String,
}

/// The group's views, in the dictionary's order.
pub fn all() -> Vec<View> {
    vec![
        DataQualityComprehensive::view(),
        DataFreshnessMonitoring::view(),
        DataCompletenessMetrics::view(),
        DataQualityAlerts::view(),
        DataQualityDashboard::view(),
        DataAnomalies::view(),
    ]
}
