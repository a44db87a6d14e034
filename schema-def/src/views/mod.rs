//! The 41 views of the dictionary in its eight groups (plus the CEO time savings
//! group). Each struct's fields are the view's output columns; its SELECT is in
//! `sql/views/<group>/<view>.sql`.
//!
//! Every view runs with `security_invoker = true` and is granted to
//! `authenticated` (rows filtered by the tables' operator policies) and
//! `service_role`; `anon` gets nothing.

pub mod analytics;
pub mod audit;
pub mod ceo_time_savings;
pub mod dashboard;
pub mod data_quality;
pub mod export;
pub mod growth;
pub mod operator_analytics;
pub mod trends;

use schema_engine::model::View;

/// Dictionary group headings, as in the seed.
pub mod group {
    pub const DASHBOARD: &str = "Dashboard Views (Real-time)";
    pub const ANALYTICS: &str = "Analytics Views";
    pub const TRENDS: &str = "Historical Trend Views";
    pub const DATA_QUALITY: &str = "Data Quality Views";
    pub const GROWTH: &str = "Growth Metrics Views";
    pub const CEO_TIME_SAVINGS: &str = "CEO Time Savings Views";
    pub const OPERATOR_ANALYTICS: &str = "Operator Analytics Views";
    pub const AUDIT: &str = "Audit Views";
    pub const EXPORT: &str = "Export Views";
}

/// Every view, in the dictionary's order.
pub fn all() -> Vec<View> {
    [
        dashboard::all(),
        analytics::all(),
        trends::all(),
        data_quality::all(),
        growth::all(),
        ceo_time_savings::all(),
        operator_analytics::all(),
        audit::all(),
        export::all(),
    ]
    .into_iter()
    .flatten()
    .collect()
}
