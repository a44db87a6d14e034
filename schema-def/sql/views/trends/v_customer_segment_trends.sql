WITH periods AS (
    -- Six consecutive 30-day periods ending today: 0 is today and the 29 days before it.
    SELECT
        n AS periods_ago,
        current_date - (30 * n + 29) AS period_start,
        current_date - 30 * n AS period_end
    FROM generate_series(0, 5) AS n
),
buckets AS (
    -- One pass over the customers: each lands in the period its segment was
    -- assigned in (6 = before the oldest period, -1 = after today).
    SELECT
        customer.primary_segment,
        CASE
            WHEN customer.segmented_at::date > current_date THEN -1
            WHEN customer.segmented_at::date < current_date - 179 THEN 6
            ELSE (current_date - customer.segmented_at::date) / 30
        END AS periods_ago,
        count(*) AS customers,
        sum(customer.segment_confidence) AS confidence_sum,
        sum(customer.total_revenue) AS revenue,
        count(*) FILTER (WHERE customer.lifecycle_stage IN ('at_risk', 'churned')) AS at_risk_or_churned
    FROM public.customer_segments AS customer
    GROUP BY 1, 2
),
stats AS (
    SELECT
        periods.periods_ago,
        periods.period_start,
        periods.period_end,
        segments.primary_segment,
        coalesce(current_bucket.customers, 0) AS customers_segmented,
        round(current_bucket.confidence_sum / current_bucket.customers, 3) AS avg_segment_confidence,
        coalesce(current_bucket.revenue, 0) AS revenue_of_segmented,
        coalesce(current_bucket.at_risk_or_churned, 0) AS at_risk_or_churned,
        (
            SELECT coalesce(sum(earlier.customers), 0)::bigint
            FROM buckets AS earlier
            WHERE earlier.primary_segment = segments.primary_segment
              AND earlier.periods_ago >= periods.periods_ago
        ) AS segment_size_at_period_end
    FROM periods
    CROSS JOIN (SELECT DISTINCT buckets.primary_segment FROM buckets) AS segments
    LEFT JOIN buckets AS current_bucket
        ON current_bucket.primary_segment = segments.primary_segment
       AND current_bucket.periods_ago = periods.periods_ago
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
FROM stats
