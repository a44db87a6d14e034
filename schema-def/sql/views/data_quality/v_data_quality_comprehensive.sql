WITH sales_30d AS (
    -- Days of the last 30 (today and the 29 before), by idx_sales_metrics_date.
    SELECT
        sales.total_revenue,
        sales.total_orders,
        sales.avg_order_value,
        sales.orders_fulfilled,
        sales.fulfillment_rate_pct
    FROM public.sales_metrics_daily AS sales
    WHERE sales.date > current_date - 30
      AND sales.date <= current_date
),
missing_days AS (
    -- The 30 days ending yesterday (the row for today may not be loaded yet).
    SELECT count(*) AS failing
    FROM generate_series(1, 30) AS back(days)
    WHERE NOT EXISTS (
        SELECT 1 FROM public.sales_metrics_daily AS sales WHERE sales.date = current_date - back.days
    )
),
sales_consistency AS (
    SELECT
        count(*) FILTER (
            WHERE sales_30d.total_orders > 0
              AND (sales_30d.avg_order_value IS NULL
                   OR abs(sales_30d.avg_order_value - sales_30d.total_revenue / sales_30d.total_orders) > 0.01)
        ) AS aov_mismatches,
        count(*) FILTER (
            WHERE sales_30d.orders_fulfilled > sales_30d.total_orders
               OR (sales_30d.total_orders > 0
                   AND (sales_30d.fulfillment_rate_pct IS NULL
                        OR abs(sales_30d.fulfillment_rate_pct
                               - 100.0 * sales_30d.orders_fulfilled / sales_30d.total_orders) > 0.01))
        ) AS fulfillment_rate_mismatches
    FROM sales_30d
),
sla_flags AS (
    SELECT
        count(*) FILTER (
            WHERE fulfillment.fulfilled_at IS NOT NULL
              AND fulfillment.is_sla_breach <> (fulfillment.fulfilled_at > fulfillment.sla_deadline)
        ) AS fulfilled_mismatches,
        count(*) FILTER (
            WHERE fulfillment.fulfilled_at IS NULL
              AND fulfillment.is_sla_breach <> (now() > fulfillment.sla_deadline)
        ) AS open_mismatches
    FROM public.fulfillment_tracking AS fulfillment
    WHERE fulfillment.order_created_at >= (current_date - 29)::timestamptz
      AND fulfillment.fulfillment_status <> 'cancelled'
      AND fulfillment.sla_deadline IS NOT NULL
),
cx AS (
    SELECT
        count(*) FILTER (
            WHERE conversation.status = 'resolved' AND conversation.resolved_at IS NULL
        ) AS resolved_without_resolved_at,
        count(*) FILTER (
            WHERE conversation.first_response_at < conversation.conversation_created_at
               OR conversation.resolved_at < conversation.conversation_created_at
        ) AS out_of_order
    FROM public.cx_conversations AS conversation
    WHERE conversation.conversation_created_at >= (current_date - 29)::timestamptz
),
latest_snapshot AS (
    SELECT snap.sku, snap.quantity_available, snap.stock_status
    FROM public.inventory_snapshots AS snap
    WHERE snap.snapshot_date = (SELECT max(newest.snapshot_date) FROM public.inventory_snapshots AS newest)
),
implausible_stock AS (
    SELECT count(*) AS failing
    FROM latest_snapshot
    WHERE latest_snapshot.quantity_available < 0
       OR (latest_snapshot.stock_status = 'out_of_stock' AND latest_snapshot.quantity_available > 0)
       OR (latest_snapshot.stock_status IN ('in_stock', 'overstock') AND latest_snapshot.quantity_available <= 0)
),
duplicate_skus AS (
    SELECT count(*) AS skus, coalesce(sum(dup.row_count), 0)::bigint AS failing
    FROM (
        SELECT latest_snapshot.sku, count(*) AS row_count
        FROM latest_snapshot
        GROUP BY latest_snapshot.sku
        HAVING count(*) > 1
    ) AS dup
),
freshness AS (
    SELECT
        count(*) AS monitored,
        count(*) FILTER (WHERE monitor.status <> 'fresh') AS not_fresh,
        count(*) FILTER (WHERE monitor.status IN ('stale', 'empty')) AS stale_or_empty,
        string_agg(monitor.table_name || ' (' || monitor.status || ')', ', ' ORDER BY monitor.table_name)
            FILTER (WHERE monitor.status <> 'fresh') AS listing
    FROM public.v_data_freshness_monitoring AS monitor
),
confidence AS (
    SELECT
        count(*) AS customers,
        count(*) FILTER (WHERE customer.segment_confidence < 0.5) AS failing
    FROM public.customer_segments AS customer
)
SELECT
    'sales_missing_days'::text AS check_name,
    'sales_metrics_daily'::text AS table_name,
    CASE WHEN missing_days.failing = 0 THEN 'pass' WHEN missing_days.failing <= 2 THEN 'warn' ELSE 'fail' END::text
        AS status,
    missing_days.failing AS failing_rows,
    format('%s of the 30 days ending yesterday have no row', missing_days.failing) AS details
FROM missing_days
UNION ALL
SELECT
    'sales_aov_mismatch'::text,
    'sales_metrics_daily'::text,
    CASE WHEN sales_consistency.aov_mismatches = 0 THEN 'pass' ELSE 'fail' END::text,
    sales_consistency.aov_mismatches,
    format('%s day(s) of the last 30 with orders whose avg_order_value is missing or off total_revenue / total_orders by more than 0.01',
           sales_consistency.aov_mismatches)
FROM sales_consistency
UNION ALL
SELECT
    'sales_fulfillment_rate_mismatch'::text,
    'sales_metrics_daily'::text,
    CASE WHEN sales_consistency.fulfillment_rate_mismatches = 0 THEN 'pass' ELSE 'fail' END::text,
    sales_consistency.fulfillment_rate_mismatches,
    format('%s day(s) of the last 30 with more orders fulfilled than placed, or a fulfillment_rate_pct missing or off 100 * orders_fulfilled / total_orders by more than 0.01',
           sales_consistency.fulfillment_rate_mismatches)
FROM sales_consistency
UNION ALL
SELECT
    'fulfillment_sla_flag_mismatch'::text,
    'fulfillment_tracking'::text,
    CASE
        WHEN sla_flags.fulfilled_mismatches > 0 THEN 'fail'
        WHEN sla_flags.open_mismatches > 0 THEN 'warn'
        ELSE 'pass'
    END::text,
    sla_flags.fulfilled_mismatches + sla_flags.open_mismatches,
    format('%s fulfilled and %s open order(s) of the last 30 days whose is_sla_breach disagrees with sla_deadline',
           sla_flags.fulfilled_mismatches, sla_flags.open_mismatches)
FROM sla_flags
UNION ALL
SELECT
    'cx_resolved_without_resolved_at'::text,
    'cx_conversations'::text,
    CASE WHEN cx.resolved_without_resolved_at = 0 THEN 'pass' ELSE 'fail' END::text,
    cx.resolved_without_resolved_at,
    format('%s resolved conversation(s) of the last 30 days without resolved_at', cx.resolved_without_resolved_at)
FROM cx
UNION ALL
SELECT
    'cx_timestamps_out_of_order'::text,
    'cx_conversations'::text,
    CASE WHEN cx.out_of_order = 0 THEN 'pass' ELSE 'fail' END::text,
    cx.out_of_order,
    format('%s conversation(s) of the last 30 days with first_response_at or resolved_at before conversation_created_at',
           cx.out_of_order)
FROM cx
UNION ALL
SELECT
    'inventory_implausible_stock'::text,
    'inventory_snapshots'::text,
    CASE WHEN implausible_stock.failing = 0 THEN 'pass' ELSE 'fail' END::text,
    implausible_stock.failing,
    format('%s row(s) of the latest snapshot with negative stock or a stock_status contradicting quantity_available',
           implausible_stock.failing)
FROM implausible_stock
UNION ALL
SELECT
    'inventory_duplicate_skus'::text,
    'inventory_snapshots'::text,
    CASE WHEN duplicate_skus.failing = 0 THEN 'pass' ELSE 'fail' END::text,
    duplicate_skus.failing,
    format('%s SKU(s) on more than one row (%s rows) of the latest snapshot', duplicate_skus.skus, duplicate_skus.failing)
FROM duplicate_skus
UNION ALL
SELECT
    'stale_data'::text,
    'monitored tables'::text,
    CASE WHEN freshness.stale_or_empty > 0 THEN 'fail' WHEN freshness.not_fresh > 0 THEN 'warn' ELSE 'pass' END::text,
    freshness.not_fresh,
    CASE
        WHEN freshness.not_fresh = 0 THEN format('All %s monitored tables are fresh', freshness.monitored)
        ELSE format('%s of %s monitored tables not fresh: %s', freshness.not_fresh, freshness.monitored, freshness.listing)
    END
FROM freshness
UNION ALL
SELECT
    'customer_low_segment_confidence'::text,
    'customer_segments'::text,
    CASE
        WHEN confidence.failing = 0 THEN 'pass'
        WHEN 10 * confidence.failing <= confidence.customers THEN 'warn'
        ELSE 'fail'
    END::text,
    confidence.failing,
    format('%s of %s customers have segment_confidence below 0.5', confidence.failing, confidence.customers)
FROM confidence
