WITH weeks AS (
    -- 7-day periods ending today: week 0 is today-6 … today, week 1 the 7 days
    -- before, and so on. Weeks 12-14 only feed the older weeks' comparisons.
    SELECT weeks_ago
    FROM generate_series(0, 14) AS weeks_ago
),
daily AS (
    SELECT
        (current_date - smd.date) / 7 AS weeks_ago,
        smd.total_revenue,
        smd.total_orders
    FROM public.sales_metrics_daily AS smd
    WHERE smd.date > current_date - 7 * 15
      AND smd.date <= current_date
),
weekly AS (
    SELECT
        weeks.weeks_ago,
        count(daily.weeks_ago) AS days_reported,
        coalesce(sum(daily.total_revenue), 0) AS revenue,
        coalesce(sum(daily.total_orders), 0) AS orders
    FROM weeks
    LEFT JOIN daily ON daily.weeks_ago = weeks.weeks_ago
    GROUP BY weeks.weeks_ago
),
compared AS (
    SELECT
        weekly.weeks_ago,
        weekly.days_reported,
        weekly.revenue,
        weekly.orders,
        lead(weekly.revenue) OVER newest_first AS previous_revenue,
        lead(weekly.orders) OVER newest_first AS previous_orders,
        avg(weekly.revenue) OVER (newest_first ROWS BETWEEN CURRENT ROW AND 3 FOLLOWING) AS revenue_4wk_avg
    FROM weekly
    WINDOW newest_first AS (ORDER BY weekly.weeks_ago)
)
SELECT
    compared.weeks_ago,
    current_date - 7 * compared.weeks_ago - 6 AS week_start,
    current_date - 7 * compared.weeks_ago AS week_end,
    compared.days_reported,
    compared.revenue,
    compared.orders,
    round(compared.revenue / nullif(compared.orders, 0), 2) AS avg_order_value,
    round(100.0 * (compared.revenue - compared.previous_revenue) / nullif(compared.previous_revenue, 0), 2)
        AS revenue_growth_pct,
    round(100.0 * (compared.orders - compared.previous_orders) / nullif(compared.previous_orders, 0), 2)
        AS orders_growth_pct,
    round(compared.revenue_4wk_avg, 2) AS revenue_4wk_avg,
    round(100.0 * (compared.revenue - compared.revenue_4wk_avg) / nullif(compared.revenue_4wk_avg, 0), 2)
        AS revenue_vs_4wk_avg_pct
FROM compared
WHERE compared.weeks_ago < 12
