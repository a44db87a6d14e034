//! Growth views over the `growth` fixture (7-day periods and 30-day windows
//! ending today) and the `growth_milestones` fixture (calendar months), with
//! hand-computed expectations.

use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate};
use schema_tests::view_data::{database_with_fixture, view_rows, view_snapshot};
use serde_json::{json, Value};
use sqlx::PgPool;

/// Today in UTC, the zone `view_rows` renders dates in.
async fn today(pool: &PgPool) -> Result<NaiveDate> {
    Ok(sqlx::query_scalar("SELECT (now() AT TIME ZONE 'UTC')::date").fetch_one(pool).await?)
}

/// Calendar months from the month of a `view_rows` date (`today-40`) back to
/// today's month: a month's first day is a different `today-N` every day, its
/// distance in months is not.
fn months_ago(relative: &str, today: NaiveDate) -> i64 {
    let offset = match relative.strip_prefix("today").unwrap() {
        "" => 0,
        days => days.parse().unwrap(),
    };
    let date = today + Duration::days(offset);
    i64::from((today.year() - date.year()) * 12) + i64::from(today.month0()) - i64::from(date.month0())
}

/// The rows of v_growth_milestones, oldest month first, with `month` given as
/// `month-N` (`month-0` is the current month) so snapshots hold every day.
async fn milestone_rows(pool: &PgPool) -> Result<Vec<Value>> {
    let today = today(pool).await?;
    let mut rows = view_rows(pool, "v_growth_milestones").await?;
    for row in &mut rows {
        let months = months_ago(row["month"].as_str().unwrap(), today);
        row["month"] = json!(format!("month-{months}"));
    }
    rows.sort_by_key(|row| std::cmp::Reverse(row["month"].as_str().unwrap()[6..].parse::<i64>().unwrap()));
    Ok(rows)
}

#[test]
fn months_ago_counts_calendar_months() {
    let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    assert_eq!(months_ago("today", today), 0);
    assert_eq!(months_ago("today-1", today), 0);
    assert_eq!(months_ago("today-2", today), 1);
    assert_eq!(months_ago("today-60", today), 2);
    assert_eq!(months_ago("today-62", today), 3);
}

#[tokio::test]
async fn growth_milestones_mark_each_months_ladder_rung() -> Result<()> {
    let db = database_with_fixture("growth_milestones").await?;
    let rows = milestone_rows(db.pool()).await?;
    let months: Vec<_> = rows.iter().map(|r| r["month"].as_str().unwrap()).collect();
    // month-4 has no sales, so no row.
    assert_eq!(months, ["month-5", "month-3", "month-2", "month-1", "month-0"]);
    let revenue: Vec<_> = rows.iter().map(|r| r["revenue"].clone()).collect();
    assert_eq!(revenue, [json!(100), json!(1200), json!(800), json!(6000), json!(2600)]);
    // Running total: 100, 1300, 2100, 8100, 10700.
    let cumulative: Vec<_> = rows.iter().map(|r| r["cumulative_revenue"].clone()).collect();
    assert_eq!(cumulative, [json!(100), json!(1300), json!(2100), json!(8100), json!(10700)]);
    // Month over month: month-3 has no month-4 to compare with; month-2
    // (800 − 1200) / 1200 = −33.33; month-1 (6000 − 800) / 800 = 650;
    // month-0 (2600 − 6000) / 6000 = −56.67.
    let mom: Vec<_> = rows.iter().map(|r| r["mom_growth_pct"].clone()).collect();
    assert_eq!(mom, [json!(null), json!(null), json!(-33.33), json!(650.00), json!(-56.67)]);
    // Rungs: under 1000, 1000, under 1000, 5000, 2500; new ones at month-3 and
    // month-1 (2500 is below the 5000 already reached).
    let rungs: Vec<_> = rows.iter().map(|r| r["revenue_milestone"].clone()).collect();
    assert_eq!(rungs, [json!(null), json!(1000), json!(null), json!(5000), json!(2500)]);
    let new: Vec<_> = rows.iter().map(|r| r["is_new_milestone"].clone()).collect();
    assert_eq!(new, [json!(false), json!(true), json!(false), json!(true), json!(false)]);
    // Records: 100 (first), 1200, 6000.
    let records: Vec<_> = rows.iter().map(|r| r["is_record_month"].clone()).collect();
    assert_eq!(records, [json!(true), json!(true), json!(false), json!(true), json!(false)]);
    assert_eq!(rows[4]["is_current_month"], json!(true));
    // month-1: 3 days, 6000 / 3 = 2000 a day.
    assert_eq!(rows[3]["avg_daily_revenue"], json!(2000.00));
    insta::assert_snapshot!(serde_json::to_string_pretty(&rows)?);
    Ok(())
}

#[tokio::test]
async fn growth_rates_compare_each_7_day_period_with_the_one_before() -> Result<()> {
    let db = database_with_fixture("growth").await?;
    let mut rows = view_rows(db.pool(), "v_growth_rates").await?;
    rows.sort_by_key(|r| r["weeks_ago"].as_i64().unwrap());
    assert_eq!(rows.len(), 12);
    let revenue: Vec<_> = rows.iter().map(|r| r["revenue"].as_i64().unwrap()).collect();
    // Week 0: 1000 + 1000; week 1: 800 + 800; week 2: 1200; week 4: 500;
    // week 5: 900; week 8: 600 + 10000; today-110 is too old.
    assert_eq!(revenue, [2000, 1600, 1200, 0, 500, 900, 0, 0, 10600, 0, 0, 0]);
    assert_eq!(rows[0]["week_start"], json!("today-6"));
    assert_eq!(rows[0]["week_end"], json!("today"));
    assert_eq!(rows[11]["week_start"], json!("today-83"));
    // (2000 − 1600) / 1600 = 25; (1600 − 1200) / 1200 = 33.33; week 2 against
    // an empty week 3: none; week 3 against 500: −100; (500 − 900) / 900 = −44.44.
    let growth: Vec<_> = rows.iter().take(5).map(|r| r["revenue_growth_pct"].clone()).collect();
    assert_eq!(growth, [json!(25.00), json!(33.33), json!(null), json!(-100.00), json!(-44.44)]);
    // 4-period averages: (2000 + 1600 + 1200 + 0) / 4 = 1200, so week 0 is
    // (2000 − 1200) / 1200 = 66.67 above; (1600 + 1200 + 0 + 500) / 4 = 825.
    assert_eq!(rows[0]["revenue_4wk_avg"], json!(1200.00));
    assert_eq!(rows[0]["revenue_vs_4wk_avg_pct"], json!(66.67));
    assert_eq!(rows[1]["revenue_4wk_avg"], json!(825.00));
    // 2000 / 20 orders.
    assert_eq!(rows[0]["avg_order_value"], json!(100.00));
    assert_eq!(rows[3]["avg_order_value"], json!(null));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_growth_rates").await?);
    Ok(())
}

#[tokio::test]
async fn kpi_summary_compares_the_last_30_days_with_the_30_before() -> Result<()> {
    let db = database_with_fixture("growth").await?;
    let rows = view_rows(db.pool(), "v_kpi_summary").await?;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["window_start"], json!("today-29"));
    // Last 30 days: 1000 + 1000 + 800 + 800 + 1200 = 4800 (48 orders); the 30
    // before: today-30, -40, -59 = 500 + 900 + 600 = 2000 (20 orders).
    assert_eq!(row["revenue_30d"], json!(4800));
    assert_eq!(row["revenue_prev_30d"], json!(2000));
    assert_eq!(row["orders_30d"], json!(48));
    assert_eq!(row["orders_prev_30d"], json!(20));
    // (4800 − 2000) / 2000 = 140 %; 4800 / 48 = 100; fulfilled 47 / 48 = 97.92 %.
    assert_eq!(row["revenue_growth_pct"], json!(140.00));
    assert_eq!(row["avg_order_value_30d"], json!(100.00));
    assert_eq!(row["fulfillment_rate_30d_pct"], json!(97.92));
    // Customers: 2 engaged, 2 at risk of 4 = 50 %; 3 of 4 repeat = 75 %;
    // lifetime value (600 + 100 + 300 + 1000) / 4 = 500.
    assert_eq!(row["active_customers"], json!(2));
    assert_eq!(row["at_risk_pct"], json!(50.00));
    assert_eq!(row["repeat_customer_pct"], json!(75.00));
    assert_eq!(row["avg_customer_lifetime_value"], json!(500.00));
    // Conversations 7001-7003 (7003 at today-29 00:00 is the window's first
    // moment), one breach: 2 / 3 = 66.67 %.
    assert_eq!(row["cx_sla_compliance_30d_pct"], json!(66.67));
    assert_eq!(row["activation_rate_pct"], json!(55.50));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_kpi_summary").await?);
    Ok(())
}
