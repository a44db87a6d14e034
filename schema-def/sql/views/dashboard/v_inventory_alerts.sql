SELECT
    snap.snapshot_date,
    snap.sku,
    snap.shopify_product_id,
    snap.shopify_variant_id,
    snap.stock_status,
    CASE snap.stock_status
        WHEN 'out_of_stock' THEN 'critical'
        WHEN 'low_stock' THEN 'warning'
        ELSE 'info'
    END AS alert_level,
    snap.quantity_available,
    snap.quantity_reserved,
    snap.quantity_incoming,
    snap.reorder_point,
    CASE
        WHEN snap.reorder_point IS NOT NULL
            THEN greatest(snap.reorder_point - snap.quantity_available - snap.quantity_incoming, 0)
    END AS units_short_of_reorder_point,
    snap.units_sold_7d,
    snap.units_sold_30d,
    snap.avg_daily_sales,
    snap.days_of_cover,
    snap.velocity_tier
FROM public.inventory_snapshots AS snap
-- Only the latest load: the snapshot_date DESC index finds it and its rows,
-- so the view never reads older snapshots.
WHERE snap.snapshot_date = (SELECT max(latest.snapshot_date) FROM public.inventory_snapshots AS latest)
  AND snap.stock_status IN ('low_stock', 'out_of_stock', 'overstock')
