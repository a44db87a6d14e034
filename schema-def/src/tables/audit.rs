//! The audit trail of operators' decisions: audit_log and its archive.
//!
//! Not in the seed's table list, but its audit functions and views need them.
//! Rows are written by the application with the service key; operators read.

use crate::enums::{DecisionAction, DecisionScope};
use chrono::{DateTime, Utc};
use schema_macros::Table;
use uuid::Uuid;

/// Operators' decisions (who, which shop, scope, action, details, when); entries older than 180 days move to audit_log_archive
#[derive(Table, Debug, Clone)]
#[table(
    name = "audit_log",
    rls,
    index(name = "idx_audit_log_created_at", columns(created_at(desc))),
    index(name = "idx_audit_log_shop_created", columns(shop_domain, created_at(desc))),
    index(name = "idx_audit_log_actor_created", columns(actor, created_at(desc))),
    policy(name = "audit_log_service_role", command = "all", to(service_role), using = crate::access::ANY_ROW, with_check = crate::access::ANY_ROW, purpose = "Full access for service_role"),
    policy(name = "audit_log_operators_read", command = "select", to(authenticated), using = crate::access::IS_OPERATOR, purpose = "Read-only for operators"),
    grant(to(service_role), select, insert, update, delete),
    grant(to(authenticated), select),
)]
pub struct AuditLog {
    /// Unique identifier
    #[column(primary_key, default = "gen_random_uuid()")]
    pub id: Uuid,
    /// Who decided: the operator's identifier (their login email)
    #[column(check = "length(actor) > 0")]
    pub actor: String,
    /// The Shopify shop the decision is about (e.g. hotrodan.myshopify.com)
    #[column(check = "length(shop_domain) > 0")]
    pub shop_domain: String,
    /// inventory/fulfillment/customer_support/pricing/catalog/reporting
    pub scope: DecisionScope,
    /// approve/reject/modify/escalate/defer
    pub action: DecisionAction,
    /// What was decided, as the application recorded it
    #[column(default = "'{}'::jsonb")]
    pub details: serde_json::Value,
    /// When the decision was made
    #[column(default = "now()")]
    pub created_at: DateTime<Utc>,
}

/// Audit entries older than 180 days, moved here by archive_old_audit_logs()
#[derive(Table, Debug, Clone)]
#[table(
    name = "audit_log_archive",
    rls,
    index(name = "idx_audit_log_archive_created_at", columns(created_at(desc))),
    index(name = "idx_audit_log_archive_shop_created", columns(shop_domain, created_at(desc))),
    policy(name = "audit_log_archive_service_role", command = "all", to(service_role), using = crate::access::ANY_ROW, with_check = crate::access::ANY_ROW, purpose = "Full access for service_role"),
    policy(name = "audit_log_archive_operators_read", command = "select", to(authenticated), using = crate::access::IS_OPERATOR, purpose = "Read-only for operators"),
    grant(to(service_role), select, insert, update, delete),
    grant(to(authenticated), select),
)]
pub struct AuditLogArchive {
    /// The entry's identifier in audit_log
    #[column(primary_key)]
    pub id: Uuid,
    /// Who decided
    pub actor: String,
    /// The Shopify shop the decision is about
    pub shop_domain: String,
    /// inventory/fulfillment/customer_support/pricing/catalog/reporting
    pub scope: DecisionScope,
    /// approve/reject/modify/escalate/defer
    pub action: DecisionAction,
    /// What was decided
    pub details: serde_json::Value,
    /// When the decision was made
    pub created_at: DateTime<Utc>,
    /// When the entry was moved here
    #[column(default = "now()")]
    pub archived_at: DateTime<Utc>,
}
