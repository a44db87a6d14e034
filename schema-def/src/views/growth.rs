//! Growth metrics views: monthly revenue milestones, week-over-week growth and
//! the executive KPI summary.

use super::group;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schema_engine::model::View;
use schema_engine::ViewDef;
use schema_macros::View;

/// Monthly revenue milestones: one row per calendar month with sales, its revenue against the previous month and the running total, and the highest rung of the revenue ladder (1k, 2.5k, 5k, 10k, 25k, 50k, 100k, 250k, 500k, 1M) it reached
#[derive(View)]
#[view(
    name = "v_growth_milestones",
    group = group::GROWTH,
    body = "sql/views/growth/v_growth_milestones.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct GrowthMilestones {
    /// First day of the month
    pub month: NaiveDate,
    /// The month is the current one (so still partial)
    pub is_current_month: bool,
    /// Days with sales metrics in the month
    pub days_reported: i64,
    /// Revenue in the month
    pub revenue: Decimal,
    /// Orders in the month
    pub orders: i64,
    /// Revenue per day reported
    pub avg_daily_revenue: Decimal,
    /// Revenue change against the previous calendar month (percent; empty when that month has no sales)
    pub mom_growth_pct: Option<Decimal>,
    /// Revenue of this and every earlier month
    pub cumulative_revenue: Decimal,
    /// Highest ladder amount the month's revenue reached (empty below 1,000)
    pub revenue_milestone: Option<Decimal>,
    /// The month reached a ladder amount no earlier month had reached
    pub is_new_milestone: bool,
    /// The month's revenue beat every earlier month's
    pub is_record_month: bool,
}

/// Weekly growth rate analysis: one row per 7-day period of the last 12, counted back from today (week 0 is today and the 6 days before), with revenue and orders against the period before and the 4-period moving average
#[derive(View)]
#[view(
    name = "v_growth_rates",
    group = group::GROWTH,
    body = "sql/views/growth/v_growth_rates.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct GrowthRates {
    /// Periods back from today: 0 is the latest 7 days, 11 the oldest shown
    pub weeks_ago: i32,
    /// First day of the period
    pub week_start: NaiveDate,
    /// Last day of the period
    pub week_end: NaiveDate,
    /// Days with sales metrics in the period
    pub days_reported: i64,
    /// Revenue in the period
    pub revenue: Decimal,
    /// Orders in the period
    pub orders: i64,
    /// Revenue per order (empty without orders)
    pub avg_order_value: Option<Decimal>,
    /// Revenue change against the period before (percent; empty when that had no revenue)
    pub revenue_growth_pct: Option<Decimal>,
    /// Order count change against the period before (percent; empty when that had no orders)
    pub orders_growth_pct: Option<Decimal>,
    /// Average revenue of this period and the 3 before it
    pub revenue_4wk_avg: Decimal,
    /// Revenue against that 4-period average (percent; empty when the average is 0)
    pub revenue_vs_4wk_avg_pct: Option<Decimal>,
}

/// Executive KPI dashboard: one row with the last 30 days' sales against the 30 days before, the customer base's health, CX SLA compliance and the latest shop activation rate
#[derive(View)]
#[view(
    name = "v_kpi_summary",
    group = group::GROWTH,
    body = "sql/views/growth/v_kpi_summary.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct KpiSummary {
    /// First day of the 30-day window (today-29)
    pub window_start: NaiveDate,
    /// Revenue in the last 30 days
    pub revenue_30d: Decimal,
    /// Revenue in the 30 days before those
    pub revenue_prev_30d: Decimal,
    /// Revenue change between the two windows (percent)
    pub revenue_growth_pct: Option<Decimal>,
    /// Orders in the last 30 days
    pub orders_30d: i64,
    /// Orders in the 30 days before those
    pub orders_prev_30d: i64,
    /// Order count change between the two windows (percent)
    pub orders_growth_pct: Option<Decimal>,
    /// Revenue per order in the last 30 days
    pub avg_order_value_30d: Option<Decimal>,
    /// Orders fulfilled as a share of orders in the last 30 days (percent)
    pub fulfillment_rate_30d_pct: Option<Decimal>,
    /// Segmented customers
    pub total_customers: i64,
    /// Customers in the new, active or reactivated lifecycle stage
    pub active_customers: i64,
    /// Customers in the at_risk or churned lifecycle stage
    pub at_risk_customers: i64,
    /// At-risk and churned customers as a share of all (percent)
    pub at_risk_pct: Option<Decimal>,
    /// Customers with more than one order as a share of all (percent)
    pub repeat_customer_pct: Option<Decimal>,
    /// Average lifetime revenue per customer
    pub avg_customer_lifetime_value: Option<Decimal>,
    /// Conversations of the last 30 days within their SLA (percent)
    pub cx_sla_compliance_30d_pct: Option<Decimal>,
    /// Latest day's shop activation rate (percent)
    pub activation_rate_pct: Option<Decimal>,
}

/// The group's views, in the dictionary's order.
pub fn all() -> Vec<View> {
    vec![GrowthMilestones::view(), GrowthRates::view(), KpiSummary::view()]
}
