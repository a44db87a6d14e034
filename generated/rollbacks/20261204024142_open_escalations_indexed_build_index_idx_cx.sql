-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Rollback of 20261204024142_open_escalations_indexed_build_index_idx_cx and the migrations after it of the same change: apply by hand with
-- `psql -v ON_ERROR_STOP=1 -f <file>` (no --single-transaction: each part has its own transaction).

-- outside a transaction:
-- [safe] drop index idx_cx_open_escalations on public.cx_conversations
--   SHARE UPDATE EXCLUSIVE on public.idx_cx_open_escalations, for a moment; outside a transaction
DROP INDEX CONCURRENTLY IF EXISTS public.idx_cx_open_escalations;

