-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Migration 20261202040255_advisor_clean_functions_and_policies
-- Runs in one transaction, opened by the runner: sqlx's migrator, `supabase db push`, or
-- `psql --single-transaction -v ON_ERROR_STOP=1 -f <file>`.

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [safe] replace function public.get_shop_audit_trail(text)
--   no table lock; in a transaction
CREATE OR REPLACE FUNCTION public.get_shop_audit_trail(shop_domain text)
    RETURNS TABLE (id uuid, created_at timestamp with time zone, actor text, scope text, action text, details jsonb, archived_at timestamp with time zone)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = ''
AS $function$
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
$function$;

-- [safe] replace function public.archive_old_audit_logs()
--   no table lock; in a transaction
CREATE OR REPLACE FUNCTION public.archive_old_audit_logs()
    RETURNS integer
    LANGUAGE plpgsql
    VOLATILE
    SECURITY INVOKER
    SET search_path = ''
AS $function$
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
$function$;

-- [safe] replace function public.export_audit_logs(date, date)
--   no table lock; in a transaction
CREATE OR REPLACE FUNCTION public.export_audit_logs(start_date date, end_date date)
    RETURNS TABLE (id uuid, created_at timestamp with time zone, actor text, shop_domain text, scope text, action text, details jsonb, archived_at timestamp with time zone)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = ''
AS $function$
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
$function$;

-- [safe] replace function public.run_data_quality_checks()
--   no table lock; in a transaction
CREATE OR REPLACE FUNCTION public.run_data_quality_checks()
    RETURNS TABLE (status text, checks_run bigint, checks_passed bigint, checks_warned bigint, checks_failed bigint, summary text)
    LANGUAGE plpgsql
    STABLE
    SECURITY INVOKER
    SET search_path = ''
AS $function$
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
            MESSAGE = 'run_data_quality_checks: only operators and service_role may run the data quality checks',
            HINT = 'Call it with the service key, or as a user whose app_metadata has "operator": true.';
    END IF;

    RETURN QUERY
    WITH checks AS (
        SELECT q.check_name, q.table_name, q.status, q.failing_rows
        FROM public.v_data_quality_comprehensive AS q
    ),
    counts AS (
        SELECT
            pg_catalog.count(*) AS run,
            pg_catalog.count(*) FILTER (WHERE checks.status = 'pass') AS passed,
            pg_catalog.count(*) FILTER (WHERE checks.status = 'warn') AS warned,
            pg_catalog.count(*) FILTER (WHERE checks.status = 'fail') AS failed,
            pg_catalog.string_agg(
                pg_catalog.format('%s (%s, failing rows: %s)', checks.check_name, checks.table_name,
                                  coalesce(checks.failing_rows, 0)),
                ', ' ORDER BY checks.check_name
            ) FILTER (WHERE checks.status = 'fail') AS failing,
            pg_catalog.string_agg(
                pg_catalog.format('%s (%s, failing rows: %s)', checks.check_name, checks.table_name,
                                  coalesce(checks.failing_rows, 0)),
                ', ' ORDER BY checks.check_name
            ) FILTER (WHERE checks.status = 'warn') AS warning
        FROM checks
    )
    SELECT
        CASE
            WHEN counts.failed > 0 THEN 'fail'
            WHEN counts.warned > 0 THEN 'warn'
            ELSE 'pass'
        END::text,
        counts.run,
        counts.passed,
        counts.warned,
        counts.failed,
        pg_catalog.format('%s checks: %s passed, %s warned, %s failed', counts.run, counts.passed, counts.warned,
                          counts.failed)
            || coalesce('. Failed: ' || counts.failing, '')
            || coalesce('. Warned: ' || counts.warning, '')
    FROM counts;
END;
$function$;

-- [safe] alter policy product_categories_operators_read on public.product_categories
--   ACCESS EXCLUSIVE on public.product_categories, for a moment; in a transaction
ALTER POLICY product_categories_operators_read ON public.product_categories
    TO authenticated
    USING ((select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims));

-- [safe] alter policy customer_segments_operators_read on public.customer_segments
--   ACCESS EXCLUSIVE on public.customer_segments, for a moment; in a transaction
ALTER POLICY customer_segments_operators_read ON public.customer_segments
    TO authenticated
    USING ((select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims));

-- [safe] alter policy sales_metrics_operators_read on public.sales_metrics_daily
--   ACCESS EXCLUSIVE on public.sales_metrics_daily, for a moment; in a transaction
ALTER POLICY sales_metrics_operators_read ON public.sales_metrics_daily
    TO authenticated
    USING ((select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims));

-- [safe] alter policy sku_performance_operators_read on public.sku_performance
--   ACCESS EXCLUSIVE on public.sku_performance, for a moment; in a transaction
ALTER POLICY sku_performance_operators_read ON public.sku_performance
    TO authenticated
    USING ((select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims));

-- [safe] alter policy inventory_snapshots_operators_read on public.inventory_snapshots
--   ACCESS EXCLUSIVE on public.inventory_snapshots, for a moment; in a transaction
ALTER POLICY inventory_snapshots_operators_read ON public.inventory_snapshots
    TO authenticated
    USING ((select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims));

-- [safe] alter policy fulfillment_tracking_operators_read on public.fulfillment_tracking
--   ACCESS EXCLUSIVE on public.fulfillment_tracking, for a moment; in a transaction
ALTER POLICY fulfillment_tracking_operators_read ON public.fulfillment_tracking
    TO authenticated
    USING ((select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims));

-- [safe] alter policy cx_conversations_operators_read on public.cx_conversations
--   ACCESS EXCLUSIVE on public.cx_conversations, for a moment; in a transaction
ALTER POLICY cx_conversations_operators_read ON public.cx_conversations
    TO authenticated
    USING ((select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims));

-- [safe] alter policy shop_activation_operators_read on public.shop_activation_metrics
--   ACCESS EXCLUSIVE on public.shop_activation_metrics, for a moment; in a transaction
ALTER POLICY shop_activation_operators_read ON public.shop_activation_metrics
    TO authenticated
    USING ((select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims));

-- [safe] alter policy operator_sla_operators_read on public.operator_sla_resolution
--   ACCESS EXCLUSIVE on public.operator_sla_resolution, for a moment; in a transaction
ALTER POLICY operator_sla_operators_read ON public.operator_sla_resolution
    TO authenticated
    USING ((select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims));

-- [safe] alter policy ceo_time_savings_operators_read on public.ceo_time_savings
--   ACCESS EXCLUSIVE on public.ceo_time_savings, for a moment; in a transaction
ALTER POLICY ceo_time_savings_operators_read ON public.ceo_time_savings
    TO authenticated
    USING ((select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims));

-- [safe] alter policy audit_log_operators_read on public.audit_log
--   ACCESS EXCLUSIVE on public.audit_log, for a moment; in a transaction
ALTER POLICY audit_log_operators_read ON public.audit_log
    TO authenticated
    USING ((select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims));

-- [safe] alter policy audit_log_archive_operators_read on public.audit_log_archive
--   ACCESS EXCLUSIVE on public.audit_log_archive, for a moment; in a transaction
ALTER POLICY audit_log_archive_operators_read ON public.audit_log_archive
    TO authenticated
    USING ((select (claims.jwt -> 'app_metadata' ->> 'operator') = 'true' from (select auth.jwt() as jwt) as claims));

