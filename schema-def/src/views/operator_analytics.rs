//! Operator analytics: how the operators who work SLA breaches perform, rank,
//! share the load and trend, all from `operator_sla_resolution` (one row per
//! operator and day).
//!
//! Shared definitions: the resolution rate is breaches resolved / breaches
//! detected (in percent, empty when nothing was detected); a "weighted" response
//! time averages the daily medians (or P90s) weighted by that day's breaches
//! detected, over the days that recorded a time. Windows are whole days ending
//! today (`current_date`): "7 days" is today and the 6 days before.

use super::group;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schema_engine::model::View;
use schema_engine::ViewDef;
use schema_macros::View;

/// 7-day operator metrics: a row is one operator with a resolution record in
/// the last 7 days, with their breach counts, resolution rate and
/// detection-weighted response times over those days
#[derive(View)]
#[view(
    name = "v_operator_performance_7d",
    group = group::OPERATOR_ANALYTICS,
    body = "sql/views/operator_analytics/v_operator_performance_7d.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct OperatorPerformance7d {
    /// The operator
    pub operator_id: i64,
    /// Days with a resolution record in the window
    pub days_active: i64,
    /// Breaches detected over the 7 days
    pub breaches_detected: i64,
    /// Breaches resolved over the 7 days
    pub breaches_resolved: i64,
    /// Breaches detected but not resolved
    pub breaches_unresolved: i64,
    /// Breaches resolved / detected (percent); empty when none were detected
    pub resolution_rate_pct: Option<Decimal>,
    /// Daily median response times weighted by breaches detected (minutes)
    pub weighted_median_response_minutes: Option<Decimal>,
    /// Daily P90 response times weighted by breaches detected (minutes)
    pub weighted_p90_response_minutes: Option<Decimal>,
    /// Highest daily P95 response time (minutes)
    pub worst_p95_response_minutes: Option<Decimal>,
    /// The operator's latest day in the window
    pub last_active_date: NaiveDate,
}

/// Performance rankings: a row is one operator active in the last 30 days,
/// ranked with rank() (ties share a rank) on resolution rate (highest first),
/// weighted median response time (fastest first) and breaches resolved; the
/// overall rank orders the sum of the resolution and response-time ranks.
/// Operators without breaches rank last.
#[derive(View)]
#[view(
    name = "v_operator_rankings",
    group = group::OPERATOR_ANALYTICS,
    body = "sql/views/operator_analytics/v_operator_rankings.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct OperatorRankings {
    /// The operator
    pub operator_id: i64,
    /// Breaches detected over the 30 days
    pub breaches_detected: i64,
    /// Breaches resolved over the 30 days
    pub breaches_resolved: i64,
    /// Breaches resolved / detected (percent); empty when none were detected
    pub resolution_rate_pct: Option<Decimal>,
    /// Daily median response times weighted by breaches detected (minutes)
    pub weighted_median_response_minutes: Option<Decimal>,
    /// Rank by resolution rate, highest first
    pub resolution_rank: i64,
    /// Rank by weighted median response time, fastest first
    pub response_time_rank: i64,
    /// Rank by breaches resolved, most first
    pub volume_rank: i64,
    /// resolution_rank + response_time_rank (lower is better)
    pub overall_score: i64,
    /// Rank by overall_score
    pub overall_rank: i64,
    /// How many operators were ranked
    pub operators_ranked: i64,
}

/// Daily workload distribution: a row is one operator on one day of the last
/// 14 days, with their share of that day's breaches and a load index against an
/// even split among the operators working that day (1.00 = a fair share)
#[derive(View)]
#[view(
    name = "v_operator_workload",
    group = group::OPERATOR_ANALYTICS,
    body = "sql/views/operator_analytics/v_operator_workload.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct OperatorWorkload {
    /// The day
    pub date: NaiveDate,
    /// The operator
    pub operator_id: i64,
    /// Breaches the operator detected that day
    pub breaches_detected: i32,
    /// Breaches the operator resolved that day
    pub breaches_resolved: i32,
    /// Breaches detected that day across all operators
    pub day_breaches_detected: i64,
    /// Operators with a record that day
    pub day_active_operators: i64,
    /// The operator's share of the day's breaches (percent); empty when the day had none
    pub share_of_day_pct: Option<Decimal>,
    /// Breaches against an even split of the day's breaches (1.00 = a fair share); empty when the day had none
    pub load_index: Option<Decimal>,
}

/// 30-day efficiency trends: a row is one operator on one day of the last 30
/// days, with the day's resolution rate and median response, the change from
/// their previous recorded day, and rolling 7-day figures (the day and the 6
/// before it, read from before the 30 days where needed)
#[derive(View)]
#[view(
    name = "v_operator_efficiency_trends",
    group = group::OPERATOR_ANALYTICS,
    body = "sql/views/operator_analytics/v_operator_efficiency_trends.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct OperatorEfficiencyTrends {
    /// The day
    pub date: NaiveDate,
    /// The operator
    pub operator_id: i64,
    /// Breaches detected that day
    pub breaches_detected: i32,
    /// Breaches resolved that day
    pub breaches_resolved: i32,
    /// That day's breaches resolved / detected (percent); empty when none were detected
    pub resolution_rate_pct: Option<Decimal>,
    /// That day's median response time (minutes)
    pub median_response_minutes: Option<Decimal>,
    /// Median response time minus the operator's previous recorded day's, within the last 36 days (minutes; negative = faster)
    pub median_response_change_minutes: Option<Decimal>,
    /// Resolution rate over the rolling 7 days ending that day (percent)
    pub rolling_7d_resolution_rate_pct: Option<Decimal>,
    /// Detection-weighted median response time over the rolling 7 days ending that day (minutes)
    pub rolling_7d_median_response_minutes: Option<Decimal>,
}

/// 30-day SLA compliance: a row is one operator active in the last 30 days,
/// judged on the share of detected breaches they resolved: compliant (95% or
/// more), at_risk (80% up to 95%), non_compliant (below 80%) or no_breaches
#[derive(View)]
#[view(
    name = "v_operator_sla_compliance",
    group = group::OPERATOR_ANALYTICS,
    body = "sql/views/operator_analytics/v_operator_sla_compliance.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct OperatorSlaCompliance {
    /// The operator
    pub operator_id: i64,
    /// Days with a resolution record
    pub days_active: i64,
    /// Days on which breaches were detected
    pub days_with_breaches: i64,
    /// Days on which every detected breach was resolved
    pub days_fully_resolved: i64,
    /// Breaches detected over the 30 days
    pub breaches_detected: i64,
    /// Breaches resolved over the 30 days
    pub breaches_resolved: i64,
    /// Breaches detected but not resolved
    pub breaches_unresolved: i64,
    /// Breaches resolved / detected (percent); empty when none were detected
    pub resolution_rate_pct: Option<Decimal>,
    /// days_fully_resolved / days_with_breaches (percent)
    pub full_resolution_day_pct: Option<Decimal>,
    /// Highest daily P95 response time (minutes)
    pub worst_p95_response_minutes: Option<Decimal>,
    /// compliant / at_risk / non_compliant / no_breaches
    pub compliance_status: String,
}

/// Management summary: one row comparing the team's last 7 days with the 7
/// days before (active operators, breaches, resolution rate, weighted median
/// response), with the 30-day compliance counts and the top-ranked operator
#[derive(View)]
#[view(
    name = "v_operator_activity_summary",
    group = group::OPERATOR_ANALYTICS,
    body = "sql/views/operator_analytics/v_operator_activity_summary.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct OperatorActivitySummary {
    /// Operators with a record in the last 7 days
    pub active_operators_7d: i64,
    /// Operators with a record in the last 30 days
    pub active_operators_30d: i64,
    /// Breaches detected in the last 7 days
    pub breaches_detected_7d: i64,
    /// Breaches resolved in the last 7 days
    pub breaches_resolved_7d: i64,
    /// Breaches detected but not resolved in the last 7 days
    pub breaches_unresolved_7d: i64,
    /// Resolution rate over the last 7 days (percent)
    pub resolution_rate_7d_pct: Option<Decimal>,
    /// Resolution rate over the 7 days before those (percent)
    pub resolution_rate_prev_7d_pct: Option<Decimal>,
    /// Change in resolution rate (percentage points)
    pub resolution_rate_change_pts: Option<Decimal>,
    /// Detection-weighted median response time over the last 7 days (minutes)
    pub weighted_median_response_7d_minutes: Option<Decimal>,
    /// Detection-weighted median response time over the 7 days before those (minutes)
    pub weighted_median_response_prev_7d_minutes: Option<Decimal>,
    /// Operators compliant over 30 days (v_operator_sla_compliance)
    pub compliant_operators_30d: i64,
    /// Operators at risk over 30 days
    pub at_risk_operators_30d: i64,
    /// Operators not compliant over 30 days
    pub non_compliant_operators_30d: i64,
    /// The operator ranked first overall in v_operator_rankings (lowest id on a tie)
    pub top_operator_id: Option<i64>,
}

/// The group's views, in the dictionary's order.
pub fn all() -> Vec<View> {
    vec![
        OperatorPerformance7d::view(),
        OperatorRankings::view(),
        OperatorWorkload::view(),
        OperatorEfficiencyTrends::view(),
        OperatorSlaCompliance::view(),
        OperatorActivitySummary::view(),
    ]
}
