-- One row per UTC day of the last 7 (today and the 6 days before), days without
-- decisions included; the range on created_at is served by
-- idx_audit_log_created_at.
WITH days AS (
    SELECT (now() AT TIME ZONE 'UTC')::date - back.days AS date
    FROM generate_series(0, 6) AS back(days)
),
decisions AS (
    SELECT
        (log.created_at AT TIME ZONE 'UTC')::date AS date,
        log.actor,
        log.shop_domain,
        log.action
    FROM public.audit_log AS log
    WHERE log.created_at >= (((now() AT TIME ZONE 'UTC')::date - 6)::timestamp AT TIME ZONE 'UTC')
)
SELECT
    days.date,
    count(decisions.action) AS decisions,
    count(DISTINCT decisions.actor) AS actors,
    count(DISTINCT decisions.shop_domain) AS shops,
    count(*) FILTER (WHERE decisions.action = 'approve') AS approvals,
    count(*) FILTER (WHERE decisions.action = 'reject') AS rejections,
    count(*) FILTER (WHERE decisions.action = 'modify') AS modifications,
    count(*) FILTER (WHERE decisions.action = 'escalate') AS escalations,
    count(*) FILTER (WHERE decisions.action = 'defer') AS deferrals,
    round(100.0 * count(*) FILTER (WHERE decisions.action = 'approve') / nullif(count(decisions.action), 0), 2)::numeric
        AS approval_rate_pct,
    round(100.0 * count(*) FILTER (WHERE decisions.action = 'escalate') / nullif(count(decisions.action), 0), 2)::numeric
        AS escalation_rate_pct
FROM days
LEFT JOIN decisions ON decisions.date = days.date
GROUP BY days.date
