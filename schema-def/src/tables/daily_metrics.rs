//! Daily aggregates: sales_metrics_daily, shop_activation_metrics, ceo_time_savings.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use schema_macros::Table;
use uuid::Uuid;

/// Daily sales aggregation for dashboard
#[derive(Table, Debug, Clone)]
#[table(
    name = "sales_metrics_daily",
    rls,
    index(name = "idx_sales_metrics_date", unique, columns(date(desc))),
    policy(name = "sales_metrics_service_role", command = "all", to(service_role), using = crate::access::ANY_ROW, with_check = crate::access::ANY_ROW, purpose = "Full access"),
    policy(name = "sales_metrics_operators_read", command = "select", to(authenticated), using = crate::access::IS_OPERATOR, purpose = "Read-only"),
    grant(to(service_role), select, insert, update, delete),
    grant(to(authenticated), select),
    trigger(name = "set_updated_at", before, update, function = "public.set_updated_at"),
)]
pub struct SalesMetricsDaily {
    /// Unique identifier
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// Metric date (unique)
    pub date: NaiveDate,
    /// Daily revenue
    #[column(default = "0", check = "total_revenue >= 0")]
    pub total_revenue: Decimal,
    /// Daily order count
    #[column(default = "0", check = "total_orders >= 0")]
    pub total_orders: i32,
    /// AOV
    #[column(check = "avg_order_value >= 0")]
    pub avg_order_value: Option<Decimal>,
    /// WoW growth (percent; -100 means revenue fell to zero)
    #[column(check = "revenue_vs_last_week_pct >= -100")]
    pub revenue_vs_last_week_pct: Option<Decimal>,
    /// WoW order growth (percent)
    #[column(check = "orders_vs_last_week_pct >= -100")]
    pub orders_vs_last_week_pct: Option<Decimal>,
    /// Fulfilled order count
    #[column(default = "0", check = "orders_fulfilled >= 0")]
    pub orders_fulfilled: i32,
    /// Fulfillment percentage (0-100)
    #[column(check = "fulfillment_rate_pct >= 0 AND fulfillment_rate_pct <= 100")]
    pub fulfillment_rate_pct: Option<Decimal>,
    /// Record creation
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    /// Last update (maintained by the `set_updated_at` trigger)
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// Shop activation tracking
#[derive(Table, Debug, Clone)]
#[table(
    name = "shop_activation_metrics",
    rls,
    check(name = "shop_activation_metrics_activated_within_total", expr = "shops_activated <= total_shops"),
    index(name = "idx_shop_activation_date", unique, columns(date(desc))),
    policy(name = "shop_activation_service_role", command = "all", to(service_role), using = crate::access::ANY_ROW, with_check = crate::access::ANY_ROW, purpose = "Full access"),
    policy(name = "shop_activation_operators_read", command = "select", to(authenticated), using = crate::access::IS_OPERATOR, purpose = "Read-only"),
    grant(to(service_role), select, insert, update, delete),
    grant(to(authenticated), select),
    trigger(name = "set_updated_at", before, update, function = "public.set_updated_at"),
)]
pub struct ShopActivationMetrics {
    /// Unique identifier
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// Metric date (unique)
    pub date: NaiveDate,
    /// Total shop count
    #[column(default = "0", check = "total_shops >= 0")]
    pub total_shops: i32,
    /// Activated shop count
    #[column(default = "0", check = "shops_activated >= 0")]
    pub shops_activated: i32,
    /// Activation rate (percent, 0-100)
    #[column(check = "activation_rate_pct >= 0 AND activation_rate_pct <= 100")]
    pub activation_rate_pct: Option<Decimal>,
    /// 7-day average of the activation rate (percent, 0-100)
    #[column(check = "activation_rate_7d_avg >= 0 AND activation_rate_7d_avg <= 100")]
    pub activation_rate_7d_avg: Option<Decimal>,
    /// Record creation
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    /// Last update (maintained by the `set_updated_at` trigger)
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// Track CEO time saved (ROI tracking)
#[derive(Table, Debug, Clone)]
#[table(
    name = "ceo_time_savings",
    rls,
    index(name = "idx_ceo_time_savings_date", unique, columns(date(desc))),
    policy(name = "ceo_time_savings_service_role", command = "all", to(service_role), using = crate::access::ANY_ROW, with_check = crate::access::ANY_ROW, purpose = "Full access"),
    policy(name = "ceo_time_savings_operators_read", command = "select", to(authenticated), using = crate::access::IS_OPERATOR, purpose = "Read-only"),
    grant(to(service_role), select, insert, update, delete),
    grant(to(authenticated), select),
    trigger(name = "set_updated_at", before, update, function = "public.set_updated_at"),
)]
pub struct CeoTimeSavings {
    /// Unique identifier
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// Metric date (unique)
    pub date: NaiveDate,
    /// Minutes saved on order processing
    #[column(default = "0", check = "time_saved_order_processing >= 0")]
    pub time_saved_order_processing: i32,
    /// Minutes saved on inventory checks
    #[column(default = "0", check = "time_saved_inventory_checks >= 0")]
    pub time_saved_inventory_checks: i32,
    /// Minutes saved on customer support
    #[column(default = "0", check = "time_saved_customer_support >= 0")]
    pub time_saved_customer_support: i32,
    /// Minutes saved on manual reporting
    #[column(default = "0", check = "time_saved_manual_reporting >= 0")]
    pub time_saved_manual_reporting: i32,
    /// Minutes saved on data entry
    #[column(default = "0", check = "time_saved_data_entry >= 0")]
    pub time_saved_data_entry: i32,
    /// Automation count
    #[column(default = "0", check = "automation_actions_count >= 0")]
    pub automation_actions_count: i32,
    /// Manual actions avoided
    #[column(default = "0", check = "manual_actions_avoided >= 0")]
    pub manual_actions_avoided: i32,
    /// Record creation
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    /// Last update (maintained by the `set_updated_at` trigger)
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}
