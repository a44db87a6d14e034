//! Data quality views over the `data_quality` fixture, whose defects are deliberate, with
//! hand-computed expectations. Fixture days are written `d-N` (N days before today).

use anyhow::{Context, Result};
use schema_tests::view_data::{database_with_fixture, refresh_caches, view_rows, view_snapshot};
use serde_json::{json, Value};
use sqlx::PgPool;

/// The one row whose `key` columns have the given values.
fn row<'a>(rows: &'a [Value], key: &[(&str, Value)]) -> Result<&'a Value> {
    let mut matching = rows.iter().filter(|row| key.iter().all(|(column, value)| &row[*column] == value));
    let found = matching.next().with_context(|| format!("no row with {key:?} in {rows:#?}"))?;
    anyhow::ensure!(matching.next().is_none(), "more than one row with {key:?}");
    Ok(found)
}

/// `check_name → (status, failing_rows)` of v_data_quality_comprehensive.
async fn check_results(pool: &PgPool) -> Result<Vec<(String, String, i64)>> {
    let rows = view_rows(pool, "v_data_quality_comprehensive").await?;
    let mut results: Vec<(String, String, i64)> = rows
        .iter()
        .map(|r| {
            (
                r["check_name"].as_str().unwrap_or_default().to_owned(),
                r["status"].as_str().unwrap_or_default().to_owned(),
                r["failing_rows"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    results.sort();
    Ok(results)
}

fn expected(checks: &[(&str, &str, i64)]) -> Vec<(String, String, i64)> {
    let mut expected: Vec<(String, String, i64)> =
        checks.iter().map(|(name, status, rows)| ((*name).to_owned(), (*status).to_owned(), *rows)).collect();
    expected.sort();
    expected
}

#[tokio::test]
async fn comprehensive_runs_ten_checks_that_catch_the_planted_defects() -> Result<()> {
    let db = database_with_fixture("data_quality").await?;
    let results = check_results(db.pool()).await?;
    assert_eq!(
        results,
        expected(&[
            // d-30..d-1 without d-20 and d-21: 2 missing days → warn (1-2).
            ("sales_missing_days", "warn", 2),
            // d-5 records avg_order_value 120, but 900/9 = 100 (d-30 is outside the 30 days).
            ("sales_aov_mismatch", "fail", 1),
            // Every day of the last 30 fulfilled all its orders at rate 100 (d-30's wrong 50 is outside).
            ("sales_fulfillment_rate_mismatch", "pass", 0),
            // Order 3 (fulfilled after its deadline, not flagged) + order 4 (open past its deadline,
            // not flagged); 6 is cancelled, 7 is from d-40, 8 has no deadline → 2, fail (a fulfilled one).
            ("fulfillment_sla_flag_mismatch", "fail", 2),
            // Conversation 2 (5 is from d-45, 4 is closed, not resolved).
            ("cx_resolved_without_resolved_at", "fail", 1),
            // Conversation 3 was answered at 09:00, created at 10:00.
            ("cx_timestamps_out_of_order", "fail", 1),
            // The negative stock is in the d-2 snapshot; the latest (d-1) is plausible.
            ("inventory_implausible_stock", "pass", 0),
            // HR-B is on variants 2 and 3 of the latest snapshot: 2 rows.
            ("inventory_duplicate_skus", "fail", 2),
            // ceo_time_savings stale, operator_sla_resolution empty, shop_activation_metrics late.
            ("stale_data", "fail", 3),
            // Customer 10 of 10 (0.4): 10% ≤ 10% → warn.
            ("customer_low_segment_confidence", "warn", 1),
        ])
    );
    let rows = view_rows(db.pool(), "v_data_quality_comprehensive").await?;
    let stale = row(&rows, &[("check_name", json!("stale_data"))])?;
    assert_eq!(stale["table_name"], json!("monitored tables"));
    assert_eq!(
        stale["details"],
        json!(
            "3 of 8 monitored tables not fresh: ceo_time_savings (stale), operator_sla_resolution (empty), \
             shop_activation_metrics (late)"
        )
    );
    let duplicates = row(&rows, &[("check_name", json!("inventory_duplicate_skus"))])?;
    assert_eq!(duplicates["details"], json!("1 SKU(s) on more than one row (2 rows) of the latest snapshot"));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_data_quality_comprehensive").await?);
    Ok(())
}

#[tokio::test]
async fn comprehensive_statuses_follow_their_rules_as_the_data_changes() -> Result<()> {
    let db = database_with_fixture("data_quality").await?;
    for statement in [
        // Order 3 flagged: only the open order 4 disagrees → warn.
        "UPDATE public.fulfillment_tracking SET is_sla_breach = true WHERE shopify_order_id = 3",
        // d-20 and d-21 loaded (in the baseline pattern) → no day missing → pass.
        "INSERT INTO public.sales_metrics_daily (date, total_revenue, total_orders, avg_order_value, orders_fulfilled, fulfillment_rate_pct)
         VALUES (current_date - 20, 900, 9, 100, 9, 100), (current_date - 21, 1100, 11, 100, 11, 100)",
        // d-21: 7 of 11 fulfilled recorded as 63.64 (7/11 = 63.636…: within 0.01) → still pass;
        // d-20: 10 of 9 fulfilled → fail with 1.
        "UPDATE public.sales_metrics_daily SET orders_fulfilled = 7, fulfillment_rate_pct = 63.64 WHERE date = current_date - 21",
        "UPDATE public.sales_metrics_daily SET orders_fulfilled = 10 WHERE date = current_date - 20",
        // A second low-confidence customer: 2 of 10 = 20% > 10% → fail.
        "UPDATE public.customer_segments SET segment_confidence = 0.3 WHERE shopify_customer_id = 9",
        // HR-A out of stock with 10 available in the latest snapshot → fail with 1.
        "UPDATE public.inventory_snapshots SET stock_status = 'out_of_stock' WHERE sku = 'HR-A' AND snapshot_date = current_date - 1",
        // Operator SLA calculated d-2: late like activation → 2 late + 1 stale, still fail with 3.
        "INSERT INTO public.operator_sla_resolution (operator_id, date) VALUES (1, current_date - 2)",
    ] {
        sqlx::query(statement).execute(db.pool()).await?;
    }
    // The checks are cached: they see the changes at the next refresh.
    refresh_caches(db.pool()).await?;
    let results = check_results(db.pool()).await?;
    assert_eq!(
        results,
        expected(&[
            ("sales_missing_days", "pass", 0),
            ("sales_aov_mismatch", "fail", 1),
            ("sales_fulfillment_rate_mismatch", "fail", 1),
            ("fulfillment_sla_flag_mismatch", "warn", 1),
            ("cx_resolved_without_resolved_at", "fail", 1),
            ("cx_timestamps_out_of_order", "fail", 1),
            ("inventory_implausible_stock", "fail", 1),
            ("inventory_duplicate_skus", "fail", 2),
            ("stale_data", "fail", 3),
            ("customer_low_segment_confidence", "fail", 2),
        ])
    );
    // CEO time savings entered yesterday: only late tables left → stale_data warns.
    sqlx::query("INSERT INTO public.ceo_time_savings (date) VALUES (current_date - 1)").execute(db.pool()).await?;
    refresh_caches(db.pool()).await?;
    let results = check_results(db.pool()).await?;
    assert!(results.contains(&("stale_data".to_owned(), "warn".to_owned(), 2)), "{results:?}");
    Ok(())
}

#[tokio::test]
async fn freshness_ages_each_table_against_its_cadence() -> Result<()> {
    let db = database_with_fixture("data_quality").await?;
    let rows = view_rows(db.pool(), "v_data_freshness_monitoring").await?;
    assert_eq!(rows.len(), 8);
    // Daily sales: newest d-1 → 1 day ≤ 1 → fresh.
    let sales = row(&rows, &[("table_name", json!("sales_metrics_daily"))])?;
    assert_eq!(sales["latest_date"], json!("today-1"));
    assert_eq!(sales["latest_at"], json!(null));
    assert_eq!(sales["age_days"], json!(1));
    assert_eq!(sales["status"], json!("fresh"));
    // Conversations: last write today 00:00 → 0 days → fresh.
    let cx = row(&rows, &[("table_name", json!("cx_conversations"))])?;
    assert_eq!(cx["latest_at"], json!("today 00:00:00"));
    assert_eq!(cx["age_days"], json!(0));
    assert_eq!(cx["status"], json!("fresh"));
    // Activation d-2: 2 days, 1 < 2 ≤ 2 × 1 → late.
    let activation = row(&rows, &[("table_name", json!("shop_activation_metrics"))])?;
    assert_eq!(activation["age_days"], json!(2));
    assert_eq!(activation["status"], json!("late"));
    // CEO time savings d-10 (manual, 3 days allowed): 10 > 2 × 3 → stale.
    let ceo = row(&rows, &[("table_name", json!("ceo_time_savings"))])?;
    assert_eq!(ceo["max_age_days"], json!(3));
    assert_eq!(ceo["age_days"], json!(10));
    assert_eq!(ceo["status"], json!("stale"));
    // Operator SLA: no rows.
    let operators = row(&rows, &[("table_name", json!("operator_sla_resolution"))])?;
    assert_eq!(operators["latest_date"], json!(null));
    assert_eq!(operators["age_days"], json!(null));
    assert_eq!(operators["status"], json!("empty"));
    let fresh = rows.iter().filter(|r| r["status"] == json!("fresh")).count();
    assert_eq!(fresh, 5);
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_data_freshness_monitoring").await?);
    Ok(())
}

#[tokio::test]
async fn completeness_measures_the_share_of_nulls_per_column() -> Result<()> {
    let db = database_with_fixture("data_quality").await?;
    let rows = view_rows(db.pool(), "v_data_completeness_metrics").await?;
    // 4 sales + 4 snapshot + 3 SKU + 4 category + 4 customer + 4 order + 3 conversation columns.
    assert_eq!(rows.len(), 26);
    let metric = |table: &str, column: &str| {
        row(&rows, &[("table_name", json!(table)), ("column_name", json!(column))]).cloned()
    };
    // Sales of the last 30 days: 27 rows (d-29..d-1 without d-20, d-21); only d-1 has
    // revenue_vs_last_week_pct: 26/27 = 96.30% NULL, 3.70% complete.
    let wow = metric("sales_metrics_daily", "revenue_vs_last_week_pct")?;
    assert_eq!((wow["total_rows"].clone(), wow["null_rows"].clone()), (json!(27), json!(26)));
    assert_eq!((wow["null_pct"].clone(), wow["completeness_pct"].clone()), (json!(96.3), json!(3.7)));
    // Latest snapshot (d-1, 4 rows): days_of_cover missing for variants 3 and 4 → 50.00%.
    let cover = metric("inventory_snapshots", "days_of_cover")?;
    assert_eq!((cover["total_rows"].clone(), cover["null_pct"].clone()), (json!(4), json!(50.0)));
    // Customers: primary_vehicle_year missing for 5..10 = 6 of 10 → 60.00% NULL.
    let year = metric("customer_segments", "primary_vehicle_year")?;
    assert_eq!((year["null_rows"].clone(), year["completeness_pct"].clone()), (json!(6), json!(40.0)));
    // Orders of the last 30 days: 1-6 and 8 = 7 (7 is from d-40); customer_segment missing
    // on 3, 4, 8: 3/7 = 42.86%.
    let segment = metric("fulfillment_tracking", "customer_segment")?;
    assert_eq!(segment["scope"], json!("orders of the last 30 days"));
    assert_eq!((segment["total_rows"].clone(), segment["null_pct"].clone()), (json!(7), json!(42.86)));
    // Fulfilled orders among them: 1, 2, 3; days_to_fulfill missing on 3: 1/3 = 33.33%.
    let days = metric("fulfillment_tracking", "days_to_fulfill")?;
    assert_eq!((days["total_rows"].clone(), days["null_pct"].clone()), (json!(3), json!(33.33)));
    // Conversations of the last 30 days: 1-4; sentiment missing on 2 and 4: 50.00%.
    let sentiment = metric("cx_conversations", "sentiment")?;
    assert_eq!((sentiment["total_rows"].clone(), sentiment["null_pct"].clone()), (json!(4), json!(50.0)));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_data_completeness_metrics").await?);
    Ok(())
}

#[tokio::test]
async fn alerts_list_failing_and_warning_checks_and_tables_not_fresh() -> Result<()> {
    let db = database_with_fixture("data_quality").await?;
    let rows = view_rows(db.pool(), "v_data_quality_alerts").await?;
    // Checks: 2 warn + 6 fail − stale_data (said table by table) = 7; tables not fresh: 3.
    assert_eq!(rows.len(), 10);
    assert!(rows.iter().all(|r| r["alert_name"] != json!("stale_data")));
    // Critical: the 5 failing checks left + stale ceo_time_savings + empty operator_sla_resolution.
    assert_eq!(rows.iter().filter(|r| r["severity"] == json!("critical")).count(), 7);
    let missing = row(&rows, &[("alert_name", json!("sales_missing_days"))])?;
    assert_eq!(missing["severity"], json!("warning"));
    assert_eq!(missing["failing_rows"], json!(2));
    let late = row(&rows, &[("table_name", json!("shop_activation_metrics"))])?;
    assert_eq!(late["alert_source"], json!("freshness"));
    assert_eq!(late["alert_name"], json!("table_late"));
    assert_eq!(late["severity"], json!("warning"));
    assert_eq!(late["status"], json!("warn"));
    assert_eq!(late["failing_rows"], json!(null));
    assert_eq!(
        late["details"],
        json!("Newest date is 2 day(s) old; a calculated daily table should be at most 1 day(s) old")
    );
    let empty = row(&rows, &[("table_name", json!("operator_sla_resolution"))])?;
    assert_eq!(empty["alert_name"], json!("table_empty"));
    assert_eq!(empty["severity"], json!("critical"));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_data_quality_alerts").await?);
    Ok(())
}

#[tokio::test]
async fn dashboard_summarizes_quality_in_one_row() -> Result<()> {
    let db = database_with_fixture("data_quality").await?;
    let rows = view_rows(db.pool(), "v_data_quality_dashboard").await?;
    assert_eq!(rows.len(), 1);
    let summary = &rows[0];
    // 10 checks: 2 pass, 2 warn, 6 fail; score 100 × (2 + 0.5 × 2)/10 = 30.00.
    assert_eq!(summary["checks_total"], json!(10));
    assert_eq!(summary["checks_passed"], json!(2));
    assert_eq!(summary["checks_warned"], json!(2));
    assert_eq!(summary["checks_failed"], json!(6));
    assert_eq!(summary["quality_score_pct"], json!(30.0));
    // 8 tables, 5 fresh.
    assert_eq!(summary["tables_monitored"], json!(8));
    assert_eq!(summary["tables_fresh"], json!(5));
    assert_eq!(summary["tables_not_fresh"], json!(3));
    // Completeness of the 26 columns: sales 100 + 100 + 3.70 + 0 = 203.70; snapshot
    // 75 + 50 + 75 + 75 = 275; SKUs 50 + 50 + 100 = 200; categories 50 + 50 + 100 + 50 = 250;
    // customers 80 + 90 + 70 + 40 = 280; orders 57.14 + 85.71 + 100 + 66.67 = 309.52;
    // conversations 75 + 50 + 75 = 200. Sum 1718.22 / 26 = 66.085… → 66.09.
    assert_eq!(summary["avg_completeness_pct"], json!(66.09));
    // 10 alerts, 7 critical → fail; the d-1 revenue and orders spikes.
    assert_eq!(summary["active_alerts"], json!(10));
    assert_eq!(summary["critical_alerts"], json!(7));
    assert_eq!(summary["anomalies_30d"], json!(2));
    assert_eq!(summary["overall_status"], json!("fail"));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_data_quality_dashboard").await?);
    Ok(())
}

#[tokio::test]
async fn anomalies_flag_the_spike_against_its_30_day_baseline() -> Result<()> {
    let db = database_with_fixture("data_quality").await?;
    let rows = view_rows(db.pool(), "v_data_anomalies").await?;
    // Only d-1 is anomalous (revenue and orders). Its baseline d-31..d-2 has 27 days:
    // d-30 at 1000, 13 days at 900 and 13 at 1100 (d-20, d-21 missing): mean 27000/27 = 1000;
    // squared deviations 26 × 100² = 260000, sample variance 260000/26 = 10000, sd 100;
    // z = (3000 − 1000)/100 = 20.00. Orders are revenue / 100: mean 10, sd 1, z 20.00.
    // Every other day alternates around its mean (|z| about 1).
    assert_eq!(rows.len(), 2);
    let revenue = row(&rows, &[("metric_name", json!("total_revenue"))])?;
    assert_eq!(revenue["date"], json!("today-1"));
    assert_eq!(revenue["observed_value"], json!(3000));
    assert_eq!(revenue["baseline_mean"], json!(1000.0));
    assert_eq!(revenue["baseline_stddev"], json!(100.0));
    assert_eq!(revenue["baseline_days"], json!(27));
    assert_eq!(revenue["z_score"], json!(20.0));
    assert_eq!(revenue["direction"], json!("spike"));
    let orders = row(&rows, &[("metric_name", json!("total_orders"))])?;
    assert_eq!(orders["baseline_mean"], json!(10.0));
    assert_eq!(orders["baseline_stddev"], json!(1.0));
    assert_eq!(orders["z_score"], json!(20.0));

    insta::assert_snapshot!(view_snapshot(db.pool(), "v_data_anomalies").await?);

    // d-1 turned into a drop to 100 (1 order) against the same baseline:
    // z = (100 − 1000)/100 = −9.00 and (1 − 10)/1 = −9.00.
    sqlx::query(
        "UPDATE public.sales_metrics_daily SET total_revenue = 100, total_orders = 1, orders_fulfilled = 1
         WHERE date = current_date - 1",
    )
    .execute(db.pool())
    .await?;
    let rows = view_rows(db.pool(), "v_data_anomalies").await?;
    assert_eq!(rows.len(), 2);
    for metric in ["total_revenue", "total_orders"] {
        let drop = row(&rows, &[("metric_name", json!(metric))])?;
        assert_eq!(drop["z_score"], json!(-9.0));
        assert_eq!(drop["direction"], json!("drop"));
    }
    Ok(())
}
