SELECT
    sales.date AS sales_date,
    sales.total_revenue AS revenue_latest_day,
    sales.total_orders AS orders_latest_day,
    sales.revenue_7d,
    sales.orders_7d,
    inventory.out_of_stock_skus,
    inventory.low_stock_skus,
    inventory.overstock_skus,
    issues.fulfillment_issues,
    issues.fulfillment_high_severity_issues,
    fulfillment.fulfillment_rate_pct AS fulfillment_rate_7d_pct,
    fulfillment.sla_breach_rate_pct AS fulfillment_sla_breach_rate_7d_pct,
    escalations.cx_open_escalations,
    escalations.cx_critical_escalations,
    cx.open_backlog AS cx_open_conversations,
    cx.sla_compliance_pct AS cx_sla_compliance_7d_pct,
    activation.activation_rate_pct,
    activation.avg_activation_rate_7d
FROM (
    SELECT
        count(*) FILTER (WHERE alert.stock_status = 'out_of_stock') AS out_of_stock_skus,
        count(*) FILTER (WHERE alert.stock_status = 'low_stock') AS low_stock_skus,
        count(*) FILTER (WHERE alert.stock_status = 'overstock') AS overstock_skus
    FROM public.v_inventory_alerts AS alert
) AS inventory
CROSS JOIN (
    SELECT
        count(*) AS fulfillment_issues,
        count(*) FILTER (WHERE issue.issue_severity IN ('high', 'critical')) AS fulfillment_high_severity_issues
    FROM public.v_fulfillment_issues AS issue
) AS issues
CROSS JOIN (
    SELECT
        count(*) AS cx_open_escalations,
        count(*) FILTER (WHERE escalation.severity = 'critical') AS cx_critical_escalations
    FROM public.v_cx_escalations AS escalation
) AS escalations
CROSS JOIN public.v_fulfillment_health_summary AS fulfillment
CROSS JOIN public.v_cx_health_summary AS cx
-- The single-row views below are empty until their tables have data; the
-- other metrics still show.
LEFT JOIN public.v_sales_pulse_current AS sales ON true
LEFT JOIN public.v_activation_rate_7d AS activation ON true
