-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Migration 20261125151240_covering_indexes_for_dashboard_counts

BEGIN;

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [heavy lock] create index idx_inventory_snapshot_alerts on public.inventory_snapshots
--   blocks writes while it builds; on a large table build the same index CONCURRENTLY by hand first (that cannot run inside a transaction) and this step skips it
CREATE INDEX IF NOT EXISTS idx_inventory_snapshot_alerts ON public.inventory_snapshots (snapshot_date DESC) INCLUDE (stock_status) WHERE stock_status IN ('low_stock', 'out_of_stock', 'overstock');

-- [safe] drop index idx_fulfillment_issues
DROP INDEX public.idx_fulfillment_issues;

-- [heavy lock] create index idx_fulfillment_issues on public.fulfillment_tracking
--   blocks writes while it builds; on a large table build the same index CONCURRENTLY by hand first (that cannot run inside a transaction) and this step skips it
CREATE INDEX IF NOT EXISTS idx_fulfillment_issues ON public.fulfillment_tracking (order_created_at DESC) INCLUDE (fulfillment_status, issue_severity) WHERE has_issue = true;

COMMIT;
