//! Operator analytics views over the `operator_analytics` fixture, with
//! hand-computed expectations.
//!
//! The fixture (d-N = N days ago; det/res = breaches detected/resolved, then
//! median / p90 / p95 minutes):
//!
//! ```text
//! 101: d-1 10/10 12/30/40   d-2 6/5 20/45/60   d-3 4/4 15/25/35   d-10 10/9 18/40/50   d-40 50/10 (outside)
//! 102: d-1 8/6 25/60/90     d-2 12/9 30/70/100 d-12 5/5 20/50/70
//! 103: d-1 0/0 -            d-8 5/2 45/100/120
//! 104: d-20 3/3 16/30/35
//! 105: d-4 0/0 -
//! ```

use anyhow::Result;
use schema_tests::view_data::{database_with_fixture, view_rows, view_snapshot};
use serde_json::{json, Value};

/// A numeric column as f64 (`None` when NULL), so `95.00` and `95` compare equal.
fn num(row: &Value, column: &str) -> Option<f64> {
    assert!(row.get(column).is_some(), "no column {column} in {row}");
    row[column].as_f64()
}

fn by_operator(rows: &[Value], operator: i64) -> &Value {
    rows.iter().find(|r| r["operator_id"] == json!(operator)).unwrap_or_else(|| panic!("no row for operator {operator}"))
}

fn by_day_and_operator<'a>(rows: &'a [Value], day: &str, operator: i64) -> &'a Value {
    rows.iter()
        .find(|r| r["date"] == json!(day) && r["operator_id"] == json!(operator))
        .unwrap_or_else(|| panic!("no row for operator {operator} on {day}"))
}

#[tokio::test]
async fn performance_7d_weights_response_times_by_breaches() -> Result<()> {
    let db = database_with_fixture("operator_analytics").await?;
    let rows = view_rows(db.pool(), "v_operator_performance_7d").await?;
    // The 7 days are d-6..today: 101, 102, 103 and 105; 104 (d-20) is out.
    assert_eq!(rows.len(), 4);

    // 101: d-1, d-2, d-3. detected 10+6+4 = 20, resolved 10+5+4 = 19 → 95.00%.
    // Weighted median (12×10 + 20×6 + 15×4) / 20 = 300/20 = 15.00;
    // weighted P90 (30×10 + 45×6 + 25×4) / 20 = 670/20 = 33.50; worst P95 max(40,60,35) = 60.
    let op = by_operator(&rows, 101);
    assert_eq!(op["days_active"], json!(3));
    assert_eq!(op["breaches_detected"], json!(20));
    assert_eq!(op["breaches_resolved"], json!(19));
    assert_eq!(op["breaches_unresolved"], json!(1));
    assert_eq!(num(op, "resolution_rate_pct"), Some(95.0));
    assert_eq!(num(op, "weighted_median_response_minutes"), Some(15.0));
    assert_eq!(num(op, "weighted_p90_response_minutes"), Some(33.5));
    assert_eq!(num(op, "worst_p95_response_minutes"), Some(60.0));
    assert_eq!(op["last_active_date"], json!("today-1"));

    // 102: detected 8+12 = 20, resolved 6+9 = 15 → 75.00%.
    // Weighted median (25×8 + 30×12) / 20 = 560/20 = 28.00; P90 (60×8 + 70×12) / 20 = 1320/20 = 66.00.
    let op = by_operator(&rows, 102);
    assert_eq!(op["breaches_unresolved"], json!(5));
    assert_eq!(num(op, "resolution_rate_pct"), Some(75.0));
    assert_eq!(num(op, "weighted_median_response_minutes"), Some(28.0));
    assert_eq!(num(op, "weighted_p90_response_minutes"), Some(66.0));
    assert_eq!(num(op, "worst_p95_response_minutes"), Some(100.0));

    // 103 (d-1 only: nothing detected; d-8 is out) and 105: no rate, no times.
    for operator in [103, 105] {
        let op = by_operator(&rows, operator);
        assert_eq!(op["days_active"], json!(1));
        assert_eq!(op["breaches_detected"], json!(0));
        assert_eq!(num(op, "resolution_rate_pct"), None);
        assert_eq!(num(op, "weighted_median_response_minutes"), None);
        assert_eq!(num(op, "worst_p95_response_minutes"), None);
    }
    assert_eq!(by_operator(&rows, 105)["last_active_date"], json!("today-4"));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_operator_performance_7d").await?);
    Ok(())
}

#[tokio::test]
async fn rankings_rank_the_30_days_with_ties_sharing_a_rank() -> Result<()> {
    let db = database_with_fixture("operator_analytics").await?;
    let rows = view_rows(db.pool(), "v_operator_rankings").await?;
    // 30 days = d-29..today: all five operators; 101's d-40 is out.
    //   101: 30 detected, 28 resolved → 93.33%; weighted median (300 + 18×10)/30 = 16.00
    //   102: 25 / 20 → 80.00%;  (560 + 20×5)/25 = 660/25 = 26.40
    //   103:  5 /  2 → 40.00%;  45×5/5 = 45.00
    //   104:  3 /  3 → 100.00%; 16.00
    //   105:  0 /  0 → none;    none
    // resolution rank: 104 1, 101 2, 102 3, 103 4, 105 5 (no rate: last)
    // response rank:   101 and 104 tie at 16.00 → both 1, 102 3, 103 4, 105 5
    // volume rank (resolved 28, 20, 2, 3, 0): 101 1, 102 2, 104 3, 103 4, 105 5
    // overall score = resolution + response: 104 2, 101 3, 102 6, 103 8, 105 10 → ranks 1..5
    assert_eq!(rows.len(), 5);
    let expected = [
        // operator, rate, median, resolution, response, volume, score, overall
        (101, Some(93.33), Some(16.0), 2, 1, 1, 3, 2),
        (102, Some(80.0), Some(26.4), 3, 3, 2, 6, 3),
        (103, Some(40.0), Some(45.0), 4, 4, 4, 8, 4),
        (104, Some(100.0), Some(16.0), 1, 1, 3, 2, 1),
        (105, None, None, 5, 5, 5, 10, 5),
    ];
    for (operator, rate, median, resolution, response, volume, score, overall) in expected {
        let op = by_operator(&rows, operator);
        assert_eq!(num(op, "resolution_rate_pct"), rate, "operator {operator}");
        assert_eq!(num(op, "weighted_median_response_minutes"), median, "operator {operator}");
        assert_eq!(op["resolution_rank"], json!(resolution), "operator {operator}");
        assert_eq!(op["response_time_rank"], json!(response), "operator {operator}");
        assert_eq!(op["volume_rank"], json!(volume), "operator {operator}");
        assert_eq!(op["overall_score"], json!(score), "operator {operator}");
        assert_eq!(op["overall_rank"], json!(overall), "operator {operator}");
        assert_eq!(op["operators_ranked"], json!(5));
    }
    assert_eq!(by_operator(&rows, 101)["breaches_resolved"], json!(28));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_operator_rankings").await?);
    Ok(())
}

#[tokio::test]
async fn workload_shows_each_operators_share_of_the_day() -> Result<()> {
    let db = database_with_fixture("operator_analytics").await?;
    let rows = view_rows(db.pool(), "v_operator_workload").await?;
    // 14 days = d-13..today: d-1 (101, 102, 103), d-2 (101, 102), d-3 (101),
    // d-4 (105), d-8 (103), d-10 (101), d-12 (102) = 10 rows; d-20 and d-40 are out.
    assert_eq!(rows.len(), 10);

    // d-1: 10 + 8 + 0 = 18 breaches over 3 operators.
    // 101: 10/18 = 55.56%, load 10×3/18 = 1.67; 102: 8/18 = 44.44%, 24/18 = 1.33; 103: 0.00, 0.00.
    for (operator, share, load) in [(101, 55.56, 1.67), (102, 44.44, 1.33), (103, 0.0, 0.0)] {
        let row = by_day_and_operator(&rows, "today-1", operator);
        assert_eq!(row["day_breaches_detected"], json!(18));
        assert_eq!(row["day_active_operators"], json!(3));
        assert_eq!(num(row, "share_of_day_pct"), Some(share), "operator {operator}");
        assert_eq!(num(row, "load_index"), Some(load), "operator {operator}");
    }
    // d-2: 6 + 12 = 18 over 2. 101: 6/18 = 33.33%, 6×2/18 = 0.67; 102: 66.67%, 24/18 = 1.33.
    let row = by_day_and_operator(&rows, "today-2", 101);
    assert_eq!((num(row, "share_of_day_pct"), num(row, "load_index")), (Some(33.33), Some(0.67)));
    let row = by_day_and_operator(&rows, "today-2", 102);
    assert_eq!((num(row, "share_of_day_pct"), num(row, "load_index")), (Some(66.67), Some(1.33)));
    // d-3: 101 alone with 4: 100.00%, load 1.00.
    let row = by_day_and_operator(&rows, "today-3", 101);
    assert_eq!((num(row, "share_of_day_pct"), num(row, "load_index")), (Some(100.0), Some(1.0)));
    // d-4: 105 alone with nothing detected: no share, no load.
    let row = by_day_and_operator(&rows, "today-4", 105);
    assert_eq!(row["day_breaches_detected"], json!(0));
    assert_eq!((num(row, "share_of_day_pct"), num(row, "load_index")), (None, None));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_operator_workload").await?);
    Ok(())
}

#[tokio::test]
async fn efficiency_trends_roll_7_days_per_operator() -> Result<()> {
    let db = database_with_fixture("operator_analytics").await?;
    let rows = view_rows(db.pool(), "v_operator_efficiency_trends").await?;
    // 30 days: 101 ×4, 102 ×3, 103 ×2, 104 ×1, 105 ×1 = 11 rows (101's d-40 is out).
    assert_eq!(rows.len(), 11);
    // Rolling 7 days = the day and the 6 before it.
    // 101 d-10: window d-16..d-10 → only d-10: 9/10 = 90.00%, median 18.00; no earlier day within 36 days.
    // 101 d-3:  window d-9..d-3 → only d-3 (d-10 is out): 4/4 = 100.00%, 15.00; change 15 − 18 = −3.
    // 101 d-2:  d-3, d-2: 9/10 = 90.00%, (15×4 + 20×6)/10 = 18.00; day 5/6 = 83.33%; change 20 − 15 = 5.
    // 101 d-1:  d-3..d-1: 19/20 = 95.00%, 300/20 = 15.00; day 100.00%; change 12 − 20 = −8.
    let expected = [
        // day, operator, day rate, change, rolling rate, rolling median
        ("today-10", 101, Some(90.0), None, Some(90.0), Some(18.0)),
        ("today-3", 101, Some(100.0), Some(-3.0), Some(100.0), Some(15.0)),
        ("today-2", 101, Some(83.33), Some(5.0), Some(90.0), Some(18.0)),
        ("today-1", 101, Some(100.0), Some(-8.0), Some(95.0), Some(15.0)),
        // 102 d-12: 5/5, 20.00. d-2: only d-2 in d-8..d-2: 9/12 = 75.00%, 30.00; change 30 − 20 = 10.
        // d-1: d-2, d-1: 15/20 = 75.00%, (30×12 + 25×8)/20 = 28.00; day 6/8 = 75.00%; change 25 − 30 = −5.
        ("today-12", 102, Some(100.0), None, Some(100.0), Some(20.0)),
        ("today-2", 102, Some(75.0), Some(10.0), Some(75.0), Some(30.0)),
        ("today-1", 102, Some(75.0), Some(-5.0), Some(75.0), Some(28.0)),
        // 103 d-8: 2/5 = 40.00%, 45.00. d-1: nothing detected and d-8 is outside d-7..d-1: all empty.
        ("today-8", 103, Some(40.0), None, Some(40.0), Some(45.0)),
        ("today-1", 103, None, None, None, None),
        ("today-20", 104, Some(100.0), None, Some(100.0), Some(16.0)),
        ("today-4", 105, None, None, None, None),
    ];
    for (day, operator, rate, change, rolling_rate, rolling_median) in expected {
        let row = by_day_and_operator(&rows, day, operator);
        let what = format!("operator {operator} on {day}");
        assert_eq!(num(row, "resolution_rate_pct"), rate, "{what}");
        assert_eq!(num(row, "median_response_change_minutes"), change, "{what}");
        assert_eq!(num(row, "rolling_7d_resolution_rate_pct"), rolling_rate, "{what}");
        assert_eq!(num(row, "rolling_7d_median_response_minutes"), rolling_median, "{what}");
    }
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_operator_efficiency_trends").await?);
    Ok(())
}

#[tokio::test]
async fn sla_compliance_grades_the_30_day_resolution_rate() -> Result<()> {
    let db = database_with_fixture("operator_analytics").await?;
    let rows = view_rows(db.pool(), "v_operator_sla_compliance").await?;
    assert_eq!(rows.len(), 5);
    // 101: 4 days, all with breaches; fully resolved d-1 (10/10) and d-3 (4/4) → 2 of 4 = 50.00%;
    //      28/30 = 93.33% → at_risk (80 ≤ rate < 95); worst P95 max(40,60,35,50) = 60.
    // 102: 3 days; fully resolved d-12 only → 1/3 = 33.33%; 20/25 = 80.00% → at_risk (boundary).
    // 103: 2 days, 1 with breaches (d-8, 2/5) → 0.00%; 40.00% → non_compliant; P95 120.
    // 104: 1 day, 3/3 → 100.00% → compliant.
    // 105: 1 day, nothing detected → no_breaches, no rates.
    let expected = [
        // operator, days, with breaches, fully, unresolved, rate, full-day %, worst p95, status
        (101, 4, 4, 2, 2, Some(93.33), Some(50.0), Some(60.0), "at_risk"),
        (102, 3, 3, 1, 5, Some(80.0), Some(33.33), Some(100.0), "at_risk"),
        (103, 2, 1, 0, 3, Some(40.0), Some(0.0), Some(120.0), "non_compliant"),
        (104, 1, 1, 1, 0, Some(100.0), Some(100.0), Some(35.0), "compliant"),
        (105, 1, 0, 0, 0, None, None, None, "no_breaches"),
    ];
    for (operator, days, with_breaches, fully, unresolved, rate, full_pct, p95, status) in expected {
        let op = by_operator(&rows, operator);
        assert_eq!(op["days_active"], json!(days), "operator {operator}");
        assert_eq!(op["days_with_breaches"], json!(with_breaches), "operator {operator}");
        assert_eq!(op["days_fully_resolved"], json!(fully), "operator {operator}");
        assert_eq!(op["breaches_unresolved"], json!(unresolved), "operator {operator}");
        assert_eq!(num(op, "resolution_rate_pct"), rate, "operator {operator}");
        assert_eq!(num(op, "full_resolution_day_pct"), full_pct, "operator {operator}");
        assert_eq!(num(op, "worst_p95_response_minutes"), p95, "operator {operator}");
        assert_eq!(op["compliance_status"], json!(status), "operator {operator}");
    }
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_operator_sla_compliance").await?);
    Ok(())
}

#[tokio::test]
async fn activity_summary_compares_this_week_with_last() -> Result<()> {
    let db = database_with_fixture("operator_analytics").await?;
    let rows = view_rows(db.pool(), "v_operator_activity_summary").await?;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    // Last 7 days (d-6..today): operators 101, 102, 103, 105 → 4; 30 days: all 5.
    // Detected 20 (101) + 20 (102) = 40, resolved 19 + 15 = 34 → 85.00%, 6 unresolved.
    // Previous 7 (d-13..d-7): 101 d-10 10/9, 102 d-12 5/5, 103 d-8 5/2 → 16/20 = 80.00%; change +5.00 points.
    // Weighted median now (300 + 560)/40 = 21.50; before (18×10 + 20×5 + 45×5)/20 = 505/20 = 25.25.
    // Compliance (30 days): compliant 104; at_risk 101, 102; non_compliant 103. Top ranked: 104.
    assert_eq!(row["active_operators_7d"], json!(4));
    assert_eq!(row["active_operators_30d"], json!(5));
    assert_eq!(row["breaches_detected_7d"], json!(40));
    assert_eq!(row["breaches_resolved_7d"], json!(34));
    assert_eq!(row["breaches_unresolved_7d"], json!(6));
    assert_eq!(num(row, "resolution_rate_7d_pct"), Some(85.0));
    assert_eq!(num(row, "resolution_rate_prev_7d_pct"), Some(80.0));
    assert_eq!(num(row, "resolution_rate_change_pts"), Some(5.0));
    assert_eq!(num(row, "weighted_median_response_7d_minutes"), Some(21.5));
    assert_eq!(num(row, "weighted_median_response_prev_7d_minutes"), Some(25.25));
    assert_eq!(row["compliant_operators_30d"], json!(1));
    assert_eq!(row["at_risk_operators_30d"], json!(2));
    assert_eq!(row["non_compliant_operators_30d"], json!(1));
    assert_eq!(row["top_operator_id"], json!(104));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_operator_activity_summary").await?);
    Ok(())
}

#[tokio::test]
async fn activity_summary_is_one_row_of_zeros_without_data() -> Result<()> {
    let db = database_with_fixture("operator_analytics").await?;
    sqlx::query("DELETE FROM public.operator_sla_resolution").execute(db.pool()).await?;
    let rows = view_rows(db.pool(), "v_operator_activity_summary").await?;
    assert_eq!(rows.len(), 1);
    let row = &rows[0];
    assert_eq!(row["active_operators_7d"], json!(0));
    assert_eq!(row["breaches_detected_7d"], json!(0));
    assert_eq!(num(row, "resolution_rate_7d_pct"), None);
    assert_eq!(row["top_operator_id"], Value::Null);
    Ok(())
}
