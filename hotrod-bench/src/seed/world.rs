//! What every generator shares: the calendar (today, seasonality), the order
//! volume per day, the personas, the operators and the shops.

use super::calendar::{civil, day_of_year, weekday, Day, Secs, DAY_SECS};
use super::rng::{mix, Rng, Zipf};
use super::taxonomy::{FIRST_NAMES, LAST_NAMES, SHOP_WORDS};
use schema_def::enums::PrimarySegment;
use schema_engine::TextEnum;

/// Daily tables (sales, activation, time savings) go back three years.
pub const HISTORY_DAYS: i32 = 3 * 365 + 1;
/// Orders, conversations, snapshots and SLA records cover the last year.
pub const EVENT_DAYS: i32 = 365;

/// A customer persona and how it shops.
pub struct Persona {
    pub segment: PrimarySegment,
    pub share: f64,
    /// Mean lifetime orders and median order value (dollars).
    pub orders: f64,
    pub aov: f64,
    pub performance: f64,
    pub restoration: f64,
    /// Chance an order is flagged priority; relative support load.
    pub priority: f64,
    pub support: f64,
}

pub const PERSONAS: [Persona; 5] = [
    Persona { segment: PrimarySegment::DiyBuilder, share: 0.35, orders: 4.0, aov: 165.0, performance: 0.45, restoration: 0.40, priority: 0.04, support: 1.0 },
    Persona { segment: PrimarySegment::EnthusiastCollector, share: 0.20, orders: 6.0, aov: 240.0, performance: 0.20, restoration: 0.80, priority: 0.08, support: 0.9 },
    Persona { segment: PrimarySegment::FirstTimeBuilder, share: 0.20, orders: 1.8, aov: 120.0, performance: 0.35, restoration: 0.30, priority: 0.02, support: 2.2 },
    Persona { segment: PrimarySegment::ProfessionalShop, share: 0.15, orders: 14.0, aov: 380.0, performance: 0.55, restoration: 0.50, priority: 0.60, support: 0.8 },
    Persona { segment: PrimarySegment::RacingEnthusiast, share: 0.10, orders: 5.0, aov: 310.0, performance: 0.90, restoration: 0.10, priority: 0.15, support: 1.1 },
];

pub fn persona_weights() -> [f64; 5] {
    PERSONAS.map(|p| p.share)
}

pub fn segment_name(index: usize) -> &'static str {
    PERSONAS[index].segment.as_str()
}

/// An operator: handles SLA breaches and records decisions in the audit log.
pub struct Operator {
    pub id: i64,
    pub email: String,
    /// Median response time in minutes on an ordinary day.
    pub response_minutes: f64,
    /// Share of breaches left unresolved.
    pub miss_rate: f64,
    /// Relative number of decisions made.
    pub activity: f64,
    pub hired: Day,
    pub left: Option<Day>,
    pub works_weekends: bool,
}

impl Operator {
    /// On staff on `day` (between hiring and leaving).
    pub fn employed_on(&self, day: Day) -> bool {
        day >= self.hired && self.left.is_none_or(|left| day < left)
    }

    /// On staff and on duty on `day`.
    pub fn works_on(&self, day: Day) -> bool {
        self.employed_on(day) && (self.works_weekends || weekday(day) < 5)
    }
}

pub struct World {
    pub scale: f64,
    pub today: Day,
    /// Midnight (UTC) starting today: every event happened before it.
    pub as_of: Secs,
    /// Orders per day, from `today - HISTORY_DAYS + 1` through today.
    orders: Vec<u32>,
    /// Sum of [`World::demand`] over the event days.
    event_demand: f64,
    /// For the event days: the global index of each day's first order.
    order_starts: Vec<u64>,
    pub operators: Vec<Operator>,
    pub shops: Vec<String>,
    pub shop_popularity: Zipf,
}

impl World {
    pub fn new(scale: f64, today: Day) -> Self {
        let mut world = World {
            scale,
            today,
            as_of: Secs::from(today) * DAY_SECS,
            orders: Vec::new(),
            event_demand: 0.0,
            order_starts: Vec::new(),
            operators: Vec::new(),
            shops: Vec::new(),
            shop_popularity: Zipf::new(1, 1.0, 1.0),
        };
        world.plan_orders();
        world.hire_operators();
        world.open_shops();
        world
    }

    /// Rows for a table of `per_year` rows at scale 1, at least `min`.
    pub fn count(&self, per_year: f64, min: u64) -> u64 {
        ((per_year * self.scale).round() as u64).max(min)
    }

    pub fn first_history_day(&self) -> Day {
        self.today - HISTORY_DAYS + 1
    }

    /// The first of the event days, which end yesterday.
    pub fn first_event_day(&self) -> Day {
        self.today - EVENT_DAYS
    }

    /// Relative demand on `day`: summer peak, winter low, weekend dip,
    /// Black Friday week, 20 % growth a year, and a little noise.
    pub fn demand(&self, day: Day) -> f64 {
        let season = 1.0 + 0.30 * (std::f64::consts::TAU * (f64::from(day_of_year(day)) - 190.0) / 365.25).cos();
        let week = [1.06, 1.08, 1.06, 1.03, 0.98, 0.76, 0.64][weekday(day) as usize];
        let (_, month, dom) = civil(day);
        let holiday = match (month, dom) {
            (11, 24..=30) => 1.55,
            (12, 1..=2) => 1.35,
            (12, 22..=31) | (1, 1) | (7, 4) => 0.75,
            _ => 1.0,
        };
        let growth = 1.20f64.powf(f64::from(day - self.today) / 365.0);
        let noise = 1.0 + 0.05 * ((mix(day as u64) >> 11) as f64 / (1u64 << 53) as f64 - 0.5);
        season * week * holiday * growth * noise
    }

    fn plan_orders(&mut self) {
        let mut rng = Rng::stream("orders");
        // 250,000 orders over the event days at scale 1.
        let target = 250_000.0 * self.scale;
        self.event_demand = (self.first_event_day()..self.today).map(|d| self.demand(d)).sum();
        let per_demand = target / self.event_demand;
        self.orders = (self.first_history_day()..=self.today)
            .map(|d| rng.poisson(per_demand * self.demand(d)))
            .collect();
        // Even the smallest scale has orders yesterday, so the data is fresh.
        let yesterday = self.orders.len() - 2;
        self.orders[yesterday] = self.orders[yesterday].max(1);
        let mut next = 0u64;
        self.order_starts = (self.first_event_day()..=self.today)
            .map(|d| {
                let start = next;
                if d < self.today {
                    next += u64::from(self.orders_on(d));
                }
                start
            })
            .collect();
    }

    /// Sum of the demand over the event days.
    pub fn event_demand(&self) -> f64 {
        self.event_demand
    }

    /// Orders placed on `day` (0 outside the history).
    pub fn orders_on(&self, day: Day) -> u32 {
        let i = day - self.first_history_day();
        if i < 0 || i >= self.orders.len() as i32 {
            return 0;
        }
        self.orders[i as usize]
    }

    /// The global indexes (0-based, in time order) of the orders of an event day.
    pub fn order_range(&self, day: Day) -> std::ops::Range<u64> {
        let i = (day - self.first_event_day()) as usize;
        self.order_starts[i]..self.order_starts[i + 1]
    }

    /// Orders over all event days.
    pub fn total_orders(&self) -> u64 {
        *self.order_starts.last().unwrap_or(&0)
    }

    /// Shopify's id of the order with global index `index` (ascending, unique).
    pub fn order_id(index: u64) -> i64 {
        5_100_000_000_000 + (index * 41 + mix(index) % 41) as i64
    }

    /// The order's number as the shop shows it.
    pub fn order_number(index: u64) -> u64 {
        100_001 + index
    }

    /// A time of day for a customer action, in seconds: US shoppers, so most
    /// of it lands between 14:00 and 04:00 UTC.
    pub fn time_of_day(rng: &mut Rng) -> Secs {
        const HOURS: [f64; 24] = [
            5.0, 4.5, 3.5, 2.5, 1.5, 0.8, 0.5, 0.4, 0.4, 0.5, 0.8, 1.2, 2.0, 3.0, 4.2, 5.0, 5.5, 5.8, 6.0,
            6.0, 5.8, 5.6, 5.5, 5.3,
        ];
        rng.weighted(&HOURS) as Secs * 3600 + rng.range(0, 3599)
    }

    /// Working hours for operators (Central time), in seconds of the UTC day.
    pub fn office_time(rng: &mut Rng) -> Secs {
        const HOURS: [f64; 24] = [
            0.6, 0.3, 0.1, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.1, 0.3, 2.5, 5.0, 5.5, 5.0, 4.0,
            4.8, 5.2, 4.8, 3.6, 1.8,
        ];
        rng.weighted(&HOURS) as Secs * 3600 + rng.range(0, 3599)
    }

    fn hire_operators(&mut self) {
        let mut rng = Rng::stream("operators");
        let n = self.count(30.0, 3) as usize;
        let first = self.today - 800;
        self.operators = (0..n)
            .map(|i| {
                let first_name = FIRST_NAMES[i % FIRST_NAMES.len()];
                let last_name = LAST_NAMES[(i * 7 + i / FIRST_NAMES.len()) % LAST_NAMES.len()];
                let email = if i < FIRST_NAMES.len() {
                    format!("{first_name}.{last_name}@hotrodan.com")
                } else {
                    format!("{first_name}.{last_name}{}@hotrodan.com", i / FIRST_NAMES.len())
                };
                // Most were there before the data starts; a few joined later and a few left.
                let hired = if i >= 3 && rng.chance(0.2) { self.today - rng.range(40, 330) as Day } else { first };
                let left = if i >= 3 && rng.chance(0.1) { Some(self.today - rng.range(20, 200) as Day) } else { None };
                Operator {
                    id: 1001 + i as i64,
                    email,
                    response_minutes: rng.lognormal(22.0, 0.35),
                    miss_rate: rng.uniform(0.01, 0.12),
                    activity: rng.lognormal(1.0, 0.6),
                    hired,
                    left: left.filter(|l| *l > hired + 30),
                    works_weekends: rng.chance(0.25),
                }
            })
            .collect();
    }

    fn open_shops(&mut self) {
        let n = self.count(60.0, 2).min(300) as usize;
        let mut rng = Rng::stream("shops");
        self.shops = (0..n)
            .map(|i| match i {
                0 => "hotrodan.myshopify.com".to_owned(),
                1 => "speedshop.myshopify.com".to_owned(),
                _ => format!("{}-{}-{}.myshopify.com", rng.pick(SHOP_WORDS), rng.pick(SHOP_WORDS), i),
            })
            .collect();
        self.shop_popularity = Zipf::new(n, 1.2, 1.0);
    }
}
