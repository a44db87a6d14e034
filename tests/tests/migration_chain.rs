//! Incremental migrations on a real server: a chain of representative catalog
//! edits, each planned by `schema_engine::plan` and applied with psql the way
//! the README says (transactional files with `--single-transaction`, online
//! ones without).
//!
//! After every step the live catalog equals the edited model and every row
//! inserted before the step is still there (renames included); the end of the
//! chain equals the same model created fresh; every rollback returns the
//! catalog to the previous model; a migration that fails midway changes nothing.

use anyhow::{ensure, Context, Result};
use schema_engine::catalog::{Catalog, Table};
use schema_engine::dependencies;
use schema_engine::model::*;
use schema_engine::plan::{self, MigrationHints};
use schema_engine::sql;
use schema_tests::catalog::{declared, drift, listing};
use schema_tests::fixtures::insert_row;
use schema_tests::migrations;
use schema_tests::pg::TestDatabase;
use schema_tests::runners::{apply_script, apply_with_psql, migration_files, psql};
use sqlx::Executor;

/// What the chain writes into the column it adds and then renames.
const NOTE_TEXT: &str = "keep me";

/// A name, SQL that prepares the data for the edit, and the edit.
type Edit = (&'static str, &'static str, fn(&mut Catalog, &mut MigrationHints));

fn table<'a>(catalog: &'a mut Catalog, name: &str) -> &'a mut Table {
    catalog.tables.iter_mut().find(|t| t.name.name == name).unwrap_or_else(|| panic!("no table {name}"))
}

/// The representative edits, applied one after the other.
const EDITS: &[Edit] = &[
    ("add a column with a default", "", |c, _| {
        table(c, "product_categories").columns.push(Column {
            name: "internal_notes".into(),
            data_type: SqlType::new("text"),
            nullable: false,
            default: Some("''::text".into()),
            comment: "Notes for the catalog team".into(),
            ..Column::default()
        });
    }),
    ("rename a column", "", |c, hints| {
        // The column added above, which by now holds data (see NOTE_TEXT).
        let table = table(c, "product_categories");
        table.columns.iter_mut().find(|c| c.name == "internal_notes").unwrap().name = "catalog_notes".into();
        hints.renamed_columns.push((table.name.clone(), "catalog_notes".into(), "internal_notes".into()));
    }),
    ("change a default", "", |c, _| {
        let column = table(c, "fulfillment_tracking").columns.iter_mut().find(|c| c.name == "sla_threshold_days").unwrap();
        column.default = Some("3".into());
    }),
    ("add an enum value", "", |c, _| {
        for constraint in &mut table(c, "cx_conversations").constraints {
            if let ConstraintKind::AllowedValues { column, values } = &mut constraint.kind {
                if column == "priority" {
                    values.push("critical".into());
                }
            }
        }
    }),
    ("add a partial covering index (online)", "", |c, _| {
        table(c, "sku_performance").indexes.push(Index {
            name: "idx_sku_performance_low_cover".into(),
            columns: vec![IndexColumn::new("days_of_inventory", false)],
            include: vec!["sku".into()],
            predicate: Some("days_of_inventory < 7".into()),
            ..Index::default()
        });
    }),
    ("change an index in place (online)", "", |c, _| {
        let index = table(c, "sku_performance").indexes.iter_mut().find(|i| i.name == "idx_sku_performance_low_cover").unwrap();
        index.columns[0].descending = true;
    }),
    ("add a CHECK to a table with rows (NOT VALID, then validated)", "", |c, _| {
        let table = table(c, "sales_metrics_daily");
        table.constraints.push(Constraint::new("sales_metrics_daily_orders_not_negative", ConstraintKind::Check { expression: "total_orders >= 0".into() }));
    }),
    ("make a column NOT NULL through a validated CHECK", "UPDATE public.customer_segments SET avg_order_value = 0 WHERE avg_order_value IS NULL", |c, _| {
        let column = table(c, "customer_segments").columns.iter_mut().find(|c| c.name == "avg_order_value").expect("declared");
        column.nullable = false;
    }),
    ("change a policy's USING", "", |c, _| {
        let policy = table(c, "audit_log").policies.iter_mut().find(|p| p.name == "audit_log_operators_read").unwrap();
        let using = policy.using.take().unwrap();
        policy.using = Some(format!("{using} AND created_at > now() - interval '2 years'"));
    }),
    ("change a view's columns while another view reads it", "", |c, _| {
        let base = view_read_by_another(c);
        let view = c.views.iter_mut().find(|v| v.name == base).unwrap();
        view.definition = format!("SELECT 1::integer AS revision, original.* FROM (\n{}\n) AS original", view.definition);
        view.columns.insert(0, ViewColumn { name: "revision".into(), data_type: SqlType::new("integer"), comment: "Definition revision".into(), ..ViewColumn::default() });
    }),
    ("drop a column with consent", "", |c, hints| {
        table(c, "product_categories").columns.retain(|c| c.name != "catalog_notes");
        hints.allow_data_loss.push("public.product_categories.catalog_notes".into());
    }),
];

/// A view (not cached) that another view reads.
fn view_read_by_another(catalog: &Catalog) -> QualifiedName {
    catalog
        .views
        .iter()
        .flat_map(|v| dependencies::relations_read(&v.definition, catalog).into_iter().filter(move |r| *r != v.name))
        .find(|r| catalog.view(r).is_some_and(|v| !v.definition.contains("AS cached")))
        .expect("some view reads another view")
}

async fn assert_matches(db: &TestDatabase, model: &Catalog, when: &str) -> Result<()> {
    let (_, _, changes) = drift(db, model).await?;
    ensure!(changes.is_empty(), "{when}: the database differs from the model:\n{}", listing(&changes));
    Ok(())
}

async fn row_counts(db: &TestDatabase, model: &Catalog) -> Result<Vec<i64>> {
    let mut counts = Vec::new();
    for table in &model.tables {
        let count: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {}", sql::quote::qualified(&table.name)))
            .fetch_one(db.pool())
            .await?;
        counts.push(count);
    }
    Ok(counts)
}

#[tokio::test]
async fn a_chain_of_edits_migrates_keeps_rows_and_rolls_back() -> Result<()> {
    let db = TestDatabase::create_with_baseline("migration chain").await?;
    migrations::apply(db.pool()).await?;
    let mut current = declared()?;
    let mut rollbacks: Vec<(plan::Plan, Catalog)> = Vec::new();
    let mut notes_written = 0;
    for (step, (name, prepare, edit)) in EDITS.iter().enumerate() {
        for table in &current.tables {
            db.pool().execute(insert_row(table, step as i64 + 1).as_str()).await.with_context(|| format!("row for {}", table.name))?;
        }
        if !prepare.is_empty() {
            db.pool().execute(*prepare).await.with_context(|| format!("preparing `{name}`"))?;
        }
        let before = row_counts(&db, &current).await?;
        let mut next = current.clone();
        let mut hints = MigrationHints::default();
        edit(&mut next, &mut hints);
        let (forward, backward) = plan::plan(&current, &next, &hints).map_err(|e| anyhow::anyhow!("{name}: {e:?}"))?;
        ensure!(!forward.is_empty(), "edit `{name}` planned no step");
        println!("{name}:");
        for ((transactional, file), planned) in migration_files(&forward, name, &next).into_iter().zip(forward.files()) {
            ensure!(!file.contains("\nBEGIN;") && !file.contains("\nCOMMIT;"), "{name}: the runner owns the transaction:\n{file}");
            println!("  file ({}):", if transactional { "transactional" } else { "online" });
            for step in &planned.steps {
                println!("    {step}");
            }
        }
        apply_with_psql(&db, &forward, name, &next)?;
        assert_matches(&db, &next, &format!("after `{name}`")).await?;
        let after = row_counts(&db, &next).await?;
        ensure!(before == after, "`{name}` lost rows: before {before:?}, after {after:?}");
        // The renamed column must keep what the added column was given.
        let has = |c: &Catalog, column: &str| c.tables.iter().any(|t| t.name.name == "product_categories" && t.column(column).is_some());
        if has(&next, "internal_notes") {
            let update = format!("UPDATE public.product_categories SET internal_notes = '{NOTE_TEXT}'");
            notes_written = db.pool().execute(update.as_str()).await?.rows_affected() as i64;
        } else if has(&next, "catalog_notes") {
            let kept: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM public.product_categories WHERE catalog_notes = '{NOTE_TEXT}'"))
                .fetch_one(db.pool())
                .await?;
            ensure!(kept == notes_written, "the rename lost data: {kept} of {notes_written} notes kept");
        }
        rollbacks.push((backward, current));
        current = next;
    }

    // The end of the chain equals the same model created fresh.
    let fresh = TestDatabase::create_with_baseline("migration chain fresh").await?;
    let (whole, _) = plan::plan(&schema_engine::lower::baseline(&current.platform), &current, &MigrationHints::default())
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    apply_with_psql(&fresh, &whole, "the fresh schema", &current)?;
    assert_matches(&fresh, &current, "the fresh schema").await?;

    for (rollback, previous) in rollbacks.into_iter().rev() {
        apply_script(&db, &rollback, "a rollback", &previous)?;
        assert_matches(&db, &previous, "after a rollback").await?;
    }
    Ok(())
}

#[tokio::test]
async fn a_migration_that_fails_midway_changes_nothing() -> Result<()> {
    let db = TestDatabase::create_with_baseline("migration fails").await?;
    migrations::apply(db.pool()).await?;
    let current = declared()?;
    let sales = current.table(&QualifiedName::new("public", "sales_metrics_daily")).expect("declared");
    db.pool().execute(insert_row(sales, 1).as_str()).await?;
    // A new column (applies), then a NOT NULL on a column holding a NULL, in
    // the same transactional file: the SET NOT NULL's check fails at VALIDATE.
    let mut next = current.clone();
    let table = table(&mut next, "sales_metrics_daily");
    table.columns.push(Column { name: "note".into(), data_type: SqlType::new("text"), nullable: true, comment: "A note".into(), ..Column::default() });
    table.columns.push(Column { name: "rating".into(), data_type: SqlType::new("integer"), nullable: false, default: Some("0".into()), comment: "A rating".into(), ..Column::default() });
    let (forward, _) = plan::plan(&current, &next, &MigrationHints::default()).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let files = migration_files(&forward, "failing", &next);
    // Break the one file: a statement that fails after the ADD COLUMNs.
    let (transactional, mut file) = files.into_iter().next().expect("a file");
    ensure!(transactional, "adding columns is transactional");
    file.push_str("\nSELECT 1 / 0;\n");
    let output = psql(db.url(), &file, true)?;
    ensure!(!output.status.success(), "the migration should fail");
    let stderr = String::from_utf8_lossy(&output.stderr);
    ensure!(stderr.contains("division by zero"), "unexpected error: {stderr}");
    assert_matches(&db, &current, "after the failed migration").await?;
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM public.sales_metrics_daily").fetch_one(db.pool()).await?;
    ensure!(rows == 1, "the row is gone");
    Ok(())
}
