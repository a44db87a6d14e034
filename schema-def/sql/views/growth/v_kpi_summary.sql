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
    WHERE cx.conversation_created_at >= (current_date - 29)::timestamptz
) AS cx
LEFT JOIN (
    SELECT sam.activation_rate_pct
    FROM public.shop_activation_metrics AS sam
    ORDER BY sam.date DESC
    LIMIT 1
) AS activation ON true
