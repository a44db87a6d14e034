//! Historical trend views: how sales, categories, stock and customer segments
//! move over the last weeks, for the dashboard's trend charts.

use super::group;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schema_engine::model::View;
use schema_engine::ViewDef;
use schema_macros::View;

/// Daily revenue trends: one row per day of `sales_metrics_daily` in the last 30 days (today
/// and the 29 before), with the 7-day moving averages of revenue and orders (the day and the 6
/// calendar days before it that have a row, reaching back before the 30-day window where
/// needed) and the running revenue total over the window. Days without a row are not shown.
#[derive(View)]
#[view(
    name = "v_revenue_trends_30d",
    group = group::TRENDS,
    body = "sql/views/trends/v_revenue_trends_30d.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct RevenueTrends30d {
    /// The day
    pub date: NaiveDate,
    /// Revenue that day
    pub total_revenue: Decimal,
    /// Orders that day
    pub total_orders: i32,
    /// Average order value that day, as recorded
    pub avg_order_value: Option<Decimal>,
    /// Average daily revenue over the 7 calendar days ending that day (days with a row), 2 decimals
    pub revenue_7d_moving_avg: Decimal,
    /// Average daily orders over the 7 calendar days ending that day (days with a row), 2 decimals
    pub orders_7d_moving_avg: Decimal,
    /// How many of those 7 days have a row (7 when none is missing)
    pub days_in_moving_avg: i64,
    /// The day's revenue against its 7-day moving average (percent; NULL when the average is 0)
    pub revenue_vs_moving_avg_pct: Option<Decimal>,
    /// Revenue change against the same weekday a week earlier (percent), as recorded
    pub revenue_vs_last_week_pct: Option<Decimal>,
    /// Revenue from the first day of the 30-day window up to and including this day
    pub cumulative_revenue_30d: Decimal,
}

/// Category performance over time: one row per inventory snapshot date in the last 30 days and
/// top-level category (`category_l1`, joined from `product_categories` by `shopify_product_id`;
/// products without a category are left out), with the category's SKUs, sales velocity and
/// stock on that date. Revenue is an estimate: each variant's units sold in the 7 days before
/// the snapshot times its average selling price over the last 30 days from `sku_performance`.
#[derive(View)]
#[view(
    name = "v_category_trends_30d",
    group = group::TRENDS,
    body = "sql/views/trends/v_category_trends_30d.sql",
    cache(key = "snapshot_date, category_l1", refresh = "*/15 * * * *"),
    grant(to(authenticated, service_role), select)
)]
pub struct CategoryTrends30d {
    /// The snapshot date
    pub snapshot_date: NaiveDate,
    /// Top-level category
    pub category_l1: String,
    /// SKUs (variants) of the category in that day's snapshot
    pub sku_count: i64,
    /// Units sold in the 7 days before the snapshot, over the category's SKUs
    pub units_sold_7d: i64,
    /// Units sold in the 30 days before the snapshot, over the category's SKUs
    pub units_sold_30d: i64,
    /// Estimated revenue of those 7 days: units sold × each variant's 30-day average price from `sku_performance` (NULL when no variant has a price)
    pub estimated_revenue_7d: Option<Decimal>,
    /// Units available across the category's SKUs
    pub quantity_available: i64,
    /// SKUs in `low_stock`
    pub low_stock_skus: i64,
    /// SKUs in `out_of_stock`
    pub out_of_stock_skus: i64,
    /// Share of the category's SKUs not out of stock (percent)
    pub in_stock_rate_pct: Decimal,
    /// Change in 7-day units sold against the category's snapshot 7 days earlier (percent; NULL without that snapshot or when it sold nothing)
    pub units_sold_7d_vs_prior_week_pct: Option<Decimal>,
}

/// Inventory movement patterns: one row per inventory snapshot date in the last 30 days and
/// velocity tier (`fast`/`medium`/`slow`/`stagnant`, or `unclassified` where the snapshot has
/// none), with the tier's share of that day's SKUs, its sales and stock, and how many SKUs moved
/// into or out of the tier since the day before (a variant whose snapshot the day before had
/// another tier). A tier every SKU left that day appears with `sku_count` 0. Reads only the
/// last 31 snapshot dates, a range `idx_inventory_snapshots_date` answers.
#[derive(View)]
#[view(
    name = "v_inventory_velocity_trends",
    group = group::TRENDS,
    body = "sql/views/trends/v_inventory_velocity_trends.sql",
    cache(key = "snapshot_date, velocity_tier", refresh = "*/15 * * * *"),
    grant(to(authenticated, service_role), select)
)]
pub struct InventoryVelocityTrends {
    /// The snapshot date
    pub snapshot_date: NaiveDate,
    /// fast/medium/slow/stagnant, or unclassified for snapshots without a tier
    pub velocity_tier: String,
    /// SKUs (variants) in the tier that day
    pub sku_count: i64,
    /// The tier's share of that day's SKUs (percent)
    pub share_of_skus_pct: Decimal,
    /// Units sold in the 7 days before the snapshot, over the tier's SKUs
    pub units_sold_7d: i64,
    /// Units available across the tier's SKUs
    pub quantity_available: i64,
    /// Average days of cover of the tier's SKUs (2 decimals; NULL when none is known)
    pub avg_days_of_cover: Option<Decimal>,
    /// SKUs in the tier whose snapshot the day before had another tier
    pub skus_entered_tier: i64,
    /// SKUs in the tier the day before whose snapshot that day has another tier
    pub skus_left_tier: i64,
    /// `skus_entered_tier - skus_left_tier` (SKUs new to the snapshot or missing from it are not moves)
    pub net_tier_moves: i64,
}

/// Customer segment evolution: one row per 30-day period and customer segment, for the six
/// periods ending today (period 0 is today and the 29 days before it, period 1 the 30 days
/// before that, and so on) and every segment that has customers. Counts the customers whose
/// current segment was assigned (`segmented_at`) in the period, and the segment's size at the
/// period's end by current assignment.
#[derive(View)]
#[view(
    name = "v_customer_segment_trends",
    group = group::TRENDS,
    body = "sql/views/trends/v_customer_segment_trends.sql",
    cache(key = "periods_ago, primary_segment", refresh = "*/15 * * * *"),
    grant(to(authenticated, service_role), select)
)]
pub struct CustomerSegmentTrends {
    /// First day of the period
    pub period_start: NaiveDate,
    /// Last day of the period
    pub period_end: NaiveDate,
    /// 0 for the period ending today, 1 for the one before, up to 5
    pub periods_ago: i32,
    /// The customer persona
    pub primary_segment: String,
    /// Customers assigned to the segment during the period
    pub customers_segmented: i64,
    /// The segment's share of all customers assigned during the period (percent; NULL when nobody was)
    pub share_of_period_pct: Option<Decimal>,
    /// Average segment confidence of the customers assigned during the period (3 decimals)
    pub avg_segment_confidence: Option<Decimal>,
    /// Lifetime revenue of the customers assigned during the period
    pub revenue_of_segmented: Decimal,
    /// Customers assigned during the period who are now at_risk or churned
    pub at_risk_or_churned: i64,
    /// Customers in the segment assigned on or before the period's last day
    pub segment_size_at_period_end: i64,
}

/// The group's views, in the dictionary's order.
pub fn all() -> Vec<View> {
    vec![
        RevenueTrends30d::view(),
        CategoryTrends30d::view(),
        InventoryVelocityTrends::view(),
        CustomerSegmentTrends::view(),
    ]
}
