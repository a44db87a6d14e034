WITH monthly AS (
    SELECT
        date_trunc('month', smd.date::timestamp)::date AS month,
        count(*) AS days_reported,
        sum(smd.total_revenue) AS revenue,
        sum(smd.total_orders) AS orders
    FROM public.sales_metrics_daily AS smd
    GROUP BY 1
),
reached AS (
    SELECT
        monthly.month,
        monthly.days_reported,
        monthly.revenue,
        monthly.orders,
        previous.revenue AS previous_revenue,
        -- The highest rung of the revenue ladder the month's revenue reached.
        (
            SELECT max(rung.amount)
            FROM unnest('{1000,2500,5000,10000,25000,50000,100000,250000,500000,1000000}'::numeric[]) AS rung (amount)
            WHERE rung.amount <= monthly.revenue
        ) AS revenue_milestone
    FROM monthly
    LEFT JOIN monthly AS previous
        ON previous.month = (monthly.month - interval '1 month')::date
)
SELECT
    reached.month,
    reached.month = date_trunc('month', current_date::timestamp)::date AS is_current_month,
    reached.days_reported,
    reached.revenue,
    reached.orders,
    round(reached.revenue / reached.days_reported, 2) AS avg_daily_revenue,
    round(100.0 * (reached.revenue - reached.previous_revenue) / nullif(reached.previous_revenue, 0), 2)
        AS mom_growth_pct,
    sum(reached.revenue) OVER (ORDER BY reached.month) AS cumulative_revenue,
    reached.revenue_milestone,
    coalesce(
        reached.revenue_milestone > coalesce(max(reached.revenue_milestone) OVER earlier_months, 0),
        false
    ) AS is_new_milestone,
    reached.revenue > coalesce(max(reached.revenue) OVER earlier_months, 0) AS is_record_month
FROM reached
WINDOW earlier_months AS (ORDER BY reached.month ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
