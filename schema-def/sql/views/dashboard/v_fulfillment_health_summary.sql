SELECT
    current_date - 6 AS window_start,
    count(*) AS orders_7d,
    count(*) FILTER (WHERE ft.fulfillment_status = 'fulfilled') AS fulfilled_orders_7d,
    count(*) FILTER (WHERE ft.fulfillment_status IN ('unfulfilled', 'partial')) AS open_orders_7d,
    count(*) FILTER (WHERE ft.fulfillment_status = 'cancelled') AS cancelled_orders_7d,
    round(
        100.0 * count(*) FILTER (WHERE ft.fulfillment_status = 'fulfilled')
        / nullif(count(*) FILTER (WHERE ft.fulfillment_status <> 'cancelled'), 0),
        2
    ) AS fulfillment_rate_pct,
    round(avg(ft.days_to_fulfill) FILTER (WHERE ft.fulfillment_status = 'fulfilled'), 2) AS avg_days_to_fulfill,
    count(*) FILTER (WHERE ft.is_sla_breach AND ft.fulfillment_status <> 'cancelled') AS sla_breaches_7d,
    round(
        100.0 * count(*) FILTER (WHERE ft.is_sla_breach AND ft.fulfillment_status <> 'cancelled')
        / nullif(count(*) FILTER (WHERE ft.fulfillment_status <> 'cancelled'), 0),
        2
    ) AS sla_breach_rate_pct,
    count(*) FILTER (WHERE ft.has_issue) AS orders_with_issues_7d,
    round(100.0 * count(*) FILTER (WHERE ft.has_issue) / nullif(count(*), 0), 2) AS issue_rate_pct,
    count(*) FILTER (WHERE ft.issue_severity IN ('high', 'critical')) AS high_severity_issues_7d,
    count(*) FILTER (
        WHERE ft.is_priority_customer AND ft.fulfillment_status IN ('unfulfilled', 'partial')
    ) AS priority_orders_open_7d
FROM public.fulfillment_tracking AS ft
WHERE ft.order_created_at >= (current_date - 6)::timestamptz
