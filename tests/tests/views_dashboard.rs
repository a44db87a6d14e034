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
