//! Operations: fulfillment_tracking, cx_conversations, operator_sla_resolution.

use crate::enums::{ConversationStatus, FulfillmentStatus, IssueSeverity, IssueType, PrimarySegment, Priority, Sentiment};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use schema_macros::Table;
use uuid::Uuid;

/// Order fulfillment status and SLA tracking
#[derive(Table, Debug, Clone)]
#[table(
    name = "fulfillment_tracking",
    rls,
    check(name = "fulfillment_tracking_issue_details_need_issue", expr = "has_issue OR (issue_type IS NULL AND issue_severity IS NULL)"),
    index(name = "idx_fulfillment_order_id", unique, columns(shopify_order_id)),
    index(name = "idx_fulfillment_status", columns(fulfillment_status)),
    // Covering the status and severity lets v_ops_aggregate_metrics count the open issues
    // from the index alone (an index-only scan) instead of visiting 11k orders.
    index(name = "idx_fulfillment_issues", columns(order_created_at(desc)), include(fulfillment_status, issue_severity), predicate = "has_issue = true"),
    index(name = "idx_fulfillment_open_issues", columns(order_created_at(desc)), include(issue_severity), predicate = "has_issue = true AND fulfillment_status IN ('unfulfilled', 'partial')"),
    index(name = "idx_fulfillment_order_created", columns(order_created_at(desc))),
    index(name = "idx_fulfillment_updated_at", columns(updated_at(desc))),
    policy(name = "fulfillment_tracking_service_role", command = "all", to(service_role), using = crate::access::ANY_ROW, with_check = crate::access::ANY_ROW, purpose = "Full access for service_role"),
    policy(name = "fulfillment_tracking_operators_read", command = "select", to(authenticated), using = crate::access::IS_OPERATOR, purpose = "Read-only for operators"),
    grant(to(service_role), select, insert, update, delete),
    grant(to(authenticated), select),
    trigger(name = "set_updated_at", before, update, function = "public.set_updated_at"),
)]
pub struct FulfillmentTracking {
    /// Unique identifier
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// Order reference (unique)
    pub shopify_order_id: i64,
    /// Display order number
    pub order_number: String,
    /// unfulfilled/partial/fulfilled/cancelled
    pub fulfillment_status: FulfillmentStatus,
    /// Fulfillment duration in days
    #[column(check = "days_to_fulfill >= 0")]
    pub days_to_fulfill: Option<i32>,
    /// SLA breach flag
    #[column(default = "false")]
    pub is_sla_breach: bool,
    /// SLA target in days (default: 2)
    #[column(default = "2", check = "sla_threshold_days > 0")]
    pub sla_threshold_days: i32,
    /// Customer persona
    pub customer_segment: Option<PrimarySegment>,
    /// Priority flag
    #[column(default = "false")]
    pub is_priority_customer: bool,
    /// Issue flag
    #[column(default = "false")]
    pub has_issue: bool,
    /// delayed_shipping/missing_items/damaged_goods/wrong_address/inventory_shortage
    pub issue_type: Option<IssueType>,
    /// low/medium/high/critical
    pub issue_severity: Option<IssueSeverity>,
    /// Order date
    pub order_created_at: DateTime<Utc>,
    /// Fulfillment date
    pub fulfilled_at: Option<DateTime<Utc>>,
    /// SLA deadline
    pub sla_deadline: Option<DateTime<Utc>>,
    /// Record creation
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    /// Last update (maintained by the `set_updated_at` trigger)
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// Customer support conversation tracking with SLA and escalation data
#[derive(Table, Debug, Clone)]
#[table(
    name = "cx_conversations",
    rls,
    index(name = "idx_cx_conversations_chatwoot_id", unique, columns(chatwoot_conversation_id)),
    index(name = "idx_cx_conversations_status", columns(status)),
    index(name = "idx_cx_escalations", columns(escalated_at(desc)), predicate = "is_escalated = true"),
    index(name = "idx_cx_open_escalations", columns(escalated_at(desc)), predicate = "is_escalated = true AND status IN ('open', 'pending')"),
    index(name = "idx_cx_conversations_created", columns(conversation_created_at(desc))),
    index(name = "idx_cx_conversations_updated_at", columns(updated_at(desc))),
    policy(name = "cx_conversations_service_role", command = "all", to(service_role), using = crate::access::ANY_ROW, with_check = crate::access::ANY_ROW, purpose = "Full access for service_role"),
    policy(name = "cx_conversations_operators_read", command = "select", to(authenticated), using = crate::access::IS_OPERATOR, purpose = "Read-only for operators"),
    grant(to(service_role), select, insert, update, delete),
    grant(to(authenticated), select),
    trigger(name = "set_updated_at", before, update, function = "public.set_updated_at"),
)]
pub struct CxConversation {
    /// Unique identifier
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// Chatwoot reference (unique)
    pub chatwoot_conversation_id: i64,
    /// Related order
    pub shopify_order_id: Option<i64>,
    /// Customer persona
    pub customer_segment: Option<PrimarySegment>,
    /// First response time in minutes
    #[column(check = "first_response_time_minutes >= 0")]
    pub first_response_time_minutes: Option<i32>,
    /// Resolution duration in hours
    #[column(check = "resolution_time_hours >= 0")]
    pub resolution_time_hours: Option<Decimal>,
    /// SLA target in minutes (default: 120)
    #[column(default = "120", check = "sla_target_minutes > 0")]
    pub sla_target_minutes: i32,
    /// SLA breach flag
    #[column(default = "false")]
    pub is_sla_breach: bool,
    /// low/medium/high/urgent
    pub priority: Priority,
    /// positive/neutral/negative/very_negative
    pub sentiment: Option<Sentiment>,
    /// Escalation flag
    #[column(default = "false")]
    pub is_escalated: bool,
    /// Escalation reason
    pub escalation_reason: Option<String>,
    /// Escalation time
    pub escalated_at: Option<DateTime<Utc>>,
    /// open/pending/resolved/closed
    pub status: ConversationStatus,
    /// Conversation start
    pub conversation_created_at: DateTime<Utc>,
    /// First response time
    pub first_response_at: Option<DateTime<Utc>>,
    /// Resolution time
    pub resolved_at: Option<DateTime<Utc>>,
    /// Record creation
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    /// Last update (maintained by the `set_updated_at` trigger)
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}

/// Operator response time tracking for SLA breaches
#[derive(Table, Debug, Clone)]
#[table(
    name = "operator_sla_resolution",
    rls,
    unique(operator_id, date),
    check(name = "operator_sla_resolution_resolved_within_detected", expr = "sla_breaches_resolved <= sla_breaches_detected"),
    index(name = "idx_operator_sla_date", columns(date(desc))),
    index(name = "idx_operator_sla_operator", columns(operator_id)),
    policy(name = "operator_sla_service_role", command = "all", to(service_role), using = crate::access::ANY_ROW, with_check = crate::access::ANY_ROW, purpose = "Full access"),
    policy(name = "operator_sla_operators_read", command = "select", to(authenticated), using = crate::access::IS_OPERATOR, purpose = "Read-only"),
    grant(to(service_role), select, insert, update, delete),
    grant(to(authenticated), select),
    trigger(name = "set_updated_at", before, update, function = "public.set_updated_at"),
)]
pub struct OperatorSlaResolution {
    /// Unique identifier
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// Operator reference
    pub operator_id: i64,
    /// Metric date
    pub date: NaiveDate,
    /// Breaches detected
    #[column(default = "0", check = "sla_breaches_detected >= 0")]
    pub sla_breaches_detected: i32,
    /// Breaches resolved
    #[column(default = "0", check = "sla_breaches_resolved >= 0")]
    pub sla_breaches_resolved: i32,
    /// Median response (minutes)
    #[column(check = "median_response_time >= 0")]
    pub median_response_time: Option<Decimal>,
    /// P90 response (minutes)
    #[column(check = "p90_response_time >= 0")]
    pub p90_response_time: Option<Decimal>,
    /// P95 response (minutes)
    #[column(check = "p95_response_time >= 0")]
    pub p95_response_time: Option<Decimal>,
    /// Record creation
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
    /// Last update (maintained by the `set_updated_at` trigger)
    #[column(default = "now()")]
    pub updated_at: DateTime<Utc>,
}
