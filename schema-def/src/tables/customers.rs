//! Customers: customer_segments.

use crate::enums::{LifecycleStage, PrimarySegment};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use schema_macros::Table;
use uuid::Uuid;

/// Hot Rod customer segmentation (5 personas)
#[derive(Table, Debug, Clone)]
#[table(
    name = "customer_segments",
    rls,
    index(name = "idx_customer_segments_shopify_id", unique, columns(shopify_customer_id)),
    index(name = "idx_customer_segments_segment", columns(primary_segment)),
    index(name = "idx_customer_segments_lifecycle", columns(lifecycle_stage)),
    policy(name = "customer_segments_service_role", command = "all", to(service_role), using = crate::access::ANY_ROW, with_check = crate::access::ANY_ROW, purpose = "Full access"),
    policy(name = "customer_segments_operators_read", command = "select", to(authenticated), using = crate::access::IS_OPERATOR, purpose = "Read-only"),
    grant(to(service_role), select, insert, update, delete),
    grant(to(authenticated), select),
    trigger(name = "set_updated_at", before, update, function = "public.set_updated_at"),
)]
pub struct CustomerSegment {
    /// Unique identifier
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// Shopify customer reference (unique)
    pub shopify_customer_id: i64,
    /// DIY Builder / Professional Shop / Enthusiast Collector / First-time Builder / Racing Enthusiast
    pub primary_segment: PrimarySegment,
    /// Confidence score (0-1)
    #[column(check = "segment_confidence >= 0 AND segment_confidence <= 1")]
    pub segment_confidence: Decimal,
    /// Lifetime order count
    #[column(default = "0", check = "total_orders >= 0")]
    pub total_orders: i32,
    /// Lifetime revenue
    #[column(default = "0", check = "total_revenue >= 0")]
    pub total_revenue: Decimal,
    /// Average order value
    #[column(check = "avg_order_value >= 0")]
    pub avg_order_value: Option<Decimal>,
    /// Customer age in days
    #[column(check = "days_since_first_order >= 0")]
    pub days_since_first_order: Option<i32>,
    /// Recency metric
    #[column(check = "days_since_last_order >= 0")]
    pub days_since_last_order: Option<i32>,
    /// Preferred top-level category
    pub top_category_l1: Option<String>,
    /// Preferred mid-level category
    pub top_category_l2: Option<String>,
    /// Part preference flag: performance parts
    #[column(default = "false")]
    pub prefers_performance: bool,
    /// Part preference flag: restoration parts
    #[column(default = "false")]
    pub prefers_restoration: bool,
    /// Primary vehicle: model year
    #[column(check = "primary_vehicle_year >= 1886 AND primary_vehicle_year <= 2100")]
    pub primary_vehicle_year: Option<i32>,
    /// Primary vehicle: make
    pub primary_vehicle_make: Option<String>,
    /// Primary vehicle: model
    pub primary_vehicle_model: Option<String>,
    /// CX interaction count
    #[column(default = "0", check = "support_tickets_count >= 0")]
    pub support_tickets_count: i32,
    /// Review engagement
    #[column(default = "0", check = "review_count >= 0")]
    pub review_count: i32,
    /// Average rating (0-5)
    #[column(check = "avg_review_rating >= 0 AND avg_review_rating <= 5")]
    pub avg_review_rating: Option<Decimal>,
    /// new/active/at_risk/churned/reactivated
    pub lifecycle_stage: LifecycleStage,
    /// Segment assignment date
    #[column(default = "now()")]
    pub segmented_at: DateTime<Utc>,
    /// Last update (maintained by the `set_updated_at` trigger)
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}
