-- no-transaction
-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Migration 20261202044039_cached_lists_and_pages_build_index_v_export: 6 of 8 of `cached_lists_and_pages`, an online step, outside a transaction
-- Runs outside a transaction, because CONCURRENTLY cannot run inside one: sqlx reads the first
-- line, `supabase db push` runs a CONCURRENTLY statement on its own, and psql runs this file
-- without --single-transaction. The statement waits for no lock that blocks writes, so it sets
-- no lock_timeout, and an index build must not be cut short by a statement_timeout.
-- A failed build leaves an INVALID index analytics_cache.v_export_product_performance_key: the `apply` verb drops it before it runs this
-- file again; with another runner, run `DROP INDEX CONCURRENTLY IF EXISTS analytics_cache.v_export_product_performance_key;` first.
-- concurrent index build: analytics_cache.v_export_product_performance_key

-- [safe] build index v_export_product_performance_key on analytics_cache.v_export_product_performance
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_export_product_performance, scans the table; outside a transaction
--   builds without blocking writes; outside a transaction
-- squawk-ignore prefer-robust-stmts, require-lock-timeout, require-statement-timeout
CREATE UNIQUE INDEX CONCURRENTLY v_export_product_performance_key ON analytics_cache.v_export_product_performance (sku_performance_id);

