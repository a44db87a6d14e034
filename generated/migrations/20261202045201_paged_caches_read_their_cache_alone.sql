-- Written by `cargo xtask migrate` from a change to the schema-def declarations. Never edit or rewrite it: write the next migration instead.
-- Migration 20261202045201_paged_caches_read_their_cache_alone
-- Runs in one transaction, opened by the runner: sqlx's migrator, `supabase db push`, or
-- `psql --single-transaction -v ON_ERROR_STOP=1 -f <file>`.

SET LOCAL lock_timeout = '5s';
SET LOCAL statement_timeout = '15min';

-- [safe] replace view public.v_audit_export
--   ACCESS EXCLUSIVE on public.v_audit_export, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_audit_export
    WITH (security_invoker = true)
    AS
SELECT id, created_at, created_at_utc, created_date_utc, actor, shop_domain, scope, action, details_text, details_json, is_archived, archived_at
FROM analytics_cache.v_audit_export_rows AS cached;

-- [safe] replace view public.v_export_product_performance
--   ACCESS EXCLUSIVE on public.v_export_product_performance, for a moment; in a transaction
CREATE OR REPLACE VIEW public.v_export_product_performance
    WITH (security_invoker = true)
    AS
SELECT sku, shopify_product_id, shopify_variant_id, category_l1, category_l2, category_l3, is_performance_part, is_restoration_part, is_custom_fabrication, fits_vehicle_years, fits_makes, fits_models, inventory_velocity, margin_pct, revenue_30d, units_sold_30d, orders_30d, avg_unit_price_30d, estimated_gross_profit_30d, current_inventory, days_of_inventory, is_trending, trend_direction, last_sale_at, latest_snapshot_date, stock_status, velocity_tier, updated_at, sku_performance_id
FROM analytics_cache.v_export_product_performance_rows AS cached;

