//! CEO time savings views: the minutes automation saved the CEO (ROI tracking),
//! over the last 30 days and the year so far.

use super::group;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schema_engine::model::View;
use schema_engine::ViewDef;
use schema_macros::View;

/// 30-day time savings summary: one row with the minutes saved per category, the total in minutes and hours, the automation counts and the biggest saver over the last 30 days (today and the 29 days before)
#[derive(View)]
#[view(
    name = "v_ceo_time_savings_30d",
    group = group::CEO_TIME_SAVINGS,
    body = "sql/views/ceo_time_savings/v_ceo_time_savings_30d.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct CeoTimeSavings30d {
    /// First day of the window (today-29)
    pub window_start: NaiveDate,
    /// Days with an entry in the window
    pub days_reported: i64,
    /// Minutes saved on order processing
    pub order_processing_minutes: i64,
    /// Minutes saved on inventory checks
    pub inventory_checks_minutes: i64,
    /// Minutes saved on customer support
    pub customer_support_minutes: i64,
    /// Minutes saved on manual reporting
    pub manual_reporting_minutes: i64,
    /// Minutes saved on data entry
    pub data_entry_minutes: i64,
    /// Minutes saved, all categories
    pub total_minutes_saved: i64,
    /// Hours saved, all categories
    pub total_hours_saved: Decimal,
    /// Minutes saved per day with an entry (empty without entries)
    pub avg_minutes_saved_per_day: Option<Decimal>,
    /// That daily average over a year of 365 days, in hours
    pub projected_annual_hours: Option<Decimal>,
    /// Automation actions
    pub automation_actions: i64,
    /// Manual actions avoided
    pub manual_actions_avoided: i64,
    /// The category that saved the most minutes: order_processing/inventory_checks/customer_support/manual_reporting/data_entry (ties: alphabetically first; empty when nothing was saved)
    pub top_time_saver: Option<String>,
}

/// YTD cumulative savings: one row per month of the current calendar year with entries, with the month's minutes saved and automation counts and their running totals since January 1 (the last row is the year to date)
#[derive(View)]
#[view(
    name = "v_ceo_time_savings_ytd",
    group = group::CEO_TIME_SAVINGS,
    body = "sql/views/ceo_time_savings/v_ceo_time_savings_ytd.sql",
    grant(to(authenticated, service_role), select)
)]
pub struct CeoTimeSavingsYtd {
    /// First day of the month
    pub month: NaiveDate,
    /// Days with an entry in the month
    pub days_reported: i64,
    /// Minutes saved in the month, all categories
    pub minutes_saved: i64,
    /// Hours saved in the month
    pub hours_saved: Decimal,
    /// Automation actions in the month
    pub automation_actions: i64,
    /// Manual actions avoided in the month
    pub manual_actions_avoided: i64,
    /// Minutes saved from January 1 to the end of the month
    pub cumulative_minutes_saved: i64,
    /// Hours saved from January 1 to the end of the month
    pub cumulative_hours_saved: Decimal,
    /// Automation actions from January 1 to the end of the month
    pub cumulative_automation_actions: i64,
    /// Manual actions avoided from January 1 to the end of the month
    pub cumulative_manual_actions_avoided: i64,
}

/// The group's views, in the dictionary's order.
pub fn all() -> Vec<View> {
    vec![CeoTimeSavings30d::view(), CeoTimeSavingsYtd::view()]
}
