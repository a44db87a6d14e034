-- no-transaction
-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Migration 20261204024142_open_escalations_indexed_build_index_idx_cx
-- Runs outside a transaction, because CONCURRENTLY cannot run inside one: sqlx reads the first
-- line, `supabase db push` runs a CONCURRENTLY statement on its own, and psql runs this file
-- without --single-transaction. The statement waits for no lock that blocks writes, so it sets
-- no lock_timeout, and an index build must not be cut short by a statement_timeout.
-- A failed build leaves an INVALID index public.idx_cx_open_escalations: the `apply` verb drops it before it runs this
-- file again; with another runner, run `DROP INDEX CONCURRENTLY IF EXISTS public.idx_cx_open_escalations;` first.
-- concurrent index build: public.idx_cx_open_escalations

-- [safe] build index idx_cx_open_escalations on public.cx_conversations
--   SHARE UPDATE EXCLUSIVE on public.cx_conversations, scans the table; outside a transaction
--   builds without blocking writes; outside a transaction
-- squawk-ignore prefer-robust-stmts, require-lock-timeout, require-statement-timeout
CREATE INDEX CONCURRENTLY idx_cx_open_escalations ON public.cx_conversations (escalated_at DESC) WHERE is_escalated = true AND status IN ('open', 'pending');

