-- One row per operator and day over the last 14 days (today included): the
-- operator's breaches against that day's total across operators. The load
-- index compares the operator's breaches with an even split of the day's
-- breaches among the operators working that day (1.00 = exactly a fair share).
SELECT
    sla.date,
    sla.operator_id,
    sla.sla_breaches_detected AS breaches_detected,
    sla.sla_breaches_resolved AS breaches_resolved,
    sum(sla.sla_breaches_detected) OVER (PARTITION BY sla.date) AS day_breaches_detected,
    count(*) OVER (PARTITION BY sla.date) AS day_active_operators,
    round(
        100.0 * sla.sla_breaches_detected / nullif(sum(sla.sla_breaches_detected) OVER (PARTITION BY sla.date), 0),
        2
    )::numeric AS share_of_day_pct,
    round(
        1.0 * sla.sla_breaches_detected * count(*) OVER (PARTITION BY sla.date)
            / nullif(sum(sla.sla_breaches_detected) OVER (PARTITION BY sla.date), 0),
        2
    )::numeric AS load_index
FROM public.operator_sla_resolution AS sla
WHERE sla.date > current_date - 14
  AND sla.date <= current_date
