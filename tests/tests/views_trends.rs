//! Historical trend views over the `trends` fixture, with hand-computed expectations.
//!
//! Fixture days are written `d-N` (N days before today).

use anyhow::{Context, Result};
use schema_tests::view_data::{database_with_fixture, view_rows, view_snapshot};
use serde_json::{json, Value};
use sqlx::PgPool;

/// The one row whose `key` columns have the given values.
fn row<'a>(rows: &'a [Value], key: &[(&str, Value)]) -> Result<&'a Value> {
    let mut matching = rows.iter().filter(|row| key.iter().all(|(column, value)| &row[*column] == value));
    let found = matching.next().with_context(|| format!("no row with {key:?} in {rows:#?}"))?;
    anyhow::ensure!(matching.next().is_none(), "more than one row with {key:?}");
    Ok(found)
}

/// EXPLAIN of the view's declared SELECT, one line per plan node. For a cached
/// view that is the query each refresh runs (reading the view itself only scans
/// its cache).
async fn plan(pool: &PgPool, view: &str, setup: &[&str]) -> Result<String> {
    let schema = schema_def::schema().map_err(|errors| anyhow::anyhow!("invalid schema: {errors:?}"))?;
    let declared = schema.views.iter().find(|v| v.name.name == view).with_context(|| format!("no view {view}"))?;
    let mut tx = pool.begin().await?;
    for statement in setup {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    let lines: Vec<String> = sqlx::query_scalar(&format!("EXPLAIN {}", declared.body.trim().trim_end_matches(';')))
        .fetch_all(&mut *tx)
        .await?;
    tx.rollback().await?;
    Ok(lines.join("\n"))
}

#[tokio::test]
async fn revenue_trends_average_the_trailing_week_across_the_window_edge() -> Result<()> {
    let db = database_with_fixture("trends").await?;
    let rows = view_rows(db.pool(), "v_revenue_trends_30d").await?;
    // Day n (1..36) is d-(36-n) with revenue 100 × n; the window is d-29..today = days 7..36,
    // minus the missing day 26: 29 rows. Day 6 (d-30) and earlier are not shown.
    assert_eq!(rows.len(), 29);
    assert!(rows.iter().all(|r| r["date"] != json!("today-30") && r["date"] != json!("today-10")));

    // d-29 (day 7): its week reaches back to days 1..7 (outside the window):
    // average 100 × (1+…+7)/7 = 400; 700 is 100 × (700 − 400)/400 = 75.00% above it.
    let first = row(&rows, &[("date", json!("today-29"))])?;
    assert_eq!(first["revenue_7d_moving_avg"], json!(400.0));
    assert_eq!(first["orders_7d_moving_avg"], json!(4.0));
    assert_eq!(first["days_in_moving_avg"], json!(7));
    assert_eq!(first["revenue_vs_moving_avg_pct"], json!(75.0));
    assert_eq!(first["cumulative_revenue_30d"], json!(700));

    // d-9 (day 27): days 21..27 without 26 = 6 days, 100 × (21+22+23+24+25+27)/6
    // = 14200/6 = 2366.67; orders 142/6 = 23.67; 2700 vs 2366.67 = +14.08%.
    let gap = row(&rows, &[("date", json!("today-9"))])?;
    assert_eq!(gap["revenue_7d_moving_avg"], json!(2366.67));
    assert_eq!(gap["orders_7d_moving_avg"], json!(23.67));
    assert_eq!(gap["days_in_moving_avg"], json!(6));
    assert_eq!(gap["revenue_vs_moving_avg_pct"], json!(14.08));

    // Today (day 36): days 30..36, average 3300; 3600 is 300/3300 = 9.09% above.
    // Cumulative: 7+…+36 = 666 − 21 = 645, minus the missing 26 = 619; × 100 = 61900.
    let today = row(&rows, &[("date", json!("today"))])?;
    assert_eq!(today["total_revenue"], json!(3600));
    assert_eq!(today["revenue_7d_moving_avg"], json!(3300.0));
    assert_eq!(today["revenue_vs_moving_avg_pct"], json!(9.09));
    assert_eq!(today["revenue_vs_last_week_pct"], json!(24.14));
    assert_eq!(today["cumulative_revenue_30d"], json!(61900));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_revenue_trends_30d").await?);
    Ok(())
}

#[tokio::test]
async fn category_trends_follow_each_category_by_snapshot_date() -> Result<()> {
    let db = database_with_fixture("trends").await?;
    let rows = view_rows(db.pool(), "v_category_trends_30d").await?;
    // Snapshot dates d-7, d-1, today (d-30 is outside the window) × Engine Parts, Suspension;
    // product 3001 has no category and is left out.
    assert_eq!(rows.len(), 6);

    // Engine Parts today: variants 11 and 12. Units 7d 15 + 1 = 16, 30d 46 + 8 = 54;
    // estimated revenue 15 × 100 + 1 × 125 = 1625; stock 10 + 4 = 14, both low_stock;
    // against d-7 (10 + 2 = 12 units): 100 × (16 − 12)/12 = 33.33%.
    let engine = row(&rows, &[("snapshot_date", json!("today")), ("category_l1", json!("Engine Parts"))])?;
    assert_eq!(engine["sku_count"], json!(2));
    assert_eq!(engine["units_sold_7d"], json!(16));
    assert_eq!(engine["units_sold_30d"], json!(54));
    assert_eq!(engine["estimated_revenue_7d"], json!(1625.0));
    assert_eq!(engine["quantity_available"], json!(14));
    assert_eq!(engine["low_stock_skus"], json!(2));
    assert_eq!(engine["in_stock_rate_pct"], json!(100.0));
    assert_eq!(engine["units_sold_7d_vs_prior_week_pct"], json!(33.33));

    // Suspension d-7: variant 21 out of stock: in-stock rate 0.00; 4 × 150 = 600 estimated;
    // no snapshot 7 days before (d-14), so no week-over-week change.
    let shocks = row(&rows, &[("snapshot_date", json!("today-7")), ("category_l1", json!("Suspension"))])?;
    assert_eq!(shocks["out_of_stock_skus"], json!(1));
    assert_eq!(shocks["in_stock_rate_pct"], json!(0.0));
    assert_eq!(shocks["estimated_revenue_7d"], json!(600.0));
    assert_eq!(shocks["units_sold_7d_vs_prior_week_pct"], json!(null));
    // Suspension today: 8 × 150 = 1200; against d-7's 4 units: +100.00%.
    let shocks = row(&rows, &[("snapshot_date", json!("today")), ("category_l1", json!("Suspension"))])?;
    assert_eq!(shocks["estimated_revenue_7d"], json!(1200.0));
    assert_eq!(shocks["units_sold_7d_vs_prior_week_pct"], json!(100.0));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_category_trends_30d").await?);
    Ok(())
}

#[tokio::test]
async fn velocity_trends_count_tiers_and_the_moves_between_them() -> Result<()> {
    let db = database_with_fixture("trends").await?;
    let rows = view_rows(db.pool(), "v_inventory_velocity_trends").await?;
    // d-7 and d-1: fast, medium, stagnant (3 rows each); today: fast, slow, unclassified,
    // plus medium and stagnant that every SKU left (5 rows). d-30 is outside the window.
    assert_eq!(rows.len(), 11);

    // d-7: medium = variants 12 and 21 of 4: 50.00%; cover (17 + 0)/2 = 8.50. The d-30
    // snapshot of variant 11 is not the day before, so nothing moved.
    let medium = row(&rows, &[("snapshot_date", json!("today-7")), ("velocity_tier", json!("medium"))])?;
    assert_eq!(medium["sku_count"], json!(2));
    assert_eq!(medium["share_of_skus_pct"], json!(50.0));
    assert_eq!(medium["avg_days_of_cover"], json!(8.5));
    assert!(rows.iter().filter(|r| r["snapshot_date"] != json!("today")).all(|r| r["skus_entered_tier"] == json!(0)));

    // Today: fast = 11 and 21 (21 came from medium): 2 of 4 = 50.00%, units 15 + 8 = 23,
    // stock 10 + 29 = 39, cover (5 + 25)/2 = 15.00, entered 1.
    let fast = row(&rows, &[("snapshot_date", json!("today")), ("velocity_tier", json!("fast"))])?;
    assert_eq!(fast["sku_count"], json!(2));
    assert_eq!(fast["share_of_skus_pct"], json!(50.0));
    assert_eq!(fast["units_sold_7d"], json!(23));
    assert_eq!(fast["quantity_available"], json!(39));
    assert_eq!(fast["avg_days_of_cover"], json!(15.0));
    assert_eq!(fast["skus_entered_tier"], json!(1));
    assert_eq!(fast["net_tier_moves"], json!(1));
    // medium: both its SKUs left (12 to slow, 21 to fast).
    let medium = row(&rows, &[("snapshot_date", json!("today")), ("velocity_tier", json!("medium"))])?;
    assert_eq!(medium["sku_count"], json!(0));
    assert_eq!(medium["share_of_skus_pct"], json!(0.0));
    assert_eq!(medium["skus_left_tier"], json!(2));
    assert_eq!(medium["net_tier_moves"], json!(-2));
    // Variant 31 lost its tier: stagnant −1, unclassified +1.
    let stagnant = row(&rows, &[("snapshot_date", json!("today")), ("velocity_tier", json!("stagnant"))])?;
    assert_eq!(stagnant["skus_left_tier"], json!(1));
    let unclassified = row(&rows, &[("snapshot_date", json!("today")), ("velocity_tier", json!("unclassified"))])?;
    assert_eq!(unclassified["sku_count"], json!(1));
    assert_eq!(unclassified["skus_entered_tier"], json!(1));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_inventory_velocity_trends").await?);
    Ok(())
}

#[tokio::test]
async fn velocity_and_category_trends_read_snapshots_by_the_date_index() -> Result<()> {
    let db = database_with_fixture("trends").await?;
    // Even with sequential scans priced out, a predicate the index cannot answer would
    // still show a Seq Scan.
    for view in ["v_inventory_velocity_trends", "v_category_trends_30d"] {
        let plan = plan(db.pool(), view, &["SET LOCAL enable_seqscan = off"]).await?;
        assert!(plan.contains("idx_inventory_snapshots_date"), "{view} does not use the date index:\n{plan}");
        assert!(!plan.contains("Seq Scan on inventory_snapshots"), "{view} scans all snapshots:\n{plan}");
    }
    // With a year of older history (60 variants × 365 days, all before the window; fewer rows
    // than ANALYZE samples, so the statistics are exact) the planner picks the index on its own.
    sqlx::query(
        "INSERT INTO public.inventory_snapshots
             (shopify_product_id, shopify_variant_id, sku, snapshot_date, quantity_available, stock_status, velocity_tier)
         SELECT 5000 + v, 5000 + v, 'BULK-' || v, current_date - 31 - d, 10, 'in_stock', 'slow'
         FROM generate_series(1, 60) AS v, generate_series(0, 364) AS d",
    )
    .execute(db.pool())
    .await?;
    sqlx::query("ANALYZE public.inventory_snapshots").execute(db.pool()).await?;
    let plan = plan(db.pool(), "v_inventory_velocity_trends", &[]).await?;
    assert!(plan.contains("idx_inventory_snapshots_date"), "no date index:\n{plan}");
    assert!(!plan.contains("Seq Scan on inventory_snapshots"), "full scan:\n{plan}");
    // The history changes nothing shown.
    schema_tests::view_data::refresh_caches(db.pool()).await?;
    assert_eq!(view_rows(db.pool(), "v_inventory_velocity_trends").await?.len(), 11);
    Ok(())
}

#[tokio::test]
async fn customer_segment_trends_count_assignments_per_30_day_period() -> Result<()> {
    let db = database_with_fixture("trends").await?;
    let rows = view_rows(db.pool(), "v_customer_segment_trends").await?;
    // 6 periods × 3 segments with customers (DIY Builder, Professional Shop, Racing Enthusiast).
    assert_eq!(rows.len(), 18);

    // Period 0 = d-29..today. DIY Builder: customers 1 (d-3) and 2 (d-10) of the 3 assigned
    // then (customer 4 is Professional Shop, d-29 is inside): 66.67%; confidence
    // (0.9 + 0.7)/2 = 0.800; revenue 1000 + 500 = 1500; customer 2 is at_risk; size 3.
    let diy = row(&rows, &[("periods_ago", json!(0)), ("primary_segment", json!("DIY Builder"))])?;
    assert_eq!(diy["period_start"], json!("today-29"));
    assert_eq!(diy["period_end"], json!("today"));
    assert_eq!(diy["customers_segmented"], json!(2));
    assert_eq!(diy["share_of_period_pct"], json!(66.67));
    assert_eq!(diy["avg_segment_confidence"], json!(0.8));
    assert_eq!(diy["revenue_of_segmented"], json!(1500));
    assert_eq!(diy["at_risk_or_churned"], json!(1));
    assert_eq!(diy["segment_size_at_period_end"], json!(3));

    // Period 1 = d-59..d-30: customer 5 (Professional Shop, d-30) and 3 (DIY, d-45), 50% each.
    // Professional Shop at d-30 holds only customer 5 (customer 4 came at d-29).
    let pro = row(&rows, &[("periods_ago", json!(1)), ("primary_segment", json!("Professional Shop"))])?;
    assert_eq!(pro["period_start"], json!("today-59"));
    assert_eq!(pro["period_end"], json!("today-30"));
    assert_eq!(pro["customers_segmented"], json!(1));
    assert_eq!(pro["share_of_period_pct"], json!(50.0));
    assert_eq!(pro["avg_segment_confidence"], json!(0.6));
    assert_eq!(pro["segment_size_at_period_end"], json!(1));

    // Period 5 = d-179..d-150: nobody assigned (share NULL); customer 6 (d-200) already counts.
    let racing = row(&rows, &[("periods_ago", json!(5)), ("primary_segment", json!("Racing Enthusiast"))])?;
    assert_eq!(racing["period_start"], json!("today-179"));
    assert_eq!(racing["customers_segmented"], json!(0));
    assert_eq!(racing["share_of_period_pct"], json!(null));
    assert_eq!(racing["avg_segment_confidence"], json!(null));
    assert_eq!(racing["revenue_of_segmented"], json!(0));
    assert_eq!(racing["segment_size_at_period_end"], json!(1));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_customer_segment_trends").await?);
    Ok(())
}
