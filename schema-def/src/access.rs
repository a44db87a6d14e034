//! Who may read and write: the predicates the tables' policies share.
//!
//! Supabase's API reaches the database as `anon` (no login), `authenticated` (any
//! logged-in user) or `service_role` (server-side jobs, such as the ETL). An
//! operator is an `authenticated` user whose JWT carries `"operator": true` in
//! `app_metadata`. `app_metadata` can only be written with the service key (unlike
//! `user_metadata`, which every user can edit for themselves, and which Supabase's
//! linter therefore rejects in policies).
//!
//! The whole operator check is one scalar sub-select, so Postgres evaluates it
//! once per statement (an InitPlan), not once per row, and the policy's filter is
//! a plain boolean parameter. That matters for plans: the planner estimates a
//! boolean parameter to keep half the rows, but a comparison such as
//! `(select auth.jwt()) ->> ... = 'true'` to keep 0.5 % of them, and with
//! estimates 200 times too low it chose nested loops for whole-table reads
//! (`v_export_product_performance`: 177 ms with the comparison outside, 67 ms
//! inside, at year scale). Inside it, the claims come from `(select auth.jwt())`
//! written as such: Supabase's linter (`auth_rls_initplan`) recognises only that
//! text as evaluated once, and warns about any other spelling.

/// The JWT `app_metadata` of an operator: what [`IS_OPERATOR`] looks for.
pub fn operator_app_metadata() -> serde_json::Value {
    serde_json::json!({ "provider": "email", "operator": true })
}

/// USING expression of every `*_operators_read` policy.
pub const IS_OPERATOR: &str =
    "(select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims)";

/// USING / WITH CHECK of every `*_service_role` policy: the role is trusted with
/// every row (on Supabase it also bypasses RLS; the policy states the intent).
pub const ANY_ROW: &str = "true";

/// Where cached views keep their rows (see `schema_engine::cache`): a schema the
/// API does not expose.
pub const CACHE_SCHEMA: &str = "analytics_cache";

/// When a cached view's reader returns the cached rows: for the roles that see
/// every row of the underlying tables — `service_role`, an operator, and a
/// superuser or BYPASSRLS login such as `postgres` — and for nobody else, just
/// as the tables' policies decide. The reader view reads as its owner, so the
/// caller is looked up by the role the session acts as: `SET ROLE` (PostgREST
/// sets it per request), or the login role when none is set.
pub const CACHE_READABLE_WHEN: &str = concat!(
    "coalesce((\n",
    "    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'\n",
    "        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')\n",
    "    FROM pg_catalog.pg_roles AS r\n",
    "    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)\n",
    "), false)",
);
