WITH sources (table_name, refresh_cadence, freshness_column, max_age_days, latest_date, latest_at) AS (
    -- The tables of the DATA REFRESH section with their cadence. Date-keyed
    -- tables use their DESC date index for max(); the others their last write (updated_at).
    VALUES
        ('sales_metrics_daily'::text, 'daily'::text, 'date'::text, 1,
         (SELECT max(sales.date) FROM public.sales_metrics_daily AS sales), NULL::timestamptz),
        ('inventory_snapshots', 'daily', 'snapshot_date', 1,
         (SELECT max(snap.snapshot_date) FROM public.inventory_snapshots AS snap), NULL),
        ('sku_performance', 'daily/hourly', 'updated_at', 1,
         NULL, (SELECT max(perf.updated_at) FROM public.sku_performance AS perf)),
        ('fulfillment_tracking', 'real-time (webhook)', 'updated_at', 1,
         NULL, (SELECT max(fulfillment.updated_at) FROM public.fulfillment_tracking AS fulfillment)),
        ('cx_conversations', 'real-time (webhook)', 'updated_at', 1,
         NULL, (SELECT max(conversation.updated_at) FROM public.cx_conversations AS conversation)),
        ('ceo_time_savings', 'manual daily entry', 'date', 3,
         (SELECT max(savings.date) FROM public.ceo_time_savings AS savings), NULL),
        ('shop_activation_metrics', 'calculated daily', 'date', 1,
         (SELECT max(activation.date) FROM public.shop_activation_metrics AS activation), NULL),
        ('operator_sla_resolution', 'calculated daily', 'date', 1,
         (SELECT max(sla.date) FROM public.operator_sla_resolution AS sla), NULL)
),
aged AS (
    SELECT
        sources.table_name,
        sources.refresh_cadence,
        sources.freshness_column,
        coalesce(sources.latest_date, sources.latest_at::date) AS latest_date,
        sources.latest_at,
        current_date - coalesce(sources.latest_date, sources.latest_at::date) AS age_days,
        sources.max_age_days
    FROM sources
)
SELECT
    aged.table_name,
    aged.refresh_cadence,
    aged.freshness_column,
    aged.latest_date,
    aged.latest_at,
    aged.age_days,
    aged.max_age_days,
    CASE
        WHEN aged.latest_date IS NULL THEN 'empty'
        WHEN aged.age_days <= aged.max_age_days THEN 'fresh'
        WHEN aged.age_days <= 2 * aged.max_age_days THEN 'late'
        ELSE 'stale'
    END::text AS status
FROM aged
