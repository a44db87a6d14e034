-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Migration 20261202044041_cached_lists_and_pages_finish: 8 of 8 of `cached_lists_and_pages`, what waits for the online steps
-- Runs in one transaction, opened by the runner: sqlx's migrator, `supabase db push`, or
-- `psql --single-transaction -v ON_ERROR_STOP=1 -f <file>`.

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [safe] schedule pg_cron job refresh-v-audit-export
--   no table lock; in a transaction
-- pg_cron job refresh-v-audit-export: `SELECT analytics_cache.refresh_v_audit_export()` at `7 * * * *` (UTC).
DO $schedule$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
        PERFORM cron.schedule('refresh-v-audit-export', '7 * * * *', 'SELECT analytics_cache.refresh_v_audit_export()');
    END IF;
END
$schedule$;

-- [safe] schedule pg_cron job refresh-v-decisions-by-actor
--   no table lock; in a transaction
-- pg_cron job refresh-v-decisions-by-actor: `SELECT analytics_cache.refresh_v_decisions_by_actor()` at `*/5 * * * *` (UTC).
DO $schedule$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
        PERFORM cron.schedule('refresh-v-decisions-by-actor', '*/5 * * * *', 'SELECT analytics_cache.refresh_v_decisions_by_actor()');
    END IF;
END
$schedule$;

-- [safe] schedule pg_cron job refresh-v-decisions-by-scope
--   no table lock; in a transaction
-- pg_cron job refresh-v-decisions-by-scope: `SELECT analytics_cache.refresh_v_decisions_by_scope()` at `*/5 * * * *` (UTC).
DO $schedule$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
        PERFORM cron.schedule('refresh-v-decisions-by-scope', '*/5 * * * *', 'SELECT analytics_cache.refresh_v_decisions_by_scope()');
    END IF;
END
$schedule$;

-- [safe] schedule pg_cron job refresh-v-export-product-performance
--   no table lock; in a transaction
-- pg_cron job refresh-v-export-product-performance: `SELECT analytics_cache.refresh_v_export_product_performance()` at `*/15 * * * *` (UTC).
DO $schedule$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
        PERFORM cron.schedule('refresh-v-export-product-performance', '*/15 * * * *', 'SELECT analytics_cache.refresh_v_export_product_performance()');
    END IF;
END
$schedule$;

