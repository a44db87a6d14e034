//! Dashboard views (real-time): what the ops dashboard polls.

use super::group;
use chrono::{DateTime, NaiveDate, Utc};
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

/// Low stock, out-of-stock, and overstock alerts: one row per SKU whose snapshot in the latest inventory load (the most recent `snapshot_date`) is `low_stock`, `out_of_stock` or `overstock`
#[derive(View)]
#[view(
    name = "v_inventory_alerts",
    group = group::DASHBOARD,
    body = "sql/views/dashboard/v_inventory_alerts.sql",
    page(key = "shopify_variant_id"),
    grant(to(authenticated, service_role), select)
)]
pub struct InventoryAlerts {
    /// Date of the latest inventory load, which the alert comes from
    pub snapshot_date: NaiveDate,
    /// Stock keeping unit
    pub sku: String,
    /// Product reference
    pub shopify_product_id: i64,
    /// Variant reference
    pub shopify_variant_id: i64,
    /// low_stock/out_of_stock/overstock
    pub stock_status: String,
    /// critical (out_of_stock), warning (low_stock) or info (overstock)
    pub alert_level: String,
    /// Available stock
    pub quantity_available: i32,
    /// Reserved stock
    pub quantity_reserved: i32,
    /// Incoming stock
    pub quantity_incoming: i32,
    /// Reorder threshold
    pub reorder_point: Option<i32>,
    /// Units needed to bring available plus incoming stock up to the reorder point (0 when already there; empty without a reorder point)
    pub units_short_of_reorder_point: Option<i32>,
    /// Units sold in the 7 days before the snapshot
    pub units_sold_7d: i32,
    /// Units sold in the 30 days before the snapshot
    pub units_sold_30d: i32,
    /// Daily sales rate
    pub avg_daily_sales: Option<Decimal>,
    /// Stock runway in days
    pub days_of_cover: Option<i32>,
    /// fast/medium/slow/stagnant
    pub velocity_tier: Option<String>,
}

/// Current fulfillment problems: one row per order flagged `has_issue` that is not cancelled and is either still open (unfulfilled/partial) or was placed in the last 30 days (today and the 29 days before)
#[derive(View)]
#[view(
    name = "v_fulfillment_issues",
    group = group::DASHBOARD,
    body = "sql/views/dashboard/v_fulfillment_issues.sql",
    page(key = "order_created_at, shopify_order_id", descending),
    grant(to(authenticated, service_role), select)
)]
pub struct FulfillmentIssues {
    /// Order reference
    pub shopify_order_id: i64,
    /// Display order number
    pub order_number: String,
    /// unfulfilled/partial/fulfilled
    pub fulfillment_status: String,
    /// delayed_shipping/missing_items/damaged_goods/wrong_address/inventory_shortage (empty when not classified)
    pub issue_type: Option<String>,
    /// low/medium/high/critical (empty when not assessed)
    pub issue_severity: Option<String>,
    /// Sort key for the severity: 1 critical, 2 high, 3 medium, 4 low, 5 not assessed
    pub severity_rank: i32,
    /// Customer persona
    pub customer_segment: Option<String>,
    /// Priority customer flag
    pub is_priority_customer: bool,
    /// SLA breach flag, as recorded
    pub is_sla_breach: bool,
    /// The order is still open (unfulfilled/partial) and its SLA deadline has passed
    pub is_past_sla_deadline: bool,
    /// Order date
    pub order_created_at: DateTime<Utc>,
    /// SLA deadline
    pub sla_deadline: Option<DateTime<Utc>>,
    /// Fulfillment date
    pub fulfilled_at: Option<DateTime<Utc>>,
    /// Calendar days from the order date to today
    pub days_since_order: i32,
}

/// Aggregated fulfillment metrics: one row summarizing the orders placed in the last 7 days (today and the 6 days before); rates leave out cancelled orders
#[derive(View)]
#[view(
    name = "v_fulfillment_health_summary",
    group = group::DASHBOARD,
    body = "sql/views/dashboard/v_fulfillment_health_summary.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct FulfillmentHealthSummary {
    /// First day of the window (6 days ago)
    pub window_start: NaiveDate,
    /// Orders placed in the window
    pub orders_7d: i64,
    /// Of those, fulfilled
    pub fulfilled_orders_7d: i64,
    /// Of those, still unfulfilled or partially fulfilled
    pub open_orders_7d: i64,
    /// Of those, cancelled
    pub cancelled_orders_7d: i64,
    /// Fulfilled orders as a share of the orders not cancelled (percent)
    pub fulfillment_rate_pct: Option<Decimal>,
    /// Average days to fulfill, over the fulfilled orders
    pub avg_days_to_fulfill: Option<Decimal>,
    /// Orders not cancelled that breached their SLA
    pub sla_breaches_7d: i64,
    /// SLA breaches as a share of the orders not cancelled (percent)
    pub sla_breach_rate_pct: Option<Decimal>,
    /// Orders flagged with an issue
    pub orders_with_issues_7d: i64,
    /// Orders with an issue as a share of all orders in the window (percent)
    pub issue_rate_pct: Option<Decimal>,
    /// Orders whose issue is high or critical
    pub high_severity_issues_7d: i64,
    /// Priority customers' orders still unfulfilled or partially fulfilled
    pub priority_orders_open_7d: i64,
}

/// Current escalations with severity: one row per escalated conversation that is still open or pending, with a severity derived from its priority, sentiment and SLA breach
#[derive(View)]
#[view(
    name = "v_cx_escalations",
    group = group::DASHBOARD,
    body = "sql/views/dashboard/v_cx_escalations.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct CxEscalations {
    /// Chatwoot reference
    pub chatwoot_conversation_id: i64,
    /// Related order
    pub shopify_order_id: Option<i64>,
    /// Customer persona
    pub customer_segment: Option<String>,
    /// low/medium/high/urgent
    pub priority: String,
    /// positive/neutral/negative/very_negative
    pub sentiment: Option<String>,
    /// open/pending
    pub status: String,
    /// Escalation reason
    pub escalation_reason: Option<String>,
    /// critical (urgent priority, or very negative sentiment with an SLA breach), high (high priority, very negative sentiment or an SLA breach), medium (medium priority or negative sentiment), otherwise low
    pub severity: String,
    /// Sort key for the severity: 1 critical … 4 low
    pub severity_rank: i32,
    /// SLA breach flag
    pub is_sla_breach: bool,
    /// First response time in minutes
    pub first_response_time_minutes: Option<i32>,
    /// SLA target in minutes
    pub sla_target_minutes: i32,
    /// Conversation start
    pub conversation_created_at: DateTime<Utc>,
    /// Escalation time
    pub escalated_at: Option<DateTime<Utc>>,
    /// Calendar days from the escalation to today
    pub days_since_escalation: Option<i32>,
}

/// CX health metrics (7-day): one row summarizing the conversations started in the last 7 days (today and the 6 days before), plus the whole open backlog
#[derive(View)]
#[view(
    name = "v_cx_health_summary",
    group = group::DASHBOARD,
    body = "sql/views/dashboard/v_cx_health_summary.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct CxHealthSummary {
    /// First day of the window (6 days ago)
    pub window_start: NaiveDate,
    /// Conversations started in the window
    pub conversations_7d: i64,
    /// Of those, resolved or closed
    pub resolved_7d: i64,
    /// Conversations open or pending now, whenever they started
    pub open_backlog: i64,
    /// Average first response time in minutes
    pub avg_first_response_minutes: Option<Decimal>,
    /// Average resolution time in hours
    pub avg_resolution_hours: Option<Decimal>,
    /// Conversations that breached their SLA
    pub sla_breaches_7d: i64,
    /// Conversations within their SLA as a share of all (percent)
    pub sla_compliance_pct: Option<Decimal>,
    /// Conversations escalated
    pub escalations_7d: i64,
    /// Escalated conversations as a share of all (percent)
    pub escalation_rate_pct: Option<Decimal>,
    /// Conversations with negative or very negative sentiment
    pub negative_sentiment_7d: i64,
    /// Negative or very negative conversations as a share of all (percent)
    pub negative_sentiment_pct: Option<Decimal>,
}

/// 7-day activation rate: the latest day's shop activation with the average rate over the 7 days ending that day and the change since 7 days before it
#[derive(View)]
#[view(
    name = "v_activation_rate_7d",
    group = group::DASHBOARD,
    body = "sql/views/dashboard/v_activation_rate_7d.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct ActivationRate7d {
    /// The latest day with activation metrics
    pub date: NaiveDate,
    /// Total shops that day
    pub total_shops: i32,
    /// Activated shops that day
    pub shops_activated: i32,
    /// Activation rate that day (percent)
    pub activation_rate_pct: Option<Decimal>,
    /// Average of the daily activation rates over the 7 days ending that day (percent)
    pub avg_activation_rate_7d: Option<Decimal>,
    /// Days with metrics among those 7
    pub days_reported_7d: i64,
    /// Shops added since 7 days before (empty when that day has no metrics)
    pub new_shops_7d: Option<i32>,
    /// Shops activated since 7 days before (empty when that day has no metrics)
    pub new_activations_7d: Option<i32>,
    /// Activation rate change since 7 days before (percentage points)
    pub activation_rate_change_7d: Option<Decimal>,
}

/// Combined ops metrics: one row bringing together the other dashboard views (sales pulse, inventory alerts, fulfillment issues and health, CX escalations and health, activation)
#[derive(View)]
#[view(
    name = "v_ops_aggregate_metrics",
    group = group::DASHBOARD,
    body = "sql/views/dashboard/v_ops_aggregate_metrics.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct OpsAggregateMetrics {
    /// The latest day with sales metrics (empty without sales data)
    pub sales_date: Option<NaiveDate>,
    /// Revenue that day
    pub revenue_latest_day: Option<Decimal>,
    /// Orders that day
    pub orders_latest_day: Option<i32>,
    /// Revenue over the 7 days ending that day
    pub revenue_7d: Option<Decimal>,
    /// Orders over the 7 days ending that day
    pub orders_7d: Option<i64>,
    /// SKUs out of stock in the latest inventory load
    pub out_of_stock_skus: i64,
    /// SKUs low on stock in the latest inventory load
    pub low_stock_skus: i64,
    /// SKUs overstocked in the latest inventory load
    pub overstock_skus: i64,
    /// Current fulfillment issues (rows of v_fulfillment_issues)
    pub fulfillment_issues: i64,
    /// Of those, high or critical
    pub fulfillment_high_severity_issues: i64,
    /// Fulfillment rate of the last 7 days' orders (percent)
    pub fulfillment_rate_7d_pct: Option<Decimal>,
    /// SLA breach rate of the last 7 days' orders (percent)
    pub fulfillment_sla_breach_rate_7d_pct: Option<Decimal>,
    /// Escalated conversations still open or pending
    pub cx_open_escalations: i64,
    /// Of those, critical
    pub cx_critical_escalations: i64,
    /// Conversations open or pending
    pub cx_open_conversations: i64,
    /// SLA compliance of the last 7 days' conversations (percent)
    pub cx_sla_compliance_7d_pct: Option<Decimal>,
    /// Latest day's shop activation rate (percent)
    pub activation_rate_pct: Option<Decimal>,
    /// Average activation rate over the 7 days ending that day (percent)
    pub avg_activation_rate_7d: Option<Decimal>,
}

/// The group's views, in the dictionary's order.
pub fn all() -> Vec<View> {
    vec![
        SalesPulseCurrent::view(),
        InventoryAlerts::view(),
        FulfillmentIssues::view(),
        FulfillmentHealthSummary::view(),
        CxEscalations::view(),
        CxHealthSummary::view(),
        ActivationRate7d::view(),
        OpsAggregateMetrics::view(),
    ]
}
