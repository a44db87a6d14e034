//! CEO time savings views over the `ceo_time_savings` fixture (the last 30
//! days) and the `ceo_time_savings_ytd` fixture (months of this year), with
//! hand-computed expectations.

use anyhow::Result;
use chrono::{Datelike, Duration, NaiveDate};
use schema_tests::view_data::{database_with_fixture, view_rows, view_snapshot};
use serde_json::json;

#[tokio::test]
async fn savings_30d_totals_the_window_by_category() -> Result<()> {
    let db = database_with_fixture("ceo_time_savings").await?;
    let rows = view_rows(db.pool(), "v_ceo_time_savings_30d").await?;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    // today, today-10, today-29 (today-30 is out).
    assert_eq!(row["window_start"], json!("today-29"));
    assert_eq!(row["days_reported"], json!(3));
    // Order processing 30 + 60 + 0 = 90, inventory 20 + 0 + 10 = 30, support
    // 40 + 30 + 20 = 90, reporting 10 + 30 + 0 = 40, data entry 0 + 0 + 50 = 50.
    assert_eq!(row["order_processing_minutes"], json!(90));
    assert_eq!(row["inventory_checks_minutes"], json!(30));
    assert_eq!(row["customer_support_minutes"], json!(90));
    assert_eq!(row["manual_reporting_minutes"], json!(40));
    assert_eq!(row["data_entry_minutes"], json!(50));
    // 300 minutes = 5 hours, 100 a day; 100 × 365 / 60 = 608.33 hours a year.
    assert_eq!(row["total_minutes_saved"], json!(300));
    assert_eq!(row["total_hours_saved"], json!(5.00));
    assert_eq!(row["avg_minutes_saved_per_day"], json!(100.00));
    assert_eq!(row["projected_annual_hours"], json!(608.33));
    // Automation 12 + 5 + 3 = 20, avoided 8 + 5 + 2 = 15.
    assert_eq!(row["automation_actions"], json!(20));
    assert_eq!(row["manual_actions_avoided"], json!(15));
    // Support and order processing tie at 90: alphabetically first wins.
    assert_eq!(row["top_time_saver"], json!("customer_support"));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_ceo_time_savings_30d").await?);
    Ok(())
}

#[tokio::test]
async fn savings_30d_has_a_row_without_entries() -> Result<()> {
    let db = database_with_fixture("ceo_time_savings").await?;
    sqlx::query("DELETE FROM public.ceo_time_savings").execute(db.pool()).await?;
    let rows = view_rows(db.pool(), "v_ceo_time_savings_30d").await?;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["days_reported"], json!(0));
    assert_eq!(rows[0]["total_minutes_saved"], json!(0));
    assert_eq!(rows[0]["avg_minutes_saved_per_day"], json!(null));
    assert_eq!(rows[0]["top_time_saver"], json!(null));
    Ok(())
}

#[tokio::test]
async fn savings_ytd_accumulates_month_by_month() -> Result<()> {
    let db = database_with_fixture("ceo_time_savings_ytd").await?;
    let mut rows = view_rows(db.pool(), "v_ceo_time_savings_ytd").await?;
    // `month` is January 1 or February 1 of this year, which is a different
    // `today-N` every day: name it by its month of the year instead.
    let today: NaiveDate = sqlx::query_scalar("SELECT (now() AT TIME ZONE 'UTC')::date").fetch_one(db.pool()).await?;
    for row in &mut rows {
        let offset = match row["month"].as_str().unwrap().strip_prefix("today").unwrap() {
            "" => 0,
            days => days.parse().unwrap(),
        };
        let month = today + Duration::days(offset);
        assert_eq!((month.year(), month.day()), (today.year(), 1));
        row["month"] = json!(format!("month {} of this year", month.month()));
    }
    rows.sort_by_key(|row| row["month"].to_string());
    // January: Jan 1 (30 + 30) and Jan 2 (60) = 120 minutes, 2 hours;
    // automation 4 + 6 = 10, avoided 2 + 3 = 5. Last year's Dec 31 and next
    // year's Jan 1 are out.
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["month"], json!("month 1 of this year"));
    assert_eq!(rows[0]["days_reported"], json!(2));
    assert_eq!(rows[0]["minutes_saved"], json!(120));
    assert_eq!(rows[0]["hours_saved"], json!(2.00));
    assert_eq!(rows[0]["cumulative_minutes_saved"], json!(120));
    // February: Feb 10 (90) = 1.5 hours; year to date 120 + 90 = 210 minutes =
    // 3.5 hours, automation 10 + 7 = 17, avoided 5 + 5 = 10.
    assert_eq!(rows[1]["month"], json!("month 2 of this year"));
    assert_eq!(rows[1]["minutes_saved"], json!(90));
    assert_eq!(rows[1]["cumulative_minutes_saved"], json!(210));
    assert_eq!(rows[1]["cumulative_hours_saved"], json!(3.50));
    assert_eq!(rows[1]["cumulative_automation_actions"], json!(17));
    assert_eq!(rows[1]["cumulative_manual_actions_avoided"], json!(10));
    insta::assert_snapshot!(serde_json::to_string_pretty(&rows)?);
    Ok(())
}
