-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Rollback of 20261125135942_faster_customer_segment_trends: apply by hand to undo it

BEGIN;

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [safe] replace view public.v_customer_segment_trends
CREATE OR REPLACE VIEW public.v_customer_segment_trends
    WITH (security_invoker = true)
    AS
WITH periods AS (
    -- Six consecutive 30-day periods ending today: 0 is today and the 29 days before it.
    SELECT
        n AS periods_ago,
        current_date - (30 * n + 29) AS period_start,
        current_date - 30 * n AS period_end
    FROM generate_series(0, 5) AS n
),
segments AS (
    SELECT DISTINCT seg.primary_segment
    FROM public.customer_segments AS seg
),
stats AS (
    SELECT
        periods.periods_ago,
        periods.period_start,
        periods.period_end,
        segments.primary_segment,
        counts.customers_segmented,
        counts.avg_segment_confidence,
        counts.revenue_of_segmented,
        counts.at_risk_or_churned,
        counts.segment_size_at_period_end
    FROM periods
    CROSS JOIN segments
    CROSS JOIN LATERAL (
        SELECT
            count(*) FILTER (WHERE seg.segmented_on BETWEEN periods.period_start AND periods.period_end)
                AS customers_segmented,
            round(
                avg(seg.segment_confidence)
                    FILTER (WHERE seg.segmented_on BETWEEN periods.period_start AND periods.period_end),
                3
            ) AS avg_segment_confidence,
            coalesce(
                sum(seg.total_revenue)
                    FILTER (WHERE seg.segmented_on BETWEEN periods.period_start AND periods.period_end),
                0
            ) AS revenue_of_segmented,
            count(*) FILTER (
                WHERE seg.segmented_on BETWEEN periods.period_start AND periods.period_end
                  AND seg.lifecycle_stage IN ('at_risk', 'churned')
            ) AS at_risk_or_churned,
            count(*) FILTER (WHERE seg.segmented_on <= periods.period_end) AS segment_size_at_period_end
        FROM (
            SELECT
                customer.segment_confidence,
                customer.total_revenue,
                customer.lifecycle_stage,
                customer.segmented_at::date AS segmented_on
            FROM public.customer_segments AS customer
            WHERE customer.primary_segment = segments.primary_segment
        ) AS seg
    ) AS counts
)
SELECT
    stats.period_start,
    stats.period_end,
    stats.periods_ago,
    stats.primary_segment,
    stats.customers_segmented,
    round(
        100.0 * stats.customers_segmented
            / nullif(sum(stats.customers_segmented) OVER (PARTITION BY stats.periods_ago), 0),
        2
    ) AS share_of_period_pct,
    stats.avg_segment_confidence,
    stats.revenue_of_segmented,
    stats.at_risk_or_churned,
    stats.segment_size_at_period_end
FROM stats;

COMMIT;
