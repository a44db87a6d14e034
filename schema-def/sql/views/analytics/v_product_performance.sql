WITH sku AS (
    SELECT
        sp.shopify_product_id,
        count(*) AS sku_count,
        sum(sp.revenue_30d) AS revenue_30d,
        sum(sp.units_sold_30d) AS units_sold_30d,
        sum(sp.orders_30d) AS orders_30d,
        sum(sp.current_inventory) AS current_inventory,
        count(*) FILTER (WHERE sp.is_trending) AS trending_skus
    FROM public.sku_performance AS sp
    GROUP BY sp.shopify_product_id
)
SELECT
    pc.category_l1,
    pc.category_l2,
    count(*) AS product_count,
    coalesce(sum(sku.sku_count), 0)::bigint AS sku_count,
    coalesce(sum(sku.revenue_30d), 0) AS revenue_30d,
    round(
        100.0 * coalesce(sum(sku.revenue_30d), 0) / nullif(sum(sum(sku.revenue_30d)) OVER (), 0),
        2
    ) AS revenue_share_pct,
    coalesce(sum(sku.units_sold_30d), 0)::bigint AS units_sold_30d,
    coalesce(sum(sku.orders_30d), 0)::bigint AS orders_30d,
    round(avg(pc.avg_order_value), 2) AS avg_order_value,
    round(avg(pc.margin_pct), 2) AS avg_margin_pct,
    round(sum(sku.revenue_30d * pc.margin_pct / 100), 2) AS est_gross_profit_30d,
    coalesce(sum(sku.current_inventory), 0)::bigint AS current_inventory,
    coalesce(sum(sku.trending_skus), 0)::bigint AS trending_skus,
    count(*) FILTER (WHERE pc.is_performance_part) AS performance_parts,
    count(*) FILTER (WHERE pc.is_restoration_part) AS restoration_parts,
    count(*) FILTER (WHERE pc.is_custom_fabrication) AS custom_fabrication_parts,
    count(*) FILTER (WHERE pc.inventory_velocity = 'fast') AS fast_moving_products
FROM public.product_categories AS pc
LEFT JOIN sku ON sku.shopify_product_id = pc.shopify_product_id
GROUP BY pc.category_l1, pc.category_l2
