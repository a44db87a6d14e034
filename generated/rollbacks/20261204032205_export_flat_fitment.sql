-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Rollback of 20261204032205_export_flat_fitment and the migrations after it of the same change: apply by hand with
-- `psql -v ON_ERROR_STOP=1 -f <file>` (no --single-transaction: each part has its own transaction).

BEGIN;

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [safe] drop view public.v_export_product_performance
--   ACCESS EXCLUSIVE on public.v_export_product_performance, for a moment; in a transaction
DROP VIEW public.v_export_product_performance;

-- [safe] drop view analytics_cache.v_export_product_performance_rows
--   ACCESS EXCLUSIVE on analytics_cache.v_export_product_performance_rows, for a moment; in a transaction
DROP VIEW analytics_cache.v_export_product_performance_rows;

-- [safe] drop function analytics_cache.refresh_v_export_product_performance()
--   no table lock; in a transaction
DROP FUNCTION analytics_cache.refresh_v_export_product_performance();

-- [safe] drop materialized view analytics_cache.v_export_product_performance
--   ACCESS EXCLUSIVE on analytics_cache.v_export_product_performance, for a moment; in a transaction
DROP MATERIALIZED VIEW analytics_cache.v_export_product_performance;

-- [safe] recompute materialized view analytics_cache.v_export_product_performance
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

-- [safe] build index v_export_product_performance_key on analytics_cache.v_export_product_performance
--   SHARE on analytics_cache.v_export_product_performance (new, nobody waits), for a moment; in a transaction
--   built with the rows, in their transaction
CREATE UNIQUE INDEX v_export_product_performance_key ON analytics_cache.v_export_product_performance (sku_performance_id);

-- [safe] build index v_export_product_performance_page on analytics_cache.v_export_product_performance
--   SHARE on analytics_cache.v_export_product_performance (new, nobody waits), for a moment; in a transaction
--   built with the rows, in their transaction
CREATE INDEX v_export_product_performance_page ON analytics_cache.v_export_product_performance (sku, sku_performance_id);

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

-- [safe] recreate view analytics_cache.v_export_product_performance_rows
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

-- [safe] recreate view public.v_export_product_performance
--   no table lock; in a transaction
CREATE VIEW public.v_export_product_performance
    WITH (security_invoker = true)
    AS
SELECT sku, shopify_product_id, shopify_variant_id, category_l1, category_l2, category_l3, is_performance_part, is_restoration_part, is_custom_fabrication, fits_vehicle_years, fits_makes, fits_models, inventory_velocity, margin_pct, revenue_30d, units_sold_30d, orders_30d, avg_unit_price_30d, estimated_gross_profit_30d, current_inventory, days_of_inventory, is_trending, trend_direction, last_sale_at, latest_snapshot_date, stock_status, velocity_tier, updated_at, sku_performance_id
FROM analytics_cache.v_export_product_performance_rows AS cached;

-- [safe] privileges on materialized view analytics_cache.v_export_product_performance
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_export_product_performance FROM PUBLIC, anon, authenticated, service_role;

-- [safe] privileges on function analytics_cache.refresh_v_export_product_performance()
--   no table lock; in a transaction
REVOKE ALL ON FUNCTION analytics_cache.refresh_v_export_product_performance() FROM PUBLIC, anon, authenticated, service_role;
GRANT EXECUTE ON FUNCTION analytics_cache.refresh_v_export_product_performance() TO service_role;

-- [safe] privileges on view analytics_cache.v_export_product_performance_rows
--   no table lock; in a transaction
REVOKE ALL ON TABLE analytics_cache.v_export_product_performance_rows FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE analytics_cache.v_export_product_performance_rows TO authenticated;
GRANT SELECT ON TABLE analytics_cache.v_export_product_performance_rows TO service_role;

-- [safe] privileges on view public.v_export_product_performance
--   no table lock; in a transaction
REVOKE ALL ON TABLE public.v_export_product_performance FROM PUBLIC, anon, authenticated, service_role;
GRANT SELECT ON TABLE public.v_export_product_performance TO authenticated;
GRANT SELECT ON TABLE public.v_export_product_performance TO service_role;

-- [safe] comments on materialized view analytics_cache.v_export_product_performance
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_export_product_performance, for a moment; in a transaction
COMMENT ON MATERIALIZED VIEW analytics_cache.v_export_product_performance IS 'Cached rows of public.v_export_product_performance (refreshed at `*/15 * * * *` UTC by analytics_cache.refresh_v_export_product_performance); read them through the view.';

-- [safe] comments on function analytics_cache.refresh_v_export_product_performance()
--   SHARE UPDATE EXCLUSIVE, for a moment; in a transaction
COMMENT ON FUNCTION analytics_cache.refresh_v_export_product_performance() IS 'Recomputes the cache of public.v_export_product_performance without blocking its readers (REFRESH MATERIALIZED VIEW CONCURRENTLY). Runs at `*/15 * * * *` UTC through pg_cron; call it after a bulk load to show new data at once.';

-- [safe] comments on view analytics_cache.v_export_product_performance_rows
--   SHARE UPDATE EXCLUSIVE on analytics_cache.v_export_product_performance_rows, for a moment; in a transaction
COMMENT ON VIEW analytics_cache.v_export_product_performance_rows IS 'Rows of public.v_export_product_performance from its cache analytics_cache.v_export_product_performance, for callers allowed to read them: service_role, operators (JWT app_metadata.operator = true, as authenticated) and superuser or BYPASSRLS logins, the roles that see every row of the underlying tables. Anyone else gets no rows.';

-- [safe] comments on view public.v_export_product_performance
--   SHARE UPDATE EXCLUSIVE on public.v_export_product_performance, for a moment; in a transaction
COMMENT ON VIEW public.v_export_product_performance IS 'SKU + category data: one row per row of `sku_performance`, with its product''s category from `product_categories` (by `shopify_product_id`; NULL without one) and its stock status and velocity tier in the latest inventory snapshot (the newest `snapshot_date` overall; NULL when the variant is not in it).';

-- [safe] comments on public.v_export_product_performance
--   SHARE UPDATE EXCLUSIVE on public.v_export_product_performance, for a moment; in a transaction
COMMENT ON COLUMN public.v_export_product_performance.sku IS 'Stock keeping unit';
COMMENT ON COLUMN public.v_export_product_performance.shopify_product_id IS 'Shopify product reference';
COMMENT ON COLUMN public.v_export_product_performance.shopify_variant_id IS 'Shopify variant reference';
COMMENT ON COLUMN public.v_export_product_performance.category_l1 IS 'Top-level category';
COMMENT ON COLUMN public.v_export_product_performance.category_l2 IS 'Mid-level category';
COMMENT ON COLUMN public.v_export_product_performance.category_l3 IS 'Detail category';
COMMENT ON COLUMN public.v_export_product_performance.is_performance_part IS 'Performance upgrade flag';
COMMENT ON COLUMN public.v_export_product_performance.is_restoration_part IS 'Restoration part flag';
COMMENT ON COLUMN public.v_export_product_performance.is_custom_fabrication IS 'Custom fabrication flag';
COMMENT ON COLUMN public.v_export_product_performance.fits_vehicle_years IS 'Compatible vehicle years';
COMMENT ON COLUMN public.v_export_product_performance.fits_makes IS 'Compatible makes';
COMMENT ON COLUMN public.v_export_product_performance.fits_models IS 'Compatible models';
COMMENT ON COLUMN public.v_export_product_performance.inventory_velocity IS 'The category''s inventory velocity: fast/medium/slow';
COMMENT ON COLUMN public.v_export_product_performance.margin_pct IS 'The category''s profit margin (percent)';
COMMENT ON COLUMN public.v_export_product_performance.revenue_30d IS 'Revenue over the last 30 days';
COMMENT ON COLUMN public.v_export_product_performance.units_sold_30d IS 'Units sold over the last 30 days';
COMMENT ON COLUMN public.v_export_product_performance.orders_30d IS 'Orders over the last 30 days';
COMMENT ON COLUMN public.v_export_product_performance.avg_unit_price_30d IS 'revenue_30d / units_sold_30d, 2 decimals (NULL when nothing sold)';
COMMENT ON COLUMN public.v_export_product_performance.estimated_gross_profit_30d IS 'revenue_30d × margin_pct / 100, 2 decimals (NULL without a margin)';
COMMENT ON COLUMN public.v_export_product_performance.current_inventory IS 'Current stock level';
COMMENT ON COLUMN public.v_export_product_performance.days_of_inventory IS 'Days of cover';
COMMENT ON COLUMN public.v_export_product_performance.is_trending IS 'Trending flag';
COMMENT ON COLUMN public.v_export_product_performance.trend_direction IS 'up/down/stable';
COMMENT ON COLUMN public.v_export_product_performance.last_sale_at IS 'Most recent sale';
COMMENT ON COLUMN public.v_export_product_performance.latest_snapshot_date IS 'Date of the latest inventory snapshot holding the variant';
COMMENT ON COLUMN public.v_export_product_performance.stock_status IS 'in_stock/low_stock/out_of_stock/overstock in that snapshot';
COMMENT ON COLUMN public.v_export_product_performance.velocity_tier IS 'fast/medium/slow/stagnant in that snapshot';
COMMENT ON COLUMN public.v_export_product_performance.updated_at IS 'Last update of the SKU''s row';
COMMENT ON COLUMN public.v_export_product_performance.sku_performance_id IS 'The sku_performance row''s identifier: with `sku`, the key a reader pages by';

COMMIT;
