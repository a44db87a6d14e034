SELECT
    CASE checks.status WHEN 'fail' THEN 'critical' ELSE 'warning' END::text AS severity,
    'quality_check'::text AS alert_source,
    checks.check_name AS alert_name,
    checks.table_name,
    checks.status,
    checks.failing_rows,
    checks.details
FROM public.v_data_quality_comprehensive AS checks
WHERE checks.status IN ('warn', 'fail')
  -- Its per-table freshness alerts below say the same, table by table.
  AND checks.check_name <> 'stale_data'
UNION ALL
SELECT
    CASE monitor.status WHEN 'late' THEN 'warning' ELSE 'critical' END::text,
    'freshness'::text,
    ('table_' || monitor.status)::text,
    monitor.table_name,
    CASE monitor.status WHEN 'late' THEN 'warn' ELSE 'fail' END::text,
    NULL::bigint,
    CASE
        WHEN monitor.status = 'empty'
            THEN format('No rows at all; expected a %s refresh', monitor.refresh_cadence)
        ELSE format('Newest %s is %s day(s) old; a %s table should be at most %s day(s) old',
                    monitor.freshness_column, monitor.age_days, monitor.refresh_cadence, monitor.max_age_days)
    END
FROM public.v_data_freshness_monitoring AS monitor
WHERE monitor.status <> 'fresh'
