//! Who may read and write: the predicates the tables' policies share.
//!
//! Supabase's API reaches the database as `anon` (no login), `authenticated` (any
//! logged-in user) or `service_role` (server-side jobs, such as the ETL). An
//! operator is an `authenticated` user whose JWT carries `"operator": true` in
//! `app_metadata`. `app_metadata` can only be written with the service key (unlike
//! `user_metadata`, which every user can edit for themselves, and which Supabase's
//! linter therefore rejects in policies). `auth.jwt()` is wrapped in a scalar
//! sub-select so Postgres evaluates it once per statement (an InitPlan), not once
//! per row.

/// USING expression of every `*_operators_read` policy.
pub const IS_OPERATOR: &str = "((select auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true'";

/// USING / WITH CHECK of every `*_service_role` policy: the role is trusted with
/// every row (on Supabase it also bypasses RLS; the policy states the intent).
pub const ANY_ROW: &str = "true";
