//! Audit views over the `audit` fixture, with hand-computed expectations.
//!
//! The fixture's live entries (d-N 10:00 = N days ago at 10:00 UTC; hr =
//! hotrodan.myshopify.com, ss = speedshop.myshopify.com):
//!
//! ```text
//! a01 ana hr inventory        approve  d-1 09:00     a08 cy  hr reporting  approve d-200 10:00
//! a02 ana hr pricing          modify   d-2 14:30     a09 ana ss pricing    reject  d-181 10:00
//! a03 ben hr fulfillment      escalate d-3 10:00     a10 ben hr catalog    modify  d-179 10:00
//! a04 ben ss customer_support approve  d-5 16:00     a12 cy  hr inventory  modify  today 00:00
//! a05 cy  ss inventory        reject   d-10 11:00    a13 ben ss inventory  approve d-1 15:00
//! a06 ana ss catalog          defer    d-20 08:00    a14 ana hr fulfillment reject d-1 23:30
//! a07 ben hr inventory        approve  d-45 12:00
//! ```
//!
//! plus a11 (cy hr fulfillment approve d-400) in audit_log_archive. The last
//! 30 days hold a01–a06 and a12–a14: 9 decisions.

use anyhow::Result;
use schema_tests::view_data::{database_with_fixture, view_rows, view_snapshot};
use serde_json::{json, Value};

fn num(row: &Value, column: &str) -> Option<f64> {
    assert!(row.get(column).is_some(), "no column {column} in {row}");
    row[column].as_f64()
}

fn find<'a>(rows: &'a [Value], column: &str, value: Value) -> &'a Value {
    rows.iter().find(|r| r[column] == value).unwrap_or_else(|| panic!("no row with {column} = {value}"))
}

fn id(suffix: &str) -> Value {
    json!(format!("00000000-0000-0000-0000-{suffix:0>12}"))
}

#[tokio::test]
async fn recent_decisions_are_the_last_30_days() -> Result<()> {
    let db = database_with_fixture("audit").await?;
    let rows = view_rows(db.pool(), "v_recent_decisions").await?;
    // a01–a06 and a12–a14; a07 (d-45), a08–a10 (d-179 and older) and the archive are out.
    let mut ids: Vec<String> = rows.iter().map(|r| r["id"].as_str().unwrap().to_owned()).collect();
    ids.sort();
    let expected: Vec<Value> = ["a1", "a2", "a3", "a4", "a5", "a6", "a12", "a13", "a14"].iter().map(|s| id(s)).collect();
    let mut expected: Vec<String> = expected.iter().map(|v| v.as_str().unwrap().to_owned()).collect();
    expected.sort();
    assert_eq!(ids, expected);
    let a2 = find(&rows, "id", id("a2"));
    assert_eq!(a2["created_at"], json!("today-2 14:30:00"));
    assert_eq!(a2["details"], json!({ "sku": "HR-200", "old_price": 49.99, "new_price": 44.99 }));

    // The view's own order is newest first.
    let order: Vec<String> = sqlx::query_scalar("SELECT id::text FROM public.v_recent_decisions")
        .fetch_all(db.pool())
        .await?;
    let newest_first = ["a12", "a14", "a13", "a1", "a2", "a3", "a4", "a5", "a6"];
    assert_eq!(order, newest_first.iter().map(|s| id(s).as_str().unwrap().to_owned()).collect::<Vec<_>>());
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_recent_decisions").await?);
    Ok(())
}

#[tokio::test]
async fn decisions_by_actor_counts_each_actors_last_30_days() -> Result<()> {
    let db = database_with_fixture("audit").await?;
    let rows = view_rows(db.pool(), "v_decisions_by_actor").await?;
    assert_eq!(rows.len(), 3);
    // ana: a01 approve, a02 modify, a06 defer, a14 reject = 4; shops hr, ss = 2; scopes 4;
    //      approval 1/4 = 25.00%, escalation 0.00%; first a06 d-20 08:00, last a14 d-1 23:30;
    //      last 7 days: a01, a02, a14 = 3.
    let ana = find(&rows, "actor", json!("ana@hotrodan.com"));
    assert_eq!(ana["decisions"], json!(4));
    assert_eq!(ana["decisions_7d"], json!(3));
    assert_eq!(ana["shops"], json!(2));
    assert_eq!(ana["scopes"], json!(4));
    assert_eq!(
        [&ana["approvals"], &ana["rejections"], &ana["modifications"], &ana["escalations"], &ana["deferrals"]],
        [&json!(1), &json!(1), &json!(1), &json!(0), &json!(1)]
    );
    assert_eq!(num(ana, "approval_rate_pct"), Some(25.0));
    assert_eq!(num(ana, "escalation_rate_pct"), Some(0.0));
    assert_eq!(ana["first_decision_at"], json!("today-20 08:00:00"));
    assert_eq!(ana["last_decision_at"], json!("today-1 23:30:00"));
    // ben: a03 escalate, a04 approve, a13 approve = 3 (a07 d-45, a10 d-179 are out);
    //      approval 2/3 = 66.67%, escalation 1/3 = 33.33%; all 3 in the last 7 days.
    let ben = find(&rows, "actor", json!("ben@hotrodan.com"));
    assert_eq!(ben["decisions"], json!(3));
    assert_eq!(ben["decisions_7d"], json!(3));
    assert_eq!(num(ben, "approval_rate_pct"), Some(66.67));
    assert_eq!(num(ben, "escalation_rate_pct"), Some(33.33));
    assert_eq!(ben["first_decision_at"], json!("today-5 16:00:00"));
    // cy: a05 reject (d-10), a12 modify (today) = 2, one scope (inventory), 2 shops; 1 in 7 days.
    let cy = find(&rows, "actor", json!("cy@hotrodan.com"));
    assert_eq!(cy["decisions"], json!(2));
    assert_eq!(cy["decisions_7d"], json!(1));
    assert_eq!(cy["scopes"], json!(1));
    assert_eq!(cy["shops"], json!(2));
    assert_eq!(num(cy, "approval_rate_pct"), Some(0.0));
    assert_eq!(cy["last_decision_at"], json!("today 00:00:00"));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_decisions_by_actor").await?);
    Ok(())
}

#[tokio::test]
async fn decisions_by_scope_splits_the_last_30_days() -> Result<()> {
    let db = database_with_fixture("audit").await?;
    let rows = view_rows(db.pool(), "v_decisions_by_scope").await?;
    // 9 decisions: inventory a01 a05 a12 a13 = 4 (44.44%), fulfillment a03 a14 = 2 (22.22%),
    // pricing a02, customer_support a04, catalog a06 = 1 each (11.11%); reporting none (a08 is old).
    assert_eq!(rows.len(), 5);
    let inventory = find(&rows, "scope", json!("inventory"));
    assert_eq!(inventory["decisions"], json!(4));
    assert_eq!(num(inventory, "share_of_decisions_pct"), Some(44.44));
    // approve a01, a13; reject a05; modify a12 → approval 2/4 = 50.00%; actors ana, cy, ben; shops hr, ss.
    assert_eq!(
        [&inventory["approvals"], &inventory["rejections"], &inventory["modifications"], &inventory["escalations"]],
        [&json!(2), &json!(1), &json!(1), &json!(0)]
    );
    assert_eq!(num(inventory, "approval_rate_pct"), Some(50.0));
    assert_eq!(inventory["actors"], json!(3));
    assert_eq!(inventory["shops"], json!(2));
    assert_eq!(inventory["last_decision_at"], json!("today 00:00:00"));
    let fulfillment = find(&rows, "scope", json!("fulfillment"));
    // escalate a03 (ben), reject a14 (ana), both hr.
    assert_eq!(fulfillment["decisions"], json!(2));
    assert_eq!(num(fulfillment, "share_of_decisions_pct"), Some(22.22));
    assert_eq!(fulfillment["escalations"], json!(1));
    assert_eq!(fulfillment["rejections"], json!(1));
    assert_eq!(num(fulfillment, "approval_rate_pct"), Some(0.0));
    assert_eq!((&fulfillment["actors"], &fulfillment["shops"]), (&json!(2), &json!(1)));
    assert_eq!(fulfillment["last_decision_at"], json!("today-1 23:30:00"));
    for scope in ["pricing", "customer_support", "catalog"] {
        let row = find(&rows, "scope", json!(scope));
        assert_eq!(row["decisions"], json!(1), "{scope}");
        assert_eq!(num(row, "share_of_decisions_pct"), Some(11.11), "{scope}");
    }
    assert_eq!(num(find(&rows, "scope", json!("customer_support")), "approval_rate_pct"), Some(100.0));
    assert_eq!(find(&rows, "scope", json!("catalog"))["deferrals"], json!(1));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_decisions_by_scope").await?);
    Ok(())
}

#[tokio::test]
async fn audit_export_flattens_live_and_archived_entries() -> Result<()> {
    let db = database_with_fixture("audit").await?;
    let rows = view_rows(db.pool(), "v_audit_export").await?;
    // 13 live entries (a01–a10, a12–a14) + 1 archived (a11).
    assert_eq!(rows.len(), 14);
    assert_eq!(rows.iter().filter(|r| r["is_archived"] == json!(true)).count(), 1);

    // Pairs sorted by key; numbers as written; the JSON text is jsonb's own.
    let a2 = find(&rows, "id", id("a2"));
    assert_eq!(a2["details_text"], json!("new_price=44.99; old_price=49.99; sku=HR-200"));
    assert_eq!(a2["details_json"], json!(r#"{"sku": "HR-200", "new_price": 44.99, "old_price": 49.99}"#));
    assert_eq!(a2["created_at_utc"], json!("today-2 14:30:00"));
    assert_eq!(a2["created_date_utc"], json!("today-2"));
    assert_eq!(a2["is_archived"], json!(false));
    assert_eq!(a2["archived_at"], Value::Null);
    // A nested array stays JSON; a JSON null reads `null`; an empty object is empty text.
    assert_eq!(find(&rows, "id", id("a8"))["details_text"], json!(r#"report=weekly; tags=["ops", "q3"]"#));
    assert_eq!(find(&rows, "id", id("a9"))["details_text"], json!("note=null; sku=SS-1"));
    assert_eq!(find(&rows, "id", id("a6"))["details_text"], json!(""));
    let a11 = find(&rows, "id", id("a11"));
    assert_eq!(a11["is_archived"], json!(true));
    assert_eq!(a11["archived_at"], json!("today-200 02:00:00"));
    assert_eq!(a11["created_date_utc"], json!("today-400"));
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_audit_export").await?);
    Ok(())
}

#[tokio::test]
async fn audit_stats_7d_has_a_row_for_every_day() -> Result<()> {
    let db = database_with_fixture("audit").await?;
    let rows = view_rows(db.pool(), "v_audit_stats_7d").await?;
    // d-6..today = 7 rows, days without decisions included.
    assert_eq!(rows.len(), 7);
    let day = |d: &str| find(&rows, "date", json!(d)).clone();
    // d-1: a01 approve (ana, hr), a13 approve (ben, ss), a14 reject (ana, hr) → 3 decisions,
    //      2 actors, 2 shops, approval 2/3 = 66.67%, escalation 0.00%.
    let d1 = day("today-1");
    assert_eq!((&d1["decisions"], &d1["actors"], &d1["shops"]), (&json!(3), &json!(2), &json!(2)));
    assert_eq!((&d1["approvals"], &d1["rejections"]), (&json!(2), &json!(1)));
    assert_eq!(num(&d1, "approval_rate_pct"), Some(66.67));
    assert_eq!(num(&d1, "escalation_rate_pct"), Some(0.0));
    // d-3: a03 escalate → 1 decision, escalation 100.00%, approval 0.00%.
    let d3 = day("today-3");
    assert_eq!(d3["decisions"], json!(1));
    assert_eq!(num(&d3, "escalation_rate_pct"), Some(100.0));
    assert_eq!(num(&d3, "approval_rate_pct"), Some(0.0));
    // d-2 a02 modify, d-5 a04 approve (100.00%), today a12 modify: one each.
    assert_eq!(day("today-2")["modifications"], json!(1));
    assert_eq!(num(&day("today-5"), "approval_rate_pct"), Some(100.0));
    assert_eq!(day("today")["modifications"], json!(1));
    // d-4 and d-6: nothing; rates empty.
    for empty in ["today-4", "today-6"] {
        let row = day(empty);
        assert_eq!((&row["decisions"], &row["actors"], &row["approvals"]), (&json!(0), &json!(0), &json!(0)), "{empty}");
        assert_eq!(num(&row, "approval_rate_pct"), None, "{empty}");
    }
    let total: i64 = rows.iter().map(|r| r["decisions"].as_i64().unwrap()).sum();
    assert_eq!(total, 7); // a01 a02 a03 a04 a12 a13 a14
    insta::assert_snapshot!(view_snapshot(db.pool(), "v_audit_stats_7d").await?);
    Ok(())
}
