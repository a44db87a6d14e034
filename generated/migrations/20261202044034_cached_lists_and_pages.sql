-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Migration 20261202044034_cached_lists_and_pages: 1 of 8 of `cached_lists_and_pages`, the transactional part
-- Runs in one transaction, opened by the runner: sqlx's migrator, `supabase db push`, or
-- `psql --single-transaction -v ON_ERROR_STOP=1 -f <file>`.

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [safe] create materialized view analytics_cache.v_audit_export
--   ACCESS SHARE on analytics_cache.v_audit_export (new, nobody waits), for a moment; in a transaction
--   computes its rows now, reading its sources under ACCESS SHARE (writes go on)
CREATE MATERIALIZED VIEW analytics_cache.v_audit_export
    AS
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
    WITH DATA;

-- [safe] create function analytics_cache.refresh_v_audit_export()
--   no table lock; in a transaction
CREATE FUNCTION analytics_cache.refresh_v_audit_export()
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY analytics_cache.v_audit_export;
END;
$function$;

-- [safe] create materialized view analytics_cache.v_decisions_by_actor
--   ACCESS SHARE on analytics_cache.v_decisions_by_actor (new, nobody waits), for a moment; in a transaction
--   computes its rows now, reading its sources under ACCESS SHARE (writes go on)
CREATE MATERIALIZED VIEW analytics_cache.v_decisions_by_actor
    AS
-- One row per actor with decisions in the last 30 days (a rolling window
-- ending now). The range on created_at is served by idx_audit_log_created_at.
SELECT
    log.actor,
    count(*) AS decisions,
    count(*) FILTER (WHERE log.created_at >= now() - interval '7 days') AS decisions_7d,
    count(DISTINCT log.shop_domain) AS shops,
    count(DISTINCT log.scope) AS scopes,
    count(*) FILTER (WHERE log.action = 'approve') AS approvals,
    count(*) FILTER (WHERE log.action = 'reject') AS rejections,
    count(*) FILTER (WHERE log.action = 'modify') AS modifications,
    count(*) FILTER (WHERE log.action = 'escalate') AS escalations,
    count(*) FILTER (WHERE log.action = 'defer') AS deferrals,
    round(100.0 * count(*) FILTER (WHERE log.action = 'approve') / count(*), 2)::numeric AS approval_rate_pct,
    round(100.0 * count(*) FILTER (WHERE log.action = 'escalate') / count(*), 2)::numeric AS escalation_rate_pct,
    min(log.created_at) AS first_decision_at,
    max(log.created_at) AS last_decision_at
FROM public.audit_log AS log
WHERE log.created_at >= now() - interval '30 days'
GROUP BY log.actor
    WITH DATA;

-- [safe] create function analytics_cache.refresh_v_decisions_by_actor()
--   no table lock; in a transaction
CREATE FUNCTION analytics_cache.refresh_v_decisions_by_actor()
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY analytics_cache.v_decisions_by_actor;
END;
$function$;

-- [safe] create materialized view analytics_cache.v_decisions_by_scope
--   ACCESS SHARE on analytics_cache.v_decisions_by_scope (new, nobody waits), for a moment; in a transaction
--   computes its rows now, reading its sources under ACCESS SHARE (writes go on)
CREATE MATERIALIZED VIEW analytics_cache.v_decisions_by_scope
    AS
-- One row per scope with decisions in the last 30 days (a rolling window
-- ending now): how its decisions split by action, and its share of all of them.
SELECT
    log.scope,
    count(*) AS decisions,
    round(100.0 * count(*) / sum(count(*)) OVER (), 2)::numeric AS share_of_decisions_pct,
    count(*) FILTER (WHERE log.action = 'approve') AS approvals,
    count(*) FILTER (WHERE log.action = 'reject') AS rejections,
    count(*) FILTER (WHERE log.action = 'modify') AS modifications,
    count(*) FILTER (WHERE log.action = 'escalate') AS escalations,
    count(*) FILTER (WHERE log.action = 'defer') AS deferrals,
    round(100.0 * count(*) FILTER (WHERE log.action = 'approve') / count(*), 2)::numeric AS approval_rate_pct,
    count(DISTINCT log.actor) AS actors,
    count(DISTINCT log.shop_domain) AS shops,
    max(log.created_at) AS last_decision_at
FROM public.audit_log AS log
WHERE log.created_at >= now() - interval '30 days'
GROUP BY log.scope
    WITH DATA;

-- [safe] create function analytics_cache.refresh_v_decisions_by_scope()
--   no table lock; in a transaction
CREATE FUNCTION analytics_cache.refresh_v_decisions_by_scope()
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY analytics_cache.v_decisions_by_scope;
END;
$function$;

-- [safe] create materialized view analytics_cache.v_export_product_performance
--   ACCESS SHARE on analytics_cache.v_export_product_performance (new, nobody waits), for a moment; in a transaction
--   computes its rows now, reading its sources under ACCESS SHARE (writes go on)
CREATE MATERIALIZED VIEW analytics_cache.v_export_product_performance
    AS
SELECT
    perf.sku,
    perf.shopify_product_id,
    perf.shopify_variant_id,
    cat.category_l1,
    cat.category_l2,
    cat.category_l3,
    cat.is_performance_part,
    cat.is_restoration_part,
    cat.is_custom_fabrication,
    cat.fits_vehicle_years,
    cat.fits_makes,
    cat.fits_models,
    cat.inventory_velocity,
    cat.margin_pct,
    perf.revenue_30d,
    perf.units_sold_30d,
    perf.orders_30d,
    round(perf.revenue_30d / nullif(perf.units_sold_30d, 0), 2) AS avg_unit_price_30d,
    round(perf.revenue_30d * cat.margin_pct / 100, 2) AS estimated_gross_profit_30d,
    perf.current_inventory,
    perf.days_of_inventory,
    perf.is_trending,
    perf.trend_direction,
    perf.last_sale_at,
    snap.snapshot_date AS latest_snapshot_date,
    snap.stock_status,
    snap.velocity_tier,
    perf.updated_at,
    perf.id AS sku_performance_id
FROM public.sku_performance AS perf
LEFT JOIN public.product_categories AS cat ON cat.shopify_product_id = perf.shopify_product_id
LEFT JOIN public.inventory_snapshots AS snap
    ON snap.shopify_variant_id = perf.shopify_variant_id
   AND snap.snapshot_date = (SELECT max(newest.snapshot_date) FROM public.inventory_snapshots AS newest)
    WITH DATA;

-- [safe] create function analytics_cache.refresh_v_export_product_performance()
--   no table lock; in a transaction
CREATE FUNCTION analytics_cache.refresh_v_export_product_performance()
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY analytics_cache.v_export_product_performance;
END;
$function$;

-- [safe] replace view public.v_fulfillment_issues
--   ACCESS EXCLUSIVE on public.v_fulfillment_issues, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_fulfillment_issues
    WITH (security_invoker = true)
    AS
SELECT
    ft.shopify_order_id,
    ft.order_number,
    ft.fulfillment_status,
    ft.issue_type,
    ft.issue_severity,
    CASE ft.issue_severity
        WHEN 'critical' THEN 1
        WHEN 'high' THEN 2
        WHEN 'medium' THEN 3
        WHEN 'low' THEN 4
        ELSE 5
    END AS severity_rank,
    ft.customer_segment,
    ft.is_priority_customer,
    ft.is_sla_breach,
    coalesce(ft.fulfillment_status IN ('unfulfilled', 'partial') AND ft.sla_deadline < now(), false) AS is_past_sla_deadline,
    ft.order_created_at,
    ft.sla_deadline,
    ft.fulfilled_at,
    current_date - ft.order_created_at::date AS days_since_order
FROM public.fulfillment_tracking AS ft
-- Two disjoint parts, each read from a partial index of flagged orders
-- (has_issue = true): the open ones (idx_fulfillment_open_issues) and the others
-- placed in the last 30 days, today and the 29 days before (idx_fulfillment_issues,
-- by date). Both come in order_created_at order, so a page in that order merges
-- the two instead of filtering every flagged order.
WHERE ft.has_issue = true
  AND ft.fulfillment_status IN ('unfulfilled', 'partial')
UNION ALL
SELECT
    ft.shopify_order_id,
    ft.order_number,
    ft.fulfillment_status,
    ft.issue_type,
    ft.issue_severity,
    CASE ft.issue_severity
        WHEN 'critical' THEN 1
        WHEN 'high' THEN 2
        WHEN 'medium' THEN 3
        WHEN 'low' THEN 4
        ELSE 5
    END AS severity_rank,
    ft.customer_segment,
    ft.is_priority_customer,
    ft.is_sla_breach,
    coalesce(ft.fulfillment_status IN ('unfulfilled', 'partial') AND ft.sla_deadline < now(), false) AS is_past_sla_deadline,
    ft.order_created_at,
    ft.sla_deadline,
    ft.fulfilled_at,
    current_date - ft.order_created_at::date AS days_since_order
FROM public.fulfillment_tracking AS ft
WHERE ft.has_issue = true
  AND ft.fulfillment_status NOT IN ('unfulfilled', 'partial', 'cancelled')
  AND ft.order_created_at >= (current_date - 29)::timestamptz;

-- [safe] create view analytics_cache.v_customer_segment_summary_rows
--   no table lock; in a transaction
CREATE VIEW analytics_cache.v_customer_segment_summary_rows
    AS
SELECT cached.primary_segment, cached.customer_count, cached.customer_share_pct, cached.total_revenue, cached.revenue_share_pct, cached.avg_revenue_per_customer, cached.avg_order_value, cached.avg_orders_per_customer, cached.avg_segment_confidence, cached.avg_days_since_last_order, cached.new_customers, cached.active_customers, cached.at_risk_customers, cached.churned_customers, cached.reactivated_customers, cached.at_risk_or_churned_pct, cached.prefers_performance_pct, cached.prefers_restoration_pct, cached.support_tickets, cached.avg_support_tickets_per_customer, cached.avg_review_rating, cached.top_category_l1, cached.top_vehicle_make
FROM analytics_cache.v_customer_segment_summary AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] replace view public.v_customer_segment_summary
--   ACCESS EXCLUSIVE on public.v_customer_segment_summary, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_customer_segment_summary
    WITH (security_invoker = true)
    AS
SELECT primary_segment, customer_count, customer_share_pct, total_revenue, revenue_share_pct, avg_revenue_per_customer, avg_order_value, avg_orders_per_customer, avg_segment_confidence, avg_days_since_last_order, new_customers, active_customers, at_risk_customers, churned_customers, reactivated_customers, at_risk_or_churned_pct, prefers_performance_pct, prefers_restoration_pct, support_tickets, avg_support_tickets_per_customer, avg_review_rating, top_category_l1, top_vehicle_make
FROM analytics_cache.v_customer_segment_summary_rows AS cached
UNION ALL
SELECT primary_segment, customer_count, customer_share_pct, total_revenue, revenue_share_pct, avg_revenue_per_customer, avg_order_value, avg_orders_per_customer, avg_segment_confidence, avg_days_since_last_order, new_customers, active_customers, at_risk_customers, churned_customers, reactivated_customers, at_risk_or_churned_pct, prefers_performance_pct, prefers_restoration_pct, support_tickets, avg_support_tickets_per_customer, avg_review_rating, top_category_l1, top_vehicle_make
FROM (
SELECT
    cs.primary_segment,
    count(*) AS customer_count,
    round(100.0 * count(*) / sum(count(*)) OVER (), 2) AS customer_share_pct,
    sum(cs.total_revenue) AS total_revenue,
    round(100.0 * sum(cs.total_revenue) / nullif(sum(sum(cs.total_revenue)) OVER (), 0), 2) AS revenue_share_pct,
    round(avg(cs.total_revenue), 2) AS avg_revenue_per_customer,
    round(sum(cs.total_revenue) / nullif(sum(cs.total_orders), 0), 2) AS avg_order_value,
    round(avg(cs.total_orders), 2) AS avg_orders_per_customer,
    round(avg(cs.segment_confidence), 2) AS avg_segment_confidence,
    round(avg(cs.days_since_last_order), 2) AS avg_days_since_last_order,
    count(*) FILTER (WHERE cs.lifecycle_stage = 'new') AS new_customers,
    count(*) FILTER (WHERE cs.lifecycle_stage = 'active') AS active_customers,
    count(*) FILTER (WHERE cs.lifecycle_stage = 'at_risk') AS at_risk_customers,
    count(*) FILTER (WHERE cs.lifecycle_stage = 'churned') AS churned_customers,
    count(*) FILTER (WHERE cs.lifecycle_stage = 'reactivated') AS reactivated_customers,
    round(100.0 * count(*) FILTER (WHERE cs.lifecycle_stage IN ('at_risk', 'churned')) / count(*), 2) AS at_risk_or_churned_pct,
    round(100.0 * count(*) FILTER (WHERE cs.prefers_performance) / count(*), 2) AS prefers_performance_pct,
    round(100.0 * count(*) FILTER (WHERE cs.prefers_restoration) / count(*), 2) AS prefers_restoration_pct,
    sum(cs.support_tickets_count) AS support_tickets,
    round(avg(cs.support_tickets_count), 2) AS avg_support_tickets_per_customer,
    round(avg(cs.avg_review_rating), 2) AS avg_review_rating,
    mode() WITHIN GROUP (ORDER BY cs.top_category_l1) AS top_category_l1,
    mode() WITHIN GROUP (ORDER BY cs.primary_vehicle_make) AS top_vehicle_make
FROM public.customer_segments AS cs
GROUP BY cs.primary_segment
) AS live
WHERE NOT coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] create view analytics_cache.v_vehicle_compatibility_analysis_rows
--   no table lock; in a transaction
CREATE VIEW analytics_cache.v_vehicle_compatibility_analysis_rows
    AS
SELECT cached.vehicle_make, cached.vehicle_year, cached.compatible_products, cached.categories, cached.performance_parts, cached.restoration_parts, cached.revenue_30d, cached.units_sold_30d, cached.customers, cached.customer_lifetime_revenue, cached.products_per_customer
FROM analytics_cache.v_vehicle_compatibility_analysis AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] replace view public.v_vehicle_compatibility_analysis
--   ACCESS EXCLUSIVE on public.v_vehicle_compatibility_analysis, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_vehicle_compatibility_analysis
    WITH (security_invoker = true)
    AS
SELECT vehicle_make, vehicle_year, compatible_products, categories, performance_parts, restoration_parts, revenue_30d, units_sold_30d, customers, customer_lifetime_revenue, products_per_customer
FROM analytics_cache.v_vehicle_compatibility_analysis_rows AS cached
UNION ALL
SELECT vehicle_make, vehicle_year, compatible_products, categories, performance_parts, restoration_parts, revenue_30d, units_sold_30d, customers, customer_lifetime_revenue, products_per_customer
FROM (
WITH sku AS (
    SELECT
        sp.shopify_product_id,
        sum(sp.revenue_30d) AS revenue_30d,
        sum(sp.units_sold_30d) AS units_sold_30d
    FROM public.sku_performance AS sp
    GROUP BY sp.shopify_product_id
),
-- Supply: every (make, year) a product lists fits, with its 30-day sales.
fitment AS (
    SELECT
        make.vehicle_make,
        year.vehicle_year,
        count(*) AS compatible_products,
        count(DISTINCT pc.category_l1) AS categories,
        count(*) FILTER (WHERE pc.is_performance_part) AS performance_parts,
        count(*) FILTER (WHERE pc.is_restoration_part) AS restoration_parts,
        coalesce(sum(sku.revenue_30d), 0) AS revenue_30d,
        coalesce(sum(sku.units_sold_30d), 0)::bigint AS units_sold_30d
    FROM public.product_categories AS pc
    -- DISTINCT: a make or year listed twice still counts the product once.
    CROSS JOIN LATERAL (
        SELECT DISTINCT listed.vehicle_make
        FROM unnest(pc.fits_makes) AS listed (vehicle_make)
        WHERE listed.vehicle_make IS NOT NULL
    ) AS make
    CROSS JOIN LATERAL (
        SELECT DISTINCT listed.vehicle_year
        FROM unnest(pc.fits_vehicle_years) AS listed (vehicle_year)
        WHERE listed.vehicle_year IS NOT NULL
    ) AS year
    LEFT JOIN sku ON sku.shopify_product_id = pc.shopify_product_id
    GROUP BY make.vehicle_make, year.vehicle_year
),
-- Demand: customers whose primary vehicle is that (make, year).
owners AS (
    SELECT
        cs.primary_vehicle_make AS vehicle_make,
        cs.primary_vehicle_year AS vehicle_year,
        count(*) AS customers,
        sum(cs.total_revenue) AS customer_revenue
    FROM public.customer_segments AS cs
    WHERE cs.primary_vehicle_make IS NOT NULL
      AND cs.primary_vehicle_year IS NOT NULL
    GROUP BY cs.primary_vehicle_make, cs.primary_vehicle_year
)
SELECT
    coalesce(fitment.vehicle_make, owners.vehicle_make) AS vehicle_make,
    coalesce(fitment.vehicle_year, owners.vehicle_year) AS vehicle_year,
    coalesce(fitment.compatible_products, 0) AS compatible_products,
    coalesce(fitment.categories, 0) AS categories,
    coalesce(fitment.performance_parts, 0) AS performance_parts,
    coalesce(fitment.restoration_parts, 0) AS restoration_parts,
    coalesce(fitment.revenue_30d, 0) AS revenue_30d,
    coalesce(fitment.units_sold_30d, 0) AS units_sold_30d,
    coalesce(owners.customers, 0) AS customers,
    coalesce(owners.customer_revenue, 0) AS customer_lifetime_revenue,
    round(coalesce(fitment.compatible_products, 0)::numeric / nullif(owners.customers, 0), 2) AS products_per_customer
FROM fitment
FULL JOIN owners
    ON owners.vehicle_make = fitment.vehicle_make
   AND owners.vehicle_year = fitment.vehicle_year
) AS live
WHERE NOT coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] create view analytics_cache.v_category_trends_30d_rows
--   no table lock; in a transaction
CREATE VIEW analytics_cache.v_category_trends_30d_rows
    AS
SELECT cached.snapshot_date, cached.category_l1, cached.sku_count, cached.units_sold_7d, cached.units_sold_30d, cached.estimated_revenue_7d, cached.quantity_available, cached.low_stock_skus, cached.out_of_stock_skus, cached.in_stock_rate_pct, cached.units_sold_7d_vs_prior_week_pct
FROM analytics_cache.v_category_trends_30d AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] replace view public.v_category_trends_30d
--   ACCESS EXCLUSIVE on public.v_category_trends_30d, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_category_trends_30d
    WITH (security_invoker = true)
    AS
SELECT snapshot_date, category_l1, sku_count, units_sold_7d, units_sold_30d, estimated_revenue_7d, quantity_available, low_stock_skus, out_of_stock_skus, in_stock_rate_pct, units_sold_7d_vs_prior_week_pct
FROM analytics_cache.v_category_trends_30d_rows AS cached
UNION ALL
SELECT snapshot_date, category_l1, sku_count, units_sold_7d, units_sold_30d, estimated_revenue_7d, quantity_available, low_stock_skus, out_of_stock_skus, in_stock_rate_pct, units_sold_7d_vs_prior_week_pct
FROM (
WITH unit_prices AS (
    -- The average selling price of each variant over the last 30 days, from sku_performance
    -- (summed per variant, so a variant listed twice is not counted twice).
    SELECT
        perf.shopify_variant_id,
        sum(perf.revenue_30d) / nullif(sum(perf.units_sold_30d), 0) AS unit_price
    FROM public.sku_performance AS perf
    GROUP BY perf.shopify_variant_id
),
by_day AS (
    -- 37 snapshot days: the 30 shown plus the 7 before them for the week-over-week change;
    -- the range is answered by idx_inventory_snapshots_date.
    SELECT
        snap.snapshot_date,
        cat.category_l1,
        count(*) AS sku_count,
        sum(snap.units_sold_7d) AS units_sold_7d,
        sum(snap.units_sold_30d) AS units_sold_30d,
        sum(snap.units_sold_7d * price.unit_price) AS estimated_revenue_7d,
        sum(snap.quantity_available) AS quantity_available,
        count(*) FILTER (WHERE snap.stock_status = 'low_stock') AS low_stock_skus,
        count(*) FILTER (WHERE snap.stock_status = 'out_of_stock') AS out_of_stock_skus
    FROM public.inventory_snapshots AS snap
    JOIN public.product_categories AS cat ON cat.shopify_product_id = snap.shopify_product_id
    LEFT JOIN unit_prices AS price ON price.shopify_variant_id = snap.shopify_variant_id
    WHERE snap.snapshot_date > current_date - 37
      AND snap.snapshot_date <= current_date
    GROUP BY snap.snapshot_date, cat.category_l1
)
SELECT
    cur.snapshot_date,
    cur.category_l1,
    cur.sku_count,
    cur.units_sold_7d,
    cur.units_sold_30d,
    round(cur.estimated_revenue_7d, 2) AS estimated_revenue_7d,
    cur.quantity_available,
    cur.low_stock_skus,
    cur.out_of_stock_skus,
    round(100.0 * (cur.sku_count - cur.out_of_stock_skus) / nullif(cur.sku_count, 0), 2) AS in_stock_rate_pct,
    round(100.0 * (cur.units_sold_7d - prior.units_sold_7d) / nullif(prior.units_sold_7d, 0), 2)
        AS units_sold_7d_vs_prior_week_pct
FROM by_day AS cur
LEFT JOIN by_day AS prior
    ON prior.category_l1 = cur.category_l1
   AND prior.snapshot_date = cur.snapshot_date - 7
WHERE cur.snapshot_date > current_date - 30
) AS live
WHERE NOT coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] create view analytics_cache.v_inventory_velocity_trends_rows
--   no table lock; in a transaction
CREATE VIEW analytics_cache.v_inventory_velocity_trends_rows
    AS
SELECT cached.snapshot_date, cached.velocity_tier, cached.sku_count, cached.share_of_skus_pct, cached.units_sold_7d, cached.quantity_available, cached.avg_days_of_cover, cached.skus_entered_tier, cached.skus_left_tier, cached.net_tier_moves
FROM analytics_cache.v_inventory_velocity_trends AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] replace view public.v_inventory_velocity_trends
--   ACCESS EXCLUSIVE on public.v_inventory_velocity_trends, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_inventory_velocity_trends
    WITH (security_invoker = true)
    AS
SELECT snapshot_date, velocity_tier, sku_count, share_of_skus_pct, units_sold_7d, quantity_available, avg_days_of_cover, skus_entered_tier, skus_left_tier, net_tier_moves
FROM analytics_cache.v_inventory_velocity_trends_rows AS cached
UNION ALL
SELECT snapshot_date, velocity_tier, sku_count, share_of_skus_pct, units_sold_7d, quantity_available, avg_days_of_cover, skus_entered_tier, skus_left_tier, net_tier_moves
FROM (
WITH snaps AS (
    -- The last 30 snapshot days plus the day before them (for the tier moves of the first day);
    -- the range is answered by idx_inventory_snapshots_date, never a full scan.
    SELECT
        snap.snapshot_date,
        coalesce(snap.velocity_tier, 'unclassified') AS tier,
        snap.units_sold_7d,
        snap.quantity_available,
        snap.days_of_cover,
        lag(snap.snapshot_date) OVER per_variant AS prev_date,
        lag(coalesce(snap.velocity_tier, 'unclassified')) OVER per_variant AS prev_tier
    FROM public.inventory_snapshots AS snap
    WHERE snap.snapshot_date > current_date - 31
      AND snap.snapshot_date <= current_date
    WINDOW per_variant AS (PARTITION BY snap.shopify_variant_id ORDER BY snap.snapshot_date)
),
shown AS (
    SELECT
        snaps.snapshot_date,
        snaps.tier,
        snaps.units_sold_7d,
        snaps.quantity_available,
        snaps.days_of_cover,
        snaps.prev_tier,
        snaps.prev_date = snaps.snapshot_date - 1 AND snaps.prev_tier <> snaps.tier AS moved
    FROM snaps
    WHERE snaps.snapshot_date > current_date - 30
),
tiers AS (
    SELECT
        shown.snapshot_date,
        shown.tier,
        count(*) AS sku_count,
        sum(shown.units_sold_7d) AS units_sold_7d,
        sum(shown.quantity_available) AS quantity_available,
        round(avg(shown.days_of_cover), 2) AS avg_days_of_cover,
        count(*) FILTER (WHERE shown.moved) AS skus_entered
    FROM shown
    GROUP BY shown.snapshot_date, shown.tier
),
leavers AS (
    SELECT
        shown.snapshot_date,
        shown.prev_tier AS tier,
        count(*) AS skus_left
    FROM shown
    WHERE shown.moved
    GROUP BY shown.snapshot_date, shown.prev_tier
),
day_totals AS (
    SELECT shown.snapshot_date, count(*) AS sku_count
    FROM shown
    GROUP BY shown.snapshot_date
)
SELECT
    day_totals.snapshot_date,
    coalesce(tiers.tier, leavers.tier)::text AS velocity_tier,
    coalesce(tiers.sku_count, 0) AS sku_count,
    round(100.0 * coalesce(tiers.sku_count, 0) / nullif(day_totals.sku_count, 0), 2) AS share_of_skus_pct,
    coalesce(tiers.units_sold_7d, 0) AS units_sold_7d,
    coalesce(tiers.quantity_available, 0) AS quantity_available,
    tiers.avg_days_of_cover,
    coalesce(tiers.skus_entered, 0) AS skus_entered_tier,
    coalesce(leavers.skus_left, 0) AS skus_left_tier,
    coalesce(tiers.skus_entered, 0) - coalesce(leavers.skus_left, 0) AS net_tier_moves
FROM tiers
FULL JOIN leavers
    ON leavers.snapshot_date = tiers.snapshot_date
   AND leavers.tier = tiers.tier
JOIN day_totals ON day_totals.snapshot_date = coalesce(tiers.snapshot_date, leavers.snapshot_date)
) AS live
WHERE NOT coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] create view analytics_cache.v_customer_segment_trends_rows
--   no table lock; in a transaction
CREATE VIEW analytics_cache.v_customer_segment_trends_rows
    AS
SELECT cached.period_start, cached.period_end, cached.periods_ago, cached.primary_segment, cached.customers_segmented, cached.share_of_period_pct, cached.avg_segment_confidence, cached.revenue_of_segmented, cached.at_risk_or_churned, cached.segment_size_at_period_end
FROM analytics_cache.v_customer_segment_trends AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] replace view public.v_customer_segment_trends
--   ACCESS EXCLUSIVE on public.v_customer_segment_trends, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_customer_segment_trends
    WITH (security_invoker = true)
    AS
SELECT period_start, period_end, periods_ago, primary_segment, customers_segmented, share_of_period_pct, avg_segment_confidence, revenue_of_segmented, at_risk_or_churned, segment_size_at_period_end
FROM analytics_cache.v_customer_segment_trends_rows AS cached
UNION ALL
SELECT period_start, period_end, periods_ago, primary_segment, customers_segmented, share_of_period_pct, avg_segment_confidence, revenue_of_segmented, at_risk_or_churned, segment_size_at_period_end
FROM (
WITH periods AS (
    -- Six consecutive 30-day periods ending today: 0 is today and the 29 days before it.
    SELECT
        n AS periods_ago,
        current_date - (30 * n + 29) AS period_start,
        current_date - 30 * n AS period_end
    FROM generate_series(0, 5) AS n
),
buckets AS (
    -- One pass over the customers: each lands in the period its segment was
    -- assigned in (6 = before the oldest period, -1 = after today).
    SELECT
        customer.primary_segment,
        CASE
            WHEN customer.segmented_at::date > current_date THEN -1
            WHEN customer.segmented_at::date < current_date - 179 THEN 6
            ELSE (current_date - customer.segmented_at::date) / 30
        END AS periods_ago,
        count(*) AS customers,
        sum(customer.segment_confidence) AS confidence_sum,
        sum(customer.total_revenue) AS revenue,
        count(*) FILTER (WHERE customer.lifecycle_stage IN ('at_risk', 'churned')) AS at_risk_or_churned
    FROM public.customer_segments AS customer
    GROUP BY 1, 2
),
stats AS (
    SELECT
        periods.periods_ago,
        periods.period_start,
        periods.period_end,
        segments.primary_segment,
        coalesce(current_bucket.customers, 0) AS customers_segmented,
        round(current_bucket.confidence_sum / current_bucket.customers, 3) AS avg_segment_confidence,
        coalesce(current_bucket.revenue, 0) AS revenue_of_segmented,
        coalesce(current_bucket.at_risk_or_churned, 0) AS at_risk_or_churned,
        (
            SELECT coalesce(sum(earlier.customers), 0)::bigint
            FROM buckets AS earlier
            WHERE earlier.primary_segment = segments.primary_segment
              AND earlier.periods_ago >= periods.periods_ago
        ) AS segment_size_at_period_end
    FROM periods
    CROSS JOIN (SELECT DISTINCT buckets.primary_segment FROM buckets) AS segments
    LEFT JOIN buckets AS current_bucket
        ON current_bucket.primary_segment = segments.primary_segment
       AND current_bucket.periods_ago = periods.periods_ago
)
SELECT
    stats.period_start,
    stats.period_end,
    stats.periods_ago,
    stats.primary_segment,
    stats.customers_segmented,
    round(
        100.0 * stats.customers_segmented
            / nullif(sum(stats.customers_segmented) OVER (PARTITION BY stats.periods_ago), 0),
        2
    ) AS share_of_period_pct,
    stats.avg_segment_confidence,
    stats.revenue_of_segmented,
    stats.at_risk_or_churned,
    stats.segment_size_at_period_end
FROM stats
) AS live
WHERE NOT coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] create view analytics_cache.v_data_quality_comprehensive_rows
--   no table lock; in a transaction
CREATE VIEW analytics_cache.v_data_quality_comprehensive_rows
    AS
SELECT cached.check_name, cached.table_name, cached.status, cached.failing_rows, cached.details
FROM analytics_cache.v_data_quality_comprehensive AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] replace view public.v_data_quality_comprehensive
--   ACCESS EXCLUSIVE on public.v_data_quality_comprehensive, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_data_quality_comprehensive
    WITH (security_invoker = true)
    AS
SELECT check_name, table_name, status, failing_rows, details
FROM analytics_cache.v_data_quality_comprehensive_rows AS cached
UNION ALL
SELECT check_name, table_name, status, failing_rows, details
FROM (
WITH sales_30d AS (
    -- Days of the last 30 (today and the 29 before), by idx_sales_metrics_date.
    SELECT
        sales.total_revenue,
        sales.total_orders,
        sales.avg_order_value,
        sales.orders_fulfilled,
        sales.fulfillment_rate_pct
    FROM public.sales_metrics_daily AS sales
    WHERE sales.date > current_date - 30
      AND sales.date <= current_date
),
missing_days AS (
    -- The 30 days ending yesterday (the row for today may not be loaded yet).
    SELECT count(*) AS failing
    FROM generate_series(1, 30) AS back(days)
    WHERE NOT EXISTS (
        SELECT 1 FROM public.sales_metrics_daily AS sales WHERE sales.date = current_date - back.days
    )
),
sales_consistency AS (
    SELECT
        count(*) FILTER (
            WHERE sales_30d.total_orders > 0
              AND (sales_30d.avg_order_value IS NULL
                   OR abs(sales_30d.avg_order_value - sales_30d.total_revenue / sales_30d.total_orders) > 0.01)
        ) AS aov_mismatches,
        count(*) FILTER (
            WHERE sales_30d.orders_fulfilled > sales_30d.total_orders
               OR (sales_30d.total_orders > 0
                   AND (sales_30d.fulfillment_rate_pct IS NULL
                        OR abs(sales_30d.fulfillment_rate_pct
                               - 100.0 * sales_30d.orders_fulfilled / sales_30d.total_orders) > 0.01))
        ) AS fulfillment_rate_mismatches
    FROM sales_30d
),
sla_flags AS (
    SELECT
        count(*) FILTER (
            WHERE fulfillment.fulfilled_at IS NOT NULL
              AND fulfillment.is_sla_breach <> (fulfillment.fulfilled_at > fulfillment.sla_deadline)
        ) AS fulfilled_mismatches,
        count(*) FILTER (
            WHERE fulfillment.fulfilled_at IS NULL
              AND fulfillment.is_sla_breach <> (now() > fulfillment.sla_deadline)
        ) AS open_mismatches
    FROM public.fulfillment_tracking AS fulfillment
    WHERE fulfillment.order_created_at >= (current_date - 29)::timestamptz
      AND fulfillment.fulfillment_status <> 'cancelled'
      AND fulfillment.sla_deadline IS NOT NULL
),
cx AS (
    SELECT
        count(*) FILTER (
            WHERE conversation.status = 'resolved' AND conversation.resolved_at IS NULL
        ) AS resolved_without_resolved_at,
        count(*) FILTER (
            WHERE conversation.first_response_at < conversation.conversation_created_at
               OR conversation.resolved_at < conversation.conversation_created_at
        ) AS out_of_order
    FROM public.cx_conversations AS conversation
    WHERE conversation.conversation_created_at >= (current_date - 29)::timestamptz
),
latest_snapshot AS (
    SELECT snap.sku, snap.quantity_available, snap.stock_status
    FROM public.inventory_snapshots AS snap
    WHERE snap.snapshot_date = (SELECT max(newest.snapshot_date) FROM public.inventory_snapshots AS newest)
),
implausible_stock AS (
    SELECT count(*) AS failing
    FROM latest_snapshot
    WHERE latest_snapshot.quantity_available < 0
       OR (latest_snapshot.stock_status = 'out_of_stock' AND latest_snapshot.quantity_available > 0)
       OR (latest_snapshot.stock_status IN ('in_stock', 'overstock') AND latest_snapshot.quantity_available <= 0)
),
duplicate_skus AS (
    SELECT count(*) AS skus, coalesce(sum(dup.row_count), 0)::bigint AS failing
    FROM (
        SELECT latest_snapshot.sku, count(*) AS row_count
        FROM latest_snapshot
        GROUP BY latest_snapshot.sku
        HAVING count(*) > 1
    ) AS dup
),
freshness AS (
    SELECT
        count(*) AS monitored,
        count(*) FILTER (WHERE monitor.status <> 'fresh') AS not_fresh,
        count(*) FILTER (WHERE monitor.status IN ('stale', 'empty')) AS stale_or_empty,
        string_agg(monitor.table_name || ' (' || monitor.status || ')', ', ' ORDER BY monitor.table_name)
            FILTER (WHERE monitor.status <> 'fresh') AS listing
    FROM public.v_data_freshness_monitoring AS monitor
),
confidence AS (
    SELECT
        count(*) AS customers,
        count(*) FILTER (WHERE customer.segment_confidence < 0.5) AS failing
    FROM public.customer_segments AS customer
)
SELECT
    'sales_missing_days'::text AS check_name,
    'sales_metrics_daily'::text AS table_name,
    CASE WHEN missing_days.failing = 0 THEN 'pass' WHEN missing_days.failing <= 2 THEN 'warn' ELSE 'fail' END::text
        AS status,
    missing_days.failing AS failing_rows,
    format('%s of the 30 days ending yesterday have no row', missing_days.failing) AS details
FROM missing_days
UNION ALL
SELECT
    'sales_aov_mismatch'::text,
    'sales_metrics_daily'::text,
    CASE WHEN sales_consistency.aov_mismatches = 0 THEN 'pass' ELSE 'fail' END::text,
    sales_consistency.aov_mismatches,
    format('%s day(s) of the last 30 with orders whose avg_order_value is missing or off total_revenue / total_orders by more than 0.01',
           sales_consistency.aov_mismatches)
FROM sales_consistency
UNION ALL
SELECT
    'sales_fulfillment_rate_mismatch'::text,
    'sales_metrics_daily'::text,
    CASE WHEN sales_consistency.fulfillment_rate_mismatches = 0 THEN 'pass' ELSE 'fail' END::text,
    sales_consistency.fulfillment_rate_mismatches,
    format('%s day(s) of the last 30 with more orders fulfilled than placed, or a fulfillment_rate_pct missing or off 100 * orders_fulfilled / total_orders by more than 0.01',
           sales_consistency.fulfillment_rate_mismatches)
FROM sales_consistency
UNION ALL
SELECT
    'fulfillment_sla_flag_mismatch'::text,
    'fulfillment_tracking'::text,
    CASE
        WHEN sla_flags.fulfilled_mismatches > 0 THEN 'fail'
        WHEN sla_flags.open_mismatches > 0 THEN 'warn'
        ELSE 'pass'
    END::text,
    sla_flags.fulfilled_mismatches + sla_flags.open_mismatches,
    format('%s fulfilled and %s open order(s) of the last 30 days whose is_sla_breach disagrees with sla_deadline',
           sla_flags.fulfilled_mismatches, sla_flags.open_mismatches)
FROM sla_flags
UNION ALL
SELECT
    'cx_resolved_without_resolved_at'::text,
    'cx_conversations'::text,
    CASE WHEN cx.resolved_without_resolved_at = 0 THEN 'pass' ELSE 'fail' END::text,
    cx.resolved_without_resolved_at,
    format('%s resolved conversation(s) of the last 30 days without resolved_at', cx.resolved_without_resolved_at)
FROM cx
UNION ALL
SELECT
    'cx_timestamps_out_of_order'::text,
    'cx_conversations'::text,
    CASE WHEN cx.out_of_order = 0 THEN 'pass' ELSE 'fail' END::text,
    cx.out_of_order,
    format('%s conversation(s) of the last 30 days with first_response_at or resolved_at before conversation_created_at',
           cx.out_of_order)
FROM cx
UNION ALL
SELECT
    'inventory_implausible_stock'::text,
    'inventory_snapshots'::text,
    CASE WHEN implausible_stock.failing = 0 THEN 'pass' ELSE 'fail' END::text,
    implausible_stock.failing,
    format('%s row(s) of the latest snapshot with negative stock or a stock_status contradicting quantity_available',
           implausible_stock.failing)
FROM implausible_stock
UNION ALL
SELECT
    'inventory_duplicate_skus'::text,
    'inventory_snapshots'::text,
    CASE WHEN duplicate_skus.failing = 0 THEN 'pass' ELSE 'fail' END::text,
    duplicate_skus.failing,
    format('%s SKU(s) on more than one row (%s rows) of the latest snapshot', duplicate_skus.skus, duplicate_skus.failing)
FROM duplicate_skus
UNION ALL
SELECT
    'stale_data'::text,
    'monitored tables'::text,
    CASE WHEN freshness.stale_or_empty > 0 THEN 'fail' WHEN freshness.not_fresh > 0 THEN 'warn' ELSE 'pass' END::text,
    freshness.not_fresh,
    CASE
        WHEN freshness.not_fresh = 0 THEN format('All %s monitored tables are fresh', freshness.monitored)
        ELSE format('%s of %s monitored tables not fresh: %s', freshness.not_fresh, freshness.monitored, freshness.listing)
    END
FROM freshness
UNION ALL
SELECT
    'customer_low_segment_confidence'::text,
    'customer_segments'::text,
    CASE
        WHEN confidence.failing = 0 THEN 'pass'
        WHEN 10 * confidence.failing <= confidence.customers THEN 'warn'
        ELSE 'fail'
    END::text,
    confidence.failing,
    format('%s of %s customers have segment_confidence below 0.5', confidence.failing, confidence.customers)
FROM confidence
) AS live
WHERE NOT coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] create view analytics_cache.v_data_completeness_metrics_rows
--   no table lock; in a transaction
CREATE VIEW analytics_cache.v_data_completeness_metrics_rows
    AS
SELECT cached.table_name, cached.column_name, cached.scope, cached.total_rows, cached.null_rows, cached.null_pct, cached.completeness_pct
FROM analytics_cache.v_data_completeness_metrics AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] replace view public.v_data_completeness_metrics
--   ACCESS EXCLUSIVE on public.v_data_completeness_metrics, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_data_completeness_metrics
    WITH (security_invoker = true)
    AS
SELECT table_name, column_name, scope, total_rows, null_rows, null_pct, completeness_pct
FROM analytics_cache.v_data_completeness_metrics_rows AS cached
UNION ALL
SELECT table_name, column_name, scope, total_rows, null_rows, null_pct, completeness_pct
FROM (
WITH sales AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE day.avg_order_value IS NULL) AS avg_order_value,
        count(*) FILTER (WHERE day.fulfillment_rate_pct IS NULL) AS fulfillment_rate_pct,
        count(*) FILTER (WHERE day.revenue_vs_last_week_pct IS NULL) AS revenue_vs_last_week_pct,
        count(*) FILTER (WHERE day.orders_vs_last_week_pct IS NULL) AS orders_vs_last_week_pct
    FROM public.sales_metrics_daily AS day
    WHERE day.date > current_date - 30
      AND day.date <= current_date
),
snapshot AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE snap.avg_daily_sales IS NULL) AS avg_daily_sales,
        count(*) FILTER (WHERE snap.days_of_cover IS NULL) AS days_of_cover,
        count(*) FILTER (WHERE snap.reorder_point IS NULL) AS reorder_point,
        count(*) FILTER (WHERE snap.velocity_tier IS NULL) AS velocity_tier
    FROM public.inventory_snapshots AS snap
    WHERE snap.snapshot_date = (SELECT max(newest.snapshot_date) FROM public.inventory_snapshots AS newest)
),
skus AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE perf.days_of_inventory IS NULL) AS days_of_inventory,
        count(*) FILTER (WHERE perf.trend_direction IS NULL) AS trend_direction,
        count(*) FILTER (WHERE perf.last_sale_at IS NULL) AS last_sale_at
    FROM public.sku_performance AS perf
),
categories AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE cat.category_l2 IS NULL) AS category_l2,
        count(*) FILTER (WHERE cat.avg_order_value IS NULL) AS avg_order_value,
        count(*) FILTER (WHERE cat.margin_pct IS NULL) AS margin_pct,
        count(*) FILTER (WHERE cat.inventory_velocity IS NULL) AS inventory_velocity
    FROM public.product_categories AS cat
),
customers AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE customer.avg_order_value IS NULL) AS avg_order_value,
        count(*) FILTER (WHERE customer.days_since_last_order IS NULL) AS days_since_last_order,
        count(*) FILTER (WHERE customer.top_category_l1 IS NULL) AS top_category_l1,
        count(*) FILTER (WHERE customer.primary_vehicle_year IS NULL) AS primary_vehicle_year
    FROM public.customer_segments AS customer
),
orders AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE fulfillment.customer_segment IS NULL) AS customer_segment,
        count(*) FILTER (WHERE fulfillment.sla_deadline IS NULL) AS sla_deadline,
        count(*) FILTER (WHERE fulfillment.fulfillment_status = 'fulfilled') AS fulfilled_rows,
        count(*) FILTER (
            WHERE fulfillment.fulfillment_status = 'fulfilled' AND fulfillment.fulfilled_at IS NULL
        ) AS fulfilled_at,
        count(*) FILTER (
            WHERE fulfillment.fulfillment_status = 'fulfilled' AND fulfillment.days_to_fulfill IS NULL
        ) AS days_to_fulfill
    FROM public.fulfillment_tracking AS fulfillment
    WHERE fulfillment.order_created_at >= (current_date - 29)::timestamptz
),
conversations AS (
    SELECT
        count(*) AS total_rows,
        count(*) FILTER (WHERE conversation.customer_segment IS NULL) AS customer_segment,
        count(*) FILTER (WHERE conversation.sentiment IS NULL) AS sentiment,
        count(*) FILTER (WHERE conversation.first_response_at IS NULL) AS first_response_at
    FROM public.cx_conversations AS conversation
    WHERE conversation.conversation_created_at >= (current_date - 29)::timestamptz
),
measured (table_name, column_name, scope, total_rows, null_rows) AS (
    SELECT 'sales_metrics_daily'::text, col.name, 'last 30 days'::text, sales.total_rows, col.null_rows
    FROM sales
    CROSS JOIN LATERAL (VALUES
        ('avg_order_value'::text, sales.avg_order_value),
        ('fulfillment_rate_pct', sales.fulfillment_rate_pct),
        ('revenue_vs_last_week_pct', sales.revenue_vs_last_week_pct),
        ('orders_vs_last_week_pct', sales.orders_vs_last_week_pct)
    ) AS col(name, null_rows)
    UNION ALL
    SELECT 'inventory_snapshots', col.name, 'latest snapshot', snapshot.total_rows, col.null_rows
    FROM snapshot
    CROSS JOIN LATERAL (VALUES
        ('avg_daily_sales'::text, snapshot.avg_daily_sales),
        ('days_of_cover', snapshot.days_of_cover),
        ('reorder_point', snapshot.reorder_point),
        ('velocity_tier', snapshot.velocity_tier)
    ) AS col(name, null_rows)
    UNION ALL
    SELECT 'sku_performance', col.name, 'all rows', skus.total_rows, col.null_rows
    FROM skus
    CROSS JOIN LATERAL (VALUES
        ('days_of_inventory'::text, skus.days_of_inventory),
        ('trend_direction', skus.trend_direction),
        ('last_sale_at', skus.last_sale_at)
    ) AS col(name, null_rows)
    UNION ALL
    SELECT 'product_categories', col.name, 'all rows', categories.total_rows, col.null_rows
    FROM categories
    CROSS JOIN LATERAL (VALUES
        ('category_l2'::text, categories.category_l2),
        ('avg_order_value', categories.avg_order_value),
        ('margin_pct', categories.margin_pct),
        ('inventory_velocity', categories.inventory_velocity)
    ) AS col(name, null_rows)
    UNION ALL
    SELECT 'customer_segments', col.name, 'all rows', customers.total_rows, col.null_rows
    FROM customers
    CROSS JOIN LATERAL (VALUES
        ('avg_order_value'::text, customers.avg_order_value),
        ('days_since_last_order', customers.days_since_last_order),
        ('top_category_l1', customers.top_category_l1),
        ('primary_vehicle_year', customers.primary_vehicle_year)
    ) AS col(name, null_rows)
    UNION ALL
    SELECT 'fulfillment_tracking', col.name, col.scope, col.total_rows, col.null_rows
    FROM orders
    CROSS JOIN LATERAL (VALUES
        ('customer_segment'::text, 'orders of the last 30 days'::text, orders.total_rows, orders.customer_segment),
        ('sla_deadline', 'orders of the last 30 days', orders.total_rows, orders.sla_deadline),
        ('fulfilled_at', 'fulfilled orders of the last 30 days', orders.fulfilled_rows, orders.fulfilled_at),
        ('days_to_fulfill', 'fulfilled orders of the last 30 days', orders.fulfilled_rows, orders.days_to_fulfill)
    ) AS col(name, scope, total_rows, null_rows)
    UNION ALL
    SELECT 'cx_conversations', col.name, 'conversations of the last 30 days', conversations.total_rows, col.null_rows
    FROM conversations
    CROSS JOIN LATERAL (VALUES
        ('customer_segment'::text, conversations.customer_segment),
        ('sentiment', conversations.sentiment),
        ('first_response_at', conversations.first_response_at)
    ) AS col(name, null_rows)
)
SELECT
    measured.table_name,
    measured.column_name,
    measured.scope,
    measured.total_rows,
    measured.null_rows,
    round(100.0 * measured.null_rows / nullif(measured.total_rows, 0), 2) AS null_pct,
    round(100.0 * (measured.total_rows - measured.null_rows) / nullif(measured.total_rows, 0), 2) AS completeness_pct
FROM measured
) AS live
WHERE NOT coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] replace view public.v_recent_decisions
--   ACCESS EXCLUSIVE on public.v_recent_decisions, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_recent_decisions
    WITH (security_invoker = true)
    AS
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
ORDER BY log.created_at DESC, log.id DESC;

-- [safe] create view analytics_cache.v_decisions_by_actor_rows
--   no table lock; in a transaction
CREATE VIEW analytics_cache.v_decisions_by_actor_rows
    AS
SELECT cached.actor, cached.decisions, cached.decisions_7d, cached.shops, cached.scopes, cached.approvals, cached.rejections, cached.modifications, cached.escalations, cached.deferrals, cached.approval_rate_pct, cached.escalation_rate_pct, cached.first_decision_at, cached.last_decision_at
FROM analytics_cache.v_decisions_by_actor AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] replace view public.v_decisions_by_actor
--   ACCESS EXCLUSIVE on public.v_decisions_by_actor, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_decisions_by_actor
    WITH (security_invoker = true)
    AS
SELECT actor, decisions, decisions_7d, shops, scopes, approvals, rejections, modifications, escalations, deferrals, approval_rate_pct, escalation_rate_pct, first_decision_at, last_decision_at
FROM analytics_cache.v_decisions_by_actor_rows AS cached
UNION ALL
SELECT actor, decisions, decisions_7d, shops, scopes, approvals, rejections, modifications, escalations, deferrals, approval_rate_pct, escalation_rate_pct, first_decision_at, last_decision_at
FROM (
-- One row per actor with decisions in the last 30 days (a rolling window
-- ending now). The range on created_at is served by idx_audit_log_created_at.
SELECT
    log.actor,
    count(*) AS decisions,
    count(*) FILTER (WHERE log.created_at >= now() - interval '7 days') AS decisions_7d,
    count(DISTINCT log.shop_domain) AS shops,
    count(DISTINCT log.scope) AS scopes,
    count(*) FILTER (WHERE log.action = 'approve') AS approvals,
    count(*) FILTER (WHERE log.action = 'reject') AS rejections,
    count(*) FILTER (WHERE log.action = 'modify') AS modifications,
    count(*) FILTER (WHERE log.action = 'escalate') AS escalations,
    count(*) FILTER (WHERE log.action = 'defer') AS deferrals,
    round(100.0 * count(*) FILTER (WHERE log.action = 'approve') / count(*), 2)::numeric AS approval_rate_pct,
    round(100.0 * count(*) FILTER (WHERE log.action = 'escalate') / count(*), 2)::numeric AS escalation_rate_pct,
    min(log.created_at) AS first_decision_at,
    max(log.created_at) AS last_decision_at
FROM public.audit_log AS log
WHERE log.created_at >= now() - interval '30 days'
GROUP BY log.actor
) AS live
WHERE NOT coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] create view analytics_cache.v_decisions_by_scope_rows
--   no table lock; in a transaction
CREATE VIEW analytics_cache.v_decisions_by_scope_rows
    AS
SELECT cached.scope, cached.decisions, cached.share_of_decisions_pct, cached.approvals, cached.rejections, cached.modifications, cached.escalations, cached.deferrals, cached.approval_rate_pct, cached.actors, cached.shops, cached.last_decision_at
FROM analytics_cache.v_decisions_by_scope AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] replace view public.v_decisions_by_scope
--   ACCESS EXCLUSIVE on public.v_decisions_by_scope, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_decisions_by_scope
    WITH (security_invoker = true)
    AS
SELECT scope, decisions, share_of_decisions_pct, approvals, rejections, modifications, escalations, deferrals, approval_rate_pct, actors, shops, last_decision_at
FROM analytics_cache.v_decisions_by_scope_rows AS cached
UNION ALL
SELECT scope, decisions, share_of_decisions_pct, approvals, rejections, modifications, escalations, deferrals, approval_rate_pct, actors, shops, last_decision_at
FROM (
-- One row per scope with decisions in the last 30 days (a rolling window
-- ending now): how its decisions split by action, and its share of all of them.
SELECT
    log.scope,
    count(*) AS decisions,
    round(100.0 * count(*) / sum(count(*)) OVER (), 2)::numeric AS share_of_decisions_pct,
    count(*) FILTER (WHERE log.action = 'approve') AS approvals,
    count(*) FILTER (WHERE log.action = 'reject') AS rejections,
    count(*) FILTER (WHERE log.action = 'modify') AS modifications,
    count(*) FILTER (WHERE log.action = 'escalate') AS escalations,
    count(*) FILTER (WHERE log.action = 'defer') AS deferrals,
    round(100.0 * count(*) FILTER (WHERE log.action = 'approve') / count(*), 2)::numeric AS approval_rate_pct,
    count(DISTINCT log.actor) AS actors,
    count(DISTINCT log.shop_domain) AS shops,
    max(log.created_at) AS last_decision_at
FROM public.audit_log AS log
WHERE log.created_at >= now() - interval '30 days'
GROUP BY log.scope
) AS live
WHERE NOT coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] create view analytics_cache.v_audit_export_rows
--   no table lock; in a transaction
CREATE VIEW analytics_cache.v_audit_export_rows
    AS
SELECT cached.id, cached.created_at, cached.created_at_utc, cached.created_date_utc, cached.actor, cached.shop_domain, cached.scope, cached.action, cached.details_text, cached.details_json, cached.is_archived, cached.archived_at
FROM analytics_cache.v_audit_export AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] replace view public.v_audit_export
--   ACCESS EXCLUSIVE on public.v_audit_export, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_audit_export
    WITH (security_invoker = true)
    AS
SELECT id, created_at, created_at_utc, created_date_utc, actor, shop_domain, scope, action, details_text, details_json, is_archived, archived_at
FROM analytics_cache.v_audit_export_rows AS cached
UNION ALL
SELECT id, created_at, created_at_utc, created_date_utc, actor, shop_domain, scope, action, details_text, details_json, is_archived, archived_at
FROM (
SELECT *
FROM (
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
) AS declared
ORDER BY created_at DESC, id DESC
) AS live
WHERE NOT coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] create view analytics_cache.v_export_product_performance_rows
--   no table lock; in a transaction
CREATE VIEW analytics_cache.v_export_product_performance_rows
    AS
SELECT cached.sku, cached.shopify_product_id, cached.shopify_variant_id, cached.category_l1, cached.category_l2, cached.category_l3, cached.is_performance_part, cached.is_restoration_part, cached.is_custom_fabrication, cached.fits_vehicle_years, cached.fits_makes, cached.fits_models, cached.inventory_velocity, cached.margin_pct, cached.revenue_30d, cached.units_sold_30d, cached.orders_30d, cached.avg_unit_price_30d, cached.estimated_gross_profit_30d, cached.current_inventory, cached.days_of_inventory, cached.is_trending, cached.trend_direction, cached.last_sale_at, cached.latest_snapshot_date, cached.stock_status, cached.velocity_tier, cached.updated_at, cached.sku_performance_id
FROM analytics_cache.v_export_product_performance AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] replace view public.v_export_product_performance
--   ACCESS EXCLUSIVE on public.v_export_product_performance, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_export_product_performance
    WITH (security_invoker = true)
    AS
SELECT sku, shopify_product_id, shopify_variant_id, category_l1, category_l2, category_l3, is_performance_part, is_restoration_part, is_custom_fabrication, fits_vehicle_years, fits_makes, fits_models, inventory_velocity, margin_pct, revenue_30d, units_sold_30d, orders_30d, avg_unit_price_30d, estimated_gross_profit_30d, current_inventory, days_of_inventory, is_trending, trend_direction, last_sale_at, latest_snapshot_date, stock_status, velocity_tier, updated_at, sku_performance_id
FROM analytics_cache.v_export_product_performance_rows AS cached
UNION ALL
SELECT sku, shopify_product_id, shopify_variant_id, category_l1, category_l2, category_l3, is_performance_part, is_restoration_part, is_custom_fabrication, fits_vehicle_years, fits_makes, fits_models, inventory_velocity, margin_pct, revenue_30d, units_sold_30d, orders_30d, avg_unit_price_30d, estimated_gross_profit_30d, current_inventory, days_of_inventory, is_trending, trend_direction, last_sale_at, latest_snapshot_date, stock_status, velocity_tier, updated_at, sku_performance_id
FROM (
SELECT *
FROM (
SELECT
    perf.sku,
    perf.shopify_product_id,
    perf.shopify_variant_id,
    cat.category_l1,
    cat.category_l2,
    cat.category_l3,
    cat.is_performance_part,
    cat.is_restoration_part,
    cat.is_custom_fabrication,
    cat.fits_vehicle_years,
    cat.fits_makes,
    cat.fits_models,
    cat.inventory_velocity,
    cat.margin_pct,
    perf.revenue_30d,
    perf.units_sold_30d,
    perf.orders_30d,
    round(perf.revenue_30d / nullif(perf.units_sold_30d, 0), 2) AS avg_unit_price_30d,
    round(perf.revenue_30d * cat.margin_pct / 100, 2) AS estimated_gross_profit_30d,
    perf.current_inventory,
    perf.days_of_inventory,
    perf.is_trending,
    perf.trend_direction,
    perf.last_sale_at,
    snap.snapshot_date AS latest_snapshot_date,
    snap.stock_status,
    snap.velocity_tier,
    perf.updated_at,
    perf.id AS sku_performance_id
FROM public.sku_performance AS perf
LEFT JOIN public.product_categories AS cat ON cat.shopify_product_id = perf.shopify_product_id
LEFT JOIN public.inventory_snapshots AS snap
    ON snap.shopify_variant_id = perf.shopify_variant_id
   AND snap.snapshot_date = (SELECT max(newest.snapshot_date) FROM public.inventory_snapshots AS newest)
) AS declared
ORDER BY sku, sku_performance_id
) AS live
WHERE NOT coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);

-- [safe] drop function analytics_cache.v_data_quality_comprehensive_rows()
--   no table lock; in a transaction
-- squawk-ignore ban-drop-function
DROP FUNCTION analytics_cache.v_data_quality_comprehensive_rows();

-- [safe] drop function analytics_cache.v_vehicle_compatibility_analysis_rows()
--   no table lock; in a transaction
-- squawk-ignore ban-drop-function
DROP FUNCTION analytics_cache.v_vehicle_compatibility_analysis_rows();

-- [safe] drop function analytics_cache.v_inventory_velocity_trends_rows()
--   no table lock; in a transaction
-- squawk-ignore ban-drop-function
DROP FUNCTION analytics_cache.v_inventory_velocity_trends_rows();

-- [safe] drop function analytics_cache.v_data_completeness_metrics_rows()
--   no table lock; in a transaction
-- squawk-ignore ban-drop-function
DROP FUNCTION analytics_cache.v_data_completeness_metrics_rows();

-- [safe] drop function analytics_cache.v_customer_segment_trends_rows()
--   no table lock; in a transaction
-- squawk-ignore ban-drop-function
DROP FUNCTION analytics_cache.v_customer_segment_trends_rows();

-- [safe] drop function analytics_cache.v_customer_segment_summary_rows()
--   no table lock; in a transaction
-- squawk-ignore ban-drop-function
DROP FUNCTION analytics_cache.v_customer_segment_summary_rows();

-- [safe] drop function analytics_cache.v_category_trends_30d_rows()
--   no table lock; in a transaction
-- squawk-ignore ban-drop-function
DROP FUNCTION analytics_cache.v_category_trends_30d_rows();

-- [safe] privileges on materialized view analytics_cache.v_audit_export
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_audit_export FROM PUBLIC, anon, authenticated, service_role;

-- [safe] privileges on function analytics_cache.refresh_v_audit_export()
--   no table lock; in a transaction
REVOKE ALL ON FUNCTION analytics_cache.refresh_v_audit_export() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.refresh_v_audit_export() TO service_role;

-- [safe] privileges on materialized view analytics_cache.v_decisions_by_actor
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_decisions_by_actor FROM PUBLIC, anon, authenticated, service_role;

-- [safe] privileges on function analytics_cache.refresh_v_decisions_by_actor()
--   no table lock; in a transaction
REVOKE ALL ON FUNCTION analytics_cache.refresh_v_decisions_by_actor() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.refresh_v_decisions_by_actor() TO service_role;

-- [safe] privileges on materialized view analytics_cache.v_decisions_by_scope
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_decisions_by_scope FROM PUBLIC, anon, authenticated, service_role;

-- [safe] privileges on function analytics_cache.refresh_v_decisions_by_scope()
--   no table lock; in a transaction
REVOKE ALL ON FUNCTION analytics_cache.refresh_v_decisions_by_scope() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.refresh_v_decisions_by_scope() TO service_role;

-- [safe] privileges on materialized view analytics_cache.v_export_product_performance
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_export_product_performance FROM PUBLIC, anon, authenticated, service_role;

-- [safe] privileges on function analytics_cache.refresh_v_export_product_performance()
--   no table lock; in a transaction
REVOKE ALL ON FUNCTION analytics_cache.refresh_v_export_product_performance() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.refresh_v_export_product_performance() TO service_role;

-- [safe] privileges on view analytics_cache.v_customer_segment_summary_rows
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_customer_segment_summary_rows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE analytics_cache.v_customer_segment_summary_rows TO authenticated;
GRANT SELECT ON TABLE analytics_cache.v_customer_segment_summary_rows TO service_role;

-- [safe] privileges on view analytics_cache.v_vehicle_compatibility_analysis_rows
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_vehicle_compatibility_analysis_rows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE analytics_cache.v_vehicle_compatibility_analysis_rows TO authenticated;
GRANT SELECT ON TABLE analytics_cache.v_vehicle_compatibility_analysis_rows TO service_role;

-- [safe] privileges on view analytics_cache.v_category_trends_30d_rows
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_category_trends_30d_rows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE analytics_cache.v_category_trends_30d_rows TO authenticated;
GRANT SELECT ON TABLE analytics_cache.v_category_trends_30d_rows TO service_role;

-- [safe] privileges on view analytics_cache.v_inventory_velocity_trends_rows
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_inventory_velocity_trends_rows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE analytics_cache.v_inventory_velocity_trends_rows TO authenticated;
GRANT SELECT ON TABLE analytics_cache.v_inventory_velocity_trends_rows TO service_role;

-- [safe] privileges on view analytics_cache.v_customer_segment_trends_rows
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_customer_segment_trends_rows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE analytics_cache.v_customer_segment_trends_rows TO authenticated;
GRANT SELECT ON TABLE analytics_cache.v_customer_segment_trends_rows TO service_role;

-- [safe] privileges on view analytics_cache.v_data_quality_comprehensive_rows
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_data_quality_comprehensive_rows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE analytics_cache.v_data_quality_comprehensive_rows TO authenticated;
GRANT SELECT ON TABLE analytics_cache.v_data_quality_comprehensive_rows TO service_role;

-- [safe] privileges on view analytics_cache.v_data_completeness_metrics_rows
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_data_completeness_metrics_rows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE analytics_cache.v_data_completeness_metrics_rows TO authenticated;
GRANT SELECT ON TABLE analytics_cache.v_data_completeness_metrics_rows TO service_role;

-- [safe] privileges on view analytics_cache.v_decisions_by_actor_rows
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_decisions_by_actor_rows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE analytics_cache.v_decisions_by_actor_rows TO authenticated;
GRANT SELECT ON TABLE analytics_cache.v_decisions_by_actor_rows TO service_role;

-- [safe] privileges on view analytics_cache.v_decisions_by_scope_rows
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_decisions_by_scope_rows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE analytics_cache.v_decisions_by_scope_rows TO authenticated;
GRANT SELECT ON TABLE analytics_cache.v_decisions_by_scope_rows TO service_role;

-- [safe] privileges on view analytics_cache.v_audit_export_rows
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_audit_export_rows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE analytics_cache.v_audit_export_rows TO authenticated;
GRANT SELECT ON TABLE analytics_cache.v_audit_export_rows TO service_role;

-- [safe] privileges on view analytics_cache.v_export_product_performance_rows
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_export_product_performance_rows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE analytics_cache.v_export_product_performance_rows TO authenticated;
GRANT SELECT ON TABLE analytics_cache.v_export_product_performance_rows TO service_role;

-- [safe] comments on materialized view analytics_cache.v_audit_export
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_audit_export, for a moment; in a transaction
COMMENT ON MATERIALIZED VIEW analytics_cache.v_audit_export IS 'Cached rows of public.v_audit_export (refreshed at `7 * * * *` UTC by analytics_cache.refresh_v_audit_export); read them through the view.';

-- [safe] comments on function analytics_cache.refresh_v_audit_export()
--   SHARE UPDATE EXCLUSIVE, for a moment; in a transaction
COMMENT ON FUNCTION analytics_cache.refresh_v_audit_export() IS 'Recomputes the cache of public.v_audit_export without blocking its readers (REFRESH MATERIALIZED VIEW CONCURRENTLY). Runs at `7 * * * *` UTC through pg_cron; call it after a bulk load to show new data at once.';

-- [safe] comments on materialized view analytics_cache.v_decisions_by_actor
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_decisions_by_actor, for a moment; in a transaction
COMMENT ON MATERIALIZED VIEW analytics_cache.v_decisions_by_actor IS 'Cached rows of public.v_decisions_by_actor (refreshed at `*/5 * * * *` UTC by analytics_cache.refresh_v_decisions_by_actor); read them through the view.';

-- [safe] comments on function analytics_cache.refresh_v_decisions_by_actor()
--   SHARE UPDATE EXCLUSIVE, for a moment; in a transaction
COMMENT ON FUNCTION analytics_cache.refresh_v_decisions_by_actor() IS 'Recomputes the cache of public.v_decisions_by_actor without blocking its readers (REFRESH MATERIALIZED VIEW CONCURRENTLY). Runs at `*/5 * * * *` UTC through pg_cron; call it after a bulk load to show new data at once.';

-- [safe] comments on materialized view analytics_cache.v_decisions_by_scope
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_decisions_by_scope, for a moment; in a transaction
COMMENT ON MATERIALIZED VIEW analytics_cache.v_decisions_by_scope IS 'Cached rows of public.v_decisions_by_scope (refreshed at `*/5 * * * *` UTC by analytics_cache.refresh_v_decisions_by_scope); read them through the view.';

-- [safe] comments on function analytics_cache.refresh_v_decisions_by_scope()
--   SHARE UPDATE EXCLUSIVE, for a moment; in a transaction
COMMENT ON FUNCTION analytics_cache.refresh_v_decisions_by_scope() IS 'Recomputes the cache of public.v_decisions_by_scope without blocking its readers (REFRESH MATERIALIZED VIEW CONCURRENTLY). Runs at `*/5 * * * *` UTC through pg_cron; call it after a bulk load to show new data at once.';

-- [safe] comments on materialized view analytics_cache.v_export_product_performance
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_export_product_performance, for a moment; in a transaction
COMMENT ON MATERIALIZED VIEW analytics_cache.v_export_product_performance IS 'Cached rows of public.v_export_product_performance (refreshed at `*/15 * * * *` UTC by analytics_cache.refresh_v_export_product_performance); read them through the view.';

-- [safe] comments on function analytics_cache.refresh_v_export_product_performance()
--   SHARE UPDATE EXCLUSIVE, for a moment; in a transaction
COMMENT ON FUNCTION analytics_cache.refresh_v_export_product_performance() IS 'Recomputes the cache of public.v_export_product_performance without blocking its readers (REFRESH MATERIALIZED VIEW CONCURRENTLY). Runs at `*/15 * * * *` UTC through pg_cron; call it after a bulk load to show new data at once.';

-- [safe] comments on view analytics_cache.v_customer_segment_summary_rows
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_customer_segment_summary_rows, for a moment; in a transaction
COMMENT ON VIEW analytics_cache.v_customer_segment_summary_rows IS 'Rows of public.v_customer_segment_summary from its cache analytics_cache.v_customer_segment_summary, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';

-- [safe] comments on view analytics_cache.v_vehicle_compatibility_analysis_rows
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_vehicle_compatibility_analysis_rows, for a moment; in a transaction
COMMENT ON VIEW analytics_cache.v_vehicle_compatibility_analysis_rows IS 'Rows of public.v_vehicle_compatibility_analysis from its cache analytics_cache.v_vehicle_compatibility_analysis, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';

-- [safe] comments on view analytics_cache.v_category_trends_30d_rows
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_category_trends_30d_rows, for a moment; in a transaction
COMMENT ON VIEW analytics_cache.v_category_trends_30d_rows IS 'Rows of public.v_category_trends_30d from its cache analytics_cache.v_category_trends_30d, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';

-- [safe] comments on view analytics_cache.v_inventory_velocity_trends_rows
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_inventory_velocity_trends_rows, for a moment; in a transaction
COMMENT ON VIEW analytics_cache.v_inventory_velocity_trends_rows IS 'Rows of public.v_inventory_velocity_trends from its cache analytics_cache.v_inventory_velocity_trends, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';

-- [safe] comments on view analytics_cache.v_customer_segment_trends_rows
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_customer_segment_trends_rows, for a moment; in a transaction
COMMENT ON VIEW analytics_cache.v_customer_segment_trends_rows IS 'Rows of public.v_customer_segment_trends from its cache analytics_cache.v_customer_segment_trends, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';

-- [safe] comments on view analytics_cache.v_data_quality_comprehensive_rows
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_data_quality_comprehensive_rows, for a moment; in a transaction
COMMENT ON VIEW analytics_cache.v_data_quality_comprehensive_rows IS 'Rows of public.v_data_quality_comprehensive from its cache analytics_cache.v_data_quality_comprehensive, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';

-- [safe] comments on view analytics_cache.v_data_completeness_metrics_rows
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_data_completeness_metrics_rows, for a moment; in a transaction
COMMENT ON VIEW analytics_cache.v_data_completeness_metrics_rows IS 'Rows of public.v_data_completeness_metrics from its cache analytics_cache.v_data_completeness_metrics, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';

-- [safe] comments on view analytics_cache.v_decisions_by_actor_rows
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_decisions_by_actor_rows, for a moment; in a transaction
COMMENT ON VIEW analytics_cache.v_decisions_by_actor_rows IS 'Rows of public.v_decisions_by_actor from its cache analytics_cache.v_decisions_by_actor, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';

-- [safe] comments on view analytics_cache.v_decisions_by_scope_rows
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_decisions_by_scope_rows, for a moment; in a transaction
COMMENT ON VIEW analytics_cache.v_decisions_by_scope_rows IS 'Rows of public.v_decisions_by_scope from its cache analytics_cache.v_decisions_by_scope, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';

-- [safe] comments on view analytics_cache.v_audit_export_rows
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_audit_export_rows, for a moment; in a transaction
COMMENT ON VIEW analytics_cache.v_audit_export_rows IS 'Rows of public.v_audit_export from its cache analytics_cache.v_audit_export, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';

-- [safe] comments on view analytics_cache.v_export_product_performance_rows
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_export_product_performance_rows, for a moment; in a transaction
COMMENT ON VIEW analytics_cache.v_export_product_performance_rows IS 'Rows of public.v_export_product_performance from its cache analytics_cache.v_export_product_performance, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';

-- [safe] comments on public.v_export_product_performance
--   SHARE UPDATE EXCLUSIVE on public.v_export_product_performance, for a moment; in a transaction
COMMENT ON COLUMN public.v_export_product_performance.sku_performance_id IS 'The sku_performance row''s identifier: with `sku`, the key a reader pages by';

