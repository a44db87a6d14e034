-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Rollback of 20261125140340_freshness_indexes: apply by hand to undo it

BEGIN;

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [safe] drop index idx_fulfillment_updated_at
DROP INDEX public.idx_fulfillment_updated_at;

-- [safe] drop index idx_cx_conversations_updated_at
DROP INDEX public.idx_cx_conversations_updated_at;

COMMIT;
