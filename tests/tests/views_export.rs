//! Export views over the `export` fixture, with hand-computed expectations.
//! Fixture days are written `d-N` (N days before today).

use anyhow::{ensure, Context, Result};
use schema_tests::view_data::{database_with_fixture, view_rows, view_snapshot};
use serde_json::{json, Value};

/// The one row whose `key` columns have the given values.
fn row<'a>(rows: &'a [Value], key: &[(&str, Value)]) -> Result<&'a Value> {
    let mut matching = rows.iter().filter(|row| key.iter().all(|(column, value)| &row[*column] == value));
    let found = matching.next().with_context(|| format!("no row with {key:?} in {rows:#?}"))?;
    anyhow::ensure!(matching.next().is_none(), "more than one row with {key:?}");
    Ok(found)
}

#[tokio::test]
async fn daily_performance_exports_90_days_with_each_days_context() -> Result<()> {
    let db = database_with_fixture("export").await?;
    let rows = view_rows(db.pool(), "v_export_daily_performance").await?;
    // d-89, d-1 and today; d-90 is outside the 90 days.
    let mut dates: Vec<&str> = rows.iter().filter_map(|r| r["date"].as_str()).collect();
    dates.sort_unstable();
    assert_eq!(dates, ["today", "today-1", "today-89"]);

    // d-1: activation 5 of 20 (25%); operators 1 and 2 detected 3 + 4 = 7 and resolved
    // 2 + 4 = 6 breaches; CEO saved 30 + 20 + 15 + 10 + 5 = 80 minutes with 12 automations.
    let yesterday = row(&rows, &[("date", json!("today-1"))])?;
    assert_eq!(yesterday["total_revenue"], json!(1200));
    assert_eq!(yesterday["fulfillment_rate_pct"], json!(75));
    assert_eq!(yesterday["total_shops"], json!(20));
    assert_eq!(yesterday["activation_rate_pct"], json!(25));
    assert_eq!(yesterday["operators_reporting"], json!(2));
    assert_eq!(yesterday["sla_breaches_detected"], json!(7));
    assert_eq!(yesterday["sla_breaches_resolved"], json!(6));
    assert_eq!(yesterday["time_saved_minutes"], json!(80));
    assert_eq!(yesterday["automation_actions_count"], json!(12));
    // Today: sales only; no activation, operator or CEO rows.
    let today = row(&rows, &[("date", json!("today"))])?;
    assert_eq!(today["avg_order_value"], json!(150));
    assert_eq!(today["total_shops"], json!(null));
    assert_eq!(today["operators_reporting"], json!(0));
    assert_eq!(today["sla_breaches_detected"], json!(null));
    assert_eq!(today["time_saved_minutes"], json!(null));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_export_daily_performance").await?);
    Ok(())
}

#[tokio::test]
async fn customer_segments_export_every_customer_without_the_internal_id() -> Result<()> {
    let db = database_with_fixture("export").await?;
    let rows = view_rows(db.pool(), "v_export_customer_segments").await?;
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r.get("id").is_none()));
    let shop = row(&rows, &[("shopify_customer_id", json!(1001))])?;
    assert_eq!(shop["primary_segment"], json!("Professional Shop"));
    assert_eq!(shop["total_revenue"], json!(24000));
    assert_eq!(shop["primary_vehicle_model"], json!("Camaro"));
    assert_eq!(shop["avg_review_rating"], json!(4.8));
    assert_eq!(shop["segmented_at"], json!("today-3 10:00:00"));
    assert_eq!(shop["updated_at"], json!("today-1 10:00:00"));
    let first_timer = row(&rows, &[("shopify_customer_id", json!(1002))])?;
    assert_eq!(first_timer["total_revenue"], json!(89.99));
    assert_eq!(first_timer["primary_vehicle_year"], json!(null));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_export_customer_segments").await?);
    Ok(())
}

#[tokio::test]
async fn product_performance_joins_skus_to_categories_and_the_latest_snapshot() -> Result<()> {
    let db = database_with_fixture("export").await?;
    let rows = view_rows(db.pool(), "v_export_product_performance").await?;
    assert_eq!(rows.len(), 3);
    // HOL-4150: 9000 / 20 units = 450.00 each; 9000 × 35% margin = 3150.00; in yesterday's
    // (the latest) snapshot as in_stock / fast.
    let carb = row(&rows, &[("sku", json!("HOL-4150"))])?;
    assert_eq!(carb["category_l3"], json!("Holley 4-Barrel"));
    // The fitment lists come flat, for a spreadsheet.
    assert_eq!(carb["fits_vehicle_years"], json!("1967; 1968; 1969"));
    assert_eq!(carb["fits_makes"], json!("Chevrolet; Ford"));
    assert_eq!(carb["fits_models"], json!("Camaro; Mustang"));
    assert_eq!(carb["avg_unit_price_30d"], json!(450.0));
    assert_eq!(carb["estimated_gross_profit_30d"], json!(3150.0));
    assert_eq!(carb["latest_snapshot_date"], json!("today-1"));
    assert_eq!(carb["stock_status"], json!("in_stock"));
    assert_eq!(carb["velocity_tier"], json!("fast"));
    // HOL-4160 sold nothing (no price; 0 × 35% = 0.00) and is not in the latest snapshot.
    let idle = row(&rows, &[("sku", json!("HOL-4160"))])?;
    assert_eq!(idle["avg_unit_price_30d"], json!(null));
    assert_eq!(idle["estimated_gross_profit_30d"], json!(0.0));
    assert_eq!(idle["stock_status"], json!(null));
    // UNCAT-1 has no category: 300 / 3 = 100.00 each, no margin, no profit estimate.
    let uncategorized = row(&rows, &[("sku", json!("UNCAT-1"))])?;
    assert_eq!(uncategorized["category_l1"], json!(null));
    assert_eq!(uncategorized["fits_makes"], json!(null));
    assert_eq!(uncategorized["avg_unit_price_30d"], json!(100.0));
    assert_eq!(uncategorized["estimated_gross_profit_30d"], json!(null));
    assert_eq!(uncategorized["stock_status"], json!("low_stock"));
    // Every row carries its sku_performance row's identifier, which the
    // fixture leaves to gen_random_uuid(): the snapshot shows that it is there.
    for row in &rows {
        ensure!(row["sku_performance_id"].as_str().is_some_and(|id| id.len() == 36), "{row}");
    }
    let mut shown = view_rows(db.pool(), "v_export_product_performance").await?;
    for row in &mut shown {
        row["sku_performance_id"] = json!("<uuid>");
    }
    insta::assert_snapshot!(serde_json::to_string_pretty(&shown)?);
    Ok(())
}
