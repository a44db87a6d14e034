SELECT
    current_date - 6 AS window_start,
    count(*) AS conversations_7d,
    count(*) FILTER (WHERE cx.status IN ('resolved', 'closed')) AS resolved_7d,
    (
        SELECT count(*)
        FROM public.cx_conversations AS backlog
        WHERE backlog.status IN ('open', 'pending')
    ) AS open_backlog,
    round(avg(cx.first_response_time_minutes), 2) AS avg_first_response_minutes,
    round(avg(cx.resolution_time_hours), 2) AS avg_resolution_hours,
    count(*) FILTER (WHERE cx.is_sla_breach) AS sla_breaches_7d,
    round(100.0 * count(*) FILTER (WHERE NOT cx.is_sla_breach) / nullif(count(*), 0), 2) AS sla_compliance_pct,
    count(*) FILTER (WHERE cx.is_escalated) AS escalations_7d,
    round(100.0 * count(*) FILTER (WHERE cx.is_escalated) / nullif(count(*), 0), 2) AS escalation_rate_pct,
    count(*) FILTER (WHERE cx.sentiment IN ('negative', 'very_negative')) AS negative_sentiment_7d,
    round(
        100.0 * count(*) FILTER (WHERE cx.sentiment IN ('negative', 'very_negative')) / nullif(count(*), 0),
        2
    ) AS negative_sentiment_pct
FROM public.cx_conversations AS cx
WHERE cx.conversation_created_at >= (current_date - 6)::timestamptz
