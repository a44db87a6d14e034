//! Dashboard views over the `dashboard` fixture, with hand-computed expectations.

use anyhow::Result;
use schema_tests::view_data::{database_with_fixture, view_rows, view_snapshot};
use serde_json::json;

#[tokio::test]
async fn sales_pulse_shows_the_latest_day_and_its_trailing_week() -> Result<()> {
    let db = database_with_fixture("dashboard").await?;
    let rows = view_rows(db.pool(), "v_sales_pulse_current").await?;
    // Latest day: revenue 900, 9 orders. Trailing 7 days = days 3..9:
    // revenue 100 × (3+4+5+6+7+8+9) = 4200, orders 42.
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["date"], json!("today"));
    assert_eq!(row["total_revenue"], json!(900));
    assert_eq!(row["revenue_7d"], json!(4200));
    assert_eq!(row["orders_7d"], json!(42));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_sales_pulse_current").await?);
    Ok(())
}

#[tokio::test]
async fn inventory_alerts_read_only_the_latest_load() -> Result<()> {
    let db = database_with_fixture("dashboard").await?;
    let rows = view_rows(db.pool(), "v_inventory_alerts").await?;
    // Latest load is today-1: 1001 low, 1002 out, 1003 over, 1005 low alert;
    // 1004 is in stock there (its out_of_stock is from today-2) and 1006 is only
    // in the older load.
    let mut skus: Vec<_> = rows.iter().map(|r| r["sku"].as_str().unwrap()).collect();
    skus.sort();
    assert_eq!(skus, ["HR-CARB-01", "HR-FILT-05", "HR-HEAD-03", "HR-MANI-02"]);
    assert!(rows.iter().all(|r| r["snapshot_date"] == json!("today-1")));
    let by_sku = |sku: &str| rows.iter().find(|r| r["sku"] == json!(sku)).unwrap();
    // 1001: reorder point 10 − (3 available + 2 incoming) = 5 short.
    assert_eq!(by_sku("HR-CARB-01")["alert_level"], json!("warning"));
    assert_eq!(by_sku("HR-CARB-01")["units_short_of_reorder_point"], json!(5));
    // 1002: 5 − (0 + 0) = 5; out of stock is critical.
    assert_eq!(by_sku("HR-MANI-02")["alert_level"], json!("critical"));
    assert_eq!(by_sku("HR-MANI-02")["units_short_of_reorder_point"], json!(5));
    // 1003: 20 − 200 < 0 → 0; overstock is info.
    assert_eq!(by_sku("HR-HEAD-03")["alert_level"], json!("info"));
    assert_eq!(by_sku("HR-HEAD-03")["units_short_of_reorder_point"], json!(0));
    // 1005 has no reorder point, so no shortfall either.
    assert_eq!(by_sku("HR-FILT-05")["units_short_of_reorder_point"], json!(null));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_inventory_alerts").await?);
    Ok(())
}

#[tokio::test]
async fn fulfillment_issues_are_open_or_recent_and_not_cancelled() -> Result<()> {
    let db = database_with_fixture("dashboard").await?;
    let rows = view_rows(db.pool(), "v_fulfillment_issues").await?;
    // 5001 open, 5002 fulfilled 10 days ago, 5003 still partial after 45 days,
    // 5009 open; not 5004 (fulfilled, 40 days ago) nor 5005 (cancelled).
    let mut orders: Vec<_> = rows.iter().map(|r| r["shopify_order_id"].as_i64().unwrap()).collect();
    orders.sort();
    assert_eq!(orders, [5001, 5002, 5003, 5009]);
    let by_order = |id: i64| rows.iter().find(|r| r["shopify_order_id"] == json!(id)).unwrap();
    // Deadlines: 5001 today-1 and 5003 today-43 have passed while open; 5002 is
    // fulfilled; 5009's is tomorrow.
    assert_eq!(by_order(5001)["is_past_sla_deadline"], json!(true));
    assert_eq!(by_order(5002)["is_past_sla_deadline"], json!(false));
    assert_eq!(by_order(5003)["is_past_sla_deadline"], json!(true));
    assert_eq!(by_order(5009)["is_past_sla_deadline"], json!(false));
    // critical 1, high 2, medium 3, no severity 5.
    assert_eq!(by_order(5002)["severity_rank"], json!(1));
    assert_eq!(by_order(5001)["severity_rank"], json!(2));
    assert_eq!(by_order(5003)["severity_rank"], json!(3));
    assert_eq!(by_order(5009)["severity_rank"], json!(5));
    assert_eq!(by_order(5003)["days_since_order"], json!(45));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_fulfillment_issues").await?);
    Ok(())
}

#[tokio::test]
async fn fulfillment_health_summarizes_the_last_seven_days() -> Result<()> {
    let db = database_with_fixture("dashboard").await?;
    let rows = view_rows(db.pool(), "v_fulfillment_health_summary").await?;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    // Window from today-6 00:00: 5001, 5005, 5006, 5007, 5008, 5009 = 6 orders
    // (5010 at today-7 23:00 is out). Fulfilled 5006, 5007; open 5001, 5008, 5009;
    // cancelled 5005; so 5 not cancelled.
    assert_eq!(row["window_start"], json!("today-6"));
    assert_eq!(row["orders_7d"], json!(6));
    assert_eq!(row["fulfilled_orders_7d"], json!(2));
    assert_eq!(row["open_orders_7d"], json!(3));
    assert_eq!(row["cancelled_orders_7d"], json!(1));
    // 100 × 2 / 5 = 40.00; days to fulfill (1 + 3) / 2 = 2.00.
    assert_eq!(row["fulfillment_rate_pct"], json!(40.00));
    assert_eq!(row["avg_days_to_fulfill"], json!(2.00));
    // Breaches 5001, 5007 (5005's is cancelled): 100 × 2 / 5 = 40.00.
    assert_eq!(row["sla_breaches_7d"], json!(2));
    assert_eq!(row["sla_breach_rate_pct"], json!(40.00));
    // Issues 5001, 5005, 5009: 100 × 3 / 6 = 50.00; high/critical 5001, 5005.
    assert_eq!(row["orders_with_issues_7d"], json!(3));
    assert_eq!(row["issue_rate_pct"], json!(50.00));
    assert_eq!(row["high_severity_issues_7d"], json!(2));
    // Priority and open: 5001, 5008.
    assert_eq!(row["priority_orders_open_7d"], json!(2));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_fulfillment_health_summary").await?);
    Ok(())
}

#[tokio::test]
async fn cx_escalations_are_open_and_graded_by_severity() -> Result<()> {
    let db = database_with_fixture("dashboard").await?;
    let rows = view_rows(db.pool(), "v_cx_escalations").await?;
    // Open/pending escalations 9001-9005; 9006 is resolved.
    let mut severities: Vec<_> = rows
        .iter()
        .map(|r| (r["chatwoot_conversation_id"].as_i64().unwrap(), r["severity"].as_str().unwrap()))
        .collect();
    severities.sort();
    assert_eq!(
        severities,
        [
            (9001, "critical"), // urgent priority
            (9002, "critical"), // very negative and an SLA breach
            (9003, "high"),     // very negative
            (9004, "medium"),   // negative
            (9005, "low"),      // low priority, positive
        ]
    );
    // 9003 was escalated at today-15.
    let row_9003 = rows.iter().find(|r| r["chatwoot_conversation_id"] == json!(9003)).unwrap();
    assert_eq!(row_9003["days_since_escalation"], json!(15));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_cx_escalations").await?);
    Ok(())
}

#[tokio::test]
async fn cx_health_summarizes_the_last_seven_days() -> Result<()> {
    let db = database_with_fixture("dashboard").await?;
    let rows = view_rows(db.pool(), "v_cx_health_summary").await?;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    // Window from today-6: 9001, 9002, 9004, 9005, 9006, 9007 = 6 conversations.
    assert_eq!(row["conversations_7d"], json!(6));
    assert_eq!(row["resolved_7d"], json!(1));
    // Open or pending at any age: 9001-9005, 9007, 9009 = 7.
    assert_eq!(row["open_backlog"], json!(7));
    // (15 + 180 + 45 + 60 + 200 + 30) / 6 = 88.33; only 9006 has a resolution time.
    assert_eq!(row["avg_first_response_minutes"], json!(88.33));
    assert_eq!(row["avg_resolution_hours"], json!(5.50));
    // Breaches 9002, 9006: 100 × 4 / 6 = 66.67 compliant.
    assert_eq!(row["sla_breaches_7d"], json!(2));
    assert_eq!(row["sla_compliance_pct"], json!(66.67));
    // Escalated 9001, 9002, 9004, 9005, 9006: 100 × 5 / 6 = 83.33.
    assert_eq!(row["escalation_rate_pct"], json!(83.33));
    // Negative 9001, 9004, very negative 9002: 100 × 3 / 6 = 50.00.
    assert_eq!(row["negative_sentiment_pct"], json!(50.00));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_cx_health_summary").await?);
    Ok(())
}

#[tokio::test]
async fn activation_rate_averages_the_week_ending_on_the_latest_day() -> Result<()> {
    let db = database_with_fixture("dashboard").await?;
    let rows = view_rows(db.pool(), "v_activation_rate_7d").await?;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["date"], json!("today"));
    assert_eq!(row["activation_rate_pct"], json!(45.45));
    // today-6 … today without today-4: (41 + 42 + 41.90 + 43.81 + 43.64 + 45.45) / 6
    // = 257.80 / 6 = 42.97.
    assert_eq!(row["days_reported_7d"], json!(6));
    assert_eq!(row["avg_activation_rate_7d"], json!(42.97));
    // Against today-7 (100 shops, 40 activated, 40.00 %): +10 shops, +10
    // activations, +5.45 points.
    assert_eq!(row["new_shops_7d"], json!(10));
    assert_eq!(row["new_activations_7d"], json!(10));
    assert_eq!(row["activation_rate_change_7d"], json!(5.45));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_activation_rate_7d").await?);
    Ok(())
}

#[tokio::test]
async fn ops_aggregate_combines_the_dashboard_views() -> Result<()> {
    let db = database_with_fixture("dashboard").await?;
    let rows = view_rows(db.pool(), "v_ops_aggregate_metrics").await?;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    // Each figure is the one the tests above compute for its own view.
    assert_eq!(row["revenue_latest_day"], json!(900));
    assert_eq!(row["revenue_7d"], json!(4200));
    assert_eq!(row["out_of_stock_skus"], json!(1));
    assert_eq!(row["low_stock_skus"], json!(2));
    assert_eq!(row["overstock_skus"], json!(1));
    // Issues 5001, 5002, 5003, 5009; high 5001 and critical 5002.
    assert_eq!(row["fulfillment_issues"], json!(4));
    assert_eq!(row["fulfillment_high_severity_issues"], json!(2));
    assert_eq!(row["fulfillment_rate_7d_pct"], json!(40.00));
    // Escalations 9001-9005, critical 9001 and 9002.
    assert_eq!(row["cx_open_escalations"], json!(5));
    assert_eq!(row["cx_critical_escalations"], json!(2));
    assert_eq!(row["cx_open_conversations"], json!(7));
    assert_eq!(row["cx_sla_compliance_7d_pct"], json!(66.67));
    assert_eq!(row["avg_activation_rate_7d"], json!(42.97));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_ops_aggregate_metrics").await?);
    Ok(())
}

#[tokio::test]
async fn ops_aggregate_has_a_row_without_sales_or_activation_data() -> Result<()> {
    let db = database_with_fixture("dashboard").await?;
    sqlx::query("DELETE FROM public.sales_metrics_daily").execute(db.pool()).await?;
    sqlx::query("DELETE FROM public.shop_activation_metrics").execute(db.pool()).await?;
    let rows = view_rows(db.pool(), "v_ops_aggregate_metrics").await?;
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["sales_date"], json!(null));
    assert_eq!(rows[0]["activation_rate_pct"], json!(null));
    assert_eq!(rows[0]["fulfillment_issues"], json!(4));
    Ok(())
}
