-- Every entry, live (audit_log) and archived (audit_log_archive), in plain
-- columns for a spreadsheet: times in UTC as ISO 8601 text, details as
-- `key=value` pairs sorted by key and joined with '; ' (nested values as JSON),
-- and as compact JSON text.
SELECT
    entry.id,
    entry.created_at,
    to_char(entry.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at_utc,
    (entry.created_at AT TIME ZONE 'UTC')::date AS created_date_utc,
    entry.actor,
    entry.shop_domain,
    entry.scope,
    entry.action,
    CASE
        WHEN jsonb_typeof(entry.details) = 'object' THEN coalesce(
            (
                SELECT string_agg(pair.key || '=' || coalesce(pair.value, 'null'), '; ' ORDER BY pair.key)
                FROM jsonb_each_text(entry.details) AS pair
            ),
            ''
        )
        ELSE entry.details #>> '{}'
    END AS details_text,
    entry.details::text AS details_json,
    entry.archived_at IS NOT NULL AS is_archived,
    entry.archived_at
FROM (
    SELECT
        live.id, live.created_at, live.actor, live.shop_domain, live.scope, live.action, live.details,
        NULL::timestamptz AS archived_at
    FROM public.audit_log AS live
    UNION ALL
    SELECT
        archived.id, archived.created_at, archived.actor, archived.shop_domain, archived.scope, archived.action,
        archived.details, archived.archived_at
    FROM public.audit_log_archive AS archived
) AS entry
