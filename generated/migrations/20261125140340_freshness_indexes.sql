-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Migration 20261125140340_freshness_indexes

BEGIN;

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [heavy lock] create index idx_fulfillment_updated_at on public.fulfillment_tracking
--   blocks writes while it builds; on a large table build the same index CONCURRENTLY by hand first (that cannot run inside a transaction) and this step skips it
CREATE INDEX IF NOT EXISTS idx_fulfillment_updated_at ON public.fulfillment_tracking (updated_at DESC);

-- [heavy lock] create index idx_cx_conversations_updated_at on public.cx_conversations
--   blocks writes while it builds; on a large table build the same index CONCURRENTLY by hand first (that cannot run inside a transaction) and this step skips it
CREATE INDEX IF NOT EXISTS idx_cx_conversations_updated_at ON public.cx_conversations (updated_at DESC);

COMMIT;
