SELECT
    latest.date,
    latest.total_revenue,
    latest.total_orders,
    latest.avg_order_value,
    latest.revenue_vs_last_week_pct,
    latest.orders_vs_last_week_pct,
    latest.fulfillment_rate_pct,
    week.revenue_7d,
    week.orders_7d
FROM (
    SELECT *
    FROM public.sales_metrics_daily
    ORDER BY date DESC
    LIMIT 1
) AS latest
CROSS JOIN LATERAL (
    SELECT
        sum(day.total_revenue) AS revenue_7d,
        sum(day.total_orders) AS orders_7d
    FROM public.sales_metrics_daily AS day
    WHERE day.date > latest.date - 7
      AND day.date <= latest.date
) AS week
