//! Export views: flat, spreadsheet-ready tables for CSV downloads.

use super::group;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use schema_engine::model::View;
use schema_engine::ViewDef;
use schema_macros::View;
use uuid::Uuid;

/// 90-day sales export: one row per day of `sales_metrics_daily` in the last 90 days (today and
/// the 89 before), with that day's shop activation (`shop_activation_metrics`), operator SLA
/// totals (`operator_sla_resolution`, summed over operators) and CEO time savings
/// (`ceo_time_savings`); NULL where that table has no row for the day.
#[derive(View)]
#[view(
    name = "v_export_daily_performance",
    group = group::EXPORT,
    body = "sql/views/export/v_export_daily_performance.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct ExportDailyPerformance {
    /// The day
    pub date: NaiveDate,
    /// Revenue that day
    pub total_revenue: Decimal,
    /// Orders that day
    pub total_orders: i32,
    /// Average order value that day
    pub avg_order_value: Option<Decimal>,
    /// Orders fulfilled that day
    pub orders_fulfilled: i32,
    /// Share of that day's orders fulfilled (percent)
    pub fulfillment_rate_pct: Option<Decimal>,
    /// Revenue change against the same weekday a week earlier (percent)
    pub revenue_vs_last_week_pct: Option<Decimal>,
    /// Order count change against the same weekday a week earlier (percent)
    pub orders_vs_last_week_pct: Option<Decimal>,
    /// Total shops that day
    pub total_shops: Option<i32>,
    /// Shops activated that day
    pub shops_activated: Option<i32>,
    /// Activation rate that day (percent)
    pub activation_rate_pct: Option<Decimal>,
    /// Operators with an SLA row that day (0 when none)
    pub operators_reporting: i64,
    /// SLA breaches detected that day, over all operators
    pub sla_breaches_detected: Option<i64>,
    /// SLA breaches resolved that day, over all operators
    pub sla_breaches_resolved: Option<i64>,
    /// Minutes of CEO time saved that day (the five categories added up)
    pub time_saved_minutes: Option<i32>,
    /// Automation actions that day
    pub automation_actions_count: Option<i32>,
}

/// Full customer data: one row per customer of `customer_segments` with every column except the
/// internal `id` (`shopify_customer_id` is the key).
#[derive(View)]
#[view(
    name = "v_export_customer_segments",
    group = group::EXPORT,
    body = "sql/views/export/v_export_customer_segments.sql",
    page(key = "shopify_customer_id"),
    grant(to(authenticated, service_role), select)
)]
pub struct ExportCustomerSegments {
    /// Shopify customer reference
    pub shopify_customer_id: i64,
    /// DIY Builder / Professional Shop / Enthusiast Collector / First-time Builder / Racing Enthusiast
    pub primary_segment: String,
    /// Confidence score (0-1)
    pub segment_confidence: Decimal,
    /// new/active/at_risk/churned/reactivated
    pub lifecycle_stage: String,
    /// Lifetime order count
    pub total_orders: i32,
    /// Lifetime revenue
    pub total_revenue: Decimal,
    /// Average order value
    pub avg_order_value: Option<Decimal>,
    /// Customer age in days
    pub days_since_first_order: Option<i32>,
    /// Days since the last order
    pub days_since_last_order: Option<i32>,
    /// Preferred top-level category
    pub top_category_l1: Option<String>,
    /// Preferred mid-level category
    pub top_category_l2: Option<String>,
    /// Prefers performance parts
    pub prefers_performance: bool,
    /// Prefers restoration parts
    pub prefers_restoration: bool,
    /// Primary vehicle year
    pub primary_vehicle_year: Option<i32>,
    /// Primary vehicle make
    pub primary_vehicle_make: Option<String>,
    /// Primary vehicle model
    pub primary_vehicle_model: Option<String>,
    /// CX interaction count
    pub support_tickets_count: i32,
    /// Review count
    pub review_count: i32,
    /// Average review rating (0-5)
    pub avg_review_rating: Option<Decimal>,
    /// When the segment was assigned
    pub segmented_at: DateTime<Utc>,
    /// Last update
    pub updated_at: DateTime<Utc>,
}

/// SKU + category data: one row per row of `sku_performance`, with its product's category from
/// `product_categories` (by `shopify_product_id`; NULL without one) and its stock status and
/// velocity tier in the latest inventory snapshot (the newest `snapshot_date` overall; NULL when
/// the variant is not in it). Flat for a spreadsheet: the category's fitment lists are text joined
/// with '; '.
#[derive(View)]
#[view(
    name = "v_export_product_performance",
    group = group::EXPORT,
    body = "sql/views/export/v_export_product_performance.sql",
    cache(key = "sku_performance_id", refresh = "*/15 * * * *"),
    page(key = "sku, sku_performance_id"),
    grant(to(authenticated, service_role), select)
)]
pub struct ExportProductPerformance {
    /// Stock keeping unit
    pub sku: String,
    /// Shopify product reference
    pub shopify_product_id: i64,
    /// Shopify variant reference
    pub shopify_variant_id: i64,
    /// Top-level category
    pub category_l1: Option<String>,
    /// Mid-level category
    pub category_l2: Option<String>,
    /// Detail category
    pub category_l3: Option<String>,
    /// Performance upgrade flag
    pub is_performance_part: Option<bool>,
    /// Restoration part flag
    pub is_restoration_part: Option<bool>,
    /// Custom fabrication flag
    pub is_custom_fabrication: Option<bool>,
    /// Compatible vehicle years, joined with '; ' (`1967; 1968; 1969`; empty when none)
    pub fits_vehicle_years: Option<String>,
    /// Compatible makes, joined with '; ' (`Chevrolet; Ford`; empty when none)
    pub fits_makes: Option<String>,
    /// Compatible models, joined with '; ' (`Camaro; Mustang`; empty when none)
    pub fits_models: Option<String>,
    /// The category's inventory velocity: fast/medium/slow
    pub inventory_velocity: Option<String>,
    /// The category's profit margin (percent)
    pub margin_pct: Option<Decimal>,
    /// Revenue over the last 30 days
    pub revenue_30d: Decimal,
    /// Units sold over the last 30 days
    pub units_sold_30d: i32,
    /// Orders over the last 30 days
    pub orders_30d: i32,
    /// revenue_30d / units_sold_30d, 2 decimals (NULL when nothing sold)
    pub avg_unit_price_30d: Option<Decimal>,
    /// revenue_30d × margin_pct / 100, 2 decimals (NULL without a margin)
    pub estimated_gross_profit_30d: Option<Decimal>,
    /// Current stock level
    pub current_inventory: i32,
    /// Days of cover
    pub days_of_inventory: Option<i32>,
    /// Trending flag
    pub is_trending: bool,
    /// up/down/stable
    pub trend_direction: Option<String>,
    /// Most recent sale
    pub last_sale_at: Option<DateTime<Utc>>,
    /// Date of the latest inventory snapshot holding the variant
    pub latest_snapshot_date: Option<NaiveDate>,
    /// in_stock/low_stock/out_of_stock/overstock in that snapshot
    pub stock_status: Option<String>,
    /// fast/medium/slow/stagnant in that snapshot
    pub velocity_tier: Option<String>,
    /// Last update of the SKU's row
    pub updated_at: DateTime<Utc>,
    /// The sku_performance row's identifier: with `sku`, the key a reader pages by
    pub sku_performance_id: Uuid,
}

/// The group's views, in the dictionary's order.
pub fn all() -> Vec<View> {
    vec![ExportDailyPerformance::view(), ExportCustomerSegments::view(), ExportProductPerformance::view()]
}
