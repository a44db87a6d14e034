SELECT
    osr.operator_id,
    count(*) AS days_reported,
    sum(osr.sla_breaches_detected) AS sla_breaches_detected,
    sum(osr.sla_breaches_resolved) AS sla_breaches_resolved,
    sum(osr.sla_breaches_detected) - sum(osr.sla_breaches_resolved) AS sla_breaches_unresolved,
    round(100.0 * sum(osr.sla_breaches_resolved) / nullif(sum(osr.sla_breaches_detected), 0), 2) AS resolution_rate_pct,
    round(avg(osr.median_response_time), 2) AS avg_median_response_minutes,
    round(avg(osr.p90_response_time), 2) AS avg_p90_response_minutes,
    max(osr.p95_response_time) AS worst_p95_response_minutes,
    max(osr.date) AS last_reported_date
FROM public.operator_sla_resolution AS osr
WHERE osr.date > current_date - 7
  AND osr.date <= current_date
GROUP BY osr.operator_id
