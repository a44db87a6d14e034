//! Product catalog and stock: product_categories, sku_performance, inventory_snapshots.

use crate::enums::{InventoryVelocity, StockStatus, TrendDirection, VelocityTier};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use schema_macros::Table;
use uuid::Uuid;

/// Automotive parts taxonomy with vehicle compatibility tracking
#[derive(Table, Debug, Clone)]
#[table(
    name = "product_categories",
    rls,
    index(name = "idx_product_categories_shopify_id", unique, columns(shopify_product_id)),
    index(name = "idx_product_categories_category_l1", columns(category_l1)),
    index(name = "idx_product_categories_vehicle_years", using = "gin", columns(fits_vehicle_years)),
    policy(name = "product_categories_service_role", command = "all", to(service_role), using = crate::access::ANY_ROW, with_check = crate::access::ANY_ROW, purpose = "Full access for service_role"),
    policy(name = "product_categories_operators_read", command = "select", to(authenticated), using = crate::access::IS_OPERATOR, purpose = "Read-only for operators"),
    grant(to(service_role), select, insert, update, delete),
    grant(to(authenticated), select),
    trigger(name = "set_updated_at", before, update, function = "public.set_updated_at"),
)]
pub struct ProductCategory {
    /// Unique identifier
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// Shopify product reference (unique)
    pub shopify_product_id: i64,
    /// Top-level category (e.g., "Engine Parts")
    pub category_l1: String,
    /// Mid-level category (e.g., "Carburetors")
    pub category_l2: Option<String>,
    /// Detail category (e.g., "Holley 4-Barrel")
    pub category_l3: Option<String>,
    /// Array of compatible years
    #[column(default = "'{}'::integer[]")]
    pub fits_vehicle_years: Vec<i32>,
    /// Array of compatible makes
    #[column(default = "'{}'::text[]")]
    pub fits_makes: Vec<String>,
    /// Array of compatible models
    #[column(default = "'{}'::text[]")]
    pub fits_models: Vec<String>,
    /// Performance upgrade flag
    #[column(default = "false")]
    pub is_performance_part: bool,
    /// Restoration part flag
    #[column(default = "false")]
    pub is_restoration_part: bool,
    /// Custom fab flag
    #[column(default = "false")]
    pub is_custom_fabrication: bool,
    /// Average order value
    #[column(check = "avg_order_value >= 0")]
    pub avg_order_value: Option<Decimal>,
    /// Profit margin percentage (at most 100; negative when sold below cost)
    #[column(check = "margin_pct <= 100")]
    pub margin_pct: Option<Decimal>,
    /// fast/medium/slow
    pub inventory_velocity: Option<InventoryVelocity>,
    /// Record creation
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    /// Last update (maintained by the `set_updated_at` trigger)
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// SKU-level tracking with inventory and sales metrics
#[derive(Table, Debug, Clone)]
#[table(
    name = "sku_performance",
    rls,
    index(name = "idx_sku_performance_sku", columns(sku)),
    index(name = "idx_sku_performance_trending", columns(sku), predicate = "is_trending = true"),
    policy(name = "sku_performance_service_role", command = "all", to(service_role), using = crate::access::ANY_ROW, with_check = crate::access::ANY_ROW, purpose = "Full access for service_role"),
    policy(name = "sku_performance_operators_read", command = "select", to(authenticated), using = crate::access::IS_OPERATOR, purpose = "Read-only for operators"),
    grant(to(service_role), select, insert, update, delete),
    grant(to(authenticated), select),
    trigger(name = "set_updated_at", before, update, function = "public.set_updated_at"),
)]
pub struct SkuPerformance {
    /// Unique identifier
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// Product reference
    pub shopify_product_id: i64,
    /// Variant reference
    pub shopify_variant_id: i64,
    /// Stock keeping unit
    pub sku: String,
    /// 30-day revenue
    #[column(default = "0", check = "revenue_30d >= 0")]
    pub revenue_30d: Decimal,
    /// 30-day units sold
    #[column(default = "0", check = "units_sold_30d >= 0")]
    pub units_sold_30d: i32,
    /// 30-day order count
    #[column(default = "0", check = "orders_30d >= 0")]
    pub orders_30d: i32,
    /// Current stock level (negative when oversold)
    #[column(default = "0")]
    pub current_inventory: i32,
    /// Days of cover
    #[column(check = "days_of_inventory >= 0")]
    pub days_of_inventory: Option<i32>,
    /// Trending flag
    #[column(default = "false")]
    pub is_trending: bool,
    /// up/down/stable
    pub trend_direction: Option<TrendDirection>,
    /// Most recent sale
    pub last_sale_at: Option<DateTime<Utc>>,
    /// Record creation
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    /// Last update (maintained by the `set_updated_at` trigger)
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// Daily inventory levels with velocity metrics
#[derive(Table, Debug, Clone)]
#[table(
    name = "inventory_snapshots",
    rls,
    unique(shopify_variant_id, snapshot_date),
    index(name = "idx_inventory_snapshots_date", columns(snapshot_date(desc))),
    index(name = "idx_inventory_snapshots_sku", columns(sku)),
    index(name = "idx_inventory_alerts", columns(snapshot_date(desc)), predicate = "stock_status IN ('low_stock', 'out_of_stock')"),
    // The alerts of the latest snapshot (overstock too) for v_inventory_alerts and the
    // dashboard's counts: 2.5k entries of a 20k-row day, counted without the heap.
    index(name = "idx_inventory_snapshot_alerts", columns(snapshot_date(desc)), include(stock_status), predicate = "stock_status IN ('low_stock', 'out_of_stock', 'overstock')"),
    policy(name = "inventory_snapshots_service_role", command = "all", to(service_role), using = crate::access::ANY_ROW, with_check = crate::access::ANY_ROW, purpose = "Full access for service_role"),
    policy(name = "inventory_snapshots_operators_read", command = "select", to(authenticated), using = crate::access::IS_OPERATOR, purpose = "Read-only for operators"),
    grant(to(service_role), select, insert, update, delete),
    grant(to(authenticated), select),
)]
pub struct InventorySnapshot {
    /// Unique identifier
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// Product reference
    pub shopify_product_id: i64,
    /// Variant reference
    pub shopify_variant_id: i64,
    /// Stock keeping unit
    pub sku: String,
    /// Snapshot date
    pub snapshot_date: NaiveDate,
    /// Available stock (negative when oversold)
    #[column(default = "0")]
    pub quantity_available: i32,
    /// Reserved stock
    #[column(default = "0", check = "quantity_reserved >= 0")]
    pub quantity_reserved: i32,
    /// Incoming stock
    #[column(default = "0", check = "quantity_incoming >= 0")]
    pub quantity_incoming: i32,
    /// Units sold in the last 7 days (sales velocity)
    #[column(default = "0", check = "units_sold_7d >= 0")]
    pub units_sold_7d: i32,
    /// Units sold in the last 30 days (sales velocity)
    #[column(default = "0", check = "units_sold_30d >= 0")]
    pub units_sold_30d: i32,
    /// Daily sales rate
    #[column(check = "avg_daily_sales >= 0")]
    pub avg_daily_sales: Option<Decimal>,
    /// Stock runway in days
    #[column(check = "days_of_cover >= 0")]
    pub days_of_cover: Option<i32>,
    /// Reorder threshold
    #[column(check = "reorder_point >= 0")]
    pub reorder_point: Option<i32>,
    /// in_stock/low_stock/out_of_stock/overstock
    pub stock_status: StockStatus,
    /// fast/medium/slow/stagnant
    pub velocity_tier: Option<VelocityTier>,
    /// Record creation
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}
