WITH monthly AS (
    SELECT
        date_trunc('month', cts.date::timestamp)::date AS month,
        count(*) AS days_reported,
        sum(
            cts.time_saved_order_processing::bigint + cts.time_saved_inventory_checks
            + cts.time_saved_customer_support + cts.time_saved_manual_reporting + cts.time_saved_data_entry
        )::bigint AS minutes_saved,
        sum(cts.automation_actions_count) AS automation_actions,
        sum(cts.manual_actions_avoided) AS manual_actions_avoided
    FROM public.ceo_time_savings AS cts
    -- The current calendar year: entries exist up to today, so this is the year to date.
    WHERE cts.date >= date_trunc('year', current_date::timestamp)::date
      AND cts.date < (date_trunc('year', current_date::timestamp) + interval '1 year')::date
    GROUP BY 1
)
SELECT
    monthly.month,
    monthly.days_reported,
    monthly.minutes_saved,
    round(monthly.minutes_saved / 60.0, 2) AS hours_saved,
    monthly.automation_actions,
    monthly.manual_actions_avoided,
    (sum(monthly.minutes_saved) OVER year_to_month)::bigint AS cumulative_minutes_saved,
    round(sum(monthly.minutes_saved) OVER year_to_month / 60.0, 2) AS cumulative_hours_saved,
    (sum(monthly.automation_actions) OVER year_to_month)::bigint AS cumulative_automation_actions,
    (sum(monthly.manual_actions_avoided) OVER year_to_month)::bigint AS cumulative_manual_actions_avoided
FROM monthly
WINDOW year_to_month AS (ORDER BY monthly.month)
