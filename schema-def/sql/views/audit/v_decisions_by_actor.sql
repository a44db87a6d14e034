-- One row per actor with decisions in the last 30 days (a rolling window
-- ending now). The range on created_at is served by idx_audit_log_created_at.
SELECT
    log.actor,
    count(*) AS decisions,
    count(*) FILTER (WHERE log.created_at >= now() - interval '7 days') AS decisions_7d,
    count(DISTINCT log.shop_domain) AS shops,
    count(DISTINCT log.scope) AS scopes,
    count(*) FILTER (WHERE log.action = 'approve') AS approvals,
    count(*) FILTER (WHERE log.action = 'reject') AS rejections,
    count(*) FILTER (WHERE log.action = 'modify') AS modifications,
    count(*) FILTER (WHERE log.action = 'escalate') AS escalations,
    count(*) FILTER (WHERE log.action = 'defer') AS deferrals,
    round(100.0 * count(*) FILTER (WHERE log.action = 'approve') / count(*), 2)::numeric AS approval_rate_pct,
    round(100.0 * count(*) FILTER (WHERE log.action = 'escalate') / count(*), 2)::numeric AS escalation_rate_pct,
    min(log.created_at) AS first_decision_at,
    max(log.created_at) AS last_decision_at
FROM public.audit_log AS log
WHERE log.created_at >= now() - interval '30 days'
GROUP BY log.actor
