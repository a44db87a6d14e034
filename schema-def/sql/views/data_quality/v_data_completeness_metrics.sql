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
    WHERE fulfillment.order_created_at >= (current_date - 29)::timestamptz
),
conversations AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE conversation.customer_segment IS NULL) AS customer_segment,
        count(*) FILTER (WHERE conversation.sentiment IS NULL) AS sentiment,
        count(*) FILTER (WHERE conversation.first_response_at IS NULL) AS first_response_at
    FROM public.cx_conversations AS conversation
    WHERE conversation.conversation_created_at >= (current_date - 29)::timestamptz
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
FROM measured
