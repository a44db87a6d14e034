-- One row for management: the last 7 days (today and the 6 days before) against
-- the 7 days before those, plus the 30-day compliance counts and the top-ranked
-- operator from v_operator_sla_compliance and v_operator_rankings.
WITH windows AS (
    SELECT
        count(DISTINCT sla.operator_id) FILTER (WHERE sla.date > current_date - 7) AS active_operators_7d,
        count(DISTINCT sla.operator_id) AS active_operators_30d,
        coalesce(sum(sla.sla_breaches_detected) FILTER (WHERE sla.date > current_date - 7), 0)
            AS breaches_detected_7d,
        coalesce(sum(sla.sla_breaches_resolved) FILTER (WHERE sla.date > current_date - 7), 0)
            AS breaches_resolved_7d,
        sum(sla.sla_breaches_detected) FILTER (WHERE sla.date > current_date - 7)
            AS detected_7d,
        sum(sla.sla_breaches_resolved) FILTER (WHERE sla.date > current_date - 7)
            AS resolved_7d,
        sum(sla.sla_breaches_detected) FILTER (WHERE sla.date > current_date - 14 AND sla.date <= current_date - 7)
            AS detected_prev_7d,
        sum(sla.sla_breaches_resolved) FILTER (WHERE sla.date > current_date - 14 AND sla.date <= current_date - 7)
            AS resolved_prev_7d,
        sum(sla.median_response_time * sla.sla_breaches_detected) FILTER (WHERE sla.date > current_date - 7)
            AS weighted_minutes_7d,
        sum(sla.sla_breaches_detected) FILTER (WHERE sla.date > current_date - 7 AND sla.median_response_time IS NOT NULL)
            AS weights_7d,
        sum(sla.median_response_time * sla.sla_breaches_detected)
            FILTER (WHERE sla.date > current_date - 14 AND sla.date <= current_date - 7)
            AS weighted_minutes_prev_7d,
        sum(sla.sla_breaches_detected)
            FILTER (WHERE sla.date > current_date - 14 AND sla.date <= current_date - 7 AND sla.median_response_time IS NOT NULL)
            AS weights_prev_7d
    FROM public.operator_sla_resolution AS sla
    WHERE sla.date > current_date - 30
      AND sla.date <= current_date
),
rates AS (
    SELECT
        windows.*,
        100.0 * windows.resolved_7d / nullif(windows.detected_7d, 0) AS rate_7d,
        100.0 * windows.resolved_prev_7d / nullif(windows.detected_prev_7d, 0) AS rate_prev_7d
    FROM windows
)
SELECT
    rates.active_operators_7d,
    rates.active_operators_30d,
    rates.breaches_detected_7d,
    rates.breaches_resolved_7d,
    rates.breaches_detected_7d - rates.breaches_resolved_7d AS breaches_unresolved_7d,
    round(rates.rate_7d, 2)::numeric AS resolution_rate_7d_pct,
    round(rates.rate_prev_7d, 2)::numeric AS resolution_rate_prev_7d_pct,
    round(rates.rate_7d - rates.rate_prev_7d, 2)::numeric AS resolution_rate_change_pts,
    round(rates.weighted_minutes_7d / nullif(rates.weights_7d, 0), 2)::numeric AS weighted_median_response_7d_minutes,
    round(rates.weighted_minutes_prev_7d / nullif(rates.weights_prev_7d, 0), 2)::numeric
        AS weighted_median_response_prev_7d_minutes,
    (
        SELECT count(*) FROM public.v_operator_sla_compliance AS c WHERE c.compliance_status = 'compliant'
    ) AS compliant_operators_30d,
    (
        SELECT count(*) FROM public.v_operator_sla_compliance AS c WHERE c.compliance_status = 'at_risk'
    ) AS at_risk_operators_30d,
    (
        SELECT count(*) FROM public.v_operator_sla_compliance AS c WHERE c.compliance_status = 'non_compliant'
    ) AS non_compliant_operators_30d,
    (
        SELECT r.operator_id FROM public.v_operator_rankings AS r WHERE r.overall_rank = 1 ORDER BY r.operator_id LIMIT 1
    ) AS top_operator_id
FROM rates
