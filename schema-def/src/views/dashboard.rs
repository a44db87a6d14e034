//! Dashboard views (real-time): what the ops dashboard polls.

use super::group;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schema_engine::model::View;
use schema_engine::ViewDef;
use schema_macros::View;

/// Real-time sales dashboard data: the latest day's sales with its week-over-week change and the trailing 7 days
#[derive(View)]
#[view(
    name = "v_sales_pulse_current",
    group = group::DASHBOARD,
    body = "sql/views/dashboard/v_sales_pulse_current.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct SalesPulseCurrent {
    /// The latest day with sales metrics
    pub date: NaiveDate,
    /// Revenue that day
    pub total_revenue: Decimal,
    /// Orders that day
    pub total_orders: i32,
    /// Average order value that day
    pub avg_order_value: Decimal,
    /// Revenue change against the same weekday a week earlier (percent)
    pub revenue_vs_last_week_pct: Decimal,
    /// Order count change against the same weekday a week earlier (percent)
    pub orders_vs_last_week_pct: Decimal,
    /// Share of that day's orders fulfilled (percent)
    pub fulfillment_rate_pct: Decimal,
    /// Revenue over the 7 days ending that day
    pub revenue_7d: Decimal,
    /// Orders over the 7 days ending that day
    pub orders_7d: i64,
}

/// The group's views, in the dictionary's order.
pub fn all() -> Vec<View> {
    vec![SalesPulseCurrent::view()]
}
