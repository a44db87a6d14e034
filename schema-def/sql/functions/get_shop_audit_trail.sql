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
            MESSAGE = 'get_shop_audit_trail: only operators and service_role may read the audit trail',
            HINT = 'Call it with the service key, or as a user whose app_metadata has "operator": true.';
    END IF;

    RETURN QUERY
    SELECT trail.id, trail.created_at, trail.actor, trail.scope, trail.action, trail.details, trail.archived_at
    FROM (
        SELECT live.id, live.created_at, live.actor, live.scope, live.action, live.details,
               NULL::timestamptz AS archived_at
        FROM public.audit_log AS live
        WHERE live.shop_domain = get_shop_audit_trail.shop_domain
        UNION ALL
        SELECT archived.id, archived.created_at, archived.actor, archived.scope, archived.action, archived.details,
               archived.archived_at
        FROM public.audit_log_archive AS archived
        WHERE archived.shop_domain = get_shop_audit_trail.shop_domain
    ) AS trail
    ORDER BY trail.created_at DESC, trail.id;
END;
