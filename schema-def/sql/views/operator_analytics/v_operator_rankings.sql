-- Operators ranked on their last 30 days (today and the 29 days before):
-- rank() over the resolution rate, the detection-weighted median response time
-- and the number of breaches resolved; ties share a rank and leave a gap. The
-- overall rank orders the sum of the resolution and response ranks. Operators
-- without breaches (no rate, no time) rank last.
WITH per_operator AS (
    SELECT
        sla.operator_id,
        sum(sla.sla_breaches_detected) AS breaches_detected,
        sum(sla.sla_breaches_resolved) AS breaches_resolved,
        round(100.0 * sum(sla.sla_breaches_resolved) / nullif(sum(sla.sla_breaches_detected), 0), 2)::numeric
            AS resolution_rate_pct,
        round(
            sum(sla.median_response_time * sla.sla_breaches_detected)
                / nullif(sum(sla.sla_breaches_detected) FILTER (WHERE sla.median_response_time IS NOT NULL), 0),
            2
        )::numeric AS weighted_median_response_minutes
    FROM public.operator_sla_resolution AS sla
    WHERE sla.date > current_date - 30
      AND sla.date <= current_date
    GROUP BY sla.operator_id
),
ranked AS (
    SELECT
        per_operator.*,
        rank() OVER (ORDER BY per_operator.resolution_rate_pct DESC NULLS LAST) AS resolution_rank,
        rank() OVER (ORDER BY per_operator.weighted_median_response_minutes ASC NULLS LAST) AS response_time_rank,
        rank() OVER (ORDER BY per_operator.breaches_resolved DESC) AS volume_rank,
        count(*) OVER () AS operators_ranked
    FROM per_operator
)
SELECT
    ranked.operator_id,
    ranked.breaches_detected,
    ranked.breaches_resolved,
    ranked.resolution_rate_pct,
    ranked.weighted_median_response_minutes,
    ranked.resolution_rank,
    ranked.response_time_rank,
    ranked.volume_rank,
    ranked.resolution_rank + ranked.response_time_rank AS overall_score,
    rank() OVER (ORDER BY ranked.resolution_rank + ranked.response_time_rank) AS overall_rank,
    ranked.operators_ranked
FROM ranked
