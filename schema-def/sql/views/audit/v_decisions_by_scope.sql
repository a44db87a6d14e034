-- One row per scope with decisions in the last 30 days (a rolling window
-- ending now): how its decisions split by action, and its share of all of them.
SELECT
    log.scope,
    count(*) AS decisions,
    round(100.0 * count(*) / sum(count(*)) OVER (), 2)::numeric AS share_of_decisions_pct,
    count(*) FILTER (WHERE log.action = 'approve') AS approvals,
    count(*) FILTER (WHERE log.action = 'reject') AS rejections,
    count(*) FILTER (WHERE log.action = 'modify') AS modifications,
    count(*) FILTER (WHERE log.action = 'escalate') AS escalations,
    count(*) FILTER (WHERE log.action = 'defer') AS deferrals,
    round(100.0 * count(*) FILTER (WHERE log.action = 'approve') / count(*), 2)::numeric AS approval_rate_pct,
    count(DISTINCT log.actor) AS actors,
    count(DISTINCT log.shop_domain) AS shops,
    max(log.created_at) AS last_decision_at
FROM public.audit_log AS log
WHERE log.created_at >= now() - interval '30 days'
GROUP BY log.scope
