-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Migration 20261202055522_cache_schema_comment_names_its_readers
-- Runs in one transaction, opened by the runner: sqlx's migrator, `supabase db push`, or
-- `psql --single-transaction -v ON_ERROR_STOP=1 -f <file>`.

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [safe] comments on schema analytics_cache
--   SHARE UPDATE EXCLUSIVE, for a moment; in a transaction
COMMENT ON SCHEMA analytics_cache IS 'Materialized rows of the cached dashboard views, refreshed by pg_cron. Not exposed by the API; no API role may select from it; each view reads its rows through a definer-rights reader view that applies the tables'' access rule.';

