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
