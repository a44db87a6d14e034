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
