//! Every declared view's output columns, as the database reports them after the
//! migrations ran, are exactly its struct's fields: same names, same order, same
//! types. The struct is what Rust code decodes rows into, so a view body that
//! drifts from it (a renamed alias, a `sum()` that turned `bigint` into
//! `numeric`) breaks callers even though the SQL still runs.

use anyhow::{anyhow, Result};
use schema_engine::model::{SqlType, View};
use schema_engine::sql::quote::qualified;
use schema_tests::migrations;
use schema_tests::pg::TestDatabase;

/// `name type` per column, one per line, for the failure message; `none` says
/// what an empty list means.
fn listing(columns: &[(String, SqlType)], none: &str) -> String {
    if columns.is_empty() {
        return format!("    ({none})\n");
    }
    columns.iter().enumerate().map(|(i, (name, data_type))| format!("    {:>2}. {name} {data_type}\n", i + 1)).collect()
}

/// The first position (1-based) where the two lists differ.
fn first_difference(expected: &[(String, SqlType)], actual: &[(String, SqlType)]) -> usize {
    (0..expected.len().max(actual.len())).find(|&i| expected.get(i) != actual.get(i)).unwrap_or(0) + 1
}

fn declared_columns(view: &View) -> Vec<(String, SqlType)> {
    view.columns.iter().map(|c| (c.name.clone(), c.data_type.clone())).collect()
}

#[tokio::test]
async fn every_view_outputs_exactly_its_struct_fields() -> Result<()> {
    let schema = schema_def::schema().map_err(|e| anyhow!("{e:?}"))?;
    let db = TestDatabase::create_with_baseline("view columns").await?;
    migrations::apply(db.pool()).await?;

    let mut mismatches = Vec::new();
    for view in &schema.views {
        // to_regclass: a missing view reads as no columns rather than an error,
        // so it is reported with the others.
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT a.attname::text, format_type(a.atttypid, a.atttypmod) \
             FROM pg_attribute a \
             WHERE a.attrelid = to_regclass($1) AND a.attnum > 0 AND NOT a.attisdropped \
             ORDER BY a.attnum",
        )
        .bind(qualified(&view.name))
        .fetch_all(db.pool())
        .await?;
        let actual: Vec<(String, SqlType)> = rows.into_iter().map(|(name, ty)| (name, SqlType::new(&ty))).collect();
        let expected = declared_columns(view);
        if actual != expected {
            mismatches.push(format!(
                "view {} (first difference at column {}): the struct declares\n{}but the database outputs\n{}",
                view.name,
                first_difference(&expected, &actual),
                listing(&expected, "no fields"),
                listing(&actual, "nothing: the view does not exist")
            ));
        }
    }
    assert!(!schema.views.is_empty(), "no views declared: nothing was checked");
    assert!(
        mismatches.is_empty(),
        "{} of {} view(s) do not output their struct's fields:\n\n{}",
        mismatches.len(),
        schema.views.len(),
        mismatches.join("\n")
    );
    println!("{} view(s) output exactly their struct's fields", schema.views.len());
    Ok(())
}
