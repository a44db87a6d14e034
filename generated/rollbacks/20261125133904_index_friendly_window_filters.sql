-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Rollback of 20261125133904_index_friendly_window_filters: apply by hand to undo it

BEGIN;

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [safe] replace view public.v_fulfillment_issues
CREATE OR REPLACE VIEW public.v_fulfillment_issues
    WITH (security_invoker = true)
    AS
SELECT
    ft.shopify_order_id,
    ft.order_number,
    ft.fulfillment_status,
    ft.issue_type,
    ft.issue_severity,
    CASE ft.issue_severity
        WHEN 'critical' THEN 1
        WHEN 'high' THEN 2
        WHEN 'medium' THEN 3
        WHEN 'low' THEN 4
        ELSE 5
    END AS severity_rank,
    ft.customer_segment,
    ft.is_priority_customer,
    ft.is_sla_breach,
    coalesce(ft.fulfillment_status IN ('unfulfilled', 'partial') AND ft.sla_deadline < now(), false) AS is_past_sla_deadline,
    ft.order_created_at,
    ft.sla_deadline,
    ft.fulfilled_at,
    current_date - ft.order_created_at::date AS days_since_order
FROM public.fulfillment_tracking AS ft
-- has_issue = true is idx_fulfillment_issues' predicate: only flagged orders are read.
WHERE ft.has_issue = true
  AND ft.fulfillment_status <> 'cancelled'
  AND (
      ft.fulfillment_status IN ('unfulfilled', 'partial')
      OR ft.order_created_at >= current_date - 29
  );

-- [safe] replace view public.v_fulfillment_health_summary
CREATE OR REPLACE VIEW public.v_fulfillment_health_summary
    WITH (security_invoker = true)
    AS
SELECT
    current_date - 6 AS window_start,
    count(*) AS orders_7d,
    count(*) FILTER (WHERE ft.fulfillment_status = 'fulfilled') AS fulfilled_orders_7d,
    count(*) FILTER (WHERE ft.fulfillment_status IN ('unfulfilled', 'partial')) AS open_orders_7d,
    count(*) FILTER (WHERE ft.fulfillment_status = 'cancelled') AS cancelled_orders_7d,
    round(
        100.0 * count(*) FILTER (WHERE ft.fulfillment_status = 'fulfilled')
        / nullif(count(*) FILTER (WHERE ft.fulfillment_status <> 'cancelled'), 0),
        2
    ) AS fulfillment_rate_pct,
    round(avg(ft.days_to_fulfill) FILTER (WHERE ft.fulfillment_status = 'fulfilled'), 2) AS avg_days_to_fulfill,
    count(*) FILTER (WHERE ft.is_sla_breach AND ft.fulfillment_status <> 'cancelled') AS sla_breaches_7d,
    round(
        100.0 * count(*) FILTER (WHERE ft.is_sla_breach AND ft.fulfillment_status <> 'cancelled')
        / nullif(count(*) FILTER (WHERE ft.fulfillment_status <> 'cancelled'), 0),
        2
    ) AS sla_breach_rate_pct,
    count(*) FILTER (WHERE ft.has_issue) AS orders_with_issues_7d,
    round(100.0 * count(*) FILTER (WHERE ft.has_issue) / nullif(count(*), 0), 2) AS issue_rate_pct,
    count(*) FILTER (WHERE ft.issue_severity IN ('high', 'critical')) AS high_severity_issues_7d,
    count(*) FILTER (
        WHERE ft.is_priority_customer AND ft.fulfillment_status IN ('unfulfilled', 'partial')
    ) AS priority_orders_open_7d
FROM public.fulfillment_tracking AS ft
WHERE ft.order_created_at >= current_date - 6;

-- [safe] replace view public.v_cx_health_summary
CREATE OR REPLACE VIEW public.v_cx_health_summary
    WITH (security_invoker = true)
    AS
SELECT
    current_date - 6 AS window_start,
    count(*) AS conversations_7d,
    count(*) FILTER (WHERE cx.status IN ('resolved', 'closed')) AS resolved_7d,
    (
        SELECT count(*)
        FROM public.cx_conversations AS backlog
        WHERE backlog.status IN ('open', 'pending')
    ) AS open_backlog,
    round(avg(cx.first_response_time_minutes), 2) AS avg_first_response_minutes,
    round(avg(cx.resolution_time_hours), 2) AS avg_resolution_hours,
    count(*) FILTER (WHERE cx.is_sla_breach) AS sla_breaches_7d,
    round(100.0 * count(*) FILTER (WHERE NOT cx.is_sla_breach) / nullif(count(*), 0), 2) AS sla_compliance_pct,
    count(*) FILTER (WHERE cx.is_escalated) AS escalations_7d,
    round(100.0 * count(*) FILTER (WHERE cx.is_escalated) / nullif(count(*), 0), 2) AS escalation_rate_pct,
    count(*) FILTER (WHERE cx.sentiment IN ('negative', 'very_negative')) AS negative_sentiment_7d,
    round(
        100.0 * count(*) FILTER (WHERE cx.sentiment IN ('negative', 'very_negative')) / nullif(count(*), 0),
        2
    ) AS negative_sentiment_pct
FROM public.cx_conversations AS cx
WHERE cx.conversation_created_at >= current_date - 6;

-- [safe] replace view public.v_data_completeness_metrics
CREATE OR REPLACE VIEW public.v_data_completeness_metrics
    WITH (security_invoker = true)
    AS
WITH sales AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE day.avg_order_value IS NULL) AS avg_order_value,
        count(*) FILTER (WHERE day.fulfillment_rate_pct IS NULL) AS fulfillment_rate_pct,
        count(*) FILTER (WHERE day.revenue_vs_last_week_pct IS NULL) AS revenue_vs_last_week_pct,
        count(*) FILTER (WHERE day.orders_vs_last_week_pct IS NULL) AS orders_vs_last_week_pct
    FROM public.sales_metrics_daily AS day
    WHERE day.date > current_date - 30
      AND day.date <= current_date
),
snapshot AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE snap.avg_daily_sales IS NULL) AS avg_daily_sales,
        count(*) FILTER (WHERE snap.days_of_cover IS NULL) AS days_of_cover,
        count(*) FILTER (WHERE snap.reorder_point IS NULL) AS reorder_point,
        count(*) FILTER (WHERE snap.velocity_tier IS NULL) AS velocity_tier
    FROM public.inventory_snapshots AS snap
    WHERE snap.snapshot_date = (SELECT max(newest.snapshot_date) FROM public.inventory_snapshots AS newest)
),
skus AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE perf.days_of_inventory IS NULL) AS days_of_inventory,
        count(*) FILTER (WHERE perf.trend_direction IS NULL) AS trend_direction,
        count(*) FILTER (WHERE perf.last_sale_at IS NULL) AS last_sale_at
    FROM public.sku_performance AS perf
),
categories AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE cat.category_l2 IS NULL) AS category_l2,
        count(*) FILTER (WHERE cat.avg_order_value IS NULL) AS avg_order_value,
        count(*) FILTER (WHERE cat.margin_pct IS NULL) AS margin_pct,
        count(*) FILTER (WHERE cat.inventory_velocity IS NULL) AS inventory_velocity
    FROM public.product_categories AS cat
),
customers AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE customer.avg_order_value IS NULL) AS avg_order_value,
        count(*) FILTER (WHERE customer.days_since_last_order IS NULL) AS days_since_last_order,
        count(*) FILTER (WHERE customer.top_category_l1 IS NULL) AS top_category_l1,
        count(*) FILTER (WHERE customer.primary_vehicle_year IS NULL) AS primary_vehicle_year
    FROM public.customer_segments AS customer
),
orders AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE fulfillment.customer_segment IS NULL) AS customer_segment,
        count(*) FILTER (WHERE fulfillment.sla_deadline IS NULL) AS sla_deadline,
        count(*) FILTER (WHERE fulfillment.fulfillment_status = 'fulfilled') AS fulfilled_rows,
        count(*) FILTER (
            WHERE fulfillment.fulfillment_status = 'fulfilled' AND fulfillment.fulfilled_at IS NULL
        ) AS fulfilled_at,
        count(*) FILTER (
            WHERE fulfillment.fulfillment_status = 'fulfilled' AND fulfillment.days_to_fulfill IS NULL
        ) AS days_to_fulfill
    FROM public.fulfillment_tracking AS fulfillment
    WHERE fulfillment.order_created_at >= current_date - 29
),
conversations AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE conversation.customer_segment IS NULL) AS customer_segment,
        count(*) FILTER (WHERE conversation.sentiment IS NULL) AS sentiment,
        count(*) FILTER (WHERE conversation.first_response_at IS NULL) AS first_response_at
    FROM public.cx_conversations AS conversation
    WHERE conversation.conversation_created_at >= current_date - 29
),
measured (table_name, column_name, scope, total_rows, null_rows) AS (
    SELECT 'sales_metrics_daily'::text, col.name, 'last 30 days'::text, sales.total_rows, col.null_rows
    FROM sales
    CROSS JOIN LATERAL (VALUES
        ('avg_order_value'::text, sales.avg_order_value),
        ('fulfillment_rate_pct', sales.fulfillment_rate_pct),
        ('revenue_vs_last_week_pct', sales.revenue_vs_last_week_pct),
        ('orders_vs_last_week_pct', sales.orders_vs_last_week_pct)
    ) AS col(name, null_rows)
    UNION ALL
    SELECT 'inventory_snapshots', col.name, 'latest snapshot', snapshot.total_rows, col.null_rows
    FROM snapshot
    CROSS JOIN LATERAL (VALUES
        ('avg_daily_sales'::text, snapshot.avg_daily_sales),
        ('days_of_cover', snapshot.days_of_cover),
        ('reorder_point', snapshot.reorder_point),
        ('velocity_tier', snapshot.velocity_tier)
    ) AS col(name, null_rows)
    UNION ALL
    SELECT 'sku_performance', col.name, 'all rows', skus.total_rows, col.null_rows
    FROM skus
    CROSS JOIN LATERAL (VALUES
        ('days_of_inventory'::text, skus.days_of_inventory),
        ('trend_direction', skus.trend_direction),
        ('last_sale_at', skus.last_sale_at)
    ) AS col(name, null_rows)
    UNION ALL
    SELECT 'product_categories', col.name, 'all rows', categories.total_rows, col.null_rows
    FROM categories
    CROSS JOIN LATERAL (VALUES
        ('category_l2'::text, categories.category_l2),
        ('avg_order_value', categories.avg_order_value),
        ('margin_pct', categories.margin_pct),
        ('inventory_velocity', categories.inventory_velocity)
    ) AS col(name, null_rows)
    UNION ALL
    SELECT 'customer_segments', col.name, 'all rows', customers.total_rows, col.null_rows
    FROM customers
    CROSS JOIN LATERAL (VALUES
        ('avg_order_value'::text, customers.avg_order_value),
        ('days_since_last_order', customers.days_since_last_order),
        ('top_category_l1', customers.top_category_l1),
        ('primary_vehicle_year', customers.primary_vehicle_year)
    ) AS col(name, null_rows)
    UNION ALL
    SELECT 'fulfillment_tracking', col.name, col.scope, col.total_rows, col.null_rows
    FROM orders
    CROSS JOIN LATERAL (VALUES
        ('customer_segment'::text, 'orders of the last 30 days'::text, orders.total_rows, orders.customer_segment),
        ('sla_deadline', 'orders of the last 30 days', orders.total_rows, orders.sla_deadline),
        ('fulfilled_at', 'fulfilled orders of the last 30 days', orders.fulfilled_rows, orders.fulfilled_at),
        ('days_to_fulfill', 'fulfilled orders of the last 30 days', orders.fulfilled_rows, orders.days_to_fulfill)
    ) AS col(name, scope, total_rows, null_rows)
    UNION ALL
    SELECT 'cx_conversations', col.name, 'conversations of the last 30 days', conversations.total_rows, col.null_rows
    FROM conversations
    CROSS JOIN LATERAL (VALUES
        ('customer_segment'::text, conversations.customer_segment),
        ('sentiment', conversations.sentiment),
        ('first_response_at', conversations.first_response_at)
    ) AS col(name, null_rows)
)
SELECT
    measured.table_name,
    measured.column_name,
    measured.scope,
    measured.total_rows,
    measured.null_rows,
    round(100.0 * measured.null_rows / nullif(measured.total_rows, 0), 2) AS null_pct,
    round(100.0 * (measured.total_rows - measured.null_rows) / nullif(measured.total_rows, 0), 2) AS completeness_pct
FROM measured;

-- [safe] replace view public.v_kpi_summary
CREATE OR REPLACE VIEW public.v_kpi_summary
    WITH (security_invoker = true)
    AS
SELECT
    current_date - 29 AS window_start,
    sales.revenue_30d,
    sales.revenue_prev_30d,
    round(100.0 * (sales.revenue_30d - sales.revenue_prev_30d) / nullif(sales.revenue_prev_30d, 0), 2)
        AS revenue_growth_pct,
    sales.orders_30d,
    sales.orders_prev_30d,
    round(100.0 * (sales.orders_30d - sales.orders_prev_30d) / nullif(sales.orders_prev_30d, 0), 2)
        AS orders_growth_pct,
    round(sales.revenue_30d / nullif(sales.orders_30d, 0), 2) AS avg_order_value_30d,
    round(100.0 * sales.orders_fulfilled_30d / nullif(sales.orders_30d, 0), 2) AS fulfillment_rate_30d_pct,
    customers.total_customers,
    customers.active_customers,
    customers.at_risk_customers,
    round(100.0 * customers.at_risk_customers / nullif(customers.total_customers, 0), 2) AS at_risk_pct,
    round(100.0 * customers.repeat_customers / nullif(customers.total_customers, 0), 2) AS repeat_customer_pct,
    customers.avg_customer_lifetime_value,
    cx.cx_sla_compliance_30d_pct,
    activation.activation_rate_pct
FROM (
    SELECT
        coalesce(sum(smd.total_revenue) FILTER (WHERE smd.date > current_date - 30), 0) AS revenue_30d,
        coalesce(sum(smd.total_revenue) FILTER (WHERE smd.date <= current_date - 30), 0) AS revenue_prev_30d,
        coalesce(sum(smd.total_orders) FILTER (WHERE smd.date > current_date - 30), 0) AS orders_30d,
        coalesce(sum(smd.total_orders) FILTER (WHERE smd.date <= current_date - 30), 0) AS orders_prev_30d,
        coalesce(sum(smd.orders_fulfilled) FILTER (WHERE smd.date > current_date - 30), 0) AS orders_fulfilled_30d
    FROM public.sales_metrics_daily AS smd
    WHERE smd.date > current_date - 60
      AND smd.date <= current_date
) AS sales
CROSS JOIN (
    SELECT
        count(*) AS total_customers,
        count(*) FILTER (WHERE cs.lifecycle_stage IN ('new', 'active', 'reactivated')) AS active_customers,
        count(*) FILTER (WHERE cs.lifecycle_stage IN ('at_risk', 'churned')) AS at_risk_customers,
        count(*) FILTER (WHERE cs.total_orders > 1) AS repeat_customers,
        round(avg(cs.total_revenue), 2) AS avg_customer_lifetime_value
    FROM public.customer_segments AS cs
) AS customers
CROSS JOIN (
    SELECT
        round(100.0 * count(*) FILTER (WHERE NOT cx.is_sla_breach) / nullif(count(*), 0), 2)
            AS cx_sla_compliance_30d_pct
    FROM public.cx_conversations AS cx
    WHERE cx.conversation_created_at >= current_date - 29
) AS cx
LEFT JOIN (
    SELECT sam.activation_rate_pct
    FROM public.shop_activation_metrics AS sam
    ORDER BY sam.date DESC
    LIMIT 1
) AS activation ON true;

-- [safe] replace view public.v_data_quality_comprehensive
CREATE OR REPLACE VIEW public.v_data_quality_comprehensive
    WITH (security_invoker = true)
    AS
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
    WHERE fulfillment.order_created_at >= current_date - 29
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
    WHERE conversation.conversation_created_at >= current_date - 29
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
FROM confidence;

COMMIT;
