//! Functions of the schema. Bodies live in `sql/functions/`.
//!
//! Every function runs as its caller (SECURITY INVOKER, the seed's SECURITY
//! DEFINER notwithstanding: see the dictionary's deviations), with an empty
//! `search_path` and schema-qualified names. The callers they serve, operators
//! and `service_role`, already read every row their queries touch through the
//! tables' policies, so running as the owner would only widen what a mistake
//! could reach. Row level security keeps everyone else's results empty; each
//! function that returns data also checks its caller, so that a non-operator
//! (JWT `app_metadata.operator` not true, as in [`crate::access::IS_OPERATOR`])
//! gets `insufficient_privilege` (42501) instead of a misleading empty answer.
//! `anon` has no EXECUTE on any of them.

use chrono::NaiveDate;
use schema_macros::Function;

/// Keeps `updated_at` current: a BEFORE UPDATE trigger on every table that has the column.
#[derive(Function)]
#[function(name = "set_updated_at", returns = "trigger", language = "plpgsql", search_path = "", body = "sql/functions/set_updated_at.sql")]
pub struct SetUpdatedAt;

/// Get complete audit trail for a specific shop: every decision about the shop,
/// newest first, from audit_log and from audit_log_archive, so nothing archived
/// disappears (archived_at is empty for live entries).
///
/// Only service_role and operators may call it; anyone else gets
/// insufficient_privilege (42501).
#[derive(Function)]
#[function(
    name = "get_shop_audit_trail",
    returns = "TABLE (id uuid, created_at timestamptz, actor text, scope text, action text, details jsonb, archived_at timestamptz)",
    language = "plpgsql",
    volatility = "stable",
    search_path = "",
    body = "sql/functions/get_shop_audit_trail.sql",
    execute(authenticated, service_role)
)]
pub struct GetShopAuditTrail {
    /// The Shopify shop, e.g. hotrodan.myshopify.com
    pub shop_domain: String,
}

/// Archive audit logs older than 180 days: moves every audit_log entry created
/// more than 180 days ago into audit_log_archive in one statement (deleted and
/// inserted together, so nothing is lost) and returns how many moved.
///
/// Runs daily at 02:00 UTC through pg_cron (job archive-old-audit-logs);
/// only service_role may call it directly.
#[derive(Function)]
#[function(
    name = "archive_old_audit_logs",
    returns = "integer",
    language = "plpgsql",
    search_path = "",
    body = "sql/functions/archive_old_audit_logs.sql",
    execute(service_role),
    schedule(job = "archive-old-audit-logs", cron = "0 2 * * *")
)]
pub struct ArchiveOldAuditLogs;

/// Export audit logs for date range: every entry, live or archived, created
/// from the start of start_date through the end of end_date (UTC days, both
/// included), oldest first.
///
/// start_date after end_date raises invalid_parameter_value (22023) naming both
/// dates. Only service_role and operators may call it; anyone else gets
/// insufficient_privilege (42501).
#[derive(Function)]
#[function(
    name = "export_audit_logs",
    returns = "TABLE (id uuid, created_at timestamptz, actor text, shop_domain text, scope text, action text, details jsonb, archived_at timestamptz)",
    language = "plpgsql",
    volatility = "stable",
    search_path = "",
    body = "sql/functions/export_audit_logs.sql",
    execute(authenticated, service_role)
)]
pub struct ExportAuditLogs {
    /// First UTC day included
    pub start_date: NaiveDate,
    /// Last UTC day included (the whole day)
    pub end_date: NaiveDate,
}

/// Quick data quality status check: one row summarising v_data_quality_comprehensive:
/// status 'fail' if any check fails, else 'warn' if any warns, else 'pass';
/// the number of checks run, passed, warned and failed; and a summary naming
/// the failing and warning checks.
///
/// Only service_role and operators may call it; anyone else gets
/// insufficient_privilege (42501).
#[derive(Function)]
#[function(
    name = "run_data_quality_checks",
    returns = "TABLE (status text, checks_run bigint, checks_passed bigint, checks_warned bigint, checks_failed bigint, summary text)",
    language = "plpgsql",
    volatility = "stable",
    search_path = "",
    body = "sql/functions/run_data_quality_checks.sql",
    execute(authenticated, service_role)
)]
pub struct RunDataQualityChecks;
