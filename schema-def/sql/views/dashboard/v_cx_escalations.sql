SELECT
    cx.chatwoot_conversation_id,
    cx.shopify_order_id,
    cx.customer_segment,
    cx.priority,
    cx.sentiment,
    cx.status,
    cx.escalation_reason,
    (ARRAY['critical', 'high', 'medium', 'low'])[rank.severity_rank] AS severity,
    rank.severity_rank,
    cx.is_sla_breach,
    cx.first_response_time_minutes,
    cx.sla_target_minutes,
    cx.conversation_created_at,
    cx.escalated_at,
    current_date - cx.escalated_at::date AS days_since_escalation
FROM public.cx_conversations AS cx
CROSS JOIN LATERAL (
    SELECT CASE
        WHEN cx.priority = 'urgent' OR (cx.sentiment = 'very_negative' AND cx.is_sla_breach) THEN 1
        WHEN cx.priority = 'high' OR cx.sentiment = 'very_negative' OR cx.is_sla_breach THEN 2
        WHEN cx.priority = 'medium' OR cx.sentiment = 'negative' THEN 3
        ELSE 4
    END AS severity_rank
) AS rank
-- is_escalated = true is idx_cx_escalations' predicate: only escalated conversations are read.
WHERE cx.is_escalated = true
  AND cx.status IN ('open', 'pending')
