-- no-transaction
-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Migration 20261202044035_cached_lists_and_pages_build_index_idx_fulfillment: 2 of 8 of `cached_lists_and_pages`, an online step, outside a transaction
-- Runs outside a transaction, because CONCURRENTLY cannot run inside one: sqlx reads the first
-- line, `supabase db push` runs a CONCURRENTLY statement on its own, and psql runs this file
-- without --single-transaction. The statement waits for no lock that blocks writes, so it sets
-- no lock_timeout, and an index build must not be cut short by a statement_timeout.
-- A failed build leaves an INVALID index public.idx_fulfillment_open_issues: the `apply` verb drops it before it runs this
-- file again; with another runner, run `DROP INDEX CONCURRENTLY IF EXISTS public.idx_fulfillment_open_issues;` first.
-- concurrent index build: public.idx_fulfillment_open_issues

-- [safe] build index idx_fulfillment_open_issues on public.fulfillment_tracking
--   SHARE UPDATE EXCLUSIVE on public.fulfillment_tracking, scans the table; outside a transaction
--   builds without blocking writes; outside a transaction
-- squawk-ignore prefer-robust-stmts, require-lock-timeout, require-statement-timeout
CREATE INDEX CONCURRENTLY idx_fulfillment_open_issues ON public.fulfillment_tracking (order_created_at DESC) INCLUDE (issue_severity) WHERE has_issue = true AND fulfillment_status IN ('unfulfilled', 'partial');

