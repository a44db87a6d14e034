WITH daily AS (
    -- The 90 days evaluated plus the 30 before them for the baselines of the first days,
    -- by idx_sales_metrics_date.
    SELECT day.date, day.total_revenue, day.total_orders
    FROM public.sales_metrics_daily AS day
    WHERE day.date > current_date - 120
      AND day.date <= current_date
),
measured AS (
    SELECT daily.date, metric.name, metric.value
    FROM daily
    CROSS JOIN LATERAL (VALUES
        ('total_revenue'::text, daily.total_revenue),
        ('total_orders', daily.total_orders::numeric)
    ) AS metric(name, value)
),
scored AS (
    SELECT
        measured.date,
        measured.name,
        measured.value,
        avg(measured.value) OVER baseline AS baseline_mean,
        stddev_samp(measured.value) OVER baseline AS baseline_stddev,
        count(*) OVER baseline AS baseline_days
    FROM measured
    WINDOW baseline AS (
        PARTITION BY measured.name
        ORDER BY measured.date
        RANGE BETWEEN interval '30 days' PRECEDING AND interval '1 day' PRECEDING
    )
),
z AS (
    SELECT
        scored.date,
        scored.name,
        scored.value,
        scored.baseline_mean,
        scored.baseline_stddev,
        scored.baseline_days,
        (scored.value - scored.baseline_mean) / nullif(scored.baseline_stddev, 0) AS z_score
    FROM scored
    WHERE scored.date > current_date - 90
      AND scored.baseline_days >= 7
)
SELECT
    z.date,
    'sales_metrics_daily'::text AS table_name,
    z.name AS metric_name,
    z.value AS observed_value,
    round(z.baseline_mean, 2) AS baseline_mean,
    round(z.baseline_stddev, 2) AS baseline_stddev,
    z.baseline_days,
    round(z.z_score, 2) AS z_score,
    CASE WHEN z.z_score > 0 THEN 'spike' ELSE 'drop' END::text AS direction
FROM z
WHERE abs(z.z_score) > 3
