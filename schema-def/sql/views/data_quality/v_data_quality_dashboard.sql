SELECT
    checks.total AS checks_total,
    checks.passed AS checks_passed,
    checks.warned AS checks_warned,
    checks.failed AS checks_failed,
    round(100.0 * (checks.passed + 0.5 * checks.warned) / nullif(checks.total, 0), 2) AS quality_score_pct,
    freshness.monitored AS tables_monitored,
    freshness.fresh AS tables_fresh,
    freshness.monitored - freshness.fresh AS tables_not_fresh,
    completeness.avg_completeness_pct,
    alerts.active AS active_alerts,
    alerts.critical AS critical_alerts,
    anomalies.last_30_days AS anomalies_30d,
    CASE
        WHEN alerts.critical > 0 THEN 'fail'
        WHEN alerts.active > 0 THEN 'warn'
        ELSE 'pass'
    END::text AS overall_status
FROM (
    SELECT
        count(*) AS total,
        count(*) FILTER (WHERE quality.status = 'pass') AS passed,
        count(*) FILTER (WHERE quality.status = 'warn') AS warned,
        count(*) FILTER (WHERE quality.status = 'fail') AS failed
    FROM public.v_data_quality_comprehensive AS quality
) AS checks
CROSS JOIN (
    SELECT
        count(*) AS monitored,
        count(*) FILTER (WHERE monitor.status = 'fresh') AS fresh
    FROM public.v_data_freshness_monitoring AS monitor
) AS freshness
CROSS JOIN (
    SELECT round(avg(metric.completeness_pct), 2) AS avg_completeness_pct
    FROM public.v_data_completeness_metrics AS metric
) AS completeness
CROSS JOIN (
    SELECT
        count(*) AS active,
        count(*) FILTER (WHERE alert.severity = 'critical') AS critical
    FROM public.v_data_quality_alerts AS alert
) AS alerts
CROSS JOIN (
    SELECT count(*) FILTER (WHERE anomaly.date > current_date - 30) AS last_30_days
    FROM public.v_data_anomalies AS anomaly
) AS anomalies
