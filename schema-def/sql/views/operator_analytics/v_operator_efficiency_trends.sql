-- One row per operator and day over the last 30 days (today included), with
-- rolling 7-day figures (the day and the 6 calendar days before it). The rolling
-- windows read 6 days further back than the rows shown, so the first days of
-- the period are not computed from a truncated window.
WITH history AS (
    SELECT
        sla.date,
        sla.operator_id,
        sla.sla_breaches_detected,
        sla.sla_breaches_resolved,
        sla.median_response_time,
        round(100.0 * sla.sla_breaches_resolved / nullif(sla.sla_breaches_detected, 0), 2)::numeric
            AS resolution_rate_pct,
        sum(sla.sla_breaches_detected) OVER rolling AS rolling_detected,
        sum(sla.sla_breaches_resolved) OVER rolling AS rolling_resolved,
        sum(sla.median_response_time * sla.sla_breaches_detected) OVER rolling AS rolling_weighted_minutes,
        sum(CASE WHEN sla.median_response_time IS NOT NULL THEN sla.sla_breaches_detected END) OVER rolling
            AS rolling_weights,
        sla.median_response_time
            - lag(sla.median_response_time) OVER (PARTITION BY sla.operator_id ORDER BY sla.date)
            AS median_response_change_minutes
    FROM public.operator_sla_resolution AS sla
    WHERE sla.date > current_date - 36
      AND sla.date <= current_date
    WINDOW rolling AS (
        PARTITION BY sla.operator_id
        ORDER BY sla.date
        RANGE BETWEEN interval '6 days' PRECEDING AND CURRENT ROW
    )
)
SELECT
    history.date,
    history.operator_id,
    history.sla_breaches_detected AS breaches_detected,
    history.sla_breaches_resolved AS breaches_resolved,
    history.resolution_rate_pct,
    history.median_response_time AS median_response_minutes,
    history.median_response_change_minutes,
    round(100.0 * history.rolling_resolved / nullif(history.rolling_detected, 0), 2)::numeric
        AS rolling_7d_resolution_rate_pct,
    round(history.rolling_weighted_minutes / nullif(history.rolling_weights, 0), 2)::numeric
        AS rolling_7d_median_response_minutes
FROM history
WHERE history.date > current_date - 30
