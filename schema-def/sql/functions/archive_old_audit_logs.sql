DECLARE
    moved_count integer;
BEGIN
    -- One statement: the rows deleted are exactly the rows inserted, so an error
    -- (such as an id already in the archive) undoes both and nothing is lost.
    WITH moved AS (
        DELETE FROM public.audit_log AS live
        WHERE live.created_at < pg_catalog.now() - interval '180 days'
        RETURNING live.id, live.actor, live.shop_domain, live.scope, live.action, live.details, live.created_at
    )
    INSERT INTO public.audit_log_archive (id, actor, shop_domain, scope, action, details, created_at, archived_at)
    SELECT moved.id, moved.actor, moved.shop_domain, moved.scope, moved.action, moved.details, moved.created_at,
           pg_catalog.now()
    FROM moved;
    GET DIAGNOSTICS moved_count = ROW_COUNT;
    RETURN moved_count;
END;
