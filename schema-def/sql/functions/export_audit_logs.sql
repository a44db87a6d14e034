#variable_conflict error
BEGIN
    -- Row level security would return a non-operator no rows; say why instead.
    IF NOT coalesce(
        (SELECT auth.jwt()) ->> 'role' = 'service_role'
            OR ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true',
        false
    ) THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = 'export_audit_logs: only operators and service_role may export the audit log',
            HINT = 'Call it with the service key, or as a user whose app_metadata has "operator": true.';
    END IF;
    IF export_audit_logs.start_date IS NULL OR export_audit_logs.end_date IS NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = '22023',
            MESSAGE = 'export_audit_logs: start_date and end_date are both required';
    END IF;
    IF export_audit_logs.start_date > export_audit_logs.end_date THEN
        RAISE EXCEPTION USING
            ERRCODE = '22023',
            MESSAGE = pg_catalog.format(
                'export_audit_logs: start_date %s is after end_date %s',
                pg_catalog.to_char(export_audit_logs.start_date, 'YYYY-MM-DD'),
                pg_catalog.to_char(export_audit_logs.end_date, 'YYYY-MM-DD')
            ),
            HINT = 'Pass the earlier date first; both days are included.';
    END IF;

    RETURN QUERY
    SELECT entry.id, entry.created_at, entry.actor, entry.shop_domain, entry.scope, entry.action, entry.details,
           entry.archived_at
    FROM (
        SELECT live.id, live.created_at, live.actor, live.shop_domain, live.scope, live.action, live.details,
               NULL::timestamptz AS archived_at
        FROM public.audit_log AS live
        UNION ALL
        SELECT archived.id, archived.created_at, archived.actor, archived.shop_domain, archived.scope,
               archived.action, archived.details, archived.archived_at
        FROM public.audit_log_archive AS archived
    ) AS entry
    -- UTC days: from the start of start_date up to (not including) the day after end_date.
    WHERE entry.created_at >= (export_audit_logs.start_date::timestamp AT TIME ZONE 'UTC')
      AND entry.created_at < ((export_audit_logs.end_date + 1)::timestamp AT TIME ZONE 'UTC')
    ORDER BY entry.created_at, entry.id;
END;
