//! Analytics views over the `analytics` fixture, with hand-computed expectations.

use anyhow::Result;
use schema_tests::view_data::{database_with_fixture, view_rows, view_snapshot};
use serde_json::{json, Value};

/// The row whose `keys` columns hold `values`.
fn row<'a>(rows: &'a [Value], keys: &[&str], values: &[Value]) -> &'a Value {
    rows.iter()
        .find(|r| keys.iter().zip(values).all(|(k, v)| &r[*k] == v))
        .unwrap_or_else(|| panic!("no row with {keys:?} = {values:?} in {rows:#?}"))
}

#[tokio::test]
async fn product_performance_rolls_skus_up_to_categories() -> Result<()> {
    let db = database_with_fixture("analytics").await?;
    let rows = view_rows(db.pool(), "v_product_performance").await?;
    assert_eq!(rows.len(), 3);
    let keys = ["category_l1", "category_l2"];
    let carbs = row(&rows, &keys, &[json!("Engine Parts"), json!("Carburetors")]);
    // Products 201 (SKUs 3000 + 1500) and 202 (700): 3 SKUs, revenue 5200,
    // units 10 + 4 + 2 = 16, orders 9 + 4 + 2 = 15, stock 5 + 2 + 10 = 17.
    assert_eq!(carbs["product_count"], json!(2));
    assert_eq!(carbs["sku_count"], json!(3));
    assert_eq!(carbs["revenue_30d"], json!(5200));
    assert_eq!(carbs["units_sold_30d"], json!(16));
    assert_eq!(carbs["orders_30d"], json!(15));
    assert_eq!(carbs["current_inventory"], json!(17));
    // AOV (450 + 350) / 2 = 400; margin (30 + 20) / 2 = 25;
    // profit 4500 × 30 % + 700 × 20 % = 1350 + 140 = 1490.
    assert_eq!(carbs["avg_order_value"], json!(400.00));
    assert_eq!(carbs["avg_margin_pct"], json!(25.00));
    assert_eq!(carbs["est_gross_profit_30d"], json!(1490.00));
    // All categories: 5200 + 900 + 1600 = 7700; 100 × 5200 / 7700 = 67.53.
    assert_eq!(carbs["revenue_share_pct"], json!(67.53));
    let fenders = row(&rows, &keys, &[json!("Body Parts"), json!("Fenders")]);
    // 204 and 205 (no SKUs, no AOV): the AOV average ignores 205's.
    assert_eq!(fenders["product_count"], json!(2));
    assert_eq!(fenders["sku_count"], json!(1));
    assert_eq!(fenders["avg_order_value"], json!(800.00));
    assert_eq!(fenders["revenue_share_pct"], json!(20.78)); // 1600 / 7700
    assert_eq!(fenders["custom_fabrication_parts"], json!(1));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_product_performance").await?);
    Ok(())
}

#[tokio::test]
async fn customer_segment_summary_describes_each_segment() -> Result<()> {
    let db = database_with_fixture("analytics").await?;
    let rows = view_rows(db.pool(), "v_customer_segment_summary").await?;
    assert_eq!(rows.len(), 5);
    let diy = row(&rows, &["primary_segment"], &[json!("DIY Builder")]);
    // 301, 305, 307 of 7 customers: 100 × 3 / 7 = 42.86.
    assert_eq!(diy["customer_count"], json!(3));
    assert_eq!(diy["customer_share_pct"], json!(42.86));
    // Revenue 1200 + 300 + 0 = 1500 of 9950: 15.08; per customer 500;
    // per order 1500 / (4 + 1 + 0) = 300; orders per customer 5 / 3 = 1.67.
    assert_eq!(diy["total_revenue"], json!(1500));
    assert_eq!(diy["revenue_share_pct"], json!(15.08));
    assert_eq!(diy["avg_revenue_per_customer"], json!(500.00));
    assert_eq!(diy["avg_order_value"], json!(300.00));
    assert_eq!(diy["avg_orders_per_customer"], json!(1.67));
    // Confidence (0.9 + 0.6 + 0.5) / 3 = 0.67; last order (10 + 100) / 2 = 55.
    assert_eq!(diy["avg_segment_confidence"], json!(0.67));
    assert_eq!(diy["avg_days_since_last_order"], json!(55.00));
    // One active, one at risk, one new: 33.33 % at risk or churned.
    assert_eq!(diy["at_risk_or_churned_pct"], json!(33.33));
    assert_eq!(diy["prefers_performance_pct"], json!(33.33));
    // Only 301 has a rating; Engine Parts 2 to 1; Chevrolet twice (305 has no make).
    assert_eq!(diy["avg_review_rating"], json!(4.50));
    assert_eq!(diy["top_category_l1"], json!("Engine Parts"));
    assert_eq!(diy["top_vehicle_make"], json!("Chevrolet"));
    let shop = row(&rows, &["primary_segment"], &[json!("Professional Shop")]);
    assert_eq!(shop["revenue_share_pct"], json!(50.25)); // 5000 / 9950
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_customer_segment_summary").await?);
    Ok(())
}

#[tokio::test]
async fn vehicle_compatibility_matches_fitting_parts_with_owners() -> Result<()> {
    let db = database_with_fixture("analytics").await?;
    let rows = view_rows(db.pool(), "v_vehicle_compatibility_analysis").await?;
    // Fits: 201 → Ford/Chevrolet × 1969/1970 (Ford listed twice, counted once),
    // 202 → Ford 1970, 203 → Chevrolet 1969, 204 → Chevrolet 1957; owners add
    // Ford 1932. Six pairs.
    let mut pairs: Vec<_> =
        rows.iter().map(|r| (r["vehicle_make"].as_str().unwrap(), r["vehicle_year"].as_i64().unwrap())).collect();
    pairs.sort();
    assert_eq!(
        pairs,
        [("Chevrolet", 1957), ("Chevrolet", 1969), ("Chevrolet", 1970), ("Ford", 1932), ("Ford", 1969), ("Ford", 1970)]
    );
    let keys = ["vehicle_make", "vehicle_year"];
    // Chevrolet 1969: 201 (4500, 14 units) + 203 (900, 3 units); owners 301, 302
    // (1200 + 5000); 2 products / 2 customers = 1.
    let chevy_69 = row(&rows, &keys, &[json!("Chevrolet"), json!(1969)]);
    assert_eq!(chevy_69["compatible_products"], json!(2));
    assert_eq!(chevy_69["revenue_30d"], json!(5400));
    assert_eq!(chevy_69["units_sold_30d"], json!(17));
    assert_eq!(chevy_69["customers"], json!(2));
    assert_eq!(chevy_69["customer_lifetime_revenue"], json!(6200));
    assert_eq!(chevy_69["products_per_customer"], json!(1.00));
    // Ford 1970: 201 and 202 (4500 + 700), one owner: 2 / 1 = 2.
    let ford_70 = row(&rows, &keys, &[json!("Ford"), json!(1970)]);
    assert_eq!(ford_70["compatible_products"], json!(2));
    assert_eq!(ford_70["revenue_30d"], json!(5200));
    assert_eq!(ford_70["products_per_customer"], json!(2.00));
    // Ford 1932: an owner (304, 800) and no part: the gap shows as 0 products.
    let ford_32 = row(&rows, &keys, &[json!("Ford"), json!(1932)]);
    assert_eq!(ford_32["compatible_products"], json!(0));
    assert_eq!(ford_32["customers"], json!(1));
    assert_eq!(ford_32["products_per_customer"], json!(0.00));
    // Ford 1969: parts, no owner.
    let ford_69 = row(&rows, &keys, &[json!("Ford"), json!(1969)]);
    assert_eq!(ford_69["customers"], json!(0));
    assert_eq!(ford_69["products_per_customer"], json!(null));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_vehicle_compatibility_analysis").await?);
    Ok(())
}

#[tokio::test]
async fn sla_performance_covers_each_operators_last_seven_days() -> Result<()> {
    let db = database_with_fixture("analytics").await?;
    let rows = view_rows(db.pool(), "v_sla_performance_7d").await?;
    // Operator 3 reported only at today-10.
    assert_eq!(rows.len(), 2);
    let op1 = row(&rows, &["operator_id"], &[json!(1)]);
    // today, today-3, today-6 (today-7 is out): detected 4 + 6 + 2 = 12,
    // resolved 3 + 6 + 1 = 10, 100 × 10 / 12 = 83.33.
    assert_eq!(op1["days_reported"], json!(3));
    assert_eq!(op1["sla_breaches_detected"], json!(12));
    assert_eq!(op1["sla_breaches_resolved"], json!(10));
    assert_eq!(op1["sla_breaches_unresolved"], json!(2));
    assert_eq!(op1["resolution_rate_pct"], json!(83.33));
    // Medians (12 + 10 + 20) / 3 = 14; P90 (30 + 25 + 50) / 3 = 35; worst P95 60.
    assert_eq!(op1["avg_median_response_minutes"], json!(14.00));
    assert_eq!(op1["avg_p90_response_minutes"], json!(35.00));
    assert_eq!(op1["worst_p95_response_minutes"], json!(60));
    assert_eq!(op1["last_reported_date"], json!("today"));
    // Operator 2: only today-1 (today+1 is out), nothing detected: no rate.
    let op2 = row(&rows, &["operator_id"], &[json!(2)]);
    assert_eq!(op2["days_reported"], json!(1));
    assert_eq!(op2["resolution_rate_pct"], json!(null));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_sla_performance_7d").await?);
    Ok(())
}
