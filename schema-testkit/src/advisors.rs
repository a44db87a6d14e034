//! Supabase's database advisors, as our own checks: the ERROR and WARN lints
//! of Supabase's linter (splinter) that can say something about a schema
//! built from migrations, each one query over the catalog written from what
//! the lint tests (the queries are in `advisors/*.sql`, one per check).
//!
//! Running them in the tests catches, before deploying, what the Supabase
//! dashboard would otherwise report afterwards. They follow splinter's rules
//! closely, so that the two agree on the same database:
//!
//! - the exposed schemas are PostgREST's `pgrst.db_schemas` setting (a comma
//!   separated list), `public` when it is not set (splinter then exposes
//!   nothing; a test server has no PostgREST to set it, while a Supabase
//!   project exposes `public`);
//! - [`SYSTEM_SCHEMAS`] (Supabase's and extensions' own) are never linted;
//! - the queries run with an empty `search_path`, as splinter does, so the
//!   policy expressions they match as text print every name qualified.
//!
//! Left out, with the reason (see [`SKIPPED`]): the INFO lints, and the WARN
//! lints that need what a migrated schema does not have.

use anyhow::{Context, Result};
use sqlx::{Executor, PgPool};
use std::fmt;

/// How serious a finding is, as Supabase grades its lint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Error,
    Warn,
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Error => "ERROR",
            Self::Warn => "WARN",
        })
    }
}

/// One thing a check reports: `object` names it (`schema.table`,
/// `schema.table (policy name)`, `schema.function(args)`, …), `detail` says
/// what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Finding {
    pub lint: &'static str,
    pub level: Level,
    pub object: String,
    pub detail: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}: {}", self.level, self.lint, self.object, self.detail)
    }
}

/// One check: splinter's lint name and number, its level, what it looks for,
/// and the query. The query gets the exposed schemas as `$1` and
/// [`SYSTEM_SCHEMAS`] as `$2` (both `text[]`, either may go unused) and
/// returns `object` and `detail`, one row per finding.
#[derive(Debug, Clone, Copy)]
pub struct Check {
    pub name: &'static str,
    pub number: &'static str,
    pub level: Level,
    pub looks_for: &'static str,
    pub sql: &'static str,
}

macro_rules! check {
    ($number:literal, $name:literal, $level:ident, $looks_for:literal) => {
        Check {
            name: $name,
            number: $number,
            level: Level::$level,
            looks_for: $looks_for,
            sql: include_str!(concat!("advisors/", $name, ".sql")),
        }
    };
}

/// Every check, in splinter's order.
pub const CHECKS: &[Check] = &[
    check!("0002", "auth_users_exposed", Error,
        "views and materialized views over auth.users that anon or authenticated may read in an exposed schema"),
    check!("0003", "auth_rls_initplan", Warn,
        "policies calling auth.<function>() or current_setting() per row instead of as (select …)"),
    check!("0006", "multiple_permissive_policies", Warn,
        "tables with two or more permissive policies for one role and command"),
    check!("0007", "policy_exists_rls_disabled", Error,
        "tables with policies while RLS is disabled"),
    check!("0009", "duplicate_index", Warn,
        "identical indexes on one table or materialized view"),
    check!("0010", "security_definer_view", Error,
        "views without security_invoker that anon or authenticated may read in an exposed schema"),
    check!("0011", "function_search_path_mutable", Warn,
        "functions without their own search_path setting"),
    check!("0013", "rls_disabled_in_public", Error,
        "tables in an exposed schema that anon or authenticated may read while RLS is disabled"),
    check!("0014", "extension_in_public", Warn,
        "extensions installed in the public schema"),
    check!("0015", "rls_references_user_metadata", Error,
        "policies reading the JWT's user-editable user_metadata"),
    check!("0016", "materialized_view_in_api", Warn,
        "materialized views that anon or authenticated may read in an exposed schema"),
    check!("0017", "foreign_table_in_api", Warn,
        "foreign tables that anon or authenticated may read in an exposed schema"),
    check!("0018", "unsupported_reg_types", Warn,
        "columns of reg* types that block pg_upgrade"),
    check!("0019", "insecure_queue_exposed_in_api", Error,
        "pgmq queue tables readable through pgmq_public with RLS disabled (only with pgmq installed)"),
    check!("0021", "fkey_to_auth_unique", Error,
        "foreign keys onto a non-primary unique constraint of an auth table"),
    check!("0023", "sensitive_columns_exposed", Error,
        "API-readable tables without RLS that have credential or personal-data columns"),
    check!("0024", "rls_policy_always_true", Warn,
        "permissive policies for anon, authenticated or PUBLIC whose write or delete condition is always true"),
    check!("0026", "pg_graphql_anon_table_exposed", Warn,
        "relations anon may read, shown in the GraphQL schema (only with pg_graphql installed)"),
    check!("0027", "pg_graphql_authenticated_table_exposed", Warn,
        "relations authenticated may read, shown in the GraphQL schema (only with pg_graphql installed)"),
    check!("0028", "anon_security_definer_function_executable", Warn,
        "security definer functions in an exposed schema that anon may execute"),
    check!("0029", "authenticated_security_definer_function_executable", Warn,
        "security definer functions in an exposed schema that authenticated may execute"),
];

/// splinter's lints with no check here, and why.
pub const SKIPPED: &[(&str, &str)] = &[
    ("0001_unindexed_foreign_keys", "INFO"),
    ("0004_no_primary_key", "INFO"),
    ("0005_unused_index", "INFO, and needs the statistics of real traffic"),
    ("0008_rls_enabled_no_policy", "INFO"),
    ("0012_auth_allow_anonymous_sign_ins", "INFO, and a setting of the Auth service, not of the database"),
    ("0020_table_bloat", "INFO, and needs the statistics of real traffic"),
    ("0022_extension_versions_outdated", "needs the versions the platform offers, which a test server does not know"),
    ("0025_public_bucket_allows_listing", "needs Storage's storage schema, which a migrated schema does not have"),
];

/// Supabase's and extensions' own schemas, which the checks leave alone (the
/// list splinter uses; realtime is in it, though 0003 still lints realtime).
pub const SYSTEM_SCHEMAS: &[&str] = &[
    "_timescaledb_cache", "_timescaledb_catalog", "_timescaledb_config", "_timescaledb_internal",
    "auth", "cron", "extensions", "graphql", "graphql_public", "information_schema", "net",
    "pgmq", "pgroonga", "pgsodium", "pgsodium_masks", "pgtle", "pgbouncer", "pg_catalog",
    "realtime", "repack", "storage", "supabase_functions", "supabase_migrations", "tiger",
    "topology", "vault",
];

/// The schemas PostgREST exposes: `pgrst.db_schemas`, or `public` when the
/// setting is absent or empty.
const EXPOSED_SCHEMAS_SQL: &str = "\
    select case when coalesce(current_setting('pgrst.db_schemas', true), '') = '' then array['public'] \
    else array(select trim(s) from unnest(string_to_array(current_setting('pgrst.db_schemas', true), ',')) s) end";

/// Runs every check in [`CHECKS`]; the findings sorted by lint, object and
/// detail. Reads only the catalog, in one transaction that is rolled back.
pub async fn findings(pool: &PgPool) -> Result<Vec<Finding>> {
    let mut tx = pool.begin().await?;
    let exposed: Vec<String> = sqlx::query_scalar(EXPOSED_SCHEMAS_SQL).fetch_one(&mut *tx).await?;
    // As splinter runs: every name a policy expression prints is qualified.
    tx.execute("set local search_path = ''").await?;
    let mut found = Vec::new();
    for check in CHECKS {
        let rows: Vec<(String, String)> = sqlx::query_as(check.sql)
            .bind(&exposed)
            .bind(SYSTEM_SCHEMAS)
            .fetch_all(&mut *tx)
            .await
            .with_context(|| format!("running advisor check {}_{}", check.number, check.name))?;
        found.extend(rows.into_iter().map(|(object, detail)| Finding {
            lint: check.name,
            level: check.level,
            object,
            detail,
        }));
    }
    tx.rollback().await?;
    found.sort();
    Ok(found)
}
