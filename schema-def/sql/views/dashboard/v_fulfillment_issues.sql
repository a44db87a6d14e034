SELECT
    ft.shopify_order_id,
    ft.order_number,
    ft.fulfillment_status,
    ft.issue_type,
    ft.issue_severity,
    CASE ft.issue_severity
        WHEN 'critical' THEN 1
        WHEN 'high' THEN 2
        WHEN 'medium' THEN 3
        WHEN 'low' THEN 4
        ELSE 5
    END AS severity_rank,
    ft.customer_segment,
    ft.is_priority_customer,
    ft.is_sla_breach,
    coalesce(ft.fulfillment_status IN ('unfulfilled', 'partial') AND ft.sla_deadline < now(), false) AS is_past_sla_deadline,
    ft.order_created_at,
    ft.sla_deadline,
    ft.fulfilled_at,
    current_date - ft.order_created_at::date AS days_since_order
FROM public.fulfillment_tracking AS ft
-- Two disjoint parts, each read from a partial index of flagged orders
-- (has_issue = true): the open ones (idx_fulfillment_open_issues) and the others
-- placed in the last 30 days, today and the 29 days before (idx_fulfillment_issues,
-- by date). Both come in order_created_at order, so a page in that order merges
-- the two instead of filtering every flagged order.
WHERE ft.has_issue = true
  AND ft.fulfillment_status IN ('unfulfilled', 'partial')
UNION ALL
SELECT
    ft.shopify_order_id,
    ft.order_number,
    ft.fulfillment_status,
    ft.issue_type,
    ft.issue_severity,
    CASE ft.issue_severity
        WHEN 'critical' THEN 1
        WHEN 'high' THEN 2
        WHEN 'medium' THEN 3
        WHEN 'low' THEN 4
        ELSE 5
    END AS severity_rank,
    ft.customer_segment,
    ft.is_priority_customer,
    ft.is_sla_breach,
    coalesce(ft.fulfillment_status IN ('unfulfilled', 'partial') AND ft.sla_deadline < now(), false) AS is_past_sla_deadline,
    ft.order_created_at,
    ft.sla_deadline,
    ft.fulfilled_at,
    current_date - ft.order_created_at::date AS days_since_order
FROM public.fulfillment_tracking AS ft
WHERE ft.has_issue = true
  AND ft.fulfillment_status NOT IN ('unfulfilled', 'partial', 'cancelled')
  AND ft.order_created_at >= (current_date - 29)::timestamptz
