//! audit_log and audit_log_archive: operators' decisions on recommendations
//! and alerts, on working days and office hours, by whoever was on staff.
//!
//! audit_log covers the last 240 days, so about a fifth of it is older than
//! 180 days (as if the archive job had stopped running 60 days ago, which
//! `archive_old_audit_logs()` can then catch up on); audit_log_archive holds
//! the year before that, archived back when the job still ran.

use super::catalog::Catalog;
use super::calendar::{civil, weekday, Day, Secs, DAY_SECS};
use super::row::{RowBuf, RowSource};
use super::rng::Rng;
use super::world::World;
use schema_def::enums::{DecisionAction, DecisionScope};
use schema_engine::TextEnum;
use std::fmt::Write;
use std::sync::Arc;

pub const LOG_COLUMNS: &[&str] = &["id", "actor", "shop_domain", "scope", "action", "details", "created_at"];
pub const ARCHIVE_COLUMNS: &[&str] =
    &["id", "actor", "shop_domain", "scope", "action", "details", "created_at", "archived_at"];

const LIVE_DAYS: i32 = 240;
const ARCHIVED_DAYS: i32 = 365;

const SCOPES: [(DecisionScope, f64); 6] = [
    (DecisionScope::Inventory, 30.0),
    (DecisionScope::Fulfillment, 25.0),
    (DecisionScope::CustomerSupport, 20.0),
    (DecisionScope::Pricing, 10.0),
    (DecisionScope::Catalog, 10.0),
    (DecisionScope::Reporting, 5.0),
];
const ACTIONS: [DecisionAction; 5] =
    [DecisionAction::Approve, DecisionAction::Reject, DecisionAction::Modify, DecisionAction::Escalate, DecisionAction::Defer];

pub struct Audit {
    world: Arc<World>,
    catalog: Arc<Catalog>,
    archive: bool,
    first_day: Day,
    per_day: Vec<u32>,
    day_index: usize,
    left_today: u32,
    /// Operators' weights on the current day.
    staff: Vec<f64>,
    rng: Rng,
    details: String,
}

impl Audit {
    /// The live log (`archive` false) or the archive.
    pub fn new(world: Arc<World>, catalog: Arc<Catalog>, archive: bool) -> Self {
        let mut rng = Rng::stream(if archive { "audit_log_archive" } else { "audit_log" });
        let (first_day, days, target) = if archive {
            (world.today - LIVE_DAYS - ARCHIVED_DAYS, ARCHIVED_DAYS, world.count(150_000.0, 150))
        } else {
            (world.today - LIVE_DAYS, LIVE_DAYS, world.count(500_000.0, 500))
        };
        // Use of the decision queue grew steadily; weekends are quiet.
        let weight = |d: Day| {
            let growth = 1.0 + f64::from(d - world.today + LIVE_DAYS + ARCHIVED_DAYS) / 365.0;
            growth * if weekday(d) >= 5 { 0.25 } else { 1.0 }
        };
        let total: f64 = (first_day..first_day + days).map(weight).sum();
        let per_day: Vec<u32> =
            (first_day..first_day + days).map(|d| rng.poisson(target as f64 * weight(d) / total)).collect();
        let left_today = per_day.first().copied().unwrap_or(0);
        let mut audit = Audit {
            world,
            catalog,
            archive,
            first_day,
            per_day,
            day_index: 0,
            left_today,
            staff: Vec::new(),
            rng,
            details: String::new(),
        };
        audit.staff_day();
        audit
    }

    pub fn expected_rows(&self) -> u64 {
        self.per_day.iter().map(|n| u64::from(*n)).sum()
    }

    fn staff_day(&mut self) {
        let d = self.first_day + self.day_index as Day;
        self.staff = self.world.operators.iter().map(|o| if o.works_on(d) { o.activity } else { 0.0 }).collect();
        if self.staff.iter().all(|w| *w == 0.0) {
            self.staff[0] = 1.0;
        }
    }

    fn write_details(&mut self, scope: DecisionScope, action: DecisionAction, day: Day) {
        let (rng, s) = (&mut self.rng, &mut self.details);
        s.clear();
        let sku = |rng: &mut Rng| rng.pick(&self.catalog.skus).code.as_str();
        match scope {
            DecisionScope::Inventory => {
                let suggested = rng.range(2, 120);
                let approved = if action == DecisionAction::Modify { (suggested * rng.range(40, 90) / 100).max(1) } else { suggested };
                let kind = rng.pick(&["reorder", "reorder", "reorder", "markdown", "transfer"]);
                let _ = write!(s, r#"{{"sku": "{}", "recommendation": "{kind}", "suggested_qty": {suggested}, "approved_qty": {approved}"#, sku(rng));
            }
            DecisionScope::Fulfillment => {
                let range = self.world.order_range(day.clamp(self.world.first_event_day(), self.world.today - 1));
                let order = if range.is_empty() { 100_000 } else { World::order_number(rng.range(range.start as i64, range.end as i64 - 1) as u64) };
                let issue = rng.pick(&["delayed_shipping", "missing_items", "damaged_goods", "wrong_address", "inventory_shortage"]);
                let carrier = rng.pick(super::taxonomy::CARRIERS);
                let _ = write!(s, r##"{{"order": "#{order}", "issue": "{issue}", "carrier": "{carrier}""##);
            }
            DecisionScope::CustomerSupport => {
                let conversation = 20_000 + rng.range(0, self.world.count(80_000.0, 30) as i64 - 1);
                let resolution = rng.pick(&["refund", "replacement", "store_credit", "reply_template", "call_back"]);
                let priority = rng.pick(&["low", "medium", "high", "urgent"]);
                let _ = write!(s, r#"{{"conversation": {conversation}, "priority": "{priority}", "resolution": "{resolution}""#);
            }
            DecisionScope::Pricing => {
                let old = rng.range(999, 49_999) / 100 * 100 - 1;
                let change = rng.pick(&[-20, -15, -10, -5, 5, 8, 10]);
                let new = (old * (100 + change) / 100) / 100 * 100 + 99;
                let _ = write!(s, r#"{{"sku": "{}", "old_price": {}.{:02}, "new_price": {}.{:02}, "change_pct": {change}"#, sku(rng), old / 100, old % 100, new / 100, new % 100);
            }
            DecisionScope::Catalog => {
                let product = rng.pick(&self.catalog.products).shopify_id;
                let field = rng.pick(&["fitment", "title", "description", "images", "category"]);
                let _ = write!(s, r#"{{"product_id": {product}, "field": "{field}""#);
            }
            DecisionScope::Reporting => {
                let (y, m, _) = civil(day);
                let report = rng.pick(&["weekly_sales", "inventory_health", "cx_summary", "sla_review"]);
                let format = rng.pick(&["csv", "pdf"]);
                let _ = write!(s, r#"{{"report": "{report}", "period": "{y}-{m:02}", "format": "{format}""#);
            }
        }
        let source = if rng.chance(0.7) { "ai_recommendation" } else { "alert" };
        let _ = write!(s, r#", "source": "{source}", "confidence": 0.{}"#, rng.range(55, 99));
        match action {
            DecisionAction::Reject | DecisionAction::Defer => {
                let reason = rng.pick(&["needs_review", "insufficient_data", "seasonal_exception", "supplier_issue", "duplicate"]);
                let _ = write!(s, r#", "reason": "{reason}""#);
            }
            DecisionAction::Escalate => s.push_str(r#", "escalated_to": "ops-lead@hotrodan.com""#),
            _ => {}
        }
        s.push('}');
    }
}

impl RowSource for Audit {
    fn next_row(&mut self, row: &mut RowBuf) -> bool {
        while self.left_today == 0 {
            self.day_index += 1;
            match self.per_day.get(self.day_index) {
                Some(n) => self.left_today = *n,
                None => return false,
            }
            self.staff_day();
        }
        self.left_today -= 1;
        let d = self.first_day + self.day_index as Day;
        let rng = &mut self.rng;
        let created: Secs = Secs::from(d) * DAY_SECS + World::office_time(rng);
        let actor = if rng.chance(0.02) { "ceo@hotrodan.com" } else { self.world.operators[rng.weighted(&self.staff)].email.as_str() };
        let actor = actor.to_owned();
        let shop = &self.world.shops[self.world.shop_popularity.sample(rng)];
        let shop = shop.clone();
        let scope = SCOPES[rng.weighted(&SCOPES.map(|s| s.1))].0;
        let action_weights = match scope {
            DecisionScope::Fulfillment | DecisionScope::CustomerSupport => [50.0, 8.0, 14.0, 14.0, 14.0],
            DecisionScope::Pricing => [48.0, 20.0, 22.0, 3.0, 7.0],
            _ => [58.0, 12.0, 18.0, 3.0, 9.0],
        };
        let action = ACTIONS[rng.weighted(&action_weights)];
        let id = rng.uuid7(created * 1000);
        self.write_details(scope, action, d);

        row.uuid(id);
        row.text(&actor);
        row.text(&shop);
        row.raw(scope.as_str());
        row.raw(action.as_str());
        row.text(&self.details);
        row.ts(created);
        if self.archive {
            // The nightly job at 03:00 UTC once the entry was 180 days old.
            let due = created + 180 * DAY_SECS;
            let archived = (due.div_euclid(DAY_SECS) + 1) * DAY_SECS + 3 * 3600 + self.rng.range(0, 300);
            row.ts(archived.min(self.world.as_of - 1));
        }
        row.end();
        true
    }
}
