//! The daily tables: sales_metrics_daily, shop_activation_metrics and
//! ceo_time_savings (three years through today), and operator_sla_resolution
//! (each operator's days on staff in the last year).
//!
//! Sales follow the order plan shared with fulfillment_tracking: for the last
//! year a day's total_orders is exactly the number of orders tracked that day
//! and orders_fulfilled the number of those fulfilled since.

use super::calendar::{weekday, Day, Secs, DAY_SECS};
use super::row::{RowBuf, RowSource};
use super::rng::Rng;
use super::world::{World, HISTORY_DAYS};
use std::sync::Arc;

/// A daily row is written by the nightly job after its day, today's at midnight.
fn written_at(world: &World, day: Day) -> Secs {
    (Secs::from(day + 1) * DAY_SECS).min(world.as_of) + 600
}

/// Adoption of the automations, 0 → 1 over the three years.
fn adoption(world: &World, day: Day) -> f64 {
    1.0 / (1.0 + (-f64::from(day - world.today + 600) / 160.0).exp())
}

pub const SALES_COLUMNS: &[&str] = &[
    "id", "date", "total_revenue", "total_orders", "avg_order_value", "revenue_vs_last_week_pct",
    "orders_vs_last_week_pct", "orders_fulfilled", "fulfillment_rate_pct", "created_at", "updated_at",
];

pub struct Sales {
    world: Arc<World>,
    fulfilled_by_day: Vec<u32>,
    day: Day,
    /// (revenue cents, orders) of every day so far, for week-over-week.
    history: Vec<(i64, u32)>,
    rng: Rng,
}

impl Sales {
    /// `fulfilled_by_day`: per event day, the orders fulfilled (from [`super::orders::Fulfillment`]).
    pub fn new(world: Arc<World>, fulfilled_by_day: Vec<u32>) -> Self {
        let day = world.first_history_day();
        Sales { world, fulfilled_by_day, day, history: Vec::new(), rng: Rng::stream("sales_metrics_daily") }
    }
}

fn pct_change(now: f64, before: f64) -> Option<f64> {
    (before > 0.0).then(|| 100.0 * (now - before) / before)
}

impl RowSource for Sales {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        let (world, d) = (&*self.world, self.day);
        if d > world.today {
            return false;
        }
        self.day += 1;
        let rng = &mut self.rng;
        let orders = world.orders_on(d);
        // Summer projects are bigger; the holidays bring small gifts.
        let aov = 215.0 * (1.0 + 0.04 * (world.demand(d) - 1.0)) * rng.lognormal(1.0, 0.07);
        let revenue = (f64::from(orders) * aov * 100.0).round() as i64;
        let event = d - world.first_event_day();
        let fulfilled = if d == world.today {
            (f64::from(orders) * 0.3).round() as u32
        } else if event >= 0 {
            self.fulfilled_by_day[event as usize]
        } else {
            (f64::from(orders) * rng.uniform(0.962, 0.978)).round() as u32
        };
        let week_ago = self.history.len().checked_sub(7).map(|i| self.history[i]);
        self.history.push((revenue, orders));

        row.uuid(rng.uuid7(written_at(world, d) * 1000));
        row.date(d);
        row.fixed(revenue, 2);
        row.int(orders);
        if orders > 0 {
            row.fixed((revenue as f64 / f64::from(orders)).round() as i64, 2);
        } else {
            row.null();
        }
        row.opt_num(week_ago.and_then(|(r, _)| pct_change(revenue as f64, r as f64)), 2);
        row.opt_num(week_ago.and_then(|(_, o)| pct_change(f64::from(orders), f64::from(o))), 2);
        row.int(fulfilled);
        row.opt_num((orders > 0).then(|| 100.0 * f64::from(fulfilled) / f64::from(orders)), 2);
        row.ts(written_at(world, d));
        row.ts(written_at(world, d));
        row.end();
        true
    }
}

pub const ACTIVATION_COLUMNS: &[&str] =
    &["id", "date", "total_shops", "shops_activated", "activation_rate_pct", "activation_rate_7d_avg", "created_at", "updated_at"];

/// shop_activation_metrics: the app's shops, growing, and the share active each day.
pub struct Activation {
    world: Arc<World>,
    day: Day,
    shops: i64,
    rates: Vec<f64>,
    rng: Rng,
}

impl Activation {
    pub fn new(world: Arc<World>) -> Self {
        let day = world.first_history_day();
        Activation { world, day, shops: 210, rates: Vec::new(), rng: Rng::stream("shop_activation_metrics") }
    }
}

impl RowSource for Activation {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        let (world, d) = (&*self.world, self.day);
        if d > world.today {
            return false;
        }
        self.day += 1;
        let rng = &mut self.rng;
        let progress = adoption(world, d);
        self.shops = (self.shops + i64::from(rng.poisson(0.35 + 0.9 * progress)) - i64::from(rng.poisson(0.12))).max(1);
        let weekend = if weekday(d) >= 5 { 0.06 } else { 0.0 };
        let rate = (0.50 + 0.20 * progress - weekend + 0.02 * rng.normal()).clamp(0.05, 0.98);
        let activated = ((self.shops as f64) * rate).round() as i64;
        let rate_pct = 100.0 * activated as f64 / self.shops as f64;
        self.rates.push(rate_pct);
        let window = &self.rates[self.rates.len().saturating_sub(7)..];
        let avg_7d = window.iter().sum::<f64>() / window.len() as f64;

        row.uuid(rng.uuid7(written_at(world, d) * 1000));
        row.date(d);
        row.int(self.shops);
        row.int(activated);
        row.num(rate_pct, 2);
        row.num(avg_7d, 2);
        row.ts(written_at(world, d));
        row.ts(written_at(world, d));
        row.end();
        true
    }
}

pub const TIME_SAVINGS_COLUMNS: &[&str] = &[
    "id", "date", "time_saved_order_processing", "time_saved_inventory_checks", "time_saved_customer_support",
    "time_saved_manual_reporting", "time_saved_data_entry", "automation_actions_count", "manual_actions_avoided",
    "created_at", "updated_at",
];

/// ceo_time_savings: minutes the automations saved each day, growing with adoption.
pub struct TimeSavings {
    world: Arc<World>,
    day: Day,
    rng: Rng,
}

impl TimeSavings {
    pub fn new(world: Arc<World>) -> Self {
        let day = world.first_history_day();
        TimeSavings { world, day, rng: Rng::stream("ceo_time_savings") }
    }
}

impl RowSource for TimeSavings {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        let (world, d) = (&*self.world, self.day);
        if d > world.today {
            return false;
        }
        self.day += 1;
        let rng = &mut self.rng;
        let a = adoption(world, d);
        // Store-sized, whatever the scale of the generated rows.
        let orders = world.demand(d) * 700.0;
        let weekday_factor = if weekday(d) >= 5 { 0.4 } else { 1.0 };
        let mut minutes = |base: f64| (base * a * rng.lognormal(1.0, 0.15)).round().max(0.0) as i64;
        let order_processing = minutes(orders * 0.12);
        let inventory = minutes(45.0 * weekday_factor);
        let support = minutes(60.0 * world.demand(d));
        let reporting = minutes(if weekday(d) == 0 { 95.0 } else { 25.0 * weekday_factor });
        let data_entry = minutes(28.0 * weekday_factor);
        let actions = (orders * 2.4 * a * rng.lognormal(1.0, 0.08) + 25.0).round() as i64;

        row.uuid(rng.uuid7(written_at(world, d) * 1000));
        row.date(d);
        row.int(order_processing);
        row.int(inventory);
        row.int(support);
        row.int(reporting);
        row.int(data_entry);
        row.int(actions);
        row.int((actions as f64 * rng.uniform(0.5, 0.7)).round() as i64);
        row.ts(written_at(world, d));
        row.ts(written_at(world, d));
        row.end();
        true
    }
}

pub const SLA_COLUMNS: &[&str] = &[
    "id", "operator_id", "date", "sla_breaches_detected", "sla_breaches_resolved", "median_response_time",
    "p90_response_time", "p95_response_time", "created_at", "updated_at",
];

/// operator_sla_resolution: one row per operator per day on staff in the last
/// year; days off see only the odd on-call breach.
pub struct OperatorSla {
    world: Arc<World>,
    day: Day,
    next_operator: usize,
    rng: Rng,
}

impl OperatorSla {
    pub fn new(world: Arc<World>) -> Self {
        let day = world.first_event_day();
        OperatorSla { world, day, next_operator: 0, rng: Rng::stream("operator_sla_resolution") }
    }

    pub fn expected_rows(world: &World) -> u64 {
        (world.first_event_day()..world.today)
            .map(|d| world.operators.iter().filter(|o| o.employed_on(d)).count() as u64)
            .sum()
    }
}

impl RowSource for OperatorSla {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        let world = &*self.world;
        let op = loop {
            if self.next_operator == world.operators.len() {
                self.next_operator = 0;
                self.day += 1;
            }
            if self.day >= world.today {
                return false;
            }
            let op = &world.operators[self.next_operator];
            self.next_operator += 1;
            if op.employed_on(self.day) {
                break op;
            }
        };
        let (rng, d) = (&mut self.rng, self.day);
        let load = world.demand(d);
        let on_duty = if op.works_on(d) { 1.0 } else { 0.08 };
        let detected = rng.poisson(2.4 * load * load * on_duty);
        let missed = (0..detected).filter(|_| rng.chance((op.miss_rate * load).min(0.9))).count() as u32;
        let written = Secs::from(d + 1) * DAY_SECS + 1_800;

        row.uuid(rng.uuid7(written * 1000 + op.id));
        row.int(op.id);
        row.date(d);
        row.int(detected);
        row.int(detected - missed);
        if detected > 0 {
            let median = rng.lognormal(op.response_minutes * load.powf(0.7), 0.2);
            let p90 = median * rng.uniform(1.7, 2.5);
            let p95 = p90 * rng.uniform(1.08, 1.3);
            row.num(median, 2);
            row.num(p90, 2);
            row.num(p95, 2);
        } else {
            row.null();
            row.null();
            row.null();
        }
        row.ts(written);
        row.ts(written);
        row.end();
        true
    }
}

/// Rows of each three-year daily table.
pub fn history_rows() -> u64 {
    HISTORY_DAYS as u64
}
