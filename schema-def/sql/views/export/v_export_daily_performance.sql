SELECT
    sales.date,
    sales.total_revenue,
    sales.total_orders,
    sales.avg_order_value,
    sales.orders_fulfilled,
    sales.fulfillment_rate_pct,
    sales.revenue_vs_last_week_pct,
    sales.orders_vs_last_week_pct,
    activation.total_shops,
    activation.shops_activated,
    activation.activation_rate_pct,
    operators.operators_reporting,
    operators.sla_breaches_detected,
    operators.sla_breaches_resolved,
    savings.time_saved_order_processing
        + savings.time_saved_inventory_checks
        + savings.time_saved_customer_support
        + savings.time_saved_manual_reporting
        + savings.time_saved_data_entry AS time_saved_minutes,
    savings.automation_actions_count
FROM public.sales_metrics_daily AS sales
LEFT JOIN public.shop_activation_metrics AS activation ON activation.date = sales.date
LEFT JOIN public.ceo_time_savings AS savings ON savings.date = sales.date
CROSS JOIN LATERAL (
    SELECT
        count(*) AS operators_reporting,
        sum(sla.sla_breaches_detected) AS sla_breaches_detected,
        sum(sla.sla_breaches_resolved) AS sla_breaches_resolved
    FROM public.operator_sla_resolution AS sla
    WHERE sla.date = sales.date
) AS operators
WHERE sales.date > current_date - 90
  AND sales.date <= current_date
