-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Rollback of 20261202045201_paged_caches_read_their_cache_alone and the migrations after it of the same change: apply by hand with
-- `psql -v ON_ERROR_STOP=1 -f <file>` (no --single-transaction: each part has its own transaction).

BEGIN;

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

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

COMMIT;
