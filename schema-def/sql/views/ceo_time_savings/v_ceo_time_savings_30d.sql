SELECT
    current_date - 29 AS window_start,
    totals.days_reported,
    totals.order_processing_minutes,
    totals.inventory_checks_minutes,
    totals.customer_support_minutes,
    totals.manual_reporting_minutes,
    totals.data_entry_minutes,
    totals.total_minutes_saved,
    round(totals.total_minutes_saved / 60.0, 2) AS total_hours_saved,
    round(totals.total_minutes_saved::numeric / nullif(totals.days_reported, 0), 2) AS avg_minutes_saved_per_day,
    round(totals.total_minutes_saved::numeric / nullif(totals.days_reported, 0) * 365 / 60, 2)
        AS projected_annual_hours,
    totals.automation_actions,
    totals.manual_actions_avoided,
    top.category AS top_time_saver
FROM (
    SELECT
        count(*) AS days_reported,
        coalesce(sum(cts.time_saved_order_processing), 0) AS order_processing_minutes,
        coalesce(sum(cts.time_saved_inventory_checks), 0) AS inventory_checks_minutes,
        coalesce(sum(cts.time_saved_customer_support), 0) AS customer_support_minutes,
        coalesce(sum(cts.time_saved_manual_reporting), 0) AS manual_reporting_minutes,
        coalesce(sum(cts.time_saved_data_entry), 0) AS data_entry_minutes,
        coalesce(
            sum(
                cts.time_saved_order_processing::bigint + cts.time_saved_inventory_checks
                + cts.time_saved_customer_support + cts.time_saved_manual_reporting + cts.time_saved_data_entry
            ),
            0
        )::bigint AS total_minutes_saved,
        coalesce(sum(cts.automation_actions_count), 0) AS automation_actions,
        coalesce(sum(cts.manual_actions_avoided), 0) AS manual_actions_avoided
    FROM public.ceo_time_savings AS cts
    WHERE cts.date > current_date - 30
      AND cts.date <= current_date
) AS totals
LEFT JOIN LATERAL (
    SELECT saved.category
    FROM (
        VALUES
            ('order_processing', totals.order_processing_minutes),
            ('inventory_checks', totals.inventory_checks_minutes),
            ('customer_support', totals.customer_support_minutes),
            ('manual_reporting', totals.manual_reporting_minutes),
            ('data_entry', totals.data_entry_minutes)
    ) AS saved (category, minutes)
    WHERE saved.minutes > 0
    ORDER BY saved.minutes DESC, saved.category
    LIMIT 1
) AS top ON true
