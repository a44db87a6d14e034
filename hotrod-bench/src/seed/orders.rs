//! fulfillment_tracking and cx_conversations: a year of orders (as many per
//! day as the sales plan says) and the support conversations they cause.
//!
//! Fulfillment slows down when demand peaks, so SLA breaches cluster in
//! summer and Black Friday week; conversations answered overnight or on busy
//! days breach their response target, and angry or urgent ones get escalated.

use super::calendar::{Day, Secs, DAY_SECS};
use super::row::{RowBuf, RowSource};
use super::rng::Rng;
use super::taxonomy::ESCALATION_REASONS;
use super::world::{persona_weights, segment_name, World, PERSONAS};
use schema_def::enums::{IssueSeverity, IssueType, PrimarySegment};
use schema_engine::TextEnum;
use std::sync::Arc;

pub const FULFILLMENT_COLUMNS: &[&str] = &[
    "id", "shopify_order_id", "order_number", "fulfillment_status", "days_to_fulfill", "is_sla_breach",
    "sla_threshold_days", "customer_segment", "is_priority_customer", "has_issue", "issue_type",
    "issue_severity", "order_created_at", "fulfilled_at", "sla_deadline", "created_at", "updated_at",
];

/// fulfillment_tracking: one row per order of the last 365 days.
pub struct Fulfillment {
    world: Arc<World>,
    day: Day,
    next: u64,
    end: u64,
    rng: Rng,
    /// Orders of each event day fulfilled by now (for sales_metrics_daily).
    fulfilled_by_day: Vec<u32>,
}

impl Fulfillment {
    pub fn new(world: Arc<World>) -> Self {
        let day = world.first_event_day();
        let range = world.order_range(day);
        Fulfillment {
            fulfilled_by_day: vec![0; (world.today - day) as usize],
            world,
            day,
            next: range.start,
            end: range.end,
            rng: Rng::stream("fulfillment_tracking"),
        }
    }

    pub fn expected_rows(world: &World) -> u64 {
        world.total_orders()
    }

    pub fn into_fulfilled_by_day(self) -> Vec<u32> {
        self.fulfilled_by_day
    }
}

impl RowSource for Fulfillment {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        while self.next == self.end {
            self.day += 1;
            if self.day >= self.world.today {
                return false;
            }
            let range = self.world.order_range(self.day);
            (self.next, self.end) = (range.start, range.end);
        }
        let index = self.next;
        self.next += 1;
        let (rng, world, d) = (&mut self.rng, &*self.world, self.day);
        let as_of = world.as_of;

        let created: Secs = Secs::from(d) * DAY_SECS + World::time_of_day(rng);
        let persona = (!rng.chance(0.05)).then(|| rng.weighted(&persona_weights()));
        let priority = persona.is_some_and(|p| rng.chance(PERSONAS[p].priority));
        let freight = rng.chance(0.07);
        let threshold: i64 = if freight {
            5
        } else if priority && persona.is_some_and(|p| PERSONAS[p].segment == PrimarySegment::ProfessionalShop) {
            1
        } else {
            2
        };
        let deadline = created + threshold * DAY_SECS;
        // Busy days ship slower.
        let load = (world.demand(d) / 1.1).clamp(0.6, 2.0);
        let late = if priority { 0.02 } else { 0.05 } * load;
        let on_time_days = if priority { 0 } else { i64::from(rng.chance(0.5)) };
        let mut days = if rng.chance(late) {
            threshold.max(2) + if rng.chance(0.85) { rng.range(0, 3) } else { rng.range(4, 12) }
        } else {
            on_time_days.min(threshold - 1)
        };
        if freight {
            days = days.max(rng.range(1, 3));
        }
        let shipped = created + days * DAY_SECS + rng.range(1_800, DAY_SECS - 1);
        let cancelled = rng.chance(0.025);
        let stuck = !cancelled && rng.chance(0.01); // backordered: partly shipped, the rest waits

        let (status, fulfilled_at) = if cancelled {
            ("cancelled", None)
        } else if stuck {
            ("partial", None)
        } else if shipped < as_of {
            ("fulfilled", Some(shipped))
        } else if rng.chance(0.2) {
            ("partial", None)
        } else {
            ("unfulfilled", None)
        };
        let breach = match fulfilled_at {
            Some(at) => at > deadline,
            None => !cancelled && as_of > deadline,
        };
        if fulfilled_at.is_some() {
            self.fulfilled_by_day[(d - world.first_event_day()) as usize] += 1;
        }
        let issue = if stuck && rng.chance(0.6) {
            Some(IssueType::InventoryShortage)
        } else if breach && rng.chance(0.35) {
            Some(IssueType::DelayedShipping)
        } else if !cancelled && rng.chance(0.025) {
            Some(*rng.pick(&[
                IssueType::DelayedShipping,
                IssueType::MissingItems,
                IssueType::DamagedGoods,
                IssueType::DamagedGoods,
                IssueType::WrongAddress,
                IssueType::InventoryShortage,
            ]))
        } else {
            None
        };
        let severity = issue.map(|_| {
            let weights = if breach { [0.2, 0.35, 0.33, 0.12] } else { [0.4, 0.35, 0.2, 0.05] };
            [IssueSeverity::Low, IssueSeverity::Medium, IssueSeverity::High, IssueSeverity::Critical][rng.weighted(&weights)]
        });
        let row_created = created + rng.range(5, 120);
        let updated = fulfilled_at.unwrap_or(row_created).max(row_created + if issue.is_some() { rng.range(600, 7_200) } else { 0 });

        row.uuid(rng.uuid7(created * 1000));
        row.int(World::order_id(index));
        row.raw(&format!("#{}", World::order_number(index)));
        row.raw(status);
        row.opt_int(fulfilled_at.map(|at| (at - created) / DAY_SECS));
        row.bool(breach);
        row.int(threshold);
        row.opt_text(persona.map(segment_name));
        row.bool(priority);
        row.bool(issue.is_some());
        row.opt_text(issue.map(|i| i.as_str()));
        row.opt_text(severity.map(|s| s.as_str()));
        row.ts(created);
        row.opt_ts(fulfilled_at);
        row.ts(deadline);
        row.ts(row_created);
        row.ts(updated.min(as_of - 1));
        row.end();
        true
    }
}

pub const CX_COLUMNS: &[&str] = &[
    "id", "chatwoot_conversation_id", "shopify_order_id", "customer_segment", "first_response_time_minutes",
    "resolution_time_hours", "sla_target_minutes", "is_sla_breach", "priority", "sentiment", "is_escalated",
    "escalation_reason", "escalated_at", "status", "conversation_created_at", "first_response_at",
    "resolved_at", "created_at", "updated_at",
];

/// cx_conversations over the last 365 days, following the order volume.
pub struct Conversations {
    world: Arc<World>,
    per_day: Vec<u32>,
    day_index: usize,
    left_today: u32,
    next: u64,
    rng: Rng,
}

impl Conversations {
    pub fn new(world: Arc<World>) -> Self {
        let mut rng = Rng::stream("cx_conversations");
        let target = world.count(80_000.0, 30) as f64;
        let first = world.first_event_day();
        let per_demand = target / world.event_demand();
        let mut per_day: Vec<u32> = (first..world.today).map(|d| rng.poisson(per_demand * world.demand(d))).collect();
        if let Some(yesterday) = per_day.last_mut() {
            *yesterday = (*yesterday).max(1); // fresh even at the smallest scale
        }
        let left_today = per_day.first().copied().unwrap_or(0);
        Conversations { world, per_day, day_index: 0, left_today, next: 0, rng }
    }

    pub fn expected_rows(&self) -> u64 {
        self.per_day.iter().map(|n| u64::from(*n)).sum()
    }
}

impl RowSource for Conversations {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        while self.left_today == 0 {
            self.day_index += 1;
            match self.per_day.get(self.day_index) {
                Some(n) => self.left_today = *n,
                None => return false,
            }
        }
        self.left_today -= 1;
        let index = self.next;
        self.next += 1;
        let (rng, world) = (&mut self.rng, &*self.world);
        let d = world.first_event_day() + self.day_index as Day;
        let as_of = world.as_of;
        let created: Secs = Secs::from(d) * DAY_SECS + World::time_of_day(rng);

        let order = if rng.chance(0.65) {
            let day = (d - rng.range(0, 10) as Day).max(world.first_event_day());
            let range = world.order_range(day);
            (!range.is_empty()).then(|| World::order_id(rng.range(range.start as i64, range.end as i64 - 1) as u64))
        } else {
            None
        };
        let support_weights = PERSONAS.map(|p| p.share * p.support);
        let persona = (!rng.chance(0.08)).then(|| rng.weighted(&support_weights));
        let p = rng.weighted(&[0.28, 0.45, 0.21, 0.06]);
        let (priority, target, speed) = [("low", 240, 1.5), ("medium", 120, 1.0), ("high", 60, 0.6), ("urgent", 30, 0.4)][p];

        // Overnight (05:00–13:00 UTC) only urgent and high chats reach the on-call agent.
        let hour = (created - Secs::from(d) * DAY_SECS) / 3600;
        let load = world.demand(d).powf(1.5);
        let minutes = if (5..13).contains(&hour) && p < 2 {
            ((Secs::from(d) * DAY_SECS + 13 * 3600 - created) / 60) as f64 + rng.lognormal(20.0, 0.6)
        } else {
            rng.lognormal(14.0 * speed * load, 0.7)
        };
        let answered_at = created + (minutes * 60.0) as Secs;
        let answered = answered_at < as_of;
        let breach = if answered { minutes > target as f64 } else { (as_of - created) / 60 > target };
        let sentiment_weights = if breach { [0.12, 0.38, 0.35, 0.15] } else { [0.32, 0.46, 0.17, 0.05] };
        let sentiment = (!rng.chance(0.05)).then(|| rng.weighted(&sentiment_weights));
        let escalate_p = 0.02 + if sentiment == Some(3) { 0.10 } else { 0.0 } + if p == 3 { 0.05 } else { 0.0 } + if breach { 0.04 } else { 0.0 };
        let escalated_at = (answered && rng.chance(escalate_p)).then(|| answered_at + rng.range(600, 12 * 3600)).filter(|at| *at < as_of);
        let hours = rng.lognormal(if escalated_at.is_some() { 30.0 } else { 6.0 } * speed.sqrt(), 1.0);
        let resolved = answered_at + (hours * 3600.0) as Secs;
        let resolved_at = (answered && resolved < as_of).then_some(resolved);
        let status = match resolved_at {
            Some(at) if at > as_of - 3 * DAY_SECS || rng.chance(0.25) => "resolved",
            Some(_) => "closed",
            None if answered => "pending",
            None => "open",
        };
        let updated = [Some(created + 5), answered.then_some(answered_at), escalated_at, resolved_at]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(created)
            .min(as_of - 1);

        row.uuid(rng.uuid7(created * 1000));
        row.int(20_000 + index as i64);
        row.opt_int(order);
        row.opt_text(persona.map(segment_name));
        row.opt_int(answered.then_some(minutes.floor() as i64));
        row.opt_num(resolved_at.map(|at| (at - created) as f64 / 3600.0), 2);
        row.int(target);
        row.bool(breach);
        row.raw(priority);
        row.opt_text(sentiment.map(|s| ["positive", "neutral", "negative", "very_negative"][s]));
        row.bool(escalated_at.is_some());
        row.opt_text(escalated_at.map(|_| *rng.pick(ESCALATION_REASONS)));
        row.opt_ts(escalated_at);
        row.raw(status);
        row.ts(created);
        row.opt_ts(answered.then_some(answered_at));
        row.opt_ts(resolved_at);
        row.ts(created + 5);
        row.ts(updated);
        row.end();
        true
    }
}
