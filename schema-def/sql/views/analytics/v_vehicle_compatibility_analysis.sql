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
