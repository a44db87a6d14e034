-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Rollback of 20261125151240_covering_indexes_for_dashboard_counts: apply by hand to undo it

BEGIN;

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [safe] drop index idx_inventory_snapshot_alerts
DROP INDEX public.idx_inventory_snapshot_alerts;

-- [safe] drop index idx_fulfillment_issues
DROP INDEX public.idx_fulfillment_issues;

-- [heavy lock] create index idx_fulfillment_issues on public.fulfillment_tracking
--   blocks writes while it builds; on a large table build the same index CONCURRENTLY by hand first (that cannot run inside a transaction) and this step skips it
CREATE INDEX IF NOT EXISTS idx_fulfillment_issues ON public.fulfillment_tracking (order_created_at DESC) WHERE has_issue = true;

COMMIT;
