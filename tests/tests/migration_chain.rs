//! Incremental migrations on a real server: a chain of representative model
//! edits, each planned by `schema_engine::migrate` and applied with psql.
//!
//! After every step the live catalog equals the edited model and every row
//! inserted before the step is still there (renames included); the end of the
//! chain equals the same model created fresh; every rollback returns the
//! catalog to the previous model; a migration that fails midway changes nothing.

use anyhow::{ensure, Context, Result};
use schema_engine::diff::diff;
use schema_engine::introspect::{introspect, IntrospectOptions};
use schema_engine::migrate::{self, MigrationHints};
use schema_engine::model::*;
use schema_engine::{dependencies, sql, validate};
use schema_tests::fixtures::insert_row;
use schema_tests::migrations;
use schema_tests::pg::TestDatabase;
use sqlx::Executor;
use std::process::Command;

/// What the chain writes into the column it adds and then renames.
const NOTE_TEXT: &str = "keep me";

type Edit = (&'static str, fn(&mut Schema, &mut MigrationHints));

fn table<'a>(schema: &'a mut Schema, name: &str) -> &'a mut Table {
    schema.tables.iter_mut().find(|t| t.name.name == name).unwrap_or_else(|| panic!("no table {name}"))
}

/// The representative edits, applied one after the other.
const EDITS: &[Edit] = &[
    ("add a column with a default", |s, _| {
        table(s, "product_categories").columns.push(Column {
            name: "internal_notes".into(),
            data_type: SqlType::new("text"),
            nullable: false,
            default: Some("''::text".into()),
            comment: "Notes for the catalog team".into(),
        });
    }),
    ("rename a column", |s, hints| {
        // The column added above, which by now holds data (see NOTE_TEXT).
        let table = table(s, "product_categories");
        table.columns.iter_mut().find(|c| c.name == "internal_notes").unwrap().name = "catalog_notes".into();
        hints.renamed_columns.push((table.name.clone(), "catalog_notes".into(), "internal_notes".into()));
    }),
    ("change a default", |s, _| {
        let column = table(s, "fulfillment_tracking").columns.iter_mut().find(|c| c.name == "sla_threshold_days").unwrap();
        column.default = Some("3".into());
    }),
    ("add an enum value", |s, _| {
        for constraint in &mut table(s, "cx_conversations").constraints {
            if let ConstraintKind::AllowedValues { column, values } = &mut constraint.kind {
                if column == "priority" {
                    values.push("critical".into());
                }
            }
        }
    }),
    ("add a partial index", |s, _| {
        table(s, "sku_performance").indexes.push(Index {
            name: "idx_sku_performance_low_cover".into(),
            method: IndexMethod::Btree,
            unique: false,
            columns: vec![IndexColumn { column: "days_of_inventory".into(), descending: false }],
            include: vec!["sku".into()],
            predicate: Some("days_of_inventory < 7".into()),
        });
    }),
    ("change a policy's USING", |s, _| {
        let policy = table(s, "audit_log").policies.iter_mut().find(|p| p.name == "audit_log_operators_read").unwrap();
        let using = policy.using.take().unwrap();
        policy.using = Some(format!("{using} AND created_at > now() - interval '2 years'"));
    }),
    ("change a view's columns while another view reads it", |s, _| {
        let base = view_read_by_another(s);
        let view = s.views.iter_mut().find(|v| v.name == base).unwrap();
        view.body = format!("SELECT 1::integer AS revision, original.* FROM (\n{}\n) AS original", view.body.trim().trim_end_matches(';'));
        view.columns.insert(0, ViewColumn { name: "revision".into(), data_type: SqlType::new("integer"), comment: "Definition revision".into() });
    }),
    ("drop a column with consent", |s, hints| {
        table(s, "product_categories").columns.retain(|c| c.name != "catalog_notes");
        hints.allow_data_loss.push("public.product_categories.catalog_notes".into());
    }),
];

/// A view that another view reads.
fn view_read_by_another(schema: &Schema) -> QualifiedName {
    schema
        .views
        .iter()
        .flat_map(|v| dependencies::relations_read(&v.body, schema).into_iter().filter(move |r| *r != v.name))
        .find(|r| schema.view(r).is_some())
        .expect("some view reads another view")
}

fn psql(db: &TestDatabase, sql: &str) -> Result<std::process::Output> {
    let file = tempfile::Builder::new().suffix(".sql").tempfile()?;
    std::fs::write(file.path(), sql)?;
    Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url(), "-f"])
        .arg(file.path())
        .output()
        .context("running psql")
}

fn apply(db: &TestDatabase, sql: &str, what: &str) -> Result<()> {
    let output = psql(db, sql)?;
    ensure!(output.status.success(), "{what} failed:\n{}\n--- SQL ---\n{sql}", String::from_utf8_lossy(&output.stderr));
    Ok(())
}

async fn live(db: &TestDatabase, model: &Schema) -> Result<Schema> {
    let mut connection = db.pool().acquire().await?;
    Ok(introspect(&mut connection, &IntrospectOptions::for_schema(model)).await?)
}

async fn assert_matches(db: &TestDatabase, model: &Schema, when: &str) -> Result<()> {
    let differences = diff(model, &live(db, model).await?);
    let lines: Vec<String> = differences.iter().map(|d| format!("  {d}")).collect();
    ensure!(differences.is_empty(), "{when}: the database differs from the model:\n{}", lines.join("\n"));
    Ok(())
}

async fn row_counts(db: &TestDatabase, model: &Schema) -> Result<Vec<(String, i64)>> {
    let mut counts = Vec::new();
    for table in &model.tables {
        let count: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {}", sql::quote::qualified(&table.name)))
            .fetch_one(db.pool())
            .await?;
        counts.push((table.name.name.clone(), count));
    }
    Ok(counts)
}

fn schema() -> Result<Schema> {
    schema_def::schema().map_err(|e| anyhow::anyhow!("{e:?}"))
}

#[tokio::test]
async fn a_chain_of_edits_migrates_keeps_rows_and_rolls_back() -> Result<()> {
    let db = TestDatabase::create_with_baseline("migration chain").await?;
    migrations::apply(db.pool()).await?;
    let mut current = schema()?;
    let mut rollbacks: Vec<(String, Schema)> = Vec::new();
    let mut notes_written = 0;
    for (step, (name, edit)) in EDITS.iter().enumerate() {
        for table in &current.tables {
            db.pool().execute(insert_row(table, step as i64 + 1).as_str()).await.with_context(|| format!("row for {}", table.name))?;
        }
        let before = row_counts(&db, &current).await?;
        let mut next = current.clone();
        let mut hints = MigrationHints::default();
        edit(&mut next, &mut hints);
        validate::validate(&next).map_err(|e| anyhow::anyhow!("edit `{name}` makes an invalid schema: {e:?}"))?;
        let (forward, backward) = migrate::plan(&current, &next, &hints).map_err(|e| anyhow::anyhow!("{name}: {e:?}"))?;
        ensure!(!forward.is_empty(), "edit `{name}` planned no step");
        println!("{name}:");
        for planned in &forward.steps {
            println!("    {planned}");
        }
        apply(&db, &migrate::render(name, &forward), name)?;
        assert_matches(&db, &next, &format!("after `{name}`")).await?;
        let after: Vec<i64> = row_counts(&db, &next).await?.into_iter().map(|(_, n)| n).collect();
        let before: Vec<i64> = before.into_iter().map(|(_, n)| n).collect();
        ensure!(before == after, "`{name}` lost rows: before {before:?}, after {after:?}");
        // The renamed column must keep what the added column was given.
        for (column, expected) in [("internal_notes", 0), ("catalog_notes", 1)] {
            if next.tables.iter().any(|t| t.name.name == "product_categories" && t.column(column).is_some()) {
                if expected == 0 {
                    let update = format!("UPDATE public.product_categories SET internal_notes = '{NOTE_TEXT}'");
                    notes_written = db.pool().execute(update.as_str()).await?.rows_affected() as i64;
                } else {
                    let kept: i64 = sqlx::query_scalar(&format!(
                        "SELECT count(*) FROM public.product_categories WHERE catalog_notes = '{NOTE_TEXT}'"
                    ))
                    .fetch_one(db.pool())
                    .await?;
                    ensure!(kept == notes_written, "the rename lost data: {kept} of {notes_written} notes kept");
                }
            }
        }
        rollbacks.push((migrate::render(&format!("rollback of {name}"), &backward), current));
        current = next;
    }

    let fresh = TestDatabase::create_with_baseline("migration chain fresh").await?;
    apply(&fresh, &sql::migration_file("fresh", &sql::create_schema(&current)), "the fresh schema")?;
    let (chained, created) = (live(&db, &current).await?, live(&fresh, &current).await?);
    let differences = diff(&created, &chained);
    ensure!(differences.is_empty(), "the chain differs from the fresh schema: {differences:#?}");

    for (rollback, previous) in rollbacks.into_iter().rev() {
        apply(&db, &rollback, "a rollback")?;
        assert_matches(&db, &previous, "after a rollback").await?;
    }
    Ok(())
}

#[tokio::test]
async fn a_migration_that_fails_midway_changes_nothing() -> Result<()> {
    let db = TestDatabase::create_with_baseline("migration fails").await?;
    migrations::apply(db.pool()).await?;
    let current = schema()?;
    let sales = current.tables.iter().find(|t| t.name.name == "sales_metrics_daily").unwrap();
    db.pool().execute(insert_row(sales, 1).as_str()).await?;
    // A new column (applies), then a CHECK the existing row violates (VALIDATE fails).
    let mut next = current.clone();
    let table = table(&mut next, "sales_metrics_daily");
    table.columns.push(Column { name: "note".into(), data_type: SqlType::new("text"), nullable: true, default: None, comment: "A note".into() });
    table.constraints.push(Constraint { name: "sales_metrics_daily_no_orders".into(), kind: ConstraintKind::Check { expression: "total_orders < 0".into() } });
    let (forward, _) = migrate::plan(&current, &next, &MigrationHints::default()).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let output = psql(&db, &migrate::render("failing", &forward))?;
    ensure!(!output.status.success(), "the migration should fail");
    let stderr = String::from_utf8_lossy(&output.stderr);
    ensure!(stderr.contains("sales_metrics_daily_no_orders"), "unexpected error: {stderr}");
    assert_matches(&db, &current, "after the failed migration").await?;
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM public.sales_metrics_daily").fetch_one(db.pool()).await?;
    ensure!(rows == 1, "the row is gone");
    Ok(())
}
