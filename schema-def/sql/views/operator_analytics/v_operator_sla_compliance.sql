-- One row per operator with a resolution record in the last 30 days (today
-- included). Compliance is judged on the share of detected breaches resolved:
-- 'compliant' at 95% or more, 'at_risk' from 80% up to 95%, 'non_compliant'
-- below 80%, and 'no_breaches' when nothing was detected.
WITH per_operator AS (
    SELECT
        sla.operator_id,
        count(*) AS days_active,
        count(*) FILTER (WHERE sla.sla_breaches_detected > 0) AS days_with_breaches,
        count(*) FILTER (WHERE sla.sla_breaches_detected > 0
                           AND sla.sla_breaches_resolved = sla.sla_breaches_detected) AS days_fully_resolved,
        sum(sla.sla_breaches_detected) AS breaches_detected,
        sum(sla.sla_breaches_resolved) AS breaches_resolved,
        max(sla.p95_response_time) AS worst_p95_response_minutes
    FROM public.operator_sla_resolution AS sla
    WHERE sla.date > current_date - 30
      AND sla.date <= current_date
    GROUP BY sla.operator_id
),
rated AS (
    SELECT
        per_operator.*,
        round(100.0 * per_operator.breaches_resolved / nullif(per_operator.breaches_detected, 0), 2)::numeric
            AS resolution_rate_pct
    FROM per_operator
)
SELECT
    rated.operator_id,
    rated.days_active,
    rated.days_with_breaches,
    rated.days_fully_resolved,
    rated.breaches_detected,
    rated.breaches_resolved,
    rated.breaches_detected - rated.breaches_resolved AS breaches_unresolved,
    rated.resolution_rate_pct,
    round(100.0 * rated.days_fully_resolved / nullif(rated.days_with_breaches, 0), 2)::numeric
        AS full_resolution_day_pct,
    rated.worst_p95_response_minutes,
    CASE
        WHEN rated.breaches_detected = 0 THEN 'no_breaches'
        WHEN rated.resolution_rate_pct >= 95 THEN 'compliant'
        WHEN rated.resolution_rate_pct >= 80 THEN 'at_risk'
        ELSE 'non_compliant'
    END AS compliance_status
FROM rated
