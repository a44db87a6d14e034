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
