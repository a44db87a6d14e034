-- One row per SKU with its category and its latest snapshot, flat for a
-- spreadsheet: the category's fitment arrays are joined with '; ' (as
-- v_audit_export flattens its details), so a CSV cell reads `Chevrolet; Ford`
-- rather than an array literal (`{"Bel Air",Camaro}`). It also streams faster:
-- COPY writes an array value several times slower than a text value.
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
    array_to_string(cat.fits_vehicle_years, '; ') AS fits_vehicle_years,
    array_to_string(cat.fits_makes, '; ') AS fits_makes,
    array_to_string(cat.fits_models, '; ') AS fits_models,
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
