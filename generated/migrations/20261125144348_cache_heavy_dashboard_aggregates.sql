-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Migration 20261125144348_cache_heavy_dashboard_aggregates

BEGIN;

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [safe] drop view public.v_customer_segment_trends
DROP VIEW public.v_customer_segment_trends;

-- [safe] drop view public.v_inventory_velocity_trends
DROP VIEW public.v_inventory_velocity_trends;

-- [safe] drop view public.v_category_trends_30d
DROP VIEW public.v_category_trends_30d;

-- [safe] drop view public.v_vehicle_compatibility_analysis
DROP VIEW public.v_vehicle_compatibility_analysis;

-- [safe] drop view public.v_customer_segment_summary
DROP VIEW public.v_customer_segment_summary;

-- [safe] cache schema analytics_cache
CREATE SCHEMA IF NOT EXISTS analytics_cache;
COMMENT ON SCHEMA analytics_cache IS 'Materialized rows of the cached dashboard views, refreshed by pg_cron. Not exposed by the API; no API role may select from it; each view reads its rows through a function that applies the tables'' access rule.';
REVOKE ALL ON SCHEMA analytics_cache FROM PUBLIC, anon, authenticated, service_role;
GRANT USAGE ON SCHEMA analytics_cache TO authenticated, service_role;

-- [safe] recreate the cache of view public.v_customer_segment_summary
-- The cache of public.v_customer_segment_summary: its rows, computed now and on every refresh.
CREATE MATERIALIZED VIEW analytics_cache.v_customer_segment_summary
    AS
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
    WITH DATA;
CREATE UNIQUE INDEX v_customer_segment_summary_key ON analytics_cache.v_customer_segment_summary (primary_segment);
REVOKE ALL ON TABLE analytics_cache.v_customer_segment_summary FROM PUBLIC, anon, authenticated, service_role;
COMMENT ON MATERIALIZED VIEW analytics_cache.v_customer_segment_summary IS 'Cached rows of public.v_customer_segment_summary (refreshed at `*/15 * * * *` UTC by analytics_cache.refresh_v_customer_segment_summary); read them through the view.';
CREATE FUNCTION analytics_cache.v_customer_segment_summary_rows()
    RETURNS TABLE (primary_segment text, customer_count bigint, customer_share_pct numeric, total_revenue numeric, revenue_share_pct numeric, avg_revenue_per_customer numeric, avg_order_value numeric, avg_orders_per_customer numeric, avg_segment_confidence numeric, avg_days_since_last_order numeric, new_customers bigint, active_customers bigint, at_risk_customers bigint, churned_customers bigint, reactivated_customers bigint, at_risk_or_churned_pct numeric, prefers_performance_pct numeric, prefers_restoration_pct numeric, support_tickets bigint, avg_support_tickets_per_customer numeric, avg_review_rating numeric, top_category_l1 text, top_vehicle_make text)
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
SELECT cached.primary_segment, cached.customer_count, cached.customer_share_pct, cached.total_revenue, cached.revenue_share_pct, cached.avg_revenue_per_customer, cached.avg_order_value, cached.avg_orders_per_customer, cached.avg_segment_confidence, cached.avg_days_since_last_order, cached.new_customers, cached.active_customers, cached.at_risk_customers, cached.churned_customers, cached.reactivated_customers, cached.at_risk_or_churned_pct, cached.prefers_performance_pct, cached.prefers_restoration_pct, cached.support_tickets, cached.avg_support_tickets_per_customer, cached.avg_review_rating, cached.top_category_l1, cached.top_vehicle_make
FROM analytics_cache.v_customer_segment_summary AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);
$function$;
COMMENT ON FUNCTION analytics_cache.v_customer_segment_summary_rows() IS 'Rows of public.v_customer_segment_summary from its cache analytics_cache.v_customer_segment_summary, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';
REVOKE ALL ON FUNCTION analytics_cache.v_customer_segment_summary_rows() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.v_customer_segment_summary_rows() TO authenticated;
GRANT EXECUTE ON FUNCTION analytics_cache.v_customer_segment_summary_rows() TO service_role;
CREATE FUNCTION analytics_cache.refresh_v_customer_segment_summary()
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY analytics_cache.v_customer_segment_summary;
END;
$function$;
COMMENT ON FUNCTION analytics_cache.refresh_v_customer_segment_summary() IS 'Recomputes the cache of public.v_customer_segment_summary without blocking its readers (REFRESH MATERIALIZED VIEW CONCURRENTLY). Runs at `*/15 * * * *` UTC through pg_cron; call it after a bulk load to show new data at once.';
REVOKE ALL ON FUNCTION analytics_cache.refresh_v_customer_segment_summary() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.refresh_v_customer_segment_summary() TO service_role;
-- pg_cron job refresh-v-customer-segment-summary: analytics_cache.refresh_v_customer_segment_summary at `*/15 * * * *` (UTC).
DO $schedule$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
        PERFORM cron.schedule('refresh-v-customer-segment-summary', '*/15 * * * *', 'SELECT analytics_cache.refresh_v_customer_segment_summary()');
    END IF;
END
$schedule$;

-- [safe] recreate view public.v_customer_segment_summary
CREATE VIEW public.v_customer_segment_summary
    WITH (security_invoker = true)
    AS
SELECT primary_segment, customer_count, customer_share_pct, total_revenue, revenue_share_pct, avg_revenue_per_customer, avg_order_value, avg_orders_per_customer, avg_segment_confidence, avg_days_since_last_order, new_customers, active_customers, at_risk_customers, churned_customers, reactivated_customers, at_risk_or_churned_pct, prefers_performance_pct, prefers_restoration_pct, support_tickets, avg_support_tickets_per_customer, avg_review_rating, top_category_l1, top_vehicle_make
FROM analytics_cache.v_customer_segment_summary_rows() AS cached;

-- [safe] recreate the cache of view public.v_vehicle_compatibility_analysis
-- The cache of public.v_vehicle_compatibility_analysis: its rows, computed now and on every refresh.
CREATE MATERIALIZED VIEW analytics_cache.v_vehicle_compatibility_analysis
    AS
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
    WITH DATA;
CREATE UNIQUE INDEX v_vehicle_compatibility_analysis_key ON analytics_cache.v_vehicle_compatibility_analysis (vehicle_make, vehicle_year);
REVOKE ALL ON TABLE analytics_cache.v_vehicle_compatibility_analysis FROM PUBLIC, anon, authenticated, service_role;
COMMENT ON MATERIALIZED VIEW analytics_cache.v_vehicle_compatibility_analysis IS 'Cached rows of public.v_vehicle_compatibility_analysis (refreshed at `*/15 * * * *` UTC by analytics_cache.refresh_v_vehicle_compatibility_analysis); read them through the view.';
CREATE FUNCTION analytics_cache.v_vehicle_compatibility_analysis_rows()
    RETURNS TABLE (vehicle_make text, vehicle_year integer, compatible_products bigint, categories bigint, performance_parts bigint, restoration_parts bigint, revenue_30d numeric, units_sold_30d bigint, customers bigint, customer_lifetime_revenue numeric, products_per_customer numeric)
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
SELECT cached.vehicle_make, cached.vehicle_year, cached.compatible_products, cached.categories, cached.performance_parts, cached.restoration_parts, cached.revenue_30d, cached.units_sold_30d, cached.customers, cached.customer_lifetime_revenue, cached.products_per_customer
FROM analytics_cache.v_vehicle_compatibility_analysis AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);
$function$;
COMMENT ON FUNCTION analytics_cache.v_vehicle_compatibility_analysis_rows() IS 'Rows of public.v_vehicle_compatibility_analysis from its cache analytics_cache.v_vehicle_compatibility_analysis, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';
REVOKE ALL ON FUNCTION analytics_cache.v_vehicle_compatibility_analysis_rows() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.v_vehicle_compatibility_analysis_rows() TO authenticated;
GRANT EXECUTE ON FUNCTION analytics_cache.v_vehicle_compatibility_analysis_rows() TO service_role;
CREATE FUNCTION analytics_cache.refresh_v_vehicle_compatibility_analysis()
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY analytics_cache.v_vehicle_compatibility_analysis;
END;
$function$;
COMMENT ON FUNCTION analytics_cache.refresh_v_vehicle_compatibility_analysis() IS 'Recomputes the cache of public.v_vehicle_compatibility_analysis without blocking its readers (REFRESH MATERIALIZED VIEW CONCURRENTLY). Runs at `*/15 * * * *` UTC through pg_cron; call it after a bulk load to show new data at once.';
REVOKE ALL ON FUNCTION analytics_cache.refresh_v_vehicle_compatibility_analysis() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.refresh_v_vehicle_compatibility_analysis() TO service_role;
-- pg_cron job refresh-v-vehicle-compatibility-analysis: analytics_cache.refresh_v_vehicle_compatibility_analysis at `*/15 * * * *` (UTC).
DO $schedule$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
        PERFORM cron.schedule('refresh-v-vehicle-compatibility-analysis', '*/15 * * * *', 'SELECT analytics_cache.refresh_v_vehicle_compatibility_analysis()');
    END IF;
END
$schedule$;

-- [safe] recreate view public.v_vehicle_compatibility_analysis
CREATE VIEW public.v_vehicle_compatibility_analysis
    WITH (security_invoker = true)
    AS
SELECT vehicle_make, vehicle_year, compatible_products, categories, performance_parts, restoration_parts, revenue_30d, units_sold_30d, customers, customer_lifetime_revenue, products_per_customer
FROM analytics_cache.v_vehicle_compatibility_analysis_rows() AS cached;

-- [safe] recreate the cache of view public.v_category_trends_30d
-- The cache of public.v_category_trends_30d: its rows, computed now and on every refresh.
CREATE MATERIALIZED VIEW analytics_cache.v_category_trends_30d
    AS
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
    WITH DATA;
CREATE UNIQUE INDEX v_category_trends_30d_key ON analytics_cache.v_category_trends_30d (snapshot_date, category_l1);
REVOKE ALL ON TABLE analytics_cache.v_category_trends_30d FROM PUBLIC, anon, authenticated, service_role;
COMMENT ON MATERIALIZED VIEW analytics_cache.v_category_trends_30d IS 'Cached rows of public.v_category_trends_30d (refreshed at `*/15 * * * *` UTC by analytics_cache.refresh_v_category_trends_30d); read them through the view.';
CREATE FUNCTION analytics_cache.v_category_trends_30d_rows()
    RETURNS TABLE (snapshot_date date, category_l1 text, sku_count bigint, units_sold_7d bigint, units_sold_30d bigint, estimated_revenue_7d numeric, quantity_available bigint, low_stock_skus bigint, out_of_stock_skus bigint, in_stock_rate_pct numeric, units_sold_7d_vs_prior_week_pct numeric)
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
SELECT cached.snapshot_date, cached.category_l1, cached.sku_count, cached.units_sold_7d, cached.units_sold_30d, cached.estimated_revenue_7d, cached.quantity_available, cached.low_stock_skus, cached.out_of_stock_skus, cached.in_stock_rate_pct, cached.units_sold_7d_vs_prior_week_pct
FROM analytics_cache.v_category_trends_30d AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);
$function$;
COMMENT ON FUNCTION analytics_cache.v_category_trends_30d_rows() IS 'Rows of public.v_category_trends_30d from its cache analytics_cache.v_category_trends_30d, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';
REVOKE ALL ON FUNCTION analytics_cache.v_category_trends_30d_rows() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.v_category_trends_30d_rows() TO authenticated;
GRANT EXECUTE ON FUNCTION analytics_cache.v_category_trends_30d_rows() TO service_role;
CREATE FUNCTION analytics_cache.refresh_v_category_trends_30d()
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY analytics_cache.v_category_trends_30d;
END;
$function$;
COMMENT ON FUNCTION analytics_cache.refresh_v_category_trends_30d() IS 'Recomputes the cache of public.v_category_trends_30d without blocking its readers (REFRESH MATERIALIZED VIEW CONCURRENTLY). Runs at `*/15 * * * *` UTC through pg_cron; call it after a bulk load to show new data at once.';
REVOKE ALL ON FUNCTION analytics_cache.refresh_v_category_trends_30d() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.refresh_v_category_trends_30d() TO service_role;
-- pg_cron job refresh-v-category-trends-30d: analytics_cache.refresh_v_category_trends_30d at `*/15 * * * *` (UTC).
DO $schedule$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
        PERFORM cron.schedule('refresh-v-category-trends-30d', '*/15 * * * *', 'SELECT analytics_cache.refresh_v_category_trends_30d()');
    END IF;
END
$schedule$;

-- [safe] recreate view public.v_category_trends_30d
CREATE VIEW public.v_category_trends_30d
    WITH (security_invoker = true)
    AS
SELECT snapshot_date, category_l1, sku_count, units_sold_7d, units_sold_30d, estimated_revenue_7d, quantity_available, low_stock_skus, out_of_stock_skus, in_stock_rate_pct, units_sold_7d_vs_prior_week_pct
FROM analytics_cache.v_category_trends_30d_rows() AS cached;

-- [safe] recreate the cache of view public.v_inventory_velocity_trends
-- The cache of public.v_inventory_velocity_trends: its rows, computed now and on every refresh.
CREATE MATERIALIZED VIEW analytics_cache.v_inventory_velocity_trends
    AS
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
    WITH DATA;
CREATE UNIQUE INDEX v_inventory_velocity_trends_key ON analytics_cache.v_inventory_velocity_trends (snapshot_date, velocity_tier);
REVOKE ALL ON TABLE analytics_cache.v_inventory_velocity_trends FROM PUBLIC, anon, authenticated, service_role;
COMMENT ON MATERIALIZED VIEW analytics_cache.v_inventory_velocity_trends IS 'Cached rows of public.v_inventory_velocity_trends (refreshed at `*/15 * * * *` UTC by analytics_cache.refresh_v_inventory_velocity_trends); read them through the view.';
CREATE FUNCTION analytics_cache.v_inventory_velocity_trends_rows()
    RETURNS TABLE (snapshot_date date, velocity_tier text, sku_count bigint, share_of_skus_pct numeric, units_sold_7d bigint, quantity_available bigint, avg_days_of_cover numeric, skus_entered_tier bigint, skus_left_tier bigint, net_tier_moves bigint)
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
SELECT cached.snapshot_date, cached.velocity_tier, cached.sku_count, cached.share_of_skus_pct, cached.units_sold_7d, cached.quantity_available, cached.avg_days_of_cover, cached.skus_entered_tier, cached.skus_left_tier, cached.net_tier_moves
FROM analytics_cache.v_inventory_velocity_trends AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);
$function$;
COMMENT ON FUNCTION analytics_cache.v_inventory_velocity_trends_rows() IS 'Rows of public.v_inventory_velocity_trends from its cache analytics_cache.v_inventory_velocity_trends, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';
REVOKE ALL ON FUNCTION analytics_cache.v_inventory_velocity_trends_rows() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.v_inventory_velocity_trends_rows() TO authenticated;
GRANT EXECUTE ON FUNCTION analytics_cache.v_inventory_velocity_trends_rows() TO service_role;
CREATE FUNCTION analytics_cache.refresh_v_inventory_velocity_trends()
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY analytics_cache.v_inventory_velocity_trends;
END;
$function$;
COMMENT ON FUNCTION analytics_cache.refresh_v_inventory_velocity_trends() IS 'Recomputes the cache of public.v_inventory_velocity_trends without blocking its readers (REFRESH MATERIALIZED VIEW CONCURRENTLY). Runs at `*/15 * * * *` UTC through pg_cron; call it after a bulk load to show new data at once.';
REVOKE ALL ON FUNCTION analytics_cache.refresh_v_inventory_velocity_trends() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.refresh_v_inventory_velocity_trends() TO service_role;
-- pg_cron job refresh-v-inventory-velocity-trends: analytics_cache.refresh_v_inventory_velocity_trends at `*/15 * * * *` (UTC).
DO $schedule$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
        PERFORM cron.schedule('refresh-v-inventory-velocity-trends', '*/15 * * * *', 'SELECT analytics_cache.refresh_v_inventory_velocity_trends()');
    END IF;
END
$schedule$;

-- [safe] recreate view public.v_inventory_velocity_trends
CREATE VIEW public.v_inventory_velocity_trends
    WITH (security_invoker = true)
    AS
SELECT snapshot_date, velocity_tier, sku_count, share_of_skus_pct, units_sold_7d, quantity_available, avg_days_of_cover, skus_entered_tier, skus_left_tier, net_tier_moves
FROM analytics_cache.v_inventory_velocity_trends_rows() AS cached;

-- [safe] recreate the cache of view public.v_customer_segment_trends
-- The cache of public.v_customer_segment_trends: its rows, computed now and on every refresh.
CREATE MATERIALIZED VIEW analytics_cache.v_customer_segment_trends
    AS
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
    WITH DATA;
CREATE UNIQUE INDEX v_customer_segment_trends_key ON analytics_cache.v_customer_segment_trends (periods_ago, primary_segment);
REVOKE ALL ON TABLE analytics_cache.v_customer_segment_trends FROM PUBLIC, anon, authenticated, service_role;
COMMENT ON MATERIALIZED VIEW analytics_cache.v_customer_segment_trends IS 'Cached rows of public.v_customer_segment_trends (refreshed at `*/15 * * * *` UTC by analytics_cache.refresh_v_customer_segment_trends); read them through the view.';
CREATE FUNCTION analytics_cache.v_customer_segment_trends_rows()
    RETURNS TABLE (period_start date, period_end date, periods_ago integer, primary_segment text, customers_segmented bigint, share_of_period_pct numeric, avg_segment_confidence numeric, revenue_of_segmented numeric, at_risk_or_churned bigint, segment_size_at_period_end bigint)
    LANGUAGE sql
    STABLE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
SELECT cached.period_start, cached.period_end, cached.periods_ago, cached.primary_segment, cached.customers_segmented, cached.share_of_period_pct, cached.avg_segment_confidence, cached.revenue_of_segmented, cached.at_risk_or_churned, cached.segment_size_at_period_end
FROM analytics_cache.v_customer_segment_trends AS cached
WHERE coalesce((
    SELECT r.rolsuper OR r.rolbypassrls OR r.rolname = 'service_role'
        OR (r.rolname = 'authenticated' AND ((SELECT auth.jwt()) -> 'app_metadata' ->> 'operator') = 'true')
    FROM pg_catalog.pg_roles AS r
    WHERE r.rolname = coalesce(nullif(pg_catalog.current_setting('role'), 'none'), session_user)
), false);
$function$;
COMMENT ON FUNCTION analytics_cache.v_customer_segment_trends_rows() IS 'Rows of public.v_customer_segment_trends from its cache analytics_cache.v_customer_segment_trends, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';
REVOKE ALL ON FUNCTION analytics_cache.v_customer_segment_trends_rows() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.v_customer_segment_trends_rows() TO authenticated;
GRANT EXECUTE ON FUNCTION analytics_cache.v_customer_segment_trends_rows() TO service_role;
CREATE FUNCTION analytics_cache.refresh_v_customer_segment_trends()
    RETURNS void
    LANGUAGE plpgsql
    VOLATILE
    SECURITY DEFINER
    SET search_path = ''
AS $function$
BEGIN
    REFRESH MATERIALIZED VIEW CONCURRENTLY analytics_cache.v_customer_segment_trends;
END;
$function$;
COMMENT ON FUNCTION analytics_cache.refresh_v_customer_segment_trends() IS 'Recomputes the cache of public.v_customer_segment_trends without blocking its readers (REFRESH MATERIALIZED VIEW CONCURRENTLY). Runs at `*/15 * * * *` UTC through pg_cron; call it after a bulk load to show new data at once.';
REVOKE ALL ON FUNCTION analytics_cache.refresh_v_customer_segment_trends() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.refresh_v_customer_segment_trends() TO service_role;
-- pg_cron job refresh-v-customer-segment-trends: analytics_cache.refresh_v_customer_segment_trends at `*/15 * * * *` (UTC).
DO $schedule$
BEGIN
    IF EXISTS (SELECT FROM pg_catalog.pg_extension WHERE extname = 'pg_cron') THEN
        PERFORM cron.schedule('refresh-v-customer-segment-trends', '*/15 * * * *', 'SELECT analytics_cache.refresh_v_customer_segment_trends()');
    END IF;
END
$schedule$;

-- [safe] recreate view public.v_customer_segment_trends
CREATE VIEW public.v_customer_segment_trends
    WITH (security_invoker = true)
    AS
SELECT period_start, period_end, periods_ago, primary_segment, customers_segmented, share_of_period_pct, avg_segment_confidence, revenue_of_segmented, at_risk_or_churned, segment_size_at_period_end
FROM analytics_cache.v_customer_segment_trends_rows() AS cached;

-- [safe] comments on view public.v_customer_segment_summary
COMMENT ON VIEW public.v_customer_segment_summary IS 'Customer segment insights: one row per primary segment with its customers'' revenue, order habits, lifecycle mix, preferences and support load';
COMMENT ON COLUMN public.v_customer_segment_summary.primary_segment IS 'DIY Builder / Professional Shop / Enthusiast Collector / First-time Builder / Racing Enthusiast';
COMMENT ON COLUMN public.v_customer_segment_summary.customer_count IS 'Customers in the segment';
COMMENT ON COLUMN public.v_customer_segment_summary.customer_share_pct IS 'The segment''s share of all customers (percent)';
COMMENT ON COLUMN public.v_customer_segment_summary.total_revenue IS 'Lifetime revenue of the segment''s customers';
COMMENT ON COLUMN public.v_customer_segment_summary.revenue_share_pct IS 'The segment''s share of all customers'' lifetime revenue (percent)';
COMMENT ON COLUMN public.v_customer_segment_summary.avg_revenue_per_customer IS 'Lifetime revenue per customer';
COMMENT ON COLUMN public.v_customer_segment_summary.avg_order_value IS 'Lifetime revenue divided by lifetime orders';
COMMENT ON COLUMN public.v_customer_segment_summary.avg_orders_per_customer IS 'Lifetime orders per customer';
COMMENT ON COLUMN public.v_customer_segment_summary.avg_segment_confidence IS 'Average segment confidence (0-1)';
COMMENT ON COLUMN public.v_customer_segment_summary.avg_days_since_last_order IS 'Average days since the last order, over customers who ordered';
COMMENT ON COLUMN public.v_customer_segment_summary.new_customers IS 'Customers in the new lifecycle stage';
COMMENT ON COLUMN public.v_customer_segment_summary.active_customers IS 'Customers in the active lifecycle stage';
COMMENT ON COLUMN public.v_customer_segment_summary.at_risk_customers IS 'Customers in the at_risk lifecycle stage';
COMMENT ON COLUMN public.v_customer_segment_summary.churned_customers IS 'Customers in the churned lifecycle stage';
COMMENT ON COLUMN public.v_customer_segment_summary.reactivated_customers IS 'Customers in the reactivated lifecycle stage';
COMMENT ON COLUMN public.v_customer_segment_summary.at_risk_or_churned_pct IS 'At-risk and churned customers as a share of the segment (percent)';
COMMENT ON COLUMN public.v_customer_segment_summary.prefers_performance_pct IS 'Customers preferring performance parts (percent)';
COMMENT ON COLUMN public.v_customer_segment_summary.prefers_restoration_pct IS 'Customers preferring restoration parts (percent)';
COMMENT ON COLUMN public.v_customer_segment_summary.support_tickets IS 'Support tickets of the segment''s customers';
COMMENT ON COLUMN public.v_customer_segment_summary.avg_support_tickets_per_customer IS 'Support tickets per customer';
COMMENT ON COLUMN public.v_customer_segment_summary.avg_review_rating IS 'Average of the customers'' average review ratings (0-5), over customers with one';
COMMENT ON COLUMN public.v_customer_segment_summary.top_category_l1 IS 'The most common preferred category (ties: alphabetically first)';
COMMENT ON COLUMN public.v_customer_segment_summary.top_vehicle_make IS 'The most common primary vehicle make (ties: alphabetically first)';

-- [safe] privileges on public.v_customer_segment_summary
REVOKE ALL ON TABLE public.v_customer_segment_summary FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE public.v_customer_segment_summary TO authenticated;
GRANT SELECT ON TABLE public.v_customer_segment_summary TO service_role;

-- [safe] comments on view public.v_vehicle_compatibility_analysis
COMMENT ON VIEW public.v_vehicle_compatibility_analysis IS 'Vehicle fit analysis: one row per (vehicle make, vehicle year) that a product fits or a customer drives, from unnesting fits_makes × fits_vehicle_years, comparing the parts that fit (supply) with the customers whose primary vehicle it is (demand)';
COMMENT ON COLUMN public.v_vehicle_compatibility_analysis.vehicle_make IS 'Vehicle make';
COMMENT ON COLUMN public.v_vehicle_compatibility_analysis.vehicle_year IS 'Vehicle model year';
COMMENT ON COLUMN public.v_vehicle_compatibility_analysis.compatible_products IS 'Products listing this make and year among their fits (0: customers drive it, no part fits)';
COMMENT ON COLUMN public.v_vehicle_compatibility_analysis.categories IS 'Distinct top-level categories of those products';
COMMENT ON COLUMN public.v_vehicle_compatibility_analysis.performance_parts IS 'Of those products, performance parts';
COMMENT ON COLUMN public.v_vehicle_compatibility_analysis.restoration_parts IS 'Of those products, restoration parts';
COMMENT ON COLUMN public.v_vehicle_compatibility_analysis.revenue_30d IS '30-day revenue of those products'' SKUs (a product fitting several vehicles counts for each)';
COMMENT ON COLUMN public.v_vehicle_compatibility_analysis.units_sold_30d IS '30-day units sold of those products'' SKUs';
COMMENT ON COLUMN public.v_vehicle_compatibility_analysis.customers IS 'Customers whose primary vehicle is this make and year';
COMMENT ON COLUMN public.v_vehicle_compatibility_analysis.customer_lifetime_revenue IS 'Lifetime revenue of those customers';
COMMENT ON COLUMN public.v_vehicle_compatibility_analysis.products_per_customer IS 'Compatible products per such customer (empty without customers)';

-- [safe] privileges on public.v_vehicle_compatibility_analysis
REVOKE ALL ON TABLE public.v_vehicle_compatibility_analysis FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE public.v_vehicle_compatibility_analysis TO authenticated;
GRANT SELECT ON TABLE public.v_vehicle_compatibility_analysis TO service_role;

-- [safe] comments on view public.v_category_trends_30d
COMMENT ON VIEW public.v_category_trends_30d IS 'Category performance over time: one row per inventory snapshot date in the last 30 days and top-level category (`category_l1`, joined from `product_categories` by `shopify_product_id`; products without a category are left out), with the category''s SKUs, sales velocity and stock on that date. Revenue is an estimate: each variant''s units sold in the 7 days before the snapshot times its average selling price over the last 30 days from `sku_performance`.';
COMMENT ON COLUMN public.v_category_trends_30d.snapshot_date IS 'The snapshot date';
COMMENT ON COLUMN public.v_category_trends_30d.category_l1 IS 'Top-level category';
COMMENT ON COLUMN public.v_category_trends_30d.sku_count IS 'SKUs (variants) of the category in that day''s snapshot';
COMMENT ON COLUMN public.v_category_trends_30d.units_sold_7d IS 'Units sold in the 7 days before the snapshot, over the category''s SKUs';
COMMENT ON COLUMN public.v_category_trends_30d.units_sold_30d IS 'Units sold in the 30 days before the snapshot, over the category''s SKUs';
COMMENT ON COLUMN public.v_category_trends_30d.estimated_revenue_7d IS 'Estimated revenue of those 7 days: units sold × each variant''s 30-day average price from `sku_performance` (NULL when no variant has a price)';
COMMENT ON COLUMN public.v_category_trends_30d.quantity_available IS 'Units available across the category''s SKUs';
COMMENT ON COLUMN public.v_category_trends_30d.low_stock_skus IS 'SKUs in `low_stock`';
COMMENT ON COLUMN public.v_category_trends_30d.out_of_stock_skus IS 'SKUs in `out_of_stock`';
COMMENT ON COLUMN public.v_category_trends_30d.in_stock_rate_pct IS 'Share of the category''s SKUs not out of stock (percent)';
COMMENT ON COLUMN public.v_category_trends_30d.units_sold_7d_vs_prior_week_pct IS 'Change in 7-day units sold against the category''s snapshot 7 days earlier (percent; NULL without that snapshot or when it sold nothing)';

-- [safe] privileges on public.v_category_trends_30d
REVOKE ALL ON TABLE public.v_category_trends_30d FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE public.v_category_trends_30d TO authenticated;
GRANT SELECT ON TABLE public.v_category_trends_30d TO service_role;

-- [safe] comments on view public.v_inventory_velocity_trends
COMMENT ON VIEW public.v_inventory_velocity_trends IS 'Inventory movement patterns: one row per inventory snapshot date in the last 30 days and velocity tier (`fast`/`medium`/`slow`/`stagnant`, or `unclassified` where the snapshot has none), with the tier''s share of that day''s SKUs, its sales and stock, and how many SKUs moved into or out of the tier since the day before (a variant whose snapshot the day before had another tier). A tier every SKU left that day appears with `sku_count` 0. Reads only the last 31 snapshot dates, a range `idx_inventory_snapshots_date` answers.';
COMMENT ON COLUMN public.v_inventory_velocity_trends.snapshot_date IS 'The snapshot date';
COMMENT ON COLUMN public.v_inventory_velocity_trends.velocity_tier IS 'fast/medium/slow/stagnant, or unclassified for snapshots without a tier';
COMMENT ON COLUMN public.v_inventory_velocity_trends.sku_count IS 'SKUs (variants) in the tier that day';
COMMENT ON COLUMN public.v_inventory_velocity_trends.share_of_skus_pct IS 'The tier''s share of that day''s SKUs (percent)';
COMMENT ON COLUMN public.v_inventory_velocity_trends.units_sold_7d IS 'Units sold in the 7 days before the snapshot, over the tier''s SKUs';
COMMENT ON COLUMN public.v_inventory_velocity_trends.quantity_available IS 'Units available across the tier''s SKUs';
COMMENT ON COLUMN public.v_inventory_velocity_trends.avg_days_of_cover IS 'Average days of cover of the tier''s SKUs (2 decimals; NULL when none is known)';
COMMENT ON COLUMN public.v_inventory_velocity_trends.skus_entered_tier IS 'SKUs in the tier whose snapshot the day before had another tier';
COMMENT ON COLUMN public.v_inventory_velocity_trends.skus_left_tier IS 'SKUs in the tier the day before whose snapshot that day has another tier';
COMMENT ON COLUMN public.v_inventory_velocity_trends.net_tier_moves IS '`skus_entered_tier - skus_left_tier` (SKUs new to the snapshot or missing from it are not moves)';

-- [safe] privileges on public.v_inventory_velocity_trends
REVOKE ALL ON TABLE public.v_inventory_velocity_trends FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE public.v_inventory_velocity_trends TO authenticated;
GRANT SELECT ON TABLE public.v_inventory_velocity_trends TO service_role;

-- [safe] comments on view public.v_customer_segment_trends
COMMENT ON VIEW public.v_customer_segment_trends IS 'Customer segment evolution: one row per 30-day period and customer segment, for the six periods ending today (period 0 is today and the 29 days before it, period 1 the 30 days before that, and so on) and every segment that has customers. Counts the customers whose current segment was assigned (`segmented_at`) in the period, and the segment''s size at the period''s end by current assignment.';
COMMENT ON COLUMN public.v_customer_segment_trends.period_start IS 'First day of the period';
COMMENT ON COLUMN public.v_customer_segment_trends.period_end IS 'Last day of the period';
COMMENT ON COLUMN public.v_customer_segment_trends.periods_ago IS '0 for the period ending today, 1 for the one before, up to 5';
COMMENT ON COLUMN public.v_customer_segment_trends.primary_segment IS 'The customer persona';
COMMENT ON COLUMN public.v_customer_segment_trends.customers_segmented IS 'Customers assigned to the segment during the period';
COMMENT ON COLUMN public.v_customer_segment_trends.share_of_period_pct IS 'The segment''s share of all customers assigned during the period (percent; NULL when nobody was)';
COMMENT ON COLUMN public.v_customer_segment_trends.avg_segment_confidence IS 'Average segment confidence of the customers assigned during the period (3 decimals)';
COMMENT ON COLUMN public.v_customer_segment_trends.revenue_of_segmented IS 'Lifetime revenue of the customers assigned during the period';
COMMENT ON COLUMN public.v_customer_segment_trends.at_risk_or_churned IS 'Customers assigned during the period who are now at_risk or churned';
COMMENT ON COLUMN public.v_customer_segment_trends.segment_size_at_period_end IS 'Customers in the segment assigned on or before the period''s last day';

-- [safe] privileges on public.v_customer_segment_trends
REVOKE ALL ON TABLE public.v_customer_segment_trends FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE public.v_customer_segment_trends TO authenticated;
GRANT SELECT ON TABLE public.v_customer_segment_trends TO service_role;

COMMIT;
