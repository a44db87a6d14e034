//! customer_segments: the five personas in their shares, each with its own
//! order frequency, basket size, part preferences and support load; lifecycle
//! stages follow from tenure and recency.

use super::calendar::{Secs, DAY_SECS};
use super::row::{RowBuf, RowSource};
use super::rng::Rng;
use super::taxonomy::{CATEGORIES, VEHICLES};
use super::world::{persona_weights, segment_name, World, PERSONAS};
use schema_def::enums::{LifecycleStage, PrimarySegment};
use schema_engine::TextEnum;
use std::sync::Arc;

pub const COLUMNS: &[&str] = &[
    "id", "shopify_customer_id", "primary_segment", "segment_confidence", "total_orders", "total_revenue",
    "avg_order_value", "days_since_first_order", "days_since_last_order", "top_category_l1", "top_category_l2",
    "prefers_performance", "prefers_restoration", "primary_vehicle_year", "primary_vehicle_make",
    "primary_vehicle_model", "support_tickets_count", "review_count", "avg_review_rating", "lifecycle_stage",
    "segmented_at", "updated_at",
];

pub struct Customers {
    world: Arc<World>,
    rows: u64,
    next: u64,
    rng: Rng,
    /// Per persona: category weights leaning to its preferences.
    category_weights: Vec<Vec<f64>>,
    vehicle_weights: Vec<f64>,
}

impl Customers {
    pub fn new(world: Arc<World>) -> Self {
        let rows = Self::expected_rows(&world);
        let category_weights = PERSONAS
            .iter()
            .map(|p| {
                CATEGORIES
                    .iter()
                    .map(|c| c.weight * (1.0 + 3.0 * p.performance * c.performance + 3.0 * p.restoration * c.restoration))
                    .collect()
            })
            .collect();
        let vehicle_weights = VEHICLES.iter().map(|v| v.4).collect();
        Customers { world, rows, next: 0, rng: Rng::stream("customer_segments"), category_weights, vehicle_weights }
    }

    pub fn expected_rows(world: &World) -> u64 {
        world.count(120_000.0, 50)
    }
}

impl RowSource for Customers {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        if self.next >= self.rows {
            return false;
        }
        let i = self.next;
        self.next += 1;
        let rng = &mut self.rng;
        let as_of = self.world.as_of;
        let p = rng.weighted(&persona_weights());
        let persona = &PERSONAS[p];
        let pro = persona.segment == PrimarySegment::ProfessionalShop;

        // Tenure: acquisition grew over time, so recent customers are more common.
        let first_days_ago = rng.exponential(700.0).min(2_190.0) as i64;
        let no_orders = rng.chance(0.03);
        let orders: u32 = if no_orders {
            0
        } else {
            let maturity = (first_days_ago as f64 / 365.0 * 0.8 + 0.2).min(1.0);
            1 + rng.poisson((persona.orders - 1.0) * maturity)
        };
        let last_days_ago = if orders <= 1 {
            first_days_ago
        } else {
            (rng.exponential(if pro { 25.0 } else { 90.0 }) as i64).min(first_days_ago)
        };
        let aov = rng.lognormal(persona.aov, 0.45);
        let revenue_cents = (f64::from(orders) * aov * 100.0).round() as i64;
        let stage = if no_orders || first_days_ago <= 30 {
            LifecycleStage::New
        } else if last_days_ago >= 365 {
            LifecycleStage::Churned
        } else if last_days_ago >= if pro { 75 } else { 150 } {
            LifecycleStage::AtRisk
        } else if orders >= 3 && rng.chance(0.12) {
            LifecycleStage::Reactivated
        } else {
            LifecycleStage::Active
        };
        // More history, surer segment; a few percent stay below 0.5.
        let confidence = (0.74 + 0.012 * f64::from(orders.min(10)) + 0.11 * rng.normal()).clamp(0.21, 0.99);

        let first_order: Secs = as_of - (first_days_ago + 1) * DAY_SECS + World::time_of_day(rng);
        let last_order: Secs = as_of - (last_days_ago + 1) * DAY_SECS + World::time_of_day(rng);
        let mut segmented = if rng.chance(0.35) {
            as_of - rng.range(1, 30 * DAY_SECS)
        } else {
            as_of - rng.range(1, 400 * DAY_SECS)
        };
        if segmented < first_order {
            segmented = (first_order + rng.range(3_600, 3 * DAY_SECS)).min(as_of - 1);
        }
        let updated = segmented.max(last_order).min(as_of - 1);

        row.uuid(rng.uuid7(segmented * 1000));
        row.int(6_200_000_000_000 + i as i64 * 1_013 + rng.range(0, 1_012));
        row.raw(segment_name(p));
        row.num(confidence, 3);
        row.int(orders);
        row.fixed(revenue_cents, 2);
        if orders > 0 {
            row.fixed((revenue_cents as f64 / f64::from(orders)).round() as i64, 2);
            row.int(first_days_ago);
            row.int(last_days_ago);
        } else {
            row.null();
            row.null();
            row.null();
        }
        if orders > 0 && !rng.chance(0.05) {
            let cat = &CATEGORIES[rng.weighted(&self.category_weights[p])];
            row.raw(cat.l1);
            row.raw(rng.pick(cat.subs).0);
        } else {
            row.null();
            row.null();
        }
        row.bool(rng.chance(persona.performance));
        row.bool(rng.chance(persona.restoration));
        if rng.chance(0.9) {
            let (make, model, from, to, _) = VEHICLES[rng.weighted(&self.vehicle_weights)];
            row.int(rng.range(i64::from(from), i64::from(to)));
            row.raw(make);
            row.raw(model);
        } else {
            row.null();
            row.null();
            row.null();
        }
        row.int(rng.poisson(f64::from(orders) * 0.18 * persona.support));
        let reviews = rng.poisson(f64::from(orders) * 0.15).min(orders);
        row.int(reviews);
        if reviews > 0 {
            let mean = if persona.segment == PrimarySegment::FirstTimeBuilder { 4.0 } else { 4.35 };
            row.num((mean + 0.7 * rng.normal()).clamp(1.0, 5.0), 2);
        } else {
            row.null();
        }
        row.raw(stage.as_str());
        row.ts(segmented);
        row.ts(updated);
        row.end();
        true
    }
}
