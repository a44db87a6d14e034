-- One row per operator with a resolution record in the 7 days ending today.
-- Response times are weighted by the breaches detected that day, so a busy day
-- counts for more than a quiet one; days without a recorded time are left out
-- of both the sum and the weights.
SELECT
    sla.operator_id,
    count(*) AS days_active,
    sum(sla.sla_breaches_detected) AS breaches_detected,
    sum(sla.sla_breaches_resolved) AS breaches_resolved,
    sum(sla.sla_breaches_detected - sla.sla_breaches_resolved) AS breaches_unresolved,
    round(100.0 * sum(sla.sla_breaches_resolved) / nullif(sum(sla.sla_breaches_detected), 0), 2)::numeric
        AS resolution_rate_pct,
    round(
        sum(sla.median_response_time * sla.sla_breaches_detected)
            / nullif(sum(sla.sla_breaches_detected) FILTER (WHERE sla.median_response_time IS NOT NULL), 0),
        2
    )::numeric AS weighted_median_response_minutes,
    round(
        sum(sla.p90_response_time * sla.sla_breaches_detected)
            / nullif(sum(sla.sla_breaches_detected) FILTER (WHERE sla.p90_response_time IS NOT NULL), 0),
        2
    )::numeric AS weighted_p90_response_minutes,
    max(sla.p95_response_time) AS worst_p95_response_minutes,
    max(sla.date) AS last_active_date
FROM public.operator_sla_resolution AS sla
WHERE sla.date > current_date - 7
  AND sla.date <= current_date
GROUP BY sla.operator_id
