SELECT
    latest.date,
    latest.total_shops,
    latest.shops_activated,
    latest.activation_rate_pct,
    week.avg_activation_rate_7d,
    week.days_reported_7d,
    latest.total_shops - week_ago.total_shops AS new_shops_7d,
    latest.shops_activated - week_ago.shops_activated AS new_activations_7d,
    latest.activation_rate_pct - week_ago.activation_rate_pct AS activation_rate_change_7d
FROM (
    SELECT sam.date, sam.total_shops, sam.shops_activated, sam.activation_rate_pct
    FROM public.shop_activation_metrics AS sam
    ORDER BY sam.date DESC
    LIMIT 1
) AS latest
CROSS JOIN LATERAL (
    SELECT
        round(avg(day.activation_rate_pct), 2) AS avg_activation_rate_7d,
        count(*) AS days_reported_7d
    FROM public.shop_activation_metrics AS day
    WHERE day.date > latest.date - 7
      AND day.date <= latest.date
) AS week
LEFT JOIN public.shop_activation_metrics AS week_ago
    ON week_ago.date = latest.date - 7
