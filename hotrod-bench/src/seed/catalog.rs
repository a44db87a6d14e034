//! The catalog: products (product_categories) and their variants (the SKUs
//! behind sku_performance and inventory_snapshots), built once in memory.
//!
//! SKU popularity follows a Zipf-like curve over a random ranking, so a few
//! hundred SKUs sell every day and a long tail sells a few units a year.

use super::calendar::{Secs, DAY_SECS};
use super::row::{RowBuf, RowSource};
use super::rng::{Rng, Zipf};
use super::taxonomy::{CATEGORIES, VEHICLES};
use super::world::World;
use std::sync::Arc;

/// Units in an average order.
const UNITS_PER_ORDER: f64 = 2.3;

pub struct Product {
    pub shopify_id: i64,
    pub category: usize,
    pub l2: usize,
    pub l3: Option<usize>,
    /// Fitment: indexes into VEHICLES and the model years.
    pub vehicles: Vec<usize>,
    pub years: (i32, i32),
    pub performance: bool,
    pub restoration: bool,
    pub custom_fabrication: bool,
    pub price_cents: i64,
    pub avg_order_cents: Option<i64>,
    pub margin_centi_pct: i64,
    pub created: Secs,
    pub updated: Secs,
    /// Expected units a day of all its variants (0 without variants).
    pub rate: f64,
    pub has_variants: bool,
}

pub struct Sku {
    pub product: usize,
    pub variant_id: i64,
    pub code: String,
    pub price_cents: i64,
    /// Expected units a day at average demand.
    pub rate: f64,
    /// Yearly drift of its sales (log scale), and a recent spike factor.
    pub drift: f64,
    pub spike: f64,
    pub lead_days: i32,
    pub reorder_point: i32,
    pub order_qty: i32,
    pub initial_stock: i32,
    pub discontinued: bool,
    pub created: Secs,
}

pub struct Catalog {
    pub products: Vec<Product>,
    pub skus: Vec<Sku>,
}

impl Catalog {
    pub fn build(world: &World) -> Arc<Catalog> {
        let mut rng = Rng::stream("catalog");
        let n_products = world.count(20_000.0, 20) as usize;
        let n_skus = world.count(20_000.0, 20) as usize;
        let category_weights: Vec<f64> = CATEGORIES.iter().map(|c| c.weight).collect();
        let vehicle_weights: Vec<f64> = VEHICLES.iter().map(|v| v.4).collect();

        let mut products: Vec<Product> = (0..n_products)
            .map(|j| {
                let category = rng.weighted(&category_weights);
                let cat = &CATEGORIES[category];
                let l2 = rng.below(cat.subs.len());
                let l3 = (!rng.chance(0.12)).then(|| rng.below(cat.subs[l2].1.len()));
                let (vehicles, years) = if rng.chance(0.22) {
                    (Vec::new(), (0, 0)) // universal part
                } else {
                    let v = rng.weighted(&vehicle_weights);
                    let (_, _, from, to, _) = VEHICLES[v];
                    let start = rng.range(i64::from(from), i64::from(to)) as i32;
                    let end = (start + rng.range(0, 6) as i32).min(to);
                    let mut vehicles = vec![v];
                    if rng.chance(0.25) {
                        let sibling = rng.below(VEHICLES.len());
                        if sibling != v && VEHICLES[sibling].0 == VEHICLES[v].0 {
                            vehicles.push(sibling);
                        }
                    }
                    (vehicles, (start, end))
                };
                let price = rng.lognormal(cat.price, 0.7).clamp(4.0, 4_000.0);
                let margin = if rng.chance(0.02) { rng.uniform(-15.0, 0.0) } else { (34.0 + 9.0 * rng.normal()).clamp(3.0, 85.0) };
                let created = world.as_of - rng.range(30, 1_500) * DAY_SECS - rng.range(0, DAY_SECS - 1);
                let updated = (created + rng.range(0, world.as_of - created)).min(world.as_of - 1);
                Product {
                    shopify_id: 7_400_000_000_000 + j as i64 * 997 + rng.range(0, 996),
                    category,
                    l2,
                    l3,
                    vehicles,
                    years,
                    performance: rng.chance(cat.performance),
                    restoration: rng.chance(cat.restoration),
                    custom_fabrication: rng.chance(0.05),
                    price_cents: (price.floor() as i64) * 100 + 99,
                    avg_order_cents: (!rng.chance(0.04)).then(|| ((price + rng.lognormal(70.0, 0.6)) * 100.0).round() as i64),
                    margin_centi_pct: (margin * 100.0).round() as i64,
                    created,
                    updated,
                    rate: 0.0,
                    has_variants: false,
                }
            })
            .collect();

        // Variants: most products have one, some two or three; products past
        // the last SKU are catalog-only.
        let units_per_day = world.total_orders() as f64 / world.event_demand() * UNITS_PER_ORDER;
        let zipf = Zipf::new(n_skus, 1.05, 20.0);
        let mut ranks: Vec<usize> = (0..n_skus).collect();
        rng.shuffle(&mut ranks);
        let mut skus = Vec::with_capacity(n_skus);
        let mut product = 0;
        while skus.len() < n_skus {
            let j = product % n_products;
            product += 1;
            let variants = [1, 1, 1, 1, 1, 1, 1, 2, 2, 3][rng.below(10)].min(n_skus - skus.len());
            for v in 0..variants {
                let k = skus.len();
                let p = &mut products[j];
                let rate = units_per_day * zipf.share(ranks[k]);
                let lead_days = rng.range(4, 21) as i32;
                let reorder_point = (rate * f64::from(lead_days) * 1.3).ceil() as i32 + rng.range(1, 3) as i32;
                let pack = [1, 1, 2, 4, 6, 10, 12][rng.below(7)];
                // At least twice the reorder point, so slow movers are not forever "low".
                let order_qty = ((rate * rng.uniform(30.0, 90.0)).ceil() as i32).max(pack).max(2 * reorder_point);
                let overstocked = rng.chance(0.06);
                let initial = if overstocked {
                    order_qty * rng.range(4, 10) as i32
                } else {
                    reorder_point + (f64::from(order_qty) * rng.uniform(0.2, 1.0)).round() as i32
                };
                p.rate += rate;
                p.has_variants = true;
                skus.push(Sku {
                    product: j,
                    variant_id: 42_000_000_000_000 + k as i64 * 1_009 + rng.range(0, 1_008),
                    code: format!("{}-{:05}-{}", CATEGORIES[p.category].code, j, (b'A' + v as u8) as char),
                    price_cents: ((p.price_cents as f64) * [1.0, 1.12, 1.3][v]).round() as i64,
                    rate,
                    drift: 0.45 * rng.normal(),
                    spike: if rng.chance(0.02) { rng.uniform(2.0, 4.0) } else { 1.0 },
                    lead_days,
                    reorder_point,
                    order_qty,
                    initial_stock: initial,
                    discontinued: rng.chance(0.04),
                    created: p.created + rng.range(0, 30) * DAY_SECS,
                });
            }
        }
        Arc::new(Catalog { products, skus })
    }
}

pub const PRODUCT_COLUMNS: &[&str] = &[
    "id", "shopify_product_id", "category_l1", "category_l2", "category_l3", "fits_vehicle_years",
    "fits_makes", "fits_models", "is_performance_part", "is_restoration_part", "is_custom_fabrication",
    "avg_order_value", "margin_pct", "inventory_velocity", "created_at", "updated_at",
];

/// product_categories: one row per product.
pub struct Products {
    catalog: Arc<Catalog>,
    next: usize,
    rng: Rng,
}

impl Products {
    pub fn new(catalog: Arc<Catalog>) -> Self {
        Products { catalog, next: 0, rng: Rng::stream("product_categories") }
    }
}

impl RowSource for Products {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        let Some(p) = self.catalog.products.get(self.next) else { return false };
        self.next += 1;
        let cat = &CATEGORIES[p.category];
        let (l2, l3s) = cat.subs[p.l2];
        row.uuid(self.rng.uuid7(p.created * 1000));
        row.int(p.shopify_id);
        row.raw(cat.l1);
        row.raw(l2);
        row.opt_text(p.l3.map(|i| l3s[i]));

        let years = if p.vehicles.is_empty() { 0..0 } else { p.years.0..p.years.1 + 1 };
        row.int_array(years);
        let mut makes: Vec<&str> = p.vehicles.iter().map(|v| VEHICLES[*v].0).collect();
        makes.dedup();
        row.text_array(&makes);
        let models: Vec<&str> = p.vehicles.iter().map(|v| VEHICLES[*v].1).collect();
        row.text_array(&models);

        row.bool(p.performance);
        row.bool(p.restoration);
        row.bool(p.custom_fabrication);
        match p.avg_order_cents {
            Some(c) => row.fixed(c, 2),
            None => row.null(),
        }
        row.fixed(p.margin_centi_pct, 2);
        if p.has_variants {
            row.raw(if p.rate >= 0.5 { "fast" } else if p.rate >= 0.1 { "medium" } else { "slow" });
        } else if self.rng.chance(0.3) {
            row.null();
        } else {
            row.raw("slow");
        }
        row.ts(p.created);
        row.ts(p.updated);
        row.end();
        true
    }
}
