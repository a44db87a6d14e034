//! Audit views: operators' decisions from `audit_log` (who decided what, for
//! which shop, in which scope), recent, grouped, per day and export-ready.
//!
//! "The last 30 / 7 days" is a rolling window ending now (`created_at >= now() -
//! interval '…'`), which the indexes on `created_at` serve; per-day figures use
//! UTC days. Entries older than 180 days live in `audit_log_archive` (see
//! `archive_old_audit_logs()`); only `v_audit_export` reads the archive too.

use super::group;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use schema_engine::model::View;
use schema_engine::ViewDef;
use schema_macros::View;
use uuid::Uuid;

/// Recent decisions (30 days): a row is one decision made in the last 30 days, newest first
#[derive(View)]
#[view(
    name = "v_recent_decisions",
    group = group::AUDIT,
    body = "sql/views/audit/v_recent_decisions.sql",
    page(key = "created_at, id", descending),
    grant(to(authenticated, service_role), select)
)]
pub struct RecentDecisions {
    /// The entry's identifier
    pub id: Uuid,
    /// When the decision was made
    pub created_at: DateTime<Utc>,
    /// Who decided
    pub actor: String,
    /// The shop the decision is about
    pub shop_domain: String,
    /// inventory/fulfillment/customer_support/pricing/catalog/reporting
    pub scope: String,
    /// approve/reject/modify/escalate/defer
    pub action: String,
    /// What was decided, as recorded
    pub details: serde_json::Value,
}

/// Operator decision statistics: a row is one actor with decisions in the
/// last 30 days, with counts by action, the shops and scopes they touched, their
/// approval and escalation rates and their first and last decision
#[derive(View)]
#[view(
    name = "v_decisions_by_actor",
    group = group::AUDIT,
    body = "sql/views/audit/v_decisions_by_actor.sql",
    cache(key = "actor", refresh = "*/5 * * * *"),
    grant(to(authenticated, service_role), select)
)]
pub struct DecisionsByActor {
    /// Who decided
    pub actor: String,
    /// Decisions in the last 30 days
    pub decisions: i64,
    /// Decisions in the last 7 days
    pub decisions_7d: i64,
    /// Distinct shops decided on
    pub shops: i64,
    /// Distinct scopes decided in
    pub scopes: i64,
    /// approve decisions
    pub approvals: i64,
    /// reject decisions
    pub rejections: i64,
    /// modify decisions
    pub modifications: i64,
    /// escalate decisions
    pub escalations: i64,
    /// defer decisions
    pub deferrals: i64,
    /// approvals / decisions (percent)
    pub approval_rate_pct: Decimal,
    /// escalations / decisions (percent)
    pub escalation_rate_pct: Decimal,
    /// The actor's earliest decision in the window
    pub first_decision_at: DateTime<Utc>,
    /// The actor's latest decision
    pub last_decision_at: DateTime<Utc>,
}

/// Decision distribution: a row is one scope with decisions in the last 30
/// days, with its share of all those decisions and how they split by action
#[derive(View)]
#[view(
    name = "v_decisions_by_scope",
    group = group::AUDIT,
    body = "sql/views/audit/v_decisions_by_scope.sql",
    cache(key = "scope", refresh = "*/5 * * * *"),
    grant(to(authenticated, service_role), select)
)]
pub struct DecisionsByScope {
    /// inventory/fulfillment/customer_support/pricing/catalog/reporting
    pub scope: String,
    /// Decisions in the last 30 days
    pub decisions: i64,
    /// The scope's share of all decisions in the last 30 days (percent)
    pub share_of_decisions_pct: Decimal,
    /// approve decisions
    pub approvals: i64,
    /// reject decisions
    pub rejections: i64,
    /// modify decisions
    pub modifications: i64,
    /// escalate decisions
    pub escalations: i64,
    /// defer decisions
    pub deferrals: i64,
    /// approvals / decisions (percent)
    pub approval_rate_pct: Decimal,
    /// Distinct actors deciding in the scope
    pub actors: i64,
    /// Distinct shops decided on in the scope
    pub shops: i64,
    /// The scope's latest decision
    pub last_decision_at: DateTime<Utc>,
}

/// Export-ready audit data: a row is one entry, live or archived (nothing
/// archived disappears from the export), in flat columns: the time also as
/// UTC ISO 8601 text and UTC date, and details flattened to `key=value; …` text
/// as well as compact JSON text
#[derive(View)]
#[view(
    name = "v_audit_export",
    group = group::AUDIT,
    body = "sql/views/audit/v_audit_export.sql",
    cache(key = "created_at, id", refresh = "7 * * * *"),
    page(key = "created_at, id", descending),
    grant(to(authenticated, service_role), select)
)]
pub struct AuditExport {
    /// The entry's identifier
    pub id: Uuid,
    /// When the decision was made
    pub created_at: DateTime<Utc>,
    /// When the decision was made, as UTC ISO 8601 text (`2025-10-12T14:30:00Z`)
    pub created_at_utc: String,
    /// The UTC day of the decision
    pub created_date_utc: NaiveDate,
    /// Who decided
    pub actor: String,
    /// The shop the decision is about
    pub shop_domain: String,
    /// inventory/fulfillment/customer_support/pricing/catalog/reporting
    pub scope: String,
    /// approve/reject/modify/escalate/defer
    pub action: String,
    /// details as `key=value` pairs sorted by key, joined with `; ` (nested values as JSON; non-objects as their text)
    pub details_text: String,
    /// details as compact JSON text
    pub details_json: String,
    /// Whether the entry has moved to audit_log_archive
    pub is_archived: bool,
    /// When it moved there (empty for live entries)
    pub archived_at: Option<DateTime<Utc>>,
}

/// 7-day audit statistics: a row is one UTC day of the last 7 (today included,
/// days without decisions too), with its decisions by action, distinct actors
/// and shops, and approval and escalation rates
#[derive(View)]
#[view(
    name = "v_audit_stats_7d",
    group = group::AUDIT,
    body = "sql/views/audit/v_audit_stats_7d.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct AuditStats7d {
    /// The UTC day
    pub date: NaiveDate,
    /// Decisions that day
    pub decisions: i64,
    /// Distinct actors deciding that day
    pub actors: i64,
    /// Distinct shops decided on that day
    pub shops: i64,
    /// approve decisions
    pub approvals: i64,
    /// reject decisions
    pub rejections: i64,
    /// modify decisions
    pub modifications: i64,
    /// escalate decisions
    pub escalations: i64,
    /// defer decisions
    pub deferrals: i64,
    /// approvals / decisions (percent); empty on a day without decisions
    pub approval_rate_pct: Option<Decimal>,
    /// escalations / decisions (percent); empty on a day without decisions
    pub escalation_rate_pct: Option<Decimal>,
}

/// The group's views, in the dictionary's order.
pub fn all() -> Vec<View> {
    vec![
        RecentDecisions::view(),
        DecisionsByActor::view(),
        DecisionsByScope::view(),
        AuditExport::view(),
        AuditStats7d::view(),
    ]
}
