WITH daily AS (
    -- The 30 days shown plus the 6 before them, which the 7-day averages of the first days need;
    -- the range is answered by idx_sales_metrics_date.
    SELECT
        day.date,
        day.total_revenue,
        day.total_orders,
        day.avg_order_value,
        day.revenue_vs_last_week_pct,
        avg(day.total_revenue) OVER last_7_days AS revenue_7d_avg,
        avg(day.total_orders) OVER last_7_days AS orders_7d_avg,
        count(*) OVER last_7_days AS days_in_moving_avg
    FROM public.sales_metrics_daily AS day
    WHERE day.date > current_date - 36
      AND day.date <= current_date
    WINDOW last_7_days AS (ORDER BY day.date RANGE BETWEEN interval '6 days' PRECEDING AND CURRENT ROW)
)
SELECT
    daily.date,
    daily.total_revenue,
    daily.total_orders,
    daily.avg_order_value,
    round(daily.revenue_7d_avg, 2) AS revenue_7d_moving_avg,
    round(daily.orders_7d_avg, 2) AS orders_7d_moving_avg,
    daily.days_in_moving_avg,
    round(100.0 * (daily.total_revenue - daily.revenue_7d_avg) / nullif(daily.revenue_7d_avg, 0), 2)
        AS revenue_vs_moving_avg_pct,
    daily.revenue_vs_last_week_pct,
    sum(daily.total_revenue) OVER (ORDER BY daily.date) AS cumulative_revenue_30d
FROM daily
WHERE daily.date > current_date - 30
