//! Analytics views: product categories, customer segments, vehicle fitment and
//! operator SLA performance, for the analysis pages of the dashboard.

use super::group;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schema_engine::model::View;
use schema_engine::ViewDef;
use schema_macros::View;

/// Product category analytics: one row per (category_l1, category_l2) with its products, their SKUs' 30-day sales and inventory, margins and part types
#[derive(View)]
#[view(
    name = "v_product_performance",
    group = group::ANALYTICS,
    body = "sql/views/analytics/v_product_performance.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct ProductPerformance {
    /// Top-level category
    pub category_l1: String,
    /// Mid-level category (empty for products without one)
    pub category_l2: Option<String>,
    /// Products in the category
    pub product_count: i64,
    /// SKUs of those products in sku_performance
    pub sku_count: i64,
    /// 30-day revenue of those SKUs
    pub revenue_30d: Decimal,
    /// The category's share of the 30-day revenue of all categories (percent)
    pub revenue_share_pct: Option<Decimal>,
    /// 30-day units sold
    pub units_sold_30d: i64,
    /// 30-day orders, summed over SKUs (an order with two of the category's SKUs counts twice)
    pub orders_30d: i64,
    /// Average of the products' average order values
    pub avg_order_value: Option<Decimal>,
    /// Average of the products' margins (percent)
    pub avg_margin_pct: Option<Decimal>,
    /// 30-day revenue times each product's margin: estimated gross profit
    pub est_gross_profit_30d: Option<Decimal>,
    /// Current stock of those SKUs
    pub current_inventory: i64,
    /// SKUs flagged trending
    pub trending_skus: i64,
    /// Products flagged as performance parts
    pub performance_parts: i64,
    /// Products flagged as restoration parts
    pub restoration_parts: i64,
    /// Products flagged as custom fabrication
    pub custom_fabrication_parts: i64,
    /// Products whose inventory velocity is fast
    pub fast_moving_products: i64,
}

/// Customer segment insights: one row per primary segment with its customers' revenue, order habits, lifecycle mix, preferences and support load
#[derive(View)]
#[view(
    name = "v_customer_segment_summary",
    group = group::ANALYTICS,
    body = "sql/views/analytics/v_customer_segment_summary.sql",
    cache(key = "primary_segment", refresh = "*/15 * * * *"),
    grant(to(authenticated, service_role), select)
)]
pub struct CustomerSegmentSummary {
    /// DIY Builder / Professional Shop / Enthusiast Collector / First-time Builder / Racing Enthusiast
    pub primary_segment: String,
    /// Customers in the segment
    pub customer_count: i64,
    /// The segment's share of all customers (percent)
    pub customer_share_pct: Decimal,
    /// Lifetime revenue of the segment's customers
    pub total_revenue: Decimal,
    /// The segment's share of all customers' lifetime revenue (percent)
    pub revenue_share_pct: Option<Decimal>,
    /// Lifetime revenue per customer
    pub avg_revenue_per_customer: Decimal,
    /// Lifetime revenue divided by lifetime orders
    pub avg_order_value: Option<Decimal>,
    /// Lifetime orders per customer
    pub avg_orders_per_customer: Decimal,
    /// Average segment confidence (0-1)
    pub avg_segment_confidence: Decimal,
    /// Average days since the last order, over customers who ordered
    pub avg_days_since_last_order: Option<Decimal>,
    /// Customers in the new lifecycle stage
    pub new_customers: i64,
    /// Customers in the active lifecycle stage
    pub active_customers: i64,
    /// Customers in the at_risk lifecycle stage
    pub at_risk_customers: i64,
    /// Customers in the churned lifecycle stage
    pub churned_customers: i64,
    /// Customers in the reactivated lifecycle stage
    pub reactivated_customers: i64,
    /// At-risk and churned customers as a share of the segment (percent)
    pub at_risk_or_churned_pct: Decimal,
    /// Customers preferring performance parts (percent)
    pub prefers_performance_pct: Decimal,
    /// Customers preferring restoration parts (percent)
    pub prefers_restoration_pct: Decimal,
    /// Support tickets of the segment's customers
    pub support_tickets: i64,
    /// Support tickets per customer
    pub avg_support_tickets_per_customer: Decimal,
    /// Average of the customers' average review ratings (0-5), over customers with one
    pub avg_review_rating: Option<Decimal>,
    /// The most common preferred category (ties: alphabetically first)
    pub top_category_l1: Option<String>,
    /// The most common primary vehicle make (ties: alphabetically first)
    pub top_vehicle_make: Option<String>,
}

/// Vehicle fit analysis: one row per (vehicle make, vehicle year) that a product fits or a customer drives, from unnesting fits_makes × fits_vehicle_years, comparing the parts that fit (supply) with the customers whose primary vehicle it is (demand)
#[derive(View)]
#[view(
    name = "v_vehicle_compatibility_analysis",
    group = group::ANALYTICS,
    body = "sql/views/analytics/v_vehicle_compatibility_analysis.sql",
    cache(key = "vehicle_make, vehicle_year", refresh = "*/15 * * * *"),
    grant(to(authenticated, service_role), select)
)]
pub struct VehicleCompatibilityAnalysis {
    /// Vehicle make
    pub vehicle_make: String,
    /// Vehicle model year
    pub vehicle_year: i32,
    /// Products listing this make and year among their fits (0: customers drive it, no part fits)
    pub compatible_products: i64,
    /// Distinct top-level categories of those products
    pub categories: i64,
    /// Of those products, performance parts
    pub performance_parts: i64,
    /// Of those products, restoration parts
    pub restoration_parts: i64,
    /// 30-day revenue of those products' SKUs (a product fitting several vehicles counts for each)
    pub revenue_30d: Decimal,
    /// 30-day units sold of those products' SKUs
    pub units_sold_30d: i64,
    /// Customers whose primary vehicle is this make and year
    pub customers: i64,
    /// Lifetime revenue of those customers
    pub customer_lifetime_revenue: Decimal,
    /// Compatible products per such customer (empty without customers)
    pub products_per_customer: Option<Decimal>,
}

/// Operator SLA performance: one row per operator with SLA resolution metrics in the last 7 days (today and the 6 days before), from operator_sla_resolution
#[derive(View)]
#[view(
    name = "v_sla_performance_7d",
    group = group::ANALYTICS,
    body = "sql/views/analytics/v_sla_performance_7d.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct SlaPerformance7d {
    /// Operator reference
    pub operator_id: i64,
    /// Days with metrics in the window
    pub days_reported: i64,
    /// SLA breaches detected
    pub sla_breaches_detected: i64,
    /// SLA breaches resolved
    pub sla_breaches_resolved: i64,
    /// SLA breaches detected but not resolved
    pub sla_breaches_unresolved: i64,
    /// Resolved breaches as a share of detected ones (percent; empty when none was detected)
    pub resolution_rate_pct: Option<Decimal>,
    /// Average of the daily median response times (minutes)
    pub avg_median_response_minutes: Option<Decimal>,
    /// Average of the daily P90 response times (minutes)
    pub avg_p90_response_minutes: Option<Decimal>,
    /// Highest daily P95 response time (minutes)
    pub worst_p95_response_minutes: Option<Decimal>,
    /// Latest day with metrics in the window
    pub last_reported_date: NaiveDate,
}

/// The group's views, in the dictionary's order.
pub fn all() -> Vec<View> {
    vec![
        ProductPerformance::view(),
        CustomerSegmentSummary::view(),
        VehicleCompatibilityAnalysis::view(),
        SlaPerformance7d::view(),
    ]
}
