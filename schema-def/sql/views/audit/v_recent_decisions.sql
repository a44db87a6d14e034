-- Decisions of the last 30 days (a rolling window ending now), newest first,
-- in the order a reader pages by (created_at, id): the range on created_at is
-- served by idx_audit_log_created_at.
SELECT
    log.id,
    log.created_at,
    log.actor,
    log.shop_domain,
    log.scope,
    log.action,
    log.details
FROM public.audit_log AS log
WHERE log.created_at >= now() - interval '30 days'
ORDER BY log.created_at DESC, log.id DESC
