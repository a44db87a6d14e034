//! inventory_snapshots and sku_performance, from a day-by-day simulation of
//! every SKU's stock: seasonal Poisson sales, reorders at the reorder point
//! arriving after a lead time (sometimes late), lost sales when out of stock,
//! discontinued SKUs that run dry and overstocked ones that sit.
//!
//! Each snapshot is taken at the start of its day (today's included), so its
//! 7- and 30-day sales are the days before it. sku_performance is the state
//! at the end: it is generated after the snapshots, from the same simulation.

use super::catalog::Catalog;
use super::calendar::{Day, Secs, DAY_SECS};
use super::row::{Encoded, RowBuf, RowSource};
use super::rng::{mix, Rng};
use super::world::{World, EVENT_DAYS};
use std::sync::Arc;

/// Days simulated before the first snapshot, to fill the sales windows.
const WARM_UP_DAYS: i32 = 30;
const NO_ARRIVAL: Day = Day::MAX;

#[derive(Clone)]
pub struct SkuState {
    available: i32,
    incoming: i32,
    arrival: Day,
    units: [u16; 30],
    orders: [u16; 30],
    units_7d: u32,
    units_30d: u32,
    orders_30d: u32,
    last_sale_day: Option<Day>,
}

pub const SNAPSHOT_COLUMNS: &[&str] = &[
    "id", "shopify_product_id", "shopify_variant_id", "sku", "snapshot_date", "quantity_available",
    "quantity_reserved", "quantity_incoming", "units_sold_7d", "units_sold_30d", "avg_daily_sales",
    "days_of_cover", "reorder_point", "stock_status", "velocity_tier", "created_at",
];

const STATUSES: [&str; 4] = ["in_stock", "low_stock", "out_of_stock", "overstock"];
const TIERS: [&str; 4] = ["fast", "medium", "slow", "stagnant"];

/// The snapshot fields that repeat, encoded once for the table's format: a
/// SKU's product id, variant id and code (columns 1–3), and each pair of
/// stock status and velocity tier (columns 13–14).
struct Encodings {
    skus: Vec<Encoded>,
    labels: Vec<Encoded>,
}

impl Encodings {
    fn new(catalog: &Catalog, row: &RowBuf) -> Self {
        let skus = catalog
            .skus
            .iter()
            .map(|sku| {
                row.encode(1, |r| {
                    r.int(catalog.products[sku.product].shopify_id);
                    r.int(sku.variant_id);
                    r.raw(&sku.code);
                })
            })
            .collect();
        let labels = (0..16)
            .map(|i| {
                row.encode(13, |r| {
                    r.raw(STATUSES[i / 4]);
                    r.raw(TIERS[i % 4]);
                })
            })
            .collect();
        Encodings { skus, labels }
    }
}

/// inventory_snapshots: every SKU on each of the last 365 days through today.
pub struct InventorySim {
    catalog: Arc<Catalog>,
    world: Arc<World>,
    states: Vec<SkuState>,
    rng: Rng,
    day: Day,
    next_sku: usize,
    demand: f64,
    /// Made by the first row, for its buffer's format.
    encodings: Option<Encodings>,
}

impl InventorySim {
    pub fn new(catalog: Arc<Catalog>, world: Arc<World>) -> Self {
        let states = catalog
            .skus
            .iter()
            .map(|s| SkuState {
                available: s.initial_stock,
                incoming: 0,
                arrival: NO_ARRIVAL,
                units: [0; 30],
                orders: [0; 30],
                units_7d: 0,
                units_30d: 0,
                orders_30d: 0,
                last_sale_day: None,
            })
            .collect();
        let day = Self::first_snapshot_day(&world) - WARM_UP_DAYS;
        let demand = world.demand(day);
        InventorySim { catalog, world, states, rng: Rng::stream("inventory_snapshots"), day, next_sku: 0, demand, encodings: None }
    }

    pub fn first_snapshot_day(world: &World) -> Day {
        world.today - EVENT_DAYS + 1
    }

    pub fn expected_rows(catalog: &Catalog) -> u64 {
        catalog.skus.len() as u64 * EVENT_DAYS as u64
    }

    pub fn into_states(self) -> Vec<SkuState> {
        self.states
    }

    /// One SKU's day: deliveries, the snapshot (when `emit`), sales, reorder.
    fn step(&mut self, k: usize, row: Option<&mut RowBuf>) {
        let sku = &self.catalog.skus[k];
        let d = self.day;
        let st = &mut self.states[k];
        if st.arrival <= d {
            st.available += st.incoming;
            st.incoming = 0;
            st.arrival = NO_ARRIVAL;
        }
        let spike = if d >= self.world.today - 14 { sku.spike } else { 1.0 };
        let lambda = sku.rate * self.demand * (sku.drift * f64::from(d - self.world.today) / 365.0).exp() * spike;

        if let Some(row) = row {
            let reserved = if st.available > 0 { (self.rng.poisson(lambda * 0.8) as i32).min(st.available) } else { 0 };
            let avg = f64::from(st.units_30d) / 30.0;
            let cover = (st.units_30d > 0).then(|| (f64::from(st.available.max(0)) / avg).floor() as i64);
            let reorder_point = (!sku.discontinued).then_some(sku.reorder_point);
            let status = if st.available <= 0 {
                2 // out_of_stock
            } else if st.available <= sku.reorder_point {
                1 // low_stock
            } else if st.available > 2 * (sku.reorder_point + sku.order_qty) && cover.is_none_or(|c| c > 120) {
                // Well past the most a reorder brings it to, and not selling it down soon.
                3 // overstock
            } else {
                0 // in_stock
            };
            let tier = if avg >= 1.0 {
                0 // fast
            } else if avg >= 0.25 {
                1 // medium
            } else if st.units_30d > 0 {
                2 // slow
            } else {
                3 // stagnant
            };
            let encodings = self.encodings.as_ref().expect("encodings made by next_row");
            let created: Secs = Secs::from(d) * DAY_SECS + 900;
            row.uuid(self.rng.uuid7(created * 1000 + k as i64));
            row.encoded(&encodings.skus[k]);
            row.date(d);
            row.int(st.available);
            row.int(reserved);
            row.int(st.incoming);
            row.int(st.units_7d);
            row.int(st.units_30d);
            row.num(avg, 3);
            row.opt_int(cover);
            row.opt_int(reorder_point);
            row.encoded(&encodings.labels[status * 4 + tier]);
            row.ts(created);
            row.end();
        }

        if d >= self.world.today {
            return; // today's sales have not happened yet
        }
        let wanted = self.rng.poisson(lambda);
        let sold = wanted.min(st.available.max(0) as u32).min(u32::from(u16::MAX)) as u16;
        let orders = if sold <= 1 { sold } else { ((f64::from(sold) / self.rng.uniform(1.0, 1.6)).round() as u16).max(1) };
        let slot = d.rem_euclid(30) as usize;
        st.units_7d = st.units_7d + u32::from(sold) - u32::from(st.units[(d - 7).rem_euclid(30) as usize]);
        st.units_30d = st.units_30d + u32::from(sold) - u32::from(st.units[slot]);
        st.orders_30d = st.orders_30d + u32::from(orders) - u32::from(st.orders[slot]);
        st.units[slot] = sold;
        st.orders[slot] = orders;
        st.available -= i32::from(sold);
        if sold > 0 {
            st.last_sale_day = Some(d);
        }
        if !sku.discontinued && st.arrival == NO_ARRIVAL && st.available + st.incoming <= sku.reorder_point {
            st.incoming = sku.order_qty;
            let late = if self.rng.chance(0.1) { self.rng.range(3, 14) as i32 } else { 0 };
            st.arrival = d + sku.lead_days + late;
        }
    }
}

impl RowSource for InventorySim {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        if self.encodings.is_none() {
            self.encodings = Some(Encodings::new(&self.catalog, row));
        }
        let first_snapshot = Self::first_snapshot_day(&self.world);
        loop {
            if self.next_sku == self.catalog.skus.len() {
                self.next_sku = 0;
                self.day += 1;
                self.demand = self.world.demand(self.day);
            }
            if self.day > self.world.today || self.catalog.skus.is_empty() {
                return false;
            }
            let k = self.next_sku;
            self.next_sku += 1;
            if self.day >= first_snapshot {
                self.step(k, Some(row));
                return true;
            }
            self.step(k, None);
        }
    }
}

pub const PERFORMANCE_COLUMNS: &[&str] = &[
    "id", "shopify_product_id", "shopify_variant_id", "sku", "revenue_30d", "units_sold_30d", "orders_30d",
    "current_inventory", "days_of_inventory", "is_trending", "trend_direction", "last_sale_at", "created_at",
    "updated_at",
];

/// sku_performance: each SKU's last 30 days, as of this morning.
pub struct SkuPerformance {
    catalog: Arc<Catalog>,
    states: Vec<SkuState>,
    as_of: Secs,
    next: usize,
    rng: Rng,
}

impl SkuPerformance {
    pub fn new(catalog: Arc<Catalog>, states: Vec<SkuState>, world: &World) -> Self {
        SkuPerformance { catalog, states, as_of: world.as_of, next: 0, rng: Rng::stream("sku_performance") }
    }
}

impl RowSource for SkuPerformance {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        let k = self.next;
        let (Some(sku), Some(st)) = (self.catalog.skus.get(k), self.states.get(k)) else { return false };
        self.next += 1;
        let discount = self.rng.uniform(0.86, 1.0);
        let revenue_cents = (f64::from(st.units_30d) * sku.price_cents as f64 * discount).round() as i64;
        let rate_7 = f64::from(st.units_7d) / 7.0;
        let rate_30 = f64::from(st.units_30d) / 30.0;
        let direction = if st.units_30d < 3 {
            None
        } else if rate_7 > 1.25 * rate_30 {
            Some("up")
        } else if rate_7 < 0.75 * rate_30 {
            Some("down")
        } else {
            Some("stable")
        };
        let updated = self.as_of + 1_200 + (k as Secs % 600);
        row.uuid(self.rng.uuid7(sku.created * 1000));
        row.int(self.catalog.products[sku.product].shopify_id);
        row.int(sku.variant_id);
        row.raw(&sku.code);
        row.fixed(revenue_cents, 2);
        row.int(st.units_30d);
        row.int(st.orders_30d);
        row.int(st.available);
        row.opt_int((st.units_30d > 0).then(|| (f64::from(st.available.max(0)) / rate_30).floor() as i64));
        row.bool(direction == Some("up") && st.units_7d >= 3);
        row.opt_text(direction);
        row.opt_ts(st.last_sale_day.map(|d| Secs::from(d) * DAY_SECS + (mix(k as u64 ^ d as u64) % DAY_SECS as u64) as Secs));
        row.ts(sku.created);
        row.ts(updated);
        row.end();
        true
    }
}
